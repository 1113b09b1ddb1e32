//! A call: sign, send (with safe retries), decode, verify, classify.

use std::thread::sleep;
use std::time::Instant;

use serde_json::Value as Json;

use crate::client::Client;
use crate::client::methods::is_read_only;
use crate::client::retry::RATE_LIMITED;
use crate::client::transport::{Answer, Retry};
use crate::envelope::Envelope;
use crate::error::{Error, ResponseProblem};
use crate::params::Params;
use crate::query::build_query;
use crate::signing::sign;

/// A response whose signature has been verified; any `error_code`.
#[derive(Debug, Clone, PartialEq)]
pub struct Verified {
    /// The API method called.
    pub method: String,
    /// `error_code`.
    pub code: i64,
    /// `error_text`, verbatim.
    pub text: String,
    /// `result`, when present.
    pub result: Option<Json>,
}

impl Verified {
    /// `Ok(result)` (JSON `null` when absent) for code 0, else [`Error::Api`].
    ///
    /// # Errors
    /// [`Error::Api`] for a non-zero code.
    pub fn into_result(self) -> Result<Json, Error> {
        if self.code == 0 {
            Ok(self.result.unwrap_or(Json::Null))
        } else {
            Err(self.into_api_error())
        }
    }

    /// This response as an [`Error::Api`].
    #[must_use]
    pub fn into_api_error(self) -> Error {
        Error::Api {
            method: self.method,
            code: self.code,
            text: self.text,
            result: self.result.map(Box::new),
        }
    }
}

impl Client {
    /// Calls any API 1.0 method with signed `params` and returns the verified `result`
    /// (JSON `null` when the method returns none).
    ///
    /// # Errors
    /// [`Error::Api`] for a non-zero `error_code`, and every other [`Error`] variant for
    /// what can go wrong before that.
    pub fn call(&self, method: &str, params: &Params) -> Result<Json, Error> {
        self.call_verified(method, params)?.into_result()
    }

    /// Calls any API 2.0 method (lower-case name), authenticated by `rpsKey`, and
    /// returns the `result`.
    ///
    /// # Errors
    /// As [`Client::call`].
    pub fn call_v2(&self, method: &str, params: &Params) -> Result<Json, Error> {
        self.call_v2_verified(method, params)?.into_result()
    }

    /// Calls an API 1.0 method and returns the verified envelope whatever its code, for
    /// methods where a non-zero code is an answer (601, 501, …).
    ///
    /// # Errors
    /// Everything but [`Error::Api`].
    pub fn call_verified(&self, method: &str, params: &Params) -> Result<Verified, Error> {
        check_method(method)?;
        let signed = sign(params, &self.inner.login, &self.inner.secret)?;
        self.exchange(method, signed.body(), Some(&self.inner.secret))
    }

    /// The API 2.0 counterpart of [`Client::call_verified`].
    ///
    /// # Errors
    /// Everything but [`Error::Api`].
    pub fn call_v2_verified(&self, method: &str, params: &Params) -> Result<Verified, Error> {
        check_method(method)?;
        if params.get("rpsKey").is_some() {
            return Err(Error::invalid(
                "parameter \"rpsKey\" is set by the client from its API key",
            ));
        }
        let mut with_key = params.clone();
        with_key.insert("rpsKey", self.inner.api_key.as_str());
        let body = build_query(&with_key)?;
        let key = self
            .inner
            .verify_v2_responses
            .then_some(self.inner.api_key.as_str());
        self.exchange(method, &body, key)
    }

    /// Sends `body` with retries where they are harmless, then decodes and verifies.
    ///
    /// The configured timeout bounds the whole call, retries and backoff included: a
    /// retry starts only if its backoff ends before the deadline.
    fn exchange(&self, method: &str, body: &str, secret: Option<&str>) -> Result<Verified, Error> {
        let url = format!("{}{}", self.inner.base_url, method);
        let policy = self.inner.retry;
        let read = is_read_only(method);
        let started = Instant::now();
        let deadline = started + self.inner.timeout;
        let events = &self.inner.events;
        // API 2.0 method names are lower-case, 1.0 names capitalised.
        let api_version = if method.starts_with(|c: char| c.is_ascii_lowercase()) {
            2
        } else {
            1
        };
        events.started(method, &self.inner.base_url, api_version, body);
        // Whether any request may have reached the server, for the outcome event.
        let mut reached = false;
        let mut attempt = 0;
        loop {
            events.attempt(method, attempt + 1, body.len());
            let sent = Instant::now();
            let (outcome, retryable) =
                match self.inner.transport.post(&url, body.as_bytes(), deadline) {
                    Err(f) => {
                        reached |= f.retry != Retry::Always;
                        let retryable = match f.retry {
                            Retry::Always => true,
                            Retry::ReadsOnly => read,
                            Retry::Never => false,
                        };
                        let error = match f.error {
                            Error::Timeout { method, detail } => Error::Timeout {
                                method,
                                detail: format!(
                                    "{detail} (no complete answer within the call timeout of {})",
                                    human(self.inner.timeout)
                                ),
                            },
                            other => other,
                        };
                        (Err(error.for_method(method)), retryable)
                    }
                    Ok(answer) => {
                        reached = true;
                        let decoded =
                            decode(method, &answer, secret).map_err(|e| e.for_method(method));
                        events.answer(
                            method,
                            attempt + 1,
                            answer.status,
                            decoded.as_ref(),
                            secret.is_some(),
                            sent,
                        );
                        // Error 8 (rate limit) means nothing was done: waiting is the cure.
                        let retryable = matches!(&decoded, Ok(v) if v.code == RATE_LIMITED);
                        (decoded, retryable)
                    }
                };
            let pause = (retryable && attempt < policy.max_retries).then(|| policy.delay(attempt));
            match pause.filter(|&pause| Instant::now() + pause < deadline) {
                None => {
                    events.outcome(method, &outcome, reached, attempt + 1, started);
                    return outcome;
                }
                Some(pause) => {
                    events.retry(method, attempt + 1, &outcome, pause);
                    sleep(pause);
                    attempt += 1;
                }
            }
        }
    }
}

/// Method names go into the URL path: letters, digits and `_` only.
fn check_method(method: &str) -> Result<(), Error> {
    if method.len() > crate::limits::MAX_METHOD_BYTES {
        return Err(Error::invalid(format!(
            "method name is {} bytes, over the {}-byte limit (MAX_METHOD_BYTES)",
            method.len(),
            crate::limits::MAX_METHOD_BYTES
        )));
    }
    if method.is_empty()
        || !method
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_')
    {
        return Err(Error::invalid(format!(
            "method name \"{method}\" must be letters, digits and '_'"
        )));
    }
    Ok(())
}

/// Turns an HTTP answer into a verified envelope, or the precise reason it is not one.
/// With `secret` `None` (API 2.0 verification off) the hash is not checked.
fn decode(method: &str, answer: &Answer, secret: Option<&str>) -> Result<Verified, Error> {
    let bad = |kind, detail: String| Error::BadResponse {
        method: method.to_owned(),
        status: answer.status,
        kind,
        detail,
    };
    if answer.body.iter().all(u8::is_ascii_whitespace) {
        return Err(bad(ResponseProblem::Empty, String::new()));
    }
    let text = std::str::from_utf8(&answer.body)
        .map_err(|_| bad(ResponseProblem::NotJson, snippet(&answer.body)))?;
    crate::envelope::check_response_shape(text)
        .map_err(|why| bad(ResponseProblem::Malformed, why))?;
    let json: Json = serde_json::from_str(text).map_err(|e| {
        if e.is_eof() {
            bad(
                ResponseProblem::Truncated,
                format!("{e}; body starts {}", snippet(&answer.body)),
            )
        } else {
            bad(ResponseProblem::NotJson, snippet(&answer.body))
        }
    })?;
    let env =
        Envelope::from_json(json).map_err(|reason| bad(ResponseProblem::Malformed, reason))?;
    if let Some(secret) = secret {
        env.verify(secret).map_err(|p| Error::BadSignature {
            method: method.to_owned(),
            reason: p.to_string(),
        })?;
    }
    let code = env.code.ok_or_else(|| {
        bad(
            ResponseProblem::Malformed,
            format!("error_code \"{}\" is not an integer", env.code_text),
        )
    })?;
    Ok(Verified {
        method: method.to_owned(),
        code,
        text: env.text,
        result: env.result,
    })
}

/// A duration as people write it: `600 ms`, `30 s`, `1.5 s`.
fn human(d: std::time::Duration) -> String {
    if d < std::time::Duration::from_secs(1) {
        format!("{} ms", d.as_millis())
    } else {
        format!("{} s", d.as_secs_f64())
    }
}

/// The start of a body, on one line, for error messages.
fn snippet(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(&body[..body.len().min(160)]);
    let one_line: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    format!(
        "\"{}\"{}",
        one_line.trim(),
        if body.len() > 160 { "…" } else { "" }
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::signing::{hex_str, response_hash};

    fn answer(status: u16, body: &str) -> Answer {
        Answer {
            status,
            body: body.as_bytes().to_vec(),
        }
    }

    fn kind(e: Error) -> ResponseProblem {
        match e {
            Error::BadResponse { kind, .. } => kind,
            other => panic!("not a BadResponse: {other:?}"),
        }
    }

    #[test]
    fn each_bad_body_has_its_own_error() {
        let s = Some("k");
        assert_eq!(
            kind(decode("M", &answer(200, ""), s).unwrap_err()),
            ResponseProblem::Empty
        );
        let html = decode("M", &answer(502, "<html>Bad Gateway</html>"), s).unwrap_err();
        assert!(html.to_string().contains("HTTP 502"), "{html}");
        assert_eq!(kind(html), ResponseProblem::NotJson);
        assert_eq!(
            kind(decode("M", &answer(200, r#"{"error_code":0,"err"#), s).unwrap_err()),
            ResponseProblem::Truncated
        );
        assert_eq!(
            kind(decode("M", &answer(200, "[]"), s).unwrap_err()),
            ResponseProblem::Malformed
        );
        let forged = decode(
            "M",
            &answer(200, r#"{"error_code":0,"error_text":"OK","hash":true}"#),
            s,
        );
        assert!(matches!(forged, Err(Error::BadSignature { .. })));
    }

    #[test]
    fn genuine_error_is_verified_then_classified() {
        let h = hex_str(&response_hash(
            "801",
            "Subscriber with such address is not found",
            "k",
        ))
        .to_owned();
        let body = format!(
            r#"{{"error_code":801,"error_text":"Subscriber with such address is not found","hash":"{h}"}}"#
        );
        let v = decode("DeleteSubscribe", &answer(200, &body), Some("k")).unwrap();
        assert_eq!(v.code, 801);
        assert_eq!(v.into_result().unwrap_err().api_code(), Some(801));
        assert!(check_method("Get/../x").is_err());
    }
}
