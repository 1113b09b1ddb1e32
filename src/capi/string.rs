//! Strings out of the library: owned strings (`char **out, size_t *len_out`, freed with
//! `jc_string_free`) and the static version string.

use std::ffi::{CStr, CString, c_char};
use std::ptr::NonNull;

use crate::capi::boundary::{Failure, out_arg};

/// The two output pointers of an owned string result, checked before any work is done.
pub(crate) struct StringOut {
    ptr: NonNull<*mut c_char>,
    len: NonNull<usize>,
}

impl StringOut {
    /// Checks both output pointers; `ptr_name`/`len_name` are the C parameter names.
    pub(crate) fn new(
        ptr: *mut *mut c_char,
        len: *mut usize,
        ptr_name: &str,
        len_name: &str,
    ) -> Result<Self, Failure> {
        Ok(StringOut {
            ptr: out_arg(ptr, ptr_name)?,
            len: out_arg(len, len_name)?,
        })
    }

    /// Converts `text` to a C string, failing if it holds a NUL byte (JSON and query
    /// strings never do; a NUL would make `jc_string_free` free the wrong size).
    pub(crate) fn prepare(text: String) -> Result<CString, Failure> {
        CString::new(text).map_err(|_| Failure::internal("an output string contains a NUL byte"))
    }

    /// Serialises a JSON result for the caller (order kept as received).
    pub(crate) fn prepare_json(result: &serde_json::Value) -> Result<CString, Failure> {
        let text = serde_json::to_string(result)
            .map_err(|e| Failure::internal(format!("cannot serialise the result: {e}")))?;
        Self::prepare(text)
    }

    /// Hands `text` to the caller: the last, infallible step of a successful call.
    ///
    /// # Safety
    /// The pointers given to [`StringOut::new`] are still valid for writes.
    pub(crate) unsafe fn write(self, text: CString) {
        let len = text.as_bytes().len();
        // SAFETY: both pointers were checked non-NULL, and the caller guarantees they
        // are valid, aligned and writable.
        unsafe {
            self.len.as_ptr().write(len);
            self.ptr.as_ptr().write(text.into_raw());
        }
    }
}

/// Frees a string the library returned through a `char **..._out` argument. NULL is
/// fine (does nothing).
///
/// # Safety
/// `s` is NULL or a string returned by this library and not yet freed. Never pass
/// strings from other allocators, `jc_version`, `jc_status_str` or `jc_error_message`;
/// freeing twice is undefined behaviour.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jc_string_free(s: *mut c_char) {
    if !s.is_null() {
        // SAFETY: the caller guarantees `s` came from `CString::into_raw` in this
        // library (see `StringOut::write`) and is freed once.
        drop(unsafe { CString::from_raw(s) });
    }
}

/// The library version, as in `Cargo.toml`.
const VERSION: &CStr =
    match CStr::from_bytes_with_nul(concat!(env!("CARGO_PKG_VERSION"), "\0").as_bytes()) {
        Ok(v) => v,
        Err(_) => panic!("the package version contains a NUL byte"),
    };

/// The library version, e.g. `"0.1.0"`.
///
/// The string is static: never free it; it lives as long as the library is loaded.
/// Thread-safe.
///
/// # Safety
/// Always safe to call.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jc_version() -> *const c_char {
    VERSION.as_ptr()
}
