//! The native `Client`: configuration, the three generic calls, and the context
//! manager. The per-method helpers (`delete_subscribe`, `get_all_groups`, ...) are a
//! thin Python subclass in `justclick/_client.py` that calls [`Client::invoke`].

use std::path::PathBuf;
use std::sync::RwLock;
use std::time::Duration;

use justclick::{Error, Params};
use pyo3::prelude::*;
use pyo3::types::{PyString, PyType};
use serde_json::Value as Json;

use crate::{convert, errors};

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

fn seconds(py: Python<'_>, name: &str, value: f64) -> PyResult<Duration> {
    Duration::try_from_secs_f64(value)
        .ok()
        .filter(|d| !d.is_zero())
        .ok_or_else(|| {
            errors::invalid_params(
                py,
                format!("{name} must be a positive number of seconds, got {value}"),
            )
        })
}

#[pymethods]
impl Client {
    #[new]
    #[pyo3(signature = (
        login,
        secret,
        *,
        base_url = None,
        domain = String::from("justclick.ru"),
        timeout = 30.0,
        connect_timeout = 10.0,
        max_retries = 2,
        ca_file = None,
        api_key = None,
        user_agent = None,
        max_response_bytes = 16_777_216,
        retry_base_delay = 0.25,
        allow_insecure_http = false,
        verify_v2_responses = true,
        proxy = None,
        no_proxy = None,
    ))]
    // Spelled out only because a `String` default renders as `...`; keep in sync.
    #[pyo3(
        text_signature = "(login, secret, *, base_url=None, domain='justclick.ru', \
        timeout=30.0, connect_timeout=10.0, max_retries=2, ca_file=None, api_key=None, \
        user_agent=None, max_response_bytes=16777216, retry_base_delay=0.25, \
        allow_insecure_http=False, verify_v2_responses=True, proxy=None, no_proxy=None)"
    )]
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        login: String,
        secret: String,
        base_url: Option<String>,
        domain: String,
        timeout: f64,
        connect_timeout: f64,
        max_retries: u32,
        ca_file: Option<PathBuf>,
        api_key: Option<String>,
        user_agent: Option<String>,
        max_response_bytes: u64,
        retry_base_delay: f64,
        allow_insecure_http: bool,
        verify_v2_responses: bool,
        proxy: Option<String>,
        no_proxy: Option<String>,
    ) -> PyResult<Self> {
        let mut b = justclick::Client::builder(&login, &secret)
            .domain(domain)
            .timeout(seconds(py, "timeout", timeout)?)
            .connect_timeout(seconds(py, "connect_timeout", connect_timeout)?)
            .max_retries(max_retries)
            .max_response_bytes(max_response_bytes)
            .retry_base_delay(Duration::try_from_secs_f64(retry_base_delay).map_err(|_| {
                errors::invalid_params(
                    py,
                    format!("retry_base_delay must be >= 0 seconds, got {retry_base_delay}"),
                )
            })?)
            .allow_insecure_http(allow_insecure_http)
            .verify_v2_responses(verify_v2_responses);
        if let Some(url) = base_url {
            b = b.base_url(url);
        }
        if let Some(path) = ca_file {
            b = b.ca_file(path);
        }
        if let Some(key) = api_key {
            b = b.api_key(key);
        }
        if let Some(ua) = user_agent {
            b = b.user_agent(ua);
        }
        if let Some(url) = proxy {
            b = b.proxy(url);
        }
        if let Some(hosts) = no_proxy {
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
    #[pyo3(signature = (method, params = None))]
    fn call<'py>(
        &self,
        py: Python<'py>,
        method: String,
        params: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        self.run(py, params, move |c, p| c.call(&method, p))
    }

    /// Call any API 2.0 method (lower-case name, e.g. `getalllists`); the client adds
    /// `rpsKey` from its API key and returns the `result`.
    #[pyo3(signature = (method, params = None))]
    fn call_v2<'py>(
        &self,
        py: Python<'py>,
        method: String,
        params: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        self.run(py, params, move |c, p| c.call_v2(&method, p))
    }

    /// Call one of the 29 documented methods by its documented name (any case);
    /// API 1.0 or 2.0 is chosen from the method table, required fields are checked,
    /// and the documented per-method semantics are applied (see the README).
    #[pyo3(signature = (method, params = None))]
    fn invoke<'py>(
        &self,
        py: Python<'py>,
        method: String,
        params: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        self.run(py, params, move |c, p| c.invoke(&method, p))
    }

    /// Drop the connection pool. Later calls raise `JustClickError`; calls already
    /// running finish normally. Closing twice is fine.
    fn close(&self) {
        if let Ok(mut core) = self.core.write() {
            core.take();
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

    /// `<Client login='…' base_url='…'>`: never the secret or the API key.
    fn __repr__(slf: &Bound<'_, Self>) -> PyResult<String> {
        let py = slf.py();
        let this = slf.get();
        let repr = |s: &str| PyString::new(py, s).repr().map(|r| r.to_string());
        Ok(format!(
            "<{} login={} base_url={}{}>",
            slf.get_type().qualname()?,
            repr(&this.login)?,
            repr(&this.base_url)?,
            if this.closed() { " closed" } else { "" }
        ))
    }
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

    /// Converts `params` with the GIL, runs `f` without it, converts the result back.
    fn run<'py, F>(
        &self,
        py: Python<'py>,
        params: Option<&Bound<'py, PyAny>>,
        f: F,
    ) -> PyResult<Bound<'py, PyAny>>
    where
        F: FnOnce(&justclick::Client, &Params) -> Result<Json, Error> + Send,
    {
        let params = convert::params(params)?;
        let core = self.core(py)?;
        let result = py.detach(move || f(&core, &params));
        match result {
            Ok(json) => convert::to_py(py, &json),
            Err(e) => Err(errors::to_py(py, e)),
        }
    }
}
