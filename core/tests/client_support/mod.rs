//! Shared helpers for the `client_*` integration tests: an in-process sandbox and a
//! client pointed at it.

#![allow(dead_code)] // Each test file uses a different subset.

use std::time::Duration;

use justclick_sandbox::{CodeVariant, Config, Sandbox};

/// A sandbox with the seeded data and documented codes.
pub fn sandbox() -> Sandbox {
    Sandbox::start(Config::default()).expect("sandbox starts")
}

/// A sandbox answering with the server-code variant.
pub fn server_variant() -> Sandbox {
    Sandbox::start(Config {
        variant: CodeVariant::Server,
        ..Config::default()
    })
    .expect("sandbox starts")
}

/// A client for the sandbox's default account, with quick retries.
pub fn client(sb: &Sandbox) -> justclick::Client {
    builder(sb).build().expect("client builds")
}

/// The builder behind [`client`], for tests that change a setting.
pub fn builder(sb: &Sandbox) -> justclick::ClientBuilder {
    sb.client_builder()
        .retry_base_delay(Duration::from_millis(5))
        .timeout(Duration::from_secs(10))
}

/// The sandbox state of the default account.
pub fn state(sb: &Sandbox) -> serde_json::Value {
    sb.state_json()["accounts"][sb.account().login.as_str()].clone()
}

/// The seeded contact's record in the sandbox state.
pub fn contact(sb: &Sandbox, email: &str) -> serde_json::Value {
    state(sb)["contacts"]
        .as_array()
        .and_then(|cs| cs.iter().find(|c| c["email"] == email).cloned())
        .unwrap_or_default()
}
