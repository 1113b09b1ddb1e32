//! One HTTP exchange: POST a form body, follow only body-preserving redirects, read a
//! capped body, and map every failure to a distinct [`Error`].

use std::io;
use std::sync::Arc;
use std::time::Instant;

use crate::client::agent::AgentCell;
use crate::client::config::{MAX_REDIRECTS, check_url};
use crate::client::proxy::split_url;
use crate::client::scope::CallScope;
use crate::error::{Error, ResponseProblem};

/// A raw HTTP answer.
pub(crate) struct Answer {
    pub status: u16,
    pub body: Vec<u8>,
}

/// A failed exchange, and whether the same exchange could succeed if tried again.
///
/// Whether the request may have reached the server is not decided here: the error
/// carries it ([`Error::may_have_been_applied`], from what the connection layers saw
/// written), and the retry rule combines the two: a transient failure is retried when
/// the request certainly never left, or when the method only reads.
pub(crate) struct Failure {
    pub error: Error,
    /// The same exchange could succeed if repeated now: a refused or reset
    /// connection, a connect timeout. Never for what would fail the same way again
    /// (TLS refused, an answer over the size cap, a bad redirect, an unknown name)
    /// or when the call's time budget is spent.
    pub transient: bool,
}

impl Failure {
    fn new(error: Error, transient: bool) -> Self {
        Failure { error, transient }
    }

    fn final_(error: Error) -> Self {
        Failure::new(error, false)
    }

    /// Names the host the exchange was with in a transport, timeout or TLS message,
    /// so that a wrong `base_url` or domain shows in the error itself.
    fn at(mut self, url: &str) -> Self {
        let (_, host, _) = split_url(url);
        if let Error::Transport { detail, .. }
        | Error::Timeout { detail, .. }
        | Error::Tls { detail, .. } = &mut self.error
        {
            if !host.is_empty() && !detail.contains(host) {
                *detail = format!("{detail} (host {host})");
            }
        }
        self
    }
}

/// The shared HTTP machinery of a client.
pub(crate) struct Transport {
    /// The connection pool of this process (rebuilt in a forked child).
    pub agent: AgentCell,
    /// The proxy in use, as error messages name it (no credentials).
    pub proxy: Option<String>,
    pub max_body: u64,
    pub allow_insecure_http: bool,
}

impl Transport {
    /// POSTs `body` to `url`, finishing (redirects and body included) before
    /// `deadline`. 307/308 re-POST the same bytes (at most [`MAX_REDIRECTS`] times,
    /// never from HTTPS to HTTP); other redirects fail. `scope` is the call's (see
    /// [`crate::client::scope`]): what it saw written decides whether an error may have
    /// been applied.
    pub fn post(
        &self,
        url: &str,
        body: &[u8],
        deadline: Instant,
        scope: &CallScope,
    ) -> Result<Answer, Failure> {
        let mut url = url.to_owned();
        let agent = self.agent.get();
        for _ in 0..=MAX_REDIRECTS {
            let remaining = deadline.saturating_duration_since(Instant::now());
            if remaining.is_zero() {
                return Err(Failure::final_(Error::Timeout {
                    method: String::new(),
                    detail: "the call's time budget ran out while following redirects".into(),
                    may_have_been_applied: scope.sent(),
                    stats: Default::default(),
                }));
            }
            let mut resp = agent
                .post(&url)
                .config()
                .timeout_global(Some(remaining))
                .build()
                .content_type("application/x-www-form-urlencoded")
                .send(body)
                .map_err(|e| self.name_proxy(map_send_error(e, scope.sent()).at(&url)))?;
            let status = resp.status().as_u16();
            if (300..400).contains(&status) {
                let location = resp
                    .headers()
                    .get("location")
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or("")
                    .to_owned();
                url = self.redirect_target(&url, status, &location)?;
                continue;
            }
            // Refuse a declared oversize body without reading it.
            let declared = resp
                .headers()
                .get("content-length")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.trim().parse::<u64>().ok());
            if let Some(len) = declared.filter(|&len| len > self.max_body) {
                return Err(Failure::final_(Error::BadResponse {
                    method: String::new(),
                    status,
                    kind: ResponseProblem::TooLarge,
                    detail: format!("{len} bytes announced, over the {}-byte cap", self.max_body),
                    stats: Default::default(),
                }));
            }
            let body = resp
                .body_mut()
                .with_config()
                .limit(self.max_body)
                .read_to_vec()
                .map_err(|e| {
                    self.name_proxy(map_body_error(e, status, self.max_body, scope.sent()).at(&url))
                })?;
            return Ok(Answer { status, body });
        }
        Err(Failure::final_(redirect_error(
            0,
            format!("more than {MAX_REDIRECTS} redirects, the last to {url}"),
        )))
    }

    /// Adds the proxy in use, if any, to a transport, timeout or TLS error.
    fn name_proxy(&self, mut failure: Failure) -> Failure {
        if let Some(proxy) = &self.proxy {
            if let Error::Transport { detail, .. }
            | Error::Timeout { detail, .. }
            | Error::Tls { detail, .. } = &mut failure.error
            {
                detail.push_str(&format!(" (through proxy {proxy})"));
            }
        }
        failure
    }

    fn redirect_target(&self, from: &str, status: u16, location: &str) -> Result<String, Failure> {
        if status != 307 && status != 308 {
            return Err(Failure::final_(redirect_error(
                status,
                format!(
                    "redirect to \"{location}\" not followed: only 307/308 keep the signed \
                     POST body (is base_url the API's own address?)"
                ),
            )));
        }
        if location.is_empty() {
            return Err(Failure::final_(redirect_error(
                status,
                "redirect without a Location header".to_owned(),
            )));
        }
        let target = resolve(from, location);
        if from.starts_with("https://") && !target.starts_with("https://") {
            return Err(Failure::final_(redirect_error(
                status,
                format!("redirect from HTTPS to the insecure \"{target}\" not followed"),
            )));
        }
        check_url(&target, self.allow_insecure_http)
            .map_err(|e| Failure::final_(redirect_error(status, e.to_string())))?;
        Ok(target)
    }
}

/// A refused redirect; `status` is the redirect's HTTP status (0: several redirects).
fn redirect_error(status: u16, detail: String) -> Error {
    Error::BadResponse {
        method: String::new(),
        status,
        kind: ResponseProblem::Redirect,
        detail,
        stats: Default::default(),
    }
}

/// Resolves a Location header against the URL that returned it.
fn resolve(base: &str, location: &str) -> String {
    if location.starts_with("http://") || location.starts_with("https://") {
        return location.to_owned();
    }
    let scheme_end = base.find("://").map_or(0, |i| i + 3);
    let authority_end = base[scheme_end..]
        .find('/')
        .map_or(base.len(), |i| scheme_end + i);
    if location.starts_with('/') {
        format!("{}{}", &base[..authority_end], location)
    } else {
        let dir_end = base
            .rfind('/')
            .filter(|&i| i >= authority_end)
            .map_or(base.len(), |i| i + 1);
        format!("{}{}", &base[..dir_end], location)
    }
}

/// Maps a failure to send the request or receive the answer head; `sent`: request
/// bytes were written.
fn map_send_error(e: ureq::Error, sent: bool) -> Failure {
    use ureq::Error as U;
    use ureq::Timeout as T;
    match e {
        // Only a connect timeout can pass by itself; every other timeout is the call's
        // budget (the agent's global timeout is what is left of it), so nothing is left
        // for a retry anyway.
        U::Timeout(t) => Failure::new(
            Error::Timeout {
                method: String::new(),
                detail: format!("{t} timeout"),
                may_have_been_applied: sent,
                stats: Default::default(),
            },
            matches!(t, T::Connect),
        ),
        U::HostNotFound => Failure::final_(transport("host not found", sent, None)),
        U::ConnectionFailed => Failure::new(transport("connection failed", sent, None), true),
        U::Io(io) => map_io(io, sent),
        U::Tls(msg) => Failure::final_(tls(msg.to_owned(), sent, None)),
        U::Rustls(err) => {
            let detail = err.to_string();
            let io = io::Error::new(io::ErrorKind::InvalidData, err);
            Failure::final_(tls(detail, sent, Some(io)))
        }
        U::Pem(err) => Failure::final_(tls(err.to_string(), sent, None)),
        // The server closed the connection without a (complete) answer head.
        U::Protocol(_) => Failure::new(transport(&e.to_string(), sent, None), true),
        other => Failure::final_(transport(&other.to_string(), sent, None)),
    }
}

fn map_io(io: io::Error, sent: bool) -> Failure {
    if let Some(rustls_err) = io
        .get_ref()
        .and_then(|inner| inner.downcast_ref::<rustls::Error>())
    {
        let detail = rustls_err.to_string();
        return Failure::final_(tls(detail, sent, Some(io)));
    }
    let transient = io_transient(io.kind());
    Failure::new(transport(&io.to_string(), sent, Some(io)), transient)
}

/// Which I/O failures can pass: refused, or a connection reset or dropped.
fn io_transient(kind: io::ErrorKind) -> bool {
    use io::ErrorKind as K;
    matches!(
        kind,
        K::ConnectionRefused
            | K::AddrNotAvailable
            | K::ConnectionReset
            | K::ConnectionAborted
            | K::BrokenPipe
            | K::UnexpectedEof
    )
}

fn map_body_error(e: ureq::Error, status: u16, cap: u64, sent: bool) -> Failure {
    match e {
        // The same answer would be just as large again.
        ureq::Error::BodyExceedsLimit(_) => Failure::final_(Error::BadResponse {
            method: String::new(),
            status,
            kind: ResponseProblem::TooLarge,
            detail: format!("over the {cap}-byte cap"),
            stats: Default::default(),
        }),
        ureq::Error::Timeout(t) => Failure::final_(Error::Timeout {
            method: String::new(),
            detail: format!("{t} timeout while reading the HTTP {status} body"),
            may_have_been_applied: sent,
            stats: Default::default(),
        }),
        // The answer had begun: the request was processed, so at most a read is
        // asked again.
        other => {
            let detail = format!("connection lost while reading the HTTP {status} body: {other}");
            let source = match other {
                ureq::Error::Io(io) => Some(io),
                _ => None,
            };
            Failure::new(transport(&detail, true, source), true)
        }
    }
}

fn transport(detail: &str, sent: bool, source: Option<io::Error>) -> Error {
    Error::Transport {
        method: String::new(),
        detail: detail.to_owned(),
        may_have_been_applied: sent,
        source: source.map(Arc::new),
        stats: Default::default(),
    }
}

fn tls(detail: String, sent: bool, source: Option<io::Error>) -> Error {
    Error::Tls {
        method: String::new(),
        detail,
        may_have_been_applied: sent,
        source: source.map(Arc::new),
        stats: Default::default(),
    }
}

#[cfg(test)]
mod tests {
    use super::resolve;

    #[test]
    fn resolves_locations() {
        let base = "http://127.0.0.1:9/api/deleteSubscribe";
        assert_eq!(
            resolve(base, "/api/DeleteSubscribe"),
            "http://127.0.0.1:9/api/DeleteSubscribe"
        );
        assert_eq!(resolve(base, "Other"), "http://127.0.0.1:9/api/Other");
        assert_eq!(resolve(base, "https://x.y/z"), "https://x.y/z");
    }
}
