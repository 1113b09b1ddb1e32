//! Ctrl-C during a blocking call, through the core's cancellation.
//!
//! Python runs signal handlers only on the main thread, between bytecodes: a call
//! blocked in native code would hold `KeyboardInterrupt` until the answer arrived (up
//! to the whole timeout). So while a call runs on the main thread, the C-level signal
//! handler's wakeup fd (`signal.set_wakeup_fd`) points at a socket that one kept
//! watcher thread reads. A SIGINT byte there cancels the running call through its
//! core cancel handle (its socket is shut down, so it returns within milliseconds and
//! is never retried); the call then returns on the main thread itself, where
//! `check_signals` runs the handler and raises `KeyboardInterrupt`. No call is handed
//! to another thread (that hand-off cost more than a whole loopback call).
//!
//! Only SIGINT cancels: the byte is the signal number, and other signals' handlers
//! run when the call returns, as they would after any native call. When SIGINT's
//! handler does not raise, the cancelled call raises `CallCancelled`.
//!
//! When another wakeup fd is installed (a running asyncio loop or another framework
//! owns the signals), it is left in place and the call is not cancelled by Ctrl-C:
//! `KeyboardInterrupt` is raised when it returns (within its timeout). Calls on other
//! threads never install anything (Python interrupts only the main thread).
//!
//! The watcher is per process: a forked child starts its own (the parent's thread does
//! not exist in the child).

use justclick::client::CancelHandle;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;

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

/// Runs `f` without the GIL, handing it the cancel handle the call must use; on the
/// main thread, Ctrl-C triggers that handle (see the module docs). Pending signal
/// handlers run before the result is returned, so a `KeyboardInterrupt` wins over it.
pub(crate) fn run<T, F>(py: Python<'_>, cancel: CancelHandle, f: F) -> PyResult<T>
where
    T: Send,
    F: FnOnce(CancelHandle) -> T + Send,
{
    if !on_main_thread(py)? {
        return Ok(py.detach(|| f(cancel)));
    }
    #[cfg(unix)]
    {
        let armed = watch::arm(py, &cancel)?;
        let value = py.detach(|| f(cancel));
        // Restored before the handlers run: one of them may install its own fd.
        armed.disarm(py)?;
        py.check_signals()?;
        Ok(value)
    }
    #[cfg(not(unix))]
    {
        let value = py.detach(|| f(cancel));
        py.check_signals()?;
        Ok(value)
    }
}

#[cfg(unix)]
mod watch {
    use std::io::Read;
    use std::os::fd::AsRawFd;
    use std::os::unix::net::UnixStream;
    use std::sync::{Arc, Mutex, PoisonError};

    use justclick::client::CancelHandle;
    use pyo3::prelude::*;
    use pyo3::sync::PyOnceLock;

    /// SIGINT's number on every Unix.
    const SIGINT: u8 = 2;

    /// `signal.set_wakeup_fd`.
    static SET_WAKEUP_FD: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

    /// The watcher of this process: `(pid, watcher)`.
    static WATCHER: Mutex<Option<(u32, Arc<Watcher>)>> = Mutex::new(None);

    struct Watcher {
        /// The end the signal handler writes to (non-blocking, as Python requires).
        wakeup: UnixStream,
        /// The cancel handle of the main-thread call running now, if any.
        current: Mutex<Option<CancelHandle>>,
    }

    impl Watcher {
        fn current(&self) -> std::sync::MutexGuard<'_, Option<CancelHandle>> {
            self.current.lock().unwrap_or_else(PoisonError::into_inner)
        }

        /// The thread's loop: every SIGINT byte cancels the current call.
        fn watch(&self, mut incoming: UnixStream) {
            let mut buf = [0u8; 64];
            loop {
                match incoming.read(&mut buf) {
                    Ok(0) => return,
                    Ok(n) => {
                        if buf[..n].contains(&SIGINT) {
                            // Cloned out of the lock: cancelling runs the call's hooks.
                            let cancel = self.current().clone();
                            if let Some(cancel) = cancel {
                                cancel.cancel();
                            }
                        }
                    }
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                    Err(_) => return,
                }
            }
        }
    }

    /// The watcher of this process, started on first use (and again in a forked
    /// child, whose copy of the parent's state has no thread behind it).
    fn watcher() -> std::io::Result<Arc<Watcher>> {
        let pid = std::process::id();
        let mut slot = WATCHER.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some((owner, w)) = &*slot
            && *owner == pid
        {
            return Ok(Arc::clone(w));
        }
        let (wakeup, incoming) = UnixStream::pair()?;
        wakeup.set_nonblocking(true)?;
        let w = Arc::new(Watcher {
            wakeup,
            current: Mutex::new(None),
        });
        let thread_w = Arc::clone(&w);
        std::thread::Builder::new()
            .name("justclick-sigint".into())
            .spawn(move || thread_w.watch(incoming))?;
        *slot = Some((pid, Arc::clone(&w)));
        Ok(w)
    }

    /// A main-thread call being watched; [`Armed::disarm`] puts things back.
    pub(super) struct Armed {
        /// `None` when another wakeup fd was installed and left in place.
        watcher: Option<Arc<Watcher>>,
    }

    /// Points the wakeup fd at the watcher and makes `cancel` the current call's.
    pub(super) fn arm(py: Python<'_>, cancel: &CancelHandle) -> PyResult<Armed> {
        let set = SET_WAKEUP_FD.get_or_try_init(py, || -> PyResult<_> {
            Ok(py.import("signal")?.getattr("set_wakeup_fd")?.unbind())
        })?;
        let w = watcher().map_err(|e| {
            crate::errors::generic(py, &format!("cannot start the Ctrl-C watcher: {e}"))
        })?;
        let previous: i64 = set.bind(py).call1((w.wakeup.as_raw_fd(),))?.extract()?;
        if previous != -1 {
            // Someone else owns the signals: give them back their fd.
            set.bind(py).call1((previous,))?;
            return Ok(Armed { watcher: None });
        }
        *w.current() = Some(cancel.clone());
        Ok(Armed { watcher: Some(w) })
    }

    impl Armed {
        /// Forgets the call and restores "no wakeup fd".
        pub(super) fn disarm(self, py: Python<'_>) -> PyResult<()> {
            if let Some(w) = self.watcher {
                w.current().take();
                if let Some(set) = SET_WAKEUP_FD.get(py) {
                    set.bind(py).call1((-1,))?;
                }
            }
            Ok(())
        }
    }
}
