//! API 2.0 methods: `rpsKey` authentication, every method's success and errors.

mod support;

use serde_json::json;
use support::{call_v2, code, post, sandbox};

#[test]
fn rps_key_is_required_and_checked() {
    let sb = sandbox();
    let r = post(&sb, "getalllists", "rpsKey=wrong");
    let a = r.json();
    assert_eq!(code(&a), (4, "Incorrect hash".into()));
    // Errors are signed with the account's API key too.
    assert!(justclick::check_hash(&r.text(), &sb.account().api_key));
    assert_eq!(post(&sb, "getalllists", "x=1").json()["error_code"], 4);
    assert_eq!(post(&sb, "getalllists", "").json()["error_code"], 2);
    // API 1.0 signing is not accepted for 2.0 methods.
    let signed = justclick::sign(
        &justclick::Params::new().with("a", "1"),
        "demo",
        &sb.account().secret,
    )
    .unwrap();
    assert_eq!(post(&sb, "getgoods", signed.body()).json()["error_code"], 4);
}

#[test]
fn lists_goods_coupons_managers() {
    let sb = sandbox();
    let l = call_v2(&sb, "getalllists", "{}");
    assert_eq!(
        l["result"][2],
        json!({"id":3,"rass_id":3,"rass_name":"1608202637.2284137403","rass_title":"Webinar list"})
    );
    assert_eq!(l["result"].as_array().unwrap().len(), 3);
    let g = call_v2(&sb, "getgoods", "{}");
    assert_eq!(
        g["result"][0],
        json!({"id":1,"good_name":"course","good_title":"Online course"})
    );
    assert_eq!(
        call_v2(&sb, "getcoupons", "{}")["result"],
        json!([{"id":1,"coupon":"WELCOME10"}])
    );
    assert_eq!(
        call_v2(&sb, "getpersonalmanagers", "{}")["result"],
        json!([{"id":1,"manager_id":1,"manager_name":"Anna Manager"}])
    );
    // Case-insensitive dispatch for 2.0 names.
    assert_eq!(call_v2(&sb, "GetCoupons", "{}")["error_code"], 0);
}

#[test]
fn createorder() {
    let sb = sandbox();
    let a = call_v2(
        &sb,
        "createorder",
        r#"{"product_names":"course,book","product_prices":"1000","customer_email":"V2@example.com","order_status":"Paid","order_paid_at":"2019-07-30 04:22:16","coupon":"1","affiliates":"partner1","utm_source":"ya"}"#,
    );
    assert_eq!(code(&a), (0, "OK".into()));
    let id = a["result"]["bill_id"].as_u64().unwrap();
    let d = support::call_json(&sb, "getOrderDetails", &format!(r#"{{"bill_id":{id}}}"#))["result"]
        .clone();
    assert_eq!(d["email"], "v2@example.com");
    assert_eq!(d["items"][0]["sum"], "1000");
    assert_eq!(
        d["items"][1]["sum"], "990",
        "missing trailing price: product price"
    );
    assert_eq!(d["pay_status"], "paid");
    assert_eq!(d["paid"], 1_564_460_536);
    assert_eq!(d["kupon"], "WELCOME10");
    assert_eq!(d["utm"]["source"], "ya");
    assert_eq!(
        code(&call_v2(&sb, "createorder", "{}")),
        (603, "Missing products".into())
    );
    assert_eq!(
        code(&call_v2(&sb, "createorder", r#"{"product_names":"x"}"#)),
        (604, "Product not exist: x".into())
    );
    assert_eq!(
        call_v2(
            &sb,
            "createorder",
            r#"{"product_names":"course","customer_email":"bad"}"#
        )["error_code"],
        600
    );
    assert_eq!(
        call_v2(
            &sb,
            "createorder",
            r#"{"product_names":"course","order_status":"Lost"}"#
        )["error_code"],
        201
    );
}

#[test]
fn leads_lists_and_tags() {
    let sb = sandbox();
    let a = call_v2(
        &sb,
        "addupdatelead",
        r#"{"lead_email":"n@example.com","lead_first_name":"Nina","lead_last_name":"K","add_to_lists":"super,mega","add_tags":"vip,new","lead_telegram":"@nk"}"#,
    );
    assert_eq!(code(&a), (0, "OK".into()));
    assert_eq!(a["result"], json!([]));
    let contact = |sb: &justclick_sandbox::Sandbox| {
        sb.state_json()["accounts"]["demo"]["contacts"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["email"] == "n@example.com")
            .cloned()
            .unwrap()
    };
    let c = contact(&sb);
    assert_eq!(c["name"], "Nina K");
    assert_eq!(c["tags"], json!(["vip", "new"]));
    assert_eq!(c["fields"]["lead_telegram"], "@nk");
    assert_eq!(c["subscriptions"].as_array().unwrap().len(), 2);

    assert_eq!(
        call_v2(
            &sb,
            "addtagtolead",
            r#"{"lead_email":"n@example.com","add_tags":"x"}"#
        )["error_code"],
        0
    );
    assert_eq!(
        call_v2(
            &sb,
            "removetagfromlead",
            r#"{"lead_email":"n@example.com","remove_tags":"vip"}"#
        )["error_code"],
        0
    );
    // The docs' example sends add_tags to removetagfromlead: accepted as the list.
    call_v2(
        &sb,
        "removetagfromlead",
        r#"{"lead_email":"n@example.com","add_tags":"new"}"#,
    );
    assert_eq!(contact(&sb)["tags"], json!(["x"]));
    assert_eq!(
        call_v2(
            &sb,
            "removeleadfromlist",
            r#"{"lead_email":"n@example.com","remove_from_lists":"mega"}"#
        )["error_code"],
        0
    );
    assert_eq!(
        contact(&sb)["subscriptions"][1]["status"],
        "STATUS_UNSUBSCRIBE"
    );

    assert_eq!(
        code(&call_v2(
            &sb,
            "addtagtolead",
            r#"{"lead_email":"ghost@example.com","add_tags":"x"}"#
        )),
        (500, "Subscriber not found".into())
    );
    assert_eq!(
        code(&call_v2(
            &sb,
            "removetagfromlead",
            r#"{"lead_email":"bad","remove_tags":"x"}"#
        )),
        (100, "Email is missing".into())
    );
    assert_eq!(
        call_v2(
            &sb,
            "removeleadfromlist",
            r#"{"lead_email":"ghost@example.com","remove_from_lists":"mega"}"#
        )["error_code"],
        500
    );
    assert_eq!(
        call_v2(
            &sb,
            "removeleadfromlist",
            r#"{"lead_email":"n@example.com","remove_from_lists":"nope"}"#
        )["error_code"],
        103
    );
    assert_eq!(
        call_v2(&sb, "addupdatelead", r#"{"lead_email":"bad"}"#)["error_code"],
        100
    );
    assert_eq!(
        call_v2(
            &sb,
            "addupdatelead",
            r#"{"lead_email":"q@example.com","add_to_lists":"buyers"}"#
        )["error_code"],
        103
    );
    // Without an e-mail a new contact is created each time.
    let before = sb.state_json()["accounts"]["demo"]["contacts"]
        .as_array()
        .unwrap()
        .len();
    call_v2(&sb, "addupdatelead", r#"{"lead_first_name":"Anon"}"#);
    assert_eq!(
        sb.state_json()["accounts"]["demo"]["contacts"]
            .as_array()
            .unwrap()
            .len(),
        before + 1
    );
}
