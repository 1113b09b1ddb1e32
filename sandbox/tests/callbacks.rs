//! Invoice notifications: delivered to a tiny local listener, signed as documented,
//! and accepted by the core's notification verifier.

mod support;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

use justclick::notification::{NotificationKind, verify_notification};
use justclick::php_parse::parse_str;
use justclick_sandbox::{Config, Sandbox, notification_hash};
use support::{call_json, call_v2};

/// Accepts connections forever; sends each request's (path, body) to the channel.
fn listener() -> (String, Receiver<(String, String)>) {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!(
        "http://127.0.0.1:{}/hook?src=sandbox",
        l.local_addr().unwrap().port()
    );
    let (tx, rx) = channel();
    std::thread::spawn(move || {
        for stream in l.incoming() {
            let Ok(mut s) = stream else { continue };
            let mut r = BufReader::new(s.try_clone().unwrap());
            let mut line = String::new();
            r.read_line(&mut line).unwrap();
            let path = line.split(' ').nth(1).unwrap_or_default().to_owned();
            let mut len = 0;
            loop {
                let mut h = String::new();
                r.read_line(&mut h).unwrap();
                if h.trim().is_empty() {
                    break;
                }
                if let Some((k, v)) = h.split_once(':') {
                    if k.eq_ignore_ascii_case("content-length") {
                        len = v.trim().parse().unwrap();
                    }
                }
            }
            let mut body = vec![0; len];
            r.read_exact(&mut body).unwrap();
            s.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nOK")
                .unwrap();
            let _ = tx.send((path, String::from_utf8(body).unwrap()));
        }
    });
    (url, rx)
}

fn next(rx: &Receiver<(String, String)>) -> (String, String) {
    rx.recv_timeout(Duration::from_secs(10))
        .expect("a notification")
}

#[test]
fn created_paid_cancelled_are_posted_and_signed() {
    let (url, rx) = listener();
    let sb = Sandbox::start(Config {
        callback_url: Some(url),
        ..Config::default()
    })
    .unwrap();
    let secret = sb.account().secret.clone();
    let a = call_json(
        &sb,
        "CreateOrder",
        r#"{"goods":[{"good_name":"course"},{"good_name":"course","good_sum":"10"}],"bill_email":"cb@example.com","bill_first_name":"Иван","bill_tag":"t/1","utm":{"utm_source":"s"}}"#,
    );
    let id = a["result"]["bill_id"].as_u64().unwrap();
    let (path, body) = next(&rx);
    assert_eq!(path, "/hook?src=sandbox");
    let f = parse_str(&body);
    let get = |k: &str| justclick_sandbox_test_get(&f, k);
    assert_eq!(get("status"), "new_order");
    assert_eq!(get("id"), id.to_string());
    assert_eq!(get("first_name"), "Иван");
    assert_eq!(get("tag"), "t/1");
    assert!(body.contains("utm%5Bsource%5D=s"), "{body}");
    assert!(body.contains("items%5B1%5D%5Bsum%5D=10"), "{body}");
    assert!(get("link").starts_with("/bill/?id="));
    let created: i64 = get("created").parse().unwrap();
    assert_eq!(
        get("hash"),
        notification_hash(id, "cb@example.com", created, &secret)
    );
    let n = verify_notification(body.as_str(), &secret).unwrap();
    assert_eq!(n.kind, NotificationKind::Created);

    let p = format!(r#"{{"bill_id":{id},"status":"paid","date":1700000999}}"#);
    assert_eq!(call_json(&sb, "UpdateOrderStatus", &p)["error_code"], 0);
    let (_, body) = next(&rx);
    let f = parse_str(&body);
    assert_eq!(justclick_sandbox_test_get(&f, "paid"), "1700000999");
    assert_eq!(justclick_sandbox_test_get(&f, "last_payment_sum"), "1510");
    assert_eq!(
        justclick_sandbox_test_get(&f, "hash"),
        notification_hash(id, "cb@example.com", 1_700_000_999, &secret)
    );
    assert_eq!(
        verify_notification(body.as_str(), &secret).unwrap().kind,
        NotificationKind::Paid
    );
    assert!(verify_notification(body.as_str(), "wrong").is_err());

    call_json(
        &sb,
        "UpdateOrderStatus",
        r#"{"bill_id":1002,"status":"cancel"}"#,
    );
    let (_, body) = next(&rx);
    let f = parse_str(&body);
    assert_eq!(justclick_sandbox_test_get(&f, "status"), "cancel_order");
    assert_eq!(
        verify_notification(body.as_str(), &secret).unwrap().kind,
        NotificationKind::Cancelled
    );

    // API 2.0 orders notify too: created, then paid.
    call_v2(
        &sb,
        "createorder",
        r#"{"product_names":"course","customer_email":"v2@example.com","order_status":"Paid"}"#,
    );
    let kinds: Vec<String> = (0..2)
        .map(|_| justclick_sandbox_test_get(&parse_str(&next(&rx).1), "status"))
        .collect();
    assert_eq!(kinds, ["new_order", ""]);

    // A refund recorded through API 2.0: created, then moneyback.
    call_v2(
        &sb,
        "createorder",
        r#"{"product_names":"course","customer_email":"mb@example.com","order_status":"MoneyBack"}"#,
    );
    let _ = next(&rx);
    let (_, body) = next(&rx);
    let f = parse_str(&body);
    assert_eq!(justclick_sandbox_test_get(&f, "status"), "moneyback");
    assert_eq!(
        verify_notification(body.as_str(), &secret).unwrap().kind,
        NotificationKind::Moneyback
    );

    sb.stop();
    let log = sb.callback_log();
    assert_eq!(log.len(), 7);
    assert!(log.iter().all(|r| r.status == Some(200)), "{log:?}");
    assert_eq!(log[1].event, "paid");
}

#[test]
fn undeliverable_callbacks_are_recorded_not_fatal() {
    let dead = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://127.0.0.1:{}/", dead.local_addr().unwrap().port());
    drop(dead);
    let sb = Sandbox::start(Config {
        callback_url: Some(url),
        ..Config::default()
    })
    .unwrap();
    let a = call_json(
        &sb,
        "CreateOrder",
        r#"{"goods":[{"good_name":"course"}],"bill_email":"x@example.com"}"#,
    );
    assert_eq!(a["error_code"], 0);
    sb.stop();
    let log = sb.callback_log();
    assert_eq!(log.len(), 1);
    assert!(log[0].error.is_some() && log[0].status.is_none(), "{log:?}");
}

fn justclick_sandbox_test_get(p: &justclick::Params, k: &str) -> String {
    match p.get(k) {
        Some(justclick::Value::Str(s)) => s.clone(),
        _ => String::new(),
    }
}
