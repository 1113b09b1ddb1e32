//! The core's table of JustClick error codes ([`justclick::codes`]) for bindings that
//! describe an API error in their own exception type.

use std::ffi::{CString, c_char};
use std::sync::OnceLock;

use justclick::codes::{CODES, CodeInfo, describe};

/// The English and Russian descriptions of every row of [`CODES`], NUL-terminated, in
/// table order; made once.
fn c_texts() -> &'static [(CString, CString)] {
    static TEXTS: OnceLock<Vec<(CString, CString)>> = OnceLock::new();
    TEXTS.get_or_init(|| {
        CODES
            .iter()
            .map(|c| {
                let c_str = |s: &str| CString::new(s.replace('\0', "")).unwrap_or_default();
                (c_str(c.en), c_str(c.ru))
            })
            .collect()
    })
}

/// What JustClick's `error_code` `code` means when `method` returns it (codes 300–303
/// differ between product and order methods; other codes are the same for every method),
/// in Russian when `russian` is true, else in English: a static NUL-terminated UTF-8
/// string (never free it), or NULL when the code is not documented. `method` may be NULL
/// (no method-specific meaning) and need not be NUL-terminated.
///
/// Thread-safe.
///
/// # Safety
/// `method` is NULL or readable for `method_len` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jc_api_code_description(
    method: *const c_char,
    method_len: usize,
    code: i64,
    russian: bool,
) -> *const c_char {
    let method = if method.is_null() {
        ""
    } else {
        // SAFETY: `method` is readable for `method_len` bytes (caller contract).
        let bytes = unsafe { std::slice::from_raw_parts(method.cast::<u8>(), method_len) };
        std::str::from_utf8(bytes).unwrap_or("")
    };
    let found = std::panic::catch_unwind(|| {
        let row: &CodeInfo = describe(method, code)?;
        // By value: `CODES` is a const, so its rows need not have one address.
        let index = CODES.iter().position(|c| c == row)?;
        let (en, ru) = &c_texts()[index];
        Some(if russian { ru.as_ptr() } else { en.as_ptr() })
    });
    found.ok().flatten().unwrap_or(std::ptr::null())
}
