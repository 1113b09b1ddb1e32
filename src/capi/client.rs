//! `jc_client`: a configured, thread-safe API client, and the options JSON that
//! configures it.

use std::ffi::c_char;
use std::time::Duration;

use serde_json::Value as Json;

use crate::capi::boundary::{
    ArcCastable, Castable, Failure, arc_clone, arc_free, arc_into_raw, boundary, out_arg, str_arg,
};
use crate::capi::error::jc_error;
use crate::capi::status::jc_status;
use justclick::client::{Client, ClientBuilder};

/// A JustClick API client for one account: login, secret, base URL, timeouts and a
/// keep-alive connection pool.
///
/// Create it with `jc_client_new` and free it with `jc_client_free`. It is immutable
/// once created.
///
/// Thread safety: safe to share between threads. Any number of threads may make calls
/// through the same `const jc_client *` at the same time (they share its connection
/// pool); give each thread its own `jc_error`. The client must outlive every call
/// using it: free it only after those calls have returned. `jc_client_clone` gives an
/// extra, separately freed reference when threads own it independently.
///
/// Backed by a Rust `Arc<justclick::Client>`.
///
/// Methods: `jc_client_new`, `jc_client_clone`, `jc_client_free`, `jc_call`,
/// `jc_call_v2`, `jc_invoke`, `jc_delete_subscribe`, `jc_add_lead_to_group`,
/// `jc_get_lead_group_statuses`, `jc_get_all_groups`.
pub struct jc_client {
    _private: [u8; 0],
}

impl Castable for jc_client {
    type RustType = Client;
}

impl ArcCastable for jc_client {}

/// Applies the options JSON object to a builder. Unknown keys and values of the wrong
/// type are refused, naming the key; `null` leaves an option at its default.
fn apply_options(mut b: ClientBuilder, options: &str) -> Result<ClientBuilder, Failure> {
    if options.trim().is_empty() {
        return Ok(b);
    }
    justclick::limits::check_len(
        "options_json",
        options.len(),
        justclick::limits::MAX_INPUT_BYTES,
        "MAX_INPUT_BYTES",
    )
    .map_err(Failure::invalid)?;
    justclick::limits::check_json_shape(
        options,
        "options_json",
        justclick::limits::MAX_RESPONSE_NESTING,
        justclick::limits::MAX_INPUT_ELEMENTS,
    )
    .map_err(Failure::invalid)?;
    let json: Json = serde_json::from_str(options)
        .map_err(|e| Failure::invalid(format!("options_json is not valid JSON: {e}")))?;
    let map = match json {
        Json::Object(map) => map,
        // PHP's json_encode([]) is "[]": an empty PHP array means no options.
        Json::Array(a) if a.is_empty() => return Ok(b),
        Json::Null => return Ok(b),
        other => {
            return Err(Failure::invalid(format!(
                "options_json must be a JSON object, got {other}"
            )));
        }
    };
    for (key, value) in &map {
        if value.is_null() {
            continue;
        }
        let opt = Opt { key, value };
        b = match key.as_str() {
            "base_url" => b.base_url(opt.string()?),
            "domain" => b.domain(opt.string()?),
            "api_key" => b.api_key(opt.string()?),
            "user_agent" => b.user_agent(opt.string()?),
            "proxy" => b.proxy(opt.string()?),
            "no_proxy" => b.no_proxy(opt.string()?),
            "ca_file" => b.ca_file(opt.string()?),
            "ca_pem" => b.ca_pem(opt.string()?),
            "timeout_ms" => b.timeout(Duration::from_millis(opt.positive()?)),
            "connect_timeout_ms" => b.connect_timeout(Duration::from_millis(opt.positive()?)),
            "retry_base_delay_ms" => b.retry_base_delay(Duration::from_millis(opt.unsigned()?)),
            "max_retries" => b.max_retries(
                u32::try_from(opt.unsigned()?).map_err(|_| opt.wrong("a small integer"))?,
            ),
            "max_response_bytes" => b.max_response_bytes(opt.positive()?),
            "max_idle_connections" => b.max_idle_connections(
                usize::try_from(opt.unsigned()?).map_err(|_| opt.wrong("a small integer"))?,
            ),
            "allow_insecure_http" => b.allow_insecure_http(opt.boolean()?),
            "verify_v2" => b.verify_v2_responses(opt.boolean()?),
            "max_concurrency" => b.max_concurrency(opt.count()?),
            "queue_capacity" => b.queue_capacity(opt.count()?),
            "log_contact_data" => b.log_contact_data(opt.boolean()?),
            _ => {
                return Err(Failure::invalid(format!(
                    "unknown client option \"{key}\" (known: {})",
                    OPTION_NAMES.join(", ")
                )));
            }
        };
    }
    Ok(b)
}

/// Every option key `jc_client_new` accepts.
const OPTION_NAMES: &[&str] = &[
    "base_url",
    "domain",
    "timeout_ms",
    "connect_timeout_ms",
    "ca_file",
    "ca_pem",
    "max_retries",
    "retry_base_delay_ms",
    "api_key",
    "user_agent",
    "max_response_bytes",
    "max_idle_connections",
    "allow_insecure_http",
    "verify_v2",
    "log_contact_data",
    "proxy",
    "no_proxy",
    "max_concurrency",
    "queue_capacity",
];

/// One option value being read.
struct Opt<'a> {
    key: &'a str,
    value: &'a Json,
}

impl Opt<'_> {
    fn wrong(&self, expected: &str) -> Failure {
        Failure::invalid(format!(
            "client option \"{}\" must be {expected}, got {}",
            self.key, self.value
        ))
    }

    fn string(&self) -> Result<String, Failure> {
        self.value
            .as_str()
            .map(str::to_owned)
            .ok_or_else(|| self.wrong("a string"))
    }

    fn unsigned(&self) -> Result<u64, Failure> {
        self.value
            .as_u64()
            .ok_or_else(|| self.wrong("a non-negative integer"))
    }

    fn positive(&self) -> Result<u64, Failure> {
        self.value
            .as_u64()
            .filter(|n| *n > 0)
            .ok_or_else(|| self.wrong("a positive integer"))
    }

    fn count(&self) -> Result<usize, Failure> {
        self.value
            .as_u64()
            .filter(|n| *n > 0)
            .and_then(|n| usize::try_from(n).ok())
            .ok_or_else(|| self.wrong("a positive integer"))
    }

    fn boolean(&self) -> Result<bool, Failure> {
        self.value
            .as_bool()
            .ok_or_else(|| self.wrong("true or false"))
    }
}

/// Creates a client for the account `login` with its API `secret`.
///
/// `login`/`secret`: UTF-8 with their lengths (not NUL-terminated). The secret is
/// copied; it never appears in messages or logs.
///
/// `options_json`: NULL (with length 0), `""`, `"{}"`, `"[]"` or `"null"` for the
/// defaults, or a JSON object with any of these keys (a `null` value keeps the
/// default; any other key is `JC_STATUS_INVALID_ARGUMENT` naming it):
/// - `base_url` (string): the API URL instead of `https://LOGIN.<domain>/api/` (e.g. a
///   custom domain or a local sandbox). `http://` is accepted only for loopback hosts
///   unless `allow_insecure_http` is true.
/// - `domain` (string): `justclick.ru` (default), `justclick.io`, …
/// - `timeout_ms`, `connect_timeout_ms` (positive integers): total time per HTTP
///   exchange (default 30000) and time to connect incl. TLS (default 10000).
/// - `ca_file` (string path) or `ca_pem` (PEM text): trust these CA certificates
///   instead of the bundled web roots. Certificate verification is never turned off.
/// - `max_retries` (integer, default 2) and `retry_base_delay_ms` (default 250):
///   retries for failures where repeating cannot do harm.
/// - `api_key` (string): the API 2.0 key sent as `rpsKey` (default: the secret).
/// - `user_agent` (string), `max_response_bytes` (positive integer, default 16 MiB).
/// - `max_idle_connections` (integer 0..=4096, default 64): idle keep-alive connections
///   the pool keeps; at least the number of threads calling at once, or they reconnect.
/// - `allow_insecure_http` (bool, default false): allow `http://` to non-loopback
///   hosts; requests can then be read and altered on the network.
/// - `verify_v2` (bool, default true): verify API 2.0 response hashes with the API key.
/// - `log_contact_data` (bool, default false): show e-mails, names and phones in events
///   (`jc_client_set_event_callback`) as is instead of masked.
/// - `proxy` (string): send requests through this HTTP proxy (`http://host:port`,
///   `https://…`, credentials as `http://user:pass@host:port`, never printed), loopback
///   included; `""` means no proxy at all. Unset: the environment, as curl reads it
///   (`https_proxy`/`HTTPS_PROXY` for https, only the lower-case `http_proxy` for
///   http, then `all_proxy`/`ALL_PROXY`; `no_proxy`/`NO_PROXY` honoured; never for a
///   loopback host). SOCKS is refused. Transport errors name the proxy used.
/// - `no_proxy` (string): hosts never proxied (comma-separated names, each with its
///   subdomains, IP addresses, or `*`); replaces `no_proxy`/`NO_PROXY`.
/// - `max_concurrency` (positive integer, default 16): the most worker threads of the
///   client's pool, which runs calls made with `jc_submit_*` (started on demand; an
///   idle one exits after a few seconds). Blocking calls run on the caller's thread.
/// - `queue_capacity` (positive integer, default 1024): the most submitted calls
///   waiting for a worker; beyond it `jc_submit_*` returns `JC_STATUS_QUEUE_FULL`.
///
/// On `JC_STATUS_OK`, `*client_out` receives the new client (owned by the caller, free
/// it with `jc_client_free`); on failure it is not written and `err` says which
/// argument or option was refused. `client_out` must not be NULL. `err` may be NULL.
/// No network traffic happens here.
///
/// # Safety
/// Each pointer is NULL or valid: strings readable for their lengths, `client_out`
/// writable, `err` a live `jc_error`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jc_client_new(
    login: *const c_char,
    login_len: usize,
    secret: *const c_char,
    secret_len: usize,
    options_json: *const c_char,
    options_json_len: usize,
    client_out: *mut *mut jc_client,
    err: *mut jc_error,
) -> jc_status {
    let body = || {
        let out = out_arg(client_out, "client_out")?;
        // SAFETY: `login` is NULL or readable for its length (caller contract).
        let login = unsafe { str_arg(login, login_len, "login") }?;
        // SAFETY: `secret` is NULL or readable for its length (caller contract).
        let secret = unsafe { str_arg(secret, secret_len, "secret") }?;
        // SAFETY: `options_json` is NULL or readable for its length (caller contract).
        let options = unsafe { str_arg(options_json, options_json_len, "options_json") }?;
        let client = apply_options(Client::builder(login, secret), options)?.build()?;
        let handle = arc_into_raw::<jc_client>(client).cast_mut();
        // SAFETY: `client_out` is non-NULL and writable (caller contract).
        unsafe { out.as_ptr().write(handle) };
        Ok(())
    };
    // SAFETY: `err` is NULL or a live, unshared `jc_error` (caller contract).
    unsafe { boundary(err, body) }
}

/// Returns another reference to the same client (same settings, same connection
/// pool), for code that wants to own its handle independently, e.g. a worker thread.
///
/// Each reference is freed with its own `jc_client_free`; the client lives until the
/// last one is freed. Returns NULL when `client` is NULL. Thread-safe.
///
/// # Safety
/// `client` is NULL or a live client from `jc_client_new`/`jc_client_clone`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jc_client_clone(client: *const jc_client) -> *mut jc_client {
    if client.is_null() {
        return std::ptr::null_mut();
    }
    // SAFETY: not NULL, and live by the caller's guarantee.
    unsafe { arc_clone::<jc_client>(client) }.cast_mut()
}

/// Frees a client (one reference of it, see `jc_client_clone`). NULL is fine (does
/// nothing).
///
/// Call it only after every call using this reference has returned; freeing twice is
/// undefined behaviour.
///
/// # Safety
/// `client` is NULL or a live reference from `jc_client_new`/`jc_client_clone`, freed
/// exactly once, not in use by another thread.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jc_client_free(client: *mut jc_client) {
    // SAFETY: forwarded caller guarantee.
    unsafe { arc_free::<jc_client>(client) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn built(options: &str) -> Result<Client, Failure> {
        Ok(apply_options(Client::builder("shop", "s"), options)?.build()?)
    }

    #[test]
    fn options_are_checked_by_name() {
        assert!(built("").is_ok());
        assert!(built("[]").is_ok());
        assert!(built("null").is_ok());
        let c =
            built(r#"{"base_url":"http://127.0.0.1:9/api","timeout_ms":5,"domain":null}"#).unwrap();
        assert_eq!(c.base_url(), "http://127.0.0.1:9/api/");
        let e = built(r#"{"base_uri":"x"}"#).unwrap_err();
        assert_eq!(e.status, jc_status::InvalidArgument);
        assert!(e.message.contains("\"base_uri\""), "{}", e.message);
        let e = built(r#"{"timeout_ms":"5"}"#).unwrap_err();
        assert!(e.message.contains("timeout_ms"), "{}", e.message);
        let e = built(r#"{"timeout_ms":0}"#).unwrap_err();
        assert!(e.message.contains("positive"), "{}", e.message);
        let e = built(r#"{"max_retries":4294967296}"#).unwrap_err();
        assert!(e.message.contains("max_retries"), "{}", e.message);
        assert!(built(r#"{"max_idle_connections":0}"#).is_ok());
        assert!(built(r#"{"max_idle_connections":4096}"#).is_ok());
        for bad in ["4097", "-1", "\"8\"", "1.5"] {
            let e = built(&format!(r#"{{"max_idle_connections":{bad}}}"#)).unwrap_err();
            assert_eq!(e.status, jc_status::InvalidArgument);
            assert!(e.message.contains("max_idle_connections"), "{}", e.message);
        }
        let e = built(r#"{"base_url":"http://example.com/api/"}"#).unwrap_err();
        assert_eq!(e.status, jc_status::InvalidArgument);
        assert!(
            built(r#"{"base_url":"http://example.com/api/","allow_insecure_http":true}"#).is_ok()
        );
        assert!(built("[1]").is_err());
        assert!(built("{").is_err());
    }
}
