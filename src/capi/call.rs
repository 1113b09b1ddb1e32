//! API calls through a `jc_client`: generic (`jc_call`, `jc_call_v2`, `jc_invoke`,
//! `jc_invoke_typed`) and
//! typed (`jc_delete_subscribe`).

use std::ffi::c_char;

use serde_json::Value as Json;

use crate::capi::boundary::{Failure, arc_ref, boundary, params_arg, str_arg};
use crate::capi::cancel::{jc_call_options, options_arg};
use crate::capi::client::jc_client;
use crate::capi::error::jc_error;
use crate::capi::status::jc_status;
use crate::capi::string::StringOut;
use justclick::client::Client;
use justclick::error::Error;
use justclick::params::Params;

/// Which core entry point a generic call goes to.
pub(crate) type Entry = fn(&Client, &str, &Params) -> Result<Json, Error>;

/// The shared body of `jc_call`, `jc_call_v2`, `jc_invoke` and `jc_invoke_typed`.
///
/// # Safety
/// As the exported functions: every pointer NULL or valid for its documented use.
#[allow(clippy::too_many_arguments)] // the C signature, plus the entry point
unsafe fn generic_call(
    entry: Entry,
    client: *const jc_client,
    method: *const c_char,
    method_len: usize,
    params_json: *const c_char,
    params_json_len: usize,
    options: *const jc_call_options,
    result_json_out: *mut *mut c_char,
    result_json_len_out: *mut usize,
    err: *mut jc_error,
) -> jc_status {
    // SAFETY: forwarded caller contract; `params_json` is NULL or readable for its
    // length, and the closure runs within the call.
    let params = || unsafe { params_arg(params_json, params_json_len, "params_json") };
    // SAFETY: forwarded caller contract.
    unsafe {
        call_with(
            entry,
            client,
            method,
            method_len,
            params,
            options,
            result_json_out,
            result_json_len_out,
            err,
        )
    }
}

/// The one body of every generic call, whatever form its parameters come in (JSON
/// here, a `jc_params` in `capi::params`): checks the outputs, the client and the
/// method, reads the parameters with `params`, runs `entry` (on a view of the client
/// with `options`, when not NULL) and writes the JSON result.
/// Every failure after the method is read names it (`jc_error_method`).
///
/// # Safety
/// As the exported functions: every pointer NULL or valid for its documented use.
#[allow(clippy::too_many_arguments)] // the C signature, plus the entry point
pub(crate) unsafe fn call_with(
    entry: Entry,
    client: *const jc_client,
    method: *const c_char,
    method_len: usize,
    params: impl FnOnce() -> Result<Params, Failure>,
    options: *const jc_call_options,
    result_json_out: *mut *mut c_char,
    result_json_len_out: *mut usize,
    err: *mut jc_error,
) -> jc_status {
    let body = || {
        let out = StringOut::new(
            result_json_out,
            result_json_len_out,
            "result_json_out",
            "result_json_len_out",
        )?;
        // SAFETY: `client` is NULL or a live client for the whole call (caller contract).
        let client = unsafe { arc_ref::<jc_client>(client, "client") }?;
        // SAFETY: `method` is NULL or readable for its length (caller contract).
        let method = unsafe { str_arg(method, method_len, "method") }?;
        // A view with the call's options (deadline, cancel handle), only when given.
        let view;
        let client = if options.is_null() {
            client
        } else {
            // SAFETY: `options` is live options nobody modifies (caller contract).
            view = client.with_options(unsafe { options_arg(options) });
            &view
        };
        let result = params()
            .and_then(|params| Ok(entry(client, method, &params)?))
            .map_err(|f| f.with_method(method))?;
        let text = StringOut::prepare_json(&result)?;
        // SAFETY: the output pointers are checked non-NULL and writable (caller contract).
        unsafe { out.write(text) };
        Ok(())
    };
    // SAFETY: `err` is NULL or a live, unshared `jc_error` (caller contract).
    unsafe { boundary(err, body) }
}

/// Calls any API 1.0 method (e.g. `"GetAllGroups"`): signs `params_json`, POSTs it to
/// `<base_url><method>`, verifies the response's signature, and returns its `result`.
///
/// `method`: letters, digits and `_` (UTF-8 with its length). `params_json` as in
/// `jc_build_query` (NULL with length 0 for none).
///
/// On `JC_STATUS_OK` (the API's `error_code` was 0), `*result_json_out` receives the
/// verified `result` as a new NUL-terminated JSON string (`null` when the response
/// had none), owned by the caller and freed with `jc_string_free`, and
/// `*result_json_len_out` its length. On failure neither is written:
/// `JC_STATUS_API_ERROR` for a genuine non-zero `error_code` (code and server text in
/// `err`), `JC_STATUS_BAD_SIGNATURE` for a response whose hash does not verify (nothing
/// in it is trusted), `JC_STATUS_BAD_RESPONSE`, `JC_STATUS_TRANSPORT`,
/// `JC_STATUS_TIMEOUT`, `JC_STATUS_TLS` for what can go wrong before that, and
/// `JC_STATUS_INVALID_ARGUMENT`/`JC_STATUS_NULL_ARGUMENT` for refused arguments
/// (nothing is sent then).
///
/// This is the raw call: method-specific rules (e.g. CreateOrder's 601) are not
/// applied; `jc_invoke` applies them. Blocks until the answer arrives or a timeout
/// elapses. Thread-safe: many threads may call it on the same client at once, each
/// with its own `err`.
///
/// # Safety
/// `client` is NULL or a live client; each string is NULL or readable for its length;
/// the output pointers are NULL or writable; `err` is NULL or a live `jc_error`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jc_call(
    client: *const jc_client,
    method: *const c_char,
    method_len: usize,
    params_json: *const c_char,
    params_json_len: usize,
    result_json_out: *mut *mut c_char,
    result_json_len_out: *mut usize,
    err: *mut jc_error,
) -> jc_status {
    // SAFETY: forwarded caller contract.
    unsafe {
        generic_call(
            Client::call,
            client,
            method,
            method_len,
            params_json,
            params_json_len,
            std::ptr::null(),
            result_json_out,
            result_json_len_out,
            err,
        )
    }
}

/// Calls any API 2.0 method (lower-case name, e.g. `"getalllists"`), authenticated by
/// the client's API key sent as `rpsKey` (do not put `rpsKey` in `params_json`).
///
/// Arguments, outputs, ownership, statuses and thread safety as `jc_call`. The
/// response hash is verified with the API key unless the client was created with
/// `"verify_v2": false`.
///
/// # Safety
/// As `jc_call`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jc_call_v2(
    client: *const jc_client,
    method: *const c_char,
    method_len: usize,
    params_json: *const c_char,
    params_json_len: usize,
    result_json_out: *mut *mut c_char,
    result_json_len_out: *mut usize,
    err: *mut jc_error,
) -> jc_status {
    // SAFETY: forwarded caller contract.
    unsafe {
        generic_call(
            Client::call_v2,
            client,
            method,
            method_len,
            params_json,
            params_json_len,
            std::ptr::null(),
            result_json_out,
            result_json_len_out,
            err,
        )
    }
}

/// Calls any of the 29 documented JustClick methods by its documented name (e.g.
/// `"AddLeadToGroup"`, `"getalllists"`; compared case-insensitively) or its snake_case
/// name (`"add_lead_to_group"`), choosing API 1.0 or 2.0 from the method table, with the
/// documented semantics applied: required fields are checked before sending
/// (`JC_STATUS_INVALID_ARGUMENT` naming the missing one), and method-specific answers
/// are normalised exactly as the Rust, Python and PHP layers do (for example
/// CreateOrder's 601 returns the existing `bill_id` with `"existing": true`, and
/// GetLeadGroupStatuses' 501 returns `[]`). An unknown method name is
/// `JC_STATUS_INVALID_ARGUMENT`; use `jc_call`/`jc_call_v2` for undocumented methods.
///
/// Arguments, outputs, ownership, statuses and thread safety as `jc_call`.
///
/// # Safety
/// As `jc_call`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jc_invoke(
    client: *const jc_client,
    method: *const c_char,
    method_len: usize,
    params_json: *const c_char,
    params_json_len: usize,
    result_json_out: *mut *mut c_char,
    result_json_len_out: *mut usize,
    err: *mut jc_error,
) -> jc_status {
    // SAFETY: forwarded caller contract.
    unsafe {
        generic_call(
            Client::invoke,
            client,
            method,
            method_len,
            params_json,
            params_json_len,
            std::ptr::null(),
            result_json_out,
            result_json_len_out,
            err,
        )
    }
}

/// `jc_invoke` for typed wrappers (the named methods of the Python and PHP bindings):
/// also refuses, before sending, a list or object in a field that holds one value
/// (`lead_name`, `bill_email`, `good_sum`, …) with `JC_STATUS_INVALID_ARGUMENT` naming
/// the field, where `jc_invoke` would send it as `field[…]` and the server would store
/// the default. Everything else as `jc_invoke`.
///
/// # Safety
/// As `jc_call`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jc_invoke_typed(
    client: *const jc_client,
    method: *const c_char,
    method_len: usize,
    params_json: *const c_char,
    params_json_len: usize,
    result_json_out: *mut *mut c_char,
    result_json_len_out: *mut usize,
    err: *mut jc_error,
) -> jc_status {
    // SAFETY: forwarded caller contract.
    unsafe {
        generic_call(
            Client::invoke_typed,
            client,
            method,
            method_len,
            params_json,
            params_json_len,
            std::ptr::null(),
            result_json_out,
            result_json_len_out,
            err,
        )
    }
}

/// `jc_invoke` with per-call options: `options` (NULL for none) gives the call its own
/// timeout (`jc_call_options_set_timeout_ms`, instead of the client's `timeout_ms`) and
/// a cancel handle (`jc_call_options_set_cancel`): triggering it from any thread makes
/// this call return `JC_STATUS_CANCELLED` within milliseconds, wherever it is blocked
/// (`jc_error_may_have_been_applied` then says whether the request had been written).
/// The options are read when the call starts; they may be changed or freed once it
/// has returned (and reused by other calls meanwhile).
///
/// Arguments, outputs, ownership, statuses and thread safety otherwise as `jc_invoke`.
///
/// # Safety
/// As `jc_call`; `options` is NULL or live options nobody modifies during the call.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jc_invoke_opts(
    client: *const jc_client,
    method: *const c_char,
    method_len: usize,
    params_json: *const c_char,
    params_json_len: usize,
    options: *const jc_call_options,
    result_json_out: *mut *mut c_char,
    result_json_len_out: *mut usize,
    err: *mut jc_error,
) -> jc_status {
    // SAFETY: forwarded caller contract.
    unsafe {
        generic_call(
            Client::invoke,
            client,
            method,
            method_len,
            params_json,
            params_json_len,
            options,
            result_json_out,
            result_json_len_out,
            err,
        )
    }
}

/// `jc_call` with per-call options (see `jc_invoke_opts`).
///
/// # Safety
/// As `jc_invoke_opts`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jc_call_opts(
    client: *const jc_client,
    method: *const c_char,
    method_len: usize,
    params_json: *const c_char,
    params_json_len: usize,
    options: *const jc_call_options,
    result_json_out: *mut *mut c_char,
    result_json_len_out: *mut usize,
    err: *mut jc_error,
) -> jc_status {
    // SAFETY: forwarded caller contract.
    unsafe {
        generic_call(
            Client::call,
            client,
            method,
            method_len,
            params_json,
            params_json_len,
            options,
            result_json_out,
            result_json_len_out,
            err,
        )
    }
}

/// `jc_call_v2` with per-call options (see `jc_invoke_opts`).
///
/// # Safety
/// As `jc_invoke_opts`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jc_call_v2_opts(
    client: *const jc_client,
    method: *const c_char,
    method_len: usize,
    params_json: *const c_char,
    params_json_len: usize,
    options: *const jc_call_options,
    result_json_out: *mut *mut c_char,
    result_json_len_out: *mut usize,
    err: *mut jc_error,
) -> jc_status {
    // SAFETY: forwarded caller contract.
    unsafe {
        generic_call(
            Client::call_v2,
            client,
            method,
            method_len,
            params_json,
            params_json_len,
            options,
            result_json_out,
            result_json_len_out,
            err,
        )
    }
}

/// Unsubscribes the contact `lead_email` from the group `rass_name` (API method
/// DeleteSubscribe), after verifying the response's signature.
///
/// `lead_email`, `rass_name`: UTF-8 with their lengths (the group's API id, e.g.
/// `"super"`).
///
/// Returns `JC_STATUS_OK` on `error_code` 0, `JC_STATUS_API_ERROR` with the code and
/// the server's text in `err` otherwise (800: no such group, 801: no such contact), or
/// any other status `jc_call` returns. `err` may be NULL. Blocks until answered or
/// timed out. Thread-safe as `jc_call`.
///
/// # Safety
/// `client` is NULL or a live client; each string is NULL or readable for its length;
/// `err` is NULL or a live `jc_error`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jc_delete_subscribe(
    client: *const jc_client,
    lead_email: *const c_char,
    lead_email_len: usize,
    rass_name: *const c_char,
    rass_name_len: usize,
    err: *mut jc_error,
) -> jc_status {
    let body = || {
        // SAFETY: `client` is NULL or a live client for the whole call (caller contract).
        let client = unsafe { arc_ref::<jc_client>(client, "client") }?;
        // SAFETY: `lead_email` is NULL or readable for its length (caller contract).
        let lead_email = unsafe { str_arg(lead_email, lead_email_len, "lead_email") }?;
        // SAFETY: `rass_name` is NULL or readable for its length (caller contract).
        let rass_name = unsafe { str_arg(rass_name, rass_name_len, "rass_name") }?;
        client.delete_subscribe(lead_email, rass_name)?;
        Ok(())
    };
    // SAFETY: `err` is NULL or a live, unshared `jc_error` (caller contract).
    unsafe { boundary(err, body) }
}
