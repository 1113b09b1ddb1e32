//! The wire protocol: verification order, account by host, PHP-style JSON, routing.

mod support;

use justclick::{Params, sign};
use justclick_sandbox::{Account, Config, Sandbox};
use support::{FORM, code, post, raw, sandbox};

#[test]
fn general_errors_in_server_order() {
    let sb = sandbox();
    let secret = sb.account().secret.clone();
    let r = post(&sb, "DeleteSubscribe", "");
    assert_eq!(code(&r.json()), (2, "No transmitted data".into()));
    assert!(justclick::check_hash(&r.text(), &secret));
    assert_eq!(
        code(&post(&sb, "DeleteSubscribe", "lead_email=a").json()),
        (1, "Not transferred hash".into())
    );
    assert_eq!(
        post(&sb, "DeleteSubscribe", "lead_email=a&hash=").json()["error_code"],
        1
    );
    let bad = post(
        &sb,
        "DeleteSubscribe",
        "lead_email=a&hash=00000000000000000000000000000000",
    );
    assert_eq!(code(&bad.json()), (4, "Incorrect hash".into()));
    // Upper-case hex is a different string for PHP.
    let p = Params::new().with("rass_name", "super");
    let signed = sign(&p, "demo", &secret).unwrap();
    let upper = format!("rass_name=super&hash={}", signed.hash().to_uppercase());
    assert_eq!(post(&sb, "DeleteSubscribe", &upper).json()["error_code"], 4);
    // Wrong login in the hash.
    let other = sign(&p, "someone", &secret).unwrap();
    assert_eq!(
        post(&sb, "DeleteSubscribe", other.body()).json()["error_code"],
        4
    );
}

#[test]
fn unknown_subdomain_is_error_5_and_host_selects_account() {
    let sb = Sandbox::start(Config {
        accounts: vec![Account::new("demo", "s1"), Account::new("shop", "s2")],
        ..Config::default()
    })
    .unwrap();
    let r = raw(
        sb.port(),
        "POST",
        "/api/GetAllGroups",
        "ghost.localhost",
        FORM,
        b"hash=x",
    );
    let a = r.json();
    assert_eq!(code(&a), (5, "Invalid user name".into()));
    assert!(
        justclick::check_hash(&r.text(), ""),
        "signed with an empty secret"
    );

    let body = sign(&Params::new(), "shop", "s2").unwrap().into_body();
    let host = format!("shop.localhost:{}", sb.port());
    let r = raw(
        sb.port(),
        "POST",
        "/api/GetAllGroups",
        &host,
        FORM,
        body.as_bytes(),
    );
    assert_eq!(r.json()["error_code"], 0);
    assert!(justclick::check_hash(&r.text(), "s2"));
    // The same body on the default account fails.
    assert_eq!(post(&sb, "GetAllGroups", &body).json()["error_code"], 4);
    assert_eq!(
        sb.request_log().last().unwrap().account.as_deref(),
        Some("demo")
    );
}

#[test]
fn php_rewrites_are_what_gets_verified() {
    let sb = sandbox();
    let secret = sb.account().secret.clone();
    // The server hashes what PHP parsed: families grouped, [] re-indexed, dots mangled.
    let server_view = Params::from_json(
        r#"{"utm":{"a":"1","b":"3"},"lead_email":"x@example.com","rid":["super","mega"],"lead_name":"n"}"#,
    )
    .unwrap();
    let hash = justclick::get_hash(&server_view, "demo", &secret).unwrap();
    let body = format!(
        "utm%5Ba%5D=1&lead_email=x%40example.com&utm%5Bb%5D=3&rid[]=super&rid[]=mega&lead.name=n&hash={hash}"
    );
    let a = post(&sb, "AddLeadToGroup", &body).json();
    assert_eq!(a["error_code"], 0, "{a}");
    // Signing the bytes as sent (not as PHP parsed them) fails.
    let naive = justclick::signing::request_hash(
        "utm%5Ba%5D=1&lead_email=x%40example.com&utm%5Bb%5D=3",
        "demo",
        &secret,
    );
    let body = format!(
        "utm%5Ba%5D=1&lead_email=x%40example.com&utm%5Bb%5D=3&hash={}",
        justclick::signing::hex_str(&naive)
    );
    assert_eq!(post(&sb, "AddLeadToGroup", &body).json()["error_code"], 4);
}

#[test]
fn answers_are_php_json_encode() {
    let sb = sandbox();
    support::call_json(
        &sb,
        "AddGood",
        r#"{"good_name":"g","good_type":"0","good_title":"Группа / 2 😀","good_sum":"1"}"#,
    );
    let body = sign(&Params::new(), "demo", &sb.account().secret)
        .unwrap()
        .into_body();
    let r = post(&sb, "GetAllGoods", &body);
    let text = r.text();
    assert!(
        text.starts_with(r#"{"error_code":0,"error_text":"OK","result":[{"good_id":1,"#),
        "{text}"
    );
    assert!(
        text.contains(r#""good_title":"\u0413\u0440\u0443\u043f\u043f\u0430 \/ 2 \ud83d\ude00""#),
        "{text}"
    );
    assert!(text.ends_with("\"}"));
    assert_eq!(r.header("content-type"), Some("application/json"));
}

#[test]
fn routing_and_non_form_requests() {
    let sb = sandbox();
    let host = format!("127.0.0.1:{}", sb.port());
    assert_eq!(
        raw(sb.port(), "POST", "/api/NoSuchMethod", &host, FORM, b"a=1").status,
        404
    );
    assert_eq!(raw(sb.port(), "GET", "/", &host, None, b"").status, 404);
    // PHP fills $_POST only for urlencoded POSTs.
    let body = sign(&Params::new(), "demo", &sb.account().secret)
        .unwrap()
        .into_body();
    let r = raw(
        sb.port(),
        "POST",
        "/api/GetAllGroups",
        &host,
        Some("application/json"),
        body.as_bytes(),
    );
    assert_eq!(r.json()["error_code"], 2);
    let r = raw(sb.port(), "GET", "/api/GetAllGroups", &host, None, b"");
    assert_eq!(r.json()["error_code"], 2);
    let r = raw(
        sb.port(),
        "POST",
        "/api/getallgroups/",
        &host,
        FORM,
        body.as_bytes(),
    );
    assert_eq!(
        r.json()["error_code"],
        0,
        "PHP dispatch is case-insensitive"
    );
    let log = sb.request_log();
    assert_eq!(log.last().unwrap().method.as_deref(), Some("GetAllGroups"));
}

#[test]
fn request_log_redacts_rps_key() {
    let sb = sandbox();
    post(
        &sb,
        "getgoods",
        &format!("rpsKey={}&x=1", sb.account().api_key),
    );
    let entry = sb.request_log().pop().unwrap();
    assert_eq!(entry.body, "rpsKey=<redacted>&x=1");
    assert_eq!(entry.params, serde_json::json!({"x":"1"}));
    assert_eq!(entry.error_code, Some(0));
    assert!(!format!("{entry:?}").contains(&sb.account().api_key));
}

#[test]
fn disabled_account_is_error_7_and_subscribe_limit_is_error_8() {
    let sb = Sandbox::start(Config {
        accounts: vec![Account::new("demo", "s1"), Account::new("off", "s2")],
        disabled_accounts: vec!["off".into()],
        subscribe_limit: Some(2),
        ..Config::default()
    })
    .unwrap();
    let host = format!("off.localhost:{}", sb.port());
    let body = sign(&Params::new(), "off", "s2").unwrap().into_body();
    let r = raw(
        sb.port(),
        "POST",
        "/api/GetAllGroups",
        &host,
        FORM,
        body.as_bytes(),
    );
    assert_eq!(code(&r.json()), (7, "Account disabled".into()));
    assert!(justclick::check_hash(&r.text(), "s2"));

    let add = |email: &str| {
        let p =
            Params::from_json(&format!(r#"{{"rid":["mega"],"lead_email":"{email}"}}"#)).unwrap();
        post(
            &sb,
            "AddLeadToGroup",
            sign(&p, "demo", "s1").unwrap().body(),
        )
        .json()
    };
    assert_eq!(add("a@example.com")["error_code"], 0);
    assert_eq!(
        add("a@example.com")["error_code"],
        102,
        "failures do not count"
    );
    assert_eq!(add("b@example.com")["error_code"], 0);
    assert_eq!(
        code(&add("c@example.com")),
        (
            8,
            "Limit to subscribe for this IP exided. Try later.127.0.0.1".into()
        )
    );
    // Other methods are not limited; reset clears the counter.
    assert_eq!(
        post(
            &sb,
            "GetAllGroups",
            sign(&Params::new(), "demo", "s1").unwrap().body()
        )
        .json()["error_code"],
        0
    );
    sb.reset();
    assert_eq!(add("c@example.com")["error_code"], 0);
}
