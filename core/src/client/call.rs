//! A call: sign, send (with safe retries), decode, verify, classify.

use std::cell::Cell;
use std::time::{Duration, Instant};

use serde_json::Value as Json;

use crate::client::Client;
use crate::client::call_options::CallOptions;
use crate::client::methods::is_read_only;
use crate::client::retry::RATE_LIMITED;
use crate::client::scope::CallScope;
use crate::client::transport::Answer;
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
            stats: Default::default(),
        }
    }
}

/// What one call (one `invoke` may make several requests) runs under: its options
/// and, when they set a timeout, the one deadline for all of its requests; it counts
/// the requests for the error the call may end with ([`Error::attempts`]).
pub(crate) struct CallCtx<'a> {
    pub opts: &'a CallOptions,
    deadline: Option<Instant>,
    started: Instant,
    attempts: Cell<u32>,
}

impl<'a> CallCtx<'a> {
    /// Starts the clock of a call made with `opts`.
    pub(crate) fn start(opts: &'a CallOptions) -> Result<Self, Error> {
        let started = Instant::now();
        let deadline = match opts.timeout() {
            Some(t) if t.is_zero() => {
                return Err(Error::invalid(
                    "the per-call timeout must be greater than zero",
                ));
            }
            Some(t) => Some(started + t),
            None => None,
        };
        Ok(CallCtx {
            opts,
            deadline,
            started,
            attempts: Cell::new(0),
        })
    }

    /// Runs the call `f` made with `opts`; its error carries the requests made and
    /// the time taken.
    pub(crate) fn run<T>(
        opts: &'a CallOptions,
        f: impl FnOnce(&CallCtx<'a>) -> Result<T, Error>,
    ) -> Result<T, Error> {
        let ctx = CallCtx::start(opts)?;
        f(&ctx).map_err(|e| e.with_stats(ctx.attempts.get(), ctx.started.elapsed()))
    }

    fn count_attempt(&self) {
        self.attempts.set(self.attempts.get() + 1);
    }
}

impl Client {
    /// Calls any API 1.0 method with signed `params` and returns the verified `result`
    /// (JSON `null` when the method returns none).
    ///
    /// Blocks the calling thread until the call ends (see the [client docs](crate::client)
    /// for the async form and cancellation).
    ///
    /// # Errors
    /// [`Error::Api`] for a non-zero `error_code`, and every other [`Error`] variant for
    /// what can go wrong before that.
    pub fn call(&self, method: &str, params: &Params) -> Result<Json, Error> {
        self.call_with(method, params, &self.options)
    }

    /// [`Client::call`] with options for this call (deadline, cancel handle).
    ///
    /// # Errors
    /// As [`Client::call`]; [`Error::Cancelled`] when cancelled.
    pub fn call_with(
        &self,
        method: &str,
        params: &Params,
        opts: &CallOptions,
    ) -> Result<Json, Error> {
        CallCtx::run(opts, |ctx| {
            self.verified_in(method, params, ctx)?.into_result()
        })
    }

    /// Calls any API 2.0 method (lower-case name), authenticated by `rpsKey`, and
    /// returns the `result`. Blocks until the call ends.
    ///
    /// # Errors
    /// As [`Client::call`].
    pub fn call_v2(&self, method: &str, params: &Params) -> Result<Json, Error> {
        self.call_v2_with(method, params, &self.options)
    }

    /// [`Client::call_v2`] with options for this call.
    ///
    /// # Errors
    /// As [`Client::call`]; [`Error::Cancelled`] when cancelled.
    pub fn call_v2_with(
        &self,
        method: &str,
        params: &Params,
        opts: &CallOptions,
    ) -> Result<Json, Error> {
        CallCtx::run(opts, |ctx| {
            self.v2_verified_in(method, params, ctx)?.into_result()
        })
    }

    /// Calls an API 1.0 method and returns the verified envelope whatever its code, for
    /// methods where a non-zero code is an answer (601, 501, …). Blocks until the call
    /// ends.
    ///
    /// # Errors
    /// Everything but [`Error::Api`].
    pub fn call_verified(&self, method: &str, params: &Params) -> Result<Verified, Error> {
        self.call_verified_with(method, params, &self.options)
    }

    /// [`Client::call_verified`] with options for this call.
    ///
    /// # Errors
    /// Everything but [`Error::Api`].
    pub fn call_verified_with(
        &self,
        method: &str,
        params: &Params,
        opts: &CallOptions,
    ) -> Result<Verified, Error> {
        CallCtx::run(opts, |ctx| self.verified_in(method, params, ctx))
    }

    /// The API 2.0 counterpart of [`Client::call_verified`].
    ///
    /// # Errors
    /// Everything but [`Error::Api`].
    pub fn call_v2_verified(&self, method: &str, params: &Params) -> Result<Verified, Error> {
        self.call_v2_verified_with(method, params, &self.options)
    }

    /// [`Client::call_v2_verified`] with options for this call.
    ///
    /// # Errors
    /// Everything but [`Error::Api`].
    pub fn call_v2_verified_with(
        &self,
        method: &str,
        params: &Params,
        opts: &CallOptions,
    ) -> Result<Verified, Error> {
        CallCtx::run(opts, |ctx| self.v2_verified_in(method, params, ctx))
    }

    /// One API 1.0 request within the call `ctx`.
    pub(crate) fn verified_in(
        &self,
        method: &str,
        params: &Params,
        ctx: &CallCtx<'_>,
    ) -> Result<Verified, Error> {
        check_method(method)?;
        let signed = sign(params, &self.inner.login, &self.inner.secret)?;
        self.exchange(method, signed.body(), Some(&self.inner.secret), ctx)
    }

    /// One API 2.0 request within the call `ctx`.
    pub(crate) fn v2_verified_in(
        &self,
        method: &str,
        params: &Params,
        ctx: &CallCtx<'_>,
    ) -> Result<Verified, Error> {
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
        self.exchange(method, &body, key, ctx)
    }

    /// Sends `body` with retries where they are harmless, then decodes and verifies.
    ///
    /// The timeout (the call's own, else the client's) bounds the whole exchange,
    /// retries and backoff included: a retry starts only if its backoff ends before
    /// the deadline. A transient failure is retried only when the request certainly
    /// never left or the method only reads; a cancelled call never is.
    fn exchange(
        &self,
        method: &str,
        body: &str,
        secret: Option<&str>,
        ctx: &CallCtx<'_>,
    ) -> Result<Verified, Error> {
        let events = &self.inner.events;
        let started = Instant::now();
        // API 2.0 method names are lower-case, 1.0 names capitalised.
        let api_version = if method.starts_with(|c: char| c.is_ascii_lowercase()) {
            2
        } else {
            1
        };
        events.started(method, &self.inner.base_url, api_version, body);
        let mut attempts = 0;
        let outcome = self.attempts(method, body, secret, ctx, started, &mut attempts);
        events.outcome(method, &outcome, attempts, started);
        outcome
    }

    /// The requests of [`Client::exchange`], counted in `attempts`.
    fn attempts(
        &self,
        method: &str,
        body: &str,
        secret: Option<&str>,
        ctx: &CallCtx<'_>,
        started: Instant,
        attempts: &mut u32,
    ) -> Result<Verified, Error> {
        let cancel = ctx.opts.cancel();
        if cancel.is_some_and(|c| c.is_cancelled()) {
            return Err(Error::cancelled(method, false));
        }
        let events = &self.inner.events;
        let url = format!("{}{}", self.inner.base_url, method);
        let policy = self.inner.retry;
        let read = is_read_only(method);
        let (deadline, timeout) = match ctx.deadline {
            Some(d) => (d, ctx.opts.timeout().unwrap_or(self.inner.timeout)),
            None => (started + self.inner.timeout, self.inner.timeout),
        };
        let scope = CallScope::enter(cancel.cloned());
        loop {
            *attempts += 1;
            ctx.count_attempt();
            events.attempt(method, *attempts, body.len());
            let sent = Instant::now();
            let posted = self
                .inner
                .transport
                .post(&url, body.as_bytes(), deadline, &scope);
            let answered = |answer: &Answer| {
                let decoded = decode(method, answer, secret).map_err(|e| e.for_method(method));
                let checked = secret.is_some();
                events.answer(
                    method,
                    *attempts,
                    answer.status,
                    decoded.as_ref(),
                    checked,
                    sent,
                );
                decoded
            };
            if scope.cancelled() {
                // Whatever the socket reported after being shut down, the call was
                // cancelled; a complete, verified answer still counts.
                if let Ok(answer) = &posted {
                    if let Ok(v) = answered(answer) {
                        return Ok(v);
                    }
                }
                return Err(Error::cancelled(method, scope.sent()));
            }
            let (outcome, retryable) = match posted {
                Err(f) => {
                    let retryable = f.transient && (!f.error.may_have_been_applied() || read);
                    let error = match f.error {
                        Error::Timeout {
                            method,
                            detail,
                            may_have_been_applied,
                            stats,
                        } => Error::Timeout {
                            method,
                            detail: format!(
                                "{detail} (no complete answer within the call timeout of {})",
                                human(timeout)
                            ),
                            may_have_been_applied,
                            stats,
                        },
                        other => other,
                    };
                    (Err(error.for_method(method)), retryable)
                }
                Ok(answer) => {
                    let v = answered(&answer)?;
                    // Error 8 (rate limit) means nothing was done: waiting is the cure.
                    let retryable = v.code == RATE_LIMITED;
                    (Ok(v), retryable)
                }
            };
            if !retryable || *attempts > policy.max_retries {
                return outcome;
            }
            let pause = policy.delay(*attempts - 1);
            if Instant::now() + pause >= deadline {
                return outcome;
            }
            events.retry(method, *attempts, &outcome, pause);
            if pause_or_cancel(scope.cancel_handle(), pause) {
                return Err(Error::cancelled(method, scope.sent()));
            }
        }
    }
}

/// Sleeps before a retry; true when the call was cancelled meanwhile.
fn pause_or_cancel(cancel: Option<&crate::client::CancelHandle>, pause: Duration) -> bool {
    match cancel {
        Some(c) => c.sleep(pause),
        None => {
            std::thread::sleep(pause);
            false
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
        stats: Default::default(),
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
            stats: Default::default(),
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
fn human(d: Duration) -> String {
    if d < Duration::from_secs(1) {
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
