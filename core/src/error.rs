//! The crate's error type.

use std::fmt;
use std::io;
use std::sync::Arc;
use std::time::Duration;

use crate::codes;

/// Everything that can go wrong, grouped by what the caller can do about it.
///
/// The secret is never part of any variant, so `Display` and `Debug` are safe to log.
///
/// Branch on the accessors ([`Error::kind`], [`Error::may_have_been_applied`],
/// [`Error::is_retryable`], [`Error::api_code`], [`Error::http_status`],
/// [`Error::method`]) or match the variants; every variant with fields is
/// `#[non_exhaustive]` (match with `..`), so fields can be added without a breaking
/// change. Transport and TLS errors keep the underlying [`io::Error`] as their
/// [`source`](std::error::Error::source).
///
/// # What to do after a failed write
/// [`Error::may_have_been_applied`] is false when the request certainly never reached
/// the server: calling again cannot apply it twice. When it is true (the connection
/// broke after the request was written, the answer did not come in time, was
/// unreadable, or the call was cancelled after sending began), check the state
/// before repeating a write, or repeat only calls that are safe to repeat
/// (`CreateOrder` answers a repeat with the existing order).
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum Error {
    /// The caller's input was refused before anything was sent (bad parameter shape,
    /// bad option, bad URL). Fix the input; retrying will not help.
    #[non_exhaustive]
    InvalidArgument {
        /// What was wrong, naming the offending key or option.
        message: String,
    },
    /// JustClick answered with a genuine (verified) non-zero `error_code`.
    #[non_exhaustive]
    Api {
        /// The API method called, e.g. `DeleteSubscribe`.
        method: String,
        /// JustClick's `error_code`.
        code: i64,
        /// The server's `error_text`, verbatim.
        text: String,
        /// The response's `result`, when the server sent one (601 carries `bill_id`).
        result: Option<Box<serde_json::Value>>,
        /// Requests made and time taken (see [`Error::attempts`], [`Error::elapsed`]).
        stats: CallStats,
    },
    /// The response's `hash` did not prove it came from JustClick: missing, not a
    /// 32-hex string, or not `md5(code::text::secret)`. Nothing in it was trusted.
    #[non_exhaustive]
    BadSignature {
        /// The API method called (empty for stand-alone checks).
        method: String,
        /// Why the signature was refused.
        reason: String,
        /// Requests made and time taken (see [`Error::attempts`], [`Error::elapsed`]).
        stats: CallStats,
    },
    /// The server's answer was not a usable JustClick envelope.
    #[non_exhaustive]
    BadResponse {
        /// The API method called.
        method: String,
        /// The HTTP status of the answer.
        status: u16,
        /// What kind of problem it was.
        kind: ResponseProblem,
        /// Details, including the start of the body where that helps.
        detail: String,
        /// Requests made and time taken (see [`Error::attempts`], [`Error::elapsed`]).
        stats: CallStats,
    },
    /// The request could not be sent or the answer not received (DNS, refused
    /// connection, reset, closed mid-response).
    #[non_exhaustive]
    Transport {
        /// The API method called.
        method: String,
        /// What failed.
        detail: String,
        /// False when the request certainly never left (see
        /// [`Error::may_have_been_applied`]).
        may_have_been_applied: bool,
        /// The I/O error underneath, when there was one.
        source: Option<Arc<io::Error>>,
        /// Requests made and time taken (see [`Error::attempts`], [`Error::elapsed`]).
        stats: CallStats,
    },
    /// The connect or total timeout elapsed.
    #[non_exhaustive]
    Timeout {
        /// The API method called.
        method: String,
        /// Which timeout and how long it was.
        detail: String,
        /// False when it ran out before any request byte was written (connecting).
        may_have_been_applied: bool,
        /// Requests made and time taken (see [`Error::attempts`], [`Error::elapsed`]).
        stats: CallStats,
    },
    /// TLS failed: untrusted certificate, wrong host name, handshake failure.
    #[non_exhaustive]
    Tls {
        /// The API method called.
        method: String,
        /// What the TLS layer said.
        detail: String,
        /// False when it failed before any request byte was written (the handshake).
        may_have_been_applied: bool,
        /// The I/O error underneath (a rustls error is wrapped in one).
        source: Option<Arc<io::Error>>,
        /// Requests made and time taken (see [`Error::attempts`], [`Error::elapsed`]).
        stats: CallStats,
    },
    /// The call was cancelled through its [`crate::client::CancelHandle`] (or its
    /// future was dropped, or its client closed).
    #[non_exhaustive]
    Cancelled {
        /// The API method called.
        method: String,
        /// False when it was cancelled before any request byte was written (still
        /// queued, resolving, connecting, in the TLS handshake).
        may_have_been_applied: bool,
        /// Requests made and time taken (see [`Error::attempts`], [`Error::elapsed`]).
        stats: CallStats,
    },
    /// The client's call queue was full: nothing was sent. Wait for calls to finish
    /// (or raise [`crate::ClientBuilder::queue_capacity`]).
    #[non_exhaustive]
    QueueFull {
        /// The API method called.
        method: String,
        /// How many calls the queue holds.
        capacity: usize,
        /// Requests made and time taken (see [`Error::attempts`], [`Error::elapsed`]).
        stats: CallStats,
    },
}

/// How many HTTP requests a failed call made and how long it ran, from its start
/// (queueing excluded) to the error, retries and their backoff included: see
/// [`Error::attempts`] and [`Error::elapsed`]. Zero for an error raised before any
/// request (bad input, a full queue, cancelled while queued).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct CallStats {
    /// HTTP requests made, retries included.
    pub attempts: u32,
    /// Time from the start of the call to the error.
    pub elapsed: Duration,
}

/// The variant of an [`Error`], without its fields: for mapping errors to statuses,
/// exception classes or metrics.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// [`Error::InvalidArgument`].
    InvalidArgument,
    /// [`Error::Api`].
    Api,
    /// [`Error::BadSignature`].
    BadSignature,
    /// [`Error::BadResponse`].
    BadResponse,
    /// [`Error::Transport`].
    Transport,
    /// [`Error::Timeout`].
    Timeout,
    /// [`Error::Tls`].
    Tls,
    /// [`Error::Cancelled`].
    Cancelled,
    /// [`Error::QueueFull`].
    QueueFull,
}

/// Ways an HTTP answer can fail to be a JustClick envelope.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ResponseProblem {
    /// The body was empty.
    Empty,
    /// The body was not JSON (typically an HTML error page from a proxy).
    NotJson,
    /// The body was JSON cut short.
    Truncated,
    /// The body was larger than the configured cap.
    TooLarge,
    /// JSON, but not an object with `error_code`, `error_text` and `hash` of the
    /// right types.
    Malformed,
    /// A redirect that may not be followed (not 307/308, too many, or to an
    /// insecure or non-HTTP location).
    Redirect,
}

impl ResponseProblem {
    fn describe(self) -> &'static str {
        match self {
            ResponseProblem::Empty => "empty response body",
            ResponseProblem::NotJson => "response is not JSON",
            ResponseProblem::Truncated => "response JSON is truncated",
            ResponseProblem::TooLarge => "response body is too large",
            ResponseProblem::Malformed => "response is not a JustClick envelope",
            ResponseProblem::Redirect => "redirect refused",
        }
    }
}

impl Error {
    /// An [`Error::InvalidArgument`] with the given message.
    pub(crate) fn invalid(message: impl Into<String>) -> Self {
        Error::InvalidArgument {
            message: message.into(),
        }
    }

    /// How many HTTP requests the failed call made, retries included (0 when it was
    /// refused or cancelled before sending, or the error is not a call's).
    #[must_use]
    pub fn attempts(&self) -> u32 {
        self.stats().attempts
    }

    /// How long the failed call ran, from its start to the error, retries and their
    /// backoff included (zero when the error is not a call's).
    #[must_use]
    pub fn elapsed(&self) -> Duration {
        self.stats().elapsed
    }

    fn stats(&self) -> CallStats {
        match self {
            Error::InvalidArgument { .. } => CallStats::default(),
            Error::Api { stats, .. }
            | Error::BadSignature { stats, .. }
            | Error::BadResponse { stats, .. }
            | Error::Transport { stats, .. }
            | Error::Timeout { stats, .. }
            | Error::Tls { stats, .. }
            | Error::Cancelled { stats, .. }
            | Error::QueueFull { stats, .. } => *stats,
        }
    }

    /// Records the requests a call made and its time on the error it ended with.
    pub(crate) fn with_stats(mut self, attempts: u32, elapsed: Duration) -> Self {
        match &mut self {
            Error::InvalidArgument { .. } => {}
            Error::Api { stats, .. }
            | Error::BadSignature { stats, .. }
            | Error::BadResponse { stats, .. }
            | Error::Transport { stats, .. }
            | Error::Timeout { stats, .. }
            | Error::Tls { stats, .. }
            | Error::Cancelled { stats, .. }
            | Error::QueueFull { stats, .. } => *stats = CallStats { attempts, elapsed },
        }
        self
    }

    /// JustClick's `error_code` for [`Error::Api`], else `None`.
    #[must_use]
    pub fn api_code(&self) -> Option<i64> {
        match self {
            Error::Api { code, .. } => Some(*code),
            _ => None,
        }
    }

    /// The HTTP status for [`Error::BadResponse`], else `None`.
    #[must_use]
    pub fn http_status(&self) -> Option<u16> {
        match self {
            Error::BadResponse { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The API method the error belongs to, when there was a call.
    #[must_use]
    pub fn method(&self) -> Option<&str> {
        let method = match self {
            Error::InvalidArgument { .. } => return None,
            Error::Api { method, .. }
            | Error::BadSignature { method, .. }
            | Error::BadResponse { method, .. }
            | Error::Transport { method, .. }
            | Error::Timeout { method, .. }
            | Error::Tls { method, .. }
            | Error::Cancelled { method, .. }
            | Error::QueueFull { method, .. } => method,
        };
        (!method.is_empty()).then_some(method.as_str())
    }

    /// Which variant this is.
    #[must_use]
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::InvalidArgument { .. } => ErrorKind::InvalidArgument,
            Error::Api { .. } => ErrorKind::Api,
            Error::BadSignature { .. } => ErrorKind::BadSignature,
            Error::BadResponse { .. } => ErrorKind::BadResponse,
            Error::Transport { .. } => ErrorKind::Transport,
            Error::Timeout { .. } => ErrorKind::Timeout,
            Error::Tls { .. } => ErrorKind::Tls,
            Error::Cancelled { .. } => ErrorKind::Cancelled,
            Error::QueueFull { .. } => ErrorKind::QueueFull,
        }
    }

    /// Whether the request may have reached the server (and been applied there).
    ///
    /// - `false`: it certainly never left: refused before sending (bad input, a full
    ///   queue), unknown host, connection refused, connect timeout, TLS handshake
    ///   failure, cancelled while queued or before any request byte was written. Also
    ///   `false` for [`Error::Api`]: JustClick's verified answer says the request
    ///   failed.
    /// - `true`: request bytes were written, so the server may have applied it: the
    ///   connection was reset or lost afterwards, the timeout ran out while waiting for
    ///   or reading the answer, the answer was unusable or its signature wrong, or the
    ///   call was cancelled after sending began.
    ///
    /// A call retries by itself only where this allows (see the client docs); after a
    /// `true` for a write, check the state before repeating it.
    #[must_use]
    pub fn may_have_been_applied(&self) -> bool {
        match self {
            Error::InvalidArgument { .. } | Error::Api { .. } | Error::QueueFull { .. } => false,
            Error::BadSignature { .. } | Error::BadResponse { .. } => true,
            Error::Transport {
                may_have_been_applied,
                ..
            }
            | Error::Timeout {
                may_have_been_applied,
                ..
            }
            | Error::Tls {
                may_have_been_applied,
                ..
            }
            | Error::Cancelled {
                may_have_been_applied,
                ..
            } => *may_have_been_applied,
        }
    }

    /// True when calling again later may succeed and cannot apply the request twice:
    /// a transport failure, timeout or full queue, or JustClick's rate limit (code 8),
    /// where the request certainly never reached the server or the method only
    /// reads. Cancelled calls are not retryable (someone asked them to stop).
    #[must_use]
    pub fn is_retryable(&self) -> bool {
        let transient = match self {
            Error::Transport { .. } | Error::Timeout { .. } | Error::QueueFull { .. } => true,
            Error::Api { code, .. } => *code == crate::client::RATE_LIMITED,
            _ => false,
        };
        transient
            && (!self.may_have_been_applied()
                || self
                    .method()
                    .is_some_and(crate::client::methods::is_read_only))
    }

    /// For [`Error::BadResponse`]: what was wrong with the answer.
    #[must_use]
    pub fn response_problem(&self) -> Option<ResponseProblem> {
        match self {
            Error::BadResponse { kind, .. } => Some(*kind),
            _ => None,
        }
    }

    /// For [`Error::Api`]: the server's `error_text`.
    #[must_use]
    pub fn api_text(&self) -> Option<&str> {
        match self {
            Error::Api { text, .. } => Some(text),
            _ => None,
        }
    }

    /// For [`Error::Api`]: the `result` the server sent with the error, if any.
    #[must_use]
    pub fn api_result(&self) -> Option<&serde_json::Value> {
        match self {
            Error::Api { result, .. } => result.as_deref(),
            _ => None,
        }
    }

    /// An [`Error::Api`], as JustClick's answer would give it (for wrappers and tests).
    #[must_use]
    pub fn api(method: &str, code: i64, text: &str, result: Option<serde_json::Value>) -> Self {
        Error::Api {
            method: method.to_owned(),
            code,
            text: text.to_owned(),
            result: result.map(Box::new),
            stats: CallStats::default(),
        }
    }

    /// An [`Error::BadSignature`] (for stand-alone verification in wrappers, and tests).
    #[must_use]
    pub fn bad_signature(method: &str, reason: impl Into<String>) -> Self {
        Error::BadSignature {
            method: method.to_owned(),
            reason: reason.into(),
            stats: CallStats::default(),
        }
    }

    /// An [`Error::InvalidArgument`] (for wrappers refusing input, and tests).
    #[must_use]
    pub fn invalid_argument(message: impl Into<String>) -> Self {
        Error::invalid(message)
    }

    /// An [`Error::Timeout`] after sending began (for wrappers and tests).
    #[must_use]
    pub fn timeout(method: &str, detail: impl Into<String>) -> Self {
        Error::Timeout {
            method: method.to_owned(),
            detail: detail.into(),
            may_have_been_applied: true,
            stats: CallStats::default(),
        }
    }

    /// An [`Error::Cancelled`].
    #[must_use]
    pub fn cancelled(method: &str, may_have_been_applied: bool) -> Self {
        Error::Cancelled {
            method: method.to_owned(),
            may_have_been_applied,
            stats: CallStats::default(),
        }
    }

    /// For [`Error::Api`]: a readable English description of the code in the context
    /// of the method (see [`crate::codes`]).
    #[must_use]
    pub fn description(&self) -> Option<&'static str> {
        match self {
            Error::Api { method, code, .. } => codes::describe(method, *code).map(|c| c.en),
            _ => None,
        }
    }

    /// For [`Error::Api`]: the same description in Russian.
    #[must_use]
    pub fn description_ru(&self) -> Option<&'static str> {
        match self {
            Error::Api { method, code, .. } => codes::describe(method, *code).map(|c| c.ru),
            _ => None,
        }
    }

    /// Sets the method name on errors raised below the call layer.
    pub(crate) fn for_method(mut self, name: &str) -> Self {
        match &mut self {
            Error::InvalidArgument { .. } => {}
            Error::Api { method, .. }
            | Error::BadSignature { method, .. }
            | Error::BadResponse { method, .. }
            | Error::Transport { method, .. }
            | Error::Timeout { method, .. }
            | Error::Tls { method, .. }
            | Error::Cancelled { method, .. }
            | Error::QueueFull { method, .. } => {
                if method.is_empty() {
                    name.clone_into(method);
                }
            }
        }
        self
    }
}

fn prefix(f: &mut fmt::Formatter<'_>, method: &str) -> fmt::Result {
    if method.is_empty() {
        Ok(())
    } else {
        write!(f, "{method}: ")
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::InvalidArgument { message } => write!(f, "invalid argument: {message}"),
            Error::Cancelled {
                method,
                may_have_been_applied,
                ..
            } => {
                prefix(f, method)?;
                if *may_have_been_applied {
                    write!(
                        f,
                        "cancelled after the request was sent (it may have been applied)"
                    )
                } else {
                    write!(f, "cancelled before the request was sent")
                }
            }
            Error::QueueFull {
                method, capacity, ..
            } => {
                prefix(f, method)?;
                write!(
                    f,
                    "not sent: the client's call queue is full ({capacity} calls)"
                )
            }
            Error::Api {
                method, code, text, ..
            } => {
                prefix(f, method)?;
                write!(f, "JustClick error {code} \"{text}\"")?;
                if let Some(info) = codes::describe(method, *code) {
                    write!(f, " ({})", info.en)?;
                }
                Ok(())
            }
            Error::BadSignature { method, reason, .. } => {
                prefix(f, method)?;
                write!(f, "signature refused: {reason}")
            }
            Error::BadResponse {
                method,
                status,
                kind,
                detail,
                ..
            } => {
                prefix(f, method)?;
                if *status == 0 {
                    write!(f, "{}", kind.describe())?;
                } else {
                    write!(f, "HTTP {status}: {}", kind.describe())?;
                }
                if !detail.is_empty() {
                    write!(f, ": {detail}")?;
                }
                Ok(())
            }
            Error::Transport { method, detail, .. } => {
                prefix(f, method)?;
                write!(f, "transport error: {detail}")
            }
            Error::Timeout { method, detail, .. } => {
                prefix(f, method)?;
                write!(f, "timed out: {detail}")
            }
            Error::Tls { method, detail, .. } => {
                prefix(f, method)?;
                write!(f, "TLS error: {detail}")
            }
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Transport {
                source: Some(io), ..
            }
            | Error::Tls {
                source: Some(io), ..
            } => Some(&**io),
            _ => None,
        }
    }
}

/// Equal when the variant and every field are, but for the call's [`CallStats`]
/// (the same failure, however long it took); underlying I/O errors compare by their
/// kind and message.
impl PartialEq for Error {
    fn eq(&self, other: &Self) -> bool {
        fn same_io(a: &Option<Arc<io::Error>>, b: &Option<Arc<io::Error>>) -> bool {
            match (a, b) {
                (None, None) => true,
                (Some(a), Some(b)) => a.kind() == b.kind() && a.to_string() == b.to_string(),
                _ => false,
            }
        }
        use Error as E;
        match (self, other) {
            (E::InvalidArgument { message: a }, E::InvalidArgument { message: b }) => a == b,
            (
                E::Api {
                    method: m1,
                    code: c1,
                    text: t1,
                    result: r1,
                    ..
                },
                E::Api {
                    method: m2,
                    code: c2,
                    text: t2,
                    result: r2,
                    ..
                },
            ) => m1 == m2 && c1 == c2 && t1 == t2 && r1 == r2,
            (
                E::BadSignature {
                    method: m1,
                    reason: r1,
                    ..
                },
                E::BadSignature {
                    method: m2,
                    reason: r2,
                    ..
                },
            ) => m1 == m2 && r1 == r2,
            (
                E::BadResponse {
                    method: m1,
                    status: s1,
                    kind: k1,
                    detail: d1,
                    ..
                },
                E::BadResponse {
                    method: m2,
                    status: s2,
                    kind: k2,
                    detail: d2,
                    ..
                },
            ) => m1 == m2 && s1 == s2 && k1 == k2 && d1 == d2,
            (
                E::Transport {
                    method: m1,
                    detail: d1,
                    may_have_been_applied: a1,
                    source: s1,
                    ..
                },
                E::Transport {
                    method: m2,
                    detail: d2,
                    may_have_been_applied: a2,
                    source: s2,
                    ..
                },
            )
            | (
                E::Tls {
                    method: m1,
                    detail: d1,
                    may_have_been_applied: a1,
                    source: s1,
                    ..
                },
                E::Tls {
                    method: m2,
                    detail: d2,
                    may_have_been_applied: a2,
                    source: s2,
                    ..
                },
            ) => m1 == m2 && d1 == d2 && a1 == a2 && same_io(s1, s2),
            (
                E::Timeout {
                    method: m1,
                    detail: d1,
                    may_have_been_applied: a1,
                    ..
                },
                E::Timeout {
                    method: m2,
                    detail: d2,
                    may_have_been_applied: a2,
                    ..
                },
            ) => m1 == m2 && d1 == d2 && a1 == a2,
            (
                E::Cancelled {
                    method: m1,
                    may_have_been_applied: a1,
                    ..
                },
                E::Cancelled {
                    method: m2,
                    may_have_been_applied: a2,
                    ..
                },
            ) => m1 == m2 && a1 == a2,
            (
                E::QueueFull {
                    method: m1,
                    capacity: c1,
                    ..
                },
                E::QueueFull {
                    method: m2,
                    capacity: c2,
                    ..
                },
            ) => m1 == m2 && c1 == c2,
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_error_reads_well() {
        let e = Error::Api {
            method: "DeleteSubscribe".into(),
            code: 801,
            text: "Subscriber with such address is not found".into(),
            result: None,
            stats: Default::default(),
        };
        let s = e.to_string();
        assert!(s.starts_with("DeleteSubscribe: JustClick error 801"), "{s}");
        assert!(s.contains("not found"), "{s}");
        assert_eq!(e.api_code(), Some(801));
        assert!(e.description_ru().unwrap().contains("не найден"));
    }
}
