//! The HTTP client: one `ureq` agent (keep-alive pool) shared by every call and thread.
//!
//! - [`Client::call`] / [`Client::call_v2`]: any method, verified `result` as JSON.
//! - [`Client::invoke`]: any of the 29 documented methods ([`METHODS`]) with their
//!   documented semantics (see [`invoke`]).
//! - Typed methods (`add_lead_to_group`, `create_order`, …, one per documented method)
//!   taking [`options`] structs and returning [`types`] structs, built on `invoke`.

mod agent;
mod call;
mod coalesce;
pub mod config;
mod dates;
mod de;
pub mod events;
mod fields;
pub mod invoke;
pub mod methods;
pub mod options;
mod proxy;
mod resolver;
mod retry;
mod transport;
mod typed;
pub mod types;

use std::sync::Arc;

use ureq::tls::{Certificate, PemItem, RootCerts, TlsConfig};

pub use call::Verified;
pub use config::ClientBuilder;
pub use events::{Event, Level};
pub use methods::{Api, METHODS, MethodSpec};
pub use options::{
    AddLead, Address, BillFilter, CountScope, GoodSettings, GoodType, LeadV2, LegacyOrdersQuery,
    NewOrder, OrderGood, OrderStatus, OrderV2, OrdersQuery, SubscriberUpdate, TimerKill, UtmMarks,
};
pub use types::{
    Bill, BillGood, Coupon, CreatedOrder, GoodInfo, Group, GroupStatus, ItemPartner, ListInfo,
    Order, OrderItem, PartnerStats, PersonalManager, ProductInfo, SubscriptionStatus, Utm,
};

use crate::error::Error;
use transport::Transport;

/// A JustClick API client. Cheap to clone (an `Arc`), `Send + Sync`: share one client
/// between threads so they share its connection pool.
///
/// ```no_run
/// let client = justclick::Client::builder("login", "secret").build()?;
/// client.delete_subscribe("a@b.c", "super")?;
/// # Ok::<(), justclick::Error>(())
/// ```
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    login: String,
    secret: String,
    api_key: String,
    base_url: String,
    transport: Transport,
    retry: retry::RetryPolicy,
    verify_v2_responses: bool,
    /// Bound on one call, retries included.
    timeout: std::time::Duration,
    /// Where the calls' events go.
    events: events::Sink,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("login", &self.inner.login)
            .field("base_url", &self.inner.base_url)
            .field("secret", &"<hidden>")
            .finish_non_exhaustive()
    }
}

impl Client {
    /// Starts configuring a client for the account `login` with its API `secret`.
    #[must_use]
    pub fn builder(login: &str, secret: &str) -> ClientBuilder {
        ClientBuilder::new(login, secret)
    }

    /// The account login.
    #[must_use]
    pub fn login(&self) -> &str {
        &self.inner.login
    }

    /// The API base URL, ending in `/`; method names are appended to it.
    #[must_use]
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// Sets (or, with `None`, removes) the event callback of a client that is not yet
    /// shared — for bindings that receive the callback after the client is built.
    /// Prefer [`ClientBuilder::on_event`].
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] when this client has been cloned: its clones would
    /// not see the change.
    pub fn set_event_listener(&mut self, listener: Option<events::Listener>) -> Result<(), Error> {
        let inner = Arc::get_mut(&mut self.inner).ok_or_else(|| {
            Error::invalid("the event callback can only be set before the client is shared")
        })?;
        inner.events.listener = listener;
        Ok(())
    }

    fn from_builder(b: ClientBuilder) -> Result<Self, Error> {
        if b.login.is_empty() {
            return Err(Error::invalid("login is empty"));
        }
        if b.login.len() > crate::limits::MAX_LOGIN_BYTES {
            return Err(Error::invalid(format!(
                "login is {} bytes, over the {}-byte limit (MAX_LOGIN_BYTES: a login is a DNS label)",
                b.login.len(),
                crate::limits::MAX_LOGIN_BYTES
            )));
        }
        if b.secret.is_empty() {
            return Err(Error::invalid("secret is empty"));
        }
        if b.timeout.is_zero() || b.connect_timeout.is_zero() {
            return Err(Error::invalid("timeouts must be greater than zero"));
        }
        let base_url = b.resolved_base_url()?;
        let proxy = proxy::choose(
            &base_url,
            b.proxy.as_deref(),
            b.no_proxy.as_deref(),
            &|name| std::env::var(name).ok(),
        )?;
        // Always set: ureq's default would read every *_PROXY variable, in any case.
        let ureq_proxy = proxy
            .as_ref()
            .map(|p| {
                ureq::Proxy::new(&p.url)
                    .map_err(|e| Error::invalid(format!("proxy {}: {e}", p.label)))
            })
            .transpose()?;
        let mut tls = TlsConfig::builder();
        if let Some(certs) = load_roots(&b)? {
            tls = tls.root_certs(RootCerts::Specific(Arc::new(certs)));
        }
        let config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .max_redirects_will_error(false)
            .timeout_global(Some(b.timeout))
            .timeout_connect(Some(b.connect_timeout))
            .user_agent(b.user_agent.as_str())
            .https_only(false)
            // ureq keeps 3 idle connections per host by default; threads sharing one
            // client (bulk jobs run 16) would otherwise reconnect, and re-handshake
            // TLS, on most calls.
            .max_idle_connections_per_host(64)
            .max_idle_connections(64)
            // ureq gives each connection 128 KiB for input and 128 KiB for output; a
            // JustClick answer head is a few hundred bytes and a request head less, so
            // 32 KiB in (a response head must fit it whole, hence the same header cap)
            // and 16 KiB out (bodies stream through it) cut a 64-connection bulk job's
            // peak RSS by about 12 MiB (bench/run memory phase).
            .input_buffer_size(32 * 1024)
            .max_response_header_size(32 * 1024)
            .output_buffer_size(16 * 1024)
            .tls_config(tls.build())
            .proxy(ureq_proxy)
            .build();
        // Called again in a forked child, for a pool of its own (see `agent`).
        let make_agent: agent::MakeAgent = Box::new(move || {
            ureq::Agent::with_parts(
                config.clone(),
                // Head and body leave in one write (one TLS record): see `coalesce`.
                ureq::unversioned::transport::Connector::chain(
                    ureq::unversioned::transport::DefaultConnector::default(),
                    coalesce::Coalescing,
                ),
                resolver::CachingResolver::default(),
            )
        });
        Ok(Client {
            inner: Arc::new(Inner {
                api_key: b.api_key.clone().unwrap_or_else(|| b.secret.clone()),
                login: b.login,
                secret: b.secret,
                base_url,
                transport: Transport {
                    agent: agent::AgentCell::new(make_agent),
                    proxy: proxy.map(|p| p.label),
                    max_body: b.max_response_bytes,
                    allow_insecure_http: b.allow_insecure_http,
                },
                retry: retry::RetryPolicy {
                    max_retries: b.max_retries,
                    base_delay: b.retry_base_delay,
                },
                verify_v2_responses: b.verify_v2_responses,
                timeout: b.timeout,
                events: events::Sink {
                    listener: b.listener,
                    show_contact_data: b.log_contact_data,
                },
            }),
        })
    }
}

fn load_roots(b: &ClientBuilder) -> Result<Option<Vec<Certificate<'static>>>, Error> {
    let pem = match (&b.ca_pem, &b.ca_file) {
        (Some(pem), _) => pem.clone(),
        (None, Some(path)) => std::fs::read(path)
            .map_err(|e| Error::invalid(format!("cannot read CA file {}: {e}", path.display())))?,
        (None, None) => return Ok(None),
    };
    let mut certs = Vec::new();
    for item in ureq::tls::parse_pem(&pem) {
        match item {
            Ok(PemItem::Certificate(c)) => certs.push(c),
            Ok(_) => {}
            Err(e) => return Err(Error::invalid(format!("bad CA PEM: {e}"))),
        }
    }
    if certs.is_empty() {
        return Err(Error::invalid("the CA PEM holds no certificate"));
    }
    Ok(Some(certs))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_send_sync<T: Send + Sync + Clone>() {}

    #[test]
    fn client_is_send_sync_clone_and_hides_secret() {
        assert_send_sync::<Client>();
        let c = Client::builder("shop", "top-secret-1").build().unwrap();
        assert!(!format!("{c:?}").contains("top-secret-1"));
        assert_eq!(c.base_url(), "https://shop.justclick.ru/api/");
    }

    #[test]
    fn bad_settings_are_named() {
        let e = Client::builder("shop", "").build().unwrap_err();
        assert!(e.to_string().contains("secret is empty"));
        let e = Client::builder("shop", "s")
            .ca_file("/nonexistent.pem")
            .build()
            .unwrap_err();
        assert!(e.to_string().contains("CA file"));
        let e = Client::builder("shop", "s")
            .ca_pem("nope")
            .build()
            .unwrap_err();
        assert!(e.to_string().contains("no certificate"), "{e}");
    }
}
