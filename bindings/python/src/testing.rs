//! `_Sandbox`: the `justclick-sandbox` server (the one behind `justclick sandbox`)
//! running inside the Python process, for `justclick.testing.Sandbox`. A user's tests
//! then need neither the Rust toolchain nor the CLI. The server runs on its own
//! threads and never takes the GIL; every method here only locks its state briefly.
//!
//! Arguments are checked (with messages naming them) by `justclick/testing.py`; what
//! still arrives wrong here is refused with `InvalidParams` too.

use std::time::Duration;

use justclick_sandbox::{Account, CodeVariant, Config, Fault};
use pyo3::prelude::*;
use serde::Serialize;

use crate::{convert, errors};

/// A running in-process sandbox; stops on `stop()` or when collected.
#[pyclass(frozen, module = "justclick._justclick", name = "_Sandbox")]
pub(crate) struct Sandbox {
    inner: justclick_sandbox::Sandbox,
}

/// A serde value as Python data (the log and state are serde types in the sandbox).
fn to_py<'py, T: Serialize>(py: Python<'py>, value: &T) -> PyResult<Bound<'py, PyAny>> {
    let json = serde_json::to_value(value)
        .map_err(|e| errors::generic(py, &format!("sandbox data as JSON: {e}")))?;
    convert::to_py(py, &json)
}

#[pymethods]
impl Sandbox {
    #[new]
    #[pyo3(signature = (
        *, login, secret, api_key, tls, seed, codes, latency_ms, callback_url,
        subscribe_limit
    ))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        login: String,
        secret: String,
        api_key: String,
        tls: bool,
        seed: bool,
        codes: &str,
        latency_ms: u64,
        callback_url: Option<String>,
        subscribe_limit: Option<u32>,
    ) -> PyResult<Self> {
        let variant = match codes {
            "documented" => CodeVariant::Documented,
            "server" => CodeVariant::Server,
            other => {
                return Err(errors::invalid_params(
                    py,
                    format!("codes must be 'documented' or 'server', got {other:?}"),
                ));
            }
        };
        let config = Config {
            accounts: vec![Account {
                login,
                secret,
                api_key,
            }],
            tls,
            seed,
            variant,
            latency: Duration::from_millis(latency_ms),
            callback_url,
            subscribe_limit,
            ..Config::default()
        };
        // Binding, the TLS certificate and the runtime's threads: no GIL needed.
        let inner = py
            .detach(move || justclick_sandbox::Sandbox::start(config))
            .map_err(|e| errors::generic(py, &format!("cannot start the sandbox: {e}")))?;
        Ok(Sandbox { inner })
    }

    /// The API base URL (`http://127.0.0.1:PORT/api/`, `https://localhost:PORT/api/`
    /// with TLS).
    #[getter]
    fn base_url(&self) -> &str {
        self.inner.base_url()
    }

    /// Scheme, host and port: the control endpoints are under `{origin}/_sandbox/`.
    #[getter]
    fn origin(&self) -> &str {
        self.inner.origin()
    }

    /// The TCP port on 127.0.0.1.
    #[getter]
    fn port(&self) -> u16 {
        self.inner.port()
    }

    /// The CA certificate file to trust, with TLS (removed when the sandbox stops).
    #[getter]
    fn ca_file(&self) -> Option<String> {
        self.inner
            .ca_file()
            .map(|p| p.to_string_lossy().into_owned())
    }

    /// Makes the next `count` API answers misbehave as `mode` (a fault name of the
    /// HTTP control interface); `delay_ms` is the wait of `slow`.
    fn inject(&self, py: Python<'_>, mode: &str, count: usize, delay_ms: u64) -> PyResult<()> {
        let fault = Fault::from_name(mode, Duration::from_millis(delay_ms))
            .ok_or_else(|| errors::invalid_params(py, format!("unknown fault {mode:?}")))?;
        self.inner.inject(fault, count);
        Ok(())
    }

    /// Drops every queued fault.
    fn clear_faults(&self) {
        self.inner.clear_faults();
    }

    /// True while an injected fault is waiting for an answer.
    #[getter]
    fn faults_pending(&self) -> bool {
        self.inner.faults_pending()
    }

    /// Delays every API answer by `ms` milliseconds.
    fn set_latency(&self, ms: u64) {
        self.inner.set_latency(Duration::from_millis(ms));
    }

    /// Back to the initial data, no faults, an empty request log, the initial latency.
    fn reset(&self) {
        self.inner.reset();
    }

    /// The requests received so far (the last 10,000), oldest first, as dicts.
    fn request_log<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.inner.request_log())
    }

    /// The invoice notifications delivered (or attempted) so far, as dicts.
    fn callback_log<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let records: Vec<_> = self
            .inner
            .callback_log()
            .into_iter()
            .map(|r| {
                serde_json::json!({
                    "event": r.event,
                    "bill_id": r.bill_id,
                    "url": r.url,
                    "body": r.body,
                    "status": r.status,
                    "error": r.error,
                })
            })
            .collect();
        to_py(py, &records)
    }

    /// The whole state: `{"accounts": {LOGIN: {"groups": [...], ...}}}`.
    fn state_json<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::to_py(py, &self.inner.state_json())
    }

    /// Stops serving (idempotent). Queued notifications are delivered first, so
    /// without the GIL.
    fn stop(&self, py: Python<'_>) {
        py.detach(|| self.inner.stop());
    }
}
