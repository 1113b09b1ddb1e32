//! [`Sandbox`]: a running server on 127.0.0.1 and the handle that controls it.

use std::net::{Ipv4Addr, SocketAddr, TcpListener as StdListener};
use std::path::PathBuf;
use std::sync::atomic::AtomicU64;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use std::{fs, io};

use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;
use tokio::runtime::Runtime;
use tokio::sync::watch;
use tokio_rustls::TlsAcceptor;

use crate::callbacks::{CallbackRecord, Notifier};
use crate::config::{Account, Config};
use crate::fault::{Fault, FaultQueue};
use crate::log::{LoggedRequest, RequestLog};
use crate::persist::{self, Saver};
use crate::rate_limit::RequestRate;
use crate::shared::Shared;
use crate::stats::{Counters, Stats};
use crate::tls;

/// The listen backlog asked for: enough for a few hundred clients connecting at once
/// (at 200 concurrent clients the OS default of 128 overflowed and connections
/// stalled on SYN retries). The kernel caps it at `net.core.somaxconn`.
pub const LISTEN_BACKLOG: i32 = 1024;

/// Binds 127.0.0.1:`port` with [`LISTEN_BACKLOG`] (std's `bind` uses 128).
fn bind(port: u16) -> io::Result<StdListener> {
    use socket2::{Domain, Socket, Type};
    let socket = Socket::new(Domain::IPV4, Type::STREAM, None)?;
    // As std does on Unix: a restarted sandbox can take its port back at once.
    #[cfg(unix)]
    socket.set_reuse_address(true)?;
    socket.bind(&SocketAddr::from((Ipv4Addr::LOCALHOST, port)).into())?;
    socket.listen(LISTEN_BACKLOG)?;
    Ok(socket.into())
}

/// A running sandbox. Stops when dropped (or with [`Sandbox::stop`]).
///
/// Thread-safe: every method takes `&self`, so one sandbox can be shared by the
/// threads of a test.
pub struct Sandbox {
    shared: Arc<Shared>,
    base_url: String,
    origin: String,
    port: u16,
    ca_pem: Option<String>,
    ca_file: Option<PathBuf>,
    /// True when `ca_file` is a temporary file the sandbox made (removed on stop).
    owns_ca_file: bool,
    runtime: Mutex<Option<Runtime>>,
    shutdown: watch::Sender<bool>,
}

impl std::fmt::Debug for Sandbox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sandbox")
            .field("base_url", &self.base_url)
            .field("accounts", &self.shared.accounts)
            .finish_non_exhaustive()
    }
}

impl Sandbox {
    /// Starts a sandbox on 127.0.0.1 (`config.port`, 0 = a free port) and returns
    /// once it accepts connections.
    ///
    /// # Errors
    /// The port cannot be bound, the state file cannot be read, the CA file cannot be
    /// written, or the TLS setup fails.
    pub fn start(config: Config) -> io::Result<Sandbox> {
        let accounts = if config.accounts.is_empty() {
            vec![Account::default()]
        } else {
            config.accounts.clone()
        };
        let listener = bind(config.port)?;
        listener.set_nonblocking(true)?;
        let port = listener.local_addr()?.port();

        let mut world = match &config.state_file {
            Some(path) => persist::load(path)?,
            None => None,
        }
        .unwrap_or_else(|| Shared::fresh_world(&accounts, config.seed));
        for a in &accounts {
            world.accounts.entry(a.login.clone()).or_insert_with(|| {
                Shared::fresh_world(std::slice::from_ref(a), config.seed)
                    .accounts
                    .remove(&a.login)
                    .unwrap_or_default()
            });
        }
        let world = Arc::new(Mutex::new(world));
        let saver = config
            .state_file
            .clone()
            .map(|p| Saver::start(p, Arc::clone(&world)));
        if let Some(s) = &saver {
            s.changed();
        }

        let owns_ca_file = config.tls && config.ca_file.is_none();
        let (tls, ca_pem, ca_file) = if config.tls {
            let t = tls::generate()?;
            let path = config.ca_file.clone().unwrap_or_else(|| {
                std::env::temp_dir().join(format!(
                    "justclick-sandbox-{}-{port}-ca.pem",
                    std::process::id()
                ))
            });
            fs::write(&path, &t.ca_pem)?;
            (
                Some(TlsAcceptor::from(t.config)),
                Some(t.ca_pem),
                Some(path),
            )
        } else {
            (None, None, None)
        };
        let (base_url, origin) = if tls.is_some() {
            (
                format!("https://localhost:{port}/api/"),
                format!("https://localhost:{port}"),
            )
        } else {
            (
                format!("http://127.0.0.1:{port}/api/"),
                format!("http://127.0.0.1:{port}"),
            )
        };

        let shared = Arc::new(Shared {
            accounts,
            variant: config.variant,
            seed: config.seed,
            initial_latency: config.latency,
            world,
            faults: Mutex::new(FaultQueue::default()),
            latency_ms: AtomicU64::new(0),
            log: Mutex::new(RequestLog::new(config.log_capacity)),
            callback_url: config.callback_url.clone(),
            notifier: Notifier::start(),
            saver,
            disabled: config.disabled_accounts.clone(),
            subscribe_limit: config.subscribe_limit,
            subscriptions_by_ip: Mutex::new(std::collections::HashMap::new()),
            request_rate: config.rate_limit.map(RequestRate::new),
            counters: Counters::default(),
        });
        shared.set_latency(config.latency);

        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("justclick-sandbox")
            .enable_all()
            .build()?;
        let (shutdown, rx) = watch::channel(false);
        let listener = {
            let _guard = runtime.enter();
            TcpListener::from_std(listener)?
        };
        runtime.spawn(accept_loop(listener, Arc::clone(&shared), tls, rx));

        Ok(Sandbox {
            shared,
            base_url,
            origin,
            port,
            ca_pem,
            owns_ca_file,
            ca_file,
            runtime: Mutex::new(Some(runtime)),
            shutdown,
        })
    }

    /// The API base URL, `http://127.0.0.1:PORT/api/` (`https://localhost:PORT/api/`
    /// with TLS): append a method name.
    #[must_use]
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Scheme, host and port without a path (`http://127.0.0.1:PORT`); the control
    /// endpoints live under `{origin}/_sandbox/`.
    #[must_use]
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// The TCP port.
    #[must_use]
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The default account (the first configured).
    #[must_use]
    pub fn account(&self) -> &Account {
        &self.shared.accounts[0]
    }

    /// Every account served.
    #[must_use]
    pub fn accounts(&self) -> &[Account] {
        &self.shared.accounts
    }

    /// The CA certificate (PEM) that signed the server certificate, with TLS.
    #[must_use]
    pub fn ca_pem(&self) -> Option<String> {
        self.ca_pem.clone()
    }

    /// The file holding [`Sandbox::ca_pem`], with TLS: `Config::ca_file`, or a temporary
    /// file that is removed when the sandbox stops.
    #[must_use]
    pub fn ca_file(&self) -> Option<PathBuf> {
        self.ca_file.clone()
    }

    /// A [`justclick::ClientBuilder`] for the default account, pointed at this
    /// sandbox (base URL, API key, and the CA with TLS).
    #[must_use]
    pub fn client_builder(&self) -> justclick::ClientBuilder {
        let a = self.account();
        let mut b = justclick::Client::builder(&a.login, &a.secret)
            .api_key(a.api_key.clone())
            .base_url(self.base_url.clone());
        if let Some(pem) = &self.ca_pem {
            b = b.ca_pem(pem.clone().into_bytes());
        }
        b
    }

    /// Makes the next `count` API answers misbehave as `fault` (after any faults
    /// already queued). Control endpoints are never affected.
    pub fn inject(&self, fault: Fault, count: usize) {
        self.shared
            .faults
            .lock()
            .expect("fault lock")
            .push(fault, count);
    }

    /// Drops every queued fault.
    pub fn clear_faults(&self) {
        self.shared.faults.lock().expect("fault lock").clear();
    }

    /// True when no fault is waiting.
    #[must_use]
    pub fn faults_pending(&self) -> bool {
        !self.shared.faults.lock().expect("fault lock").is_empty()
    }

    /// Delays every API answer by `latency` (millisecond resolution).
    pub fn set_latency(&self, latency: Duration) {
        self.shared.set_latency(latency);
    }

    /// Counters since start or the last [`Sandbox::reset`]: connections accepted, TLS
    /// handshakes, API requests by method (also `GET /_sandbox/stats`).
    #[must_use]
    pub fn stats(&self) -> Stats {
        self.shared.counters.snapshot()
    }

    /// The requests received so far (the last [`Config::log_capacity`], 10,000 by
    /// default), oldest first.
    #[must_use]
    pub fn request_log(&self) -> Vec<LoggedRequest> {
        self.shared.log.lock().expect("log lock").snapshot()
    }

    /// The invoice notifications delivered (or attempted) so far.
    #[must_use]
    pub fn callback_log(&self) -> Vec<CallbackRecord> {
        self.shared
            .notifier
            .records
            .lock()
            .expect("records lock")
            .clone()
    }

    /// The whole state as JSON: `{"accounts": {"demo": {"groups": [...],
    /// "contacts": [...], "products": [...], "orders": [...], "partners": [...],
    /// "coupons": [...], "managers": [...], "next_id": {...}}}}`.
    #[must_use]
    pub fn state_json(&self) -> serde_json::Value {
        let world = self.shared.world.lock().expect("state lock");
        serde_json::to_value(&*world).unwrap_or_default()
    }

    /// Restores the initial data (seeded or empty), clears faults, the request log and
    /// the stats, and restores the configured latency.
    pub fn reset(&self) {
        self.shared.reset();
    }

    /// Stops serving, delivers queued notifications and writes the state file.
    /// Idempotent; also done on drop.
    pub fn stop(&self) {
        let Some(runtime) = self.runtime.lock().expect("runtime lock").take() else {
            return;
        };
        let _ = self.shutdown.send(true);
        runtime.shutdown_background();
        self.shared.notifier.stop();
        if let (true, Some(path)) = (self.owns_ca_file, &self.ca_file) {
            let _ = fs::remove_file(path);
        }
        if let Some(s) = &self.shared.saver {
            let world = self.shared.world.lock().expect("state lock").clone();
            if let Err(e) = s.stop(&world) {
                eprintln!("justclick sandbox: cannot save state: {e}");
            }
        }
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        self.stop();
    }
}

async fn accept_loop(
    listener: TcpListener,
    shared: Arc<Shared>,
    tls: Option<TlsAcceptor>,
    mut shutdown: watch::Receiver<bool>,
) {
    loop {
        let (stream, peer) = tokio::select! {
            r = listener.accept() => match r {
                Ok(s) => s,
                Err(_) => {
                    // Out of descriptors or similar: back off instead of spinning.
                    tokio::time::sleep(Duration::from_millis(10)).await;
                    continue;
                }
            },
            _ = shutdown.changed() => return,
        };
        Counters::bump(&shared.counters.connections);
        let _ = stream.set_nodelay(true);
        let shared = Arc::clone(&shared);
        let tls = tls.clone();
        tokio::spawn(async move {
            match tls {
                Some(acceptor) => match acceptor.accept(stream).await {
                    Ok(s) => {
                        Counters::bump(&shared.counters.tls_handshakes);
                        serve_conn(TokioIo::new(s), shared, true, peer.ip()).await;
                    }
                    Err(_) => Counters::bump(&shared.counters.tls_handshake_failures),
                },
                None => serve_conn(TokioIo::new(stream), shared, false, peer.ip()).await,
            }
        });
    }
}

async fn serve_conn<I>(io: I, shared: Arc<Shared>, https: bool, peer: std::net::IpAddr)
where
    I: hyper::rt::Read + hyper::rt::Write + Unpin + Send + 'static,
{
    let service = service_fn(move |req| crate::http::handle(req, Arc::clone(&shared), https, peer));
    let _ = http1::Builder::new()
        .keep_alive(true)
        .serve_connection(io, service)
        .await;
}
