//! The cancel handle: a flag any thread can raise, plus the hooks that make a blocked
//! call notice it at once (a socket shut down, a waiting thread woken, a queued call
//! dropped).
//!
//! Cancelling never polls: each place a call can block registers a hook for as long as
//! it blocks there, and [`CancelHandle::cancel`] runs the hooks. A hook registered
//! after the handle was cancelled runs immediately.

use std::fmt;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

type Hook = Box<dyn FnOnce() + Send>;

/// Cancels calls from any thread.
///
/// Give a clone to a call through [`crate::client::CallOptions::with_cancel`] (or use
/// the handle of a [`crate::client::CallFuture`] or [`crate::client::CallHandle`]);
/// [`CancelHandle::cancel`] then stops it wherever it is: still queued (it is dropped,
/// never sent), resolving the host name, connecting, in the TLS handshake, sending, or
/// waiting for and reading the answer (its socket is shut down, which wakes the blocked
/// read or write at once), or sleeping before a retry. The call returns
/// [`crate::Error::Cancelled`], whose
/// [`may_have_been_applied`](crate::Error::may_have_been_applied) says whether any
/// request byte had been written by then. A cancelled call is never retried, and its
/// connection is never reused.
///
/// One handle may be shared by several calls (cancelling stops all of them); a call
/// that already finished is not affected. Cloning is cheap (an `Arc`); cancelling is
/// idempotent and cannot be undone: use a new handle for new calls.
#[derive(Clone, Default)]
pub struct CancelHandle {
    state: Arc<State>,
}

#[derive(Default)]
struct State {
    cancelled: AtomicBool,
    hooks: Mutex<Hooks>,
}

#[derive(Default)]
struct Hooks {
    next_id: u64,
    list: Vec<(u64, Hook)>,
}

impl fmt::Debug for CancelHandle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CancelHandle")
            .field("cancelled", &self.is_cancelled())
            .finish()
    }
}

impl CancelHandle {
    /// A handle not yet cancelled.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Cancels every call using this handle. Safe from any thread, at any time, any
    /// number of times (only the first has an effect). Returns once every blocked
    /// call has been woken (each then returns on its own thread); a call that was
    /// still queued in a client's pool has been dropped and its completion run.
    pub fn cancel(&self) {
        if self.state.cancelled.swap(true, Ordering::SeqCst) {
            return;
        }
        let hooks = std::mem::take(&mut self.lock().list);
        for (_, hook) in hooks {
            hook();
        }
    }

    /// True once [`CancelHandle::cancel`] was called.
    #[must_use]
    pub fn is_cancelled(&self) -> bool {
        self.state.cancelled.load(Ordering::SeqCst)
    }

    /// True when both are the same handle (clones of one another).
    #[must_use]
    pub fn same_as(&self, other: &CancelHandle) -> bool {
        Arc::ptr_eq(&self.state, &other.state)
    }

    fn lock(&self) -> MutexGuard<'_, Hooks> {
        // Hooks run outside the lock, so a poisoned lock still holds a consistent list.
        self.state
            .hooks
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// Runs `hook` when the handle is cancelled, or now if it already is. The hook
    /// is forgotten when the returned guard is dropped, so register it only for as
    /// long as the call can block where it helps.
    pub(crate) fn on_cancel(&self, hook: impl FnOnce() + Send + 'static) -> HookGuard {
        if self.is_cancelled() {
            hook();
            return HookGuard::inert();
        }
        let mut hooks = self.lock();
        // Checked again under the lock: `cancel` raises the flag before taking it.
        if self.is_cancelled() {
            drop(hooks);
            hook();
            return HookGuard::inert();
        }
        let id = hooks.next_id;
        hooks.next_id += 1;
        hooks.list.push((id, Box::new(hook)));
        HookGuard {
            owner: Some((self.clone(), id)),
        }
    }

    /// Sleeps for `pause` unless cancelled first; true when it was cancelled.
    pub(crate) fn sleep(&self, pause: Duration) -> bool {
        let woken = Arc::new((Mutex::new(false), Condvar::new()));
        let signal = Arc::clone(&woken);
        let _hook = self.on_cancel(move || {
            *signal.0.lock().unwrap_or_else(PoisonError::into_inner) = true;
            signal.1.notify_all();
        });
        let guard = woken.0.lock().unwrap_or_else(PoisonError::into_inner);
        let _ = woken
            .1
            .wait_timeout_while(guard, pause, |cancelled| !*cancelled)
            .unwrap_or_else(PoisonError::into_inner);
        self.is_cancelled()
    }
}

/// Unregisters a hook when dropped (unless it already ran).
#[must_use = "dropping the guard unregisters the hook"]
pub(crate) struct HookGuard {
    owner: Option<(CancelHandle, u64)>,
}

impl HookGuard {
    /// A guard for nothing (the hook already ran, or there was none to register).
    pub(crate) fn inert() -> Self {
        HookGuard { owner: None }
    }
}

impl Drop for HookGuard {
    fn drop(&mut self) {
        if let Some((handle, id)) = self.owner.take() {
            let mut hooks = handle.lock();
            if let Some(at) = hooks.list.iter().position(|(i, _)| *i == id) {
                let hook = hooks.list.swap_remove(at);
                drop(hooks);
                // Dropped outside the lock: a hook may own things whose drop locks.
                drop(hook);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicUsize;
    use std::time::Instant;

    #[test]
    fn cancel_is_idempotent_and_runs_each_hook_once() {
        let h = CancelHandle::new();
        let runs = Arc::new(AtomicUsize::new(0));
        let r = Arc::clone(&runs);
        let _g = h.on_cancel(move || {
            r.fetch_add(1, Ordering::SeqCst);
        });
        assert!(!h.is_cancelled());
        h.clone().cancel();
        h.cancel();
        assert!(h.is_cancelled());
        assert_eq!(runs.load(Ordering::SeqCst), 1);
        // Registered after the cancel: runs at once.
        let r = Arc::clone(&runs);
        let _g = h.on_cancel(move || {
            r.fetch_add(1, Ordering::SeqCst);
        });
        assert_eq!(runs.load(Ordering::SeqCst), 2);
    }

    #[test]
    fn a_dropped_guard_unregisters_its_hook() {
        let h = CancelHandle::new();
        let runs = Arc::new(AtomicUsize::new(0));
        let r = Arc::clone(&runs);
        drop(h.on_cancel(move || {
            r.fetch_add(1, Ordering::SeqCst);
        }));
        h.cancel();
        assert_eq!(runs.load(Ordering::SeqCst), 0);
        assert!(h.lock().list.is_empty());
    }

    #[test]
    fn sleep_wakes_on_cancel() {
        let h = CancelHandle::new();
        let c = h.clone();
        let t = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(20));
            c.cancel();
        });
        let started = Instant::now();
        // 60 s: the sleep must end through the cancel, long before that.
        assert!(h.sleep(Duration::from_secs(60)));
        assert!(started.elapsed() < Duration::from_secs(30));
        t.join().unwrap();
        assert!(!CancelHandle::new().sleep(Duration::from_millis(1)));
    }
}
