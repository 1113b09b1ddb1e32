//! Orders and partners: success and error paths in both code variants.

mod support;

use justclick_sandbox::Sandbox;
use serde_json::json;
use support::{call_json, code, sandbox, server_variant};

fn create(sb: &Sandbox, email: &str, good: &str) -> serde_json::Value {
    call_json(
        sb,
        "CreateOrder",
        &format!(
            r#"{{"goods":[{{"good_name":"{good}","good_sum":1200}}],"bill_email":"{email}","bill_first_name":"A","bill_surname":"B","bill_country":"RU","bill_city":"Moscow","bill_address":"Red sq. 1","bill_domain":"https://shop.test/","utm":{{"utm_medium":"affiliate","utm_source":"partner1"}},"bill_kupon":"WELCOME10","bill_otchestvo":"C"}}"#
        ),
    )
}

#[test]
fn create_order_success_and_duplicate() {
    let sb = sandbox();
    let a = create(&sb, "Buyer2@example.com", "course");
    assert_eq!(code(&a), (0, "Order created".into()));
    assert_eq!(a["result"], json!({"bill_id": 1004}));
    let d = call_json(&sb, "getOrderDetails", r#"{"bill_id":1004}"#)["result"].clone();
    assert_eq!(d["email"], "buyer2@example.com");
    assert_eq!(d["middle_name"], "C");
    assert_eq!(d["kupon"], "WELCOME10");
    assert_eq!(d["domain"], "shop.test");
    assert!(
        d["link"]
            .as_str()
            .unwrap()
            .starts_with("http://shop.test/bill/?id=1004&crc=")
    );
    assert_eq!(d["items"][0]["sum"], "1200");
    assert_eq!(d["items"][0]["price"], "1500");
    assert_eq!(d["items"][0]["partners"][0]["partner_name"], "partner1");
    assert_eq!(d["utm"]["medium"], "affiliate");
    assert_eq!(d["pay_status"], "waiting");

    let dup = create(&sb, "buyer2@example.com", "course");
    assert_eq!(
        code(&dup),
        (
            601,
            "Order already exist. His number send in result array.".into()
        )
    );
    assert_eq!(dup["result"]["bill_id"], 1004);
}

#[test]
fn create_order_errors() {
    let sb = sandbox();
    let a = call_json(
        &sb,
        "CreateOrder",
        r#"{"goods":[{"good_name":"course"}],"bill_email":"nope"}"#,
    );
    assert_eq!(code(&a), (600, "Wrong email: 'nope'".into()));
    let a = call_json(&sb, "CreateOrder", r#"{"bill_email":"a@example.com"}"#);
    assert_eq!(code(&a), (603, "Missing products".into()));
    let a = call_json(
        &sb,
        "CreateOrder",
        r#"{"goods":"course","bill_email":"a@example.com"}"#,
    );
    assert_eq!(a["error_code"], 603);
    let a = call_json(
        &sb,
        "CreateOrder",
        r#"{"goods":[{"good_name":"ghost"}],"bill_email":"a@example.com"}"#,
    );
    assert_eq!(code(&a), (604, "Product not exist: ghost".into()));
    let a = call_json(
        &sb,
        "CreateOrder",
        r#"{"goods":[{"good_name":"book"}],"bill_email":"a@example.com","bill_first_name":"A"}"#,
    );
    assert_eq!(
        code(&a),
        (605, "Not having any data for delivery products".into())
    );
    // A digital product needs no delivery data; the shop price applies.
    let a = call_json(
        &sb,
        "CreateOrder",
        r#"{"goods":[{"good_name":"course"}],"bill_email":"a@example.com"}"#,
    );
    assert_eq!(a["error_code"], 0);
}

#[test]
fn update_order_status_documented() {
    let sb = sandbox();
    let st = |p: &str| call_json(&sb, "UpdateOrderStatus", p);
    assert_eq!(
        code(&st(r#"{"status":"paid","date":1}"#)),
        (203, "Order number is empty".into())
    );
    assert_eq!(
        code(&st(r#"{"bill_id":1002}"#)),
        (201, "Wrong status".into())
    );
    assert_eq!(
        code(&st(r#"{"bill_id":1002,"status":"lost"}"#)),
        (201, "Wrong status".into())
    );
    assert_eq!(
        code(&st(r#"{"bill_id":1002,"status":"paid"}"#)),
        (3, "Wrong posted data".into())
    );
    assert_eq!(
        st(r#"{"bill_id":1002,"status":"sent","date":5}"#)["error_code"],
        3
    );
    assert_eq!(
        code(&st(r#"{"bill_id":9,"status":"cancel"}"#)),
        (200, "Nonexistent order".into())
    );
    assert_eq!(
        code(&st(r#"{"bill_id":1003,"status":"paid","date":5}"#)),
        (202, "Order not paid".into())
    );
    let ok = st(r#"{"bill_id":1002,"status":"sent","date":1700000500,"rpo":"RA123"}"#);
    assert_eq!(code(&ok), (0, "Order status changed".into()));
    let ok = st(r#"{"bill_id":1002,"status":"paid","date":1700000600}"#);
    assert_eq!(ok["error_code"], 0);
    let info = call_json(&sb, "GetOrderInfo", r#"{"bill_id":1002}"#);
    assert_eq!(info["result"][0]["pay_status"], "paid");
    assert_eq!(info["result"][0]["paid"], 1_700_000_600);
}

#[test]
fn update_order_status_and_delete_server_variant() {
    let sb = server_variant();
    let st = |p: &str| call_json(&sb, "UpdateOrderStatus", p);
    assert_eq!(
        code(&st(r#"{"status":"paid","date":1}"#)),
        (3, "Wrong posted data".into())
    );
    assert_eq!(st(r#"{"bill_id":1002}"#)["error_code"], 3);
    assert_eq!(
        code(&st(r#"{"bill_id":1002,"status":"cancel"}"#)),
        (0, "OK".into())
    );
    let del = |p: &str| call_json(&sb, "DeleteOrder", p);
    assert_eq!(code(&del(r#"{"bill_id":1002}"#)), (0, "OK".into()));
    assert_eq!(
        code(&del(r#"{"bill_id":1002}"#)),
        (200, "Nonexistent order".into())
    );
    assert_eq!(
        code(&del(r#"{"x":1}"#)),
        (203, "Order number is empty".into())
    );
    assert_eq!(
        code(&call_json(&sb, "GetOrders", r#"{"date_s":1}"#)),
        (0, "OK".into())
    );
    assert_eq!(
        code(&call_json(&sb, "GetOrders", r#"{"date_s":1999999999}"#)),
        (401, "Orders not found".into())
    );
}

#[test]
fn delete_order_documented() {
    let sb = sandbox();
    let del = |p: &str| call_json(&sb, "DeleteOrder", p);
    assert_eq!(
        code(&del(r#"{"bill_id":1001}"#)),
        (0, "Order deleted".into())
    );
    assert_eq!(
        code(&del(r#"{"bill_id":1001}"#)),
        (302, "Nonexistent order".into())
    );
    assert_eq!(del(r#"{"bill_id":"x"}"#)["error_code"], 302);
    assert_eq!(
        code(&call_json(&sb, "getOrderDetails", r#"{"bill_id":1001}"#)),
        (400, "Order not found".into())
    );
}

#[test]
fn order_lists() {
    let sb = sandbox();
    let all = call_json(
        &sb,
        "GetOrders",
        r#"{"date_s":1600000000,"date_e":1800000000}"#,
    );
    let ids: Vec<u64> = all["result"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["id"].as_u64().unwrap())
        .collect();
    assert_eq!(ids, [1001, 1002, 1003]);
    assert!(all["result"][0].get("items").is_none());
    let paid = call_json(&sb, "GetOrders", r#"{"paid":1,"goods":["course"]}"#);
    assert_eq!(paid["result"].as_array().unwrap().len(), 1);
    assert_eq!(
        call_json(&sb, "GetOrders", r#"{"date_s":1999999999}"#)["result"],
        json!([])
    );

    let w = call_json(
        &sb,
        "getOrdersWithGoods",
        r#"{"begin_date":"14.11.2023","end_date":"15.11.2023"}"#,
    );
    let rows = w["result"].as_array().unwrap();
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[0]["items"][0]["title"], "Online course");
    assert_eq!(rows[0]["good_count"], 1);
    assert_eq!(rows[0]["bill_sum_topay"], "0");
    assert_eq!(rows[1]["bill_sum_topay"], "990");
    let w = call_json(
        &sb,
        "getOrdersWithGoods",
        r#"{"begin_date":"14.11.2023","end_date":"15.11.2023","paid":"true","goods":"1"}"#,
    );
    assert_eq!(w["result"].as_array().unwrap().len(), 1);
    // More than a month: the start moves to a month before the end.
    let w = call_json(
        &sb,
        "getOrdersWithGoods",
        r#"{"begin_date":"01.01.2020","end_date":"31.12.2023"}"#,
    );
    assert_eq!(w["result"], json!([]));
    assert_eq!(
        call_json(&sb, "getOrdersWithGoods", r#"{"begin_date":"2023-11-14"}"#)["error_code"],
        3
    );
    // No dates: today only.
    assert_eq!(
        call_json(&sb, "getOrdersWithGoods", "{}")["result"],
        json!([])
    );
}

#[test]
fn single_order_views() {
    let sb = sandbox();
    let d = call_json(&sb, "getOrderDetails", r#"{"bill_id":1001,"good_info":1}"#);
    assert_eq!(d["result"]["good_ids"], json!([1]));
    assert_eq!(d["result"]["price"], "1500");
    assert_eq!(
        d["result"]["link"].as_str().unwrap().split("crc=").next(),
        Some("/bill/?id=1001&")
    );
    let info = call_json(&sb, "GetOrderInfo", r#"{"bill_id":1001}"#);
    assert_eq!(info["result"].as_array().unwrap().len(), 1, "array of one");
    assert!(info["result"][0].get("items").is_none());
    assert_eq!(
        code(&call_json(&sb, "GetOrderInfo", r#"{"bill_id":5}"#)),
        (400, "Order not found".into())
    );
    assert_eq!(call_json(&sb, "getOrderDetails", "{}")["error_code"], 400);
}

#[test]
fn bills_by_email() {
    let sb = sandbox();
    let b = call_json(&sb, "GetBills", r#"{"email":"user@example.com"}"#);
    assert_eq!(
        b["result"],
        json!({"1001":{"1":{"good_name":"course","good_title":"Online course"}},
               "1003":{"1":{"good_name":"course","good_title":"Online course"}}})
    );
    let b = call_json(
        &sb,
        "GetBills",
        r#"{"email":"user@example.com","pay_status":"cancel"}"#,
    );
    assert_eq!(b["result"].as_object().unwrap().len(), 1);
    assert_eq!(
        code(&call_json(
            &sb,
            "GetBills",
            r#"{"email":"ghost@example.com"}"#
        )),
        (400, "Order not found".into())
    );
    assert_eq!(
        call_json(&sb, "GetBills", r#"{"email":"bad"}"#)["error_code"],
        3
    );
}

#[test]
fn partner_stats() {
    let sb = sandbox();
    let p = call_json(
        &sb,
        "GetPartnerStats",
        r#"{"partner":"partner1","date_from":"2023-01-01"}"#,
    );
    assert_eq!(
        p["result"],
        json!({"earned_total":"450","topay_total":"150","clicks_total":120,"leads_total":14,"bills_total":3,"partners_total":1})
    );
    assert_eq!(
        code(&call_json(&sb, "GetPartnerStats", r#"{"x":1}"#)),
        (2, "No transmitted data".into())
    );
    assert_eq!(
        call_json(
            &sb,
            "GetPartnerStats",
            r#"{"partner":"partner1","date_to":"01.01.2023"}"#
        )["error_code"],
        3
    );
    assert_eq!(
        code(&call_json(
            &sb,
            "GetPartnerStats",
            r#"{"partner":"nobody"}"#
        )),
        (1000, "Partner not found".into())
    );
}
