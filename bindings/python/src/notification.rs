//! `verify_notification`: the invoice callbacks JustClick POSTs to your server, parsed
//! and verified by the core's `justclick::notification`.

use justclick::notification::verify_notification as verify;
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyMapping, PyString};

use crate::{convert, errors};

/// Parse and verify an invoice notification JustClick POSTed to your server.
///
/// `body` is the raw form body (str or bytes, PHP bracket syntax such as
/// `items[0][sum]=...`) or the fields your web framework already parsed (a mapping of
/// strings). The `hash` must be `md5(id + email + <time field> + secret)` with the
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
        verify(&convert::params(Some(body))?, &secret)
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
