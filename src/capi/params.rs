//! `jc_params`: parameters without JSON. A reusable builder of one parameter set that
//! writes straight into the PHP query (the safe core is
//! [`justclick::params_builder::ParamsBuilder`]); signing and calls take it in place of
//! `params_json`.

use std::ffi::c_char;

use crate::capi::boundary::{
    BoxCastable, Castable, Failure, boundary, box_free, box_into_raw, box_mut, box_ref, bytes_arg,
    out_arg, str_arg, utf8,
};
use crate::capi::call::{Entry, call_with};
use crate::capi::cancel::jc_call_options;
use crate::capi::client::jc_client;
use crate::capi::error::jc_error;
use crate::capi::status::jc_status;
use crate::capi::string::StringOut;
use justclick::client::Client;
use justclick::params::Params;
use justclick::params_builder::{ParamsBuilder, Scalar};

/// One parameter set (a PHP array), built key by key without JSON, then signed
/// (`jc_params_build_query`, `jc_params_get_hash`) or sent (`jc_invoke_params`,
/// `jc_call_params`, `jc_call_v2_params`).
///
/// Keys and string values are UTF-8 bytes with their length (not NUL-terminated).
/// Values are added in order; adding a key that already exists at the same level
/// replaces its value and keeps its position, as PHP's `$a[$key] = ...` does.
/// `jc_params_begin(p, "rid", 3, err)` opens a nested array under a key; the adds that
/// follow go into it until `jc_params_end`. List items take their index as the key
/// (`"0"`, `"1"`, ...), as PHP writes them. Nesting is limited to 64 levels and a set
/// to 999 fields, as PHP parses them.
///
/// A key the library would refuse (a top-level key with `.`, space or `[`, an empty
/// key, `hash`, a nested key with `]`, too deep, too many fields) fails the call that
/// adds it with `JC_STATUS_INVALID_ARGUMENT` and a message naming the key path
/// (`utm[a]b]`); the set is left as it was, so the caller may go on.
///
/// Create it with `jc_params_new`, free it with `jc_params_free`; `jc_params_clear`
/// empties it for the next request and keeps its memory, so a loop signing many
/// requests allocates nothing once the buffers have grown (floats aside).
///
/// Thread safety: not shared between threads while being modified; a finished set may
/// be read (built, hashed, sent) by several threads at once. Use one `jc_params` per
/// thread.
///
/// Methods: `jc_params_new`, `jc_params_free`, `jc_params_clear`, `jc_params_add_str`,
/// `jc_params_add_int`, `jc_params_add_float`, `jc_params_add_bool`,
/// `jc_params_add_null`, `jc_params_begin`, `jc_params_end`, `jc_params_build_query`,
/// `jc_params_get_hash`, `jc_invoke_params`, `jc_call_params`, `jc_call_v2_params`.
pub struct jc_params {
    _private: [u8; 0],
}

impl Castable for jc_params {
    type RustType = ParamsBuilder;
}

impl BoxCastable for jc_params {}

/// Borrows a builder for modification; NULL is `JC_STATUS_NULL_ARGUMENT`.
///
/// # Safety
/// `params` is NULL or a live `jc_params` nobody else uses during `'a`.
unsafe fn builder_mut<'a>(params: *mut jc_params) -> Result<&'a mut ParamsBuilder, Failure> {
    // SAFETY: forwarded caller guarantee.
    unsafe { box_mut::<jc_params>(params) }.ok_or_else(|| Failure::null("params"))
}

/// Borrows a builder for reading; NULL is `JC_STATUS_NULL_ARGUMENT`.
///
/// # Safety
/// `params` is NULL or a live `jc_params` nobody modifies during `'a`.
unsafe fn builder_ref<'a>(params: *const jc_params) -> Result<&'a ParamsBuilder, Failure> {
    // SAFETY: forwarded caller guarantee.
    unsafe { box_ref::<jc_params>(params) }.ok_or_else(|| Failure::null("params"))
}

/// The shared body of the `jc_params_add_*` functions.
///
/// # Safety
/// As the exported functions.
pub(super) unsafe fn add<'a>(
    params: *mut jc_params,
    key: *const c_char,
    key_len: usize,
    value: impl FnOnce(&dyn Fn() -> String) -> Result<Scalar<'a>, Failure>,
    err: *mut jc_error,
) -> jc_status {
    let body = || {
        // SAFETY: `params` is NULL or a live, unshared `jc_params` (caller contract).
        let b = unsafe { builder_mut(params) }?;
        // SAFETY: `key` is NULL or readable for its length (caller contract).
        let key = unsafe { str_arg(key, key_len, "key") }?;
        let value = value(&|| b.key_path(key))?;
        b.add(key, value)?;
        Ok(())
    };
    // SAFETY: `err` is NULL or a live, unshared `jc_error` (caller contract).
    unsafe { boundary(err, body) }
}

/// Creates an empty parameter set.
///
/// Ownership: the caller owns the result and frees it with `jc_params_free`. Returns
/// NULL only if memory is exhausted.
///
/// # Safety
/// Always safe to call.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jc_params_new() -> *mut jc_params {
    std::panic::catch_unwind(|| box_into_raw::<jc_params>(ParamsBuilder::new()))
        .unwrap_or(std::ptr::null_mut())
}

/// Frees a parameter set from `jc_params_new`. NULL is fine (does nothing).
///
/// # Safety
/// `params` is NULL or a set from `jc_params_new` not yet freed and not in use by
/// another thread. Freeing it twice is undefined behaviour.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jc_params_free(params: *mut jc_params) {
    // SAFETY: the caller guarantees NULL or a live set from `jc_params_new`, freed once.
    unsafe { box_free::<jc_params>(params) }
}

/// Empties a parameter set for the next request, keeping its memory. NULL is fine
/// (does nothing). Also closes any array left open by `jc_params_begin`.
///
/// # Safety
/// `params` is NULL or a live set not in use by another thread.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jc_params_clear(params: *mut jc_params) {
    // SAFETY: the caller guarantees NULL or a live, unshared set.
    if let Some(b) = unsafe { box_mut::<jc_params>(params) } {
        // Clearing only truncates and fills buffers; it cannot panic in practice, and
        // must not unwind into C if it ever did.
        let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| b.clear()));
    }
}

/// Adds the string `value` under `key` (both UTF-8 with their lengths; NULL with
/// length 0 is the empty string).
///
/// Returns `JC_STATUS_OK`; `JC_STATUS_INVALID_ARGUMENT` for a refused key (the message
/// names the key path) or bytes that are not UTF-8; `JC_STATUS_NULL_ARGUMENT` for a
/// NULL `params`, or a NULL string with a non-zero length. On failure the set is
/// unchanged. `err` may be NULL.
///
/// # Safety
/// `params` is NULL or a live set not in use by another thread; `key` and `value` are
/// NULL or readable for their lengths; `err` is NULL or a live `jc_error`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jc_params_add_str(
    params: *mut jc_params,
    key: *const c_char,
    key_len: usize,
    value: *const c_char,
    value_len: usize,
    err: *mut jc_error,
) -> jc_status {
    let value = |path: &dyn Fn() -> String| {
        // SAFETY: `value` is NULL or readable for its length, and unchanged during the
        // call (caller contract); the borrow does not outlive the call.
        let bytes = unsafe { bytes_arg(value, value_len, "value") }?;
        utf8(bytes).map(Scalar::Str).map_err(|offset| {
            Failure::invalid(format!(
                "parameter '{}' is not UTF-8 text (bad byte at offset {offset}; \
                 JustClick works in UTF-8)",
                path()
            ))
        })
    };
    // SAFETY: forwarded caller contract.
    unsafe { add(params, key, key_len, value, err) }
}

/// Adds the integer `value` under `key`, sent in decimal.
///
/// Statuses as `jc_params_add_str`.
///
/// # Safety
/// As `jc_params_add_str`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jc_params_add_int(
    params: *mut jc_params,
    key: *const c_char,
    key_len: usize,
    value: i64,
    err: *mut jc_error,
) -> jc_status {
    // SAFETY: forwarded caller contract.
    unsafe { add(params, key, key_len, |_| Ok(Scalar::Int(value)), err) }
}

/// Adds the float `value` under `key`, sent as PHP prints it with `precision=14`
/// (`0.1 + 0.2` is `0.3`, `1e20` is `1.0E+20`, NaN is `NAN`).
///
/// Statuses as `jc_params_add_str`.
///
/// # Safety
/// As `jc_params_add_str`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jc_params_add_float(
    params: *mut jc_params,
    key: *const c_char,
    key_len: usize,
    value: f64,
    err: *mut jc_error,
) -> jc_status {
    // SAFETY: forwarded caller contract.
    unsafe { add(params, key, key_len, |_| Ok(Scalar::Float(value)), err) }
}

/// Adds the boolean `value` under `key`, sent as `1` or `0` (as PHP sends `true` and
/// `false`).
///
/// Statuses as `jc_params_add_str`.
///
/// # Safety
/// As `jc_params_add_str`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jc_params_add_bool(
    params: *mut jc_params,
    key: *const c_char,
    key_len: usize,
    value: bool,
    err: *mut jc_error,
) -> jc_status {
    // SAFETY: forwarded caller contract.
    unsafe { add(params, key, key_len, |_| Ok(Scalar::Bool(value)), err) }
}

/// Adds a null under `key`: nothing is sent for it, as PHP drops nulls (adding the key
/// again later puts the new value at this position).
///
/// Statuses as `jc_params_add_str`.
///
/// # Safety
/// As `jc_params_add_str`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jc_params_add_null(
    params: *mut jc_params,
    key: *const c_char,
    key_len: usize,
    err: *mut jc_error,
) -> jc_status {
    // SAFETY: forwarded caller contract.
    unsafe { add(params, key, key_len, |_| Ok(Scalar::Null), err) }
}

/// Opens a nested array under `key` (a PHP list or associative array: `rid[0]=...`,
/// `utm[utm_source]=...`). The adds that follow go into it until `jc_params_end`.
/// An empty array sends nothing, as in PHP.
///
/// Statuses as `jc_params_add_str` (an array opened inside 64 others is too deep).
///
/// # Safety
/// As `jc_params_add_str`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jc_params_begin(
    params: *mut jc_params,
    key: *const c_char,
    key_len: usize,
    err: *mut jc_error,
) -> jc_status {
    let body = || {
        // SAFETY: `params` is NULL or a live, unshared `jc_params` (caller contract).
        let b = unsafe { builder_mut(params) }?;
        // SAFETY: `key` is NULL or readable for its length (caller contract).
        let key = unsafe { str_arg(key, key_len, "key") }?;
        b.begin(key)?;
        Ok(())
    };
    // SAFETY: `err` is NULL or a live, unshared `jc_error` (caller contract).
    unsafe { boundary(err, body) }
}

/// Closes the array opened by the last unclosed `jc_params_begin`.
///
/// Returns `JC_STATUS_OK`; `JC_STATUS_INVALID_ARGUMENT` when no array is open;
/// `JC_STATUS_NULL_ARGUMENT` for a NULL `params`. `err` may be NULL.
///
/// # Safety
/// `params` is NULL or a live set not in use by another thread; `err` is NULL or a
/// live `jc_error`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jc_params_end(params: *mut jc_params, err: *mut jc_error) -> jc_status {
    let body = || {
        // SAFETY: `params` is NULL or a live, unshared `jc_params` (caller contract).
        let b = unsafe { builder_mut(params) }?;
        b.end()?;
        Ok(())
    };
    // SAFETY: `err` is NULL or a live, unshared `jc_error` (caller contract).
    unsafe { boundary(err, body) }
}

/// Returns the query PHP 8's `http_build_query` gives for the set: what
/// `jc_build_query` returns for the same parameters as JSON.
///
/// On `JC_STATUS_OK`, `*query_out` receives a new NUL-terminated string (free it with
/// `jc_string_free`) and `*query_len_out` its length. `JC_STATUS_INVALID_ARGUMENT`
/// when an array opened with `jc_params_begin` is still open (the message names it);
/// `JC_STATUS_NULL_ARGUMENT` for NULL `params` or outputs. On failure nothing is
/// written. `err` may be NULL.
///
/// # Safety
/// `params` is NULL or a live set nobody modifies during the call; the output pointers
/// are NULL or writable; `err` is NULL or a live `jc_error`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jc_params_build_query(
    params: *const jc_params,
    query_out: *mut *mut c_char,
    query_len_out: *mut usize,
    err: *mut jc_error,
) -> jc_status {
    let body = || {
        let out = StringOut::new(query_out, query_len_out, "query_out", "query_len_out")?;
        // SAFETY: `params` is NULL or a live set not being modified (caller contract).
        let b = unsafe { builder_ref(params) }?;
        let query = StringOut::prepare(b.query()?)?;
        // SAFETY: the output pointers are checked non-NULL and writable (caller contract).
        unsafe { out.write(query) };
        Ok(())
    };
    // SAFETY: `err` is NULL or a live, unshared `jc_error` (caller contract).
    unsafe { boundary(err, body) }
}

/// Computes the request `hash` for the set: lower-case hex `md5(query + "::" + login +
/// "::" + secret)`, as `jc_get_hash` does for the same parameters as JSON.
///
/// `login`/`secret`: UTF-8 with their lengths. `hash_out`: a caller buffer of at least
/// 33 bytes; on `JC_STATUS_OK` it receives 32 hex characters and a NUL, on failure it
/// is not written. Statuses as `jc_params_build_query`. `err` may be NULL.
///
/// # Safety
/// `params` is NULL or a live set nobody modifies during the call; `login`/`secret`
/// are NULL or readable for their lengths; `hash_out` is NULL or writable for 33
/// bytes; `err` is NULL or a live `jc_error`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jc_params_get_hash(
    params: *const jc_params,
    login: *const c_char,
    login_len: usize,
    secret: *const c_char,
    secret_len: usize,
    hash_out: *mut c_char,
    err: *mut jc_error,
) -> jc_status {
    let body = || {
        let out = out_arg(hash_out, "hash_out")?;
        // SAFETY: `params` is NULL or a live set not being modified (caller contract).
        let b = unsafe { builder_ref(params) }?;
        // SAFETY: `login` is NULL or readable for its length (caller contract).
        let login = unsafe { str_arg(login, login_len, "login") }?;
        // SAFETY: `secret` is NULL or readable for its length (caller contract).
        let secret = unsafe { str_arg(secret, secret_len, "secret") }?;
        let hex = b.hash(login, secret)?;
        // SAFETY: `hash_out` is non-NULL and writable for 33 bytes (caller contract);
        // `hex` is a local array and cannot overlap it.
        unsafe {
            std::ptr::copy_nonoverlapping(hex.as_ptr(), out.as_ptr().cast::<u8>(), 32);
            out.as_ptr().add(32).write(0);
        }
        Ok(())
    };
    // SAFETY: `err` is NULL or a live, unshared `jc_error` (caller contract).
    unsafe { boundary(err, body) }
}

/// The parameters of a finished set, for a call.
///
/// # Safety
/// `params` is NULL or a live set nobody modifies during `'a`.
pub(crate) unsafe fn builder_params(params: *const jc_params) -> Result<Params, Failure> {
    // SAFETY: forwarded caller guarantee.
    Ok(unsafe { builder_ref(params) }?.to_params()?)
}

/// The shared body of `jc_invoke_params`, `jc_invoke_typed_params`, `jc_call_params`
/// and `jc_call_v2_params`: the generic call's, with the set turned into
/// [`justclick::params::Params`].
///
/// # Safety
/// As the exported functions.
#[allow(clippy::too_many_arguments)] // the C signature, plus the entry point
unsafe fn params_call(
    entry: Entry,
    client: *const jc_client,
    method: *const c_char,
    method_len: usize,
    params: *const jc_params,
    options: *const jc_call_options,
    result_json_out: *mut *mut c_char,
    result_json_len_out: *mut usize,
    err: *mut jc_error,
) -> jc_status {
    // SAFETY: `params` is NULL or a live set nobody modifies during the call (caller
    // contract), and the closure runs within the call.
    let params = || unsafe { builder_params(params) };
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

/// `jc_invoke` with the parameters given as a `jc_params` instead of JSON: any
/// documented method by name, with its documented semantics. The body sent is exactly
/// `jc_params_build_query` of the set plus its hash.
///
/// Arguments other than `params`, outputs, ownership, statuses and thread safety as
/// `jc_invoke`; `params` as in `jc_params_build_query` (NULL is
/// `JC_STATUS_NULL_ARGUMENT`; an unclosed array `JC_STATUS_INVALID_ARGUMENT`).
///
/// # Safety
/// As `jc_invoke`; `params` is NULL or a live set nobody modifies during the call.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jc_invoke_params(
    client: *const jc_client,
    method: *const c_char,
    method_len: usize,
    params: *const jc_params,
    result_json_out: *mut *mut c_char,
    result_json_len_out: *mut usize,
    err: *mut jc_error,
) -> jc_status {
    // SAFETY: forwarded caller contract.
    unsafe {
        params_call(
            Client::invoke,
            client,
            method,
            method_len,
            params,
            std::ptr::null(),
            result_json_out,
            result_json_len_out,
            err,
        )
    }
}

/// `jc_invoke_typed` with the parameters given as a `jc_params`: `jc_invoke_params`'s
/// rules, plus a list or mapping refused before sending where the field holds one value
/// (`lead_name`, `bill_email`, …), naming the field. The PHP extension's named methods
/// use it.
///
/// # Safety
/// As `jc_invoke_params`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jc_invoke_typed_params(
    client: *const jc_client,
    method: *const c_char,
    method_len: usize,
    params: *const jc_params,
    result_json_out: *mut *mut c_char,
    result_json_len_out: *mut usize,
    err: *mut jc_error,
) -> jc_status {
    // SAFETY: forwarded caller contract.
    unsafe {
        params_call(
            Client::invoke_typed,
            client,
            method,
            method_len,
            params,
            std::ptr::null(),
            result_json_out,
            result_json_len_out,
            err,
        )
    }
}

/// `jc_call` (any API 1.0 method, raw) with the parameters given as a `jc_params`.
///
/// As `jc_invoke_params` otherwise.
///
/// # Safety
/// As `jc_invoke_params`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jc_call_params(
    client: *const jc_client,
    method: *const c_char,
    method_len: usize,
    params: *const jc_params,
    result_json_out: *mut *mut c_char,
    result_json_len_out: *mut usize,
    err: *mut jc_error,
) -> jc_status {
    // SAFETY: forwarded caller contract.
    unsafe {
        params_call(
            Client::call,
            client,
            method,
            method_len,
            params,
            std::ptr::null(),
            result_json_out,
            result_json_len_out,
            err,
        )
    }
}

/// `jc_call_v2` (any API 2.0 method, raw, `rpsKey` added by the client) with the
/// parameters given as a `jc_params`.
///
/// As `jc_invoke_params` otherwise.
///
/// # Safety
/// As `jc_invoke_params`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jc_call_v2_params(
    client: *const jc_client,
    method: *const c_char,
    method_len: usize,
    params: *const jc_params,
    result_json_out: *mut *mut c_char,
    result_json_len_out: *mut usize,
    err: *mut jc_error,
) -> jc_status {
    // SAFETY: forwarded caller contract.
    unsafe {
        params_call(
            Client::call_v2,
            client,
            method,
            method_len,
            params,
            std::ptr::null(),
            result_json_out,
            result_json_len_out,
            err,
        )
    }
}

/// `jc_invoke_params` with per-call options (timeout, cancel handle; NULL for none), as
/// `jc_invoke_opts` takes them.
///
/// # Safety
/// As `jc_invoke_params`; `options` is NULL or live options nobody modifies during the
/// call.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jc_invoke_params_opts(
    client: *const jc_client,
    method: *const c_char,
    method_len: usize,
    params: *const jc_params,
    options: *const jc_call_options,
    result_json_out: *mut *mut c_char,
    result_json_len_out: *mut usize,
    err: *mut jc_error,
) -> jc_status {
    // SAFETY: forwarded caller contract.
    unsafe {
        params_call(
            Client::invoke,
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
