//! Calls on the client's pool: the completion-callback form ([`Client::submit`]) and
//! the future form ([`CallFuture`], behind every `*_async` method).
//!
//! Both build one pool job: a client view whose cancel handle is the job's own (so
//! the pool, the future and the [`CallHandle`] can cancel it), linked to the cancel
//! handle of the caller's options when there is one.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll, Waker};

use serde_json::Value as Json;

use crate::client::call::Verified;
use crate::client::call_options::CallOptions;
use crate::client::cancel::CancelHandle;
use crate::client::pool::{Job, Refused, next_id};
use crate::client::{Client, PoolStats};
use crate::error::Error;
use crate::params::Params;

/// A call running (or queued) on a client's pool, from [`Client::submit`].
///
/// Dropping the handle does not cancel the call (the completion still runs); call
/// [`CallHandle::cancel`] for that.
#[derive(Debug, Clone)]
pub struct CallHandle {
    cancel: CancelHandle,
}

impl CallHandle {
    /// Cancels the call: a queued call is dropped (never sent) and its completion
    /// runs with [`Error::Cancelled`] before this returns, on this thread; a running
    /// call is interrupted and completes on its worker thread. Idempotent; after the
    /// call finished it does nothing.
    pub fn cancel(&self) {
        self.cancel.cancel();
    }

    /// The call's own cancel handle (cancelling it is [`CallHandle::cancel`]).
    #[must_use]
    pub fn cancel_handle(&self) -> &CancelHandle {
        &self.cancel
    }
}

type CallFn<T> = Box<dyn FnOnce(&Client) -> Result<T, Error> + Send>;

impl Client {
    /// A view of this client whose every call (typed methods included) uses `opts`.
    /// Cheap (clones an `Arc`); shares the client's connections and pool.
    ///
    /// ```no_run
    /// # use std::time::Duration;
    /// # use justclick::client::CallOptions;
    /// # let client = justclick::Client::builder("shop", "secret").build()?;
    /// let quick = client.with_options(CallOptions::new().with_timeout(Duration::from_secs(2)));
    /// let groups = quick.get_all_groups()?;
    /// # Ok::<(), justclick::Error>(())
    /// ```
    #[must_use]
    pub fn with_options(&self, opts: CallOptions) -> Client {
        Client {
            inner: Arc::clone(&self.inner),
            options: opts,
            owner: self.owner.clone(),
        }
    }

    /// The options every call of this view uses (empty for a client from the builder).
    #[must_use]
    pub fn options(&self) -> &CallOptions {
        &self.options
    }

    /// Runs `call` on the client's pool and then `done` with its result, both on the
    /// worker thread, for event loops and callback-style code (the C ABI's
    /// submit form is built on it). `method` names the call in the errors of a call
    /// that never ran.
    ///
    /// `call` gets a view of this client whose options are this view's, with the
    /// call's own cancel handle (linked to the options' handle, if any), so every
    /// request it makes can be cancelled through the returned [`CallHandle`].
    ///
    /// `done` runs exactly once when this returns `Ok`: on the worker thread with the
    /// call's result, or, when the call is cancelled while still queued (or the client
    /// is closed), with [`Error::Cancelled`] on the thread that cancelled. It must not
    /// block for long: it holds a worker.
    ///
    /// ```no_run
    /// # use justclick::Params;
    /// # let client = justclick::Client::builder("shop", "secret").build()?;
    /// let params = Params::new().with("lead_email", "a@b.c").with("rass_name", "news");
    /// let handle = client.submit(
    ///     "DeleteSubscribe",
    ///     move |c| c.invoke("DeleteSubscribe", &params),
    ///     |result| println!("done: {result:?}"),
    /// )?;
    /// handle.cancel();
    /// # Ok::<(), justclick::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::QueueFull`] when the queue is full, [`Error::Cancelled`] when the
    /// options' cancel handle is already cancelled or the client was closed; `done`
    /// is then not run (it is dropped).
    pub fn submit<T, F, D>(&self, method: &str, call: F, done: D) -> Result<CallHandle, Error>
    where
        T: Send + 'static,
        F: FnOnce(&Client) -> Result<T, Error> + Send + 'static,
        D: FnOnce(Result<T, Error>) + Send + 'static,
    {
        let (job, cancel) = self.job(method, Box::new(call), Box::new(done));
        let pool = &self.inner.pool;
        match pool.submit(job, None) {
            Ok(()) => Ok(CallHandle { cancel }),
            Err(r) => Err(r.into_error(method, pool.capacity())),
        }
    }

    /// Runs `call` on the client's pool as a future: the general form behind every
    /// `*_async` method, for compositions of calls. See [`CallFuture`].
    pub fn spawn_call<T, F>(&self, method: &str, call: F) -> CallFuture<T>
    where
        T: Send + 'static,
        F: FnOnce(&Client) -> Result<T, Error> + Send + 'static,
    {
        let slot = Arc::new(Mutex::new(SlotState {
            result: None,
            waker: None,
        }));
        let deliver = Arc::clone(&slot);
        let done = move |result: Result<T, Error>| {
            let waker = {
                let mut st = deliver.lock().unwrap_or_else(PoisonError::into_inner);
                st.result = Some(result);
                st.waker.take()
            };
            if let Some(w) = waker {
                w.wake();
            }
        };
        let (job, cancel) = self.job(method, Box::new(call), Box::new(done));
        CallFuture {
            client: self.clone(),
            job: Some(job),
            waiter: next_id(),
            waiting: false,
            cancel,
            slot,
            method: method.to_owned(),
            finished: false,
        }
    }

    /// Builds the pool job for `call`, completing through `done`.
    fn job<T: Send + 'static>(
        &self,
        method: &str,
        call: CallFn<T>,
        done: Box<dyn FnOnce(Result<T, Error>) + Send>,
    ) -> (Job, CancelHandle) {
        let cancel = CancelHandle::new();
        let mut opts = self.options.clone();
        // The caller's handle cancels this call; the link is dropped with the job,
        // so a handle shared by many calls does not collect hooks.
        let link = self.options.cancel().map(|user| {
            let own = cancel.clone();
            user.on_cancel(move || own.cancel())
        });
        opts.set_cancel(Some(cancel.clone()));
        let view = Client {
            inner: Arc::clone(&self.inner),
            options: opts,
            owner: None,
        };
        let name = method.to_owned();
        let run = move |execute: bool| {
            let _link = link;
            let result = if execute {
                // A panic in the call is reported, not lost: the caller waits for it.
                std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| call(&view)))
                    .unwrap_or_else(|_| Err(Error::cancelled(&name, true)))
            } else {
                Err(Error::cancelled(&name, false))
            };
            done(result);
        };
        (
            Job {
                cancel: cancel.clone(),
                run: Box::new(run),
            },
            cancel,
        )
    }

    /// Cancels every call queued on or running in this client's pool (async and
    /// submitted calls, from every clone and view of the client), and refuses new
    /// ones with [`Error::Cancelled`]. Blocking calls made on the caller's own thread
    /// are not affected (cancel those with a [`CancelHandle`]). Dropping the last
    /// clone of a client (its futures count) does the same.
    pub fn close(&self) {
        self.inner.pool.close();
    }

    /// The pool's counters now (threads alive, calls queued and running).
    #[must_use]
    pub fn pool_stats(&self) -> PoolStats {
        self.inner.pool.stats()
    }
}

struct SlotState<T> {
    result: Option<Result<T, Error>>,
    waker: Option<Waker>,
}

/// The result of a call on the client's pool, as a future: from [`Client::spawn_call`]
/// and every `*_async` method (`invoke_async`, `call_async`, `add_lead_to_group_async`,
/// …).
///
/// Runtime-agnostic: it needs no executor of its own (tokio, smol, async-std or a
/// plain `block_on` all poll it the same way). The call runs on one of the client's
/// worker threads, so the executor's threads never block; at most
/// [`crate::ClientBuilder::max_concurrency`] calls of a client run at once, the rest
/// wait in its queue.
///
/// Lazy: the call is queued when the future is first polled. Dropping the future
/// cancels the call: still queued, it is dropped and never sent; in flight, it is
/// interrupted (see [`CancelHandle`]). When the queue is full, the future waits for
/// a place.
#[must_use = "a future does nothing unless polled; dropping it cancels the call"]
pub struct CallFuture<T> {
    client: Client,
    job: Option<Job>,
    waiter: u64,
    waiting: bool,
    cancel: CancelHandle,
    slot: Arc<Mutex<SlotState<T>>>,
    method: String,
    finished: bool,
}

impl<T> fmt::Debug for CallFuture<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CallFuture")
            .field("method", &self.method)
            .field("queued", &self.job.is_none())
            .field("finished", &self.finished)
            .finish_non_exhaustive()
    }
}

impl<T> CallFuture<T> {
    /// The call's cancel handle: cancelling it from any thread ends the future with
    /// [`Error::Cancelled`] (as dropping it would, but the future still reports).
    #[must_use]
    pub fn cancel_handle(&self) -> &CancelHandle {
        &self.cancel
    }
}

impl<T> Unpin for CallFuture<T> {}

impl<T: Send + 'static> Future for CallFuture<T> {
    type Output = Result<T, Error>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = &mut *self;
        if let Some(job) = this.job.take() {
            match this
                .client
                .inner
                .pool
                .submit(job, Some((this.waiter, cx.waker())))
            {
                Ok(()) => this.waiting = false,
                Err(Refused::Full(job)) => {
                    this.job = Some(job);
                    this.waiting = true;
                    return Poll::Pending;
                }
                Err(other) => {
                    this.finished = true;
                    let capacity = this.client.inner.pool.capacity();
                    return Poll::Ready(Err(other.into_error(&this.method, capacity)));
                }
            }
        }
        let mut st = this.slot.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(result) = st.result.take() {
            drop(st);
            this.finished = true;
            return Poll::Ready(result);
        }
        match &mut st.waker {
            Some(w) => w.clone_from(cx.waker()),
            None => st.waker = Some(cx.waker().clone()),
        }
        Poll::Pending
    }
}

impl<T> Drop for CallFuture<T> {
    fn drop(&mut self) {
        if self.finished {
            return;
        }
        if self.job.take().is_some() {
            // Never queued: nothing to cancel, but a place it was woken for goes on.
            if self.waiting {
                self.client.inner.pool.forget_waiter(self.waiter);
            }
            return;
        }
        self.cancel.cancel();
    }
}

/// Generic calls as futures: the same semantics as the blocking methods of the same
/// names, run on the client's pool (see [`CallFuture`]). Parameters are copied.
impl Client {
    /// The async form of [`Client::call`].
    pub fn call_async(&self, method: &str, params: &Params) -> CallFuture<Json> {
        let (m, p) = (method.to_owned(), params.clone());
        self.spawn_call(method, move |c| c.call(&m, &p))
    }

    /// The async form of [`Client::call_v2`].
    pub fn call_v2_async(&self, method: &str, params: &Params) -> CallFuture<Json> {
        let (m, p) = (method.to_owned(), params.clone());
        self.spawn_call(method, move |c| c.call_v2(&m, &p))
    }

    /// The async form of [`Client::call_verified`].
    pub fn call_verified_async(&self, method: &str, params: &Params) -> CallFuture<Verified> {
        let (m, p) = (method.to_owned(), params.clone());
        self.spawn_call(method, move |c| c.call_verified(&m, &p))
    }

    /// The async form of [`Client::call_v2_verified`].
    pub fn call_v2_verified_async(&self, method: &str, params: &Params) -> CallFuture<Verified> {
        let (m, p) = (method.to_owned(), params.clone());
        self.spawn_call(method, move |c| c.call_v2_verified(&m, &p))
    }

    /// The async form of [`Client::invoke`].
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), justclick::Error> {
    /// # let client = justclick::Client::builder("shop", "secret").build()?;
    /// let groups = client.invoke_async("GetAllGroups", &justclick::Params::new()).await?;
    /// # Ok(()) }
    /// ```
    pub fn invoke_async(&self, method: &str, params: &Params) -> CallFuture<Json> {
        let (m, p) = (method.to_owned(), params.clone());
        self.spawn_call(method, move |c| c.invoke(&m, &p))
    }

    /// The async form of [`Client::invoke_typed`].
    pub fn invoke_typed_async(&self, method: &str, params: &Params) -> CallFuture<Json> {
        let (m, p) = (method.to_owned(), params.clone());
        self.spawn_call(method, move |c| c.invoke_typed(&m, &p))
    }
}
