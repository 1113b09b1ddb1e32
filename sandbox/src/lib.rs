//! # justclick-sandbox
//!
//! A local JustClick API server that verifies requests exactly as the real one does,
//! for tests, demos, benchmarks and trying integrations safely.
//!
//! - **PHP-exact verification.** The body is parsed as PHP fills `$_POST`
//!   ([`justclick::php_parse`]), `hash` is removed, the rest re-serialised with
//!   [`justclick::build_query`] and compared with `md5(query::login::secret)`.
//!   General errors come in the server's order: 5 unknown login, 7 disabled account
//!   ([`Config::disabled_accounts`]), 2 no fields, 1 no hash, 4 wrong hash; 8 when
//!   [`Config::subscribe_limit`] is reached for `AddLeadToGroup`. API 2.0 methods (lower-case names) check `rpsKey` instead:
//!   2 no fields, 4 (`Incorrect hash`) missing or wrong key.
//! - **Accounts by host.** The account is the first label of the `Host` header when it
//!   names one (`demo.localhost:PORT`), else the default account (IP literals,
//!   `localhost`, custom domains); an unknown `*.localhost` subdomain is error 5
//!   (answered with a hash over an empty secret, since no account is known).
//! - **All 29 methods** of the API (20 × 1.0, 9 × 2.0) with state: groups, contacts
//!   with per-group statuses, products, orders, partners, coupons, managers, tags.
//!   [`CodeVariant`] switches between the documented codes and the server-code ones.
//! - **Answers** as PHP's `json_encode` writes them, signed `md5(code::text::key)`
//!   (the secret for 1.0, the API key for 2.0).
//! - **Invoice notifications** POSTed to [`Config::callback_url`] when orders are
//!   created, paid or cancelled, signed `md5(id . email . time . secret)`.
//! - **Faults** ([`Fault`]) for the next N answers, and a latency for every answer.
//! - **TLS** with a generated CA; **persistence** to a JSON state file.
//!
//! ```
//! use justclick_sandbox::{Config, Fault, Sandbox};
//! let sb = Sandbox::start(Config::default())?;
//! let client = sb.client_builder().build().unwrap();
//! client.delete_subscribe("user@example.com", "super").unwrap();
//! sb.inject(Fault::ForgedHash, 1);
//! assert!(client.call("GetAllGroups", &justclick::Params::new()).is_err());
//! # Ok::<(), std::io::Error>(())
//! ```
//!
//! Over HTTP (for tests in other languages, same port): `POST /_sandbox/fault`
//! (`mode=forged_hash|hash_true|missing_hash|html_502|truncated_json|empty_body|slow|
//! huge_body|redirect_307|drop_connection`, `count=N`, `delay_ms=MS`),
//! `POST /_sandbox/latency` (`ms=N`), `POST /_sandbox/reset`, `GET /_sandbox/state`,
//! `GET /_sandbox/log`, `GET /_sandbox/callbacks`, `GET /_sandbox/stats` ([`Stats`]:
//! connections accepted, TLS handshakes, requests by method).
//!
//! Load: the listener's backlog is [`LISTEN_BACKLOG`] (the kernel caps it at
//! `net.core.somaxconn`); [`Config::rate_limit`] answers error 8 above N requests per
//! second; [`Config::log_capacity`] bounds the request log.
//!
//! Limits of the imitation: dates are UTC; request bytes that are not UTF-8 after
//! decoding are replaced (so such a request fails verification, where PHP would keep
//! the bytes); a request without `Content-Type: application/x-www-form-urlencoded`
//! has no fields (as in PHP) and gets error 2; unknown method names get an HTML 404.

mod auth;
mod body;
mod callbacks;
mod config;
mod fault;
mod http;
mod json;
mod log;
mod methods;
mod persist;
mod rate_limit;
mod sandbox;
mod serve;
mod shared;
mod state;
mod stats;
mod tls;

pub use callbacks::{CallbackRecord, notification_hash};
pub use config::{Account, CodeVariant, Config, DEFAULT_LOGIN, DEFAULT_SECRET};
pub use fault::Fault;
pub use json::php_json_encode;
pub use log::{LOG_CAPACITY, LoggedRequest};
pub use methods::{Api, Reply, method_names};
pub use sandbox::{LISTEN_BACKLOG, Sandbox};
pub use serve::{serve, write_ready_file};
pub use state::{
    AccountState, Contact, Coupon, Group, Manager, NextIds, Order, OrderItem, Partner, Product,
    Subscription, World,
};
pub use stats::Stats;
