//! `justclick sandbox`: the local fake JustClick server, in the foreground.
//!
//! Contract for scripts and other test suites (kept by [`justclick_sandbox::serve`]):
//! the FIRST stdout line is `justclick sandbox listening on <BASE_URL>` (flushed), and
//! `--ready-file FILE` receives `{"base_url", "origin", "login", "ca_file"}` once the
//! server accepts connections. Ctrl-C or SIGTERM stops it (saving `--state`).

use std::time::Duration;

use justclick_sandbox::{Account, CodeVariant, Config};

use crate::args::SandboxArgs;
use crate::exit::{CliResult, Failure};

/// Builds the sandbox configuration from the command line.
///
/// # Errors
/// A malformed `--accounts` list.
pub fn config(a: &SandboxArgs) -> CliResult<Config> {
    let mut c = Config {
        port: a.port,
        tls: a.tls,
        state_file: a.state.clone(),
        callback_url: a.callback_url.clone(),
        rate_limit: a.rate_limit,
        log_capacity: a.log_capacity,
        ..Config::default()
    };
    if let Some(spec) = &a.accounts {
        c.accounts =
            Account::parse_list(spec).map_err(|e| Failure::usage(format!("--accounts: {e}")))?;
        if c.accounts.is_empty() {
            return Err(Failure::usage("--accounts: no account given"));
        }
    }
    if a.server_codes {
        c.variant = CodeVariant::Server;
    }
    if let Some(ms) = a.latency_ms {
        c.latency = Duration::from_millis(ms);
    }
    Ok(c)
}

/// Runs the sandbox until Ctrl-C or SIGTERM.
///
/// # Errors
/// The server could not start (port in use, unreadable state file) or the ready file
/// could not be written.
pub fn run(a: &SandboxArgs) -> CliResult {
    justclick_sandbox::serve(config(a)?, a.ready_file.as_deref())
        .map_err(|e| Failure::internal(format!("sandbox: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_map_onto_the_config() {
        let a = SandboxArgs {
            port: 8080,
            tls: true,
            accounts: Some("shop:s3cret,other:k".into()),
            state: None,
            ready_file: None,
            server_codes: true,
            latency_ms: Some(20),
            callback_url: None,
            rate_limit: Some(7),
            log_capacity: 50,
        };
        let c = config(&a).unwrap();
        assert_eq!(c.port, 8080);
        assert!(c.tls);
        assert_eq!(c.accounts[0].login, "shop");
        assert_eq!(c.accounts.len(), 2);
        assert_eq!(c.variant, CodeVariant::Server);
        assert_eq!(c.latency, Duration::from_millis(20));
        assert_eq!(c.rate_limit, Some(7));
        assert_eq!(c.log_capacity, 50);
        let bad = SandboxArgs {
            accounts: Some("nosecret".into()),
            ..a
        };
        assert_eq!(config(&bad).unwrap_err().code, crate::exit::USAGE);
    }
}
