//! Invoice notifications sent by the sandbox are parsed and verified by
//! `verify_notification`; altered ones are refused.

mod client_support;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::mpsc::{Receiver, channel};
use std::thread;
use std::time::Duration;

use client_support::builder;
use justclick::client::{NewOrder, OrderStatus};
use justclick::{Error, NotificationKind, Params, SignatureFormula, Value, verify_notification};
use justclick_sandbox::{Config, Sandbox};

/// A one-purpose HTTP receiver on 127.0.0.1: every POST body arrives on the channel.
fn receiver() -> (String, Receiver<String>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!(
        "http://{}/justclick-callback",
        listener.local_addr().unwrap()
    );
    let (tx, rx) = channel();
    thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { return };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut length = 0;
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                    break;
                }
                if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                    length = v.trim().parse().unwrap_or(0);
                }
            }
            let mut body = vec![0; length];
            reader.read_exact(&mut body).unwrap();
            let _ = stream
                .write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\nconnection: close\r\n\r\nOK");
            if tx.send(String::from_utf8(body).unwrap()).is_err() {
                return;
            }
        }
    });
    (url, rx)
}

#[test]
fn sandbox_notifications_verify_round_trip() {
    let (url, bodies) = receiver();
    let sb = Sandbox::start(Config {
        callback_url: Some(url),
        ..Config::default()
    })
    .unwrap();
    let secret = sb.account().secret.clone();
    let c = builder(&sb).build().unwrap();
    let next = || {
        bodies
            .recv_timeout(Duration::from_secs(10))
            .unwrap_or_else(|_| panic!("no notification; sandbox log: {:?}", sb.callback_log()))
    };

    let order = c
        .create_order(&NewOrder::new(["course"], "cb@example.com"))
        .unwrap();
    let created = next();
    let n = verify_notification(created.as_str(), &secret).unwrap();
    assert_eq!(n.kind, NotificationKind::Created);
    assert_eq!(n.formula, Some(SignatureFormula::IdEmailCreated));
    assert_eq!(n.get("id"), Some(order.bill_id.to_string().as_str()));
    assert_eq!(n.get("email"), Some("cb@example.com"));
    let Some(Value::List(items)) = n.fields.get("items") else {
        panic!("items are a nested list: {:?}", n.fields)
    };
    assert_eq!(items.len(), 1);

    c.update_order_status(
        order.bill_id,
        &OrderStatus::Paid {
            date: 1_700_500_000,
        },
    )
    .unwrap();
    let paid = next();
    let n = verify_notification(paid.as_str(), &secret).unwrap();
    assert_eq!(
        (n.kind.clone(), n.formula),
        (NotificationKind::Paid, Some(SignatureFormula::IdEmailPaid))
    );
    assert_eq!(n.get("paid"), Some("1700500000"));
    assert_eq!(n.to_json()["kind"], "paid");

    let other = c
        .create_order(&NewOrder::new(["course"], "cancel@example.com"))
        .unwrap();
    let _ = next();
    c.update_order_status(other.bill_id, &OrderStatus::Cancel)
        .unwrap();
    let cancelled = next();
    let n = verify_notification(cancelled.as_str(), &secret).unwrap();
    assert_eq!(n.kind, NotificationKind::Cancelled);

    // Altered fields, a wrong secret, a replayed created hash on a "paid" body: refused.
    let moved = paid.replace("cb%40example.com", "thief%40example.com");
    assert!(matches!(
        verify_notification(moved.as_str(), &secret),
        Err(Error::BadSignature { .. })
    ));
    assert!(verify_notification(paid.as_str(), "not-the-secret").is_err());
    let replay: Params = justclick::php_parse::parse_post_body(created.as_bytes())
        .iter()
        .filter(|(k, _)| *k != "status")
        .map(|(k, v)| (k.to_owned(), v.clone()))
        .chain([("paid".to_owned(), Value::Str("1800000000".into()))])
        .collect();
    assert!(verify_notification(&replay, &secret).is_err());
    // The sandbox recorded every delivery as answered.
    // (The sandbox records a delivery once it has read our answer; give it a moment.)
    let mut log = sb.callback_log();
    for _ in 0..100 {
        if log.len() == 4 {
            break;
        }
        thread::sleep(Duration::from_millis(20));
        log = sb.callback_log();
    }
    assert_eq!(log.len(), 4);
    assert!(log.iter().all(|r| r.status == Some(200)), "{log:?}");
}
