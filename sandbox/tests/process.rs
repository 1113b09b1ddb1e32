//! The sandbox as a process: first stdout line, ready file, signals, state on exit.

mod support;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use justclick_sandbox::DEFAULT_SECRET;

#[test]
fn serve_prints_ready_line_writes_ready_file_and_stops_on_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    let ready = dir.path().join("ready.json");
    let state = dir.path().join("state.json");
    let mut child = Command::new(env!("CARGO_BIN_EXE_justclick-sandbox"))
        .args(["--port", "0", "--state"])
        .arg(&state)
        .arg("--ready-file")
        .arg(&ready)
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    out.read_line(&mut first).unwrap();
    let base_url = first
        .trim_end()
        .strip_prefix("justclick sandbox listening on ")
        .unwrap_or_else(|| panic!("first line: {first:?}"))
        .to_owned();
    assert!(base_url.starts_with("http://127.0.0.1:") && base_url.ends_with("/api/"));

    let deadline = Instant::now() + Duration::from_secs(10);
    while !ready.exists() {
        assert!(Instant::now() < deadline, "no ready file");
        std::thread::sleep(Duration::from_millis(10));
    }
    let info: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&ready).unwrap()).unwrap();
    assert_eq!(info["base_url"], base_url.as_str());
    assert_eq!(info["login"], "demo");
    assert_eq!(info["ca_file"], serde_json::Value::Null);
    assert_eq!(
        format!("{}/api/", info["origin"].as_str().unwrap()),
        base_url
    );

    let client = justclick::Client::builder("demo", DEFAULT_SECRET)
        .base_url(base_url)
        .build()
        .unwrap();
    client
        .delete_subscribe("user@example.com", "super")
        .unwrap();
    let rest: Vec<String> = (0..3)
        .map(|_| {
            let mut l = String::new();
            out.read_line(&mut l).unwrap();
            l
        })
        .collect();
    assert!(rest.concat().contains("/_sandbox/"), "{rest:?}");
    assert!(!rest.concat().contains(DEFAULT_SECRET));

    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let code = child.wait().unwrap();
    assert!(code.success(), "{code:?}");
    let saved = std::fs::read_to_string(&state).unwrap();
    assert!(saved.contains("STATUS_UNSUBSCRIBE"), "{saved}");
}

#[test]
fn bad_arguments_exit_2() {
    let out = Command::new(env!("CARGO_BIN_EXE_justclick-sandbox"))
        .args(["--variant", "weird"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--variant"));
}
