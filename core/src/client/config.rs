//! Client configuration: the builder and the validated settings it produces.

use std::path::PathBuf;
use std::time::Duration;

use ureq::http::Uri;

use crate::error::Error;

/// Default bound on one call: connecting, sending, reading, and any retries with
/// their backoff all happen within it.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// Default connect timeout (TCP + TLS handshake).
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Default cap on a response body.
pub const DEFAULT_MAX_RESPONSE_BYTES: u64 = 16 * 1024 * 1024;
/// Default number of retries for failures where repeating cannot do harm.
pub const DEFAULT_MAX_RETRIES: u32 = 2;
/// Default number of idle keep-alive connections kept per host (and in all).
pub const DEFAULT_MAX_IDLE_CONNECTIONS: usize = 64;
/// The largest accepted [`ClientBuilder::max_idle_connections`]: each idle connection
/// holds a socket and about 48 KiB of buffers.
pub const MAX_IDLE_CONNECTIONS: usize = 4096;
/// Default base domain: accounts live at `https://LOGIN.justclick.ru/api/`.
pub const DEFAULT_DOMAIN: &str = "justclick.ru";
/// How many 307/308 redirects are followed (re-POSTing the same signed body).
pub const MAX_REDIRECTS: u32 = 3;

/// Builds a [`crate::Client`]. Start with [`crate::Client::builder`].
#[derive(Clone)]
pub struct ClientBuilder {
    pub(crate) login: String,
    pub(crate) secret: String,
    pub(crate) api_key: Option<String>,
    pub(crate) domain: String,
    pub(crate) base_url: Option<String>,
    pub(crate) timeout: Duration,
    pub(crate) connect_timeout: Duration,
    pub(crate) user_agent: String,
    pub(crate) ca_file: Option<PathBuf>,
    pub(crate) ca_pem: Option<Vec<u8>>,
    pub(crate) max_response_bytes: u64,
    pub(crate) max_retries: u32,
    pub(crate) max_idle_connections: usize,
    pub(crate) retry_base_delay: Duration,
    pub(crate) allow_insecure_http: bool,
    pub(crate) verify_v2_responses: bool,
    pub(crate) proxy: Option<String>,
    pub(crate) no_proxy: Option<String>,
    pub(crate) max_concurrency: usize,
    pub(crate) queue_capacity: usize,
    pub(crate) listener: Option<crate::client::events::Listener>,
    pub(crate) log_contact_data: bool,
}

/// Default number of worker threads for async and submitted calls.
pub const DEFAULT_MAX_CONCURRENCY: usize = 16;
/// Default number of async and submitted calls that may wait for a worker.
pub const DEFAULT_QUEUE_CAPACITY: usize = 1024;

impl std::fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("login", &self.login)
            .field("secret", &"<hidden>")
            .field("domain", &self.domain)
            .field("base_url", &self.base_url)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .finish_non_exhaustive()
    }
}

impl ClientBuilder {
    pub(crate) fn new(login: &str, secret: &str) -> Self {
        ClientBuilder {
            login: login.to_owned(),
            secret: secret.to_owned(),
            api_key: None,
            domain: DEFAULT_DOMAIN.to_owned(),
            base_url: None,
            timeout: DEFAULT_TIMEOUT,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            user_agent: format!("justclick-rust/{}", crate::VERSION),
            ca_file: None,
            ca_pem: None,
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            max_retries: DEFAULT_MAX_RETRIES,
            max_idle_connections: DEFAULT_MAX_IDLE_CONNECTIONS,
            retry_base_delay: Duration::from_millis(250),
            allow_insecure_http: false,
            verify_v2_responses: true,
            proxy: None,
            no_proxy: None,
            max_concurrency: DEFAULT_MAX_CONCURRENCY,
            queue_capacity: DEFAULT_QUEUE_CAPACITY,
            listener: None,
            log_contact_data: false,
        }
    }

    /// How many async and submitted calls ([`crate::Client::invoke_async`],
    /// [`crate::Client::submit`], …) run at once: the most worker threads the client
    /// starts (on demand; an idle one exits after a few seconds). Default
    /// [`DEFAULT_MAX_CONCURRENCY`]; at least 1.
    #[must_use]
    pub fn max_concurrency(mut self, threads: usize) -> Self {
        self.max_concurrency = threads.max(1);
        self
    }

    /// How many async and submitted calls may wait for a worker. Beyond it
    /// [`crate::Client::submit`] fails with [`crate::Error::QueueFull`] and a future
    /// waits for a place. Default [`DEFAULT_QUEUE_CAPACITY`]; at least 1.
    #[must_use]
    pub fn queue_capacity(mut self, calls: usize) -> Self {
        self.queue_capacity = calls.max(1);
        self
    }

    /// Calls `listener` with every event of every call (started, attempt, answer,
    /// retry, outcome: see [`crate::client::events`]), on the calling thread, in order,
    /// for metrics or traces. It runs inside the call: keep it short and never call
    /// the client from it. Without it, events still go to the `log` facade (target
    /// `justclick`) when a logger enables them.
    #[must_use]
    pub fn on_event(
        mut self,
        listener: impl Fn(&crate::client::Event<'_>) + Send + Sync + 'static,
    ) -> Self {
        self.listener = Some(std::sync::Arc::new(listener));
        self
    }

    /// Shows contact data (e-mails, names, phones, cities, addresses) in events and
    /// log records as is. Off by default: it is masked (`a***@example.org`), as
    /// personal data under 152-FZ.
    #[must_use]
    pub fn log_contact_data(mut self, show: bool) -> Self {
        self.log_contact_data = show;
        self
    }

    /// The API 2.0 key sent as `rpsKey` (defaults to the secret).
    #[must_use]
    pub fn api_key(mut self, key: impl Into<String>) -> Self {
        self.api_key = Some(key.into());
        self
    }

    /// The base domain: `justclick.ru` (default), `justclick.io`, or the clone platform's.
    /// The API lives at `https://LOGIN.<domain>/api/`.
    #[must_use]
    pub fn domain(mut self, domain: impl Into<String>) -> Self {
        self.domain = domain.into();
        self
    }

    /// A full base URL instead of `https://LOGIN.<domain>/api/` (a custom domain, or the
    /// sandbox). `http://` is accepted only for loopback hosts unless
    /// [`ClientBuilder::allow_insecure_http`] is set.
    #[must_use]
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// Bound on one call, from connecting to the last body byte, retries and their
    /// backoff included (default 30 s). A call that cannot finish in time fails with
    /// [`crate::Error::Timeout`].
    #[must_use]
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Time to connect, including the TLS handshake.
    #[must_use]
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// The `User-Agent` header.
    #[must_use]
    pub fn user_agent(mut self, ua: impl Into<String>) -> Self {
        self.user_agent = ua.into();
        self
    }

    /// Trust the CA certificates in this PEM file (instead of the bundled web roots).
    #[must_use]
    pub fn ca_file(mut self, path: impl Into<PathBuf>) -> Self {
        self.ca_file = Some(path.into());
        self
    }

    /// Trust the CA certificates in this PEM text (instead of the bundled web roots).
    #[must_use]
    pub fn ca_pem(mut self, pem: impl Into<Vec<u8>>) -> Self {
        self.ca_pem = Some(pem.into());
        self
    }

    /// Refuse response bodies larger than this (default 16 MiB).
    #[must_use]
    pub fn max_response_bytes(mut self, bytes: u64) -> Self {
        self.max_response_bytes = bytes;
        self
    }

    /// Retries for failures where repeating cannot do harm (default 2; 0 disables).
    ///
    /// Read-only methods are retried after a connection refused, reset or dropped, a
    /// connect timeout, or error 8 (rate limit); writes only when the request certainly
    /// never left (connection refused, connect timeout). An answer that would be the
    /// same again (over the size cap, TLS refused, bad signature, HTML) never is.
    #[must_use]
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.max_retries = retries;
        self
    }

    /// Idle keep-alive connections the pool keeps for the API host (default 64; 0 closes
    /// every connection after its call). Give it at least the number of threads or tasks
    /// that call at once, or calls beyond it reconnect (and re-handshake TLS).
    /// [`ClientBuilder::build`] refuses more than [`MAX_IDLE_CONNECTIONS`].
    #[must_use]
    pub fn max_idle_connections(mut self, connections: usize) -> Self {
        self.max_idle_connections = connections;
        self
    }

    /// First backoff delay for retries; it doubles each time, with jitter.
    #[must_use]
    pub fn retry_base_delay(mut self, delay: Duration) -> Self {
        self.retry_base_delay = delay;
        self
    }

    /// Sends every request through this HTTP proxy: `http://host:port` (no scheme means
    /// `http://`), `https://host:port`, with credentials as `http://user:pass@host:port`
    /// (never printed). It applies to loopback hosts too. The empty string means no
    /// proxy, whatever the environment says. SOCKS proxies are refused.
    ///
    /// Unset (the default), the environment is read as curl reads it: `https_proxy` /
    /// `HTTPS_PROXY` for an `https://` API URL, only the lower-case `http_proxy` for
    /// `http://` (never `HTTP_PROXY`, which CGI hosts fill from a request header), then
    /// `all_proxy` / `ALL_PROXY`; `no_proxy` / `NO_PROXY` are honoured, and loopback
    /// hosts are never proxied from the environment. Transport errors name the proxy.
    #[must_use]
    pub fn proxy(mut self, url: impl Into<String>) -> Self {
        self.proxy = Some(url.into());
        self
    }

    /// Hosts never sent through a proxy: comma-separated host names (each matching
    /// itself and its subdomains), IP addresses, or `*` for all. Replaces
    /// `no_proxy` / `NO_PROXY` from the environment.
    #[must_use]
    pub fn no_proxy(mut self, hosts: impl Into<String>) -> Self {
        self.no_proxy = Some(hosts.into());
        self
    }

    /// Allow plain `http://` base URLs to non-loopback hosts. Requests and responses
    /// can then be read and altered on the network; only for trusted networks.
    #[must_use]
    pub fn allow_insecure_http(mut self, allow: bool) -> Self {
        self.allow_insecure_http = allow;
        self
    }

    /// Verify API 2.0 response hashes as `md5(code::text::api_key)` (default on). The
    /// docs do not say how API 2.0 responses are signed; turn this off only if your
    /// account's API 2.0 answers fail verification while API 1.0 works.
    #[must_use]
    pub fn verify_v2_responses(mut self, verify: bool) -> Self {
        self.verify_v2_responses = verify;
        self
    }

    /// Validates the settings and builds the client.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] naming the bad setting (empty login, a URL that is not
    /// HTTPS, an unreadable CA file, …).
    pub fn build(self) -> Result<crate::Client, Error> {
        crate::client::Client::from_builder(self)
    }

    /// The pool size, checked against [`MAX_IDLE_CONNECTIONS`].
    pub(crate) fn checked_max_idle_connections(&self) -> Result<usize, Error> {
        if self.max_idle_connections > MAX_IDLE_CONNECTIONS {
            return Err(Error::invalid(format!(
                "max_idle_connections {} is over the limit of {MAX_IDLE_CONNECTIONS}",
                self.max_idle_connections
            )));
        }
        Ok(self.max_idle_connections)
    }

    /// The API base URL this builder resolves to, validated: scheme, host, and a path
    /// ending in `/`.
    pub(crate) fn resolved_base_url(&self) -> Result<String, Error> {
        let url = match &self.base_url {
            Some(u) => u.trim().to_owned(),
            None => {
                check_login_label(&self.login)?;
                if self.domain.is_empty()
                    || !self
                        .domain
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.')
                {
                    return Err(Error::invalid(format!(
                        "domain \"{}\" is not a host name",
                        self.domain
                    )));
                }
                format!("https://{}.{}/api/", self.login, self.domain)
            }
        };
        check_url(&url, self.allow_insecure_http)?;
        Ok(if url.ends_with('/') { url } else { url + "/" })
    }
}

fn check_login_label(login: &str) -> Result<(), Error> {
    if login.is_empty() {
        return Err(Error::invalid("login is empty"));
    }
    if !login
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        return Err(Error::invalid(format!(
            "login \"{login}\" cannot be used as a host name; set base_url for a custom domain"
        )));
    }
    Ok(())
}

/// Checks that `url` is an absolute HTTPS URL, or HTTP to a loopback host (or to any
/// host when `allow_insecure_http`).
pub(crate) fn check_url(url: &str, allow_insecure_http: bool) -> Result<(), Error> {
    let uri: Uri = url
        .parse()
        .map_err(|e| Error::invalid(format!("base URL \"{url}\" is not a URL: {e}")))?;
    let host = uri
        .host()
        .ok_or_else(|| Error::invalid(format!("base URL \"{url}\" has no host")))?;
    match uri.scheme_str() {
        Some("https") => Ok(()),
        Some("http") if allow_insecure_http || is_loopback(host) => Ok(()),
        Some("http") => Err(Error::invalid(format!(
            "base URL \"{url}\" is plain http to a non-loopback host; use https \
             (or allow_insecure_http for a trusted network)"
        ))),
        _ => Err(Error::invalid(format!(
            "base URL \"{url}\" must start with https://"
        ))),
    }
}

/// True for `localhost`, `127.0.0.0/8` and `[::1]`.
pub(crate) fn is_loopback(host: &str) -> bool {
    let host = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_rules() {
        let b = ClientBuilder::new("shop", "s");
        assert_eq!(
            b.resolved_base_url().unwrap(),
            "https://shop.justclick.ru/api/"
        );
        let io = ClientBuilder::new("shop", "s").domain("justclick.io");
        assert_eq!(
            io.resolved_base_url().unwrap(),
            "https://shop.justclick.io/api/"
        );
        let local = ClientBuilder::new("shop", "s").base_url("http://127.0.0.1:8080/api");
        assert_eq!(
            local.resolved_base_url().unwrap(),
            "http://127.0.0.1:8080/api/"
        );
        assert!(
            ClientBuilder::new("shop", "s")
                .base_url("http://[::1]:1/api/")
                .resolved_base_url()
                .is_ok()
        );
        let remote = ClientBuilder::new("shop", "s").base_url("http://example.com/api/");
        assert!(
            remote
                .resolved_base_url()
                .unwrap_err()
                .to_string()
                .contains("non-loopback")
        );
        assert!(remote.allow_insecure_http(true).resolved_base_url().is_ok());
        assert!(ClientBuilder::new("", "s").resolved_base_url().is_err());
        assert!(ClientBuilder::new("a.b", "s").resolved_base_url().is_err());
        assert!(
            ClientBuilder::new("shop", "s")
                .base_url("ftp://x/")
                .resolved_base_url()
                .is_err()
        );
    }

    #[test]
    fn max_idle_connections_bounds() {
        let b = ClientBuilder::new("shop", "s");
        assert_eq!(b.checked_max_idle_connections().unwrap(), 64);
        let none = b.clone().max_idle_connections(0);
        assert_eq!(none.checked_max_idle_connections().unwrap(), 0);
        let top = b.clone().max_idle_connections(MAX_IDLE_CONNECTIONS);
        assert!(top.checked_max_idle_connections().is_ok());
        let over = b.max_idle_connections(MAX_IDLE_CONNECTIONS + 1);
        let e = over.checked_max_idle_connections().unwrap_err().to_string();
        assert!(e.contains("max_idle_connections 4097"), "{e}");
    }

    #[test]
    fn debug_hides_secret() {
        let b = ClientBuilder::new("shop", "very-secret-value");
        assert!(!format!("{b:?}").contains("very-secret-value"));
    }
}
