//! Products: success and error paths in both code variants.

mod support;

use support::{call_json, code, sandbox, server_variant};

#[test]
fn add_update_delete_list() {
    let sb = sandbox();
    let a = call_json(
        &sb,
        "AddGood",
        r#"{"good_name":"mag","good_type":"0","good_title":"Журнал","good_sum":"99.5","good_success_link":"https://x.test/ok"}"#,
    );
    assert_eq!(code(&a), (0, "OK".into()));
    let list = call_json(&sb, "GetAllGoods", "{}");
    let row = &list["result"][2];
    assert_eq!(
        row,
        &serde_json::json!({"good_id":3,"good_name":"mag","good_title":"Журнал","good_sum":"99.5","good_type":"0"})
    );
    assert_eq!(list["result"][1]["good_type"], "1", "book is physical");

    // Omitting good_sum writes 0 (the Russian docs' warning).
    let a = call_json(
        &sb,
        "UpdateGood",
        r#"{"good_name":"mag","good_title":"Mag"}"#,
    );
    assert_eq!(a["error_code"], 0);
    let row = &call_json(&sb, "GetAllGoods", "{}")["result"][2];
    assert_eq!(
        (row["good_title"].as_str(), row["good_sum"].as_str()),
        (Some("Mag"), Some("0"))
    );

    assert_eq!(
        call_json(&sb, "DeleteGood", r#"{"good_name":"mag"}"#)["error_code"],
        0
    );
    assert_eq!(
        call_json(&sb, "GetAllGoods", "{}")["result"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
}

#[test]
fn documented_variant_errors() {
    let sb = sandbox();
    let base = r#""good_type":"1","good_title":"T","good_sum":"1""#;
    assert_eq!(
        code(&call_json(&sb, "AddGood", &format!(r#"{{{base}}}"#))),
        (2, "No transmitted data".into())
    );
    assert_eq!(
        code(&call_json(
            &sb,
            "AddGood",
            &format!(r#"{{"good_name":"course",{base}}}"#)
        )),
        (3, "Wrong posted data".into())
    );
    let bad_type = call_json(
        &sb,
        "AddGood",
        r#"{"good_name":"n","good_type":"x","good_title":"T","good_sum":"1"}"#,
    );
    assert_eq!(bad_type["error_code"], 3);
    // good_type "real" (the docs' example) is physical.
    call_json(
        &sb,
        "AddGood",
        r#"{"good_name":"r","good_type":"real","good_title":"T","good_sum":"1"}"#,
    );
    assert_eq!(
        call_json(&sb, "GetAllGoods", "{}")["result"][2]["good_type"],
        "1"
    );
    assert_eq!(
        call_json(&sb, "UpdateGood", r#"{"good_name":"nope"}"#)["error_code"],
        3
    );
    assert_eq!(call_json(&sb, "UpdateGood", "{}")["error_code"], 2);
    assert_eq!(
        call_json(&sb, "DeleteGood", r#"{"good_name":"nope"}"#)["error_code"],
        3
    );
    assert_eq!(
        call_json(&sb, "DeleteGood", r#"{"x":"1"}"#)["error_code"],
        2
    );
    for name in ["course", "book", "r"] {
        call_json(&sb, "DeleteGood", &format!(r#"{{"good_name":"{name}"}}"#));
    }
    assert_eq!(
        code(&call_json(&sb, "GetAllGoods", "{}")),
        (700, "No products".into())
    );
}

#[test]
fn server_variant_codes_300_to_303() {
    let sb = server_variant();
    let a = call_json(
        &sb,
        "AddGood",
        r#"{"good_name":"course","good_type":"real","good_title":"T","good_sum":"1"}"#,
    );
    assert_eq!(code(&a), (301, "Product already exist".into()));
    // PHP empty('0') rejects good_type 0, as the server code does.
    let a = call_json(
        &sb,
        "AddGood",
        r#"{"good_name":"n","good_type":"0","good_title":"T","good_sum":"1"}"#,
    );
    assert_eq!(a["error_code"], 2);
    // Anything but "real" is digital.
    call_json(
        &sb,
        "AddGood",
        r#"{"good_name":"n","good_type":"1","good_title":"T","good_sum":"1"}"#,
    );
    assert_eq!(
        call_json(&sb, "GetAllGoods", "{}")["result"][2]["good_type"],
        "0"
    );
    assert_eq!(
        code(&call_json(&sb, "UpdateGood", r#"{"good_name":"nope"}"#)),
        (300, "Product not found".into())
    );
    assert_eq!(
        code(&call_json(&sb, "DeleteGood", r#"{"good_name":"nope"}"#)),
        (302, "Failed to remove product".into())
    );
}
