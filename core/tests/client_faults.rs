//! Every way an answer can go wrong gives its own error; retries happen only where
//! they are harmless; timeouts hold; TLS is verified; secrets never leak.

mod client_support;

use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

use client_support::{builder, client, sandbox};
use justclick::{Client, Error, Params, ResponseProblem};
use justclick_sandbox::{Config, Fault, Sandbox};

fn groups(c: &Client) -> Result<serde_json::Value, Error> {
    c.call("GetAllGroups", &Params::new())
}

fn problem(e: &Error) -> ResponseProblem {
    match e {
        Error::BadResponse { kind, .. } => *kind,
        other => panic!("expected BadResponse, got {other:?}"),
    }
}

fn no_retries(sb: &Sandbox) -> Client {
    builder(sb).max_retries(0).build().unwrap()
}

#[test]
fn each_fault_has_its_own_error() {
    let sb = sandbox();
    let c = no_retries(&sb);
    let mut errors = Vec::new();

    for (fault, reason) in [
        (Fault::ForgedHash, "does not match"),
        (Fault::HashTrue, "not a string"),
        (Fault::MissingHash, "no hash"),
    ] {
        sb.inject(fault, 1);
        let e = groups(&c).unwrap_err();
        match &e {
            Error::BadSignature {
                method, reason: r, ..
            } => {
                assert_eq!(method, "GetAllGroups");
                assert!(r.contains(reason), "{fault:?}: {r}");
            }
            other => panic!("{fault:?}: expected BadSignature, got {other:?}"),
        }
        errors.push(e);
    }

    sb.inject(Fault::Html502, 1);
    let e = groups(&c).unwrap_err();
    assert_eq!(
        (problem(&e), e.http_status()),
        (ResponseProblem::NotJson, Some(502))
    );
    assert!(e.to_string().contains("HTTP 502"), "{e}");
    errors.push(e);

    sb.inject(Fault::TruncatedJson, 1);
    let e = groups(&c).unwrap_err();
    assert_eq!(problem(&e), ResponseProblem::Truncated);
    errors.push(e);

    sb.inject(Fault::EmptyBody, 1);
    let e = groups(&c).unwrap_err();
    assert_eq!(problem(&e), ResponseProblem::Empty);
    errors.push(e);

    sb.inject(Fault::HugeBody, 1);
    let e = groups(&c).unwrap_err();
    assert_eq!(problem(&e), ResponseProblem::TooLarge);
    assert!(e.to_string().contains("16777216-byte cap"), "{e}");
    errors.push(e);

    sb.inject(Fault::DropConnection, 1);
    let e = groups(&c).unwrap_err();
    assert!(matches!(e, Error::Transport { .. }), "{e:?}");
    errors.push(e);

    // All distinct, and the client is fine afterwards.
    let kinds: Vec<String> = errors.iter().map(|e| format!("{e}")).collect();
    for (i, a) in kinds.iter().enumerate() {
        assert!(!kinds[i + 1..].contains(a), "duplicate error text {a}");
    }
    assert!(groups(&c).unwrap().is_array());
    assert!(!sb.faults_pending());
}

#[test]
fn a_huge_genuine_answer_is_accepted_under_a_larger_cap_only() {
    let sb = sandbox();
    let small = builder(&sb)
        .max_retries(0)
        .max_response_bytes(64)
        .build()
        .unwrap();
    let e = small.get_all_goods().unwrap_err();
    assert_eq!(problem(&e), ResponseProblem::TooLarge);
    let big = builder(&sb).max_response_bytes(64 << 20).build().unwrap();
    sb.inject(Fault::HugeBody, 1);
    assert!(big.call("GetAllGroups", &Params::new()).is_ok());
}

#[test]
fn slow_answers_time_out_within_the_configured_bound() {
    let sb = sandbox();
    // A read is retried after a timeout, but never past the call's bound.
    let c = builder(&sb)
        .timeout(Duration::from_millis(600))
        .max_retries(3)
        .build()
        .unwrap();
    sb.inject(Fault::Slow(Duration::from_secs(3)), 4);
    let start = Instant::now();
    let e = groups(&c).unwrap_err();
    let took = start.elapsed();
    assert!(matches!(e, Error::Timeout { .. }), "{e:?}");
    assert!(e.to_string().contains("600 ms"), "{e}");
    assert!(
        !e.to_string().contains("600ms"),
        "no Rust debug formatting: {e}"
    );
    assert!(
        took >= Duration::from_millis(550) && took < Duration::from_millis(1100),
        "took {took:?}"
    );
    // Latency below the bound is fine.
    sb.clear_faults();
    sb.set_latency(Duration::from_millis(100));
    assert!(groups(&c).is_ok());
}

#[test]
fn redirect_307_is_followed_with_the_same_signed_body() {
    let sb = sandbox();
    let c = no_retries(&sb);
    sb.inject(Fault::Redirect307, 1);
    c.delete_subscribe("user@example.com", "super").unwrap();
    let log = sb.request_log();
    let posts: Vec<_> = log
        .iter()
        .filter(|r| r.path.ends_with("DeleteSubscribe"))
        .collect();
    assert_eq!(posts.len(), 2);
    assert_eq!(posts[0].status, 307);
    assert_eq!(
        posts[0].body, posts[1].body,
        "the same signed bytes, re-POSTed"
    );
}

#[test]
fn retries_only_where_harmless() {
    let sb = sandbox();
    let c = client(&sb);
    // A read survives a dropped connection: it is simply asked again.
    sb.inject(Fault::DropConnection, 1);
    assert!(c.get_all_groups().is_ok());
    assert_eq!(sb.request_log().len(), 2);
    // A write whose request may have been processed is never repeated: the caller
    // decides (CreateOrder answers 601 with the same bill_id on a repeat).
    sb.inject(Fault::DropConnection, 1);
    let order = justclick::client::NewOrder::new(["course"], "retry@example.com");
    let e = c.create_order(&order).unwrap_err();
    assert!(matches!(e, Error::Transport { .. }), "{e:?}");
    let creates = |sb: &Sandbox| {
        sb.request_log()
            .iter()
            .filter(|r| r.path.ends_with("CreateOrder"))
            .count()
    };
    assert_eq!(creates(&sb), 1);
    let again = c.create_order(&order).unwrap();
    assert!(again.existing, "the dropped request had created the order");
    assert_eq!(creates(&sb), 2);
    // A bad signature is never retried (it is not a transient failure).
    sb.inject(Fault::ForgedHash, 1);
    let before = sb.request_log().len();
    assert!(matches!(
        c.get_all_groups(),
        Err(Error::BadSignature { .. })
    ));
    assert_eq!(sb.request_log().len(), before + 1);
}

#[test]
fn nothing_listening_is_a_transport_error() {
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let c = Client::builder("demo", "s")
        .base_url(format!("http://127.0.0.1:{port}/api/"))
        .max_retries(1)
        .retry_base_delay(Duration::from_millis(1))
        .build()
        .unwrap();
    let e = c.delete_subscribe("a@b.c", "g").unwrap_err();
    assert!(matches!(e, Error::Transport { .. }), "{e:?}");
    assert_eq!(e.method(), Some("DeleteSubscribe"));
}

#[test]
fn tls_with_the_sandbox_ca_works_and_without_it_fails() {
    let sb = Sandbox::start(Config {
        tls: true,
        ..Config::default()
    })
    .unwrap();
    assert!(sb.base_url().starts_with("https://"), "{}", sb.base_url());
    let trusted = builder(&sb).build().unwrap();
    trusted
        .delete_subscribe("user@example.com", "super")
        .unwrap();
    let a = sb.account();
    let untrusted = Client::builder(&a.login, &a.secret)
        .base_url(sb.base_url())
        .max_retries(0)
        .build()
        .unwrap();
    let e = untrusted.get_all_groups().unwrap_err();
    assert!(matches!(e, Error::Tls { .. }), "{e:?}");
    assert!(e.to_string().contains("TLS"), "{e}");
    let by_file = Client::builder(&a.login, &a.secret)
        .base_url(sb.base_url())
        .ca_file(sb.ca_file().expect("a CA file"))
        .build()
        .unwrap();
    assert!(by_file.get_all_groups().is_ok());
    // Plain HTTP to a TLS port is not a TLS success either.
    let plain = Client::builder(&a.login, &a.secret)
        .base_url(sb.base_url().replacen("https://", "http://", 1))
        .max_retries(0)
        .build()
        .unwrap();
    assert!(plain.get_all_groups().is_err());
}

#[test]
fn sixteen_threads_share_one_client() {
    let sb = sandbox();
    let c = Arc::new(client(&sb));
    let handles: Vec<_> = (0..16)
        .map(|i| {
            let c = Arc::clone(&c);
            thread::spawn(move || {
                for j in 0..10 {
                    let email = format!("t{i}-{j}@example.com");
                    let lead = justclick::client::AddLead::new(["mega"], &email);
                    c.add_lead_to_group(&lead).unwrap();
                    let groups = c.get_lead_group_statuses(&email).unwrap();
                    assert_eq!(groups[0].rass_name, "mega");
                }
            })
        })
        .collect();
    for h in handles {
        h.join().expect("thread");
    }
    assert_eq!(
        c.get_count_subscribe(&justclick::client::CountScope::Group("mega".into()))
            .unwrap(),
        160
    );
}

#[test]
fn the_secret_never_appears_in_errors() {
    let sb = Sandbox::start(Config {
        tls: true,
        ..Config::default()
    })
    .unwrap();
    let secret = sb.account().secret.clone();
    let key = sb.account().api_key.clone();
    let c = builder(&sb)
        .max_retries(0)
        .timeout(Duration::from_millis(400))
        .build()
        .unwrap();
    let mut errors = vec![
        c.delete_subscribe("user@example.com", "nope").unwrap_err(),
        c.delete_subscribe("", "super").unwrap_err(),
        c.get_order_details(999, false).unwrap_err(),
        c.call_v2("getgoods", &Params::new().with("rpsKey", "x"))
            .unwrap_err(),
    ];
    for fault in [
        Fault::ForgedHash,
        Fault::HashTrue,
        Fault::MissingHash,
        Fault::Html502,
        Fault::TruncatedJson,
        Fault::EmptyBody,
        Fault::HugeBody,
        Fault::DropConnection,
        Fault::Slow(Duration::from_secs(2)),
    ] {
        sb.inject(fault, 1);
        errors.push(c.get_all_groups().unwrap_err());
        sb.clear_faults();
    }
    let a = sb.account();
    let untrusted = Client::builder(&a.login, &a.secret)
        .base_url(sb.base_url())
        .build()
        .unwrap();
    errors.push(untrusted.get_all_groups().unwrap_err());
    let wrong = builder(&sb).api_key("wrong-key").build().unwrap();
    errors.push(wrong.get_goods().unwrap_err());
    assert_eq!(errors.len(), 15);
    for e in &errors {
        for text in [format!("{e}"), format!("{e:?}")] {
            assert!(!text.contains(&secret), "secret in {text}");
            assert!(!text.contains(&key), "API key in {text}");
        }
    }
    for text in [format!("{c:?}"), format!("{:?}", builder(&sb))] {
        assert!(!text.contains(&secret), "secret in {text}");
    }
}

#[test]
fn an_answer_over_the_size_cap_is_never_retried() {
    let sb = sandbox();
    // Retries allowed, and GetAllGroups is a read: still one request, because the
    // same answer would be just as large again.
    let c = builder(&sb)
        .max_retries(3)
        .max_response_bytes(4096)
        .build()
        .unwrap();
    sb.inject(Fault::HugeBody, 4);
    let e = groups(&c).unwrap_err();
    assert_eq!(problem(&e), ResponseProblem::TooLarge);
    assert_eq!(sb.request_log().len(), 1, "the server saw one request");
}

#[test]
fn tls_failures_are_not_retried() {
    // A server that accepts TCP and answers garbage to the TLS handshake; it counts
    // the connections it accepted (before answering, so the count is final once the
    // client has its error).
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let accepted = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counter = Arc::clone(&accepted);
    thread::spawn(move || {
        use std::io::{Read, Write};
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { return };
            counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            let mut buf = [0u8; 1024];
            let _ = stream.read(&mut buf);
            let _ = stream.write_all(b"HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n\r\n");
        }
    });
    let c = Client::builder("demo", "s")
        .base_url(format!("https://127.0.0.1:{port}/api/"))
        .max_retries(3)
        .retry_base_delay(Duration::from_millis(1))
        .build()
        .unwrap();
    let e = c.get_all_groups().unwrap_err();
    assert!(matches!(e, Error::Tls { .. }), "{e:?}");
    assert_eq!(accepted.load(std::sync::atomic::Ordering::SeqCst), 1);
}

#[test]
fn a_refused_connection_is_retried_even_for_a_write() {
    // Nothing listens on the port at first: the request cannot have been sent, so even
    // DeleteSubscribe (a write) is tried again, and reaches the sandbox once it is up.
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let account = justclick_sandbox::Account::new("retrier", "retrier-secret");
    let served = account.clone();
    let starter = thread::spawn(move || {
        thread::sleep(Duration::from_millis(100));
        Sandbox::start(Config {
            port,
            accounts: vec![served],
            ..Config::default()
        })
        .expect("sandbox starts on the freed port")
    });
    let c = Client::builder(&account.login, &account.secret)
        .base_url(format!("http://127.0.0.1:{port}/api/"))
        .max_retries(6)
        .retry_base_delay(Duration::from_millis(100))
        .timeout(Duration::from_secs(20))
        .build()
        .unwrap();
    c.delete_subscribe("user@example.com", "super").unwrap();
    let sb = starter.join().unwrap();
    let deletes = sb
        .request_log()
        .iter()
        .filter(|r| r.path.ends_with("DeleteSubscribe"))
        .count();
    assert_eq!(deletes, 1, "the refused attempts never reached the server");
}

/// A TCP relay to the sandbox that counts the connections the client opens.
fn counting_relay(sb: &Sandbox) -> (u16, Arc<std::sync::atomic::AtomicUsize>) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let upstream = sb.port();
    let accepted = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counter = Arc::clone(&accepted);
    thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(down) = stream else { return };
            counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            let Ok(up) = std::net::TcpStream::connect(("127.0.0.1", upstream)) else {
                return;
            };
            let (mut d2, mut u2) = (down.try_clone().unwrap(), up.try_clone().unwrap());
            let (mut d1, mut u1) = (down, up);
            thread::spawn(move || {
                let _ = std::io::copy(&mut d1, &mut u1);
                let _ = u1.shutdown(std::net::Shutdown::Write);
            });
            thread::spawn(move || {
                let _ = std::io::copy(&mut u2, &mut d2);
                let _ = d2.shutdown(std::net::Shutdown::Write);
            });
        }
    });
    (port, accepted)
}

#[test]
fn max_idle_connections_sets_the_keep_alive_pool() {
    let sb = sandbox();
    let calls = |idle: Option<usize>| {
        let (port, accepted) = counting_relay(&sb);
        let mut b = builder(&sb).base_url(format!("http://127.0.0.1:{port}/api/"));
        if let Some(n) = idle {
            b = b.max_idle_connections(n);
        }
        let c = b.build().unwrap();
        for _ in 0..3 {
            groups(&c).unwrap();
        }
        accepted.load(std::sync::atomic::Ordering::SeqCst)
    };
    // The default pool keeps the connection; a pool of 0 closes it after each call.
    assert_eq!(calls(None), 1);
    assert_eq!(calls(Some(0)), 3);
    let e = builder(&sb)
        .max_idle_connections(justclick::client::config::MAX_IDLE_CONNECTIONS + 1)
        .build()
        .unwrap_err();
    assert!(matches!(e, Error::InvalidArgument { .. }), "{e:?}");
    assert!(e.to_string().contains("max_idle_connections"), "{e}");
}
