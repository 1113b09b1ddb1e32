//! What a call does, as events: started, each attempt, each answer, each retry, the
//! outcome. Written once here; the `log` facade (target `justclick`), the builder's
//! typed callback ([`crate::ClientBuilder::on_event`]) and every binding read the same
//! events.
//!
//! Nothing secret is ever part of an event: not the secret, not the API key, not the
//! `hash`, not a URL or proxy password (only the host is named). Contact data in the
//! request parameters (e-mails, names, phones, cities, addresses) is masked unless the
//! client was built with [`crate::ClientBuilder::log_contact_data`].
//!
//! Nobody listening costs one branch per event point: an event is built, and the
//! parameter summary written, only when a callback is set or the `log` level is on.

use std::fmt::{self, Write as _};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::client::call::Verified;
use crate::error::Error;

/// The `log` target of every record this crate writes.
pub const LOG_TARGET: &str = "justclick";

/// A typed event callback, as set by [`crate::ClientBuilder::on_event`].
pub type Listener = Arc<dyn Fn(&Event<'_>) + Send + Sync>;

/// One thing a call did. Borrowed: copy out what you keep.
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub enum Event<'a> {
    /// A call is about to be sent.
    CallStarted {
        /// The API method.
        method: &'a str,
        /// The host it goes to (no user, no password, no path).
        host: &'a str,
        /// API version: 1 (signed with the secret) or 2 (`rpsKey`).
        api_version: u8,
        /// The request parameters as `key=value&…`, without `hash` and `rpsKey`,
        /// contact data masked unless opted in.
        params: &'a str,
    },
    /// One HTTP request is about to leave.
    Attempt {
        /// The API method.
        method: &'a str,
        /// 1 for the first try, 2 for the first retry, …
        attempt: u32,
        /// Bytes of form body sent.
        bytes_sent: usize,
    },
    /// An HTTP answer arrived (whether or not it was a usable envelope).
    Answer {
        /// The API method.
        method: &'a str,
        /// Which attempt it answers.
        attempt: u32,
        /// The HTTP status.
        http_status: u16,
        /// JustClick's `error_code`, when the body was a verified envelope.
        api_code: Option<i64>,
        /// Whether the response signature was checked and matched.
        signature_verified: bool,
        /// Time from sending to the whole answer.
        duration: Duration,
    },
    /// The attempt failed in a way that is safe to repeat: the call waits and retries.
    Retry {
        /// The API method.
        method: &'a str,
        /// The attempt that failed.
        attempt: u32,
        /// Why, as the error reads.
        reason: &'a str,
        /// The pause before the next attempt.
        delay: Duration,
    },
    /// The call is over.
    Outcome {
        /// The API method.
        method: &'a str,
        /// `None` when it succeeded (`error_code` 0), else the error kind
        /// (`api`, `transport`, `timeout`, `tls`, `bad_signature`, `bad_response`,
        /// `cancelled`).
        error_kind: Option<&'static str>,
        /// JustClick's `error_code` when an envelope was verified.
        api_code: Option<i64>,
        /// The error message (contact data masked unless opted in), empty on success.
        message: &'a str,
        /// Whether the request may have been applied: true on success, else
        /// [`Error::may_have_been_applied`] (false for a verified API error and where
        /// the request certainly never left).
        may_have_been_applied: bool,
        /// HTTP requests sent, retries included.
        attempts: u32,
        /// Total time of the call, backoff included.
        elapsed: Duration,
    },
}

/// How loud an event is, as the `log` facade and the bindings rank it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    /// Per-attempt detail: started, attempt, answer.
    Debug,
    /// A successful outcome.
    Info,
    /// A retry or a failed outcome.
    Warn,
}

impl Level {
    /// The `log` crate's level.
    #[must_use]
    pub fn to_log(self) -> log::Level {
        match self {
            Level::Debug => log::Level::Debug,
            Level::Info => log::Level::Info,
            Level::Warn => log::Level::Warn,
        }
    }

    /// `debug`, `info` or `warn`.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Level::Debug => "debug",
            Level::Info => "info",
            Level::Warn => "warn",
        }
    }
}

impl Event<'_> {
    /// `call_started`, `attempt`, `answer`, `retry` or `outcome`.
    #[must_use]
    pub fn name(&self) -> &'static str {
        match self {
            Event::CallStarted { .. } => "call_started",
            Event::Attempt { .. } => "attempt",
            Event::Answer { .. } => "answer",
            Event::Retry { .. } => "retry",
            Event::Outcome { .. } => "outcome",
        }
    }

    /// The API method of the call.
    #[must_use]
    pub fn method(&self) -> &str {
        match self {
            Event::CallStarted { method, .. }
            | Event::Attempt { method, .. }
            | Event::Answer { method, .. }
            | Event::Retry { method, .. }
            | Event::Outcome { method, .. } => method,
        }
    }

    /// How loud it is.
    #[must_use]
    pub fn level(&self) -> Level {
        match self {
            Event::CallStarted { .. } | Event::Attempt { .. } | Event::Answer { .. } => {
                Level::Debug
            }
            Event::Retry { .. } => Level::Warn,
            Event::Outcome { error_kind, .. } => {
                if error_kind.is_some() {
                    Level::Warn
                } else {
                    Level::Info
                }
            }
        }
    }

    /// The event as one JSON object (no newline): `{"event":"retry","method":…}`,
    /// durations in milliseconds as `…_ms` numbers.
    #[must_use]
    pub fn to_json(&self) -> String {
        let mut o = JsonObject::new(self.name(), self.method());
        match *self {
            Event::CallStarted {
                host,
                api_version,
                params,
                ..
            } => {
                o.str("host", host);
                o.raw("api_version", api_version);
                o.str("params", params);
            }
            Event::Attempt {
                attempt,
                bytes_sent,
                ..
            } => {
                o.raw("attempt", attempt);
                o.raw("bytes_sent", bytes_sent);
            }
            Event::Answer {
                attempt,
                http_status,
                api_code,
                signature_verified,
                duration,
                ..
            } => {
                o.raw("attempt", attempt);
                o.raw("http_status", http_status);
                o.opt("api_code", api_code);
                o.raw("signature_verified", signature_verified);
                o.ms("duration_ms", duration);
            }
            Event::Retry {
                attempt,
                reason,
                delay,
                ..
            } => {
                o.raw("attempt", attempt);
                o.str("reason", reason);
                o.ms("delay_ms", delay);
            }
            Event::Outcome {
                error_kind,
                api_code,
                message,
                may_have_been_applied,
                attempts,
                elapsed,
                ..
            } => {
                o.raw("ok", error_kind.is_none());
                match error_kind {
                    Some(kind) => o.str("error_kind", kind),
                    None => o.raw("error_kind", "null"),
                }
                o.opt("api_code", api_code);
                o.str("message", message);
                o.raw("may_have_been_applied", may_have_been_applied);
                o.raw("attempts", attempts);
                o.ms("elapsed_ms", elapsed);
            }
        }
        o.finish()
    }
}

/// The human line `log` records carry.
impl fmt::Display for Event<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Event::CallStarted {
                method,
                host,
                api_version,
                params,
            } => write!(f, "{method}: calling {host} (API {api_version}) {params}"),
            Event::Attempt {
                method,
                attempt,
                bytes_sent,
            } => write!(f, "{method}: attempt {attempt}, {bytes_sent} bytes"),
            Event::Answer {
                method,
                attempt,
                http_status,
                api_code,
                signature_verified,
                duration,
            } => {
                write!(f, "{method}: attempt {attempt} answered HTTP {http_status}")?;
                if let Some(code) = api_code {
                    write!(f, ", error_code {code}")?;
                }
                let verified = if signature_verified {
                    "verified"
                } else {
                    "not verified"
                };
                write!(f, ", signature {verified}, {} ms", millis(duration))
            }
            Event::Retry {
                method,
                attempt,
                reason,
                delay,
            } => write!(
                f,
                "{method}: attempt {attempt} failed ({reason}); retrying in {} ms",
                millis(delay)
            ),
            Event::Outcome {
                method,
                error_kind,
                message,
                may_have_been_applied,
                attempts,
                elapsed,
                ..
            } => {
                match error_kind {
                    None => write!(f, "{method}: ok")?,
                    Some(kind) => {
                        write!(f, "{method}: failed ({kind}): {message}")?;
                        if !may_have_been_applied {
                            f.write_str(" (never reached the server)")?;
                        }
                    }
                }
                write!(f, " after {attempts} attempt(s), {} ms", millis(elapsed))
            }
        }
    }
}

fn millis(d: Duration) -> f64 {
    (d.as_secs_f64() * 1e6).round() / 1e3
}

/// A flat JSON object writer (the fields are numbers, booleans and strings).
struct JsonObject(String);

impl JsonObject {
    fn new(event: &str, method: &str) -> Self {
        let mut o = JsonObject(String::with_capacity(160));
        o.0.push('{');
        o.str("event", event);
        o.str("method", method);
        o
    }

    fn key(&mut self, key: &str) {
        if self.0.len() > 1 {
            self.0.push(',');
        }
        self.0.push('"');
        self.0.push_str(key);
        self.0.push_str("\":");
    }

    fn str(&mut self, key: &str, value: &str) {
        self.key(key);
        // A `&str` always serialises.
        self.0
            .push_str(&serde_json::to_string(value).unwrap_or_default());
    }

    fn raw(&mut self, key: &str, value: impl fmt::Display) {
        self.key(key);
        let _ = write!(self.0, "{value}");
    }

    fn opt(&mut self, key: &str, value: Option<i64>) {
        match value {
            Some(v) => self.raw(key, v),
            None => self.raw(key, "null"),
        }
    }

    fn ms(&mut self, key: &str, d: Duration) {
        self.raw(key, millis(d));
    }

    fn finish(mut self) -> String {
        self.0.push('}');
        self.0
    }
}

/// Where a client's events go: its callback, if any, and the `log` facade.
#[derive(Clone, Default)]
pub(crate) struct Sink {
    pub listener: Option<Listener>,
    /// Contact data shown as is (opted in), instead of masked.
    pub show_contact_data: bool,
}

impl Sink {
    /// Whether an event of `level` would go anywhere. The one check on the hot path.
    #[inline]
    pub fn wants(&self, level: Level) -> bool {
        self.listener.is_some() || log::log_enabled!(target: LOG_TARGET, level.to_log())
    }

    /// Sends `event` to the callback and to `log`. Call only after [`Sink::wants`].
    pub fn emit(&self, event: &Event<'_>) {
        if let Some(listener) = &self.listener {
            listener(event);
        }
        let level = event.level().to_log();
        if log::log_enabled!(target: LOG_TARGET, level) {
            log::log!(target: LOG_TARGET, level, "{event}");
        }
    }

    /// The request body as an event shows it: `hash` and `rpsKey` dropped, keys and
    /// values percent-decoded, contact data masked unless opted in.
    pub fn params_summary(&self, body: &str) -> String {
        let mut out = String::with_capacity(body.len());
        for pair in body.split('&').filter(|p| !p.is_empty()) {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            let key = percent_decode(k);
            if key == "hash" || key == "rpsKey" {
                continue;
            }
            let value = percent_decode(v);
            if !out.is_empty() {
                out.push('&');
            }
            out.push_str(&key);
            out.push('=');
            if !self.show_contact_data && is_contact_key(&key) {
                out.push_str(&mask(&value));
            } else {
                out.push_str(&value);
            }
        }
        out
    }

    /// `text` with any e-mail address in it masked, unless contact data is shown.
    pub fn scrub(&self, text: &str) -> String {
        if self.show_contact_data {
            text.to_owned()
        } else {
            mask_emails(text)
        }
    }
}

/// The one-line hooks the call loop makes. Each checks [`Sink::wants`] first, so that
/// with nobody listening nothing is formatted or allocated.
impl Sink {
    #[inline]
    pub fn started(&self, method: &str, base_url: &str, api_version: u8, body: &str) {
        if self.wants(Level::Debug) {
            let (_, host, _) = crate::client::proxy::split_url(base_url);
            let params = self.params_summary(body);
            self.emit(&Event::CallStarted {
                method,
                host,
                api_version,
                params: &params,
            });
        }
    }

    #[inline]
    pub fn attempt(&self, method: &str, attempt: u32, bytes_sent: usize) {
        if self.wants(Level::Debug) {
            self.emit(&Event::Attempt {
                method,
                attempt,
                bytes_sent,
            });
        }
    }

    #[inline]
    pub fn answer(
        &self,
        method: &str,
        attempt: u32,
        http_status: u16,
        decoded: Result<&Verified, &Error>,
        checked: bool,
        sent: Instant,
    ) {
        if self.wants(Level::Debug) {
            self.emit(&Event::Answer {
                method,
                attempt,
                http_status,
                api_code: decoded.ok().map(|v| v.code),
                signature_verified: checked && decoded.is_ok(),
                duration: sent.elapsed(),
            });
        }
    }

    #[inline]
    pub fn retry(
        &self,
        method: &str,
        attempt: u32,
        why: &Result<Verified, Error>,
        delay: Duration,
    ) {
        if self.wants(Level::Warn) {
            let reason = match why {
                Ok(v) => format!("JustClick error {} (rate limited)", v.code),
                Err(e) => self.scrub(&e.to_string()),
            };
            self.emit(&Event::Retry {
                method,
                attempt,
                reason: &reason,
                delay,
            });
        }
    }

    #[inline]
    pub fn outcome(
        &self,
        method: &str,
        result: &Result<Verified, Error>,
        attempts: u32,
        started: Instant,
    ) {
        let failed = !matches!(result, Ok(v) if v.code == 0);
        if self.wants(if failed { Level::Warn } else { Level::Info }) {
            let (error_kind, api_code, message) = match result {
                Ok(v) if v.code == 0 => (None, Some(0), String::new()),
                Ok(v) => (
                    Some("api"),
                    Some(v.code),
                    self.scrub(&format!("JustClick error {} \"{}\"", v.code, v.text)),
                ),
                Err(e) => (Some(error_kind(e)), None, self.scrub(&e.to_string())),
            };
            self.emit(&Event::Outcome {
                method,
                error_kind,
                api_code,
                message: &message,
                // A verified answer (ok or an API error) tells exactly.
                may_have_been_applied: match result {
                    Ok(v) => v.code == 0,
                    Err(e) => e.may_have_been_applied(),
                },
                attempts,
                elapsed: started.elapsed(),
            });
        }
    }
}

/// Whether a parameter (its last `[…]` segment) holds personal contact data.
fn is_contact_key(key: &str) -> bool {
    let last = key
        .rsplit('[')
        .next()
        .unwrap_or(key)
        .trim_end_matches(']')
        .to_ascii_lowercase();
    let not_personal = matches!(last.as_str(), "good_name" | "rass_name" | "group_name");
    ["mail", "phone", "city", "address", "surname", "fio"]
        .iter()
        .any(|w| last.contains(w))
        || last == "ip"
        || last.ends_with("_ip")
        || (last.ends_with("name") && !not_personal)
}

/// `alice@example.org` → `a***@example.org`; anything else → first character + `***`.
fn mask(value: &str) -> String {
    let first: String = value.chars().take(1).collect();
    match value.rsplit_once('@') {
        Some((_, domain)) => format!("{first}***@{domain}"),
        None if value.is_empty() => String::new(),
        None => format!("{first}***"),
    }
}

/// Masks the local part of every `local@domain` in free text.
fn mask_emails(text: &str) -> String {
    if !text.contains('@') {
        return text.to_owned();
    }
    let is_local = |c: char| c.is_alphanumeric() || "._%+-".contains(c);
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('@') {
        let before = &rest[..at];
        let start = before
            .char_indices()
            .rev()
            .take_while(|&(_, c)| is_local(c))
            .last()
            .map_or(at, |(i, _)| i);
        out.push_str(&before[..start]);
        let local = &before[start..];
        if let Some(c) = local.chars().next() {
            out.push(c);
            out.push_str("***");
        }
        out.push('@');
        rest = &rest[at + 1..];
    }
    out.push_str(rest);
    out
}

/// `%XX` and `+` decoded; invalid sequences kept as written.
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                match std::str::from_utf8(&bytes[i + 1..i + 3])
                    .ok()
                    .and_then(|h| u8::from_str_radix(h, 16).ok())
                {
                    Some(b) => {
                        out.push(b);
                        i += 2;
                    }
                    None => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The short name of an error's kind, as events and bindings name it.
#[must_use]
pub fn error_kind(e: &crate::Error) -> &'static str {
    use crate::Error as E;
    match e {
        E::InvalidArgument { .. } => "invalid_argument",
        E::Api { .. } => "api",
        E::BadSignature { .. } => "bad_signature",
        E::BadResponse { .. } => "bad_response",
        E::Transport { .. } => "transport",
        E::Timeout { .. } => "timeout",
        E::Tls { .. } => "tls",
        E::Cancelled { .. } => "cancelled",
        E::QueueFull { .. } => "queue_full",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_drops_secrets_and_masks_contacts() {
        let sink = Sink::default();
        let s = sink.params_summary(
            "lead_email=alice%40example.org&lead_name=Alice+Smith&rass_name=super&goods%5B0%5D%5Bgood_name%5D=Book&rpsKey=KEY&hash=abc",
        );
        assert_eq!(
            s,
            "lead_email=a***@example.org&lead_name=A***&rass_name=super&goods[0][good_name]=Book"
        );
        let shown = Sink {
            show_contact_data: true,
            ..Sink::default()
        };
        assert!(
            shown
                .params_summary("lead_email=alice%40example.org&hash=x")
                .ends_with("alice@example.org")
        );
        assert_eq!(percent_decode("a%2"), "a%2");
        assert_eq!(percent_decode("%zz%41"), "%zzA");
    }

    #[test]
    fn emails_in_text_are_masked() {
        assert_eq!(
            mask_emails("no bob.x@mail.ru here, nor @ alone"),
            "no b***@mail.ru here, nor @ alone"
        );
        assert_eq!(mask_emails("plain"), "plain");
    }

    #[test]
    fn json_is_one_flat_object() {
        let e = Event::Outcome {
            method: "GetAllGroups",
            error_kind: None,
            api_code: Some(0),
            message: "",
            may_have_been_applied: true,
            attempts: 2,
            elapsed: Duration::from_micros(12_345),
        };
        let v: serde_json::Value = serde_json::from_str(&e.to_json()).unwrap();
        assert_eq!(v["event"], "outcome");
        assert_eq!(v["ok"], true);
        assert_eq!(v["error_kind"], serde_json::Value::Null);
        assert_eq!(v["attempts"], 2);
        assert_eq!(v["elapsed_ms"], 12.345);
        assert_eq!(e.level(), Level::Info);
        assert!(e.to_string().contains("after 2 attempt(s)"), "{e}");
    }
}
