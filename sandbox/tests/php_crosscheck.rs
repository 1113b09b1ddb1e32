//! Independent check against PHP itself: `tests/php-reference/verify.php`, served by
//! `php -S`, verifies signatures with PHP's own `$_POST` parsing, `http_build_query`
//! and `md5`. The same signed requests go to it and to the sandbox: both must accept
//! the genuine ones and reject the tampered ones. It also compares the sandbox's
//! `$_POST` parser with PHP's on random bodies.
//!
//! Skipped, with a loud message, when `php` is not on PATH.

mod support;

use std::io::Write as _;
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use justclick::{Params, sign};
use justclick_sandbox::{DEFAULT_LOGIN, DEFAULT_SECRET, Sandbox};
use serde_json::Value as Json;
use support::{FORM, post, raw};

/// `php -S` on a free port; killed on drop.
struct PhpServer {
    child: Child,
    port: u16,
}

impl Drop for PhpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start_php() -> Option<PhpServer> {
    if Command::new("php").arg("-v").output().is_err() {
        eprintln!(
            "\n\n!!!!!!!!!! SKIPPED: `php` is not on PATH — the PHP cross-check did NOT run !!!!!!!!!!\n\
             !!!!!!!!!! install php-cli (Debian: apt-get install php-cli) to run it      !!!!!!!!!!\n"
        );
        return None;
    }
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let script: PathBuf = [
        env!("CARGO_MANIFEST_DIR"),
        "..",
        "tests",
        "php-reference",
        "verify.php",
    ]
    .iter()
    .collect();
    let child = Command::new("php")
        .args(["-d", "display_errors=0", "-d", "log_errors=0", "-S"])
        .arg(format!("127.0.0.1:{port}"))
        .arg(&script)
        .env("JC_LOGIN", DEFAULT_LOGIN)
        .env("JC_SECRET", DEFAULT_SECRET)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn php -S");
    let server = PhpServer { child, port };
    let deadline = Instant::now() + Duration::from_secs(10);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "php -S did not start");
        std::thread::sleep(Duration::from_millis(20));
    }
    Some(server)
}

fn php(server: &PhpServer, path: &str, body: &str) -> Json {
    let r = raw(
        server.port,
        "POST",
        path,
        "127.0.0.1",
        FORM,
        body.as_bytes(),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    r.json()
}

/// The verdict of both verifiers on one body: `(php_code, sandbox_code)`.
fn verdicts(php_srv: &PhpServer, sb: &Sandbox, body: &str) -> (i64, i64) {
    let p = php(php_srv, "/verify", body)["error_code"]
        .as_i64()
        .unwrap();
    let s = post(sb, "GetAllGroups", body).json()["error_code"]
        .as_i64()
        .unwrap();
    (p, s)
}

fn tampered(body: &str) -> Vec<String> {
    let mut out = vec![
        format!("zz=1&{body}"),
        body.replacen('=', "=x", 1),
        format!("{}0", &body[..body.len() - 1]),
    ];
    if let Some(i) = body.find("&hash=") {
        out.push(body[..i].replacen("%D0", "%D1", 1) + &body[i..]);
    }
    out.retain(|t| t != body);
    out
}

fn golden_params() -> Vec<(String, Params)> {
    let path: PathBuf = [
        env!("CARGO_MANIFEST_DIR"),
        "..",
        "tests",
        "vectors",
        "php-golden.jsonl",
    ]
    .iter()
    .collect();
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter_map(|l| serde_json::from_str::<Json>(l).ok())
        .filter(|v| v["kind"] == "request")
        .map(|v| {
            let name = v["name"].as_str().unwrap_or_default().to_owned();
            (name, Params::from_json_value(&v["params"]).unwrap())
        })
        .collect()
}

fn extra_params() -> Vec<(String, Params)> {
    [
        r#"{"lead_name":"Иван 😀 Ñ ü","tag":"a b~c*!'()","doneurl2":"https://example.com/t?x=1&y=2"}"#,
        r#"{"goods":[{"good_name":"x","good_sum":1.5},{"good_name":"y","good_sum":0.1}],"utm":{"utm_source":"a/b?c=d&e"}}"#,
        r#"{"deep":{"a":{"b":{"c":["1","2",{"d":"e"}]}}},"flag":true,"off":false,"nil":null,"empty":""}"#,
        r#"{"rid":["super","1608202637.2284137403"],"lead_email":"lead@email.com","activation":true}"#,
        r#"{"k":{"x.y z":"1","a[b":"2"},"n":{"5":"a","-3":"b","07":"c"}}"#,
    ]
    .iter()
    .enumerate()
    .map(|(i, j)| (format!("extra {i}"), Params::from_json(j).unwrap()))
    .collect()
}

#[test]
fn php_and_sandbox_agree_on_signed_requests() {
    let Some(php_srv) = start_php() else { return };
    let sb = support::sandbox();
    let mut checked = 0;
    for (name, params) in golden_params().into_iter().chain(extra_params()) {
        let Ok(signed) = sign(&params, DEFAULT_LOGIN, DEFAULT_SECRET) else {
            continue;
        };
        let body = signed.body();
        let answer = php(&php_srv, "/verify", body);
        assert_eq!(
            answer["query"].as_str(),
            Some(signed.query()),
            "{name}: PHP rebuilt another query"
        );
        assert_eq!(
            verdicts(&php_srv, &sb, body),
            (0, 0),
            "{name}: genuine request rejected"
        );
        for t in tampered(body) {
            let (p, s) = verdicts(&php_srv, &sb, &t);
            assert_eq!(p, s, "{name}: verdicts differ on tampered {t}");
            assert_ne!(p, 0, "{name}: tampered request accepted: {t}");
        }
        checked += 1;
    }
    assert!(checked >= 15, "{checked}");
}

#[test]
fn php_and_sandbox_agree_on_bodies_php_rewrites() {
    let Some(php_srv) = start_php() else { return };
    let sb = support::sandbox();
    // Sign over what PHP parsed (PHP is the oracle), send the raw form.
    for raw_form in [
        "rid[]=super&rid[]=mega&lead.name=x&u[m]=1&z=2&u[s]=3",
        "a[5]=x&a[]=y&a[05]=z&b[ ]=1&b[ x]=2",
        "a=1&a=2&b[x]=1&b=3&c=1&c[y]=2",
        "x[y][z]c=1&k%00tail=2&++lead=3&v=%00%ZZ%",
        "a[b.c d[e=1&f[g][h=2&&&=9&[q]=1",
        "name=%D0%98%D0%B2%D0%B0%D0%BD+%F0%9F%98%80&s=a+b%2Bc",
    ] {
        let php_query = php(&php_srv, "/echo", raw_form)["query"]
            .as_str()
            .unwrap()
            .to_owned();
        let hash = justclick::signing::request_hash(&php_query, DEFAULT_LOGIN, DEFAULT_SECRET);
        let body = format!("{raw_form}&hash={}", justclick::signing::hex_str(&hash));
        assert_eq!(verdicts(&php_srv, &sb, &body), (0, 0), "{raw_form}");
        let naive = justclick::signing::request_hash(raw_form, DEFAULT_LOGIN, DEFAULT_SECRET);
        let naive = format!("{raw_form}&hash={}", justclick::signing::hex_str(&naive));
        if php_query != raw_form {
            assert_eq!(verdicts(&php_srv, &sb, &naive), (4, 4), "{raw_form}");
        }
    }
    // The general errors, in the same order.
    assert_eq!(verdicts(&php_srv, &sb, "a=1"), (1, 1));
    assert_eq!(verdicts(&php_srv, &sb, "a=1&hash=0"), (1, 1));
    assert_eq!(verdicts(&php_srv, &sb, "=1"), (2, 2));
}

/// Random bodies through PHP's `$_POST` and `parse_post_body`.
#[test]
fn post_parser_matches_php() {
    let Some(php_srv) = start_php() else { return };
    const PIECES: &[&str] = &[
        "a", "b", "rid", "x", "[", "]", "[]", "=", "=", "&", "&", "&&", ".", " ", "+", "%20",
        "%2E", "%5B", "%5D", "%00", "0", "1", "-1", "05", "%D0%98", "%", "%ZZ", "%26", "%3D",
    ];
    let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
    let mut next = |n: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n as u64) as usize
    };
    let mut bodies: Vec<String> = (0..300)
        .map(|_| {
            (0..1 + next(20))
                .map(|_| PIECES[next(PIECES.len())])
                .collect()
        })
        .collect();
    bodies.push((0..1005).map(|i| format!("k{i}=1&&")).collect());
    bodies.push((0..1003).map(|i| format!("k{i}=1&")).collect());
    bodies.push(format!("keep=1&a{}=1", "[x]".repeat(65)));
    for body in bodies {
        let answer = php(&php_srv, "/echo", &body);
        let ours = justclick::php_parse::parse_post_body(body.as_bytes());
        let is_list = !ours.is_empty()
            && ours
                .iter()
                .enumerate()
                .all(|(i, (k, _))| k == i.to_string());
        let ours_json = if is_list {
            Json::Array(ours.iter().map(|(_, v)| v.to_json()).collect())
        } else {
            ours.to_json()
        };
        let ours_text = serde_json::to_string(&ours_json).unwrap();
        let php_text = serde_json::to_string(&answer["post"]).unwrap();
        assert_eq!(ours_text, php_text, "$_POST differs for {body:?}");
        if let Ok(q) = justclick::build_query(&ours) {
            if !ours_text.contains('\u{FFFD}') {
                assert_eq!(Some(q.as_str()), answer["query"].as_str(), "{body:?}");
            }
        }
    }
    let _ = std::io::stderr().flush();
}
