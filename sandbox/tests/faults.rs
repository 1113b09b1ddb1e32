//! Every fault mode, over raw HTTP and through the client, plus latency and the HTTP
//! control interface.

mod support;

use std::time::{Duration, Instant};

use justclick::{Error, Params, ResponseProblem};
use justclick_sandbox::{Fault, Sandbox};
use support::{call, control, control_get, post, sandbox};

fn signed_body(sb: &Sandbox) -> String {
    justclick::sign(&Params::new(), "demo", &sb.account().secret)
        .unwrap()
        .into_body()
}

#[test]
fn hash_faults_break_only_the_signature() {
    let sb = sandbox();
    let body = signed_body(&sb);
    let secret = sb.account().secret.clone();
    sb.inject(Fault::ForgedHash, 1);
    sb.inject(Fault::HashTrue, 1);
    sb.inject(Fault::MissingHash, 1);
    let forged = post(&sb, "GetAllGroups", &body);
    let v = forged.json();
    assert_eq!(v["error_code"], 0);
    assert_eq!(v["hash"].as_str().unwrap().len(), 32);
    assert!(!justclick::check_hash(&forged.text(), &secret));
    let t = post(&sb, "GetAllGroups", &body);
    assert_eq!(t.json()["hash"], serde_json::json!(true));
    assert!(!justclick::check_hash(&t.text(), &secret));
    let m = post(&sb, "GetAllGroups", &body);
    assert!(m.json().get("hash").is_none());
    assert!(m.json().get("result").is_some());
    // The queue is empty again: genuine.
    assert!(justclick::check_hash(
        &post(&sb, "GetAllGroups", &body).text(),
        &secret
    ));
    let faults: Vec<_> = sb.request_log().iter().map(|e| e.fault.clone()).collect();
    assert_eq!(
        faults,
        [
            Some("forged_hash".into()),
            Some("hash_true".into()),
            Some("missing_hash".into()),
            None
        ]
    );
}

#[test]
fn transport_faults_over_raw_http() {
    let sb = sandbox();
    let body = signed_body(&sb);

    sb.inject(Fault::Html502, 1);
    let r = post(&sb, "DeleteSubscribe", &body);
    assert_eq!(r.status, 502);
    assert!(r.text().contains("<h1>502 Bad Gateway</h1>"));

    sb.inject(Fault::TruncatedJson, 1);
    let r = post(&sb, "GetAllGroups", &body);
    assert_eq!(r.status, 200);
    assert!(r.complete, "valid HTTP");
    assert!(r.text().starts_with("{\"error_code\":0"));
    assert!(serde_json::from_slice::<serde_json::Value>(&r.body).is_err());

    sb.inject(Fault::EmptyBody, 1);
    let r = post(&sb, "GetAllGroups", &body);
    assert_eq!((r.status, r.body.len()), (200, 0));

    sb.inject(Fault::HugeBody, 1);
    let r = post(&sb, "GetAllGroups", &body);
    assert!(r.body.len() > 20 * 1024 * 1024);
    assert!(
        justclick::check_hash(&r.text(), &sb.account().secret),
        "genuine, just huge"
    );

    sb.inject(Fault::Redirect307, 1);
    let r = post(&sb, "GetAllGroups", &body);
    assert_eq!(r.status, 307);
    assert_eq!(
        r.header("location"),
        Some(format!("http://127.0.0.1:{}/api/GetAllGroups", sb.port()).as_str())
    );

    sb.inject(Fault::DropConnection, 1);
    let r = post(&sb, "GetAllGroups", &body);
    assert_eq!(r.status, 200);
    assert!(
        !r.complete,
        "closed before Content-Length bytes: {} bytes",
        r.body.len()
    );
    assert!(!r.body.is_empty(), "part of the body was sent");

    sb.inject(Fault::Slow(Duration::from_millis(300)), 1);
    let t = Instant::now();
    assert_eq!(post(&sb, "GetAllGroups", &body).json()["error_code"], 0);
    assert!(t.elapsed() >= Duration::from_millis(300));
}

#[test]
fn faults_through_the_client() {
    let sb = sandbox();
    let client = sb
        .client_builder()
        .max_retries(0)
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap();
    let p = Params::new();
    let kind = |e: Error| match e {
        Error::BadResponse { kind, .. } => kind,
        other => panic!("not BadResponse: {other:?}"),
    };
    sb.inject(Fault::ForgedHash, 1);
    assert!(matches!(
        client.call("GetAllGroups", &p),
        Err(Error::BadSignature { .. })
    ));
    sb.inject(Fault::Html502, 1);
    let e = client.call("GetAllGroups", &p).unwrap_err();
    assert_eq!(e.http_status(), Some(502));
    sb.inject(Fault::EmptyBody, 1);
    assert_eq!(
        kind(client.call("GetAllGroups", &p).unwrap_err()),
        ResponseProblem::Empty
    );
    sb.inject(Fault::TruncatedJson, 1);
    assert_eq!(
        kind(client.call("GetAllGroups", &p).unwrap_err()),
        ResponseProblem::Truncated
    );
    sb.inject(Fault::HugeBody, 1);
    assert!(
        client.call("GetAllGroups", &p).is_err(),
        "over the 16 MiB cap"
    );
    sb.inject(Fault::DropConnection, 1);
    assert!(client.call("GetAllGroups", &p).is_err());
    // A 307 is followed with the same signed body; the repeat is answered normally.
    sb.inject(Fault::Redirect307, 1);
    assert!(client.call("GetAllGroups", &p).is_ok());
    let log = sb.request_log();
    let n = log.len();
    assert_eq!(log[n - 2].status, 307);
    assert_eq!(log[n - 1].body, log[n - 2].body);
    // Slow beyond the client's timeout.
    let quick = sb
        .client_builder()
        .max_retries(0)
        .timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    sb.inject(Fault::Slow(Duration::from_millis(800)), 1);
    assert!(matches!(
        quick.call("GetAllGroups", &p),
        Err(Error::Timeout { .. })
    ));
}

#[test]
fn drop_connection_still_processes_the_request() {
    let sb = sandbox();
    let client = sb.client_builder().max_retries(0).build().unwrap();
    sb.inject(Fault::DropConnection, 1);
    assert!(
        client
            .delete_subscribe("user@example.com", "super")
            .is_err()
    );
    // The unsubscribe happened although the answer was lost.
    assert_eq!(
        client
            .delete_subscribe("user@example.com", "super")
            .unwrap_err()
            .api_code(),
        Some(801)
    );
    // A 502 page never reached the backend: nothing changed.
    sb.inject(Fault::Html502, 1);
    assert!(
        client
            .call(
                "AddLeadToGroup",
                &Params::from_json(r#"{"rid":["mega"],"lead_email":"q@example.com"}"#).unwrap()
            )
            .is_err()
    );
    let st = call(
        &sb,
        "GetLeadGroupStatuses",
        &Params::new().with("email", "q@example.com"),
    );
    assert_eq!(st["error_code"], 500);
}

#[test]
fn latency_applies_to_every_answer() {
    let sb = sandbox();
    let body = signed_body(&sb);
    sb.set_latency(Duration::from_millis(150));
    for _ in 0..2 {
        let t = Instant::now();
        post(&sb, "GetAllGroups", &body);
        assert!(t.elapsed() >= Duration::from_millis(150));
    }
    sb.set_latency(Duration::ZERO);
    let t = Instant::now();
    post(&sb, "GetAllGroups", &body);
    assert!(t.elapsed() < Duration::from_millis(150));
}

#[test]
fn http_control_interface() {
    let sb = sandbox();
    let body = signed_body(&sb);
    let r = control(&sb, "fault", "mode=html_502&count=2");
    assert_eq!(
        r.json(),
        serde_json::json!({"ok":true,"mode":"html_502","count":2})
    );
    assert_eq!(post(&sb, "GetAllGroups", &body).status, 502);
    assert_eq!(post(&sb, "GetAllGroups", &body).status, 502);
    assert_eq!(post(&sb, "GetAllGroups", &body).status, 200);
    assert_eq!(control(&sb, "fault", "mode=bogus").status, 400);
    assert_eq!(control(&sb, "fault", "mode=slow&count=x").status, 400);

    control(&sb, "fault", "mode=slow&delay_ms=250");
    let t = Instant::now();
    post(&sb, "GetAllGroups", &body);
    assert!(t.elapsed() >= Duration::from_millis(250));

    assert_eq!(control(&sb, "latency", "ms=120").json()["ms"], 120);
    let t = Instant::now();
    post(&sb, "GetAllGroups", &body);
    assert!(t.elapsed() >= Duration::from_millis(120));
    assert_eq!(control(&sb, "latency", "ms=-1").status, 400);

    let log = control_get(&sb, "log");
    assert_eq!(log.as_array().unwrap().len(), 5);
    assert_eq!(log[0]["fault"], "html_502");
    assert_eq!(log[2]["error_code"], 0);

    call(
        &sb,
        "DeleteSubscribe",
        &Params::new()
            .with("lead_email", "user@example.com")
            .with("rass_name", "super"),
    );
    let state = control_get(&sb, "state");
    assert_eq!(
        state["accounts"]["demo"]["contacts"][0]["subscriptions"][0]["status"],
        "STATUS_UNSUBSCRIBE"
    );
    control(&sb, "fault", "mode=forged_hash&count=5");
    assert_eq!(control(&sb, "reset", "").json()["ok"], true);
    assert!(!sb.faults_pending());
    assert_eq!(control_get(&sb, "state"), sb.state_json());
    assert_eq!(
        sb.state_json()["accounts"]["demo"]["contacts"][0]["subscriptions"][0]["status"],
        "STATUS_SUBSCRIBE"
    );
    assert!(sb.request_log().is_empty());
    let t = Instant::now();
    post(&sb, "GetAllGroups", &body);
    assert!(t.elapsed() < Duration::from_millis(120), "latency reset");
    assert_eq!(control_get(&sb, "callbacks"), serde_json::json!([]));
}
