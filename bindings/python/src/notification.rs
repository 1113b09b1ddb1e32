//! `verify_notification`: the invoice callbacks JustClick POSTs to your server, parsed
//! and verified by the core's `justclick::notification`.

use justclick::notification::verify_notification as verify;
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyBytes, PyFloat, PyInt, PyList, PyMapping, PyString, PyTuple};

use crate::{convert, errors};

/// Parse and verify an invoice notification JustClick POSTed to your server.
///
/// `body` is the raw form body (str or bytes, PHP bracket syntax such as
/// `items[0][sum]=...`; best), or the form your web framework already parsed: any
/// mapping of flat bracket keys to strings, including multi-dicts (Starlette/FastAPI
/// `FormData`, Werkzeug/Flask `MultiDict`, Django `QueryDict`), or a dict already
/// nested. Every form gives the same nested `fields`. The `hash` must be `md5(id + email + <time field> + secret)` with the
/// formula the notification's kind allows; it is compared in constant time.
///
/// Returns `{"kind": "paid" | "created" | "cancelled" | "prepaid" | "moneyback" |
/// "unknown", "formula": "id.email.paid" | "id.email.created" | "id.email",
/// "fields": {...every field, nested, as strings...}}`.
///
/// Only `id`, `email` and the time are signed: confirm amounts and statuses with
/// `client.get_order_details()` before acting on them.
///
/// Raises:
///     SignatureError: no hash, an unsigned (subscription) notification, `id` or
///         `email` missing, or no allowed formula matches (forged, or a wrong secret).
///     InvalidParams: an empty secret.
#[pyfunction]
#[pyo3(signature = (body, secret))]
pub(crate) fn verify_notification<'py>(
    py: Python<'py>,
    body: &Bound<'py, PyAny>,
    secret: String,
) -> PyResult<Bound<'py, PyAny>> {
    let verified = if let Ok(text) = body.cast::<PyString>() {
        verify(&*text.to_cow()?, &secret)
    } else if let Ok(bytes) = body.cast::<PyBytes>() {
        verify(bytes.as_bytes(), &secret)
    } else if body.cast::<PyMapping>().is_ok() {
        match form_pairs(body)? {
            // Flat fields: registered as PHP registers a body's fields, so that bracket
            // keys (`items[0][id]`) nest exactly as PHP would have nested them.
            Some(pairs) => verify(pairs.as_slice(), &secret),
            None => verify(&convert::params(Some(body))?, &secret),
        }
    } else {
        return Err(PyTypeError::new_err(format!(
            "body must be str, bytes or a mapping, not {}",
            body.get_type().qualname()?
        )));
    };
    match verified {
        Ok(n) => convert::to_py(py, &n.to_json()),
        Err(e) => Err(errors::to_py(py, e)),
    }
}

/// The (key, value) pairs of a parsed form, every value of a multi-dict included, or
/// `None` when a value is itself a mapping (already nested: converted as it is).
fn form_pairs(body: &Bound<'_, PyAny>) -> PyResult<Option<Vec<(String, String)>>> {
    let mut pairs = Vec::new();
    let mut push = |key: &Bound<'_, PyAny>, value: &Bound<'_, PyAny>| -> PyResult<bool> {
        let key = text(key, "key")?;
        if value.cast::<PyMapping>().is_ok() && value.cast::<PyString>().is_err() {
            return Ok(false);
        }
        if value.is_instance_of::<PyList>() || value.is_instance_of::<PyTuple>() {
            for item in value.try_iter()? {
                let item = item?;
                if item.cast::<PyMapping>().is_ok() {
                    return Ok(false); // a list of nested records: already parsed
                }
                pairs.push((key.clone(), text(&item, &key)?));
            }
        } else {
            pairs.push((key.clone(), text(value, &key)?));
        }
        Ok(true)
    };
    let items = if body.hasattr("multi_items")? {
        body.call_method0("multi_items")? // Starlette FormData / MultiDict
    } else if body.hasattr("getlist")? && body.hasattr("lists")? {
        body.call_method0("lists")? // Werkzeug MultiDict, Django QueryDict: (key, [values])
    } else {
        body.call_method0("items")?
    };
    for item in items.try_iter()? {
        let (key, value): (Bound<'_, PyAny>, Bound<'_, PyAny>) = item?.extract()?;
        if !push(&key, &value)? {
            return Ok(None);
        }
    }
    Ok(Some(pairs))
}

/// A form key or value as text: str, or an int/float the framework converted.
fn text(v: &Bound<'_, PyAny>, what: &str) -> PyResult<String> {
    if let Ok(s) = v.cast::<PyString>() {
        return Ok(s.to_cow()?.into_owned());
    }
    if (v.is_instance_of::<PyInt>() || v.is_instance_of::<PyFloat>())
        && !v.is_instance_of::<PyBool>()
    {
        return Ok(v.str()?.to_cow()?.into_owned());
    }
    Err(PyTypeError::new_err(format!(
        "notification field {what}: expected str, got {} (pass the raw body for uploads)",
        v.get_type().qualname()?
    )))
}
