//! Helpers shared by the sandbox's integration tests: a raw HTTP/1.1 client (so
//! tests see exactly what went over the wire) and signed-call shortcuts.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use justclick::{Params, sign};
use justclick_sandbox::{CodeVariant, Config, Sandbox};
use serde_json::Value as Json;

/// An HTTP answer as received.
#[derive(Debug)]
pub struct Raw {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// The body had as many bytes as `Content-Length` promised.
    pub complete: bool,
}

impl Raw {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn json(&self) -> Json {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }
}

/// Sends one request with `Connection: close` and reads everything.
pub fn raw(
    port: u16,
    method: &str,
    path: &str,
    host: &str,
    content_type: Option<&str>,
    body: &[u8],
) -> Raw {
    let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    let mut head = format!("{method} {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n");
    if let Some(ct) = content_type {
        head.push_str(&format!("Content-Type: {ct}\r\n"));
    }
    head.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
    s.write_all(head.as_bytes()).unwrap();
    s.write_all(body).unwrap();
    let mut buf = Vec::new();
    // A dropped connection may end in a reset: keep what arrived.
    let _ = s.read_to_end(&mut buf);
    parse(&buf)
}

fn parse(buf: &[u8]) -> Raw {
    let split = buf
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no HTTP head in {:?}", String::from_utf8_lossy(buf)));
    let head = String::from_utf8_lossy(&buf[..split]).into_owned();
    let mut lines = head.split("\r\n");
    let status: u16 = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .expect("status line");
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
        .collect();
    let body = buf[split + 4..].to_vec();
    let promised = headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse::<usize>().ok());
    let complete = promised.is_none_or(|n| n == body.len());
    Raw {
        status,
        headers,
        body,
        complete,
    }
}

pub const FORM: Option<&str> = Some("application/x-www-form-urlencoded");

/// POSTs a form body to `/api/{method}` with `Host: 127.0.0.1:PORT`.
pub fn post(sb: &Sandbox, method: &str, body: &str) -> Raw {
    let host = format!("127.0.0.1:{}", sb.port());
    raw(
        sb.port(),
        "POST",
        &format!("/api/{method}"),
        &host,
        FORM,
        body.as_bytes(),
    )
}

/// POSTs a form body to a control endpoint.
pub fn control(sb: &Sandbox, cmd: &str, body: &str) -> Raw {
    let host = format!("127.0.0.1:{}", sb.port());
    raw(
        sb.port(),
        "POST",
        &format!("/_sandbox/{cmd}"),
        &host,
        FORM,
        body.as_bytes(),
    )
}

/// GETs a control endpoint.
pub fn control_get(sb: &Sandbox, cmd: &str) -> Json {
    let host = format!("127.0.0.1:{}", sb.port());
    raw(
        sb.port(),
        "GET",
        &format!("/_sandbox/{cmd}"),
        &host,
        None,
        b"",
    )
    .json()
}

/// Signs `params` for the default account and POSTs them; returns the JSON answer
/// after checking its signature.
pub fn call(sb: &Sandbox, method: &str, params: &Params) -> Json {
    let a = sb.account();
    let body = sign(params, &a.login, &a.secret).unwrap().into_body();
    let r = post(sb, method, &body);
    assert_eq!(r.status, 200, "{}", r.text());
    let text = r.text();
    assert!(
        justclick::check_hash(&text, &a.secret),
        "answer not signed with the secret: {text}"
    );
    r.json()
}

/// Like [`call`], with params from JSON text.
pub fn call_json(sb: &Sandbox, method: &str, params: &str) -> Json {
    call(sb, method, &Params::from_json(params).unwrap())
}

/// POSTs an API 2.0 call with the default account's `rpsKey`; checks the answer is
/// signed with the API key.
pub fn call_v2(sb: &Sandbox, method: &str, params: &str) -> Json {
    let a = sb.account();
    let mut p = Params::from_json(params).unwrap();
    p.insert("rpsKey", a.api_key.as_str());
    let body = justclick::build_query(&p).unwrap();
    let r = post(sb, method, &body);
    assert_eq!(r.status, 200, "{}", r.text());
    assert!(justclick::check_hash(&r.text(), &a.api_key), "{}", r.text());
    r.json()
}

/// `(error_code, error_text)` of an answer.
pub fn code(answer: &Json) -> (i64, String) {
    (
        answer["error_code"].as_i64().expect("error_code"),
        answer["error_text"]
            .as_str()
            .expect("error_text")
            .to_owned(),
    )
}

/// A sandbox with the server-code variant.
pub fn server_variant() -> Sandbox {
    Sandbox::start(Config {
        variant: CodeVariant::Server,
        ..Config::default()
    })
    .unwrap()
}

pub fn sandbox() -> Sandbox {
    Sandbox::start(Config::default()).unwrap()
}
