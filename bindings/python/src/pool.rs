//! `justclick.AsyncClient`'s native side: calls are queued on the core client's own
//! bounded worker pool ([`justclick::Client::submit`]), and each outcome is handed back
//! to its asyncio loop with `loop.call_soon_threadsafe(resolve, future, error, value)`.
//!
//! The pool (threads, queue, cancellation, fork safety) is the core's; this module
//! keeps only the Python side: converting parameters on the loop, holding the GIL only
//! to convert a result and schedule its delivery, and staying out of a finalizing
//! interpreter. Cancelling the awaiting task calls [`PendingCall::cancel`], which
//! cancels the core call: still queued, it is dropped and never sent; in flight, its
//! connection is closed.

use std::sync::RwLock;

use justclick::Error;
use justclick::client::CallHandle;
use pyo3::prelude::*;
use serde_json::Value as Json;

use crate::client::{Client, Kind, call_options};
use crate::{convert, errors};

/// True once the interpreter is exiting. Deliveries hold a read guard while they are
/// attached to Python; [`_shutdown_workers`] (an `atexit` hook, so it runs before
/// finalization starts) takes the write guard, so no worker is inside Python when the
/// interpreter finalizes, and none enters it afterwards.
static EXITING: RwLock<bool> = RwLock::new(false);

/// Stops worker threads from calling into Python: registered with `atexit` by
/// `justclick._async`. Waits (GIL released) for deliveries in progress.
#[pyfunction]
pub(crate) fn _shutdown_workers(py: Python<'_>) {
    py.detach(|| {
        let mut exiting = EXITING
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        *exiting = true;
    });
}

/// The pool side of one `AsyncClient`; not part of the public API.
#[pyclass(frozen, module = "justclick._justclick", name = "_WorkerPool")]
pub(crate) struct WorkerPool {
    client: Py<Client>,
    /// `resolve(future, error, value)`, run on the loop's thread: sets the result or
    /// the exception unless the future is already done (cancelled).
    resolve: Py<PyAny>,
}

/// A call queued by [`WorkerPool::submit`]; not part of the public API.
#[pyclass(frozen, module = "justclick._justclick", name = "_PendingCall")]
pub(crate) struct PendingCall {
    handle: CallHandle,
}

#[pymethods]
impl PendingCall {
    /// Cancels the call: a queued one is dropped (never sent) and its future resolved
    /// as cancelled; one in flight is interrupted. Idempotent; a finished call is not
    /// affected.
    fn cancel(&self) {
        self.handle.cancel();
    }
}

#[pymethods]
impl WorkerPool {
    #[new]
    #[pyo3(signature = (client, resolve))]
    fn new(client: Py<Client>, resolve: Py<PyAny>) -> Self {
        WorkerPool { client, resolve }
    }

    /// Worker threads alive now (for tests); 0 once the client is closed.
    #[getter]
    fn threads(&self, py: Python<'_>) -> usize {
        self.client
            .get()
            .core(py)
            .map_or(0, |core| core.pool_stats().threads)
    }

    /// Queues `client.<kind>(method, params)` on the core's pool; the outcome is
    /// delivered to `future` through `loop.call_soon_threadsafe`. Parameters and the
    /// timeout are converted here, so `InvalidParams` and a closed client raise at once.
    /// Returns None, queuing nothing, while the pool's bounded queue is full.
    #[pyo3(signature = (kind, method, params, timeout, event_loop, future))]
    #[allow(clippy::too_many_arguments)]
    fn submit(
        &self,
        py: Python<'_>,
        kind: &str,
        method: String,
        params: Option<&Bound<'_, PyAny>>,
        timeout: Option<&Bound<'_, PyAny>>,
        event_loop: Py<PyAny>,
        future: Py<PyAny>,
    ) -> PyResult<Option<PendingCall>> {
        let kind = Kind::from_name(py, kind)?;
        let params = convert::params(params)?;
        let options = call_options(py, timeout)?;
        let core = self.client.get().core(py)?.with_options(options);
        let resolve = self.resolve.clone_ref(py);
        let name = method.clone();
        let call = move |view: &justclick::Client| kind.run(view, &method, &params);
        let done = move |result: Result<Json, Error>| {
            deliver_from_any_thread(result, event_loop, future, resolve);
        };
        // Queuing takes the pool's lock only. A full queue gives None (the coroutine
        // waits for a place and submits again); a closed client raises.
        match py.detach(|| core.submit(&name, call, done)) {
            Ok(handle) => Ok(Some(PendingCall { handle })),
            Err(Error::QueueFull { .. }) => Ok(None),
            Err(e) => Err(errors::to_py(py, e)),
        }
    }
}

/// Delivers a finished call from whichever thread completed it (a worker, or the
/// thread that cancelled a queued call, which may be the loop's own).
fn deliver_from_any_thread(
    result: Result<Json, Error>,
    event_loop: Py<PyAny>,
    future: Py<PyAny>,
    resolve: Py<PyAny>,
) {
    let mut objects = Some((event_loop, future, resolve));
    let exiting = EXITING
        .read()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if !*exiting {
        let _ = Python::try_attach(|py| {
            if let Some((event_loop, future, resolve)) = objects.take() {
                deliver(py, result, &event_loop, &future, &resolve);
                // Released here, attached: a release deferred to pyo3's pending pool
                // could run during interpreter finalization, after asyncio's module
                // state is gone (a crash at exit).
                drop((event_loop, future, resolve));
            }
        });
    }
    // Not attached: the interpreter is shutting down and nobody is waiting any more.
    // Leak the three references rather than release them without the GIL.
    if let Some(objects) = objects {
        std::mem::forget(objects);
    }
    drop(exiting);
}

/// Converts the outcome and schedules `resolve(future, error, value)` on the loop.
fn deliver(
    py: Python<'_>,
    result: Result<Json, Error>,
    event_loop: &Py<PyAny>,
    future: &Py<PyAny>,
    resolve: &Py<PyAny>,
) {
    let none = || py.None().into_bound(py);
    let (error, value) = match result.map(|json| convert::to_py(py, &json)) {
        Ok(Ok(value)) => (none(), value),
        Ok(Err(e)) => (e.into_value(py).into_bound(py).into_any(), none()),
        Err(e) => (
            errors::to_py(py, e)
                .into_value(py)
                .into_bound(py)
                .into_any(),
            none(),
        ),
    };
    let scheduled = event_loop.bind(py).call_method1(
        "call_soon_threadsafe",
        (resolve.bind(py), future.bind(py), error, value),
    );
    // A closed loop refuses with RuntimeError: its tasks are gone, so the result
    // has nobody to go to. Nothing else can fail here short of a broken loop.
    drop(scheduled);
}
