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
