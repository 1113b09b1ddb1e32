//! The submit-and-callback form for event loops (`jc_submit_invoke`, `jc_pending_call`): a call
//! is queued on the client's bounded worker pool and a C callback receives its outcome.

use std::ffi::{CString, c_char, c_void};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};

use serde_json::Value as Json;

use crate::capi::boundary::{
    ArcCastable, Castable, Failure, arc_free, arc_ref, boundary, out_arg, params_arg, str_arg,
};
use crate::capi::cancel::{jc_call_options, options_arg};
use crate::capi::client::jc_client;
use crate::capi::error::{ErrorSlot, jc_error};
use crate::capi::params::{builder_params, jc_params};
use crate::capi::status::jc_status;
use justclick::client::{CallHandle, Client};
use justclick::error::Error;
use justclick::params::Params;

/// Receives the outcome of a call made with `jc_submit_invoke` (or another `jc_submit_*`
/// function). Called exactly once per accepted call.
///
/// - `user_data`: the pointer given to `jc_submit_*`, untouched.
/// - `status`: `JC_STATUS_OK`, or the failure (`JC_STATUS_CANCELLED` for a cancelled
///   call, `JC_STATUS_TIMEOUT`, `JC_STATUS_API_ERROR`, ...), exactly as the blocking
///   form would have returned it.
/// - `result_json`, `result_len`: on `JC_STATUS_OK`, the verified `result` as
///   NUL-terminated JSON (`null` when absent) and its length; NULL and 0 otherwise.
/// - `err`: the details of a failure, read with `jc_error_message`, `jc_error_api_code`,
///   `jc_error_may_have_been_applied`, ... (status `JC_STATUS_OK` on success). Never
///   NULL.
///
/// Ownership: `result_json` and `err` belong to the library and are valid only until
/// the callback returns: copy what you need. Do not free them.
pub type jc_completion_fn = Option<
    unsafe extern "C" fn(
        user_data: *mut c_void,
        status: jc_status,
        result_json: *const c_char,
        result_len: usize,
        err: *const jc_error,
    ),
>;

/// A call submitted with `jc_submit_invoke` (or another `jc_submit_*` function): a handle
/// to cancel it or to ask whether it finished.
///
/// Ownership: the caller owns it and frees it with `jc_pending_call_free`, at any time: before
/// the call finished (the call goes on and its callback still runs: freeing does not
/// cancel), inside its own callback, or after. Pass NULL as `call_out` when no handle
/// is needed.
///
/// Thread safety: `jc_pending_call_cancel` and `jc_pending_call_is_done` may be called from any thread,
/// concurrently, but not after or during `jc_pending_call_free` of the same handle.
///
/// Methods: `jc_pending_call_cancel`, `jc_pending_call_is_done`, `jc_pending_call_free`.
pub struct jc_pending_call {
    _private: [u8; 0],
}

/// What a `jc_pending_call` holds, shared with the call's completion.
pub(crate) struct CallState {
    /// Set when the callback starts.
    done: AtomicBool,
    /// The core's handle, set once `submit` returned.
    handle: OnceLock<CallHandle>,
}

impl Castable for jc_pending_call {
    type RustType = CallState;
}

impl ArcCastable for jc_pending_call {}

/// The caller's `user_data`, carried to the thread that completes the call.
struct UserData(*mut c_void);

// SAFETY: the caller of `jc_submit_*` is told the pointer is handed to the callback on
// another thread (a pool worker, or a thread that cancels the call); the library never
// dereferences it.
unsafe impl Send for UserData {}

/// Which generic call a submitted job makes.
#[derive(Clone, Copy)]
enum Kind {
    Call,
    CallV2,
    Invoke,
}

impl Kind {
    fn run(self, client: &Client, method: &str, params: &Params) -> Result<Json, Error> {
        match self {
            Kind::Call => client.call(method, params),
            Kind::CallV2 => client.call_v2(method, params),
            Kind::Invoke => client.invoke(method, params),
        }
    }
}

/// Runs the C callback with the call's outcome (on whichever thread completed it).
fn complete(
    callback: unsafe extern "C" fn(*mut c_void, jc_status, *const c_char, usize, *const jc_error),
    user_data: UserData,
    state: &CallState,
    result: Result<Json, Error>,
) {
    state.done.store(true, Ordering::SeqCst);
    let mut slot = ErrorSlot::default();
    // Serialising and filling the slot allocate; a panic there becomes a status.
    let prepared = catch_unwind(AssertUnwindSafe(|| match result {
        Ok(json) => match serde_json::to_string(&json).map(CString::new) {
            Ok(Ok(text)) => Ok(text),
            _ => Err(Failure::internal("cannot serialise the result")),
        },
        Err(e) => Err(Failure::from(e)),
    }))
    .unwrap_or_else(|_| {
        Err(Failure::internal(
            "internal error (panic) preparing a result",
        ))
    });
    let (status, text) = match prepared {
        Ok(text) => (jc_status::Ok, Some(text)),
        Err(f) => {
            let status = f.status;
            slot.store(Err(f));
            (status, None)
        }
    };
    let (ptr, len) = text
        .as_ref()
        .map_or((std::ptr::null(), 0), |t| (t.as_ptr(), t.as_bytes().len()));
    let err = std::ptr::from_ref(&slot).cast::<jc_error>();
    // SAFETY: `callback` is the caller's function, given for exactly this call; the
    // pointers are valid until it returns (`text` and `slot` outlive the call), and
    // `err` points to an `ErrorSlot`, the type behind a `jc_error` handle.
    unsafe { callback(user_data.0, status, ptr, len, err) };
}

/// The shared body of the `jc_submit_*` functions.
///
/// # Safety
/// As the exported functions: every pointer NULL or valid for its documented use.
#[allow(clippy::too_many_arguments)] // the C signature, plus the call kind
unsafe fn submit_with(
    kind: Kind,
    client: *const jc_client,
    method: *const c_char,
    method_len: usize,
    params: impl FnOnce() -> Result<Params, Failure>,
    options: *const jc_call_options,
    callback: jc_completion_fn,
    user_data: *mut c_void,
    call_out: *mut *mut jc_pending_call,
    err: *mut jc_error,
) -> jc_status {
    let body = || {
        let callback = callback.ok_or_else(|| Failure::null("callback"))?;
        // SAFETY: `client` is NULL or a live client (caller contract).
        let client = unsafe { arc_ref::<jc_client>(client, "client") }?;
        // SAFETY: `method` is NULL or readable for its length (caller contract).
        let method = unsafe { str_arg(method, method_len, "method") }?;
        let params = params().map_err(|f| f.with_method(method))?;
        // SAFETY: `options` is NULL or live options (caller contract).
        let view = client.with_options(unsafe { options_arg(options) });
        let state = Arc::new(CallState {
            done: AtomicBool::new(false),
            handle: OnceLock::new(),
        });
        let user_data = UserData(user_data);
        let completion = Arc::clone(&state);
        let name = method.to_owned();
        let submitted = view.submit(
            method,
            move |c: &Client| kind.run(c, &name, &params),
            move |result| complete(callback, user_data, &completion, result),
        );
        match submitted {
            Ok(handle) => {
                let _ = state.handle.set(handle);
            }
            // Refused, but completed anyway (a closed client, a handle cancelled
            // before the call was queued): the callback has run, with
            // JC_STATUS_CANCELLED; the call counts as accepted.
            Err(_) if state.done.load(Ordering::SeqCst) => {}
            Err(e) => return Err(Failure::from(e)),
        }
        if let Ok(out) = out_arg(call_out, "call_out") {
            // SAFETY: `call_out` is not NULL and writable (caller contract).
            unsafe {
                out.as_ptr()
                    .write(Arc::into_raw(state).cast::<jc_pending_call>().cast_mut())
            };
        }
        Ok(())
    };
    // SAFETY: `err` is NULL or a live, unshared `jc_error` (caller contract).
    unsafe { boundary(err, body) }
}

/// Queues any of the 29 documented methods on the client's worker pool, as `jc_invoke`
/// would call it, and returns at once; `callback(user_data, status, result_json,
/// result_len, err)` receives the outcome. For event loops (libuv, nginx, epoll) and
/// other code that must not block: hand the outcome back to your loop from the
/// callback (`uv_async_send`, an eventfd, a pipe).
///
/// `options`: per-call timeout and cancel handle (`jc_call_options`), or NULL.
/// `call_out`: receives a new `jc_pending_call` handle (to cancel the call), or NULL when none
/// is wanted. `callback` must not be NULL.
///
/// Returns `JC_STATUS_OK` when the call was accepted: `callback` then runs exactly
/// once. Any other status means it was refused and `callback` never runs (nor is
/// `*call_out` written): `JC_STATUS_NULL_ARGUMENT`/`JC_STATUS_INVALID_ARGUMENT` for
/// the arguments (the method and params are checked here), `JC_STATUS_QUEUE_FULL` when
/// the client's queue (`queue_capacity`, default 1024 calls) is full,
/// `JC_STATUS_CANCELLED` when the options' cancel handle is already triggered or the
/// client is already closing.
///
/// Which thread runs `callback`:
/// - normally one of the client's worker threads (at most `max_concurrency` of them,
///   default 16, started on demand; never the thread that called `jc_submit_*`);
/// - when the call is cancelled while still queued (`jc_pending_call_cancel`,
///   `jc_cancel_trigger`, or freeing the client), the thread that cancelled it, before
///   that function returns.
///
/// Callbacks of different calls may run at the same time on different threads.
///
/// What `callback` may do: anything quick. It may free this call's `jc_pending_call`, submit
/// further calls (on any client), cancel other calls, free `jc_error`s and strings of
/// its own, and free the client. It should not block for long (it holds a worker,
/// and other calls queue behind it) and must not unwind (a C++ exception escaping it
/// terminates the program).
///
/// Ownership: `client`, `method`, `params_json` and `options` are only read during
/// this call (copied as needed): they may be freed as soon as it returns. `user_data`
/// is passed to `callback` as is; it must stay valid until `callback` has run.
///
/// Freeing the client (the last `jc_client_free` of it and its clones) with calls
/// outstanding cancels them: queued ones are dropped, never sent, and their callbacks
/// run with `JC_STATUS_CANCELLED` on the freeing thread before `jc_client_free`
/// returns; running ones are interrupted and their callbacks run on their worker
/// threads shortly after. Every accepted call's callback runs exactly once either way.
///
/// # Safety
/// `client` is NULL or a live client; each string is NULL or readable for its length;
/// `options` is NULL or live options; `callback` is NULL or a function safe to call
/// from any thread with `user_data`; `call_out` is NULL or writable; `err` is NULL or
/// a live `jc_error`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jc_submit_invoke(
    client: *const jc_client,
    method: *const c_char,
    method_len: usize,
    params_json: *const c_char,
    params_json_len: usize,
    options: *const jc_call_options,
    callback: jc_completion_fn,
    user_data: *mut c_void,
    call_out: *mut *mut jc_pending_call,
    err: *mut jc_error,
) -> jc_status {
    // SAFETY: forwarded caller contract; read within the call.
    let params = || unsafe { params_arg(params_json, params_json_len, "params_json") };
    // SAFETY: forwarded caller contract.
    unsafe {
        submit_with(
            Kind::Invoke,
            client,
            method,
            method_len,
            params,
            options,
            callback,
            user_data,
            call_out,
            err,
        )
    }
}

/// `jc_submit_invoke` for any API 1.0 method, as `jc_call` makes it (raw: no
/// method-specific rules). Everything else as `jc_submit_invoke`.
///
/// # Safety
/// As `jc_submit_invoke`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jc_submit_call(
    client: *const jc_client,
    method: *const c_char,
    method_len: usize,
    params_json: *const c_char,
    params_json_len: usize,
    options: *const jc_call_options,
    callback: jc_completion_fn,
    user_data: *mut c_void,
    call_out: *mut *mut jc_pending_call,
    err: *mut jc_error,
) -> jc_status {
    // SAFETY: forwarded caller contract; read within the call.
    let params = || unsafe { params_arg(params_json, params_json_len, "params_json") };
    // SAFETY: forwarded caller contract.
    unsafe {
        submit_with(
            Kind::Call,
            client,
            method,
            method_len,
            params,
            options,
            callback,
            user_data,
            call_out,
            err,
        )
    }
}

/// `jc_submit_invoke` for any API 2.0 method, as `jc_call_v2` makes it. Everything
/// else as `jc_submit_invoke`.
///
/// # Safety
/// As `jc_submit_invoke`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jc_submit_call_v2(
    client: *const jc_client,
    method: *const c_char,
    method_len: usize,
    params_json: *const c_char,
    params_json_len: usize,
    options: *const jc_call_options,
    callback: jc_completion_fn,
    user_data: *mut c_void,
    call_out: *mut *mut jc_pending_call,
    err: *mut jc_error,
) -> jc_status {
    // SAFETY: forwarded caller contract; read within the call.
    let params = || unsafe { params_arg(params_json, params_json_len, "params_json") };
    // SAFETY: forwarded caller contract.
    unsafe {
        submit_with(
            Kind::CallV2,
            client,
            method,
            method_len,
            params,
            options,
            callback,
            user_data,
            call_out,
            err,
        )
    }
}

/// `jc_submit_invoke` with the parameters given as a `jc_params` (copied here: it may
/// be cleared or freed as soon as this returns). Everything else as
/// `jc_submit_invoke`.
///
/// # Safety
/// As `jc_submit_invoke`; `params` is NULL or a live `jc_params` nobody modifies during
/// the call.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jc_submit_invoke_params(
    client: *const jc_client,
    method: *const c_char,
    method_len: usize,
    params: *const jc_params,
    options: *const jc_call_options,
    callback: jc_completion_fn,
    user_data: *mut c_void,
    call_out: *mut *mut jc_pending_call,
    err: *mut jc_error,
) -> jc_status {
    // SAFETY: forwarded caller contract; read within the call.
    let params = || unsafe { builder_params(params) };
    // SAFETY: forwarded caller contract.
    unsafe {
        submit_with(
            Kind::Invoke,
            client,
            method,
            method_len,
            params,
            options,
            callback,
            user_data,
            call_out,
            err,
        )
    }
}

/// Cancels a submitted call (see `jc_cancel` for what cancelling does). Returns:
/// - `JC_STATUS_OK`: the cancel was delivered before the call finished. A queued call
///   is dropped, never sent, and its callback has run with `JC_STATUS_CANCELLED` on
///   this thread by the time this returns; a running one is interrupted and its
///   callback follows on its worker thread (with `JC_STATUS_CANCELLED`, or the real
///   outcome if the answer had already been taken in).
/// - `JC_STATUS_ALREADY_DONE`: the callback had already started; nothing changes.
///   Cancelling twice gives this (or `JC_STATUS_OK` again while a running call is
///   still being interrupted).
/// - `JC_STATUS_NULL_ARGUMENT` for NULL.
///
/// Any thread. Do not hold a lock here that a callback of a queued call takes.
///
/// # Safety
/// `call` is NULL or a live handle from `jc_submit_*`, not freed meanwhile.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jc_pending_call_cancel(call: *mut jc_pending_call) -> jc_status {
    // SAFETY: NULL or a live handle (caller contract).
    let Ok(state) = (unsafe { arc_ref::<jc_pending_call>(call, "call") }) else {
        return jc_status::NullArgument;
    };
    if state.done.load(Ordering::SeqCst) {
        return jc_status::AlreadyDone;
    }
    if let Some(handle) = state.handle.get() {
        // A completion run from here (a dropped queued call) reaches C code; a panic
        // on the way must not.
        let _ = catch_unwind(AssertUnwindSafe(|| handle.cancel()));
    }
    jc_status::Ok
}

/// True once the call's callback has started (false for NULL).
///
/// # Safety
/// As `jc_pending_call_cancel`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jc_pending_call_is_done(call: *const jc_pending_call) -> bool {
    // SAFETY: NULL or a live handle (caller contract).
    unsafe { arc_ref::<jc_pending_call>(call, "call") }.is_ok_and(|s| s.done.load(Ordering::SeqCst))
}

/// Frees a call handle. NULL is fine. Does not cancel the call: its callback still
/// runs. May be called from inside the call's own callback.
///
/// # Safety
/// `call` is NULL or a handle from `jc_submit_*` not yet freed, and not in use by
/// another thread. Freeing it twice is undefined behaviour.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jc_pending_call_free(call: *mut jc_pending_call) {
    // SAFETY: forwarded caller guarantee.
    unsafe { arc_free::<jc_pending_call>(call) }
}
