//! Contacts and groups: every method's success and error paths, both code variants.

mod support;

use support::{call_json, code, sandbox, server_variant};

fn statuses(sb: &justclick_sandbox::Sandbox, email: &str) -> serde_json::Value {
    call_json(
        sb,
        "GetLeadGroupStatuses",
        &format!(r#"{{"email":"{email}"}}"#),
    )
}

#[test]
fn add_lead_to_group_success_activation_and_errors() {
    let sb = sandbox();
    let a = call_json(
        &sb,
        "AddLeadToGroup",
        r#"{"rid":["mega","1608202637.2284137403"],"lead_email":"New@Example.com","lead_name":"Иван","activation":true,"utm":{"utm_source":"x"}}"#,
    );
    assert_eq!(code(&a), (0, "Activation email sent to subscriber".into()));
    let s = statuses(&sb, "new@example.com");
    assert_eq!(s["result"][0]["rass_name"], "mega");
    assert_eq!(s["result"][0]["rass_status"], "STATUS_WAIT");
    assert_eq!(s["result"][1]["rass_title"], "Webinar list");

    // Already active somewhere: no activation needed, plain OK.
    let a = call_json(
        &sb,
        "AddLeadToGroup",
        r#"{"rid":["mega"],"lead_email":"user@example.com","activation":1}"#,
    );
    assert_eq!(code(&a), (0, "OK".into()));

    let a = call_json(
        &sb,
        "AddLeadToGroup",
        r#"{"rid":["super"],"lead_email":"user@example.com"}"#,
    );
    assert_eq!(
        code(&a),
        (102, "The subscriber is already registered".into())
    );
    let a = call_json(
        &sb,
        "AddLeadToGroup",
        r#"{"rid":["nope"],"lead_email":"x@example.com"}"#,
    );
    assert_eq!(code(&a), (103, "Has an invalid subscriptions group".into()));
    let a = call_json(
        &sb,
        "AddLeadToGroup",
        r#"{"rid":["super","nope"],"lead_email":"x@example.com"}"#,
    );
    assert_eq!(a["error_code"], 103);
    let a = call_json(
        &sb,
        "AddLeadToGroup",
        r#"{"rid":["buyers"],"lead_email":"x@example.com"}"#,
    );
    assert_eq!(code(&a), (104, "Subscription forbidden for buyers".into()));
    let a = call_json(
        &sb,
        "AddLeadToGroup",
        r#"{"rid":["super"],"lead_email":"not-an-email"}"#,
    );
    assert_eq!(code(&a), (100, "Email is missing".into()));
    let a = call_json(&sb, "AddLeadToGroup", r#"{"rid":["super"]}"#);
    assert_eq!(a["error_code"], 100);
}

#[test]
fn add_lead_to_group_server_variant_answers_code_zero() {
    let sb = server_variant();
    let a = call_json(
        &sb,
        "AddLeadToGroup",
        r#"{"rid":["super"],"lead_email":"user@example.com"}"#,
    );
    assert_eq!(code(&a), (0, "The subscriber is already registered".into()));
    let a = call_json(
        &sb,
        "AddLeadToGroup",
        r#"{"rid":["nope","buyers"],"lead_email":"x@example.com"}"#,
    );
    assert_eq!(code(&a), (0, "Has an invalid subscriptions group".into()));
    // Invalid groups are skipped when a valid one remains.
    let a = call_json(
        &sb,
        "AddLeadToGroup",
        r#"{"rid":["nope","mega"],"lead_email":"x@example.com"}"#,
    );
    assert_eq!(code(&a), (0, "OK".into()));
    assert_eq!(
        statuses(&sb, "x@example.com")["result"][0]["rass_name"],
        "mega"
    );
}

#[test]
fn resubscribing_after_unsubscribe_needs_no_activation() {
    let sb = sandbox();
    call_json(
        &sb,
        "DeleteSubscribe",
        r#"{"lead_email":"user@example.com","rass_name":"super"}"#,
    );
    let a = call_json(
        &sb,
        "AddLeadToGroup",
        r#"{"rid":["super"],"lead_email":"user@example.com","activation":1}"#,
    );
    assert_eq!(code(&a), (0, "OK".into()));
    assert_eq!(
        statuses(&sb, "user@example.com")["result"][0]["rass_status"],
        "STATUS_SUBSCRIBE"
    );
}

#[test]
fn update_subscriber_data() {
    let sb = sandbox();
    let a = call_json(
        &sb,
        "UpdateSubscriberData",
        r#"{"lead_email":"user@example.com","lead_name":"Пётр","lead_phone":"+7","lead_tags":"a,b"}"#,
    );
    assert_eq!(code(&a), (0, "OK".into()));
    let st = sb.state_json();
    let c = &st["accounts"]["demo"]["contacts"][0];
    assert_eq!(c["name"], "Пётр");
    assert_eq!(c["phone"], "+7");
    assert_eq!(c["tags"], serde_json::json!(["a", "b"]));
    let a = call_json(
        &sb,
        "UpdateSubscriberData",
        r#"{"lead_email":"ghost@example.com"}"#,
    );
    assert_eq!(code(&a), (500, "Subscriber not found".into()));
    let a = call_json(&sb, "UpdateSubscriberData", r#"{"lead_email":"bad"}"#);
    assert_eq!(a["error_code"], 100);
}

#[test]
fn delete_subscribe() {
    let sb = sandbox();
    let a = call_json(
        &sb,
        "DeleteSubscribe",
        r#"{"lead_email":"user@example.com","rass_name":"super"}"#,
    );
    assert_eq!(code(&a), (0, "OK".into()));
    assert!(a.get("result").is_none());
    assert_eq!(
        statuses(&sb, "user@example.com")["result"][0]["rass_status"],
        "STATUS_UNSUBSCRIBE"
    );
    let a = call_json(
        &sb,
        "DeleteSubscribe",
        r#"{"lead_email":"user@example.com","rass_name":"super"}"#,
    );
    assert_eq!(
        code(&a),
        (801, "Subscriber with such address is not found".into())
    );
    let a = call_json(
        &sb,
        "DeleteSubscribe",
        r#"{"lead_email":"user@example.com","rass_name":"nope"}"#,
    );
    assert_eq!(code(&a), (800, "Group subscribers is not found".into()));
    let a = call_json(
        &sb,
        "DeleteSubscribe",
        r#"{"lead_email":"ghost@example.com","rass_name":"mega"}"#,
    );
    assert_eq!(a["error_code"], 801);
    // An empty rass_name loops over nothing (server code): OK.
    let a = call_json(
        &sb,
        "DeleteSubscribe",
        r#"{"lead_email":"user@example.com","rass_name":""}"#,
    );
    assert_eq!(a["error_code"], 0);
    // rass_name may be an array.
    call_json(
        &sb,
        "AddLeadToGroup",
        r#"{"rid":["super","mega"],"lead_email":"z@example.com"}"#,
    );
    let a = call_json(
        &sb,
        "DeleteSubscribe",
        r#"{"lead_email":"z@example.com","rass_name":["super","mega"]}"#,
    );
    assert_eq!(a["error_code"], 0);
    let s = statuses(&sb, "z@example.com");
    assert!(
        s["result"]
            .as_array()
            .unwrap()
            .iter()
            .all(|g| g["rass_status"] == "STATUS_UNSUBSCRIBE")
    );
}

#[test]
fn lead_groups_and_statuses() {
    let sb = sandbox();
    let s = statuses(&sb, "USER@example.com");
    assert_eq!(code(&s), (0, "OK".into()));
    let row = &s["result"][0];
    assert_eq!(row["rass_name"], "super");
    assert_eq!(row["rass_title"], "Super newsletter");
    assert_eq!(row["rass_status"], "STATUS_SUBSCRIBE");
    assert_eq!(row["subscription_time"], 1_700_000_000);
    let g = call_json(&sb, "GetLeadGroups", r#"{"email":"user@example.com"}"#);
    assert_eq!(
        g["result"],
        serde_json::json!([{"rass_name":"super","rass_title":"Super newsletter"}])
    );
    assert_eq!(
        code(&statuses(&sb, "ghost@example.com")),
        (500, "Subscriber not found".into())
    );
    assert_eq!(statuses(&sb, "bad")["error_code"], 3);
    // A contact in no group: 501 (created by API 2.0 without lists).
    support::call_v2(&sb, "addupdatelead", r#"{"lead_email":"solo@example.com"}"#);
    assert_eq!(
        code(&statuses(&sb, "solo@example.com")),
        (501, "Group not found".into())
    );
    assert_eq!(
        call_json(&sb, "GetLeadGroups", r#"{"email":"ghost@example.com"}"#)["error_code"],
        500
    );
}

#[test]
fn all_groups_in_both_variants_and_empty() {
    let sb = sandbox();
    let g = call_json(&sb, "GetAllGroups", "{}");
    let names: Vec<&str> = g["result"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["rass_name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        ["super", "mega", "1608202637.2284137403"],
        "automatic groups are hidden"
    );
    assert!(g["result"][0].get("rass_id").is_none());
    let sv = server_variant();
    assert_eq!(
        call_json(&sv, "GetAllGroups", "{}")["result"][0]["rass_id"],
        1
    );
    let empty = justclick_sandbox::Sandbox::start(justclick_sandbox::Config {
        seed: false,
        ..Default::default()
    })
    .unwrap();
    assert_eq!(
        code(&call_json(&empty, "GetAllGroups", "{}")),
        (501, "Group not found".into())
    );
}

#[test]
fn count_subscribe() {
    let sb = sandbox();
    call_json(
        &sb,
        "AddLeadToGroup",
        r#"{"rid":["super"],"lead_email":"two@example.com"}"#,
    );
    call_json(
        &sb,
        "DeleteSubscribe",
        r#"{"lead_email":"user@example.com","rass_name":"super"}"#,
    );
    let count = |name: &str| {
        call_json(
            &sb,
            "GetCountSubscribe",
            &format!(r#"{{"group_name":"{name}"}}"#),
        )
    };
    assert_eq!(count("super")["result"], 1);
    assert_eq!(count("mega")["result"], 0);
    assert_eq!(count("unique")["result"], 1);
    assert_eq!(count("all")["result"], 2);
    assert_eq!(code(&count("alls")), (501, "Group not found".into()));
    assert_eq!(code(&count("nope")), (501, "Group not found".into()));
    assert_eq!(
        code(&call_json(&sb, "GetCountSubscribe", "{}")),
        (2, "No transmitted data".into())
    );
    let sv = server_variant();
    let c = call_json(&sv, "GetCountSubscribe", r#"{"group_name":"alls"}"#);
    assert_eq!(c["result"], 1);
    assert_eq!(
        call_json(&sv, "GetCountSubscribe", r#"{"group_name":"all"}"#)["error_code"],
        501
    );
}
