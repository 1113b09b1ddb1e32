// C++17 use of libjustclick: the header gives C linkage whether a program includes
// justclick.h (the usual name) or justclick.hpp (built with -DJC_VIA_HPP).
#ifdef JC_VIA_HPP
#include "justclick.hpp"
#else
#include "justclick.h"
#endif

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>

namespace {

struct ErrorFree {
    void operator()(jc_error *e) const { jc_error_free(e); }
};
struct ClientFree {
    void operator()(jc_client *c) const { jc_client_free(c); }
};
struct StringFree {
    void operator()(char *s) const { jc_string_free(s); }
};
using Error = std::unique_ptr<jc_error, ErrorFree>;
using Client = std::unique_ptr<jc_client, ClientFree>;
using String = std::unique_ptr<char, StringFree>;

int failures = 0;

void expect(bool ok, const char *what) {
    if (!ok) {
        std::fprintf(stderr, "  FAILED: %s\n", what);
        ++failures;
    }
}

std::string build_query(std::string_view params_json, const Error &err) {
    char *out = nullptr;
    size_t len = 0;
    if (jc_build_query(params_json.data(), params_json.size(), &out, &len, err.get()) !=
        JC_STATUS_OK) {
        return "error: " + std::string(jc_error_message(err.get()));
    }
    String owned(out);
    return std::string(owned.get(), len);
}

}  // namespace

int main() {
    Error err(jc_error_new());
    expect(build_query(R"({"lead_email":"user@example.com","rass_name":"super"})", err) ==
               "lead_email=user%40example.com&rass_name=super",
           "jc_build_query gives PHP's query");
    expect(build_query(R"({"a.b":1})", err).rfind("error: ", 0) == 0,
           "jc_build_query refuses a key PHP rewrites");
    expect(jc_error_status(err.get()) == JC_STATUS_INVALID_ARGUMENT, "the slot keeps the status");

    const char *base_url = std::getenv("JC_SANDBOX_BASE_URL");
    const char *login = std::getenv("JC_SANDBOX_LOGIN");
    const char *secret = std::getenv("JC_SANDBOX_SECRET");
    if (base_url && login && secret) {
        std::string options = std::string(R"({"base_url":")") + base_url + R"("})";
        jc_client *raw = nullptr;
        expect(jc_client_new(login, std::strlen(login), secret, std::strlen(secret),
                             options.data(), options.size(), &raw, err.get()) == JC_STATUS_OK,
               "jc_client_new");
        Client client(raw);
        std::string_view email = "nobody-cxx@example.com", group = "super";
        jc_status s = jc_delete_subscribe(client.get(), email.data(), email.size(), group.data(),
                                          group.size(), err.get());
        expect(s == JC_STATUS_API_ERROR && jc_error_api_code(err.get()) == 801,
               "DeleteSubscribe of an unknown contact is API error 801");
        std::printf("sandbox call: %s %lld \"%s\"\n", jc_status_str(s),
                    static_cast<long long>(jc_error_api_code(err.get())),
                    jc_error_message(err.get()));
    } else {
        std::printf("no sandbox: offline calls only\n");
    }
    std::printf("C++ test (libjustclick %s): %s\n", jc_version(), failures ? "FAILED" : "ok");
    return failures ? 1 : 0;
}
