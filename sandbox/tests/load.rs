//! What load tests need from the sandbox: `GET /_sandbox/stats`, a listen backlog for
//! hundreds of clients, error 8 above a request rate, and a bounded request log.

mod support;

use std::time::{Duration, Instant};

use justclick::Params;
use justclick_sandbox::{Config, LISTEN_BACKLOG, Sandbox};
use support::{call, code, control, control_get};

#[test]
fn stats_count_connections_and_requests_by_method() {
    let sb = support::sandbox();
    // Three requests on three connections (support::raw closes each).
    call(&sb, "GetAllGroups", &Params::new());
    call(&sb, "GetAllGroups", &Params::new());
    support::call_v2(&sb, "getalllists", "{}");
    // The stats request's own connection is accepted before it is answered.
    let s = control_get(&sb, "stats");
    assert_eq!(s["connections"], 4, "{s}");
    assert_eq!(s["tls_handshakes"], 0, "{s}");
    assert_eq!(s["requests"]["GetAllGroups"], 2, "{s}");
    assert_eq!(s["requests"]["getalllists"], 1, "{s}");
    assert_eq!(s["requests_total"], 3, "{s}");
    // It is not an API request.
    let st = sb.stats();
    assert_eq!(st.connections, 4);
    assert_eq!(st.requests_total, 3);
    // One client keeps its connection alive: one more connection for five calls.
    let client = sb.client_builder().build().unwrap();
    for _ in 0..5 {
        client.call("GetAllGoods", &Params::new()).unwrap();
    }
    let st = sb.stats();
    assert_eq!(st.connections, 5, "{st:?}");
    assert_eq!(st.requests["GetAllGoods"], 5);
    control(&sb, "reset", "");
    let st = sb.stats();
    assert_eq!(st.requests_total, 0, "reset zeroes the stats: {st:?}");
}

#[test]
fn stats_count_tls_handshakes() {
    let sb = Sandbox::start(Config {
        tls: true,
        ..Config::default()
    })
    .unwrap();
    let client = sb.client_builder().build().unwrap();
    for _ in 0..3 {
        client.call("GetAllGroups", &Params::new()).unwrap();
    }
    let st = sb.stats();
    assert_eq!(
        st.tls_handshakes, 1,
        "one kept-alive TLS connection: {st:?}"
    );
    assert_eq!(st.connections, 1, "{st:?}");
    // A plain-HTTP request on the TLS port is a failed handshake.
    let mut s = std::net::TcpStream::connect(("127.0.0.1", sb.port())).unwrap();
    std::io::Write::write_all(&mut s, b"GET / HTTP/1.1\r\n\r\n").unwrap();
    s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    let _ = std::io::Read::read(&mut s, &mut [0u8; 64]);
    support_wait(|| sb.stats().tls_handshake_failures == 1);
    assert_eq!(sb.stats().tls_handshakes, 1);
}

fn support_wait(mut cond: impl FnMut() -> bool) {
    let start = Instant::now();
    while !cond() {
        assert!(start.elapsed() < Duration::from_secs(10), "timed out");
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// The backlog the kernel holds for the sandbox's listening socket, from `ss` (its
/// Send-Q column for a listener is the backlog), or None when `ss` is missing.
fn listen_backlog(port: u16) -> Option<u64> {
    let out = std::process::Command::new("ss")
        .args(["-ltnH", &format!("sport = :{port}")])
        .output()
        .ok()?;
    let text = String::from_utf8_lossy(&out.stdout);
    let line = text.lines().next()?;
    line.split_whitespace().nth(2)?.parse().ok()
}

#[test]
fn the_listener_has_a_backlog_for_hundreds_of_clients() {
    const { assert!(LISTEN_BACKLOG >= 1024) };
    let sb = support::sandbox();
    let Some(backlog) = listen_backlog(sb.port()) else {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "`ss` (iproute2) is needed under CI: scripts/install-deps installs it"
        );
        eprintln!("!!!!!!!! SKIPPED: `ss` (iproute2) is not installed !!!!!!!!");
        return;
    };
    let somaxconn: u64 = std::fs::read_to_string("/proc/sys/net/core/somaxconn")
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(4096);
    let want = somaxconn.min(LISTEN_BACKLOG as u64);
    assert_eq!(backlog, want, "somaxconn {somaxconn}");
    assert!(
        backlog >= 1024,
        "the kernel caps the backlog at net.core.somaxconn = {somaxconn}"
    );
}

#[test]
fn rate_limit_answers_8_above_n_requests_per_second_and_lets_them_through_later() {
    let sb = Sandbox::start(Config {
        rate_limit: Some(5),
        ..Config::default()
    })
    .unwrap();
    let start = Instant::now();
    let codes: Vec<i64> = (0..8)
        .map(|_| code(&call(&sb, "GetAllGroups", &Params::new())).0)
        .collect();
    // The bound only makes the check meaningful: 8 calls inside one second.
    if start.elapsed() < Duration::from_millis(900) {
        assert_eq!(codes, [0, 0, 0, 0, 0, 8, 8, 8], "{codes:?}");
    }
    let refused = call(&sb, "GetAllGroups", &Params::new());
    let (c, text) = code(&refused);
    if start.elapsed() < Duration::from_millis(900) {
        assert_eq!(c, 8);
        assert_eq!(
            text,
            "Limit to subscribe for this IP exided. Try later.127.0.0.1"
        );
    }
    // Refused requests were not processed: the log shows 8 and no handler ran.
    let log = sb.request_log();
    let eights = log.iter().filter(|e| e.error_code == Some(8)).count();
    assert_eq!(eights as u64, sb.stats().rate_limited);
    assert!(eights >= 1);
    std::thread::sleep(Duration::from_millis(1100));
    assert_eq!(code(&call(&sb, "GetAllGroups", &Params::new())).0, 0);
}

#[test]
fn the_request_log_keeps_the_configured_number_of_requests() {
    let sb = Sandbox::start(Config {
        log_capacity: 3,
        ..Config::default()
    })
    .unwrap();
    for _ in 0..7 {
        call(&sb, "GetAllGroups", &Params::new());
    }
    let seqs: Vec<u64> = sb.request_log().iter().map(|e| e.seq).collect();
    assert_eq!(seqs, [5, 6, 7]);
    let over_http = control_get(&sb, "log");
    assert_eq!(over_http.as_array().unwrap().len(), 3);
    assert_eq!(
        sb.stats().requests_total,
        7,
        "stats count what the log drops"
    );
}
