// C++ tests of justclick.hpp's cancellation section (Cancel, CallOptions, PendingCall,
// invoke with options, submit_invoke), included by test_cxx.cpp after its helpers
// (`expect`, `thrown`) so that it builds in each of that file's three variants.

// Needs <atomic>, <chrono>, <condition_variable>, <mutex> (included by test_cxx.cpp:
// this file is included inside its anonymous namespace).

static_assert(!std::is_copy_constructible_v<justclick::Cancel>);
static_assert(!std::is_copy_constructible_v<justclick::CallOptions>);
static_assert(!std::is_copy_constructible_v<justclick::PendingCall>);
static_assert(std::is_nothrow_move_constructible_v<justclick::PendingCall>);
static_assert(noexcept(std::declval<const justclick::Cancel &>().trigger()));

void cancellation_offline() {
    justclick::Cancel cancel;
    expect(!cancel.triggered(), "a new Cancel is not triggered");
    cancel.trigger();
    cancel.trigger();
    expect(cancel.triggered(), "trigger() twice is the same as once");
    justclick::CallOptions opts;
    opts.timeout(std::chrono::seconds(5)).cancel(cancel);
    int port = sandbox_closed_port();
    justclick::Client nowhere("shop", "secret",
                              "{\"base_url\":\"http://127.0.0.1:" + std::to_string(port) +
                                  "/api/\",\"max_retries\":0}");
    justclick::Error e = thrown([&] { justclick::invoke(nowhere, "GetAllGroups", "", opts); });
    expect(e.status() == JC_STATUS_CANCELLED && !e.may_have_been_applied() &&
               e.method() == "GetAllGroups",
           "a triggered Cancel stops the call before it is sent");
    opts.no_cancel();
    e = thrown([&] { justclick::invoke(nowhere, "GetAllGroups", "", opts); });
    expect(e.status() == JC_STATUS_TRANSPORT && !e.may_have_been_applied(),
           "connection refused: TRANSPORT, certainly not applied");
    bool ran = false;
    e = thrown([&] {
        justclick::submit_invoke(nowhere, "GetAllGroups", "{bad json",
                                 [&](jc_status, std::string_view, const justclick::Error *) {
                                     ran = true;
                                 });
    });
    expect(e.status() == JC_STATUS_INVALID_ARGUMENT && !ran,
           "a refused submit throws and never runs the callback");
}

void cancellation_online(const justclick::Client &client, const jc_sandbox &sb) {
    using namespace std::chrono;
    // A blocking call cancelled from another thread returns within 50 ms (1 s bound
    // under a loaded machine or sanitizer: the answer is 5 s away).
    expect(sandbox_post(&sb, "/_sandbox/fault", "mode=slow&count=1&delay_ms=5000") == 200,
           "the sandbox takes a slow fault");
    justclick::Cancel cancel;
    justclick::CallOptions opts;
    opts.cancel(cancel);
    steady_clock::time_point triggered;
    std::thread canceller([&] {
        std::this_thread::sleep_for(milliseconds(300));
        triggered = steady_clock::now();
        cancel.trigger();
    });
    justclick::Error e = thrown([&] { justclick::invoke(client, "GetAllGroups", "", opts); });
    auto took = duration_cast<milliseconds>(steady_clock::now() - triggered).count();
    canceller.join();
    std::printf("  C++: cancelled call returned %lld ms after trigger()\n",
                static_cast<long long>(took));
    expect(e.status() == JC_STATUS_CANCELLED && e.may_have_been_applied(),
           "cancelled in flight: CANCELLED, may have been applied");
    expect(took < 1000, "the cancelled call returns at once");

    // A per-call timeout.
    expect(sandbox_post(&sb, "/_sandbox/fault", "mode=slow&count=1&delay_ms=3000") == 200,
           "the sandbox takes a slow fault");
    justclick::CallOptions quick;
    quick.timeout(milliseconds(300));
    e = thrown([&] { justclick::invoke(client, "GetAllGroups", "", quick); });
    expect(e.status() == JC_STATUS_TIMEOUT && e.may_have_been_applied(),
           "a per-call timeout: TIMEOUT, may have been applied");

    // The callback form: each callback runs exactly once, off this thread.
    std::mutex m;
    std::condition_variable cv;
    int done = 0, good = 0;
    std::atomic<int> on_this_thread{0};
    const auto me = std::this_thread::get_id();
    std::vector<justclick::PendingCall> calls;
    for (int i = 0; i < 8; ++i) {
        calls.push_back(justclick::submit_invoke(
            client, "GetAllGroups", "",
            [&](jc_status s, std::string_view json, const justclick::Error *err) {
                if (std::this_thread::get_id() == me) ++on_this_thread;
                std::lock_guard<std::mutex> g(m);
                ++done;
                good += s == JC_STATUS_OK && err == nullptr && !json.empty() && json[0] == '[';
                cv.notify_all();
            }));
    }
    {
        std::unique_lock<std::mutex> g(m);
        cv.wait_for(g, seconds(20), [&] { return done == 8; });
    }
    expect(done == 8 && good == 8 && on_this_thread == 0,
           "8 submitted calls: 8 callbacks with results, on pool threads");
    expect(calls[0].done() && calls[0].cancel() == JC_STATUS_ALREADY_DONE,
           "cancelling a finished call is ALREADY_DONE");

    // Cancelling a submitted call in flight: its callback gets CANCELLED.
    expect(sandbox_post(&sb, "/_sandbox/fault", "mode=slow&count=1&delay_ms=5000") == 200,
           "the sandbox takes a slow fault");
    jc_status got = JC_STATUS_OK;
    bool finished = false;
    justclick::PendingCall slow = justclick::submit_invoke(
        client, "GetAllGroups", "", [&](jc_status s, std::string_view, const justclick::Error *) {
            std::lock_guard<std::mutex> g(m);
            got = s;
            finished = true;
            cv.notify_all();
        });
    std::this_thread::sleep_for(milliseconds(300));
    expect(slow.cancel() == JC_STATUS_OK, "cancel() before the end is OK");
    {
        std::unique_lock<std::mutex> g(m);
        cv.wait_for(g, seconds(2), [&] { return finished; });
    }
    expect(finished && got == JC_STATUS_CANCELLED, "the cancelled submitted call: CANCELLED");
}
