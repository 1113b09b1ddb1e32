//! Events: one dropped connection on a read gives attempt, retry, attempt, answer,
//! outcome in order with the right counts; nothing secret or personal is in any event
//! or log record.

mod client_support;

use std::sync::{Arc, Mutex};

use client_support::{builder, sandbox};
use justclick::client::Event;
use justclick::{Params, Value};
use justclick_sandbox::Fault;

/// Every event as (name, JSON line, display line).
type Seen = Arc<Mutex<Vec<(String, String, String)>>>;

fn recording(sb: &justclick_sandbox::Sandbox) -> (justclick::ClientBuilder, Seen) {
    let seen: Seen = Arc::default();
    let sink = seen.clone();
    let b = builder(sb).on_event(move |e: &Event<'_>| {
        sink.lock()
            .unwrap()
            .push((e.name().to_owned(), e.to_json(), e.to_string()));
    });
    (b, seen)
}

#[test]
fn a_dropped_connection_shows_as_attempt_retry_outcome() {
    let sb = sandbox();
    let (b, seen) = recording(&sb);
    let c = b.build().unwrap();
    sb.inject(Fault::DropConnection, 1);
    assert!(c.call("GetAllGroups", &Params::new()).unwrap().is_array());
    let seen = seen.lock().unwrap();
    let names: Vec<&str> = seen.iter().map(|(n, _, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "call_started",
            "attempt",
            "retry",
            "attempt",
            "answer",
            "outcome"
        ]
    );
    let json = |i: usize| serde_json::from_str::<serde_json::Value>(&seen[i].1).unwrap();
    assert_eq!(json(1)["attempt"], 1);
    assert_eq!(json(2)["attempt"], 1);
    assert!(json(2)["delay_ms"].as_f64().unwrap() > 0.0);
    assert_eq!(json(3)["attempt"], 2);
    assert_eq!(json(4)["http_status"], 200);
    assert_eq!(json(4)["api_code"], 0);
    assert_eq!(json(4)["signature_verified"], true);
    let outcome = json(5);
    assert_eq!(outcome["ok"], true);
    assert_eq!(outcome["attempts"], 2);
    assert_eq!(outcome["may_have_been_applied"], true);
    assert_eq!(
        json(0)["host"].as_str().unwrap(),
        sb.base_url().split('/').nth(2).unwrap()
    );
}

#[test]
fn no_secret_key_password_or_email_in_any_event() {
    let sb = sandbox();
    let secret = sb.account().secret.clone();
    let email = "private.person@example.org";
    let (b, seen) = recording(&sb);
    // A URL password and an API key of our own, to look for.
    let url = sb.base_url().replacen("://", "://user:url-pass-42@", 1);
    let c = b.base_url(url).api_key("api-key-77").build().unwrap();
    let mut p = Params::new();
    p.insert("lead_email", Value::from(email));
    p.insert("rass_name", Value::from("nope-no-such-group"));
    sb.inject(Fault::DropConnection, 1);
    let _ = c.call("AddLeadToGroup", &p);
    let _ = c.call("DeleteSubscribe", &p);
    let _ = c.call_v2("getsomething", &Params::new());
    let seen = seen.lock().unwrap();
    assert!(seen.len() >= 8, "{seen:?}");
    for (_, json, line) in seen.iter() {
        for needle in [secret.as_str(), "api-key-77", "url-pass-42", email, "hash="] {
            assert!(!json.contains(needle), "{needle} in {json}");
            assert!(!line.contains(needle), "{needle} in {line}");
        }
    }
    assert!(
        seen.iter().any(|(_, j, _)| j.contains("p***@example.org")),
        "the masked e-mail shows: {seen:?}"
    );
}

#[test]
fn contact_data_shows_when_opted_in() {
    let sb = sandbox();
    let (b, seen) = recording(&sb);
    let c = b.log_contact_data(true).build().unwrap();
    let mut p = Params::new();
    p.insert("lead_email", Value::from("shown@example.org"));
    p.insert("rass_name", Value::from("super"));
    let _ = c.call("DeleteSubscribe", &p);
    assert!(seen.lock().unwrap()[0].1.contains("shown@example.org"));
}

#[test]
fn a_refused_connection_never_reached_the_server() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let seen: Seen = Arc::default();
    let sink = seen.clone();
    let c = justclick::Client::builder("shop", "s")
        .base_url(format!("http://127.0.0.1:{port}/api/"))
        .max_retries(1)
        .retry_base_delay(std::time::Duration::from_millis(1))
        .on_event(move |e| {
            sink.lock()
                .unwrap()
                .push((e.name().into(), e.to_json(), String::new()))
        })
        .build()
        .unwrap();
    assert!(c.call("GetAllGroups", &Params::new()).is_err());
    let seen = seen.lock().unwrap();
    let last: serde_json::Value = serde_json::from_str(&seen.last().unwrap().1).unwrap();
    assert_eq!(last["event"], "outcome");
    assert_eq!(last["error_kind"], "transport");
    assert_eq!(last["attempts"], 2);
    assert_eq!(last["may_have_been_applied"], false);
}

/// A cancelled call ends with an outcome event of kind `cancelled`, saying whether
/// the request may have been applied. The sandbox stalls the answer for 15 s; the
/// cancel comes after 300 ms, so the call is cancelled while waiting (sent).
#[test]
fn a_cancelled_call_ends_with_a_cancelled_outcome() {
    use justclick::client::{CallOptions, CancelHandle};
    let sb = sandbox();
    let (b, seen) = recording(&sb);
    let c = b.build().unwrap();
    let cancel = CancelHandle::new();
    // Cancelled before it starts: nothing sent.
    cancel.cancel();
    let e = c
        .call_with(
            "GetAllGroups",
            &Params::new(),
            &CallOptions::new().with_cancel(&cancel),
        )
        .unwrap_err();
    assert_eq!(e.attempts(), 0);
    let before: serde_json::Value =
        serde_json::from_str(&seen.lock().unwrap().last().unwrap().1).unwrap();
    assert_eq!(before["error_kind"], "cancelled");
    assert_eq!(before["may_have_been_applied"], false);
    assert_eq!(before["attempts"], 0);

    sb.inject(Fault::Slow(std::time::Duration::from_secs(15)), 1);
    let cancel = CancelHandle::new();
    let later = cancel.clone();
    let t = std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_millis(300));
        later.cancel();
    });
    let e = c
        .call_with(
            "GetAllGroups",
            &Params::new(),
            &CallOptions::new().with_cancel(&cancel),
        )
        .unwrap_err();
    t.join().unwrap();
    assert_eq!(e.kind(), justclick::error::ErrorKind::Cancelled);
    assert_eq!(e.attempts(), 1);
    let seen = seen.lock().unwrap();
    let (name, json, line) = seen.last().unwrap();
    assert_eq!(name, "outcome");
    let out: serde_json::Value = serde_json::from_str(json).unwrap();
    assert_eq!(out["ok"], false);
    assert_eq!(out["error_kind"], "cancelled");
    assert_eq!(out["may_have_been_applied"], true);
    assert_eq!(out["attempts"], 1);
    assert!(line.contains("cancelled"), "{line}");
}

/// Errors carry the requests made and the time taken: two dropped connections on a
/// write are one attempt (a write is not retried once sent); a refused connection
/// is retried, so the error counts every try and at least their backoff.
#[test]
fn errors_carry_attempts_and_elapsed() {
    let sb = sandbox();
    let c = builder(&sb).build().unwrap();
    sb.inject(Fault::DropConnection, 1);
    let mut p = Params::new();
    p.insert("lead_email", Value::from("a@example.org"));
    p.insert("rass_name", Value::from("super"));
    let e = c.invoke("DeleteSubscribe", &p).unwrap_err();
    assert_eq!(e.attempts(), 1, "{e:?}");
    assert!(e.elapsed() > std::time::Duration::ZERO);
    // An API error (the verified answer) counts too.
    let e = c.invoke("DeleteSubscribe", &p).unwrap_err();
    assert!(e.api_code().is_some(), "{e:?}");
    assert_eq!(e.attempts(), 1);

    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let delay = std::time::Duration::from_millis(20);
    let c = justclick::Client::builder("shop", "s")
        .base_url(format!("http://127.0.0.1:{port}/api/"))
        .max_retries(2)
        .retry_base_delay(delay)
        .build()
        .unwrap();
    let e = c.call("GetAllGroups", &Params::new()).unwrap_err();
    assert_eq!(e.attempts(), 3, "{e:?}");
    // The backoff alone is at least half of 20 ms + 40 ms (jitter in [0.5, 1)).
    assert!(e.elapsed() >= delay * 3 / 2, "{:?}", e.elapsed());
    // Refused before sending: nothing counted.
    let e = c.call("Get/../x", &Params::new()).unwrap_err();
    assert_eq!((e.attempts(), e.elapsed()), (0, std::time::Duration::ZERO));
}
