//! The call in progress on this thread, as the layers below ureq see it.
//!
//! ureq runs a request on the calling thread, through our resolver and connector
//! layers, without a way to pass per-request state down to them. So a call sets a
//! thread-local scope for as long as it runs; the layers read it to
//! - hand the call's cancel handle every socket the call uses ([`bind_socket`]), so
//!   that cancelling shuts the socket down and wakes whatever blocks on it;
//! - record that a request byte was handed to the network ([`mark_sent`]): from then on
//!   the request may have reached the server, which is what
//!   [`crate::Error::may_have_been_applied`] reports and what the retry rule reads.

use std::cell::{Cell, RefCell};
use std::io;
use std::rc::Rc;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use crate::client::cancel::{CancelHandle, HookGuard};

/// Numbers calls, so a pooled connection knows whether it is bound to this one.
static NEXT_CALL: AtomicU64 = AtomicU64::new(1);

thread_local! {
    static CURRENT: RefCell<Option<Rc<Data>>> = const { RefCell::new(None) };
}

struct Data {
    id: u64,
    cancel: Option<CancelHandle>,
    sent: Cell<bool>,
    /// Hooks registered for this call; dropped (unregistered) when it ends, so a
    /// later cancel never touches a connection that went back to the pool.
    hooks: RefCell<Vec<HookGuard>>,
}

/// The scope of one call on this thread; ends when dropped.
pub(crate) struct CallScope {
    data: Rc<Data>,
    previous: Option<Rc<Data>>,
}

impl CallScope {
    /// Starts the scope of a call that `cancel` (if any) may cancel.
    pub(crate) fn enter(cancel: Option<CancelHandle>) -> Self {
        let data = Rc::new(Data {
            id: NEXT_CALL.fetch_add(1, Ordering::Relaxed),
            cancel,
            sent: Cell::new(false),
            hooks: RefCell::new(Vec::new()),
        });
        let previous = CURRENT.with(|c| c.borrow_mut().replace(Rc::clone(&data)));
        CallScope { data, previous }
    }

    /// True once a request byte of this call was handed to the network.
    pub(crate) fn sent(&self) -> bool {
        self.data.sent.get()
    }

    /// True when the call's cancel handle was cancelled.
    pub(crate) fn cancelled(&self) -> bool {
        self.data
            .cancel
            .as_ref()
            .is_some_and(CancelHandle::is_cancelled)
    }

    /// The call's cancel handle.
    pub(crate) fn cancel_handle(&self) -> Option<&CancelHandle> {
        self.data.cancel.as_ref()
    }
}

impl Drop for CallScope {
    fn drop(&mut self) {
        let previous = self.previous.take();
        CURRENT.with(|c| *c.borrow_mut() = previous);
        self.data.hooks.borrow_mut().clear();
    }
}

/// A socket that a cancel can shut down; `dead` once it was, so that the connection
/// is never taken from the keep-alive pool again.
pub(crate) struct Interruptible {
    socket: socket2::Socket,
    dead: AtomicBool,
}

impl Interruptible {
    /// Wraps a handle (a duplicate descriptor) of the socket to interrupt.
    pub(crate) fn new(socket: socket2::Socket) -> Arc<Self> {
        Arc::new(Interruptible {
            socket,
            dead: AtomicBool::new(false),
        })
    }

    /// Shuts the socket down both ways: a blocked connect, read or write returns at
    /// once (a connect in progress is aborted).
    pub(crate) fn interrupt(&self) {
        self.dead.store(true, Ordering::SeqCst);
        let _ = self.socket.shutdown(std::net::Shutdown::Both);
    }

    /// True once interrupted.
    pub(crate) fn is_dead(&self) -> bool {
        self.dead.load(Ordering::SeqCst)
    }
}

/// An error for I/O attempted by a cancelled call.
pub(crate) fn cancelled_io() -> io::Error {
    // Not `Interrupted`: readers (rustls, ureq's body reader) retry that kind forever.
    io::Error::new(io::ErrorKind::ConnectionAborted, "the call was cancelled")
}

/// Binds `socket` to the current call: the call's cancel shuts it down. `bound_to`
/// is the id of the call it was last bound to (kept by the connection), so a
/// connection is bound once per call however many reads and writes it makes.
///
/// # Errors
/// A `ConnectionAborted` I/O error when the call is already cancelled.
pub(crate) fn bind_socket(socket: &Arc<Interruptible>, bound_to: &mut u64) -> io::Result<()> {
    CURRENT.with(|c| {
        let current = c.borrow();
        let Some(data) = current.as_ref() else {
            return Ok(());
        };
        if data.id != *bound_to {
            *bound_to = data.id;
            if let Some(cancel) = &data.cancel {
                let s = Arc::clone(socket);
                let guard = cancel.on_cancel(move || s.interrupt());
                data.hooks.borrow_mut().push(guard);
            }
        }
        if data.cancel.as_ref().is_some_and(CancelHandle::is_cancelled) {
            return Err(cancelled_io());
        }
        Ok(())
    })
}

/// Records that the current call handed request bytes to the network.
pub(crate) fn mark_sent() {
    CURRENT.with(|c| {
        if let Some(data) = c.borrow().as_ref() {
            data.sent.set(true);
        }
    });
}

/// The current call's cancel handle, if it has one.
pub(crate) fn current_cancel() -> Option<CancelHandle> {
    CURRENT.with(|c| c.borrow().as_ref().and_then(|d| d.cancel.clone()))
}
