//! The crate's error type.

use std::fmt;

use crate::codes;

/// Everything that can go wrong, grouped by what the caller can do about it.
///
/// The secret is never part of any variant, so `Display` and `Debug` are safe to log.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Error {
    /// The caller's input was refused before anything was sent (bad parameter shape,
    /// bad option, bad URL). Fix the input; retrying will not help.
    InvalidArgument {
        /// What was wrong, naming the offending key or option.
        message: String,
    },
    /// JustClick answered with a genuine (verified) non-zero `error_code`.
    Api {
        /// The API method called, e.g. `DeleteSubscribe`.
        method: String,
        /// JustClick's `error_code`.
        code: i64,
        /// The server's `error_text`, verbatim.
        text: String,
        /// The response's `result`, when the server sent one (601 carries `bill_id`).
        result: Option<Box<serde_json::Value>>,
    },
    /// The response's `hash` did not prove it came from JustClick: missing, not a
    /// 32-hex string, or not `md5(code::text::secret)`. Nothing in it was trusted.
    BadSignature {
        /// The API method called (empty for stand-alone checks).
        method: String,
        /// Why the signature was refused.
        reason: String,
    },
    /// The server's answer was not a usable JustClick envelope.
    BadResponse {
        /// The API method called.
        method: String,
        /// The HTTP status of the answer.
        status: u16,
        /// What kind of problem it was.
        kind: ResponseProblem,
        /// Details, including the start of the body where that helps.
        detail: String,
    },
    /// The request could not be sent or the answer not received (DNS, refused
    /// connection, reset, closed mid-response).
    Transport {
        /// The API method called.
        method: String,
        /// What failed.
        detail: String,
    },
    /// The connect or total timeout elapsed.
    Timeout {
        /// The API method called.
        method: String,
        /// Which timeout and how long it was.
        detail: String,
    },
    /// TLS failed: untrusted certificate, wrong host name, handshake failure.
    Tls {
        /// The API method called.
        method: String,
        /// What the TLS layer said.
        detail: String,
    },
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
        match self {
            Error::InvalidArgument { .. } => None,
            Error::Api { method, .. }
            | Error::BadSignature { method, .. }
            | Error::BadResponse { method, .. }
            | Error::Transport { method, .. }
            | Error::Timeout { method, .. }
            | Error::Tls { method, .. } => (!method.is_empty()).then_some(method.as_str()),
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
            | Error::Tls { method, .. } => {
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
            Error::BadSignature { method, reason } => {
                prefix(f, method)?;
                write!(f, "signature refused: {reason}")
            }
            Error::BadResponse {
                method,
                status,
                kind,
                detail,
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
            Error::Transport { method, detail } => {
                prefix(f, method)?;
                write!(f, "transport error: {detail}")
            }
            Error::Timeout { method, detail } => {
                prefix(f, method)?;
                write!(f, "timed out: {detail}")
            }
            Error::Tls { method, detail } => {
                prefix(f, method)?;
                write!(f, "TLS error: {detail}")
            }
        }
    }
}

impl std::error::Error for Error {}

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
        };
        let s = e.to_string();
        assert!(s.starts_with("DeleteSubscribe: JustClick error 801"), "{s}");
        assert!(s.contains("not found"), "{s}");
        assert_eq!(e.api_code(), Some(801));
        assert!(e.description_ru().unwrap().contains("не найден"));
    }
}
