//! One HTTP exchange: POST a form body, follow only body-preserving redirects, read a
//! capped body, and map every failure to a distinct [`Error`].

use std::io;
use std::time::Instant;

use ureq::Agent;

use crate::client::config::{MAX_REDIRECTS, check_url};
use crate::error::{Error, ResponseProblem};

/// A raw HTTP answer.
pub(crate) struct Answer {
    pub status: u16,
    pub body: Vec<u8>,
}

/// A failed exchange, and whether the request certainly never reached the server
/// (so even a write may be retried).
pub(crate) struct Failure {
    pub error: Error,
    pub not_sent: bool,
}

impl Failure {
    fn sent(error: Error) -> Self {
        Failure {
            error,
            not_sent: false,
        }
    }
}

/// The shared HTTP machinery of a client.
pub(crate) struct Transport {
    pub agent: Agent,
    pub max_body: u64,
    pub allow_insecure_http: bool,
}

impl Transport {
    /// POSTs `body` to `url`, finishing (redirects and body included) before
    /// `deadline`. 307/308 re-POST the same bytes (at most [`MAX_REDIRECTS`] times,
    /// never from HTTPS to HTTP); other redirects fail.
    pub fn post(&self, url: &str, body: &[u8], deadline: Instant) -> Result<Answer, Failure> {
        let mut url = url.to_owned();
        for _ in 0..=MAX_REDIRECTS {
            let remaining = deadline.saturating_duration_since(Instant::now());
            if remaining.is_zero() {
                return Err(Failure::sent(Error::Timeout {
                    method: String::new(),
                    detail: "the call's time budget ran out while following redirects".into(),
                }));
            }
            let mut resp = self
                .agent
                .post(&url)
                .config()
                .timeout_global(Some(remaining))
                .build()
                .content_type("application/x-www-form-urlencoded")
                .send(body)
                .map_err(map_send_error)?;
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
                return Err(Failure::sent(Error::BadResponse {
                    method: String::new(),
                    status,
                    kind: ResponseProblem::TooLarge,
                    detail: format!("{len} bytes announced, over the {}-byte cap", self.max_body),
                }));
            }
            let body = resp
                .body_mut()
                .with_config()
                .limit(self.max_body)
                .read_to_vec()
                .map_err(|e| map_body_error(e, status, self.max_body))?;
            return Ok(Answer { status, body });
        }
        Err(Failure::sent(redirect_error(format!(
            "more than {MAX_REDIRECTS} redirects"
        ))))
    }

    fn redirect_target(&self, from: &str, status: u16, location: &str) -> Result<String, Failure> {
        if status != 307 && status != 308 {
            return Err(Failure::sent(redirect_error(format!(
                "HTTP {status} to {location:?}: only 307/308 keep the signed POST body"
            ))));
        }
        if location.is_empty() {
            return Err(Failure::sent(redirect_error(format!(
                "HTTP {status} without a Location header"
            ))));
        }
        let target = resolve(from, location);
        if from.starts_with("https://") && !target.starts_with("https://") {
            return Err(Failure::sent(redirect_error(format!(
                "HTTP {status} from HTTPS to {target:?} refused"
            ))));
        }
        check_url(&target, self.allow_insecure_http)
            .map_err(|e| Failure::sent(redirect_error(e.to_string())))?;
        Ok(target)
    }
}

fn redirect_error(detail: String) -> Error {
    Error::BadResponse {
        method: String::new(),
        status: 0,
        kind: ResponseProblem::Redirect,
        detail,
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

fn map_send_error(e: ureq::Error) -> Failure {
    use ureq::Error as U;
    use ureq::Timeout as T;
    match e {
        U::Timeout(t) => Failure {
            not_sent: matches!(t, T::Connect | T::Resolve),
            error: Error::Timeout {
                method: String::new(),
                detail: format!("{t} timeout"),
            },
        },
        U::HostNotFound => Failure {
            error: transport("host not found"),
            not_sent: true,
        },
        U::ConnectionFailed => Failure {
            error: transport("connection failed"),
            not_sent: true,
        },
        U::Io(io) => map_io(&io),
        U::Tls(msg) => Failure {
            error: tls(msg.to_owned()),
            not_sent: true,
        },
        U::Rustls(err) => Failure {
            error: tls(err.to_string()),
            not_sent: true,
        },
        U::Pem(err) => Failure {
            error: tls(err.to_string()),
            not_sent: true,
        },
        other => Failure::sent(transport(&other.to_string())),
    }
}

fn map_io(io: &io::Error) -> Failure {
    if let Some(rustls_err) = io
        .get_ref()
        .and_then(|inner| inner.downcast_ref::<rustls::Error>())
    {
        return Failure {
            error: tls(rustls_err.to_string()),
            not_sent: true,
        };
    }
    let not_sent = matches!(
        io.kind(),
        io::ErrorKind::ConnectionRefused | io::ErrorKind::AddrNotAvailable
    );
    Failure {
        error: transport(&io.to_string()),
        not_sent,
    }
}

fn map_body_error(e: ureq::Error, status: u16, cap: u64) -> Failure {
    match e {
        ureq::Error::BodyExceedsLimit(_) => Failure::sent(Error::BadResponse {
            method: String::new(),
            status,
            kind: ResponseProblem::TooLarge,
            detail: format!("over the {cap}-byte cap"),
        }),
        ureq::Error::Timeout(t) => Failure::sent(Error::Timeout {
            method: String::new(),
            detail: format!("{t} timeout while reading the HTTP {status} body"),
        }),
        other => Failure::sent(transport(&format!(
            "connection lost while reading the HTTP {status} body: {other}"
        ))),
    }
}

fn transport(detail: &str) -> Error {
    Error::Transport {
        method: String::new(),
        detail: detail.to_owned(),
    }
}

fn tls(detail: String) -> Error {
    Error::Tls {
        method: String::new(),
        detail,
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
