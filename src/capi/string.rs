//! Strings out of the library: owned strings (`char **out, size_t *len_out`, freed with
//! `jc_string_free`) and the static version string.

use std::alloc::{Layout, alloc, dealloc};
use std::ffi::{CStr, c_char};
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

    /// Copies `text` into a new caller-owned C string, failing if it holds a NUL byte
    /// (JSON and query strings never do) or memory runs out.
    pub(crate) fn prepare(text: &str) -> Result<OutText, Failure> {
        OutText::new(text.as_bytes())
    }

    /// Serialises a JSON result for the caller (order kept as received).
    pub(crate) fn prepare_json(result: &serde_json::Value) -> Result<OutText, Failure> {
        let text = serde_json::to_string(result)
            .map_err(|e| Failure::internal(format!("cannot serialise the result: {e}")))?;
        Self::prepare(&text)
    }

    /// Hands `text` to the caller: the last, infallible step of a successful call.
    ///
    /// # Safety
    /// The pointers given to [`StringOut::new`] are still valid for writes.
    pub(crate) unsafe fn write(self, text: OutText) {
        let len = text.len;
        let ptr = text.into_raw();
        // SAFETY: both pointers were checked non-NULL, and the caller guarantees they
        // are valid, aligned and writable.
        unsafe {
            self.len.as_ptr().write(len);
            self.ptr.as_ptr().write(ptr);
        }
    }
}

/// Bytes in front of every returned string, holding its allocation size, so that
/// `jc_string_free` never reads the text: the caller may modify it freely (in-place
/// JSON parsers write NUL bytes into it).
const HEADER: usize = 16;

fn text_layout(size: usize) -> Option<Layout> {
    Layout::from_size_align(HEADER.checked_add(size)?, HEADER).ok()
}

/// A caller-owned string being prepared: `HEADER` bytes (the text size, NUL included),
/// the text, a NUL. Freed here unless handed out.
pub(crate) struct OutText {
    base: NonNull<u8>,
    len: usize,
}

impl OutText {
    fn new(bytes: &[u8]) -> Result<Self, Failure> {
        if bytes.contains(&0) {
            return Err(Failure::internal("an output string contains a NUL byte"));
        }
        let size = bytes.len() + 1;
        let layout =
            text_layout(size).ok_or_else(|| Failure::internal("an output string is too long"))?;
        // SAFETY: the layout has a non-zero size (at least HEADER + 1).
        let base = NonNull::new(unsafe { alloc(layout) }).ok_or_else(|| {
            Failure::internal(format!("out of memory for a {size}-byte output string"))
        })?;
        // SAFETY: `base` is a fresh allocation of HEADER + size bytes aligned to HEADER
        // (enough for a usize); the text and its NUL fit after the header, and `bytes`
        // cannot overlap a fresh allocation.
        unsafe {
            base.as_ptr().cast::<usize>().write(size);
            let text = base.as_ptr().add(HEADER);
            std::ptr::copy_nonoverlapping(bytes.as_ptr(), text, bytes.len());
            text.add(bytes.len()).write(0);
        }
        Ok(OutText {
            base,
            len: bytes.len(),
        })
    }

    /// Gives up ownership: the text pointer, freed later by `jc_string_free`.
    fn into_raw(self) -> *mut c_char {
        // SAFETY: the allocation is HEADER + len + 1 bytes, so HEADER is in bounds.
        let text = unsafe { self.base.as_ptr().add(HEADER) };
        std::mem::forget(self);
        text.cast::<c_char>()
    }
}

impl Drop for OutText {
    fn drop(&mut self) {
        if let Some(layout) = text_layout(self.len + 1) {
            // SAFETY: allocated in `new` with exactly this layout, not handed out.
            unsafe { dealloc(self.base.as_ptr(), layout) };
        }
    }
}

/// Frees a string the library returned through a `char **..._out` argument. NULL is
/// fine (does nothing).
///
/// The string's `len + 1` bytes (the text and its terminating NUL) belong to the
/// caller until this call: it may modify them in place, NUL bytes included (as
/// in-place JSON parsers do); the size freed does not depend on the contents.
///
/// # Safety
/// `s` is NULL or a string returned by this library and not yet freed, written to only
/// within its `len + 1` bytes. Never pass strings from other allocators,
/// `jc_version`, `jc_status_str` or `jc_error_message`; freeing twice is undefined
/// behaviour.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jc_string_free(s: *mut c_char) {
    if s.is_null() {
        return;
    }
    // SAFETY: the caller guarantees `s` came from `OutText::into_raw`, so HEADER bytes
    // before it start the allocation and hold its text size, which the caller did not
    // overwrite (it only writes within the text).
    unsafe {
        let base = s.cast::<u8>().sub(HEADER);
        let size = base.cast::<usize>().read();
        if let Some(layout) = text_layout(size) {
            dealloc(base, layout);
        }
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
