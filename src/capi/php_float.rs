//! Floats as PHP writes them under a given `precision` ini setting, for PHP bindings that
//! know their process's setting: `jc_params_add_float_precision` (the extension's array
//! walk) and `jc_php_float` (the FFI package, which sends such floats as strings).

use std::ffi::c_char;

use crate::capi::error::jc_error;
use crate::capi::params::{add, jc_params};
use crate::capi::status::jc_status;
use justclick::params_builder::Scalar;
use justclick::php_float_text;

/// Adds the float `value` under `key`, sent as PHP's `http_build_query` writes it in a
/// process whose `precision` ini setting is `precision` (PHP's default is 14; -1 is the
/// shortest text that reads back as the same float: `0.1 + 0.2` is `0.3` under 14 and
/// `0.30000000000000004` under -1 or 17). `jc_params_add_float` is this with 14.
///
/// Statuses as `jc_params_add_str`.
///
/// # Safety
/// As `jc_params_add_str`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jc_params_add_float_precision(
    params: *mut jc_params,
    key: *const c_char,
    key_len: usize,
    value: f64,
    precision: i32,
    err: *mut jc_error,
) -> jc_status {
    let text = php_float_text(value, precision);
    // SAFETY: forwarded caller contract.
    unsafe { add(params, key, key_len, |_| Ok(Scalar::Str(&text)), err) }
}

/// Writes `value` as PHP's `http_build_query` writes it (before URL encoding) under the
/// `precision` ini setting `precision`, like `snprintf`: at most `buf_len - 1` bytes and
/// a NUL into `buf` (nothing when `buf_len` is 0), returning the length of the whole text
/// (without the NUL), so a return value `>= buf_len` means it was cut short. 32 bytes
/// hold every text for precisions up to 17; 800 digits are the most any float prints.
///
/// Thread-safe; never fails.
///
/// # Safety
/// `buf` is NULL with `buf_len` 0, or writable for `buf_len` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jc_php_float(
    value: f64,
    precision: i32,
    buf: *mut c_char,
    buf_len: usize,
) -> usize {
    let text = std::panic::catch_unwind(|| php_float_text(value, precision)).unwrap_or_default();
    if !buf.is_null() && buf_len > 0 {
        let n = text.len().min(buf_len - 1);
        // SAFETY: `buf` is writable for `buf_len` bytes (caller contract) and `n + 1 <=
        // buf_len`; `text` is a separate allocation, so the ranges do not overlap.
        unsafe {
            std::ptr::copy_nonoverlapping(text.as_ptr(), buf.cast::<u8>(), n);
            *buf.add(n) = 0;
        }
    }
    text.len()
}
