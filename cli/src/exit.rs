//! Exit codes and the one-line failure reason printed on stderr.

use std::fmt;
use std::process::ExitCode;

/// Success.
pub const OK: u8 = 0;
/// An internal or local I/O error (journal, report, output).
pub const INTERNAL: u8 = 1;
/// Bad command line or invalid input (also clap's own usage errors).
pub const USAGE: u8 = 2;
/// JustClick answered with a genuine non-zero `error_code`.
pub const API: u8 = 3;
/// A response (or notification) signature was refused.
pub const SIGNATURE: u8 = 4;
/// The request could not be sent or answered: connection, timeout, TLS.
pub const TRANSPORT: u8 = 5;
/// The answer was not a usable JustClick envelope.
pub const BAD_RESPONSE: u8 = 6;
/// A bulk job finished, but some rows failed.
pub const PARTIAL: u8 = 7;
/// A bulk job's journal is locked by another running process.
pub const BUSY: u8 = 8;
/// Stopped by Ctrl-C or SIGTERM.
pub const INTERRUPTED: u8 = 130;

/// A failure to report: the exit code and a one-line reason.
#[derive(Debug)]
pub struct Failure {
    /// The process exit code.
    pub code: u8,
    /// The reason, one line, never containing the secret.
    pub message: String,
}

impl Failure {
    /// A failure with an explicit code.
    pub fn new(code: u8, message: impl Into<String>) -> Self {
        Failure {
            code,
            message: message.into(),
        }
    }

    /// A usage error (exit 2).
    pub fn usage(message: impl Into<String>) -> Self {
        Self::new(USAGE, message)
    }

    /// A local I/O or internal error (exit 1).
    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(INTERNAL, message)
    }

    /// Prints the reason on stderr and turns the failure into the process exit code.
    pub fn report(self) -> ExitCode {
        let line = self.message.replace(['\n', '\r'], " ");
        eprintln!("justclick: {line}");
        ExitCode::from(self.code)
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// The exit code for a library error.
#[must_use]
pub fn code_for(e: &justclick::Error) -> u8 {
    use justclick::Error as E;
    match e {
        E::InvalidArgument { .. } => USAGE,
        E::Api { .. } => API,
        E::BadSignature { .. } => SIGNATURE,
        E::BadResponse { .. } => BAD_RESPONSE,
        E::Transport { .. } | E::Timeout { .. } | E::Tls { .. } => TRANSPORT,
        _ => INTERNAL,
    }
}

impl From<justclick::Error> for Failure {
    fn from(e: justclick::Error) -> Self {
        Failure::new(code_for(&e), e.to_string())
    }
}

/// Shorthand for command results.
pub type CliResult<T = ()> = Result<T, Failure>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_error_class_has_its_own_code() {
        let api = justclick::Error::api(
            "DeleteSubscribe",
            801,
            "Subscriber with such address is not found",
            None,
        );
        let f = Failure::from(api);
        assert_eq!(f.code, API);
        assert!(f.message.contains("801"));
        let sig = justclick::Error::bad_signature("M", "x");
        assert_eq!(code_for(&sig), SIGNATURE);
        let t = justclick::Error::timeout("M", "x");
        assert_eq!(code_for(&t), TRANSPORT);
        let codes = [
            OK,
            INTERNAL,
            USAGE,
            API,
            SIGNATURE,
            TRANSPORT,
            BAD_RESPONSE,
            PARTIAL,
            BUSY,
            INTERRUPTED,
        ];
        let mut sorted = codes.to_vec();
        sorted.dedup();
        assert_eq!(sorted.len(), codes.len());
    }
}
