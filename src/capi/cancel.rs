//! `jc_cancel` (a cancel handle any thread can trigger) and `jc_call_options` (what one
//! call carries besides its parameters: its own timeout and a cancel handle).

use std::time::Duration;

use crate::capi::boundary::{BoxCastable, Castable, box_free, box_into_raw, box_mut, box_ref};
use justclick::client::{CallOptions, CancelHandle};

/// A cancel handle: triggering it stops every call given it (through a
/// `jc_call_options`), wherever the call is. A call still queued (the submit form) is
/// dropped and never sent; one resolving the host, connecting, in the TLS handshake,
/// sending, or waiting for or reading the answer returns within milliseconds (its
/// socket is shut down: no polling); one sleeping before a retry wakes at once. The
/// call then fails with `JC_STATUS_CANCELLED`, and `jc_error_may_have_been_applied`
/// says whether any of the request had been written. A cancelled call is never
/// retried.
///
/// Triggering is idempotent and cannot be undone: use a new handle for new calls. A
/// call that already finished is not affected. One handle may serve several calls.
///
/// Ownership: create it with `jc_cancel_new`, free it with `jc_cancel_free`. Calls
/// and options hold their own reference, so the handle may be freed while a call
/// using it still runs (that call can then no longer be cancelled through it).
///
/// Thread safety: `jc_cancel_trigger` may be called from any thread, at any time,
/// concurrently with anything but `jc_cancel_free` of the same handle.
///
/// Methods: `jc_cancel_new`, `jc_cancel_trigger`, `jc_cancel_is_triggered`,
/// `jc_cancel_free`, `jc_call_options_set_cancel`.
pub struct jc_cancel {
    _private: [u8; 0],
}

impl Castable for jc_cancel {
    type RustType = CancelHandle;
}

impl BoxCastable for jc_cancel {}

/// Per-call options: a timeout of the call's own and a cancel handle. Pass one to
/// `jc_invoke_opts`, `jc_call_opts`, `jc_call_v2_opts`, `jc_invoke_params_opts` or
/// `jc_submit_invoke`; NULL there means none. The call copies what it needs when it
/// starts: the options may be changed, reused for other calls or freed right after.
///
/// Ownership: create with `jc_call_options_new`, free with `jc_call_options_free`.
/// Thread safety: not synchronised; do not change one while another thread starts a
/// call with it. Starting several calls at once with the same options is fine.
///
/// Methods: `jc_call_options_new`, `jc_call_options_free`,
/// `jc_call_options_set_timeout_ms`, `jc_call_options_set_cancel`.
pub struct jc_call_options {
    _private: [u8; 0],
}

impl Castable for jc_call_options {
    type RustType = CallOptions;
}

impl BoxCastable for jc_call_options {}

/// Creates a cancel handle, not triggered.
///
/// Ownership: the caller frees it with `jc_cancel_free`. Returns NULL only if memory
/// is exhausted.
///
/// # Safety
/// Always safe to call.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jc_cancel_new() -> *mut jc_cancel {
    std::panic::catch_unwind(|| box_into_raw::<jc_cancel>(CancelHandle::new()))
        .unwrap_or(std::ptr::null_mut())
}

/// Cancels every call using this handle (see `jc_cancel`). Any thread, any number of
/// times (only the first has an effect); NULL does nothing. Returns once each blocked
/// call has been woken; each then returns `JC_STATUS_CANCELLED` on its own thread.
/// A call still queued by `jc_submit_invoke` is dropped, and its callback runs on
/// this thread before `jc_cancel_trigger` returns (so do not hold a lock here that
/// that callback takes).
///
/// # Safety
/// `cancel` is NULL or a live handle from `jc_cancel_new` (not freed meanwhile).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jc_cancel_trigger(cancel: *mut jc_cancel) {
    // SAFETY: NULL or a live handle (caller contract); only shared access is taken,
    // and `CancelHandle::cancel` is thread-safe.
    if let Some(handle) = unsafe { box_ref::<jc_cancel>(cancel) } {
        // A callback run from here (a dropped queued call) may panic; never into C.
        let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| handle.cancel()));
    }
}

/// True once `jc_cancel_trigger` has been called on this handle (false for NULL).
///
/// # Safety
/// As `jc_cancel_trigger`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jc_cancel_is_triggered(cancel: *const jc_cancel) -> bool {
    // SAFETY: NULL or a live handle (caller contract).
    unsafe { box_ref::<jc_cancel>(cancel) }.is_some_and(CancelHandle::is_cancelled)
}

/// Frees a cancel handle. NULL is fine. Calls that were given it keep running (and
/// can no longer be cancelled through it).
///
/// # Safety
/// `cancel` is NULL or a handle from `jc_cancel_new` not yet freed, that no other
/// thread is triggering at the same time. Freeing it twice is undefined behaviour.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jc_cancel_free(cancel: *mut jc_cancel) {
    // SAFETY: forwarded caller guarantee.
    unsafe { box_free::<jc_cancel>(cancel) }
}

/// Creates empty call options: no timeout of its own (the client's `timeout_ms`
/// applies), no cancel handle.
///
/// Ownership: the caller frees it with `jc_call_options_free`. Returns NULL only if
/// memory is exhausted.
///
/// # Safety
/// Always safe to call.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jc_call_options_new() -> *mut jc_call_options {
    std::panic::catch_unwind(|| box_into_raw::<jc_call_options>(CallOptions::new()))
        .unwrap_or(std::ptr::null_mut())
}

/// Frees call options. NULL is fine. Calls started with them are not affected.
///
/// # Safety
/// `options` is NULL or options from `jc_call_options_new` not yet freed and not in
/// use by another thread.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jc_call_options_free(options: *mut jc_call_options) {
    // SAFETY: forwarded caller guarantee.
    unsafe { box_free::<jc_call_options>(options) }
}

/// Bounds calls made with these options by `timeout_ms` milliseconds in total,
/// retries and their back-off included, instead of the client's `timeout_ms` (shorter
/// or longer); when it elapses the call fails with `JC_STATUS_TIMEOUT`. The client's
/// `connect_timeout_ms` still bounds each connection attempt. 0 removes the per-call
/// timeout (the client's applies again). NULL options: does nothing.
///
/// # Safety
/// `options` is NULL or live options not in use by another thread.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jc_call_options_set_timeout_ms(
    options: *mut jc_call_options,
    timeout_ms: u64,
) {
    // SAFETY: forwarded caller guarantee.
    if let Some(o) = unsafe { box_mut::<jc_call_options>(options) } {
        o.set_timeout((timeout_ms > 0).then(|| Duration::from_millis(timeout_ms)));
    }
}

/// Makes `cancel` stop calls started with these options (see `jc_cancel`); NULL
/// `cancel` removes the handle. The options take their own reference: `cancel` may be
/// freed afterwards, and triggering it (while not freed) cancels those calls. NULL
/// options: does nothing.
///
/// # Safety
/// `options` is NULL or live options not in use by another thread; `cancel` is NULL or
/// a live handle from `jc_cancel_new`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jc_call_options_set_cancel(
    options: *mut jc_call_options,
    cancel: *mut jc_cancel,
) {
    // SAFETY: forwarded caller guarantee.
    if let Some(o) = unsafe { box_mut::<jc_call_options>(options) } {
        // SAFETY: NULL or a live handle (caller contract).
        let handle = unsafe { box_ref::<jc_cancel>(cancel) }.cloned();
        o.set_cancel(handle);
    }
}

/// The options a call starts with: a copy of `options`, or none for NULL.
///
/// # Safety
/// `options` is NULL or live options nobody modifies during the call.
pub(crate) unsafe fn options_arg(options: *const jc_call_options) -> CallOptions {
    // SAFETY: forwarded caller guarantee.
    unsafe { box_ref::<jc_call_options>(options) }
        .cloned()
        .unwrap_or_default()
}
