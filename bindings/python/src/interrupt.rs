//! Ctrl-C during a blocking call. Python runs signal handlers only on the main thread,
//! between bytecodes; a call blocked in native code would hold `KeyboardInterrupt`
//! until the answer arrived (up to the whole timeout). So on the main thread the call
//! runs on a helper thread while the caller waits in short slices, running the signal
//! handlers between them: `KeyboardInterrupt` (or whatever a handler raises) surfaces
//! within a few milliseconds. The abandoned request finishes in the background and its
//! outcome is dropped; it is never sent again. Other threads wait without slices
//! (Python never interrupts them).
//!
//! The helper threads are kept ([`CALLS`]): starting a thread per call cost about
//! 90 µs on this project's VM, more than the whole call over loopback.

use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::Duration;

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;

use crate::errors;
use crate::pool::Pool;

/// How long the main thread waits between two looks at pending signals.
const SLICE: Duration = Duration::from_millis(5);

/// The threads main-thread calls run on. One is busy per call; more start only while
/// calls abandoned by Ctrl-C are still finishing. Idle ones exit after a few seconds.
static CALLS: Pool = Pool::new(8);

/// `threading.main_thread().ident` and `threading.get_ident`.
static THREADING: PyOnceLock<(u64, Py<PyAny>)> = PyOnceLock::new();

fn on_main_thread(py: Python<'_>) -> PyResult<bool> {
    let (main, get_ident) = THREADING.get_or_try_init(py, || -> PyResult<_> {
        let threading = py.import("threading")?;
        let main: u64 = threading
            .call_method0("main_thread")?
            .getattr("ident")?
            .extract()?;
        Ok((main, threading.getattr("get_ident")?.unbind()))
    })?;
    Ok(get_ident.bind(py).call0()?.extract::<u64>()? == *main)
}

/// Runs `f` without the GIL; on the main thread, interruptibly (see the module docs).
pub(crate) fn run<T, F>(py: Python<'_>, f: F) -> PyResult<T>
where
    T: Send + 'static,
    F: FnOnce() -> T + Send + 'static,
{
    if !on_main_thread(py)? {
        return Ok(py.detach(f));
    }
    let (tx, rx) = mpsc::sync_channel(1);
    CALLS
        .submit(Box::new(move || {
            // The receiver is gone when the caller was interrupted: nothing to report.
            let _ = tx.send(f());
        }))
        .map_err(|e| errors::generic(py, &format!("cannot start the call's thread: {e}")))?;
    let mut rx = rx;
    loop {
        // The receiver is moved in and back out: it may be sent, not shared.
        let (got, back) = py.detach(move || (rx.recv_timeout(SLICE), rx));
        rx = back;
        match got {
            Ok(value) => return Ok(value),
            Err(RecvTimeoutError::Timeout) => py.check_signals()?,
            Err(RecvTimeoutError::Disconnected) => {
                return Err(errors::generic(
                    py,
                    "the call's thread ended without an answer",
                ));
            }
        }
    }
}
