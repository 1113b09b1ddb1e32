//! The evidence behind share/justclick/justclick-tsan.supp: a Rust library (built, like
//! libjustclick, without ThreadSanitizer) hands a heap buffer from one thread to another
//! through `std::sync::Mutex`. The hand-off is correctly synchronised, yet TSan reports
//! a data race on the buffer, because std's futex-based Mutex uses atomics and futex
//! syscalls TSan never sees, while the buffer's malloc, memcpy and free go through TSan's
//! interceptors. handoff.c runs it both ways (tests/c/run: "tsan: std Mutex invisible").

use std::sync::Mutex;

static SLOT: Mutex<Option<Vec<u8>>> = Mutex::new(None);

/// Allocates a 16 KiB buffer (a connection buffer's size), fills it and parks it.
#[unsafe(no_mangle)]
pub extern "C" fn handoff_put(byte: u8) {
    let mut buf = vec![0u8; 16 * 1024];
    buf.copy_from_slice(&[byte; 16 * 1024]);
    *SLOT.lock().unwrap() = Some(buf);
}

/// Whether the slot is empty (the last buffer was taken).
#[unsafe(no_mangle)]
pub extern "C" fn handoff_is_empty() -> bool {
    SLOT.lock().unwrap().is_none()
}

/// Takes the parked buffer if there is one, copies and frees it; returns its first
/// byte, or -1 when the slot was empty.
#[unsafe(no_mangle)]
pub extern "C" fn handoff_take() -> i32 {
    let Some(buf) = SLOT.lock().unwrap().take() else {
        return -1;
    };
    let copy = buf.to_vec();
    drop(buf);
    i32::from(copy[0])
}
