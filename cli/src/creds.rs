//! Credentials and the client built from them.
//!
//! The secret is read from `JUSTCLICK_SECRET` or a file, never from the command line,
//! where `ps` and shell history would show it.

use std::path::Path;
use std::time::Duration;

use justclick::Client;

use crate::args::Global;
use crate::exit::{CliResult, Failure};

/// Environment variable holding the API 1.0 secret.
pub const SECRET_ENV: &str = "JUSTCLICK_SECRET";
/// Environment variable holding the API 2.0 key.
pub const API_KEY_ENV: &str = "JUSTCLICK_API_KEY";

/// Login and secret, resolved from flags, files and the environment.
pub struct Credentials {
    /// The account login.
    pub login: String,
    /// The API secret (never printed).
    pub secret: String,
    /// The API 2.0 key, when given separately.
    pub api_key: Option<String>,
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credentials")
            .field("login", &self.login)
            .field("secret", &"<hidden>")
            .finish_non_exhaustive()
    }
}

/// Reads the first line of a secret file, without its line ending.
fn read_secret_file(path: &Path, what: &str) -> CliResult<String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Failure::usage(format!("cannot read {what} file {}: {e}", path.display())))?;
    // Notepad saves UTF-8 with a BOM: it is not part of the secret.
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let line = text.lines().next().unwrap_or("").trim().to_owned();
    if line.is_empty() {
        return Err(Failure::usage(format!(
            "{what} file {} is empty",
            path.display()
        )));
    }
    Ok(line)
}

fn env_nonempty(name: &str) -> Option<String> {
    std::env::var(name)
        .ok()
        .map(|v| v.trim().to_owned())
        .filter(|v| !v.is_empty())
}

/// The secret alone (notifications are signed without the login).
///
/// # Errors
/// A usage failure when neither `--secret-file` nor `JUSTCLICK_SECRET` gives one.
pub fn secret_only(g: &Global) -> CliResult<String> {
    match &g.secret_file {
        Some(path) => read_secret_file(path, "secret"),
        None => env_nonempty(SECRET_ENV).ok_or_else(|| {
            Failure::usage("no secret: set JUSTCLICK_SECRET or pass --secret-file FILE")
        }),
    }
}

impl Credentials {
    /// Resolves the credentials, or explains which one is missing.
    ///
    /// # Errors
    /// A usage failure naming the missing login or secret.
    pub fn resolve(g: &Global) -> CliResult<Self> {
        let login = g
            .login
            .clone()
            .filter(|l| !l.is_empty())
            .ok_or_else(|| Failure::usage("no login: pass --login or set JUSTCLICK_LOGIN"))?;
        let secret = secret_only(g)?;
        let api_key = match &g.api_key_file {
            Some(path) => Some(read_secret_file(path, "API key")?),
            None => env_nonempty(API_KEY_ENV),
        };
        Ok(Credentials {
            login,
            secret,
            api_key,
        })
    }
}

/// Builds a client from the global options.
///
/// # Errors
/// Missing credentials or a bad option (usage failures).
pub fn client(g: &Global) -> CliResult<Client> {
    let creds = Credentials::resolve(g)?;
    client_with(g, &creds, None)
}

/// Builds a client for `creds`, with `max_retries` overriding the library default.
///
/// # Errors
/// A bad option (usage failure).
pub fn client_with(g: &Global, creds: &Credentials, max_retries: Option<u32>) -> CliResult<Client> {
    let mut b = Client::builder(&creds.login, &creds.secret)
        .user_agent(format!("justclick-cli/{}", env!("CARGO_PKG_VERSION")));
    if let Some(key) = &creds.api_key {
        b = b.api_key(key.as_str());
    }
    if let Some(url) = &g.base_url {
        b = b.base_url(url.as_str());
    }
    if let Some(domain) = &g.domain {
        b = b.domain(domain.as_str());
    }
    if let Some(secs) = g.timeout {
        if !(secs.is_finite() && secs > 0.0) {
            return Err(Failure::usage(
                "--timeout must be a positive number of seconds",
            ));
        }
        let t = Duration::from_secs_f64(secs);
        b = b.timeout(t).connect_timeout(t.min(Duration::from_secs(10)));
    }
    if let Some(ca) = &g.ca_file {
        b = b.ca_file(ca.clone());
    }
    if let Some(proxy) = &g.proxy {
        b = b.proxy(proxy.as_str());
    }
    if let Some(hosts) = &g.no_proxy {
        b = b.no_proxy(hosts.as_str());
    }
    if let Some(n) = max_retries {
        b = b.max_retries(n);
    }
    if let Some(n) = g.max_idle_connections {
        if n > justclick::client::config::MAX_IDLE_CONNECTIONS {
            return Err(Failure::usage(format!(
                "--max-idle-connections must be 0 to {}, got {n}",
                justclick::client::config::MAX_IDLE_CONNECTIONS
            )));
        }
        b = b.max_idle_connections(n);
    }
    crate::logging::attach(g, b)?.build().map_err(Failure::from)
}
