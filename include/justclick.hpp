/*
 * justclick.hpp: libjustclick for C++ programs. Header-only, no extra library to link.
 *
 * Includes justclick.h inside extern "C" (C++ code may include either file: justclick.h
 * includes this one when compiled as C++). It lives apart from the generated header
 * because PHP's FFI parser cannot read an `extern "C" {` line.
 *
 * It needs C++17 (`#error` below it). C++ code on an older standard that wants only the C
 * API defines JUSTCLICK_C_API_ONLY before including either header.
 *
 * Namespace `justclick`, a thin layer over the C calls:
 * - `justclick::Client`: RAII owner of a jc_client (move-only; `clone()` shares the
 *   same client, connection pool included); safe to share between threads.
 * - `justclick::Error`: the exception every failing call throws, carrying the status,
 *   the JustClick API code, the method and the HTTP status next to the message.
 * - `justclick::ErrorSlot` and `justclick::String`: RAII owners of a jc_error and of
 *   a string returned by the library, for code that mixes in the C calls.
 * - `justclick::Params`: RAII builder over jc_params (no JSON); a refused key is kept
 *   as the set's first error and reported by the call that uses the set.
 * - Every fallible call has a `try_` form that never throws: it returns
 *   `justclick::Result<T>` (an expected-like value: `ok()`, `value()`, `error()`, an
 *   `ErrorInfo` with the same details as Error). Only the `try_` forms exist when
 *   compiled with -fno-exceptions. On success they allocate nothing of their own:
 *   results are the library's string (`justclick::Text`, no copy), and the jc_error
 *   slot is one per thread, made on the thread's first call.
 * - `justclick::Cancel`, `justclick::CallOptions`, `justclick::PendingCall` and the
 *   free functions `invoke`/`call`/`call_v2` (with options) and `submit_invoke` (the
 *   callback form): cancellation, per-call timeouts and event loops (section
 *   "Cancellation, per-call options, callbacks" below).
 * Strings go in as std::string_view (any bytes, no NUL needed); the throwing forms
 * return std::string (JSON text for results). Functions that cannot fail are noexcept.
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

#if !defined(JUSTCLICK_C_API_ONLY)
#if !(__cplusplus >= 201703L || (defined(_MSVC_LANG) && _MSVC_LANG >= 201703L))
#error "justclick.hpp needs C++17 (-std=c++17 or later); for the C API alone on an older standard, define JUSTCLICK_C_API_ONLY before including justclick.h or justclick.hpp"
#endif

#if defined(__cpp_exceptions) || defined(__EXCEPTIONS) || (defined(_MSC_VER) && defined(_CPPUNWIND))
#define JUSTCLICK_HPP_EXCEPTIONS 1
#else
#define JUSTCLICK_HPP_EXCEPTIONS 0
#endif

#include <array>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <new>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

namespace justclick {

/** The version of the loaded library (compare with JC_VERSION_STRING, the header's). */
inline std::string_view version() noexcept { return jc_version(); }

/** The name of a status, e.g. "JC_STATUS_API_ERROR". */
inline std::string_view status_name(jc_status status) noexcept { return jc_status_str(status); }

/**
 * What JustClick's error_code `code` means for `method` (English, or Russian with
 * `russian`), e.g. for ErrorInfo::api_code; "" when the code is not documented.
 */
inline std::string_view api_code_description(std::string_view method, int64_t code,
                                             bool russian = false) noexcept {
    const char *d = jc_api_code_description(method.data(), method.size(), code, russian);
    return d ? std::string_view(d) : std::string_view();
}

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

/** Frees a jc_params. */
struct ParamsDeleter {
    /** Calls jc_params_free. */
    void operator()(jc_params *p) const noexcept { jc_params_free(p); }
};

/**
 * A result string owned from the library (JSON text for call results), NUL-terminated,
 * freed on destruction: no copy is made.
 */
class Text {
public:
    /** An empty text. */
    Text() noexcept = default;
    /** Takes ownership of `s` (`len` bytes) from a library call. */
    Text(char *s, size_t len) noexcept : s_(s), len_(len) {}

    /** The bytes. */
    std::string_view view() const noexcept { return s_ ? std::string_view(s_.get(), len_) : std::string_view(); }
    /** NUL-terminated (never NULL). */
    const char *c_str() const noexcept { return s_ ? s_.get() : ""; }
    /** Length in bytes. */
    size_t size() const noexcept { return len_; }
    /** A std::string copy. */
    std::string str() const { return std::string(view()); }
    /** Gives up ownership: the caller frees the result with jc_string_free. */
    char *release() noexcept { len_ = 0; return s_.release(); }

private:
    String s_;
    size_t len_ = 0;
};

/** Compares the bytes of a Text with a string. */
inline bool operator==(const Text &a, std::string_view b) noexcept { return a.view() == b; }

/** A failure's details, the same as Error's: for code that does not use exceptions. */
struct ErrorInfo {
    /** The kind of failure (JC_STATUS_OK only in an ErrorInfo that holds no failure). */
    jc_status status = JC_STATUS_OK;
    /** JustClick's error_code for JC_STATUS_API_ERROR (e.g. 801), else -1. */
    int64_t api_code = -1;
    /** The HTTP status of a JC_STATUS_BAD_RESPONSE answer (e.g. 502), else -1. */
    int32_t http_status = -1;
    /** The library's message (never containing the secret). */
    std::string message;
    /** The API method of the failed call, or "". */
    std::string method;
    /** Whether the request may have reached the server (jc_error_may_have_been_applied):
     *  false when it certainly never left, so calling again cannot apply it twice. */
    bool may_have_been_applied = false;

    /** The name of status, e.g. "JC_STATUS_BAD_SIGNATURE". */
    std::string_view status_name() const noexcept { return jc_status_str(status); }
};

/**
 * The exception thrown by every failing call: what() is the library's message (never
 * containing the secret), plus the details of jc_error.
 */
class Error : public std::runtime_error {
public:
    /** An error with all its details (usually built by ErrorSlot::raise). */
    Error(jc_status status, const std::string &message, int64_t api_code, int32_t http_status,
          std::string method, bool may_have_been_applied = false)
        : std::runtime_error(message), status_(status), api_code_(api_code),
          http_status_(http_status), method_(std::move(method)),
          may_have_been_applied_(may_have_been_applied) {}

    /** The same failure as an ErrorInfo (e.g. from Result::error()). */
    explicit Error(const ErrorInfo &e)
        : Error(e.status, e.message, e.api_code, e.http_status, e.method,
                e.may_have_been_applied) {}

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
    /**
     * Whether the request may have reached the server (see
     * jc_error_may_have_been_applied): if true and the call was a write, read the state
     * back before repeating it.
     */
    bool may_have_been_applied() const noexcept { return may_have_been_applied_; }

private:
    jc_status status_;
    int64_t api_code_;
    int32_t http_status_;
    std::string method_;
    bool may_have_been_applied_;
};

/** Thrown when the library cannot allocate a jc_error. */
class OutOfMemory : public std::bad_alloc {
public:
    /** Describes the failed allocation. */
    const char *what() const noexcept override { return "libjustclick: jc_error_new failed"; }
};

namespace detail {

/** The calling thread's jc_error, made on its first call (NULL if memory ran out). */
inline jc_error *thread_error() noexcept {
    thread_local std::unique_ptr<jc_error, ErrorDeleter> slot(jc_error_new());
    return slot.get();
}

/** The details of the failure `status` recorded in `e` (which may be NULL). */
inline ErrorInfo info(jc_status status, const jc_error *e) {
    ErrorInfo out;
    out.status = status;
    out.api_code = jc_error_api_code(e);
    out.http_status = jc_error_http_status(e);
    out.message = e ? jc_error_message(e) : "libjustclick: no memory for the error details";
    out.method = jc_error_method(e);
    out.may_have_been_applied = jc_error_may_have_been_applied(e);
    return out;
}

[[noreturn]] inline void fail(const ErrorInfo &e) {
#if JUSTCLICK_HPP_EXCEPTIONS
    throw Error(e);
#else
    (void)e;
    std::abort();
#endif
}

}  // namespace detail

/**
 * The outcome of a `try_` call: a value, or the failure's ErrorInfo. Never throws
 * except from value() on a failure (which aborts under -fno-exceptions: check ok()).
 */
template <typename T>
class [[nodiscard]] Result {
public:
    /** A success. */
    Result(T value) noexcept(std::is_nothrow_move_constructible_v<T>) : value_(std::move(value)) {}
    /** A failure (status is not JC_STATUS_OK). */
    Result(ErrorInfo error) noexcept : error_(std::move(error)) {}

    /** Whether the call succeeded. */
    bool ok() const noexcept { return error_.status == JC_STATUS_OK; }
    /** Same as ok(). */
    explicit operator bool() const noexcept { return ok(); }
    /** JC_STATUS_OK, or the kind of failure. */
    jc_status status() const noexcept { return error_.status; }
    /** The failure (status JC_STATUS_OK after a success). */
    const ErrorInfo &error() const noexcept { return error_; }
    /** The value; throws Error (aborts without exceptions) after a failure. */
    T &value() & {
        if (!ok()) detail::fail(error_);
        return value_;
    }
    /** The value, moved out; throws Error (aborts without exceptions) after a failure. */
    T &&value() && {
        if (!ok()) detail::fail(error_);
        return std::move(value_);
    }

private:
    T value_{};
    ErrorInfo error_;
};

/** A result without a value (calls that only succeed or fail). */
struct Done {};

/** RAII owner of a jc_error: the slot the C calls fill when they fail. */
class ErrorSlot {
public:
#if JUSTCLICK_HPP_EXCEPTIONS
    /** Allocates the slot; throws OutOfMemory if the library cannot. */
    ErrorSlot() : err_(jc_error_new()) {
        if (!err_) throw OutOfMemory();
    }
#else
    /** Allocates the slot; get() is NULL if the library could not. */
    ErrorSlot() noexcept : err_(jc_error_new()) {}
#endif

    /** The jc_error * to pass to C calls. */
    jc_error *get() const noexcept { return err_.get(); }
    /** Status of the last failure recorded in the slot. */
    jc_status status() const noexcept { return jc_error_status(err_.get()); }
    /** Message of the last failure ("" if none); valid until the slot is reused. */
    std::string_view message() const noexcept { return jc_error_message(err_.get()); }
    /** The last failure's details, for a call that returned `status`. */
    ErrorInfo info(jc_status status) const { return detail::info(status, err_.get()); }

#if JUSTCLICK_HPP_EXCEPTIONS
    /** Throws Error with the slot's details when `status` is not JC_STATUS_OK. */
    void check(jc_status status) const {
        if (status != JC_STATUS_OK) raise(status);
    }

    /** Throws Error for a failed call that returned `status`. */
    [[noreturn]] void raise(jc_status status) const { throw Error(info(status)); }
#endif

private:
    std::unique_ptr<jc_error, ErrorDeleter> err_;
};

namespace detail {

/** Runs a C call that yields an owned string with the thread's error slot. */
template <typename F>
Result<Text> text_call(F &&call) {
    jc_error *err = thread_error();
    char *out = nullptr;
    size_t len = 0;
    jc_status s = call(&out, &len, err);
    if (s != JC_STATUS_OK) return info(s, err);
    return Text(out, len);
}

/** Runs a C call that yields only a status with the thread's error slot. */
template <typename F>
Result<Done> status_call(F &&call) {
    jc_error *err = thread_error();
    jc_status s = call(err);
    if (s != JC_STATUS_OK) return info(s, err);
    return Done{};
}

#if JUSTCLICK_HPP_EXCEPTIONS
/** The throwing forms: the value as std::string, or Error. */
inline std::string string_or_throw(Result<Text> r) { return r.value().str(); }
inline void done_or_throw(Result<Done> r) { r.value(); }
#endif

}  // namespace detail

/**
 * A parameter set built key by key (RAII over jc_params), for the *_params calls and
 * build_query/get_hash without JSON. A key the library refuses is kept as the set's
 * first error (later adds are ignored) and reported by whatever uses the set;
 * `error()` tells it earlier. clear() empties the set (and its error), keeping memory.
 *
 *     justclick::Params p;
 *     p.add("lead_email", email).begin("rid").add("0", "super").end().add("activation", true);
 *     client.invoke("AddLeadToGroup", p);
 */
class Params {
public:
    /** An empty set (if the library cannot allocate one, error() says so). */
    Params() noexcept : p_(jc_params_new()) {
        if (!p_) {
            first_.status = JC_STATUS_INTERNAL;
            first_.message = "jc_params_new failed";
        }
    }

    /** Adds a string. */
    Params &add(std::string_view key, std::string_view value) noexcept {
        return step([&](jc_error *e) {
            return jc_params_add_str(p_.get(), key.data(), key.size(), value.data(), value.size(), e);
        });
    }
    /** Adds a string (a literal or C string). */
    Params &add(std::string_view key, const char *value) noexcept {
        return add(key, std::string_view(value ? value : ""));
    }
    /** Adds an integer (sent in decimal). */
    Params &add(std::string_view key, int64_t value) noexcept {
        return step([&](jc_error *e) { return jc_params_add_int(p_.get(), key.data(), key.size(), value, e); });
    }
    /** Adds an integer (sent in decimal). */
    Params &add(std::string_view key, int value) noexcept { return add(key, static_cast<int64_t>(value)); }
    /** Adds a float (as PHP prints it with precision 14). */
    Params &add(std::string_view key, double value) noexcept {
        return step([&](jc_error *e) { return jc_params_add_float(p_.get(), key.data(), key.size(), value, e); });
    }
    /** Adds a boolean (sent as 1 or 0). */
    Params &add(std::string_view key, bool value) noexcept {
        return step([&](jc_error *e) { return jc_params_add_bool(p_.get(), key.data(), key.size(), value, e); });
    }
    /** Adds a null (nothing is sent for it, as PHP drops nulls). */
    Params &add_null(std::string_view key) noexcept {
        return step([&](jc_error *e) { return jc_params_add_null(p_.get(), key.data(), key.size(), e); });
    }
    /** Opens a nested array under `key`; the adds that follow go into it until end(). */
    Params &begin(std::string_view key) noexcept {
        return step([&](jc_error *e) { return jc_params_begin(p_.get(), key.data(), key.size(), e); });
    }
    /** Closes the array the last begin() opened. */
    Params &end() noexcept {
        return step([&](jc_error *e) { return jc_params_end(p_.get(), e); });
    }
    /** Empties the set and forgets its error, keeping its memory for the next request. */
    void clear() noexcept {
        jc_params_clear(p_.get());
        if (p_) first_ = ErrorInfo();
    }

    /** The first refused add (status JC_STATUS_OK if none). */
    const ErrorInfo &error() const noexcept { return first_; }
    /** The handle, for the C calls (still owned by this Params). */
    const jc_params *get() const noexcept { return p_.get(); }

    /** PHP's http_build_query of the set. */
    Result<Text> try_build_query() const {
        if (first_.status != JC_STATUS_OK) return first_;
        return detail::text_call([&](char **o, size_t *l, jc_error *e) {
            return jc_params_build_query(p_.get(), o, l, e);
        });
    }
    /** The request hash of the set, 32 hex digits (no allocation: a fixed buffer). */
    Result<std::array<char, 33>> try_get_hash(std::string_view login, std::string_view secret) const;

#if JUSTCLICK_HPP_EXCEPTIONS
    /** try_build_query, throwing Error. */
    std::string build_query() const { return detail::string_or_throw(try_build_query()); }
    /** try_get_hash, throwing Error. */
    std::string get_hash(std::string_view login, std::string_view secret) const;
#endif

private:
    template <typename F>
    Params &step(F &&add_one) noexcept {
        if (first_.status != JC_STATUS_OK) return *this;
        jc_error *err = detail::thread_error();
        jc_status s = add_one(err);
        if (s != JC_STATUS_OK) first_ = detail::info(s, err);
        return *this;
    }

    std::unique_ptr<jc_params, ParamsDeleter> p_;
    ErrorInfo first_;
};

inline Result<std::array<char, 33>> Params::try_get_hash(std::string_view login,
                                                         std::string_view secret) const {
    if (first_.status != JC_STATUS_OK) return first_;
    jc_error *err = detail::thread_error();
    std::array<char, 33> hash{};
    jc_status s = jc_params_get_hash(p_.get(), login.data(), login.size(), secret.data(),
                                     secret.size(), hash.data(), err);
    if (s != JC_STATUS_OK) return detail::info(s, err);
    return hash;
}

#if JUSTCLICK_HPP_EXCEPTIONS
inline std::string Params::get_hash(std::string_view login, std::string_view secret) const {
    return std::string(try_get_hash(login, secret).value().data(), 32);
}
#endif

/** PHP 8's http_build_query of a JSON object/array: the exact bytes JustClick signs. */
inline Result<Text> try_build_query(std::string_view params_json) {
    return detail::text_call([&](char **o, size_t *l, jc_error *e) {
        return jc_build_query(params_json.data(), params_json.size(), o, l, e);
    });
}

/** A request's hash: md5(query + "::" + login + "::" + secret), 32 hex digits + NUL. */
inline Result<std::array<char, 33>> try_get_hash(std::string_view params_json,
                                                 std::string_view login,
                                                 std::string_view secret) {
    jc_error *err = detail::thread_error();
    std::array<char, 33> hash{};
    jc_status s = jc_get_hash(params_json.data(), params_json.size(), login.data(), login.size(),
                              secret.data(), secret.size(), hash.data(), err);
    if (s != JC_STATUS_OK) return detail::info(s, err);
    return hash;
}

/**
 * Whether a response body's hash is genuine (constant-time comparison): true or false;
 * a failure only for arguments the library refuses.
 */
inline Result<bool> try_check_hash(std::string_view response_json, std::string_view secret) {
    jc_error *err = detail::thread_error();
    jc_status s = jc_check_hash(response_json.data(), response_json.size(), secret.data(),
                                secret.size(), err);
    if (s == JC_STATUS_BAD_SIGNATURE) return false;
    if (s != JC_STATUS_OK) return detail::info(s, err);
    return true;
}

/** Parses and verifies a notification body; its JSON `{"kind", "formula", "fields"}`. */
inline Result<Text> try_verify_notification(std::string_view body, std::string_view secret) {
    return detail::text_call([&](char **o, size_t *l, jc_error *e) {
        return jc_verify_notification(body.data(), body.size(), secret.data(), secret.size(), o, l, e);
    });
}

#if JUSTCLICK_HPP_EXCEPTIONS
/** try_build_query, throwing Error. */
inline std::string build_query(std::string_view params_json) {
    return detail::string_or_throw(try_build_query(params_json));
}

/** try_get_hash, throwing Error. */
inline std::string get_hash(std::string_view params_json, std::string_view login,
                            std::string_view secret) {
    return std::string(try_get_hash(params_json, login, secret).value().data(), 32);
}

/**
 * Whether a response body's hash is genuine (constant-time comparison). false for a
 * missing, malformed or wrong hash; throws Error for arguments the library refuses.
 */
inline bool check_hash(std::string_view response_json, std::string_view secret) {
    return try_check_hash(response_json, secret).value();
}

/**
 * Parses and verifies a notification body JustClick POSTed to you; returns its JSON
 * `{"kind", "formula", "fields"}`. Throws Error (JC_STATUS_BAD_SIGNATURE) if forged.
 */
inline std::string verify_notification(std::string_view body, std::string_view secret) {
    return detail::string_or_throw(try_verify_notification(body, secret));
}
#endif

/**
 * A JustClick client (RAII over jc_client). Every call verifies the response's
 * signature; results are the verified `result` as JSON text. Calls block and are
 * thread-safe: one Client may serve many threads at once.
 *
 * Each call exists twice: `try_name(...)` returns a Result and never throws;
 * `name(...)` (only with exceptions) returns std::string or throws Error.
 */
class Client {
public:
    /**
     * A client for `login` with its API `secret`; `options_json` as for jc_client_new.
     * No network here.
     */
    static Result<Client> try_make(std::string_view login, std::string_view secret,
                                   std::string_view options_json = {}) {
        jc_error *err = detail::thread_error();
        jc_client *raw = nullptr;
        jc_status s = jc_client_new(login.data(), login.size(), secret.data(), secret.size(),
                                    options_json.data(), options_json.size(), &raw, err);
        if (s != JC_STATUS_OK) return detail::info(s, err);
        return Client(raw);
    }

#if JUSTCLICK_HPP_EXCEPTIONS
    /**
     * A client for `login` with its API `secret` (copied, never shown in messages).
     * `options_json`: "" or a JSON object as documented for jc_client_new, e.g.
     * `{"base_url":"http://127.0.0.1:8080/api/","timeout_ms":10000}`. No network here.
     * Throws Error for a refused option, naming it.
     */
    Client(std::string_view login, std::string_view secret, std::string_view options_json = {})
        : Client(try_make(login, secret, options_json).value()) {}
#endif

    /** Takes ownership of a client from jc_client_new (NULL makes an empty Client). */
    explicit Client(jc_client *owned) noexcept : client_(owned) {}
    /** An empty Client (no handle). */
    Client() noexcept = default;

    /** Another reference to the same client (settings and connection pool shared). */
    Result<Client> try_clone() const {
        jc_client *c = jc_client_clone(client_.get());
        if (!c && client_) {
            ErrorInfo e;
            e.status = JC_STATUS_INTERNAL;
            e.message = "jc_client_clone failed";
            return e;
        }
        return Client(c);
    }
#if JUSTCLICK_HPP_EXCEPTIONS
    /** Another reference to the same client (settings and connection pool shared). */
    Client clone() const {
        jc_client *c = jc_client_clone(client_.get());
        if (!c && client_) throw OutOfMemory();
        return Client(c);
    }
#endif

    /** The underlying handle, still owned by this Client (for the C calls). */
    const jc_client *get() const noexcept { return client_.get(); }
    /** Gives up ownership: the caller frees the result with jc_client_free. */
    jc_client *release() noexcept { return client_.release(); }
    /** Whether this Client holds a handle (false after a move or release). */
    explicit operator bool() const noexcept { return static_cast<bool>(client_); }

    // ---- calls with JSON parameters ---------------------------------------------

    /** Any API 1.0 method (e.g. "GetAllGroups"), raw: the `result` JSON. */
    Result<Text> try_call(std::string_view method, std::string_view params_json = {}) const {
        return json_call(jc_call, method, params_json);
    }
    /** Any API 2.0 method (e.g. "getalllists"), authenticated with the API key. */
    Result<Text> try_call_v2(std::string_view method, std::string_view params_json = {}) const {
        return json_call(jc_call_v2, method, params_json);
    }
    /** One of the 29 documented methods by name, with its documented semantics. */
    Result<Text> try_invoke(std::string_view method, std::string_view params_json = {}) const {
        return json_call(jc_invoke, method, params_json);
    }
    /**
     * try_invoke, plus a list or object refused before sending where the field holds
     * one value (`lead_name`, `bill_email`, ...), naming the field.
     */
    Result<Text> try_invoke_typed(std::string_view method, std::string_view params_json = {}) const {
        return json_call(jc_invoke_typed, method, params_json);
    }

    // ---- calls with a Params set ------------------------------------------------

    /** try_call with a Params set. */
    Result<Text> try_call(std::string_view method, const Params &params) const {
        return params_call(jc_call_params, method, params);
    }
    /** try_call_v2 with a Params set. */
    Result<Text> try_call_v2(std::string_view method, const Params &params) const {
        return params_call(jc_call_v2_params, method, params);
    }
    /** try_invoke with a Params set. */
    Result<Text> try_invoke(std::string_view method, const Params &params) const {
        return params_call(jc_invoke_params, method, params);
    }
    /** try_invoke_typed with a Params set. */
    Result<Text> try_invoke_typed(std::string_view method, const Params &params) const {
        return params_call(jc_invoke_typed_params, method, params);
    }

    // ---- typed methods ----------------------------------------------------------

    /** Unsubscribes `lead_email` from group `rass_name` (801: no such contact). */
    Result<Done> try_delete_subscribe(std::string_view lead_email, std::string_view rass_name) const {
        return detail::status_call([&](jc_error *e) {
            return jc_delete_subscribe(client_.get(), lead_email.data(), lead_email.size(),
                                       rass_name.data(), rass_name.size(), e);
        });
    }
    /** Adds `lead_email` to group `rid`; `fields_json`: "" or further fields as JSON. */
    Result<Done> try_add_lead_to_group(std::string_view rid, std::string_view lead_email,
                                       std::string_view fields_json = {}) const {
        return detail::status_call([&](jc_error *e) {
            return jc_add_lead_to_group(client_.get(), rid.data(), rid.size(), lead_email.data(),
                                        lead_email.size(), fields_json.data(), fields_json.size(), e);
        });
    }
    /** The groups of contact `email` with its status in each, as a JSON array. */
    Result<Text> try_get_lead_group_statuses(std::string_view email) const {
        return detail::text_call([&](char **o, size_t *l, jc_error *e) {
            return jc_get_lead_group_statuses(client_.get(), email.data(), email.size(), o, l, e);
        });
    }
    /** All groups of the account, as a JSON array. */
    Result<Text> try_get_all_groups() const {
        return detail::text_call([&](char **o, size_t *l, jc_error *e) {
            return jc_get_all_groups(client_.get(), o, l, e);
        });
    }

#if JUSTCLICK_HPP_EXCEPTIONS
    // ---- the throwing forms -----------------------------------------------------

    /** try_call, throwing Error. */
    std::string call(std::string_view method, std::string_view params_json = {}) const {
        return detail::string_or_throw(try_call(method, params_json));
    }
    /** try_call_v2, throwing Error. */
    std::string call_v2(std::string_view method, std::string_view params_json = {}) const {
        return detail::string_or_throw(try_call_v2(method, params_json));
    }
    /** try_invoke, throwing Error. */
    std::string invoke(std::string_view method, std::string_view params_json = {}) const {
        return detail::string_or_throw(try_invoke(method, params_json));
    }
    /** try_invoke_typed, throwing Error. */
    std::string invoke_typed(std::string_view method, std::string_view params_json = {}) const {
        return detail::string_or_throw(try_invoke_typed(method, params_json));
    }
    /** try_call with a Params set, throwing Error. */
    std::string call(std::string_view method, const Params &params) const {
        return detail::string_or_throw(try_call(method, params));
    }
    /** try_call_v2 with a Params set, throwing Error. */
    std::string call_v2(std::string_view method, const Params &params) const {
        return detail::string_or_throw(try_call_v2(method, params));
    }
    /** try_invoke with a Params set, throwing Error. */
    std::string invoke(std::string_view method, const Params &params) const {
        return detail::string_or_throw(try_invoke(method, params));
    }
    /** try_invoke_typed with a Params set, throwing Error. */
    std::string invoke_typed(std::string_view method, const Params &params) const {
        return detail::string_or_throw(try_invoke_typed(method, params));
    }
    /** try_delete_subscribe, throwing Error. */
    void delete_subscribe(std::string_view lead_email, std::string_view rass_name) const {
        detail::done_or_throw(try_delete_subscribe(lead_email, rass_name));
    }
    /** try_add_lead_to_group, throwing Error. */
    void add_lead_to_group(std::string_view rid, std::string_view lead_email,
                           std::string_view fields_json = {}) const {
        detail::done_or_throw(try_add_lead_to_group(rid, lead_email, fields_json));
    }
    /** try_get_lead_group_statuses, throwing Error. */
    std::string get_lead_group_statuses(std::string_view email) const {
        return detail::string_or_throw(try_get_lead_group_statuses(email));
    }
    /** try_get_all_groups, throwing Error. */
    std::string get_all_groups() const { return detail::string_or_throw(try_get_all_groups()); }
#endif

    /* ---- issue 22: cancel handles, call options, callbacks (issue-22-faces) ------
     * Wrappers of jc_cancel, jc_call_options, jc_invoke_opts and the submit/callback
     * form go here, each as a `try_` form returning Result plus, inside
     * #if JUSTCLICK_HPP_EXCEPTIONS, its throwing form (json_call/params_call show how).
     * ---- end of issue 22 section ------------------------------------------------ */

private:
    using JsonFn = jc_status (*)(const jc_client *, const char *, size_t, const char *, size_t,
                                 char **, size_t *, jc_error *);
    using ParamsFn = jc_status (*)(const jc_client *, const char *, size_t, const jc_params *,
                                   char **, size_t *, jc_error *);

    Result<Text> json_call(JsonFn fn, std::string_view method, std::string_view params_json) const {
        return detail::text_call([&](char **o, size_t *l, jc_error *e) {
            return fn(client_.get(), method.data(), method.size(), params_json.data(),
                      params_json.size(), o, l, e);
        });
    }

    Result<Text> params_call(ParamsFn fn, std::string_view method, const Params &params) const {
        if (params.error().status != JC_STATUS_OK) return params.error();
        return detail::text_call([&](char **o, size_t *l, jc_error *e) {
            return fn(client_.get(), method.data(), method.size(), params.get(), o, l, e);
        });
    }

    std::unique_ptr<jc_client, ClientDeleter> client_;
};


/* ==== Cancellation, per-call options, callbacks (issue 22) ============================
 * Every call has a `try_` form (Result, never throws) and, with exceptions, a throwing
 * one, as above. */

/**
 * A cancel handle (RAII over jc_cancel): trigger() stops every call given it through
 * CallOptions, from any thread, within milliseconds; such calls throw Error with
 * JC_STATUS_CANCELLED (or their callback gets it). Move-only. Calls keep their own
 * reference, so a Cancel may be destroyed while they run.
 */
class Cancel {
public:
#if JUSTCLICK_HPP_EXCEPTIONS
    /** A handle not yet triggered; throws OutOfMemory if the library cannot allocate. */
    Cancel() : cancel_(jc_cancel_new()) {
        if (!cancel_) throw OutOfMemory();
    }
#else
    /** A handle not yet triggered; get() is NULL (a no-op handle) if the library could
     *  not allocate. */
    Cancel() noexcept : cancel_(jc_cancel_new()) {}
#endif

    /** Cancels the calls using this handle. Idempotent; any thread. */
    void trigger() const noexcept { jc_cancel_trigger(cancel_.get()); }
    /** True once trigger() was called. */
    bool triggered() const noexcept { return jc_cancel_is_triggered(cancel_.get()); }
    /** The handle, still owned by this object. */
    jc_cancel *get() const noexcept { return cancel_.get(); }

private:
    struct Deleter {
        void operator()(jc_cancel *c) const noexcept { jc_cancel_free(c); }
    };
    std::unique_ptr<jc_cancel, Deleter> cancel_;
};

/**
 * Options for one call (RAII over jc_call_options): its own timeout and a cancel
 * handle. Calls copy them when they start; the same options may serve many calls.
 *
 *     justclick::Cancel cancel;
 *     justclick::CallOptions opts;
 *     opts.timeout(std::chrono::seconds(2)).cancel(cancel);
 *     std::string groups = justclick::invoke(client, "GetAllGroups", "", opts);
 */
class CallOptions {
public:
#if JUSTCLICK_HPP_EXCEPTIONS
    /** No timeout of its own (the client's applies), no cancel handle; throws
     *  OutOfMemory if the library cannot allocate. */
    CallOptions() : options_(jc_call_options_new()) {
        if (!options_) throw OutOfMemory();
    }
#else
    /** No timeout of its own (the client's applies), no cancel handle; get() is NULL
     *  (no options: the client's settings) if the library could not allocate. */
    CallOptions() noexcept : options_(jc_call_options_new()) {}
#endif

    /** Bounds the call by `t` instead of the client's timeout; zero removes it. */
    CallOptions &timeout(std::chrono::milliseconds t) noexcept {
        jc_call_options_set_timeout_ms(options_.get(),
                                       t.count() > 0 ? static_cast<uint64_t>(t.count()) : 0);
        return *this;
    }

    /** Lets `c` cancel calls made with these options (the options keep a reference). */
    CallOptions &cancel(const Cancel &c) noexcept {
        jc_call_options_set_cancel(options_.get(), c.get());
        return *this;
    }

    /** Removes the cancel handle. */
    CallOptions &no_cancel() noexcept {
        jc_call_options_set_cancel(options_.get(), nullptr);
        return *this;
    }

    /** The options, still owned by this object. */
    const jc_call_options *get() const noexcept { return options_.get(); }

private:
    struct Deleter {
        void operator()(jc_call_options *o) const noexcept { jc_call_options_free(o); }
    };
    std::unique_ptr<jc_call_options, Deleter> options_;
};

namespace detail {

using OptsCallFn = jc_status (*)(const jc_client *, const char *, size_t, const char *, size_t,
                                 const jc_call_options *, char **, size_t *, jc_error *);

inline Result<Text> opts_call(OptsCallFn fn, const Client &client, std::string_view method,
                              std::string_view params_json, const CallOptions &options) {
    return text_call([&](char **o, size_t *l, jc_error *e) {
        return fn(client.get(), method.data(), method.size(), params_json.data(),
                  params_json.size(), options.get(), o, l, e);
    });
}

}  // namespace detail

/** Client::try_invoke with per-call options (timeout, cancel handle); blocks. */
inline Result<Text> try_invoke(const Client &client, std::string_view method,
                               std::string_view params_json, const CallOptions &options) {
    return detail::opts_call(jc_invoke_opts, client, method, params_json, options);
}

/** Client::try_call with per-call options; blocks. */
inline Result<Text> try_call(const Client &client, std::string_view method,
                             std::string_view params_json, const CallOptions &options) {
    return detail::opts_call(jc_call_opts, client, method, params_json, options);
}

/** Client::try_call_v2 with per-call options; blocks. */
inline Result<Text> try_call_v2(const Client &client, std::string_view method,
                                std::string_view params_json, const CallOptions &options) {
    return detail::opts_call(jc_call_v2_opts, client, method, params_json, options);
}

#if JUSTCLICK_HPP_EXCEPTIONS
/** Client::invoke with per-call options (timeout, cancel handle); blocks. */
inline std::string invoke(const Client &client, std::string_view method,
                          std::string_view params_json, const CallOptions &options) {
    return detail::string_or_throw(try_invoke(client, method, params_json, options));
}

/** Client::call with per-call options; blocks. */
inline std::string call(const Client &client, std::string_view method,
                        std::string_view params_json, const CallOptions &options) {
    return detail::string_or_throw(try_call(client, method, params_json, options));
}

/** Client::call_v2 with per-call options; blocks. */
inline std::string call_v2(const Client &client, std::string_view method,
                           std::string_view params_json, const CallOptions &options) {
    return detail::string_or_throw(try_call_v2(client, method, params_json, options));
}
#endif

/**
 * A call submitted with submit_invoke (RAII over jc_pending_call). Destroying it does
 * not cancel the call (its callback still runs); cancel() does. Move-only.
 */
class PendingCall {
public:
    /** Takes ownership of a handle from jc_submit_* (NULL makes an empty one). */
    explicit PendingCall(jc_pending_call *owned) noexcept : call_(owned) {}
    /** An empty PendingCall (no handle). */
    PendingCall() noexcept = default;

    /**
     * Cancels the call: JC_STATUS_OK if the cancel came before the call finished (a
     * queued call's callback has then run, on this thread), JC_STATUS_ALREADY_DONE if
     * its callback had already started.
     */
    jc_status cancel() const noexcept { return jc_pending_call_cancel(call_.get()); }
    /** True once the callback has started. */
    bool done() const noexcept { return jc_pending_call_is_done(call_.get()); }
    /** The handle, still owned by this object. */
    jc_pending_call *get() const noexcept { return call_.get(); }

private:
    struct Deleter {
        void operator()(jc_pending_call *c) const noexcept { jc_pending_call_free(c); }
    };
    std::unique_ptr<jc_pending_call, Deleter> call_;
};

namespace detail {

/** The C callback for a C++ one: runs it once and frees it. noexcept: an exception
 * escaping the user's callback terminates the program (it cannot cross into C). */
template <class F>
void completion_trampoline(void *user_data, jc_status status, const char *result_json,
                           size_t result_len, const jc_error *err) noexcept {
    std::unique_ptr<F> f(static_cast<F *>(user_data));
    if (status == JC_STATUS_OK) {
        (*f)(status, std::string_view(result_json, result_len), nullptr);
    } else {
        const Error e(detail::info(status, err));
        (*f)(status, std::string_view(), &e);
    }
}

}  // namespace detail

/**
 * Queues `method` (as Client::invoke calls it) on the client's worker pool and returns
 * at once; `on_done(jc_status status, std::string_view result_json, const Error *error)`
 * runs exactly once: result_json is the verified result on JC_STATUS_OK (error is
 * nullptr), else error describes the failure. Both are valid only during the callback.
 * Thread, ownership and lifetime rules are jc_submit_invoke's (justclick.h): the
 * callback runs on a worker thread (or, for a call cancelled while queued, on the
 * cancelling thread); it may submit more calls and destroy the PendingCall, and must
 * not throw. A refused call (bad arguments, JC_STATUS_QUEUE_FULL) returns the failure
 * and its callback never runs.
 */
template <class F>
Result<PendingCall> try_submit_invoke(const Client &client, std::string_view method,
                                      std::string_view params_json, F &&on_done,
                                      const CallOptions *options = nullptr) {
    using Fn = std::decay_t<F>;
    std::unique_ptr<Fn> owned(new (std::nothrow) Fn(std::forward<F>(on_done)));
    if (!owned) {
        ErrorInfo e;
        e.status = JC_STATUS_INTERNAL;
        e.message = "libjustclick: no memory for the callback";
        return e;
    }
    jc_error *err = detail::thread_error();
    jc_pending_call *raw = nullptr;
    jc_status s = jc_submit_invoke(client.get(), method.data(), method.size(), params_json.data(),
                                   params_json.size(), options ? options->get() : nullptr,
                                   &detail::completion_trampoline<Fn>, owned.get(), &raw, err);
    if (s != JC_STATUS_OK) return detail::info(s, err);  // not called: `owned` frees it
    owned.release();                                      // the trampoline owns it now
    return PendingCall(raw);
}

#if JUSTCLICK_HPP_EXCEPTIONS
/** try_submit_invoke that throws Error when the call is refused (the callback then
 *  never runs). */
template <class F>
PendingCall submit_invoke(const Client &client, std::string_view method,
                          std::string_view params_json, F &&on_done,
                          const CallOptions *options = nullptr) {
    return try_submit_invoke(client, method, params_json, std::forward<F>(on_done), options)
        .value();
}
#endif

/* ==== end of: Cancellation, per-call options, callbacks ============================== */

}  // namespace justclick

#endif /* !JUSTCLICK_C_API_ONLY */

#endif /* JUSTCLICK_HPP */
