//! # justclick
//!
//! A client for the [JustClick](https://justclick.ru) API that gets every byte right:
//! requests are signed over a byte-exact PHP 8 `http_build_query`, and every response's
//! `md5(code::text::secret)` signature is verified in constant time before anything in
//! it is trusted.
//!
//! ```
//! let params = justclick::Params::from_json(r#"{"lead_email":"a@b.c","rass_name":"super"}"#)?;
//! assert_eq!(justclick::build_query(&params)?, "lead_email=a%40b.c&rass_name=super");
//! let hash = justclick::get_hash(&params, "login", "secret")?;
//! assert_eq!(hash.len(), 32);
//! # Ok::<(), justclick::Error>(())
//! ```
//!
//! Layout: [`params`] (the ordered PHP-array model), [`params_builder`] (a set built
//! key by key straight into its query), [`query`] (the encoder),
//! [`validate`] (shapes PHP would rewrite), [`signing`] and [`envelope`] (pure
//! signatures), [`codes`] (the error-code table), [`error`], [`client`] (HTTP),
//! [`notification`] (callbacks JustClick sends you), [`limits`] (every size and depth
//! cap).
//!
//! This crate is pure Rust: no unsafe code, no build script, no C ABI. The C library
//! (`libjustclick.so` / `libjustclick.a` and `include/justclick.h`) is a separate package
//! at the top of the repository, built on this crate.
#![forbid(unsafe_code)]

pub mod client;
pub mod codes;
pub mod envelope;
pub mod error;
pub mod limits;
pub mod notification;
pub mod params;
pub mod params_builder;
pub mod php_parse;
pub mod query;
pub mod signing;
pub mod validate;

mod php_float;

pub use client::{Client, ClientBuilder, Event};
pub use error::{Error, ResponseProblem};
pub use notification::{
    Notification, NotificationKind, SignatureFormula, parse_notification, verify_notification,
};
pub use params::{Params, Value};
pub use params_builder::{ParamsBuilder, Scalar};
pub use php_float::{DEFAULT_PRECISION, php_float_text};
pub use query::build_query;
pub use signing::{SignedRequest, check_hash, get_hash, sign};

/// The library version (from `Cargo.toml`).
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
