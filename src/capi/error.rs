//! `jc_error`: a caller-owned slot that receives the details of a failure.

use std::ffi::{CString, c_char};

use crate::capi::boundary::{BoxCastable, Castable, Failure, box_free, box_into_raw, box_ref};
use crate::capi::status::jc_status;

/// Details of the last failure of a call that was given this slot.
///
/// Create one with `jc_error_new`, pass it as the last argument (`err`) of fallible
/// calls, read it after a call returned something other than `JC_STATUS_OK`, reuse it
/// for the next call, and free it with `jc_error_free`. Every call that receives it
/// overwrites it: after a successful call it reads `JC_STATUS_OK`, API code -1, HTTP
/// status -1 and an empty message. Passing NULL instead opts out of details; the
/// returned `jc_status` still tells what kind of failure it was.
///
/// Thread safety: a `jc_error` is not synchronised. Use one per thread (or per call);
/// never pass the same one to calls running at the same time.
///
/// Methods: `jc_error_new`, `jc_error_free`, `jc_error_status`, `jc_error_api_code`,
/// `jc_error_http_status`, `jc_error_message`, `jc_error_method`,
/// `jc_error_may_have_been_applied`, `jc_error_attempts`, `jc_error_elapsed_ms`.
pub struct jc_error {
    _private: [u8; 0],
}

/// What a `jc_error` holds.
#[derive(Debug)]
pub(crate) struct ErrorSlot {
    status: jc_status,
    api_code: i64,
    http_status: i32,
    message: CString,
    method: CString,
    may_have_been_applied: bool,
    attempts: u32,
    elapsed_ms: u64,
}

impl Castable for jc_error {
    type RustType = ErrorSlot;
}

impl BoxCastable for jc_error {}

impl Default for ErrorSlot {
    fn default() -> Self {
        ErrorSlot {
            status: jc_status::Ok,
            api_code: -1,
            http_status: -1,
            message: CString::default(),
            method: CString::default(),
            may_have_been_applied: false,
            attempts: 0,
            elapsed_ms: 0,
        }
    }
}

/// A C string of `text`; NUL bytes (which C cannot carry) become U+FFFD.
fn c_text(text: &str) -> CString {
    CString::new(text.replace('\0', "\u{fffd}")).unwrap_or_default()
}

impl ErrorSlot {
    /// Records the outcome of a call.
    pub(crate) fn store(&mut self, outcome: Result<(), Failure>) {
        *self = match outcome {
            Ok(()) => ErrorSlot::default(),
            Err(f) => ErrorSlot {
                status: f.status,
                api_code: f.api_code.unwrap_or(-1),
                http_status: f.http_status.map_or(-1, i32::from),
                message: c_text(&f.message),
                method: c_text(&f.method),
                may_have_been_applied: f.may_have_been_applied,
                attempts: f.attempts,
                elapsed_ms: u64::try_from(f.elapsed.as_millis()).unwrap_or(u64::MAX),
            },
        };
    }

    /// Records a panic without allocating (used when storing itself panicked).
    pub(crate) fn store_static_panic(&mut self) {
        *self = ErrorSlot {
            status: jc_status::Panic,
            ..ErrorSlot::default()
        };
    }
}

/// Creates an empty error slot (status `JC_STATUS_OK`).
///
/// Ownership: the caller owns the result and frees it with `jc_error_free`. Returns
/// NULL only if memory is exhausted.
///
/// # Safety
/// Always safe to call.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jc_error_new() -> *mut jc_error {
    std::panic::catch_unwind(|| box_into_raw::<jc_error>(ErrorSlot::default()))
        .unwrap_or(std::ptr::null_mut())
}

/// Frees an error slot from `jc_error_new`. NULL is fine (does nothing).
///
/// Strings borrowed from it (`jc_error_message`, `jc_error_method`) become invalid.
///
/// # Safety
/// `err` is NULL or a slot from `jc_error_new` not yet freed and not in use by
/// another thread. Freeing it twice is undefined behaviour.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jc_error_free(err: *mut jc_error) {
    // SAFETY: the caller guarantees NULL or a live slot from `jc_error_new`, freed once.
    unsafe { box_free::<jc_error>(err) }
}

/// Reads a slot, or `None` for NULL.
///
/// # Safety
/// `err` is NULL or a live slot not being written by another thread.
unsafe fn slot<'a>(err: *const jc_error) -> Option<&'a ErrorSlot> {
    // SAFETY: forwarded caller guarantee.
    unsafe { box_ref::<jc_error>(err) }
}

/// The status of the last call that was given this slot (`JC_STATUS_OK` after a
/// success or for a fresh slot); `JC_STATUS_NULL_ARGUMENT` when `err` is NULL.
///
/// # Safety
/// `err` is NULL or a live slot from `jc_error_new`, not being written by another
/// thread.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jc_error_status(err: *const jc_error) -> jc_status {
    // SAFETY: forwarded caller guarantee.
    unsafe { slot(err) }.map_or(jc_status::NullArgument, |s| s.status)
}

/// JustClick's `error_code` when the last failure was `JC_STATUS_API_ERROR`, else -1
/// (also -1 for NULL).
///
/// # Safety
/// As `jc_error_status`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jc_error_api_code(err: *const jc_error) -> i64 {
    // SAFETY: forwarded caller guarantee.
    unsafe { slot(err) }.map_or(-1, |s| s.api_code)
}

/// The HTTP status of the answer when the last failure was `JC_STATUS_BAD_RESPONSE`
/// (for example 502 for an HTML error page), else -1 (also -1 for NULL).
///
/// # Safety
/// As `jc_error_status`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jc_error_http_status(err: *const jc_error) -> i32 {
    // SAFETY: forwarded caller guarantee.
    unsafe { slot(err) }.map_or(-1, |s| s.http_status)
}

/// A readable description of the last failure, as a NUL-terminated UTF-8 string.
///
/// For `JC_STATUS_API_ERROR` it is the server's `error_text`, verbatim (the code is in
/// `jc_error_api_code`); for every other failure a sentence naming what went wrong
/// (the offending argument, option, or what the server sent). Empty after a success.
/// It never contains the secret.
///
/// Ownership: borrowed from `err`. Do not free it; it stays valid until `err` is
/// passed to another call or freed, so copy it if you need it longer (and do not read
/// it in the same expression as a call that takes `err`: C leaves the order of
/// evaluation of arguments unspecified). Returns a static empty string (never NULL)
/// when `err` is NULL.
///
/// # Safety
/// As `jc_error_status`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jc_error_message(err: *const jc_error) -> *const c_char {
    // SAFETY: forwarded caller guarantee.
    unsafe { slot(err) }.map_or(c"".as_ptr(), |s| s.message.as_ptr())
}

/// The API method the last failure belongs to (e.g. `"DeleteSubscribe"`), or an
/// empty string when the failure did not come from an API call.
///
/// Ownership and lifetime as `jc_error_message`: borrowed, valid until `err` is reused
/// or freed; a static empty string when `err` is NULL.
///
/// # Safety
/// As `jc_error_status`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jc_error_method(err: *const jc_error) -> *const c_char {
    // SAFETY: forwarded caller guarantee.
    unsafe { slot(err) }.map_or(c"".as_ptr(), |s| s.method.as_ptr())
}

/// Whether the last failed call may have reached the server, and so (for a write) may
/// have taken effect: true for a timeout or a connection lost after the request was
/// written, an answer that could not be read or verified, and a call cancelled after
/// sending began; false when the request certainly never left (arguments refused,
/// connection refused, cancelled while queued or connecting, the queue full) and
/// after a success or an API error (the server answered). False for NULL.
///
/// What to do with it: when it is false, calling again cannot apply the request
/// twice. When it is true and the call was a write, read the state back (e.g.
/// `GetLeadGroupStatuses`) before repeating it, or repeat only calls that are safe to
/// repeat.
///
/// # Safety
/// As `jc_error_status`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jc_error_may_have_been_applied(err: *const jc_error) -> bool {
    // SAFETY: forwarded caller guarantee.
    unsafe { slot(err) }.is_some_and(|s| s.may_have_been_applied)
}

/// How many HTTP requests the last failed call made (retries included): 0 when it
/// failed before sending (arguments refused, cancelled while queued, the queue full),
/// 1 for a call that failed without a retry. 0 after a success and for NULL.
///
/// # Safety
/// As `jc_error_status`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jc_error_attempts(err: *const jc_error) -> u32 {
    // SAFETY: forwarded caller guarantee.
    unsafe { slot(err) }.map_or(0, |s| s.attempts)
}

/// How long the last failed call took, in milliseconds, from its start (after any
/// time queued) to the failure, retries and their waits included. 0 after a success
/// and for NULL.
///
/// # Safety
/// As `jc_error_status`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jc_error_elapsed_ms(err: *const jc_error) -> u64 {
    // SAFETY: forwarded caller guarantee.
    unsafe { slot(err) }.map_or(0, |s| s.elapsed_ms)
}
