//! The boundary between C and Rust: one function that runs a body, catches panics, maps
//! failures to `jc_status` and fills the caller's `jc_error`; checked readers for the
//! pointers C hands in; and the casts between opaque C handles and Rust values.
//!
//! Every exported function is `boundary(err, || { ...checked reads...; core call;
//! ...writes... })`, with outputs written only as the last, infallible step.

use std::any::Any;
use std::ffi::c_char;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::ptr::NonNull;
use std::sync::Arc;

use crate::capi::error::jc_error;
use crate::capi::status::jc_status;
use justclick::error::Error;
use justclick::params::Params;

/// A failure on its way to C: the status plus what `jc_error` will report.
#[derive(Debug)]
pub(crate) struct Failure {
    pub(crate) status: jc_status,
    pub(crate) message: String,
    pub(crate) api_code: Option<i64>,
    pub(crate) http_status: Option<u16>,
    pub(crate) method: String,
    /// Whether the request may have reached the server (`Error::may_have_been_applied`).
    pub(crate) may_have_been_applied: bool,
    /// How many requests the call made (`Error::attempts`).
    pub(crate) attempts: u32,
    /// How long the call took (`Error::elapsed`).
    pub(crate) elapsed: std::time::Duration,
}

impl Failure {
    fn new(status: jc_status, message: String) -> Self {
        Failure {
            status,
            message,
            api_code: None,
            http_status: None,
            method: String::new(),
            may_have_been_applied: false,
            attempts: 0,
            elapsed: std::time::Duration::ZERO,
        }
    }

    /// `JC_STATUS_NULL_ARGUMENT` naming the argument.
    pub(crate) fn null(name: &str) -> Self {
        Self::new(jc_status::NullArgument, format!("argument {name} is NULL"))
    }

    /// `JC_STATUS_INVALID_ARGUMENT` with a message.
    pub(crate) fn invalid(message: impl Into<String>) -> Self {
        Self::new(jc_status::InvalidArgument, message.into())
    }

    /// `JC_STATUS_INTERNAL` with a message.
    pub(crate) fn internal(message: impl Into<String>) -> Self {
        Self::new(jc_status::Internal, message.into())
    }

    /// Names `method` in the error when nothing more specific named one (arguments
    /// refused before anything was sent).
    pub(crate) fn with_method(mut self, method: &str) -> Self {
        if self.method.is_empty() {
            method.clone_into(&mut self.method);
        }
        self
    }

    fn panic(payload: &(dyn Any + Send)) -> Self {
        let what = payload
            .downcast_ref::<&str>()
            .copied()
            .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
            .unwrap_or("(no message)");
        Self::new(
            jc_status::Panic,
            format!("internal error (panic) in libjustclick: {what}"),
        )
    }
}

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        let status = jc_status::of(&e);
        // For API errors C callers get the server's own text (PHP's `getMessage()`);
        // everything else gets the full, readable description.
        let message = match &e {
            Error::Api { text, .. } => text.clone(),
            other => other.to_string(),
        };
        Failure {
            status,
            message,
            api_code: e.api_code(),
            http_status: e.http_status(),
            method: e.method().unwrap_or_default().to_owned(),
            may_have_been_applied: e.may_have_been_applied(),
            attempts: e.attempts(),
            elapsed: e.elapsed(),
        }
    }
}

/// Runs `body`, catching any panic, and reports the outcome: returns the status and,
/// when `err` is not NULL, stores it in the error slot (`JC_STATUS_OK` and an empty
/// message on success).
///
/// The slot is written only after `body` has finished, so a caller may pass a string
/// borrowed from the same `jc_error` (its message) as an input.
///
/// # Safety
/// `err` is NULL or a live `jc_error` from `jc_error_new` that no other thread is
/// using during the call.
pub(crate) unsafe fn boundary<F>(err: *mut jc_error, body: F) -> jc_status
where
    F: FnOnce() -> Result<(), Failure>,
{
    // Unwind safety: on a panic nothing the body touched is observed again except the
    // error slot, which is written afresh below.
    let outcome = match catch_unwind(AssertUnwindSafe(body)) {
        Ok(result) => result,
        Err(payload) => {
            let failure = Failure::panic(payload.as_ref());
            // Dropping a payload can itself panic; never let that unwind into C.
            let _ = catch_unwind(AssertUnwindSafe(move || drop(payload)));
            Err(failure)
        }
    };
    let status = match &outcome {
        Ok(()) => jc_status::Ok,
        Err(f) => f.status,
    };
    // SAFETY: the caller guarantees `err` is NULL or a live, unshared `jc_error`.
    if let Some(slot) = unsafe { box_mut::<jc_error>(err) } {
        // Filling the slot allocates; a panic there must not cross into C either.
        let stored = catch_unwind(AssertUnwindSafe(|| slot.store(outcome)));
        if stored.is_err() {
            slot.store_static_panic();
        }
    }
    status
}

/// Reads a `(const char *p, size_t len)` string argument: NULL with length 0 is the
/// empty string; NULL with a length is `JC_STATUS_NULL_ARGUMENT`; bytes that are not
/// UTF-8 are `JC_STATUS_INVALID_ARGUMENT`. `name` is the C parameter name.
///
/// # Safety
/// `ptr` is NULL or points to `len` readable bytes that stay unchanged for `'a`.
pub(crate) unsafe fn str_arg<'a>(
    ptr: *const c_char,
    len: usize,
    name: &str,
) -> Result<&'a str, Failure> {
    // SAFETY: forwarded caller contract.
    let bytes = unsafe { bytes_arg(ptr, len, name) }?;
    utf8(bytes).map_err(|offset| {
        Failure::invalid(format!(
            "argument {name} is not UTF-8 text (bad byte at offset {offset}; JustClick works in UTF-8)"
        ))
    })
}

/// [`str_arg`] without the UTF-8 check: the bytes, for callers that name a bad one
/// themselves (a parameter's key path rather than the C argument).
///
/// # Safety
/// As [`str_arg`].
pub(crate) unsafe fn bytes_arg<'a>(
    ptr: *const c_char,
    len: usize,
    name: &str,
) -> Result<&'a [u8], Failure> {
    if ptr.is_null() {
        return if len == 0 {
            Ok(&[])
        } else {
            Err(Failure::null(name))
        };
    }
    if isize::try_from(len).is_err() {
        return Err(Failure::invalid(format!(
            "argument {name} has an impossible length {len}"
        )));
    }
    // SAFETY: `ptr` is not NULL, `len` fits in `isize`, and the caller guarantees `len`
    // readable, unchanging bytes for `'a`.
    Ok(unsafe { std::slice::from_raw_parts(ptr.cast::<u8>(), len) })
}

/// The bytes as text, or the offset of the first byte that is not UTF-8.
pub(crate) fn utf8(bytes: &[u8]) -> Result<&str, usize> {
    // Keys and most values are ASCII, which `is_ascii` checks several times faster
    // than the general UTF-8 validation (measured on `jc_params`: a tenth of signing).
    if bytes.is_ascii() {
        // SAFETY: every byte is ASCII, so the bytes are valid UTF-8.
        return Ok(unsafe { std::str::from_utf8_unchecked(bytes) });
    }
    std::str::from_utf8(bytes).map_err(|e| e.valid_up_to())
}

/// Reads a `params_json` argument: NULL or empty (after trimming whitespace) is the
/// empty parameter set; otherwise JSON parsed order-preserving into [`Params`] (an
/// object, or a list, or `[]`/`null` for none).
///
/// # Safety
/// As [`str_arg`].
pub(crate) unsafe fn params_arg(
    ptr: *const c_char,
    len: usize,
    name: &str,
) -> Result<Params, Failure> {
    // SAFETY: forwarded caller guarantee.
    let text = unsafe { str_arg(ptr, len, name) }?;
    if text.trim().is_empty() {
        return Ok(Params::new());
    }
    Params::from_json(text).map_err(|e| match e {
        Error::InvalidArgument { message, .. } => Failure::invalid(format!("{name}: {message}")),
        other => Failure::from(other),
    })
}

/// Reads a `fields_json` argument: as [`params_arg`], but only a JSON object (or
/// nothing: NULL, empty, `null`, `[]`) is accepted.
///
/// # Safety
/// As [`str_arg`].
pub(crate) unsafe fn object_arg(
    ptr: *const c_char,
    len: usize,
    name: &str,
) -> Result<Params, Failure> {
    // SAFETY: forwarded caller guarantee.
    let text = unsafe { str_arg(ptr, len, name) }?;
    let trimmed = text.trim();
    let is_object = trimmed.is_empty()
        || trimmed.starts_with('{')
        || trimmed == "null"
        || trimmed
            .strip_prefix('[')
            .and_then(|r| r.strip_suffix(']'))
            .is_some_and(|r| r.trim().is_empty());
    if !is_object {
        return Err(Failure::invalid(format!(
            "{name} must be a JSON object of field names and values"
        )));
    }
    // SAFETY: forwarded caller guarantee.
    unsafe { params_arg(ptr, len, name) }
}

/// Checks an output pointer before any work is done, so that a NULL output fails the
/// call up front instead of after a network round trip.
pub(crate) fn out_arg<T>(ptr: *mut T, name: &str) -> Result<NonNull<T>, Failure> {
    NonNull::new(ptr).ok_or_else(|| Failure::null(name))
}

/// Ties an opaque C handle type to the Rust value behind it.
pub(crate) trait Castable {
    /// The Rust type a handle pointer points to.
    type RustType;
}

/// Handles created with `Arc::into_raw`: shared, immutable, thread-safe.
pub(crate) trait ArcCastable: Castable {}

/// Handles created with `Box::into_raw`: one owner, mutable.
pub(crate) trait BoxCastable: Castable {}

/// Moves `value` into a new `Arc` and returns it as a handle (strong count 1).
pub(crate) fn arc_into_raw<C: ArcCastable>(value: C::RustType) -> *const C {
    Arc::into_raw(Arc::new(value)).cast::<C>()
}

/// Borrows the value behind an Arc handle; NULL is `JC_STATUS_NULL_ARGUMENT`.
///
/// # Safety
/// `ptr` is NULL or a handle from [`arc_into_raw`] for `C` that is not freed during `'a`.
pub(crate) unsafe fn arc_ref<'a, C: ArcCastable>(
    ptr: *const C,
    name: &str,
) -> Result<&'a C::RustType, Failure> {
    if ptr.is_null() {
        return Err(Failure::null(name));
    }
    // SAFETY: not NULL, and by the caller's guarantee it came from `Arc::into_raw` of a
    // `C::RustType` that is still alive.
    Ok(unsafe { &*ptr.cast::<C::RustType>() })
}

/// Adds a reference to an Arc handle and returns the new handle (the same pointer).
///
/// # Safety
/// `ptr` is a live handle from [`arc_into_raw`] for `C` (not NULL).
pub(crate) unsafe fn arc_clone<C: ArcCastable>(ptr: *const C) -> *const C {
    // SAFETY: the caller guarantees a live pointer from `Arc::into_raw`.
    unsafe { Arc::increment_strong_count(ptr.cast::<C::RustType>()) };
    ptr
}

/// Releases one reference to an Arc handle; NULL does nothing.
///
/// # Safety
/// `ptr` is NULL or a handle from [`arc_into_raw`]/[`arc_clone`] for `C` whose
/// reference has not been released yet.
pub(crate) unsafe fn arc_free<C: ArcCastable>(ptr: *const C) {
    if !ptr.is_null() {
        // SAFETY: the caller guarantees this reference was produced by
        // `Arc::into_raw`/`increment_strong_count` and is released exactly once.
        drop(unsafe { Arc::from_raw(ptr.cast::<C::RustType>()) });
    }
}

/// Moves `value` into a new `Box` and returns it as a handle.
pub(crate) fn box_into_raw<C: BoxCastable>(value: C::RustType) -> *mut C {
    Box::into_raw(Box::new(value)).cast::<C>()
}

/// Borrows the value behind a Box handle mutably; NULL gives `None`.
///
/// # Safety
/// `ptr` is NULL or a live handle from [`box_into_raw`] for `C`, used by nothing else
/// during `'a`.
pub(crate) unsafe fn box_mut<'a, C: BoxCastable>(ptr: *mut C) -> Option<&'a mut C::RustType> {
    // SAFETY: by the caller's guarantee, a non-NULL `ptr` came from `Box::into_raw` of a
    // live `C::RustType` with no other users.
    unsafe { ptr.cast::<C::RustType>().as_mut() }
}

/// Borrows the value behind a Box handle; NULL gives `None`.
///
/// # Safety
/// `ptr` is NULL or a live handle from [`box_into_raw`] for `C` that nothing mutates
/// during `'a`.
pub(crate) unsafe fn box_ref<'a, C: BoxCastable>(ptr: *const C) -> Option<&'a C::RustType> {
    // SAFETY: by the caller's guarantee, a non-NULL `ptr` came from `Box::into_raw` of a
    // live `C::RustType` that is not being mutated.
    unsafe { ptr.cast::<C::RustType>().as_ref() }
}

/// Frees a Box handle; NULL does nothing.
///
/// # Safety
/// `ptr` is NULL or a live handle from [`box_into_raw`] for `C`, freed exactly once.
pub(crate) unsafe fn box_free<C: BoxCastable>(ptr: *mut C) {
    if !ptr.is_null() {
        // SAFETY: the caller guarantees a live pointer from `Box::into_raw`, freed once.
        drop(unsafe { Box::from_raw(ptr.cast::<C::RustType>()) });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_in() {
        // SAFETY: NULL with length 0 and NULL with a length are both allowed inputs.
        unsafe {
            assert_eq!(str_arg(std::ptr::null(), 0, "s").unwrap(), "");
            let e = str_arg(std::ptr::null(), 3, "lead_email").unwrap_err();
            assert_eq!(e.status, jc_status::NullArgument);
            assert!(e.message.contains("lead_email"));
        }
        let bad = [b'a', 0xff, b'b'];
        // SAFETY: `bad` is 3 readable bytes.
        let e = unsafe { str_arg(bad.as_ptr().cast(), 3, "x") }.unwrap_err();
        assert_eq!(e.status, jc_status::InvalidArgument);
        assert!(e.message.contains("offset 1"), "{}", e.message);
    }

    #[test]
    fn panics_become_a_status() {
        // SAFETY: a NULL error slot is allowed.
        let s = unsafe { boundary(std::ptr::null_mut(), || panic!("boom")) };
        assert_eq!(s, jc_status::Panic);
    }
}
