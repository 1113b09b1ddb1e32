//! The client's worker pool: calls run on a few kept threads, fed by a bounded queue.
//!
//! Threads are started on demand, at most `max_threads`, and an idle one exits after
//! [`IDLE_EXIT`]: an idle pool costs no thread. The queue holds at most `capacity`
//! calls waiting for a thread; submitting to a full queue is refused
//! ([`Error::QueueFull`]) or, for a future, waits for a place.
//!
//! Every queued call has its own [`CancelHandle`]. Cancelling it removes the call from
//! the queue at once (its place is free, it is never sent) and runs its completion
//! with [`Error::Cancelled`] on the cancelling thread; cancelling a running call
//! interrupts it (see [`crate::client::cancel`]). [`Pool::close`] cancels every call
//! queued or running and refuses new ones.
//!
//! A forked child has none of its parent's threads, only their counters, so the
//! first call in a new process starts a pool of its own (the parent's state is left
//! alone, never locked again: a worker may have held its lock at the fork).

use std::collections::VecDeque;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError, Weak};
use std::task::Waker;
use std::time::Duration;

use crate::client::cancel::{CancelHandle, HookGuard};
use crate::error::Error;

/// How long a worker waits for a new call before it exits.
pub(crate) const IDLE_EXIT: Duration = Duration::from_secs(5);

/// Numbers jobs, for removal from the queue.
static NEXT_JOB: AtomicU64 = AtomicU64::new(1);

/// A call to run: `run(true)` makes it, `run(false)` completes it as cancelled
/// without sending anything. Once queued, exactly one of the two happens, once; a job
/// refused by [`Pool::submit`] is dropped without either.
pub(crate) struct Job {
    pub cancel: CancelHandle,
    pub run: Box<dyn FnOnce(bool) + Send>,
}

/// Counters of a pool, as [`crate::Client::pool_stats`] reports them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct PoolStats {
    /// Worker threads alive.
    pub threads: usize,
    /// Calls waiting in the queue.
    pub queued: usize,
    /// Calls running on a worker.
    pub running: usize,
    /// Most worker threads the pool starts.
    pub max_threads: usize,
    /// Most calls the queue holds.
    pub capacity: usize,
}

/// The pool of one client, rebuilt in a forked child.
pub(crate) struct Pool {
    max_threads: usize,
    capacity: usize,
    current: Mutex<Option<(u32, Arc<Shared>)>>,
}

struct Queued {
    id: u64,
    job: Job,
    /// Removes the job from the queue when its handle is cancelled.
    _unqueue: HookGuard,
}

#[derive(Default)]
struct State {
    queue: VecDeque<Queued>,
    running: Vec<(u64, CancelHandle)>,
    threads: usize,
    idle: usize,
    closed: bool,
    /// Futures waiting for a place in a full queue.
    slot_waiters: VecDeque<(u64, Waker)>,
}

struct Shared {
    state: Mutex<State>,
    ready: Condvar,
    max_threads: usize,
    capacity: usize,
}

/// Why a job was not queued; the job comes back when it can be tried again.
pub(crate) enum Refused {
    /// The queue is full; with a waiter id, its waker will be woken when a place
    /// frees.
    Full(Job),
    /// Already cancelled, or the pool closed (the job is dropped unrun).
    Cancelled,
    /// No worker thread could be started.
    Spawn(std::io::Error),
}

impl Pool {
    /// A pool of at most `max_threads` threads and `capacity` queued calls, none
    /// started yet.
    pub(crate) fn new(max_threads: usize, capacity: usize) -> Self {
        Pool {
            max_threads: max_threads.max(1),
            capacity: capacity.max(1),
            current: Mutex::new(None),
        }
    }

    fn shared(&self) -> Arc<Shared> {
        let pid = std::process::id();
        let mut current = self.current.lock().unwrap_or_else(PoisonError::into_inner);
        match &*current {
            Some((owner, shared)) if *owner == pid => Arc::clone(shared),
            _ => {
                let shared = Arc::new(Shared {
                    state: Mutex::new(State::default()),
                    ready: Condvar::new(),
                    max_threads: self.max_threads,
                    capacity: self.capacity,
                });
                // A parent's state (after a fork) is forgotten, not dropped: its
                // threads do not exist here, and its jobs belong to the parent.
                if let Some(inherited) = current.replace((pid, Arc::clone(&shared))) {
                    if inherited.0 != pid {
                        std::mem::forget(inherited);
                    }
                }
                shared
            }
        }
    }

    /// Queues `job`, starting a worker if none is idle. With `waiter`, a full queue
    /// registers the waker to be woken when a place frees.
    pub(crate) fn submit(&self, job: Job, waiter: Option<(u64, &Waker)>) -> Result<(), Refused> {
        self.shared().submit(job, waiter)
    }

    /// Forgets a future's registration as a waiter (it was dropped); passes the
    /// wake-up on when it had been woken for a place it will not take.
    pub(crate) fn forget_waiter(&self, waiter: u64) {
        self.shared().forget_waiter(waiter);
    }

    /// Cancels every queued and running call and refuses new ones.
    pub(crate) fn close(&self) {
        let shared = {
            let current = self.current.lock().unwrap_or_else(PoisonError::into_inner);
            match &*current {
                Some((owner, shared)) if *owner == std::process::id() => Arc::clone(shared),
                _ => return,
            }
        };
        shared.close();
    }

    /// The pool's counters now.
    pub(crate) fn stats(&self) -> PoolStats {
        let shared = self.shared();
        let st = shared.lock();
        PoolStats {
            threads: st.threads,
            queued: st.queue.len(),
            running: st.running.len(),
            max_threads: self.max_threads,
            capacity: self.capacity,
        }
    }
}

/// A fresh id for a job or a waiter.
pub(crate) fn next_id() -> u64 {
    NEXT_JOB.fetch_add(1, Ordering::Relaxed)
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, State> {
        // Jobs and hooks run outside the lock, so a poisoned lock still holds
        // consistent counters.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn submit(self: &Arc<Self>, job: Job, waiter: Option<(u64, &Waker)>) -> Result<(), Refused> {
        let id = next_id();
        let weak: Weak<Shared> = Arc::downgrade(self);
        // Registered before the job is queued; the flag is checked again under the
        // queue's lock, which the hook also takes, so a cancel at any moment either
        // keeps the job out or takes it out.
        let unqueue = job.cancel.on_cancel(move || {
            if let Some(shared) = weak.upgrade() {
                shared.unqueue(id);
            }
        });
        let mut st = self.lock();
        if st.closed || job.cancel.is_cancelled() {
            drop(st);
            drop(unqueue);
            drop(job);
            return Err(Refused::Cancelled);
        }
        if st.queue.len() >= self.capacity {
            if let Some((waiter_id, waker)) = waiter {
                match st.slot_waiters.iter_mut().find(|(w, _)| *w == waiter_id) {
                    Some((_, known)) => known.clone_from(waker),
                    None => st.slot_waiters.push_back((waiter_id, waker.clone())),
                }
            }
            drop(st);
            drop(unqueue);
            return Err(Refused::Full(job));
        }
        if let Some((waiter_id, _)) = waiter {
            st.slot_waiters.retain(|(w, _)| *w != waiter_id);
        }
        st.queue.push_back(Queued {
            id,
            job,
            _unqueue: unqueue,
        });
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
                if let Some(at) = st.queue.iter().position(|q| q.id == id) {
                    let queued = st.queue.remove(at);
                    drop(st);
                    drop(queued);
                    return Err(Refused::Spawn(e));
                }
            }
        }
        Ok(())
    }

    /// Takes a cancelled job out of the queue and completes it as cancelled.
    fn unqueue(&self, id: u64) {
        let mut st = self.lock();
        let Some(at) = st.queue.iter().position(|q| q.id == id) else {
            return;
        };
        let queued = st.queue.remove(at);
        let waiter = st.slot_waiters.pop_front();
        drop(st);
        if let Some((_, waker)) = waiter {
            waker.wake();
        }
        if let Some(Queued { job, .. }) = queued {
            (job.run)(false);
        }
    }

    fn forget_waiter(&self, waiter: u64) {
        let mut st = self.lock();
        let before = st.slot_waiters.len();
        st.slot_waiters.retain(|(w, _)| *w != waiter);
        // Not in the list: it may have been woken for a place; give it to the next.
        let next = if st.slot_waiters.len() == before && st.queue.len() < self.capacity {
            st.slot_waiters.pop_front()
        } else {
            None
        };
        drop(st);
        if let Some((_, waker)) = next {
            waker.wake();
        }
    }

    fn close(&self) {
        let mut st = self.lock();
        st.closed = true;
        let queued: Vec<Queued> = st.queue.drain(..).collect();
        let running: Vec<CancelHandle> = st.running.iter().map(|(_, c)| c.clone()).collect();
        let waiters: Vec<Waker> = st.slot_waiters.drain(..).map(|(_, w)| w).collect();
        drop(st);
        for Queued { job, .. } in queued {
            (job.run)(false);
        }
        for cancel in running {
            cancel.cancel();
        }
        for waker in waiters {
            waker.wake();
        }
    }

    fn work(&self) {
        let mut st = self.lock();
        loop {
            if let Some(Queued { id, job, _unqueue }) = st.queue.pop_front() {
                st.running.push((id, job.cancel.clone()));
                let waiter = st.slot_waiters.pop_front();
                drop(st);
                if let Some((_, waker)) = waiter {
                    waker.wake();
                }
                // Running now: a cancel interrupts the call instead of unqueueing it.
                drop(_unqueue);
                let Job { run, cancel, .. } = job;
                // A job's own panic must not take the worker's counters with it.
                let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| run(true)));
                drop(cancel);
                st = self.lock();
                st.running.retain(|(r, _)| *r != id);
                continue;
            }
            st.idle += 1;
            let (guard, timeout) = self
                .ready
                .wait_timeout(st, IDLE_EXIT)
                .unwrap_or_else(PoisonError::into_inner);
            st = guard;
            st.idle -= 1;
            if timeout.timed_out() && st.queue.is_empty() {
                st.threads -= 1;
                return;
            }
        }
    }
}

impl Refused {
    /// The error a caller sees for a refusal.
    pub(crate) fn into_error(self, method: &str, capacity: usize) -> Error {
        match self {
            Refused::Full(_) => Error::QueueFull {
                method: method.to_owned(),
                capacity,
                stats: Default::default(),
            },
            Refused::Cancelled => Error::cancelled(method, false),
            Refused::Spawn(e) => Error::Transport {
                method: method.to_owned(),
                detail: format!("cannot start a worker thread: {e}"),
                may_have_been_applied: false,
                source: Some(Arc::new(e)),
                stats: Default::default(),
            },
        }
    }
}

impl Pool {
    /// Most calls the queue holds.
    pub(crate) fn capacity(&self) -> usize {
        self.capacity
    }
}
