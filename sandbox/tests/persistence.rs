//! The state file: written on change and on stop, loaded at start.

mod support;

use std::time::{Duration, Instant};

use justclick_sandbox::{Config, Sandbox};
use support::call_json;

#[test]
fn state_survives_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("state.json");
    let config = Config {
        state_file: Some(file.clone()),
        ..Config::default()
    };
    let sb = Sandbox::start(config.clone()).unwrap();
    call_json(
        &sb,
        "DeleteSubscribe",
        r#"{"lead_email":"user@example.com","rass_name":"super"}"#,
    );
    let id = call_json(
        &sb,
        "CreateOrder",
        r#"{"goods":[{"good_name":"course"}],"bill_email":"p@example.com"}"#,
    )["result"]["bill_id"]
        .as_u64()
        .unwrap();

    // Saved soon after the change, before any stop.
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let saved = std::fs::read_to_string(&file).unwrap_or_default();
        if saved.contains("p@example.com") {
            break;
        }
        assert!(Instant::now() < deadline, "state not saved: {saved}");
        std::thread::sleep(Duration::from_millis(20));
    }
    let before = sb.state_json();
    sb.stop();
    drop(sb);

    let sb = Sandbox::start(config).unwrap();
    assert_eq!(sb.state_json(), before);
    let d = call_json(&sb, "getOrderDetails", &format!(r#"{{"bill_id":{id}}}"#));
    assert_eq!(d["result"]["email"], "p@example.com");
    let s = call_json(
        &sb,
        "GetLeadGroupStatuses",
        r#"{"email":"user@example.com"}"#,
    );
    assert_eq!(s["result"][0]["rass_status"], "STATUS_UNSUBSCRIBE");
    // New ids continue after the loaded ones.
    let next = call_json(
        &sb,
        "CreateOrder",
        r#"{"goods":[{"good_name":"course"}],"bill_email":"q@example.com"}"#,
    );
    assert_eq!(next["result"]["bill_id"].as_u64(), Some(id + 1));
}

#[test]
fn broken_state_file_is_an_error_and_new_accounts_are_seeded() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("state.json");
    std::fs::write(&file, "{not json").unwrap();
    let err = Sandbox::start(Config {
        state_file: Some(file.clone()),
        ..Config::default()
    })
    .unwrap_err();
    assert_eq!(err.kind(), std::io::ErrorKind::InvalidData);

    std::fs::write(&file, r#"{"accounts":{}}"#).unwrap();
    let sb = Sandbox::start(Config {
        state_file: Some(file.clone()),
        ..Config::default()
    })
    .unwrap();
    assert_eq!(
        call_json(&sb, "GetAllGroups", "{}")["error_code"],
        0,
        "demo seeded"
    );
    sb.stop();
    let saved: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert_eq!(saved, sb.state_json());
}
