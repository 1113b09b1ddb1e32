//! Pure signing functions: the PHP query, the request hash, response verification.
//! No network, no client needed.

use std::ffi::c_char;

use crate::capi::boundary::{Failure, boundary, out_arg, params_arg, str_arg};
use crate::capi::error::jc_error;
use crate::capi::status::jc_status;
use crate::capi::string::StringOut;
use justclick::envelope::Envelope;
use justclick::error::Error;

/// Builds the query string PHP 8's `http_build_query` returns for the same parameters:
/// the exact bytes JustClick signs.
///
/// `params_json`/`params_json_len`: the parameters as UTF-8 JSON, parsed keeping key
/// order (an object is a PHP associative array, an array a PHP list). NULL with length
/// 0, an empty string, `[]` and `null` all mean no parameters (the query is then "").
/// Key shapes PHP would rewrite (a top-level key with `.`, space or `[`, an empty key,
/// more than 1000 leaves, nesting deeper than 64) fail with
/// `JC_STATUS_INVALID_ARGUMENT` naming the key.
///
/// On `JC_STATUS_OK`, `*query_out` receives a new NUL-terminated string (owned by the
/// caller, free it with `jc_string_free`) and `*query_len_out` its length without the
/// NUL. On failure neither is written. `query_out` and `query_len_out` must not be
/// NULL (`JC_STATUS_NULL_ARGUMENT`). `err` may be NULL.
///
/// Thread-safe (with a separate `err` per thread).
///
/// # Safety
/// Each pointer is NULL or valid: `params_json` readable for `params_json_len` bytes,
/// `query_out`/`query_len_out` writable, `err` a live `jc_error`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jc_build_query(
    params_json: *const c_char,
    params_json_len: usize,
    query_out: *mut *mut c_char,
    query_len_out: *mut usize,
    err: *mut jc_error,
) -> jc_status {
    let body = || {
        let out = StringOut::new(query_out, query_len_out, "query_out", "query_len_out")?;
        // SAFETY: `params_json` is NULL or readable for its length (caller contract).
        let params = unsafe { params_arg(params_json, params_json_len, "params_json") }?;
        let query = StringOut::prepare(&justclick::build_query(&params)?)?;
        // SAFETY: the output pointers are checked non-NULL and writable (caller contract).
        unsafe { out.write(query) };
        Ok(())
    };
    // SAFETY: `err` is NULL or a live, unshared `jc_error` (caller contract).
    unsafe { boundary(err, body) }
}

/// Computes a request's `hash`: lower-case hex `md5(query + "::" + login + "::" +
/// secret)`, where `query` is what `jc_build_query` returns for `params_json`.
///
/// `params_json` as in `jc_build_query`. `login`/`secret`: UTF-8, not NUL-terminated,
/// with their lengths (NULL with length 0 is the empty string).
///
/// `hash_out`: a caller buffer of at least 33 bytes. On `JC_STATUS_OK` it receives the
/// 32 hex characters and a terminating NUL; on failure it is not written. NULL is
/// `JC_STATUS_NULL_ARGUMENT`. `err` may be NULL.
///
/// Thread-safe (with a separate `err` per thread).
///
/// # Safety
/// Each pointer is NULL or valid for its length; `hash_out` is NULL or writable for
/// 33 bytes; `err` is NULL or a live `jc_error`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jc_get_hash(
    params_json: *const c_char,
    params_json_len: usize,
    login: *const c_char,
    login_len: usize,
    secret: *const c_char,
    secret_len: usize,
    hash_out: *mut c_char,
    err: *mut jc_error,
) -> jc_status {
    let body = || {
        let out = out_arg(hash_out, "hash_out")?;
        // SAFETY: `params_json` is NULL or readable for its length (caller contract).
        let params = unsafe { params_arg(params_json, params_json_len, "params_json") }?;
        // SAFETY: `login` is NULL or readable for its length (caller contract).
        let login = unsafe { str_arg(login, login_len, "login") }?;
        // SAFETY: `secret` is NULL or readable for its length (caller contract).
        let secret = unsafe { str_arg(secret, secret_len, "secret") }?;
        let hash = justclick::get_hash(&params, login, secret)?;
        let hex: [u8; 33] = format!("{hash}\0")
            .into_bytes()
            .try_into()
            .map_err(|_| Failure::internal("the hash is not 32 characters"))?;
        // SAFETY: `hash_out` is non-NULL and writable for 33 bytes (caller contract);
        // `hex` is exactly 33 bytes and cannot overlap a caller buffer.
        unsafe { std::ptr::copy_nonoverlapping(hex.as_ptr(), out.as_ptr().cast::<u8>(), 33) };
        Ok(())
    };
    // SAFETY: `err` is NULL or a live, unshared `jc_error` (caller contract).
    unsafe { boundary(err, body) }
}

/// Checks that a JustClick response body is genuine: its `hash` is a JSON string equal
/// to `md5(error_code + "::" + error_text + "::" + secret)` (compared in constant time).
/// This is the seed's `CheckHash`, without PHP's loose `==` (so `"hash": true` fails).
///
/// Returns `JC_STATUS_OK` if genuine and `JC_STATUS_BAD_SIGNATURE` if not (missing,
/// malformed or wrong hash, or a body that is not a JustClick envelope); the message in
/// `err` says which. `response_json` and `secret` are UTF-8 with their lengths; bytes
/// that are not UTF-8 give `JC_STATUS_INVALID_ARGUMENT`, NULL with a non-zero length
/// `JC_STATUS_NULL_ARGUMENT`. `err` may be NULL.
///
/// Calls through a `jc_client` verify every response already; this function is for
/// bodies you received some other way.
///
/// Thread-safe (with a separate `err` per thread).
///
/// # Safety
/// Each pointer is NULL or readable for its length; `err` is NULL or a live `jc_error`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jc_check_hash(
    response_json: *const c_char,
    response_json_len: usize,
    secret: *const c_char,
    secret_len: usize,
    err: *mut jc_error,
) -> jc_status {
    let body = || {
        // SAFETY: `response_json` is NULL or readable for its length (caller contract).
        let response = unsafe { str_arg(response_json, response_json_len, "response_json") }?;
        // SAFETY: `secret` is NULL or readable for its length (caller contract).
        let secret = unsafe { str_arg(secret, secret_len, "secret") }?;
        let refused = |reason: String| Failure::from(Error::bad_signature("", reason));
        let envelope = Envelope::parse(response)
            .map_err(|why| refused(format!("not a JustClick response: {why}")))?;
        envelope
            .verify(secret)
            .map_err(|problem| refused(problem.to_string()))
    };
    // SAFETY: `err` is NULL or a live, unshared `jc_error` (caller contract).
    unsafe { boundary(err, body) }
}
