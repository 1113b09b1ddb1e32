//! `justclick demo` and `justclick sandbox` as processes, the way a newcomer and the
//! other language suites run them.

mod common;

use std::io::{BufRead, BufReader};
use std::process::Stdio;
use std::time::Duration;

use common::{bin, run_ok, wait_child, wait_for};
use justclick_sandbox::{DEFAULT_LOGIN, DEFAULT_SECRET};

#[test]
fn demo_runs_the_tour_and_exits_0() {
    let r = run_ok(bin().arg("demo"), 0);
    let out = &r.stdout;
    for want in [
        "1. Subscribe reader@example.com to two groups (AddLeadToGroup)",
        "body  rid%5B0%5D=super&rid%5B1%5D=mega&lead_email=reader%40example.com",
        "← verified  error_code 0",
        "STATUS_UNSUBSCRIBE",
        "error_code 601",
        "existing  true",
        "← refused: GetAllGroups: signature refused",
        "demo finished: 6 steps",
    ] {
        assert!(out.contains(want), "missing {want:?} in:\n{out}");
    }
    assert!(!out.contains("UNEXPECTED"), "{out}");
    assert!(!out.contains(DEFAULT_SECRET));
}

fn kill_term(pid: u32) {
    let ok = std::process::Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status()
        .unwrap()
        .success();
    assert!(ok);
}

#[test]
fn sandbox_command_prints_its_url_first_and_writes_the_ready_file() {
    let dir = tempfile::tempdir().unwrap();
    let ready = dir.path().join("ready.json");
    let state = dir.path().join("state.json");
    let mut child = bin()
        .args([
            "sandbox",
            "--port",
            "0",
            "--latency-ms",
            "1",
            "--ready-file",
        ])
        .arg(&ready)
        .arg("--state")
        .arg(&state)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut first = String::new();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    stdout.read_line(&mut first).unwrap();
    // Keep reading: the sandbox prints more lines and must not hit a closed pipe.
    let drain = std::thread::spawn(move || std::io::copy(&mut stdout, &mut std::io::sink()));
    let url = first
        .trim_end()
        .strip_prefix("justclick sandbox listening on ")
        .unwrap_or_else(|| panic!("first line: {first:?}"))
        .to_owned();
    assert!(
        url.starts_with("http://127.0.0.1:") && url.ends_with("/api/"),
        "{url}"
    );
    wait_for(Duration::from_secs(10), "the ready file", || ready.exists());
    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&ready).unwrap()).unwrap();
    assert_eq!(doc["base_url"], url.as_str());
    assert_eq!(doc["login"], DEFAULT_LOGIN);
    assert!(doc["ca_file"].is_null());
    // The CLI against the CLI's sandbox, over HTTP.
    run_ok(
        bin()
            .env("JUSTCLICK_LOGIN", DEFAULT_LOGIN)
            .env("JUSTCLICK_SECRET", DEFAULT_SECRET)
            .args([
                "--base-url",
                &url,
                "unsubscribe",
                "user@example.com",
                "super",
            ]),
        0,
    );
    kill_term(child.id());
    let status = wait_child(&mut child, Duration::from_secs(10));
    assert!(status.success(), "{status:?}");
    let _ = drain.join();
    // The state file holds the change.
    let saved = std::fs::read_to_string(&state).unwrap();
    assert!(saved.contains("STATUS_UNSUBSCRIBE"), "{saved}");
}

#[test]
fn sandbox_command_refuses_bad_accounts() {
    let r = run_ok(bin().args(["sandbox", "--accounts", "nosecret"]), 2);
    assert!(r.stderr.contains("--accounts"), "{}", r.stderr);
}

/// GETs `{origin}/_sandbox/{cmd}` with a plain HTTP/1.0 request.
fn control_get(origin: &str, cmd: &str) -> serde_json::Value {
    use std::io::{Read, Write};
    let hostport = origin.strip_prefix("http://").unwrap();
    let mut s = std::net::TcpStream::connect(hostport).unwrap();
    write!(
        s,
        "GET /_sandbox/{cmd} HTTP/1.0\r\nHost: {hostport}\r\n\r\n"
    )
    .unwrap();
    let mut buf = String::new();
    s.read_to_string(&mut buf).unwrap();
    let body = buf.split_once("\r\n\r\n").unwrap().1;
    serde_json::from_str(body).unwrap()
}

#[test]
fn sandbox_command_rate_limits_keeps_a_short_log_and_reports_stats() {
    let dir = tempfile::tempdir().unwrap();
    let ready = dir.path().join("ready.json");
    let mut child = bin()
        .args(["sandbox", "--rate-limit", "2", "--log-capacity", "2"])
        .arg("--ready-file")
        .arg(&ready)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    wait_for(Duration::from_secs(10), "the ready file", || ready.exists());
    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&ready).unwrap()).unwrap();
    let (url, origin) = (
        doc["base_url"].as_str().unwrap(),
        doc["origin"].as_str().unwrap(),
    );
    let client = justclick::Client::builder(DEFAULT_LOGIN, DEFAULT_SECRET)
        .base_url(url)
        .max_retries(0)
        .build()
        .unwrap();
    let start = std::time::Instant::now();
    let codes: Vec<i64> = (0..4)
        .map(
            |_| match client.call("GetAllGroups", &justclick::Params::new()) {
                Ok(_) => 0,
                Err(e) => e.api_code().unwrap_or(-1),
            },
        )
        .collect();
    let stats = control_get(origin, "stats");
    let log = control_get(origin, "log");
    kill_term(child.id());
    wait_child(&mut child, Duration::from_secs(10));
    // Four calls inside one second (the bound only guards the check): two answered,
    // two refused with error 8.
    if start.elapsed() < Duration::from_millis(900) {
        assert_eq!(codes, [0, 0, 8, 8]);
    }
    assert!(codes.contains(&8), "{codes:?}");
    assert_eq!(stats["requests"]["GetAllGroups"], 4, "{stats}");
    assert_eq!(
        stats["rate_limited"].as_u64(),
        Some(codes.iter().filter(|c| **c == 8).count() as u64)
    );
    assert!(stats["connections"].as_u64().unwrap() >= 1, "{stats}");
    assert_eq!(log.as_array().unwrap().len(), 2, "--log-capacity 2: {log}");
    let r = run_ok(bin().args(["sandbox", "--rate-limit", "0"]), 2);
    assert!(r.stderr.contains("--rate-limit"), "{}", r.stderr);
}
