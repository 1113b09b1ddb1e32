//! The one mapping from core errors to Python exceptions.
//!
//! The exception classes are defined in Python (`justclick/_errors.py`) because some
//! need two bases (`TimeoutError` is also the builtin `TimeoutError`, `InvalidParams`
//! also a `ValueError`), which a native class cannot have.

use justclick::{Error, ResponseProblem};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyModule};

use crate::convert;

static ERRORS: PyOnceLock<Py<PyModule>> = PyOnceLock::new();

/// Builds `justclick.<class>(message, **attrs)` as a `PyErr`. Should even that fail
/// (the package is broken), the failure itself is what gets raised.
fn raise(py: Python<'_>, class: &str, message: &str, attrs: &[(&str, Bound<'_, PyAny>)]) -> PyErr {
    let build = || -> PyResult<PyErr> {
        let module = ERRORS.get_or_try_init(py, || {
            PyModule::import(py, "justclick._errors").map(Bound::unbind)
        })?;
        let kwargs = PyDict::new(py);
        for (k, v) in attrs {
            kwargs.set_item(k, v)?;
        }
        let exc = module
            .bind(py)
            .getattr(class)?
            .call((message,), Some(&kwargs))?;
        Ok(PyErr::from_value(exc))
    };
    build().unwrap_or_else(|e| e)
}

/// `InvalidParams(message)`: input refused before anything was sent.
pub(crate) fn invalid_params(py: Python<'_>, message: String) -> PyErr {
    raise(py, "InvalidParams", &message, &[])
}

/// `JustClickError(message)`: misuse that fits no narrower class (a closed client).
pub(crate) fn generic(py: Python<'_>, message: &str) -> PyErr {
    raise(py, "JustClickError", message, &[])
}

fn response_kind(kind: ResponseProblem) -> &'static str {
    match kind {
        ResponseProblem::Empty => "empty",
        ResponseProblem::NotJson => "not_json",
        ResponseProblem::Truncated => "truncated",
        ResponseProblem::TooLarge => "too_large",
        ResponseProblem::Malformed => "malformed",
        ResponseProblem::Redirect => "redirect",
        _ => "other",
    }
}

/// Maps a core error to its exception. The message is the core's `Display`, which
/// names the method and never contains the secret.
pub(crate) fn to_py(py: Python<'_>, err: Error) -> PyErr {
    let message = err.to_string();
    let method = err.method().unwrap_or_default().to_owned();
    let s = |v: &str| v.into_pyobject(py).map(Bound::into_any);
    let applied = err.may_have_been_applied();
    let attrs = || -> PyResult<Vec<(&'static str, Bound<'_, PyAny>)>> {
        let mut attrs = match &err {
            Error::InvalidArgument { .. } => return Ok(vec![]),
            _ => vec![
                ("method", s(&method)?),
                (
                    "may_have_been_applied",
                    applied.into_pyobject(py)?.to_owned().into_any(),
                ),
            ],
        };
        attrs.extend(match &err {
            Error::Api {
                code, text, result, ..
            } => {
                let result = match result {
                    Some(r) => convert::to_py(py, r)?,
                    None => py.None().into_bound(py),
                };
                vec![
                    ("code", code.into_pyobject(py)?.into_any()),
                    ("text", s(text)?),
                    ("description", err.description().into_pyobject(py)?),
                    ("description_ru", err.description_ru().into_pyobject(py)?),
                    ("result", result),
                ]
            }
            Error::BadSignature { reason, .. } => vec![("reason", s(reason)?)],
            Error::BadResponse { status, kind, .. } => vec![
                ("status", status.into_pyobject(py)?.into_any()),
                ("kind", s(response_kind(*kind))?),
            ],
            _ => vec![],
        });
        Ok(attrs)
    };
    let attrs = match attrs() {
        Ok(a) => a,
        Err(e) => return e,
    };
    let class = match &err {
        Error::InvalidArgument { .. } => "InvalidParams",
        Error::Api { .. } => "ApiError",
        Error::BadSignature { .. } => "SignatureError",
        Error::BadResponse { .. } => "ResponseError",
        Error::Transport { .. } => "TransportError",
        Error::Timeout { .. } => "TimeoutError",
        Error::Tls { .. } => "TlsError",
        Error::Cancelled { .. } => "CallCancelled",
        _ => "JustClickError",
    };
    raise(py, class, &message, &attrs)
}
