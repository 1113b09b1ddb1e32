//! `jc_verify_notification`: check a callback JustClick POSTed to your server.

use std::ffi::c_char;

use crate::capi::boundary::{Failure, boundary, str_arg};
use crate::capi::error::jc_error;
use crate::capi::status::jc_status;
use crate::capi::string::StringOut;
use justclick::notification::verify_notification;

/// Parses a notification JustClick POSTed to your server (invoice paid, created,
/// cancelled, …) and verifies its `hash` with the account's secret, in constant time.
///
/// `body`/`body_len`: the raw `application/x-www-form-urlencoded` request body, as
/// received (e.g. PHP's `file_get_contents('php://input')`); taken as bytes, so it
/// need not be UTF-8. `secret`/`secret_len`: the API secret, UTF-8.
///
/// On `JC_STATUS_OK`, `*notification_json_out` receives a new NUL-terminated JSON
/// string `{"kind": "paid" | "created" | ..., "formula": "id.email.paid" | ...,
/// "fields": {...every field as PHP's $_POST would hold it...}}`, owned by the caller
/// and freed with `jc_string_free`, and `*notification_json_len_out` its length. On
/// failure neither is written: `JC_STATUS_BAD_SIGNATURE` when the hash is missing or
/// wrong or the kind is one JustClick does not sign (subscription events);
/// `JC_STATUS_INVALID_ARGUMENT` for an empty secret.
///
/// Only `id`, `email` and the time field are signed: confirm payments with
/// `getOrderDetails` before acting on amounts or status. Thread-safe (with a separate
/// `err` per thread). No network traffic.
///
/// # Safety
/// `body` and `secret` are NULL or readable for their lengths; the output pointers are
/// NULL or writable; `err` is NULL or a live `jc_error`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jc_verify_notification(
    body: *const c_char,
    body_len: usize,
    secret: *const c_char,
    secret_len: usize,
    notification_json_out: *mut *mut c_char,
    notification_json_len_out: *mut usize,
    err: *mut jc_error,
) -> jc_status {
    let run = || {
        let out = StringOut::new(
            notification_json_out,
            notification_json_len_out,
            "notification_json_out",
            "notification_json_len_out",
        )?;
        let bytes: &[u8] = if body.is_null() {
            if body_len > 0 {
                return Err(Failure::null("body"));
            }
            &[]
        } else {
            // SAFETY: `body` is non-NULL and readable for `body_len` bytes (caller
            // contract); the slice is only read during this call.
            unsafe { std::slice::from_raw_parts(body.cast::<u8>(), body_len) }
        };
        // SAFETY: `secret` is NULL or readable for its length (caller contract).
        let secret = unsafe { str_arg(secret, secret_len, "secret") }?;
        let notification = verify_notification(bytes, secret)?;
        let text = StringOut::prepare_json(&notification.to_json())?;
        // SAFETY: the output pointers are checked non-NULL and writable (caller contract).
        unsafe { out.write(text) };
        Ok(())
    };
    // SAFETY: `err` is NULL or a live, unshared `jc_error` (caller contract).
    unsafe { boundary(err, run) }
}
