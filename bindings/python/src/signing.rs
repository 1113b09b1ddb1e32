//! Module-level functions: the PHP-exact query, request and response signatures, and
//! notification verification. All pure and quick, so they keep the GIL.

use std::cell::RefCell;

use justclick::ParamsBuilder;
use justclick::envelope::Envelope;
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyString};

use crate::{convert, errors};

thread_local! {
    /// One builder per thread, cleared between calls: signing allocates nothing once
    /// its buffers have grown to the largest parameter set.
    static BUILDER: RefCell<ParamsBuilder> = RefCell::new(ParamsBuilder::new());
}

/// Runs `f` on the parameters fed into this thread's builder (a fresh one should a
/// custom mapping's `items()` sign something itself while being read).
fn with_params<T>(
    params: &Bound<'_, PyAny>,
    f: impl FnOnce(&ParamsBuilder) -> Result<T, justclick::Error>,
) -> PyResult<T> {
    let py = params.py();
    let run = |b: &mut ParamsBuilder| {
        b.clear();
        convert::feed(b, params)?;
        f(b).map_err(|e| errors::to_py(py, e))
    };
    BUILDER.with(|cell| match cell.try_borrow_mut() {
        Ok(mut b) => run(&mut b),
        Err(_) => run(&mut ParamsBuilder::new()),
    })
}

/// Return exactly what PHP 8's `http_build_query($params)` returns for the same array.
///
/// Keys keep their order; nested lists and dicts become `key%5B0%5D=...`; `True`/`False`
/// become `1`/`0`; `None` and empty containers are left out; floats print as PHP does.
///
/// Raises:
///     InvalidParams: a value of an unsupported type, or a key shape PHP would rewrite
///         (a top-level key with `.`, space or `[`, an empty key, more than 999 fields).
#[pyfunction]
#[pyo3(signature = (params, /))]
pub(crate) fn build_query(params: &Bound<'_, PyAny>) -> PyResult<String> {
    with_params(params, |b| b.query().map(str::to_owned))
}

/// Return the API 1.0 request signature, 32 lower-case hex digits:
/// `md5(build_query(params) + "::" + login + "::" + secret)`.
///
/// Raises:
///     InvalidParams: as for `build_query`.
#[pyfunction]
#[pyo3(signature = (params, login, secret))]
pub(crate) fn get_hash(
    params: &Bound<'_, PyAny>,
    login: &Bound<'_, PyString>,
    secret: &Bound<'_, PyString>,
) -> PyResult<String> {
    let (login, secret) = (login.to_cow()?, secret.to_cow()?);
    with_params(params, |b| b.get_hash(&login, &secret))
}

/// Return True only when `response` (the body as str or bytes, or already decoded
/// into a mapping) carries a `hash` that is a string equal to
/// `md5(error_code + "::" + error_text + "::" + secret)`, compared in constant time.
///
/// A missing hash, `"hash": true`, a non-JSON body or a wrong secret all give False.
#[pyfunction]
#[pyo3(signature = (response, secret))]
pub(crate) fn check_hash(response: &Bound<'_, PyAny>, secret: String) -> PyResult<bool> {
    let secret = secret.as_str();
    if let Ok(text) = response.cast::<PyString>() {
        return Ok(justclick::check_hash(&text.to_cow()?, secret));
    }
    if let Ok(bytes) = response.cast::<PyBytes>() {
        // A body that is not UTF-8 is not a JSON envelope, so it cannot be genuine.
        return Ok(std::str::from_utf8(bytes.as_bytes())
            .is_ok_and(|text| justclick::check_hash(text, secret)));
    }
    if response.cast::<pyo3::types::PyMapping>().is_ok() {
        let json = convert::json(response, "response")?;
        return Ok(Envelope::from_json(json).is_ok_and(|env| env.verify(secret).is_ok()));
    }
    Err(PyTypeError::new_err(format!(
        "response must be str, bytes or a mapping, not {}",
        response.get_type().qualname()?
    )))
}
