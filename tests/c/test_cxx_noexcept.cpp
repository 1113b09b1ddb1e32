// justclick.hpp without exceptions: built with -fno-exceptions (and again under
// ASan/UBSan) by `make cxx-test`. Uses only the try_ forms, Result and Params, and
// counts operator new calls to check that a successful call allocates nothing in the
// C++ layer once the thread's error slot exists (the library allocates with malloc,
// which operator new does not see, so the count is the wrapper's alone).
#include "justclick.hpp"

extern "C" {
#include "sandbox.h"
}

#include <atomic>
#include <chrono>
#include <ctime>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <new>
#include <string>
#include <string_view>

#if defined(__cpp_exceptions) || defined(__EXCEPTIONS)
#error "test_cxx_noexcept.cpp must be built with -fno-exceptions"
#endif
static_assert(JUSTCLICK_HPP_EXCEPTIONS == 0, "the header saw exceptions");

static std::atomic<long> news{0};

void *operator new(std::size_t n) {
    news.fetch_add(1, std::memory_order_relaxed);
    if (void *p = std::malloc(n ? n : 1)) return p;
    std::abort();
}
void *operator new(std::size_t n, const std::nothrow_t &) noexcept {
    news.fetch_add(1, std::memory_order_relaxed);
    return std::malloc(n ? n : 1);
}
void operator delete(void *p) noexcept { std::free(p); }
void operator delete(void *p, std::size_t) noexcept { std::free(p); }

namespace {

int failures = 0;
int checks = 0;

void expect(bool ok, const char *what) {
    ++checks;
    if (!ok) {
        std::fprintf(stderr, "  FAILED: %s\n", what);
        ++failures;
    }
}

bool contains(std::string_view s, std::string_view part) { return s.find(part) != std::string_view::npos; }

void offline() {
    auto q = justclick::try_build_query(R"({"lead_email":"user@example.com","rass_name":"super"})");
    expect(q.ok() && q.value() == "lead_email=user%40example.com&rass_name=super", "try_build_query");
    auto bad = justclick::try_build_query(R"({"a.b":1})");
    expect(!bad && bad.status() == JC_STATUS_INVALID_ARGUMENT && contains(bad.error().message, "a.b") &&
               bad.error().status_name() == "JC_STATUS_INVALID_ARGUMENT",
           "a refused key is an ErrorInfo naming it, no exception");

    auto h = justclick::try_get_hash(R"({"rid":"super"})", "login", "secret");
    expect(h.ok() && std::strlen(h.value().data()) == 32, "try_get_hash: 32 hex digits");
    auto genuine = justclick::try_check_hash(R"({"error_code":0,"error_text":"ok","hash":"0"})", "secret");
    expect(genuine.ok() && !genuine.value(), "try_check_hash: a wrong hash is false, not an error");
    auto forged = justclick::try_verify_notification("id=1&hash=x", "secret");
    expect(forged.status() == JC_STATUS_BAD_SIGNATURE, "try_verify_notification: forged");

    // Params: the same query as the JSON form, a refused key kept as the first error.
    justclick::Params p;
    p.add("lead_email", "user@example.com").add("rass_name", std::string_view("super"));
    auto pq = p.try_build_query();
    expect(pq.ok() && pq.value() == "lead_email=user%40example.com&rass_name=super",
           "Params builds the query the JSON form gives");
    auto ph = p.try_get_hash("login", "secret");
    auto jh = justclick::try_get_hash(R"({"lead_email":"user@example.com","rass_name":"super"})",
                                      "login", "secret");
    expect(ph.ok() && jh.ok() && std::strcmp(ph.value().data(), jh.value().data()) == 0,
           "Params hash equals the JSON hash");
    p.clear();
    p.add("n", 5).add("f", 0.1 + 0.2).add("yes", true).add_null("gone").begin("rid").add("0", "a").end();
    auto typed = p.try_build_query();
    expect(typed.ok() && typed.value() == "n=5&f=0.3&yes=1&rid%5B0%5D=a", "Params value types");
    p.add("bad key", "x").add("later", "y");
    expect(p.error().status == JC_STATUS_INVALID_ARGUMENT && contains(p.error().message, "bad key"),
           "a refused key is the set's error, naming it");
    expect(p.try_build_query().status() == JC_STATUS_INVALID_ARGUMENT, "the set's error is reported on use");
    p.clear();
    expect(p.error().status == JC_STATUS_OK && p.add("a", "b").try_build_query().value() == "a=b",
           "clear() forgets the error");
    justclick::Params open;
    open.begin("rid");
    expect(open.try_build_query().status() == JC_STATUS_INVALID_ARGUMENT, "an unclosed array is refused");

    auto c = justclick::Client::try_make("demo", "secret", R"({"no_such_option":1})");
    expect(!c && contains(c.error().message, "no_such_option"), "try_make refuses an unknown option");
    auto pool = justclick::Client::try_make("demo", "secret", R"({"max_idle_connections":5000})");
    expect(!pool && contains(pool.error().message, "max_idle_connections"), "try_make: pool size bound");
}

void online(const char *base_url, const char *login, const char *secret) {
    std::string options = std::string(R"({"base_url":")") + base_url + R"("})";
    auto made = justclick::Client::try_make(login, secret, options);
    expect(made.ok(), "try_make");
    if (!made) return;
    justclick::Client client = std::move(made).value();

    auto groups = client.try_get_all_groups();
    expect(groups.ok() && groups.value().view().substr(0, 1) == "[", "try_get_all_groups");
    expect(client.try_invoke("GetAllGroups").value().view() == groups.value().view(), "try_invoke");
    expect(client.try_call("GetAllGroups").value().view() == groups.value().view(), "try_call");
    expect(client.try_invoke_typed("GetAllGroups").value().view() == groups.value().view(),
           "try_invoke_typed");

    // Typed methods, with and without a Params set.
    expect(client.try_add_lead_to_group("super", "cxx-noexc@example.com", R"({"lead_name":"Ann"})").ok(),
           "try_add_lead_to_group");
    auto statuses = client.try_get_lead_group_statuses("cxx-noexc@example.com");
    expect(statuses.ok() && contains(statuses.value().view(), "super"), "try_get_lead_group_statuses");
    auto refused = client.try_invoke_typed(
        "AddLeadToGroup", R"({"rid":["super"],"lead_email":"x@example.com","lead_name":["a","b"]})");
    expect(refused.status() == JC_STATUS_INVALID_ARGUMENT && contains(refused.error().message, "lead_name"),
           "try_invoke_typed refuses a list for a one-value field, naming it");
    justclick::Params p;
    p.add("lead_email", "cxx-noexc@example.com").add("rass_name", "super");
    expect(client.try_invoke("DeleteSubscribe", p).ok(), "try_invoke with Params");
    auto gone = client.try_delete_subscribe("cxx-noexc@example.com", "super");
    expect(gone.status() == JC_STATUS_API_ERROR && gone.error().api_code == 801 &&
               gone.error().method == "DeleteSubscribe",
           "try_delete_subscribe: 801 with code and method");
    expect(!justclick::api_code_description(gone.error().method, gone.error().api_code).empty() &&
               justclick::api_code_description("DeleteSubscribe", 123456).empty(),
           "api_code_description: 801 is documented, 123456 is not");
    justclick::Params lead;
    lead.add("rid", "super").add("lead_email", "x@example.com").begin("lead_name").add("0", "a").end();
    expect(client.try_invoke_typed("AddLeadToGroup", lead).status() == JC_STATUS_INVALID_ARGUMENT,
           "try_invoke_typed with Params refuses a list for lead_name");

    // Per-call options and cancellation without exceptions: a triggered handle fails the
    // call with JC_STATUS_CANCELLED, a refused submit returns its failure, a queued one
    // calls back exactly once.
    justclick::Cancel cancel;
    justclick::CallOptions opts;
    opts.timeout(std::chrono::seconds(5)).cancel(cancel);
    expect(justclick::try_invoke(client, "GetAllGroups", "", opts).ok(), "try_invoke with options");
    cancel.trigger();
    auto stopped = justclick::try_call(client, "GetAllGroups", "", opts);
    expect(stopped.status() == JC_STATUS_CANCELLED && !stopped.error().may_have_been_applied,
           "a cancelled call: JC_STATUS_CANCELLED, never sent");
    justclick::Client no_client;
    auto bad_submit = justclick::try_submit_invoke(
        no_client, "GetAllGroups", "", [](jc_status, std::string_view, const justclick::Error *) {});
    expect(bad_submit.status() == JC_STATUS_NULL_ARGUMENT, "try_submit_invoke refuses a NULL client");
    std::atomic<int> called{0};
    std::atomic<int> got{-1};
    auto pending = justclick::try_submit_invoke(
        client, "GetAllGroups", "", [&](jc_status st, std::string_view, const justclick::Error *) {
            got.store(st);
            called.fetch_add(1);
        });
    expect(pending.ok(), "try_submit_invoke");
    for (int i = 0; i < 500 && called.load() == 0; i++) {
        struct timespec ts = {0, 10 * 1000 * 1000};
        nanosleep(&ts, nullptr);
    }
    expect(called.load() == 1 && got.load() == JC_STATUS_OK, "the callback ran once with OK");

    // No allocation in the C++ layer on the success path (the slot exists by now).
    justclick::Params q;
    q.add("email", "user@example.com");
    long before = news.load();
    for (int i = 0; i < 5; i++) {
        auto g = client.try_get_all_groups();
        auto s = client.try_invoke("GetLeadGroupStatuses", q);
        auto h = q.try_get_hash(login, secret);
        expect(g.ok() && s.ok() && h.ok(), "calls in the allocation loop succeed");
    }
    long during = news.load() - before;
    std::printf("operator new calls in 15 successful calls: %ld\n", during);
    expect(during == 0, "successful calls allocate nothing in the C++ layer");
}

}  // namespace

int main() {
    offline();
    const char *base_url = std::getenv("JC_SANDBOX_BASE_URL");
    const char *login = std::getenv("JC_SANDBOX_LOGIN");
    const char *secret = std::getenv("JC_SANDBOX_SECRET");
    if (base_url && login && secret) {
        online(base_url, login, secret);
    } else {
        const char *req = std::getenv("JC_REQUIRE_SANDBOX");
        if (req && std::strcmp(req, "1") == 0) {
            std::fprintf(stderr, "  FAILED: no sandbox\n");
            ++failures;
        }
        std::printf("no sandbox: offline checks only\n");
    }
    std::printf("C++ -fno-exceptions test (libjustclick %s): %d checks, %s\n", jc_version(), checks,
                failures ? "FAILED" : "ok");
    return failures ? 1 : 0;
}
