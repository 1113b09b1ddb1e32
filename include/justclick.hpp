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
 * - `justclick::Cancel`, `justclick::CallOptions`, `justclick::PendingCall` and the
 *   free functions `invoke`/`call`/`call_v2` (with options) and `submit_invoke` (the
 *   callback form): cancellation, per-call timeouts and event loops (section
 *   "Cancellation, per-call options, callbacks" below).
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

#include <chrono>
#include <cstdint>
#include <memory>
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
          std::string method, bool may_have_been_applied = false)
        : std::runtime_error(message), status_(status), api_code_(api_code),
          http_status_(http_status), method_(std::move(method)),
          may_have_been_applied_(may_have_been_applied) {}

    /** The details of a failure recorded in `err` (for the callback form). */
    static Error from(jc_status status, const jc_error *err) {
        return Error(status, std::string(jc_error_message(err)), jc_error_api_code(err),
                     jc_error_http_status(err), std::string(jc_error_method(err)),
                     jc_error_may_have_been_applied(err));
    }

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
        throw Error::from(status, err_.get());
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


/* ==== Cancellation, per-call options, callbacks (issue 22) ============================
 * Self-contained: only Client::get(), ErrorSlot, Error and detail::take are used from
 * above. */

/**
 * A cancel handle (RAII over jc_cancel): trigger() stops every call given it through
 * CallOptions, from any thread, within milliseconds; such calls throw Error with
 * JC_STATUS_CANCELLED (or their callback gets it). Move-only. Calls keep their own
 * reference, so a Cancel may be destroyed while they run.
 */
class Cancel {
public:
    /** A handle not yet triggered; throws OutOfMemory if the library cannot allocate. */
    Cancel() : cancel_(jc_cancel_new()) {
        if (!cancel_) throw OutOfMemory();
    }

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
    /** No timeout of its own (the client's applies), no cancel handle. */
    CallOptions() : options_(jc_call_options_new()) {
        if (!options_) throw OutOfMemory();
    }

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

inline std::string opts_call(OptsCallFn fn, const Client &client, std::string_view method,
                             std::string_view params_json, const CallOptions &options) {
    ErrorSlot err;
    char *out = nullptr;
    size_t len = 0;
    err.check(fn(client.get(), method.data(), method.size(), params_json.data(),
                 params_json.size(), options.get(), &out, &len, err.get()));
    return take(out, len);
}

}  // namespace detail

/** Client::invoke with per-call options (timeout, cancel handle); blocks. */
inline std::string invoke(const Client &client, std::string_view method,
                          std::string_view params_json, const CallOptions &options) {
    return detail::opts_call(jc_invoke_opts, client, method, params_json, options);
}

/** Client::call with per-call options; blocks. */
inline std::string call(const Client &client, std::string_view method,
                        std::string_view params_json, const CallOptions &options) {
    return detail::opts_call(jc_call_opts, client, method, params_json, options);
}

/** Client::call_v2 with per-call options; blocks. */
inline std::string call_v2(const Client &client, std::string_view method,
                           std::string_view params_json, const CallOptions &options) {
    return detail::opts_call(jc_call_v2_opts, client, method, params_json, options);
}

/**
 * A call submitted with submit_invoke (RAII over jc_pending_call). Destroying it does
 * not cancel the call (its callback still runs); cancel() does. Move-only.
 */
class PendingCall {
public:
    /** Takes ownership of a handle from jc_submit_* (NULL makes an empty one). */
    explicit PendingCall(jc_pending_call *owned) noexcept : call_(owned) {}

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
        const Error e = Error::from(status, err);
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
 * not throw. Throws Error (the callback then never runs) when the call is refused:
 * bad arguments, JC_STATUS_QUEUE_FULL.
 */
template <class F>
PendingCall submit_invoke(const Client &client, std::string_view method,
                          std::string_view params_json, F &&on_done,
                          const CallOptions *options = nullptr) {
    using Fn = std::decay_t<F>;
    auto owned = std::make_unique<Fn>(std::forward<F>(on_done));
    ErrorSlot err;
    jc_pending_call *raw = nullptr;
    jc_status s = jc_submit_invoke(client.get(), method.data(), method.size(), params_json.data(),
                                   params_json.size(), options ? options->get() : nullptr,
                                   &detail::completion_trampoline<Fn>, owned.get(), &raw,
                                   err.get());
    if (s != JC_STATUS_OK) err.raise(s);  // not called: `owned` frees the callback
    owned.release();                       // the trampoline owns it now
    return PendingCall(raw);
}

/* ==== end of: Cancellation, per-call options, callbacks ============================== */

}  // namespace justclick

#endif /* C++17 */

#endif /* JUSTCLICK_HPP */
