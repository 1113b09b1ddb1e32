//! Cancellation, per-call deadlines and "may have been applied", against the sandbox
//! (its `slow` fault, its latency and its request log) and against small loopback
//! servers that stall in the one phase a test needs (a full listen backlog for
//! connect, a listener that never answers the TLS ClientHello, an answer that stops
//! half-way through its body).
//!
//! Time bounds: cancelling must end a call within 50 ms. The machine running these
//! tests is shared (2 cores for several builds), so the assertions allow 1 s between
//! the cancel and the call's return, while every stalled phase would otherwise last
//! 10 s or more: the bound fails when cancellation is not seen, never because a
//! loaded machine is slow. The measured times are printed.

mod client_support;

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use client_support::{builder, sandbox};
use justclick::client::{CallOptions, CancelHandle};
use justclick::error::ErrorKind;
use justclick::{Client, Error, Params};
use justclick_sandbox::{Fault, Sandbox};

/// Allowed between a cancel and the call's return (see the module docs).
const CANCEL_BOUND: Duration = Duration::from_secs(1);
/// How long each stalled phase would last without the cancel.
const STALL: Duration = Duration::from_secs(15);

/// Runs `call` with a cancel handle cancelled after `delay`; returns its result and
/// the time from the cancel to the return.
fn cancelled_after<T: Send + 'static>(
    delay: Duration,
    call: impl FnOnce(CallOptions) -> Result<T, Error> + Send + 'static,
) -> (Result<T, Error>, Duration) {
    let cancel = CancelHandle::new();
    let opts = CallOptions::new().with_cancel(&cancel);
    let cancelled_at = Arc::new(Mutex::new(None));
    let at = Arc::clone(&cancelled_at);
    let canceller = thread::spawn(move || {
        thread::sleep(delay);
        *at.lock().unwrap() = Some(Instant::now());
        cancel.cancel();
    });
    let result = call(opts);
    let returned = Instant::now();
    canceller.join().unwrap();
    let at = cancelled_at.lock().unwrap().expect("the cancel ran");
    (result, returned.saturating_duration_since(at))
}

fn assert_cancelled(
    phase: &str,
    result: Result<impl std::fmt::Debug, Error>,
    took: Duration,
    applied: bool,
) {
    eprintln!("{phase}: returned {took:?} after the cancel");
    let e = result.expect_err(phase);
    assert_eq!(e.kind(), ErrorKind::Cancelled, "{phase}: {e:?}");
    assert_eq!(e.may_have_been_applied(), applied, "{phase}: {e}");
    assert!(
        !e.is_retryable(),
        "{phase}: a cancelled call is not retryable"
    );
    assert!(
        took < CANCEL_BOUND,
        "{phase}: took {took:?} after the cancel"
    );
}

fn groups(c: &Client, opts: &CallOptions) -> Result<serde_json::Value, Error> {
    c.invoke_with("GetAllGroups", &Params::new(), opts)
}

/// A client for a URL nobody answers properly, with long timeouts.
fn client_for(url: &str) -> Client {
    Client::builder("shop", "secret")
        .base_url(url)
        .allow_insecure_http(true)
        .timeout(STALL)
        .connect_timeout(STALL)
        .max_retries(0)
        .build()
        .unwrap()
}

#[test]
fn cancel_while_waiting_for_a_slow_answer() {
    let sb = sandbox();
    let c = builder(&sb).build().unwrap();
    sb.inject(Fault::Slow(STALL), 1);
    let c2 = c.clone();
    let (r, took) = cancelled_after(Duration::from_millis(300), move |o| groups(&c2, &o));
    assert_cancelled("waiting for the answer", r, took, true);
    // Never retried: only the first request was slow, so a retry (GetAllGroups only
    // reads, the kind the client retries) would have been answered and logged at
    // once. The cut request itself is dropped by the sandbox unanswered.
    thread::sleep(Duration::from_millis(500));
    assert!(
        sb.request_log().is_empty(),
        "the sandbox answered: {:?}",
        sb.request_log()
    );
    // The shut-down connection is not reused: the next call just works.
    sb.clear_faults();
    groups(&c, &CallOptions::new()).expect("a call after the cancel succeeds");
}

#[test]
fn a_cancelled_call_is_never_retried() {
    // The sandbox does not log a request whose client went away, so a raw server
    // counts the connections: a read-only method, which the client would retry after
    // a lost connection (max_retries 3), is cancelled while waiting for its answer.
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let url = format!("http://{}/api/", listener.local_addr().unwrap());
    let counter = thread::spawn(move || {
        let mut held = Vec::new();
        let until = Instant::now() + Duration::from_millis(1500);
        while Instant::now() < until {
            if let Ok((s, _)) = listener.accept() {
                held.push(s);
            }
            thread::sleep(Duration::from_millis(5));
        }
        held.len()
    });
    let c = Client::builder("shop", "secret")
        .base_url(url.as_str())
        .allow_insecure_http(true)
        .max_retries(3)
        .retry_base_delay(Duration::from_millis(1))
        .build()
        .unwrap();
    let (r, took) = cancelled_after(Duration::from_millis(300), move |o| groups(&c, &o));
    assert_cancelled("waiting (never retried)", r, took, true);
    assert_eq!(counter.join().unwrap(), 1, "one connection: never retried");
}

/// Serves one connection: reads the request head, answers with a head announcing
/// 1000 bytes and sends 10, then stalls.
fn half_body_server() -> (String, thread::JoinHandle<()>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/api/", listener.local_addr().unwrap());
    let t = thread::spawn(move || {
        let (mut s, _) = listener.accept().unwrap();
        let mut buf = [0u8; 4096];
        let _ = s.read(&mut buf);
        let _ = s.write_all(
            b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"error_co",
        );
        // Hold the connection until the client goes away.
        let _ = s.set_read_timeout(Some(STALL));
        let _ = s.read(&mut buf);
    });
    (url, t)
}

#[test]
fn cancel_while_reading_the_body() {
    let (url, server) = half_body_server();
    let c = client_for(&url);
    let (r, took) = cancelled_after(Duration::from_millis(300), move |o| groups(&c, &o));
    assert_cancelled("reading the body", r, took, true);
    server.join().unwrap();
}

/// A listener whose backlog is full: a connect to it stalls (SYNs are dropped).
/// Returns the URL and what must be kept alive.
fn stalled_listener() -> (String, socket2::Socket, TcpStream) {
    use socket2::{Domain, Socket, Type};
    let l = Socket::new(Domain::IPV4, Type::STREAM, None).unwrap();
    l.bind(&"127.0.0.1:0".parse::<SocketAddr>().unwrap().into())
        .unwrap();
    l.listen(0).unwrap();
    let addr = l.local_addr().unwrap().as_socket().unwrap();
    // Backlog 0 holds one connection; it is never accepted.
    let filler = TcpStream::connect(addr).unwrap();
    let probe = Socket::new(Domain::IPV4, Type::STREAM, None).unwrap();
    let stalls = probe
        .connect_timeout(&addr.into(), Duration::from_millis(300))
        .is_err();
    assert!(
        stalls,
        "this kernel completed a connect to a full backlog: cannot provoke a stalled connect"
    );
    (format!("http://{addr}/api/"), l, filler)
}

#[test]
fn cancel_while_connecting() {
    let (url, _listener, _filler) = stalled_listener();
    let c = client_for(&url);
    let (r, took) = cancelled_after(Duration::from_millis(300), move |o| groups(&c, &o));
    assert_cancelled("connecting", r, took, false);
}

#[test]
fn cancel_in_the_tls_handshake() {
    // Accepts and never answers the ClientHello.
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("https://{}/api/", listener.local_addr().unwrap());
    let server = thread::spawn(move || {
        let (mut s, _) = listener.accept().unwrap();
        let _ = s.set_read_timeout(Some(STALL));
        let mut buf = [0u8; 4096];
        while matches!(s.read(&mut buf), Ok(n) if n > 0) {}
    });
    let c = client_for(&url);
    let (r, took) = cancelled_after(Duration::from_millis(300), move |o| groups(&c, &o));
    assert_cancelled("TLS handshake", r, took, false);
    server.join().unwrap();
}

#[test]
fn cancel_while_writing_the_request() {
    // A server that accepts and never reads, with the smallest receive buffer: a
    // 7 MiB body (the limit is 8) fills the few MiB the kernel buffers and the
    // client's write blocks.
    use socket2::{Domain, Socket, Type};
    let l = Socket::new(Domain::IPV4, Type::STREAM, None).unwrap();
    l.set_recv_buffer_size(4096).unwrap();
    l.bind(&"127.0.0.1:0".parse::<SocketAddr>().unwrap().into())
        .unwrap();
    l.listen(8).unwrap();
    let listener: TcpListener = l.into();
    let url = format!("http://{}/api/", listener.local_addr().unwrap());
    let (release, released) = mpsc::channel::<()>();
    let server = thread::spawn(move || {
        let (held, _) = listener.accept().unwrap();
        let _ = released.recv_timeout(STALL);
        drop(held);
        // Any retry would have connected again by now.
        listener.set_nonblocking(true).unwrap();
        std::iter::from_fn(|| listener.accept().ok()).count()
    });
    // Would retry a lost read-only call three times, were it not cancelled.
    let c = Client::builder("shop", "secret")
        .base_url(url.as_str())
        .allow_insecure_http(true)
        .timeout(STALL)
        .max_retries(3)
        .retry_base_delay(Duration::from_millis(1))
        .build()
        .unwrap();
    let big = "x".repeat(7 << 20);
    let (r, took) = cancelled_after(Duration::from_millis(500), move |o| {
        c.call_with(
            "GetAllGroups",
            &Params::new().with("marker", big.as_str()),
            &o,
        )
    });
    assert_cancelled("writing the request", r, took, true);
    thread::sleep(Duration::from_millis(200));
    release.send(()).unwrap();
    assert_eq!(server.join().unwrap(), 0, "a second connection: retried");
}

#[test]
fn a_call_cancelled_before_it_starts_sends_nothing() {
    let sb = sandbox();
    let c = builder(&sb).build().unwrap();
    let cancel = CancelHandle::new();
    cancel.cancel();
    let e = groups(&c, &CallOptions::new().with_cancel(&cancel)).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Cancelled);
    assert!(!e.may_have_been_applied());
    assert!(sb.request_log().is_empty(), "nothing was sent");
}

#[test]
fn a_per_call_timeout_overrides_the_clients() {
    let sb = sandbox();
    // Shorter than the client's 10 s.
    let c = builder(&sb).max_retries(0).build().unwrap();
    sb.set_latency(Duration::from_millis(3000));
    let started = Instant::now();
    let e = groups(
        &c,
        &CallOptions::new().with_timeout(Duration::from_millis(300)),
    )
    .unwrap_err();
    let took = started.elapsed();
    assert_eq!(e.kind(), ErrorKind::Timeout, "{e:?}");
    assert!(e.may_have_been_applied(), "it timed out after sending: {e}");
    assert!(e.to_string().contains("300 ms"), "{e}");
    // 300 ms asked, 3 s latency: well under the latency proves the override.
    assert!(took < Duration::from_millis(2500), "{took:?}");

    // Longer than the client's 200 ms.
    sb.set_latency(Duration::from_millis(500));
    let short = builder(&sb)
        .timeout(Duration::from_millis(200))
        .max_retries(0)
        .build()
        .unwrap();
    let e = groups(&short, &CallOptions::new()).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Timeout);
    groups(
        &short,
        &CallOptions::new().with_timeout(Duration::from_secs(5)),
    )
    .expect("the per-call 5 s lets a 500 ms answer through");
    // The same through a view: typed methods take the view's options.
    let view = short.with_options(CallOptions::new().with_timeout(Duration::from_secs(5)));
    view.get_all_groups()
        .expect("typed method under the view's timeout");

    let e = groups(&c, &CallOptions::new().with_timeout(Duration::ZERO)).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidArgument, "{e}");
}

#[test]
fn may_have_been_applied_is_exact() {
    // Refused connection: never left; the io::Error is the source.
    let closed = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/api/", closed.local_addr().unwrap());
    drop(closed);
    let e = groups(&client_for(&url), &CallOptions::new()).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Transport, "{e:?}");
    assert!(!e.may_have_been_applied(), "{e}");
    assert!(e.is_retryable(), "{e}");
    let source = std::error::Error::source(&e).expect("the io::Error is kept");
    let io = source
        .downcast_ref::<std::io::Error>()
        .expect("an io::Error");
    assert_eq!(io.kind(), std::io::ErrorKind::ConnectionRefused);

    // Connect timeout: never left.
    let (url, _l, _f) = stalled_listener();
    let c = Client::builder("shop", "secret")
        .base_url(url.as_str())
        .allow_insecure_http(true)
        .connect_timeout(Duration::from_millis(300))
        .max_retries(0)
        .build()
        .unwrap();
    let e = groups(&c, &CallOptions::new()).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Timeout, "{e:?}");
    assert!(!e.may_have_been_applied(), "{e}");

    let sb = sandbox();
    let c = builder(&sb).max_retries(0).build().unwrap();
    let write = |c: &Client| {
        c.invoke(
            "DeleteSubscribe",
            &Params::new()
                .with("lead_email", "nobody@example.com")
                .with("rass_name", "news"),
        )
    };
    // Lost while reading the body: sent.
    sb.inject(Fault::DropConnection, 1);
    let e = write(&c).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Transport, "{e:?}");
    assert!(e.may_have_been_applied(), "{e}");
    assert!(!e.is_retryable(), "a write that may have been applied: {e}");
    // An unusable answer: the server had it.
    sb.inject(Fault::TruncatedJson, 1);
    assert!(write(&c).unwrap_err().may_have_been_applied());
    sb.inject(Fault::ForgedHash, 1);
    assert!(write(&c).unwrap_err().may_have_been_applied());
    // JustClick's verified refusal: not applied.
    let e = write(&c).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Api, "{e:?}");
    assert!(!e.may_have_been_applied());
    // Refused locally.
    let e = c.invoke("DeleteSubscribe", &Params::new()).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidArgument);
    assert!(!e.may_have_been_applied());
}

#[test]
fn a_dropped_read_is_still_retried_once_the_rule_moved_into_the_error() {
    let sb = sandbox();
    let c = builder(&sb).build().unwrap();
    // GetAllGroups only reads: a lost connection after sending is retried.
    sb.inject(Fault::DropConnection, 1);
    groups(&c, &CallOptions::new()).expect("retried after the dropped connection");
    // A write is not.
    sb.inject(Fault::DropConnection, 1);
    let e = c
        .invoke(
            "AddLeadToGroup",
            &Params::new()
                .with("rid", "1")
                .with("lead_email", "r@example.com"),
        )
        .unwrap_err();
    assert!(e.may_have_been_applied(), "{e}");
    let adds = sb
        .request_log()
        .iter()
        .filter(|r| r.method.as_deref() == Some("AddLeadToGroup"))
        .count();
    assert_eq!(adds, 1, "the write was not repeated");
}

fn marker_sent(sb: &Sandbox, marker: &str) -> bool {
    sb.request_log().iter().any(|r| r.body.contains(marker))
}

#[test]
fn a_queued_call_cancelled_is_dropped_at_once_and_never_sent() {
    let sb = sandbox();
    let c = builder(&sb).max_concurrency(1).build().unwrap();
    sb.set_latency(Duration::from_millis(500));
    let (tx, rx) = mpsc::channel();
    let call = |marker: &'static str| {
        let tx = tx.clone();
        c.submit(
            "GetAllGroups",
            move |c| c.call("GetAllGroups", &Params::new().with("marker", marker)),
            move |r| tx.send((marker, r, Instant::now())).unwrap(),
        )
        .unwrap()
    };
    let _first = call("first-call");
    let second = call("second-call");
    // Let the first start on the only worker.
    thread::sleep(Duration::from_millis(150));
    assert_eq!(c.pool_stats().queued, 1, "{:?}", c.pool_stats());
    let cancelled_at = Instant::now();
    second.cancel();
    // Its place is free and its completion has run before cancel() returned.
    assert_eq!(c.pool_stats().queued, 0);
    let (marker, r, at) = rx.try_recv().expect("completion ran in cancel()");
    assert_eq!(marker, "second-call");
    assert!(at >= cancelled_at);
    let e = r.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Cancelled);
    assert!(!e.may_have_been_applied(), "cancelled while queued: {e}");
    second.cancel(); // idempotent
    let (marker, r, _) = rx.recv_timeout(Duration::from_secs(10)).unwrap();
    assert_eq!(marker, "first-call");
    r.expect("the running call was not affected");
    thread::sleep(Duration::from_millis(700));
    assert!(marker_sent(&sb, "first-call"));
    assert!(
        !marker_sent(&sb, "second-call"),
        "the request log proves it"
    );
}

#[test]
fn a_full_queue_refuses_and_close_cancels_everything() {
    let sb = sandbox();
    let c = builder(&sb)
        .max_concurrency(1)
        .queue_capacity(2)
        .build()
        .unwrap();
    sb.set_latency(Duration::from_millis(800));
    let (tx, rx) = mpsc::channel();
    let submit = |marker: &'static str| {
        let tx = tx.clone();
        c.submit(
            "GetAllGroups",
            move |c| c.call("GetAllGroups", &Params::new().with("marker", marker)),
            move |r| tx.send((marker, r)).unwrap(),
        )
    };
    submit("run-0").unwrap();
    thread::sleep(Duration::from_millis(150));
    submit("queued-1").unwrap();
    submit("queued-2").unwrap();
    let e = submit("refused-3").unwrap_err();
    assert_eq!(e.kind(), ErrorKind::QueueFull, "{e:?}");
    assert!(!e.may_have_been_applied() && e.is_retryable());

    let started = Instant::now();
    c.close();
    let mut outcomes: Vec<(&str, ErrorKind, bool)> = (0..3)
        .map(|_| {
            let (m, r) = rx.recv_timeout(Duration::from_secs(10)).unwrap();
            let e = r.unwrap_err();
            (m, e.kind(), e.may_have_been_applied())
        })
        .collect();
    outcomes.sort_by_key(|o| o.0);
    let took = started.elapsed();
    assert_eq!(
        outcomes,
        [
            ("queued-1", ErrorKind::Cancelled, false),
            ("queued-2", ErrorKind::Cancelled, false),
            ("run-0", ErrorKind::Cancelled, true),
        ]
    );
    assert!(took < CANCEL_BOUND, "close took {took:?} (latency 800 ms)");
    assert_eq!(
        submit("after-close").unwrap_err().kind(),
        ErrorKind::Cancelled
    );
    thread::sleep(Duration::from_millis(1000));
    for m in ["queued-1", "queued-2", "refused-3", "after-close"] {
        assert!(!marker_sent(&sb, m), "{m} was sent");
    }
}

#[test]
fn dropping_the_client_cancels_what_it_queued() {
    let sb = sandbox();
    let c = builder(&sb).max_concurrency(1).build().unwrap();
    sb.set_latency(Duration::from_millis(400));
    let (tx, rx) = mpsc::channel();
    for marker in ["kept-0", "dropped-1"] {
        let tx = tx.clone();
        c.submit(
            "GetAllGroups",
            move |c| c.call("GetAllGroups", &Params::new().with("marker", marker)),
            move |r| tx.send((marker, r.map_err(|e| e.kind()))).unwrap(),
        )
        .unwrap();
        thread::sleep(Duration::from_millis(100));
    }
    drop(c);
    let mut got: Vec<_> = (0..2)
        .map(|_| rx.recv_timeout(Duration::from_secs(10)).unwrap())
        .map(|(m, r)| (m, r.err()))
        .collect();
    got.sort_by_key(|g| g.0);
    assert_eq!(
        got,
        [
            ("dropped-1", Some(ErrorKind::Cancelled)),
            ("kept-0", Some(ErrorKind::Cancelled)),
        ]
    );
    thread::sleep(Duration::from_millis(600));
    assert!(!marker_sent(&sb, "dropped-1"));
}

#[test]
fn one_handle_cancels_several_calls_and_a_finished_call_is_untouched() {
    let sb = sandbox();
    let c = builder(&sb).build().unwrap();
    let cancel = CancelHandle::new();
    let view = c.with_options(CallOptions::new().with_cancel(&cancel));
    view.get_all_groups().expect("before the cancel");
    sb.set_latency(Duration::from_millis(STALL.as_millis() as u64));
    let threads: Vec<_> = (0..3)
        .map(|_| {
            let v = view.clone();
            thread::spawn(move || v.get_all_groups().map_err(|e| e.kind()))
        })
        .collect();
    thread::sleep(Duration::from_millis(300));
    let at = Instant::now();
    cancel.cancel();
    for t in threads {
        assert_eq!(t.join().unwrap().unwrap_err(), ErrorKind::Cancelled);
    }
    assert!(at.elapsed() < CANCEL_BOUND, "{:?}", at.elapsed());
    // The client itself (without the handle) is unaffected.
    sb.set_latency(Duration::ZERO);
    c.get_all_groups().expect("other calls go on");
}

#[test]
fn submit_refused_when_cancelled_or_closed_never_runs_done() {
    // Client::submit's contract: Ok means `done` runs exactly once; an Err means the
    // call was refused and `done` never runs (it is dropped).
    let sb = sandbox();
    let c = builder(&sb).build().unwrap();
    let runs = Arc::new(Mutex::new(Vec::new()));
    let submit = |client: &Client, marker: &'static str| {
        let runs = Arc::clone(&runs);
        client.submit(
            "GetAllGroups",
            move |c| c.call("GetAllGroups", &Params::new().with("marker", marker)),
            move |r| runs.lock().unwrap().push((marker, r.map_err(|e| e.kind()))),
        )
    };
    let cancel = CancelHandle::new();
    cancel.cancel();
    let view = c.with_options(CallOptions::new().with_cancel(&cancel));
    let e = submit(&view, "pre-cancelled").unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Cancelled, "{e:?}");
    assert!(!e.may_have_been_applied());
    assert_eq!(e.method(), Some("GetAllGroups"));

    c.close();
    let e = submit(&c, "after-close").unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Cancelled, "{e:?}");

    thread::sleep(Duration::from_millis(200));
    assert!(
        runs.lock().unwrap().is_empty(),
        "{:?}",
        runs.lock().unwrap()
    );
    assert!(!marker_sent(&sb, "pre-cancelled") && !marker_sent(&sb, "after-close"));
    // An accepted call does run it, once.
    let fresh = builder(&sb).build().unwrap();
    submit(&fresh, "accepted").unwrap();
    let until = Instant::now() + Duration::from_secs(10);
    while runs.lock().unwrap().is_empty() && Instant::now() < until {
        thread::sleep(Duration::from_millis(5));
    }
    thread::sleep(Duration::from_millis(50));
    let got = runs.lock().unwrap().clone();
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].0, "accepted");
    assert!(got[0].1.is_ok(), "{got:?}");
}
