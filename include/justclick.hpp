/*
 * justclick.hpp: libjustclick for C++ programs. Header-only, no extra library to link.
 *
 * Includes justclick.h inside extern "C" (C++ code may include either file: justclick.h
 * includes this one when compiled as C++). It lives apart from the generated header
 * because PHP's FFI parser cannot read an `extern "C" {` line.
 *
 * With C++17 it adds namespace `justclick`, a thin layer over the C calls:
 * - `justclick::Client`: RAII owner of a jc_client (move-only; `clone()` shares the
 *   same client, connection pool included); safe to share between threads.
 * - `justclick::Error`: the exception every failing call throws, carrying the status,
 *   the JustClick API code, the method and the HTTP status next to the message.
 * - `justclick::ErrorSlot` and `justclick::String`: RAII owners of a jc_error and of
 *   a string returned by the library, for code that mixes in the C calls.
 * Strings go in as std::string_view (any bytes, no NUL needed) and come out as
 * std::string (JSON text for results). Functions that cannot fail are noexcept.
 *
 *     #include <justclick.hpp>
 *     justclick::Client client(login, secret, R"({"timeout_ms":10000})");
 *     try {
 *         client.delete_subscribe("user@example.com", "super");
 *     } catch (const justclick::Error &e) {
 *         if (e.status() == JC_STATUS_API_ERROR && e.api_code() == 801) { ... }
 *     }
 *
 * Build: c++ -std=c++17 app.cpp $(pkg-config --cflags --libs justclick)
 */
#ifndef JUSTCLICK_HPP
#define JUSTCLICK_HPP

#include <stddef.h>
#include <stdint.h>

extern "C" {
#include "justclick.h"
}

#if __cplusplus >= 201703L || (defined(_MSVC_LANG) && _MSVC_LANG >= 201703L)

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

namespace justclick {

/** The version of the loaded library (compare with JC_VERSION_STRING, the header's). */
inline std::string_view version() noexcept { return jc_version(); }

/** The name of a status, e.g. "JC_STATUS_API_ERROR". */
inline std::string_view status_name(jc_status status) noexcept { return jc_status_str(status); }

/** Frees a string the library returned. */
struct StringDeleter {
    /** Calls jc_string_free. */
    void operator()(char *s) const noexcept { jc_string_free(s); }
};

/** Owner of a string the library returned (for code that calls the C API directly). */
using String = std::unique_ptr<char, StringDeleter>;

/** Frees a jc_error. */
struct ErrorDeleter {
    /** Calls jc_error_free. */
    void operator()(jc_error *e) const noexcept { jc_error_free(e); }
};

/** Frees one reference of a jc_client. */
struct ClientDeleter {
    /** Calls jc_client_free. */
    void operator()(jc_client *c) const noexcept { jc_client_free(c); }
};

/**
 * The exception thrown by every failing call: what() is the library's message (never
 * containing the secret), plus the details of jc_error.
 */
class Error : public std::runtime_error {
public:
    /** An error with all its details (usually built by ErrorSlot::raise). */
    Error(jc_status status, const std::string &message, int64_t api_code, int32_t http_status,
          std::string method)
        : std::runtime_error(message), status_(status), api_code_(api_code),
          http_status_(http_status), method_(std::move(method)) {}

    /** The kind of failure, never JC_STATUS_OK. */
    jc_status status() const noexcept { return status_; }
    /** The name of status(), e.g. "JC_STATUS_BAD_SIGNATURE". */
    std::string_view status_name() const noexcept { return jc_status_str(status_); }
    /** JustClick's error_code for JC_STATUS_API_ERROR (e.g. 801), else -1. */
    int64_t api_code() const noexcept { return api_code_; }
    /** The HTTP status of a JC_STATUS_BAD_RESPONSE answer (e.g. 502), else -1. */
    int32_t http_status() const noexcept { return http_status_; }
    /** The API method of the failed call, or "" for calls without one. */
    const std::string &method() const noexcept { return method_; }

private:
    jc_status status_;
    int64_t api_code_;
    int32_t http_status_;
    std::string method_;
};

/** Thrown when the library cannot allocate a jc_error. */
class OutOfMemory : public std::bad_alloc {
public:
    /** Describes the failed allocation. */
    const char *what() const noexcept override { return "libjustclick: jc_error_new failed"; }
};

/** RAII owner of a jc_error: the slot the C calls fill when they fail. */
class ErrorSlot {
public:
    /** Allocates the slot; throws OutOfMemory if the library cannot. */
    ErrorSlot() : err_(jc_error_new()) {
        if (!err_) throw OutOfMemory();
    }

    /** The jc_error * to pass to C calls. */
    jc_error *get() const noexcept { return err_.get(); }
    /** Status of the last failure recorded in the slot. */
    jc_status status() const noexcept { return jc_error_status(err_.get()); }
    /** Message of the last failure ("" if none); valid until the slot is reused. */
    std::string_view message() const noexcept { return jc_error_message(err_.get()); }

    /** Throws Error with the slot's details when `status` is not JC_STATUS_OK. */
    void check(jc_status status) const {
        if (status != JC_STATUS_OK) raise(status);
    }

    /** Throws Error for a failed call that returned `status`. */
    [[noreturn]] void raise(jc_status status) const {
        const jc_error *e = err_.get();
        throw Error(status, std::string(jc_error_message(e)), jc_error_api_code(e),
                    jc_error_http_status(e), std::string(jc_error_method(e)));
    }

private:
    std::unique_ptr<jc_error, ErrorDeleter> err_;
};

namespace detail {

/** Copies an owned (pointer, length) result into a std::string and frees it. */
inline std::string take(char *s, size_t len) {
    String owned(s);
    return std::string(owned.get(), len);
}

}  // namespace detail

/** PHP 8's http_build_query of a JSON object/array: the exact bytes JustClick signs. */
inline std::string build_query(std::string_view params_json) {
    ErrorSlot err;
    char *out = nullptr;
    size_t len = 0;
    err.check(jc_build_query(params_json.data(), params_json.size(), &out, &len, err.get()));
    return detail::take(out, len);
}

/** A request's hash: md5(query + "::" + login + "::" + secret), 32 hex characters. */
inline std::string get_hash(std::string_view params_json, std::string_view login,
                            std::string_view secret) {
    ErrorSlot err;
    char hash[33];
    err.check(jc_get_hash(params_json.data(), params_json.size(), login.data(), login.size(),
                          secret.data(), secret.size(), hash, err.get()));
    return std::string(hash, 32);
}

/**
 * Whether a response body's hash is genuine (constant-time comparison). false for a
 * missing, malformed or wrong hash; throws Error for arguments the library refuses.
 */
inline bool check_hash(std::string_view response_json, std::string_view secret) {
    ErrorSlot err;
    jc_status s = jc_check_hash(response_json.data(), response_json.size(), secret.data(),
                                secret.size(), err.get());
    if (s == JC_STATUS_BAD_SIGNATURE) return false;
    err.check(s);
    return true;
}

/**
 * Parses and verifies a notification body JustClick POSTed to you; returns its JSON
 * `{"kind", "formula", "fields"}`. Throws Error (JC_STATUS_BAD_SIGNATURE) if forged.
 */
inline std::string verify_notification(std::string_view body, std::string_view secret) {
    ErrorSlot err;
    char *out = nullptr;
    size_t len = 0;
    err.check(jc_verify_notification(body.data(), body.size(), secret.data(), secret.size(),
                                     &out, &len, err.get()));
    return detail::take(out, len);
}

/**
 * A JustClick client (RAII over jc_client). Every call verifies the response's
 * signature; results are the verified `result` as JSON text. Calls block and are
 * thread-safe: one Client may serve many threads at once.
 */
class Client {
public:
    /**
     * A client for `login` with its API `secret` (copied, never shown in messages).
     * `options_json`: "" or a JSON object as documented for jc_client_new, e.g.
     * `{"base_url":"http://127.0.0.1:8080/api/","timeout_ms":10000}`. No network here.
     */
    Client(std::string_view login, std::string_view secret, std::string_view options_json = {}) {
        ErrorSlot err;
        jc_client *raw = nullptr;
        err.check(jc_client_new(login.data(), login.size(), secret.data(), secret.size(),
                                options_json.data(), options_json.size(), &raw, err.get()));
        client_.reset(raw);
    }

    /** Takes ownership of a client from jc_client_new (NULL makes an empty Client). */
    explicit Client(jc_client *owned) noexcept : client_(owned) {}

    /** Another reference to the same client (settings and connection pool shared). */
    Client clone() const {
        jc_client *c = jc_client_clone(client_.get());
        if (!c && client_) throw OutOfMemory();
        return Client(c);
    }

    /** The underlying handle, still owned by this Client (for the C calls). */
    const jc_client *get() const noexcept { return client_.get(); }

    /** Gives up ownership: the caller frees the result with jc_client_free. */
    jc_client *release() noexcept { return client_.release(); }

    /** Whether this Client holds a handle (false after a move or release). */
    explicit operator bool() const noexcept { return static_cast<bool>(client_); }

    /** Any API 1.0 method (e.g. "GetAllGroups"), raw: returns the `result` JSON. */
    std::string call(std::string_view method, std::string_view params_json = {}) const {
        return result_call(jc_call, method, params_json);
    }

    /** Any API 2.0 method (e.g. "getalllists"), authenticated with the API key. */
    std::string call_v2(std::string_view method, std::string_view params_json = {}) const {
        return result_call(jc_call_v2, method, params_json);
    }

    /** One of the 29 documented methods by name, with its documented semantics. */
    std::string invoke(std::string_view method, std::string_view params_json = {}) const {
        return result_call(jc_invoke, method, params_json);
    }

    /** Unsubscribes `lead_email` from group `rass_name` (801: no such contact). */
    void delete_subscribe(std::string_view lead_email, std::string_view rass_name) const {
        ErrorSlot err;
        err.check(jc_delete_subscribe(client_.get(), lead_email.data(), lead_email.size(),
                                      rass_name.data(), rass_name.size(), err.get()));
    }

    /** Adds `lead_email` to group `rid`; `fields_json`: "" or further fields as JSON. */
    void add_lead_to_group(std::string_view rid, std::string_view lead_email,
                           std::string_view fields_json = {}) const {
        ErrorSlot err;
        err.check(jc_add_lead_to_group(client_.get(), rid.data(), rid.size(), lead_email.data(),
                                       lead_email.size(), fields_json.data(), fields_json.size(),
                                       err.get()));
    }

    /** The groups of contact `email` with its status in each, as a JSON array. */
    std::string get_lead_group_statuses(std::string_view email) const {
        ErrorSlot err;
        char *out = nullptr;
        size_t len = 0;
        err.check(jc_get_lead_group_statuses(client_.get(), email.data(), email.size(), &out,
                                             &len, err.get()));
        return detail::take(out, len);
    }

    /** All groups of the account, as a JSON array. */
    std::string get_all_groups() const {
        ErrorSlot err;
        char *out = nullptr;
        size_t len = 0;
        err.check(jc_get_all_groups(client_.get(), &out, &len, err.get()));
        return detail::take(out, len);
    }

private:
    using CallFn = jc_status (*)(const jc_client *, const char *, size_t, const char *, size_t,
                                 char **, size_t *, jc_error *);

    std::string result_call(CallFn fn, std::string_view method,
                            std::string_view params_json) const {
        ErrorSlot err;
        char *out = nullptr;
        size_t len = 0;
        err.check(fn(client_.get(), method.data(), method.size(), params_json.data(),
                     params_json.size(), &out, &len, err.get()));
        return detail::take(out, len);
    }

    std::unique_ptr<jc_client, ClientDeleter> client_;
};

}  // namespace justclick

#endif /* C++17 */

#endif /* JUSTCLICK_HPP */
