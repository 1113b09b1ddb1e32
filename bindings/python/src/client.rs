//! The native `Client`: configuration, the three generic calls, and the context
//! manager. The per-method helpers (`delete_subscribe`, `get_all_groups`, ...) are a
//! thin Python subclass in `justclick/_client.py` that calls [`Client::invoke`].

use std::path::PathBuf;
use std::sync::RwLock;
use std::time::Duration;

use justclick::client::{CallOptions, CancelHandle};
use justclick::{Error, Params};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyString, PyType};
use serde_json::Value as Json;

use crate::{convert, errors, interrupt};

/// A JustClick API client; safe to share between threads.
///
/// Every network call releases the GIL while it waits, so other Python threads keep
/// running; all threads share one connection pool. Use it as a context manager (or
/// call `close()`) to drop pooled connections deterministically. `repr()` shows the
/// login and base URL, never the secret.
#[pyclass(frozen, subclass, module = "justclick._justclick", name = "Client")]
pub(crate) struct Client {
    /// `None` once closed. Calls clone the core client (an `Arc`) and drop the lock
    /// before any I/O, so `close()` never waits for a slow call.
    core: RwLock<Option<justclick::Client>>,
    login: String,
    base_url: String,
}

/// Reads constructor options, refusing a wrong type or range with `InvalidParams`
/// naming the option (never a bare `TypeError`/`OverflowError`). `None` means the
/// default.
struct Options<'py> {
    py: Python<'py>,
}

impl<'py> Options<'py> {
    fn bad(&self, name: &str, expected: &str, got: &Bound<'py, PyAny>) -> PyErr {
        let shown = got.repr().map_or_else(|_| "?".into(), |r| r.to_string());
        let kind = got
            .get_type()
            .qualname()
            .map_or_else(|_| "?".into(), |q| q.to_string());
        // The secret and the API key are never shown, not even when malformed.
        let shown = if matches!(name, "secret" | "api_key") {
            format!("a {kind}")
        } else {
            format!("{shown} ({kind})")
        };
        errors::invalid_params(self.py, format!("{name} must be {expected}, got {shown}"))
    }

    fn text(&self, name: &str, v: Option<&Bound<'py, PyAny>>) -> PyResult<Option<String>> {
        match v {
            Some(v) if !v.is_none() => v
                .cast::<PyString>()
                .map_err(|_| self.bad(name, "a str", v))?
                .to_cow()
                .map(|s| Some(s.into_owned()))
                .map_err(|_| self.bad(name, "a str of valid Unicode", v)),
            _ => Ok(None),
        }
    }

    fn path(&self, name: &str, v: Option<&Bound<'py, PyAny>>) -> PyResult<Option<PathBuf>> {
        match v {
            Some(v) if !v.is_none() => v
                .extract::<PathBuf>()
                .map(Some)
                .map_err(|_| self.bad(name, "a path (str or os.PathLike)", v)),
            _ => Ok(None),
        }
    }

    fn number(&self, name: &str, v: &Bound<'py, PyAny>, expected: &str) -> PyResult<f64> {
        if v.is_instance_of::<PyBool>() {
            return Err(self.bad(name, expected, v));
        }
        v.extract::<f64>().map_err(|_| self.bad(name, expected, v))
    }

    fn seconds(
        &self,
        name: &str,
        v: Option<&Bound<'py, PyAny>>,
        default: f64,
    ) -> PyResult<Duration> {
        const EXPECTED: &str = "a positive number of seconds";
        let Some(v) = v.filter(|v| !v.is_none()) else {
            return Ok(Duration::from_secs_f64(default));
        };
        let secs = self.number(name, v, EXPECTED)?;
        Duration::try_from_secs_f64(secs)
            .ok()
            .filter(|d| !d.is_zero())
            .ok_or_else(|| self.bad(name, EXPECTED, v))
    }

    fn delay(&self, name: &str, v: Option<&Bound<'py, PyAny>>, default: f64) -> PyResult<Duration> {
        const EXPECTED: &str = "a number of seconds >= 0";
        let Some(v) = v.filter(|v| !v.is_none()) else {
            return Ok(Duration::from_secs_f64(default));
        };
        let secs = self.number(name, v, EXPECTED)?;
        Duration::try_from_secs_f64(secs).map_err(|_| self.bad(name, EXPECTED, v))
    }

    fn count(
        &self,
        name: &str,
        v: Option<&Bound<'py, PyAny>>,
        default: u64,
        max: u64,
    ) -> PyResult<u64> {
        let Some(v) = v.filter(|v| !v.is_none()) else {
            return Ok(default);
        };
        let expected = format!("a whole number from 0 to {max}");
        if v.is_instance_of::<PyBool>() {
            return Err(self.bad(name, &expected, v));
        }
        v.extract::<u64>()
            .ok()
            .filter(|n| *n <= max)
            .ok_or_else(|| self.bad(name, &expected, v))
    }

    fn threads(&self, name: &str, v: Option<&Bound<'py, PyAny>>, default: u64) -> PyResult<usize> {
        let n = self.count(name, v, default, 4096)?;
        if n == 0 {
            return Err(errors::invalid_params(
                self.py,
                format!("{name} must be at least 1"),
            ));
        }
        Ok(usize::try_from(n).unwrap_or(4096))
    }

    fn flag(&self, name: &str, v: Option<&Bound<'py, PyAny>>, default: bool) -> PyResult<bool> {
        match v {
            Some(v) if !v.is_none() => v
                .cast::<PyBool>()
                .map(PyBoolMethods::is_true)
                .map_err(|_| self.bad(name, "True or False", v)),
            _ => Ok(default),
        }
    }
}

#[pymethods]
impl Client {
    #[new]
    #[pyo3(signature = (
        login,
        secret,
        *,
        base_url = None,
        domain = None,
        timeout = None,
        connect_timeout = None,
        max_retries = None,
        ca_file = None,
        api_key = None,
        user_agent = None,
        max_response_bytes = None,
        retry_base_delay = None,
        allow_insecure_http = None,
        verify_v2_responses = None,
        proxy = None,
        no_proxy = None,
        max_idle_connections = None,
        _max_concurrency = None,
    ))]
    // Spelled out because the defaults are applied below; keep in sync.
    #[pyo3(
        text_signature = "(login, secret, *, base_url=None, domain='justclick.ru', \
        timeout=30.0, connect_timeout=10.0, max_retries=2, ca_file=None, api_key=None, \
        user_agent=None, max_response_bytes=16777216, retry_base_delay=0.25, \
        allow_insecure_http=False, verify_v2_responses=True, proxy=None, no_proxy=None, \
        max_idle_connections=64, _max_concurrency=None)"
    )]
    // `_max_concurrency`: private in Python (AsyncClient's `max_concurrency`), hence
    // the underscore pyo3 takes from the Rust name.
    #[allow(clippy::too_many_arguments, clippy::used_underscore_binding)]
    fn new(
        py: Python<'_>,
        login: &Bound<'_, PyAny>,
        secret: &Bound<'_, PyAny>,
        base_url: Option<&Bound<'_, PyAny>>,
        domain: Option<&Bound<'_, PyAny>>,
        timeout: Option<&Bound<'_, PyAny>>,
        connect_timeout: Option<&Bound<'_, PyAny>>,
        max_retries: Option<&Bound<'_, PyAny>>,
        ca_file: Option<&Bound<'_, PyAny>>,
        api_key: Option<&Bound<'_, PyAny>>,
        user_agent: Option<&Bound<'_, PyAny>>,
        max_response_bytes: Option<&Bound<'_, PyAny>>,
        retry_base_delay: Option<&Bound<'_, PyAny>>,
        allow_insecure_http: Option<&Bound<'_, PyAny>>,
        verify_v2_responses: Option<&Bound<'_, PyAny>>,
        proxy: Option<&Bound<'_, PyAny>>,
        no_proxy: Option<&Bound<'_, PyAny>>,
        max_idle_connections: Option<&Bound<'_, PyAny>>,
        _max_concurrency: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let o = Options { py };
        let login = o.text("login", Some(login))?.unwrap_or_default();
        let secret = o.text("secret", Some(secret))?.unwrap_or_default();
        let mut b = justclick::Client::builder(&login, &secret)
            .domain(
                o.text("domain", domain)?
                    .unwrap_or_else(|| "justclick.ru".into()),
            )
            .timeout(o.seconds("timeout", timeout, 30.0)?)
            .connect_timeout(o.seconds("connect_timeout", connect_timeout, 10.0)?)
            .max_retries(
                u32::try_from(o.count("max_retries", max_retries, 2, 1000)?).unwrap_or(1000),
            )
            .max_response_bytes(o.count(
                "max_response_bytes",
                max_response_bytes,
                16_777_216,
                u64::MAX,
            )?)
            .retry_base_delay(o.delay("retry_base_delay", retry_base_delay, 0.25)?)
            .max_idle_connections(
                // At most MAX_IDLE_CONNECTIONS, a usize: the conversion cannot fail.
                usize::try_from(o.count(
                    "max_idle_connections",
                    max_idle_connections,
                    justclick::client::config::DEFAULT_MAX_IDLE_CONNECTIONS as u64,
                    justclick::client::config::MAX_IDLE_CONNECTIONS as u64,
                )?)
                .unwrap_or(justclick::client::config::MAX_IDLE_CONNECTIONS),
            )
            .allow_insecure_http(o.flag("allow_insecure_http", allow_insecure_http, false)?)
            .verify_v2_responses(o.flag("verify_v2_responses", verify_v2_responses, true)?)
            // The worker threads of AsyncClient calls (`max_concurrency` there); the
            // sync methods run on the caller's thread.
            .max_concurrency(o.threads("max_concurrency", _max_concurrency, 64)?);
        if let Some(url) = o.text("base_url", base_url)? {
            b = b.base_url(url);
        }
        if let Some(path) = o.path("ca_file", ca_file)? {
            b = b.ca_file(path);
        }
        if let Some(key) = o.text("api_key", api_key)? {
            b = b.api_key(key);
        }
        if let Some(ua) = o.text("user_agent", user_agent)? {
            b = b.user_agent(ua);
        }
        if let Some(url) = o.text("proxy", proxy)? {
            b = b.proxy(url);
        }
        if let Some(hosts) = o.text("no_proxy", no_proxy)? {
            b = b.no_proxy(hosts);
        }
        // Building reads the CA file: no GIL needed for that either.
        let core = py
            .detach(move || b.build())
            .map_err(|e| errors::to_py(py, e))?;
        Ok(Client {
            login: core.login().to_owned(),
            base_url: core.base_url().to_owned(),
            core: RwLock::new(Some(core)),
        })
    }

    /// The account login.
    #[getter]
    fn login(&self) -> &str {
        &self.login
    }

    /// The API base URL (ends with `/`; method names are appended to it).
    #[getter]
    fn base_url(&self) -> &str {
        &self.base_url
    }

    /// True once `close()` has been called (or the `with` block has ended).
    #[getter]
    fn closed(&self) -> bool {
        self.core.read().map_or(true, |c| c.is_none())
    }

    /// Call any API 1.0 method by its exact name; the request is signed and the
    /// response verified before its `result` (None when absent) is returned.
    ///
    /// A non-zero `error_code` raises `ApiError`. Prefer `invoke()` or the named
    /// methods, which add the documented per-method handling.
    ///
    /// `timeout` (seconds) bounds this call instead of the client's timeout.
    #[pyo3(signature = (method, params = None, *, timeout = None))]
    fn call<'py>(
        &self,
        py: Python<'py>,
        method: String,
        params: Option<&Bound<'py, PyAny>>,
        timeout: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        self.run(py, Kind::Call, &method, params, timeout)
    }

    /// Call any API 2.0 method (lower-case name, e.g. `getalllists`); the client adds
    /// `rpsKey` from its API key and returns the `result`.
    #[pyo3(signature = (method, params = None, *, timeout = None))]
    fn call_v2<'py>(
        &self,
        py: Python<'py>,
        method: String,
        params: Option<&Bound<'py, PyAny>>,
        timeout: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        self.run(py, Kind::CallV2, &method, params, timeout)
    }

    /// Call one of the 29 documented methods by its documented name (any case);
    /// API 1.0 or 2.0 is chosen from the method table, required fields are checked,
    /// and the documented per-method semantics are applied (see the README).
    #[pyo3(signature = (method, params = None, *, timeout = None))]
    fn invoke<'py>(
        &self,
        py: Python<'py>,
        method: String,
        params: Option<&Bound<'py, PyAny>>,
        timeout: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        self.run(py, Kind::Invoke, &method, params, timeout)
    }

    /// `invoke()` for the named methods: also refuses a list or mapping where the field
    /// holds one value (`lead_name`, `bill_email`, `good_sum`, ...), naming the field.
    #[pyo3(signature = (method, params = None, timeout = None))]
    fn _invoke_typed<'py>(
        &self,
        py: Python<'py>,
        method: String,
        params: Option<&Bound<'py, PyAny>>,
        timeout: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        self.run(py, Kind::InvokeTyped, &method, params, timeout)
    }

    /// Drop the connection pool. Later calls raise `JustClickError`; calls already
    /// running finish normally. Closing twice is fine.
    fn close(&self) {
        let core = self.core.write().ok().and_then(|mut core| core.take());
        // Cancels what the core's pool still holds for this client (AsyncClient calls):
        // queued ones are never sent. Blocking calls on callers' threads go on.
        if let Some(core) = core {
            core.close();
        }
    }

    fn __enter__(slf: Bound<'_, Self>) -> Bound<'_, Self> {
        slf
    }

    #[pyo3(signature = (_exc_type, _exc_value, _traceback, /))]
    fn __exit__(
        &self,
        _exc_type: Option<&Bound<'_, PyType>>,
        _exc_value: Option<&Bound<'_, PyAny>>,
        _traceback: Option<&Bound<'_, PyAny>>,
    ) {
        self.close();
    }

    /// `<Client login='…' base_url='…'>`: never the secret, the API key or a password
    /// in the URL.
    fn __repr__(slf: &Bound<'_, Self>) -> PyResult<String> {
        let py = slf.py();
        let this = slf.get();
        let repr = |s: &str| PyString::new(py, s).repr().map(|r| r.to_string());
        Ok(format!(
            "<{} login={} base_url={}{}>",
            slf.get_type().qualname()?,
            repr(&this.login)?,
            repr(&without_credentials(&this.base_url))?,
            if this.closed() { " closed" } else { "" }
        ))
    }
}

/// `url` without its `user:password@` part, as the core's messages show URLs.
fn without_credentials(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let (authority, tail) = rest.split_at(rest.find(['/', '?', '#']).unwrap_or(rest.len()));
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, hp)| hp);
    format!("{scheme}://{host_port}{tail}")
}

impl Client {
    /// The core client (a cheap `Arc` clone), or `JustClickError` once closed.
    pub(crate) fn core(&self, py: Python<'_>) -> PyResult<justclick::Client> {
        self.core
            .read()
            .ok()
            .and_then(|c| c.clone())
            .ok_or_else(|| errors::generic(py, "the client is closed"))
    }

    /// Converts `params` with the GIL, runs the call without it (on this thread,
    /// cancelled by Ctrl-C on the main thread), converts the result back.
    fn run<'py>(
        &self,
        py: Python<'py>,
        kind: Kind,
        method: &str,
        params: Option<&Bound<'py, PyAny>>,
        timeout: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let params = convert::params(params)?;
        let options = call_options(py, timeout)?;
        let core = self.core(py)?;
        let result = interrupt::run(py, CancelHandle::new(), |cancel| {
            kind.run(
                &core.with_options(options.with_cancel(&cancel)),
                method,
                &params,
            )
        })?;
        match result {
            Ok(json) => convert::to_py(py, &json),
            Err(e) => Err(errors::to_py(py, e)),
        }
    }
}

/// Which generic call to make (the named methods use `InvokeTyped`).
#[derive(Clone, Copy)]
pub(crate) enum Kind {
    Call,
    CallV2,
    Invoke,
    /// `invoke_typed`: the named methods (a list or mapping refused where the field
    /// holds one value).
    InvokeTyped,
}

impl Kind {
    /// The kind a private `kind` name from `justclick._async` stands for.
    pub(crate) fn from_name(py: Python<'_>, name: &str) -> PyResult<Self> {
        Ok(match name {
            "call" => Kind::Call,
            "call_v2" => Kind::CallV2,
            "invoke" => Kind::Invoke,
            "invoke_typed" => Kind::InvokeTyped,
            other => {
                return Err(errors::generic(
                    py,
                    &format!("unknown call kind \"{other}\""),
                ));
            }
        })
    }

    /// Runs the call on this thread (blocking), with the options of the client view
    /// `core` ([`justclick::Client::with_options`]).
    pub(crate) fn run(
        self,
        core: &justclick::Client,
        method: &str,
        params: &Params,
    ) -> Result<Json, Error> {
        match self {
            Kind::Call => core.call(method, params),
            Kind::CallV2 => core.call_v2(method, params),
            Kind::Invoke => core.invoke(method, params),
            Kind::InvokeTyped => core.invoke_typed(method, params),
        }
    }
}

/// The options of one call: its own `timeout` (seconds; `None` for the client's).
/// A wrong type or a value that is not positive is `InvalidParams` naming it.
pub(crate) fn call_options(
    py: Python<'_>,
    timeout: Option<&Bound<'_, PyAny>>,
) -> PyResult<CallOptions> {
    let options = CallOptions::new();
    match timeout.filter(|v| !v.is_none()) {
        None => Ok(options),
        Some(v) => Ok(options.with_timeout(Options { py }.seconds("timeout", Some(v), 0.0)?)),
    }
}
