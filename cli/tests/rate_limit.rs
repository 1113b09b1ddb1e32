//! Error 8 (rate limit) during a bulk job: every worker pauses, the rate drops, and the
//! rows are retried until they go through. The sandbox never answers 8, so a tiny
//! loopback server plays JustClick here, signing its answers as JustClick does.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use common::{bin, run_ok, write_csv};
use justclick::signing::{hex_str, response_hash};

const SECRET: &str = "rate-limit-test-secret-0123456789abcdef";

fn envelope(code: i64, text: &str) -> String {
    let hash = response_hash(&code.to_string(), text, SECRET);
    serde_json::json!({"error_code": code, "error_text": text, "hash": hex_str(&hash)}).to_string()
}

/// Answers the first `limited` requests with error 8, the rest with success.
fn serve(listener: TcpListener, limited: usize, seen: Arc<AtomicUsize>) {
    for stream in listener.incoming() {
        let Ok(mut stream) = stream else { return };
        let mut reader = BufReader::new(stream.try_clone().unwrap());
        let mut len = 0usize;
        let mut first = String::new();
        loop {
            let mut line = String::new();
            if reader.read_line(&mut line).unwrap_or(0) == 0 {
                break;
            }
            if first.is_empty() {
                first.clone_from(&line);
            }
            if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                len = v.trim().parse().unwrap_or(0);
            }
            if line == "\r\n" {
                break;
            }
        }
        let mut body = vec![0; len];
        let _ = reader.read_exact(&mut body);
        // The job's check before the first row: the group exists.
        let answer = if first.contains("/GetAllGroups") {
            let hash = response_hash("0", "OK", SECRET);
            serde_json::json!({"error_code": 0, "error_text": "OK",
                "result": [{"rass_name": "super", "rass_title": "Super"}],
                "hash": hex_str(&hash)})
            .to_string()
        } else if seen.fetch_add(1, Ordering::SeqCst) < limited {
            envelope(
                8,
                "Limit to subscribe for this IP exided. Try later.127.0.0.1",
            )
        } else {
            envelope(0, "OK")
        };
        let _ = write!(
            stream,
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{answer}",
            answer.len()
        );
    }
}

#[test]
fn error_8_pauses_every_worker_and_the_rows_still_go_through() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let seen = Arc::new(AtomicUsize::new(0));
    let s = Arc::clone(&seen);
    std::thread::spawn(move || serve(listener, 4, s));
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("r.csv");
    write_csv(
        &csv,
        "lead_email",
        (0..6).map(|i| format!("r{i}@example.com")),
    );
    let start = Instant::now();
    let r = run_ok(
        bin()
            .env("JUSTCLICK_LOGIN", "shop")
            .env("JUSTCLICK_SECRET", SECRET)
            .args(["--base-url", &format!("http://127.0.0.1:{port}/api/")])
            .args([
                "bulk",
                "unsubscribe",
                "--group",
                "super",
                "--concurrency",
                "1",
            ])
            .args(["--rate", "0", "--json", "--csv"])
            .arg(&csv),
        0,
    );
    let took = start.elapsed();
    let summary = r.last_json();
    assert_eq!(summary["done"], 6, "{summary}");
    assert_eq!(summary["failed"], 0, "{summary}");
    assert_eq!(
        seen.load(Ordering::SeqCst),
        6 + 4,
        "each limited answer was retried once"
    );
    assert!(r.stderr.contains("rate limited (error 8)"), "{}", r.stderr);
    assert!(r.stderr.contains("rate now"), "{}", r.stderr);
    // At least one global pause of a second.
    assert!(took >= Duration::from_secs(1), "{took:?}");
}
