//! The worker pool behind `justclick.AsyncClient`: blocking core calls run on native
//! threads, and each result is handed back to its asyncio loop with
//! `loop.call_soon_threadsafe(resolve, future, error, value)`.
//!
//! Threads are started on demand, at most `max_threads` of them, and an idle thread
//! exits after [`IDLE_EXIT`]; an idle pool therefore costs no threads at all. Every job
//! shares the one core client (one connection pool). A job holds the GIL only to
//! convert its result and to schedule the callback: the HTTP exchange runs detached.

use std::collections::VecDeque;
use std::sync::{Arc, Condvar, Mutex, MutexGuard, RwLock};
use std::time::Duration;

use justclick::{Error, Params};
use pyo3::prelude::*;
use serde_json::Value as Json;

use crate::client::Client;
use crate::{convert, errors};

/// How long a worker waits for a new job before it exits.
const IDLE_EXIT: Duration = Duration::from_secs(5);

pub(crate) type Job = Box<dyn FnOnce() + Send>;

/// True once the interpreter is exiting. Workers hold a read guard while they are
/// attached to Python; [`shutdown_workers`] (an `atexit` hook, so it runs before
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

/// A thread pool per process. A forked child has none of its parent's threads, only
/// their counters, so on the first job in a new process the pool starts afresh (the
/// parent's state is left alone, never locked again: a worker may have held its lock
/// at the fork).
pub(crate) struct Pool {
    max_threads: usize,
    current: Mutex<Option<(u32, Arc<Shared>)>>,
}

impl Pool {
    /// A pool of at most `max_threads` threads, none started yet.
    pub(crate) const fn new(max_threads: usize) -> Self {
        Pool {
            max_threads,
            current: Mutex::new(None),
        }
    }

    fn shared(&self) -> Arc<Shared> {
        let pid = std::process::id();
        let mut current = self
            .current
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        match &*current {
            Some((owner, shared)) if *owner == pid => Arc::clone(shared),
            _ => {
                let shared = Arc::new(Shared {
                    state: Mutex::new(State::default()),
                    ready: Condvar::new(),
                    max_threads: self.max_threads,
                });
                *current = Some((pid, Arc::clone(&shared)));
                shared
            }
        }
    }

    /// Runs `job` on a pool thread (starting one if none is idle).
    pub(crate) fn submit(&self, job: Job) -> std::io::Result<()> {
        self.shared().submit(job)
    }

    /// Threads alive now.
    pub(crate) fn threads(&self) -> usize {
        self.shared().lock().threads
    }
}

#[derive(Default)]
struct State {
    queue: VecDeque<Job>,
    /// Workers alive.
    threads: usize,
    /// Workers waiting for a job.
    idle: usize,
}

struct Shared {
    state: Mutex<State>,
    ready: Condvar,
    max_threads: usize,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, State> {
        // A job never panics while holding the lock (jobs run outside it), so a
        // poisoned lock still holds consistent counters.
        self.state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn submit(self: &Arc<Self>, job: Job) -> std::io::Result<()> {
        let mut st = self.lock();
        st.queue.push_back(job);
        // Each idle worker takes one queued job; start a thread only when the queue
        // outgrows them, and never more than `max_threads`.
        if st.queue.len() <= st.idle || st.threads >= self.max_threads {
            self.ready.notify_one();
            return Ok(());
        }
        st.threads += 1;
        drop(st);
        let shared = Arc::clone(self);
        let spawned = std::thread::Builder::new()
            .name("justclick-worker".into())
            .spawn(move || shared.work());
        if let Err(e) = spawned {
            let mut st = self.lock();
            st.threads -= 1;
            // Leave the job queued only when some worker will pick it up.
            if st.threads == 0 {
                st.queue.pop_back();
                return Err(e);
            }
        }
        Ok(())
    }

    fn work(&self) {
        let mut st = self.lock();
        loop {
            if let Some(job) = st.queue.pop_front() {
                drop(st);
                job();
                st = self.lock();
                continue;
            }
            st.idle += 1;
            let (guard, timeout) = self
                .ready
                .wait_timeout(st, IDLE_EXIT)
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            st = guard;
            st.idle -= 1;
            if timeout.timed_out() && st.queue.is_empty() {
                st.threads -= 1;
                return;
            }
        }
    }
}

/// Which generic call a job makes.
#[derive(Clone, Copy)]
enum Kind {
    Call,
    CallV2,
    Invoke,
    /// `invoke_typed`: the named methods (a list or mapping refused where the field
    /// holds one value).
    InvokeTyped,
}

/// Native thread pool for `AsyncClient`; not part of the public API.
#[pyclass(frozen, module = "justclick._justclick", name = "_WorkerPool")]
pub(crate) struct WorkerPool {
    pool: Pool,
    /// `resolve(future, error, value)`, run on the loop's thread: sets the result or
    /// the exception unless the future is already done (cancelled).
    resolve: Py<PyAny>,
}

#[pymethods]
impl WorkerPool {
    #[new]
    #[pyo3(signature = (max_threads, resolve))]
    fn new(py: Python<'_>, max_threads: usize, resolve: Py<PyAny>) -> PyResult<Self> {
        if max_threads == 0 {
            return Err(errors::invalid_params(
                py,
                "max_concurrency must be at least 1".into(),
            ));
        }
        Ok(WorkerPool {
            pool: Pool::new(max_threads),
            resolve,
        })
    }

    /// Worker threads alive now (for tests).
    #[getter]
    fn threads(&self) -> usize {
        self.pool.threads()
    }

    /// Starts `client.<kind>(method, params)` on a worker; the outcome is delivered
    /// to `future` through `loop.call_soon_threadsafe`. Parameters are converted here,
    /// so `InvalidParams` and a closed client raise at once.
    #[pyo3(signature = (client, kind, method, params, event_loop, future))]
    #[allow(clippy::too_many_arguments)]
    fn submit(
        &self,
        py: Python<'_>,
        client: &Bound<'_, Client>,
        kind: &str,
        method: String,
        params: Option<&Bound<'_, PyAny>>,
        event_loop: Py<PyAny>,
        future: Py<PyAny>,
    ) -> PyResult<()> {
        let kind = match kind {
            "call" => Kind::Call,
            "call_v2" => Kind::CallV2,
            "invoke" => Kind::Invoke,
            "invoke_typed" => Kind::InvokeTyped,
            other => {
                return Err(errors::generic(
                    py,
                    &format!("unknown call kind \"{other}\""),
                ));
            }
        };
        let params = convert::params(params)?;
        let core = client.get().core(py)?;
        let resolve = self.resolve.clone_ref(py);
        let job: Job = Box::new(move || {
            let result = run(&core, kind, &method, &params);
            drop(core);
            let mut objects = Some((event_loop, future, resolve));
            let exiting = EXITING
                .read()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            if *exiting {
                std::mem::forget(objects.take());
            } else {
                let _ = Python::try_attach(|py| {
                    if let Some((event_loop, future, resolve)) = objects.take() {
                        deliver(py, result, &event_loop, &future, &resolve);
                        // Released here, attached: a release deferred to pyo3's pending
                        // pool could run during interpreter finalization, after asyncio's
                        // module state is gone (a crash at exit).
                        drop((event_loop, future, resolve));
                    }
                });
            }
            // Not attached: the interpreter is shutting down and nobody is waiting any
            // more. Leak the three references rather than release them without the GIL.
            if let Some(objects) = objects {
                std::mem::forget(objects);
            }
            drop(exiting);
        });
        py.detach(|| self.pool.submit(job))
            .map_err(|e| errors::generic(py, &format!("cannot start a worker thread: {e}")))
    }
}

fn run(core: &justclick::Client, kind: Kind, method: &str, params: &Params) -> Result<Json, Error> {
    match kind {
        Kind::Call => core.call(method, params),
        Kind::CallV2 => core.call_v2(method, params),
        Kind::Invoke => core.invoke(method, params),
        Kind::InvokeTyped => core.invoke_typed(method, params),
    }
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
