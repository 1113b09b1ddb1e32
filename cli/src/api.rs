//! The one place the CLI calls the API: documented methods go through
//! `Client::invoke` (the library's per-method semantics), other names straight to
//! `call`/`call_v2`.

use justclick::client::methods::{self, Api};
use justclick::{Client, Error, Params};
use serde_json::{Value as Json, json};

/// Calls `method`: a documented name through `Client::invoke`, anything else as a
/// signed API 1.0 call.
///
/// # Errors
/// The library's error.
pub fn invoke(client: &Client, method: &str, params: &Params) -> Result<Json, Error> {
    match methods::find(method) {
        Some(_) => client.invoke(method, params),
        None => client.call(method, params),
    }
}

/// Calls an API 2.0 `method`: a documented API 2.0 name through `Client::invoke`,
/// anything else through `call_v2`.
///
/// # Errors
/// The library's error.
pub fn invoke_v2(client: &Client, method: &str, params: &Params) -> Result<Json, Error> {
    match methods::find(method) {
        Some(m) if m.api == Api::V2 => client.invoke(m.name, params),
        _ => client.call_v2(method, params),
    }
}

/// The method table as JSON rows, for `justclick methods`.
#[must_use]
pub fn method_rows() -> Vec<Json> {
    methods::METHODS
        .iter()
        .map(|m| {
            json!({
                "method": m.name,
                "api": if m.api == Api::V1 { "1.0" } else { "2.0" },
                "required": m.required.join(","),
                "read_only": m.read_only,
                "deprecated": m.deprecated,
                "summary": m.summary,
            })
        })
        .collect()
}
