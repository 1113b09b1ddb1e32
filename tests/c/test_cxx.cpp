// C++17 tests of justclick.hpp, the header-only layer over libjustclick. Built twice
// (including justclick.h, which pulls in justclick.hpp under C++, and justclick.hpp with
// -DJC_VIA_HPP) and once more under ASan/UBSan. Online checks run when tests/c/with-sandbox
// provides a sandbox (JC_SANDBOX_*), offline ones always.
#ifdef JC_VIA_HPP
#include "justclick.hpp"
#else
#include "justclick.h"
#endif

extern "C" {
#include "sandbox.h"
}

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

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

// Runs `f`, which must throw justclick::Error; returns it (status OK if nothing thrown).
template <typename F>
justclick::Error thrown(F f) {
    try {
        f();
    } catch (const justclick::Error &e) {
        return e;
    }
    return justclick::Error(JC_STATUS_OK, "nothing thrown", 0, 0, "");
}

bool starts_with(std::string_view s, std::string_view prefix) {
    return s.substr(0, prefix.size()) == prefix;
}

// The C++ layer's types: RAII owners are move-only; calls that cannot fail are noexcept.
static_assert(!std::is_copy_constructible_v<justclick::Client>);
static_assert(std::is_nothrow_move_constructible_v<justclick::Client>);
static_assert(!std::is_copy_constructible_v<justclick::ErrorSlot>);
static_assert(std::is_base_of_v<std::runtime_error, justclick::Error>);
static_assert(noexcept(justclick::version()));
static_assert(noexcept(justclick::status_name(JC_STATUS_OK)));
static_assert(noexcept(std::declval<const justclick::Error &>().api_code()));
static_assert(noexcept(std::declval<const justclick::Client &>().get()));

void offline() {
    expect(justclick::version() == JC_VERSION_STRING, "version() equals JC_VERSION_STRING");
    expect(justclick::status_name(JC_STATUS_API_ERROR) == "JC_STATUS_API_ERROR", "status_name");

    expect(justclick::build_query(R"({"lead_email":"user@example.com","rass_name":"super"})") ==
               "lead_email=user%40example.com&rass_name=super",
           "build_query gives PHP's query");
    expect(justclick::build_query("") == "", "build_query of no parameters");
    // string_view input need not be NUL-terminated: only the first 9 bytes count.
    std::string_view cut(R"({"a":"b"}, trailing junk)", 9);
    expect(justclick::build_query(cut) == "a=b", "build_query reads exactly the view");

    justclick::Error e = thrown([] { justclick::build_query(R"({"a.b":1})"); });
    expect(e.status() == JC_STATUS_INVALID_ARGUMENT, "a key PHP rewrites throws INVALID_ARGUMENT");
    expect(std::strstr(e.what(), "a.b") != nullptr, "the message names the key");
    expect(e.status_name() == "JC_STATUS_INVALID_ARGUMENT", "Error::status_name");
    expect(e.api_code() == -1 && e.http_status() == -1 && e.method().empty(),
           "no API code, HTTP status or method for an argument error");

    // The documented example: GetHash of PHP's sample.
    std::string hash = justclick::get_hash(R"({"rid":"super"})", "login", "secret");
    expect(hash.size() == 32 && hash.find_first_not_of("0123456789abcdef") == std::string::npos,
           "get_hash gives 32 lower-case hex digits");
    expect(hash == justclick::get_hash(R"({"rid":"super"})", "login", "secret"),
           "get_hash is deterministic");
    expect(hash != justclick::get_hash(R"({"rid":"super"})", "login", "secret2"),
           "get_hash depends on the secret");

    expect(!justclick::check_hash(R"({"error_code":0,"error_text":"ok","hash":"0"})", "secret"),
           "check_hash: a wrong hash is false");
    expect(!justclick::check_hash(R"({"error_code":0,"error_text":"ok","hash":true})", "secret"),
           "check_hash: hash true is false (no PHP loose ==)");

    justclick::Error bad = thrown([] { justclick::verify_notification("id=1&hash=x", "secret"); });
    expect(bad.status() == JC_STATUS_BAD_SIGNATURE, "verify_notification: forged body throws");

    justclick::Error opt =
        thrown([] { justclick::Client("demo", "secret", R"({"no_such_option":1})"); });
    expect(opt.status() == JC_STATUS_INVALID_ARGUMENT &&
               std::strstr(opt.what(), "no_such_option") != nullptr,
           "Client refuses an unknown option, naming it");

    // The C-level owners work with the C calls.
    justclick::ErrorSlot slot;
    char *raw = nullptr;
    size_t len = 0;
    expect(jc_build_query("[1,2]", 5, &raw, &len, slot.get()) == JC_STATUS_OK, "C call with ErrorSlot");
    justclick::String owned(raw);
    expect(std::string(owned.get(), len) == "0=1&1=2", "String owns the C result");
    expect(jc_build_query("{", 1, &raw, &len, slot.get()) == JC_STATUS_INVALID_ARGUMENT &&
               slot.status() == JC_STATUS_INVALID_ARGUMENT && !slot.message().empty(),
           "ErrorSlot exposes status and message");

    // Moves transfer ownership; a moved-from Client is empty.
    justclick::Client a("demo", "secret", R"({"base_url":"http://127.0.0.1:9/api/"})");
    justclick::Client b = std::move(a);
    expect(!a && b && b.get() != nullptr, "move leaves the source empty");  // NOLINT
    justclick::Client c = b.clone();
    expect(c && b, "clone gives a handle and keeps the original");
    jc_client *released = c.release();
    expect(released != nullptr && !c, "release hands the handle over");
    jc_client_free(released);
}

void online(const char *base_url, const char *login, const char *secret) {
    std::string options = std::string(R"({"base_url":")") + base_url + R"("})";
    justclick::Client client(login, secret, options);

    std::string groups = client.get_all_groups();
    expect(starts_with(groups, "[") && groups.find("\"rass_name\"") != std::string::npos,
           "get_all_groups returns a JSON array of groups");
    expect(client.invoke("GetAllGroups") == groups, "invoke by documented name");
    expect(client.call("GetAllGroups") == groups, "raw call");
    expect(client.invoke_typed("GetAllGroups") == groups, "invoke_typed");
    justclick::Params none;
    expect(client.invoke("GetAllGroups", none) == groups, "invoke with a Params set");
    justclick::Params lead;
    lead.add("rid", "super").add("lead_email", "x@example.com").begin("lead_name").add("0", "a").end();
    justclick::Error typed = thrown([&] { client.invoke_typed("AddLeadToGroup", lead); });
    expect(typed.status() == JC_STATUS_INVALID_ARGUMENT && std::strstr(typed.what(), "lead_name"),
           "invoke_typed with Params throws for a list where one value goes, naming the field");
    justclick::Params refused;
    refused.add("bad key", "x");
    justclick::Error bad_key = thrown([&] { client.call("GetAllGroups", refused); });
    expect(bad_key.status() == JC_STATUS_INVALID_ARGUMENT && std::strstr(bad_key.what(), "bad key"),
           "a Params set with a refused key throws its first error on use");

    justclick::Error e = thrown([&] { client.delete_subscribe("nobody-cxx@example.com", "super"); });
    expect(e.status() == JC_STATUS_API_ERROR, "unknown contact: JC_STATUS_API_ERROR");
    expect(e.api_code() == 801, "unknown contact: API code 801");
    expect(e.method() == "DeleteSubscribe", "the exception names the method");
    expect(e.http_status() == -1, "no HTTP status for an API error (only for BAD_RESPONSE)");
    std::printf("sandbox: %s %s %lld (HTTP %d) \"%s\"\n", e.method().c_str(),
                std::string(e.status_name()).c_str(), static_cast<long long>(e.api_code()),
                e.http_status(), e.what());

    // A non-JSON 502 answer: the exception carries the HTTP status.
    const char *origin = std::getenv("JC_SANDBOX_ORIGIN");
    jc_sandbox sb{base_url, origin ? origin : "", login, secret};
    justclick::Client once(login, secret,
                           std::string(R"({"max_retries":0,"base_url":")") + base_url + R"("})");
    expect(origin && sandbox_post(&sb, "/_sandbox/fault", "mode=html_502&count=1") == 200,
           "the sandbox takes a fault");
    justclick::Error bad = thrown([&] { once.get_all_groups(); });
    expect(bad.status() == JC_STATUS_BAD_RESPONSE && bad.http_status() == 502 &&
               bad.method() == "GetAllGroups",
           "an HTML 502 answer: BAD_RESPONSE with http_status 502 and the method");

    justclick::Error wrong = thrown([&] {
        justclick::Client forged(login, "not-the-secret", options);
        forged.get_all_groups();
    });
    expect(wrong.status() == JC_STATUS_BAD_SIGNATURE || wrong.status() == JC_STATUS_API_ERROR,
           "a wrong secret never succeeds");

    // One client from several threads, through clones and the shared original.
    std::vector<std::thread> threads;
    std::vector<int> ok(4, 0);
    for (int i = 0; i < 4; ++i) {
        threads.emplace_back([&, i] {
            justclick::Client mine = client.clone();
            const justclick::Client &use = (i % 2) ? mine : client;
            ok[i] = use.get_all_groups() == groups;
        });
    }
    for (auto &t : threads) t.join();
    expect(ok == std::vector<int>(4, 1), "clones and the shared client work from threads");
}

#include "cxx_cancel_tests.hpp"

}  // namespace

int main() {
    try {
        offline();
        cancellation_offline();
        const char *base_url = std::getenv("JC_SANDBOX_BASE_URL");
        const char *login = std::getenv("JC_SANDBOX_LOGIN");
        const char *secret = std::getenv("JC_SANDBOX_SECRET");
        if (base_url && login && secret) {
            online(base_url, login, secret);
            jc_sandbox sb;
            sandbox_from_env(&sb);
            justclick::Client client(login, secret,
                                     std::string(R"({"max_retries":0,"base_url":")") + base_url +
                                         R"("})");
            cancellation_online(client, sb);
        } else {
            std::printf("no sandbox: offline checks only\n");
        }
    } catch (const std::exception &e) {
        std::fprintf(stderr, "  FAILED: unexpected exception: %s\n", e.what());
        ++failures;
    }
    std::printf("C++ test (libjustclick %s): %d checks, %s\n", jc_version(), checks,
                failures ? "FAILED" : "ok");
    return failures ? 1 : 0;
}
