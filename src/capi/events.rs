//! `jc_client_set_event_callback`: a client's events (call started, attempt, answer,
//! retry, outcome) delivered to C as JSON lines.

use std::ffi::{c_char, c_void};
use std::mem::ManuallyDrop;
use std::sync::Arc;

use crate::capi::boundary::{Failure, boundary};
use crate::capi::client::jc_client;
use crate::capi::error::jc_error;
use crate::capi::status::jc_status;
use justclick::client::{Client, Event, Level};

/// How loud an event is: `JC_LOG_DEBUG` (started, attempt, answer), `JC_LOG_INFO` (a
/// successful outcome), `JC_LOG_WARN` (a retry, a failed outcome).
#[repr(C)]
#[allow(non_camel_case_types)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum jc_log_level {
    /// Per-attempt detail.
    JC_LOG_DEBUG = 10,
    /// A call succeeded.
    JC_LOG_INFO = 20,
    /// A retry, or a call failed.
    JC_LOG_WARN = 30,
}

/// An event callback: `level`, the event as one JSON object (`event_json`, `len`
/// bytes, NUL-terminated, no newline; valid only during the call) and the `user_data`
/// given to `jc_client_set_event_callback`.
///
/// The object has `"event"` (`call_started`, `attempt`, `answer`, `retry`, `outcome`)
/// and `"method"`, then the event's fields: `host`, `api_version`, `params` (masked);
/// `attempt`, `bytes_sent`; `http_status`, `api_code`, `signature_verified`,
/// `duration_ms`; `reason`, `delay_ms`; `ok`, `error_kind`, `api_code`, `message`,
/// `may_have_been_applied`, `attempts`, `elapsed_ms`. Never the secret, the API key,
/// the `hash` or a URL password; contact data is masked unless the client option
/// `log_contact_data` is true.
pub type jc_event_callback = Option<
    unsafe extern "C" fn(
        level: jc_log_level,
        event_json: *const c_char,
        len: usize,
        user_data: *mut c_void,
    ),
>;

/// The C callback and its user data, called from whichever thread makes the call.
struct CCallback {
    f: unsafe extern "C" fn(jc_log_level, *const c_char, usize, *mut c_void),
    user_data: *mut c_void,
}

// SAFETY: `jc_client_set_event_callback` documents that the callback is called from
// every thread that uses the client, concurrently, so the caller provides a callback
// and user data that are safe to use from any thread.
unsafe impl Send for CCallback {}
// SAFETY: as for `Send`: shared use from several threads is the documented contract.
unsafe impl Sync for CCallback {}

impl CCallback {
    fn deliver(&self, event: &Event<'_>) {
        let level = match event.level() {
            Level::Debug => jc_log_level::JC_LOG_DEBUG,
            Level::Info => jc_log_level::JC_LOG_INFO,
            Level::Warn => jc_log_level::JC_LOG_WARN,
        };
        let mut line = event.to_json();
        let len = line.len();
        line.push('\0');
        // SAFETY: `line` is NUL-terminated and lives through the call; the function
        // pointer and user data are the caller's, valid per the documented contract.
        unsafe { (self.f)(level, line.as_ptr().cast(), len, self.user_data) };
    }
}

/// Sets (or, with `callback` NULL, removes) the client's event callback.
///
/// Call it right after `jc_client_new`, before the client is used, cloned
/// (`jc_client_clone`) or shared with another thread; afterwards it fails with
/// `JC_STATUS_INVALID_ARGUMENT` (the clones would not see it).
///
/// Thread and duty: the callback runs on the thread making the call, inside the call,
/// in event order for that call; calls on several threads run it concurrently, so it
/// and `user_data` must be thread-safe. Keep it short (it delays the call) and never
/// call the same client from it, nor free it. `user_data` must stay valid until the
/// client (every reference) is freed.
///
/// # Safety
/// `client` is NULL or a live client not in use by any other thread; `callback` is
/// NULL or a function safe to call from any thread with `user_data`; `err` is NULL or
/// a live `jc_error`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jc_client_set_event_callback(
    client: *mut jc_client,
    callback: jc_event_callback,
    user_data: *mut c_void,
    err: *mut jc_error,
) -> jc_status {
    let body = || {
        if client.is_null() {
            return Err(Failure::null("client"));
        }
        // SAFETY: a live pointer from `Arc::into_raw` (caller contract); ManuallyDrop
        // keeps the reference count unchanged whatever happens below.
        let mut arc = ManuallyDrop::new(unsafe { Arc::from_raw(client.cast::<Client>()) });
        let shared =
            || Failure::invalid("the event callback can only be set before the client is shared");
        let inner = Arc::get_mut(&mut arc).ok_or_else(shared)?;
        let listener = callback.map(|f| {
            let cb = CCallback { f, user_data };
            Arc::new(move |e: &Event<'_>| cb.deliver(e)) as justclick::client::events::Listener
        });
        inner.set_event_listener(listener)?;
        Ok(())
    };
    // SAFETY: `err` is NULL or a live, unshared `jc_error` (caller contract).
    unsafe { boundary(err, body) }
}
