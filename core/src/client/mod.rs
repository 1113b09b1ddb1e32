//! The HTTP client: one `ureq` agent (keep-alive pool) shared by every call and thread.
//!
//! - [`Client::call`] / [`Client::call_v2`]: any method, verified `result` as JSON.
//! - [`Client::invoke`]: any of the 29 documented methods ([`METHODS`]) with their
//!   documented semantics (see [`invoke`]).
//! - Typed methods (`add_lead_to_group`, `create_order`, …, one per documented method)
//!   taking [`options`] structs and returning [`types`] structs, built on `invoke`.
//!
//! # Blocking, async, deadlines and cancellation
//! Every method above **blocks the calling thread** until the call ends (connecting,
//! sending, waiting for the answer, retries). In async code use the `*_async` form of
//! the same method (`invoke_async`, `call_async`, `add_lead_to_group_async`, …): it
//! returns a [`CallFuture`] that runs the call on the client's pool of worker threads
//! (at most [`ClientBuilder::max_concurrency`], the rest queued), works with any
//! executor, and cancels the call when dropped. Callback-style code uses
//! [`Client::submit`].
//!
//! Each call can carry [`CallOptions`]: its own deadline (instead of the client's
//! timeout) and a [`CancelHandle`] that stops it from any thread within
//! milliseconds, wherever it is (queued, resolving, connecting, in the TLS
//! handshake, sending, waiting or reading). Pass them to the `*_with` methods
//! ([`Client::invoke_with`], [`Client::call_with`], …) or make a view with
//! [`Client::with_options`], whose every method uses them.
//!
//! A failed call says whether its request may have reached the server:
//! [`Error::may_have_been_applied`]. The client retries by itself (transient failures,
//! JustClick's rate limit) only where that cannot apply a write twice.

mod agent;
mod background;
mod call;
mod call_options;
mod cancel;
mod coalesce;
pub mod config;
mod dates;
mod de;
pub mod events;
mod fields;
pub mod invoke;
pub mod methods;
pub mod options;
mod pool;
mod proxy;
mod resolver;
mod retry;
mod scope;
mod tcp;
mod transport;
mod typed;
pub mod types;

use std::sync::{Arc, Weak};

use ureq::tls::{Certificate, PemItem, RootCerts, TlsConfig};

pub use background::{CallFuture, CallHandle};
pub use call::Verified;
pub use call_options::CallOptions;
pub use cancel::CancelHandle;
pub use config::ClientBuilder;
pub use events::{Event, Level};
pub use methods::{Api, METHODS, MethodSpec};
pub use options::{
    AddLead, Address, BillFilter, CountScope, GoodSettings, GoodType, LeadV2, LegacyOrdersQuery,
    NewOrder, OrderGood, OrderStatus, OrderV2, OrdersQuery, SubscriberUpdate, TimerKill, UtmMarks,
};
pub use pool::PoolStats;
pub(crate) use retry::RATE_LIMITED;
pub use types::{
    Bill, BillGood, Coupon, CreatedOrder, GoodInfo, Group, GroupStatus, ItemPartner, ListInfo,
    Order, OrderItem, PartnerStats, PersonalManager, ProductInfo, SubscriptionStatus, Utm,
};

use crate::error::Error;
use transport::Transport;

/// A JustClick API client. Cheap to clone (an `Arc`), `Send + Sync`: share one client
/// between threads so they share its connection pool and its worker pool.
///
/// Its methods block the calling thread; each has an `*_async` form for async code
/// (see the [module docs](crate::client)).
///
/// ```no_run
/// let client = justclick::Client::builder("login", "secret").build()?;
/// client.delete_subscribe("a@b.c", "super")?;
/// # Ok::<(), justclick::Error>(())
/// ```
///
/// Dropping the last clone (the futures of its async calls count as clones) cancels
/// the calls still queued or running on its pool, as [`Client::close`] does.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
    /// What every call of this view uses (see [`Client::with_options`]).
    options: CallOptions,
    /// Shared by the clones the user holds (not by the views pool jobs run on): when
    /// the last goes, the pool is closed.
    owner: Option<Arc<Owner>>,
}

/// Closes the client's pool when the user's last clone is dropped.
struct Owner {
    inner: Weak<Inner>,
}

impl Drop for Owner {
    fn drop(&mut self) {
        if let Some(inner) = self.inner.upgrade() {
            inner.pool.close();
        }
    }
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
    /// Worker threads and queue for async and submitted calls.
    pool: pool::Pool,
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
        let shared =
            || Error::invalid("the event callback can only be set before the client is shared");
        let owner = self
            .owner
            .as_mut()
            .and_then(Arc::get_mut)
            .ok_or_else(shared)?;
        // The owner's weak reference would make `Arc::get_mut` fail: drop it meanwhile.
        drop(std::mem::take(&mut owner.inner));
        let set = Arc::get_mut(&mut self.inner).map(|inner| inner.events.listener = listener);
        owner.inner = Arc::downgrade(&self.inner);
        set.ok_or_else(shared)
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
        let max_idle = b.checked_max_idle_connections()?;
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
            // TLS, on most calls. One API host, so the same bound for both.
            .max_idle_connections_per_host(max_idle)
            .max_idle_connections(max_idle)
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
        let proxied = proxy.is_some();
        // Called again in a forked child, for a pool of its own (see `agent`).
        let make_agent: agent::MakeAgent = Box::new(move || {
            ureq::Agent::with_parts(
                config.clone(),
                connector(proxied),
                resolver::CachingResolver::default(),
            )
        });
        let inner = Arc::new(Inner {
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
            pool: pool::Pool::new(b.max_concurrency, b.queue_capacity),
            events: events::Sink {
                listener: b.listener,
                show_contact_data: b.log_contact_data,
            },
        });
        Ok(Client {
            owner: Some(Arc::new(Owner {
                inner: Arc::downgrade(&inner),
            })),
            inner,
            options: CallOptions::default(),
        })
    }
}

/// ureq's default chain (CONNECT proxy, TCP, rustls) with our TCP connector, whose
/// sockets a cancel can interrupt (see `tcp`), and the coalescing layer on top, so
/// that head and body leave in one write (one TLS record): see `coalesce`.
fn connector(proxied: bool) -> impl ureq::unversioned::transport::Connector {
    use ureq::unversioned::transport::{ConnectProxyConnector, Connector, RustlsConnector};
    ().chain(ConnectProxyConnector::default())
        .chain(tcp::CancellableTcp)
        .chain(RustlsConnector::default())
        .chain(coalesce::Coalescing { proxied })
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
