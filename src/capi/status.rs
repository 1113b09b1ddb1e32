//! `jc_status`: the result of every fallible C function.

use std::ffi::{CStr, c_char};
use std::mem::MaybeUninit;

use justclick::error::{Error, ErrorKind};

/// The result of a fallible `jc_*` function: `JC_STATUS_OK` (0) or the kind of failure.
///
/// The values are stable and grouped in ranges of 1000: arguments (1000s), transport
/// (2000s), HTTP answers (3000s), API errors (4000s), signatures (5000s), internal
/// (9000s). New values may be added inside a range; existing ones are never renumbered
/// (retired ones stay as "reserved" comments). Treat unknown values as failures.
///
/// Details of a failure (message, API code, HTTP status) are in the `jc_error` passed
/// to the call, when one was passed.
///
/// Methods: `jc_status_str`.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum jc_status {
    /// Success. Outputs have been written.
    Ok = 0,
    /// A required pointer argument was NULL (or a string was NULL with a non-zero
    /// length). The message names the argument.
    NullArgument = 1000,
    /// An argument was refused before anything was sent: not UTF-8, not valid JSON,
    /// a parameter shape PHP would rewrite, an unknown client option, a bad URL, … The
    /// message says which and why. Fix the input; retrying will not help.
    InvalidArgument = 1001,
    /// The handle refers to a call that already finished: `jc_call_cancel` after the
    /// call's callback started. Nothing was changed; not an error of the call.
    AlreadyDone = 1002,
    /// The request could not be sent or the answer not received (DNS, refused
    /// connection, reset, closed mid-response).
    Transport = 2000,
    /// The connect or total timeout elapsed.
    Timeout = 2001,
    /// TLS failed: untrusted certificate, wrong host name, handshake failure.
    Tls = 2002,
    /// The call was cancelled (`jc_cancel_trigger`, `jc_call_cancel`, or its client
    /// freed while it was queued or running). `jc_error_may_have_been_applied` tells
    /// whether the request had been written before. Never retried by the library.
    Cancelled = 2003,
    /// The client's queue of submitted calls was full (`queue_capacity`): nothing was
    /// sent. Try again when calls have finished.
    QueueFull = 2004,
    /// The server's answer was not a usable JustClick envelope (HTML error page,
    /// truncated or empty body, too large, refused redirect). `jc_error_http_status`
    /// gives the HTTP status.
    BadResponse = 3000,
    /// JustClick answered with a genuine (signature-verified) non-zero `error_code`.
    /// `jc_error_api_code` gives the code, `jc_error_message` the server's `error_text`.
    ApiError = 4000,
    /// A response's `hash` did not prove it came from JustClick (forged, tampered, or
    /// the secret is wrong); nothing in it was trusted. Also what `jc_check_hash`
    /// returns for a response that is not genuine.
    BadSignature = 5000,
    /// A bug: the library panicked. The panic was caught; the process is intact and
    /// the library remains usable. Please report the message.
    Panic = 9000,
    /// A bug: an internal invariant failed (for example an output string containing a
    /// NUL byte). Please report the message.
    Internal = 9001,
}

impl jc_status {
    /// The status for a core error.
    pub(crate) fn of(e: &Error) -> Self {
        match e.kind() {
            ErrorKind::InvalidArgument => jc_status::InvalidArgument,
            ErrorKind::Api => jc_status::ApiError,
            ErrorKind::BadSignature => jc_status::BadSignature,
            ErrorKind::BadResponse => jc_status::BadResponse,
            ErrorKind::Transport => jc_status::Transport,
            ErrorKind::Timeout => jc_status::Timeout,
            ErrorKind::Tls => jc_status::Tls,
            ErrorKind::Cancelled => jc_status::Cancelled,
            ErrorKind::QueueFull => jc_status::QueueFull,
            // A kind added to the core before this library maps it: a bug, reported as
            // such rather than as a wrong kind.
            _ => jc_status::Internal,
        }
    }

    /// The name as a static C string (`"JC_STATUS_OK"`, …).
    pub(crate) fn name(self) -> &'static CStr {
        match self {
            jc_status::Ok => c"JC_STATUS_OK",
            jc_status::NullArgument => c"JC_STATUS_NULL_ARGUMENT",
            jc_status::InvalidArgument => c"JC_STATUS_INVALID_ARGUMENT",
            jc_status::AlreadyDone => c"JC_STATUS_ALREADY_DONE",
            jc_status::Transport => c"JC_STATUS_TRANSPORT",
            jc_status::Timeout => c"JC_STATUS_TIMEOUT",
            jc_status::Tls => c"JC_STATUS_TLS",
            jc_status::Cancelled => c"JC_STATUS_CANCELLED",
            jc_status::QueueFull => c"JC_STATUS_QUEUE_FULL",
            jc_status::BadResponse => c"JC_STATUS_BAD_RESPONSE",
            jc_status::ApiError => c"JC_STATUS_API_ERROR",
            jc_status::BadSignature => c"JC_STATUS_BAD_SIGNATURE",
            jc_status::Panic => c"JC_STATUS_PANIC",
            jc_status::Internal => c"JC_STATUS_INTERNAL",
        }
    }

    /// Every status, for lookups from a raw value.
    const ALL: [jc_status; 14] = [
        jc_status::Ok,
        jc_status::NullArgument,
        jc_status::InvalidArgument,
        jc_status::AlreadyDone,
        jc_status::Transport,
        jc_status::Timeout,
        jc_status::Tls,
        jc_status::Cancelled,
        jc_status::QueueFull,
        jc_status::BadResponse,
        jc_status::ApiError,
        jc_status::BadSignature,
        jc_status::Panic,
        jc_status::Internal,
    ];

    /// The status with this raw value, if any.
    pub(crate) fn from_raw(raw: i64) -> Option<Self> {
        Self::ALL.into_iter().find(|s| *s as i64 == raw)
    }
}

/// The name of a status as a static string, e.g. `"JC_STATUS_API_ERROR"`.
///
/// Returns `"JC_STATUS_UNKNOWN"` for a value that is not a `jc_status` (a PHP or C
/// caller may pass any integer). The string is static: never free it, it lives as long
/// as the library is loaded. Thread-safe.
///
/// # Safety
/// Always safe to call; the argument is read as a plain integer.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jc_status_str(status: MaybeUninit<jc_status>) -> *const c_char {
    // SAFETY: `MaybeUninit<jc_status>` has the size and ABI of `jc_status`, a C enum,
    // which on every supported target is a C `int`; reading it as one accepts any
    // value C passes without assuming it is a valid discriminant.
    let raw: i32 = unsafe { std::mem::transmute::<MaybeUninit<jc_status>, i32>(status) };
    jc_status::from_raw(i64::from(raw))
        .map_or(c"JC_STATUS_UNKNOWN", jc_status::name)
        .as_ptr()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_screaming_and_values_round_trip() {
        for s in jc_status::ALL {
            let name = s.name().to_str().unwrap();
            assert!(name.starts_with("JC_STATUS_"), "{name}");
            assert_eq!(jc_status::from_raw(s as i64), Some(s));
        }
        assert_eq!(jc_status::from_raw(7), None);
    }
}
