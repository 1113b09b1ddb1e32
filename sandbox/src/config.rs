//! Sandbox configuration: accounts, port, TLS, persistence, code variant, callbacks.

use std::path::PathBuf;
use std::time::Duration;

/// Login of the default account.
pub const DEFAULT_LOGIN: &str = "demo";

/// API secret (and API key) of the default account.
pub const DEFAULT_SECRET: &str = "demo-secret-0123456789abcdef0123456789ab";

/// One JustClick account the sandbox serves.
#[derive(Clone, PartialEq, Eq)]
pub struct Account {
    /// The login (also the first label of `LOGIN.justclick.ru`), used in request hashes.
    pub login: String,
    /// The API 1.0 secret key: signs requests, responses and invoice notifications.
    pub secret: String,
    /// The API 2.0 key (`rpsKey`); also signs API 2.0 responses.
    pub api_key: String,
}

impl Account {
    /// An account whose API key equals its secret (as on most real accounts).
    #[must_use]
    pub fn new(login: impl Into<String>, secret: impl Into<String>) -> Self {
        let secret = secret.into();
        Account {
            login: login.into(),
            api_key: secret.clone(),
            secret,
        }
    }

    /// Parses the CLI form `login:secret[:api_key],login:secret,...`.
    ///
    /// # Errors
    /// A message naming the malformed entry.
    pub fn parse_list(spec: &str) -> Result<Vec<Account>, String> {
        spec.split(',')
            .filter(|s| !s.trim().is_empty())
            .map(|entry| {
                let mut parts = entry.trim().splitn(3, ':');
                let login = parts.next().unwrap_or_default();
                let secret = parts.next().unwrap_or_default();
                if login.is_empty() || secret.is_empty() {
                    return Err(format!(
                        "account {:?}: expected login:secret[:api_key]",
                        login
                    ));
                }
                let mut account = Account::new(login, secret);
                if let Some(key) = parts.next().filter(|k| !k.is_empty()) {
                    key.clone_into(&mut account.api_key);
                }
                Ok(account)
            })
            .collect()
    }
}

impl std::fmt::Debug for Account {
    // Secrets never appear in logs or panics.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Account")
            .field("login", &self.login)
            .field("secret", &"<redacted>")
            .field("api_key", &"<redacted>")
            .finish()
    }
}

impl Default for Account {
    fn default() -> Self {
        Account::new(DEFAULT_LOGIN, DEFAULT_SECRET)
    }
}

/// Which of the two contradicting sets of answers the sandbox gives (spec 5, 6, 11).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CodeVariant {
    /// What the help centre documents: AddLeadToGroup answers 102/103, DeleteOrder
    /// `Order deleted`/302, UpdateOrderStatus `Order status changed` and 201/203,
    /// product errors as 2/3, GetCountSubscribe's reserved word `all`, GetOrders with
    /// no orders `[]`.
    #[default]
    Documented,
    /// What the server code does: AddLeadToGroup code 0 with the 102/103 texts,
    /// DeleteOrder `OK`/200/203, UpdateOrderStatus `OK` and 3 for missing fields,
    /// products 300–303, `alls`, GetOrders 401, `rass_id` in GetAllGroups.
    Server,
}

/// How to start a sandbox. `Config::default()`: the demo account, a free port on
/// 127.0.0.1, plain HTTP, seeded data, documented codes, no persistence, no callbacks.
#[derive(Debug, Clone)]
pub struct Config {
    /// Accounts served; the first is the default (used when the `Host` header names
    /// no account). Empty means the demo account.
    pub accounts: Vec<Account>,
    /// TCP port on 127.0.0.1; 0 picks a free one.
    pub port: u16,
    /// Serve HTTPS with a freshly generated certificate for `localhost`/`127.0.0.1`.
    pub tls: bool,
    /// Where to write the CA certificate (PEM) when `tls` is on; a temporary file when
    /// `None`.
    pub ca_file: Option<PathBuf>,
    /// JSON file holding the state: loaded at start when it exists, written after
    /// every change (debounced) and on stop.
    pub state_file: Option<PathBuf>,
    /// Documented or server-code answers.
    pub variant: CodeVariant,
    /// Where to POST invoice notifications (created, paid, cancelled, …).
    pub callback_url: Option<String>,
    /// Delay before every API answer.
    pub latency: Duration,
    /// Start with the seeded data set (groups, a contact, products, orders, …);
    /// `false` starts empty.
    pub seed: bool,
    /// Logins of disabled accounts: every request to them gets error 7
    /// (`Account disabled`).
    pub disabled_accounts: Vec<String>,
    /// Successful `AddLeadToGroup` calls allowed per client IP (per sandbox run) before
    /// error 8 (`Limit to subscribe for this IP exided. Try later.<IP>`), as the server
    /// limits accounts whose API access support has not enabled (10 a day there).
    /// `None`: unlimited.
    pub subscribe_limit: Option<u32>,
    /// At most this many API requests (any method, any account) in any one-second
    /// window; the ones above are not processed and get error 8 (`Limit to subscribe
    /// for this IP exided. Try later.<IP>`, the text JustClick sends). `None`: no limit.
    pub rate_limit: Option<u32>,
    /// How many requests the request log keeps, oldest dropped first (default
    /// [`crate::LOG_CAPACITY`]; 0 keeps none). Sequence numbers keep counting.
    pub log_capacity: usize,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            accounts: vec![Account::default()],
            port: 0,
            tls: false,
            ca_file: None,
            state_file: None,
            variant: CodeVariant::Documented,
            callback_url: None,
            latency: Duration::ZERO,
            seed: true,
            disabled_accounts: Vec::new(),
            subscribe_limit: None,
            rate_limit: None,
            log_capacity: crate::LOG_CAPACITY,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn account_list_parses_and_debug_hides_secrets() {
        let list = Account::parse_list("a:s1, b:s2:k2").unwrap();
        assert_eq!(list[0], Account::new("a", "s1"));
        assert_eq!(list[1].api_key, "k2");
        assert!(Account::parse_list("nosecret").is_err());
        let dbg = format!("{:?}", Account::default());
        assert!(!dbg.contains(DEFAULT_SECRET), "{dbg}");
    }
}
