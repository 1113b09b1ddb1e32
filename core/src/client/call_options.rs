//! What one call may carry besides its parameters: its own deadline and a cancel
//! handle.

use std::time::Duration;

use crate::client::cancel::CancelHandle;

/// Options for one call: pass them to the `*_with` methods
/// ([`crate::Client::invoke_with`], [`crate::Client::call_with`], …) or set them on a
/// client view with [`crate::Client::with_options`] (every method of that view, the
/// typed ones included, then uses them).
///
/// ```no_run
/// use std::time::Duration;
/// use justclick::client::{CallOptions, CancelHandle};
/// # let client = justclick::Client::builder("shop", "secret").build()?;
/// let cancel = CancelHandle::new();
/// let opts = CallOptions::new()
///     .with_timeout(Duration::from_secs(2))
///     .with_cancel(&cancel);
/// // From another thread: cancel.cancel();
/// client.with_options(opts).delete_subscribe("a@b.c", "news")?;
/// # Ok::<(), justclick::Error>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct CallOptions {
    timeout: Option<Duration>,
    cancel: Option<CancelHandle>,
}

impl CallOptions {
    /// No deadline of its own (the client's timeout applies), no cancel handle.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Bounds this call, retries and their backoff included, by `timeout` instead of
    /// the client's timeout (longer or shorter). Zero is refused when the call starts
    /// ([`crate::Error::InvalidArgument`]). The client's connect timeout still bounds
    /// each connection attempt.
    #[must_use]
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Lets `cancel` stop this call (see [`CancelHandle`]). The handle is shared,
    /// not copied: cancelling the one passed in cancels the call.
    #[must_use]
    pub fn with_cancel(mut self, cancel: &CancelHandle) -> Self {
        self.cancel = Some(cancel.clone());
        self
    }

    /// Sets or clears the per-call timeout (see [`CallOptions::with_timeout`]).
    pub fn set_timeout(&mut self, timeout: Option<Duration>) {
        self.timeout = timeout;
    }

    /// Sets or clears the cancel handle (see [`CallOptions::with_cancel`]).
    pub fn set_cancel(&mut self, cancel: Option<CancelHandle>) {
        self.cancel = cancel;
    }

    /// The per-call timeout, if one is set.
    #[must_use]
    pub fn timeout(&self) -> Option<Duration> {
        self.timeout
    }

    /// The cancel handle, if one is set.
    #[must_use]
    pub fn cancel(&self) -> Option<&CancelHandle> {
        self.cancel.as_ref()
    }
}
