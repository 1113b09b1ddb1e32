//! Where the time of one keep-alive call goes in the client's HTTP stack (ureq 3), for
//! the profiling notes of docs/BENCHMARKS.md. Posts the same signed
//! GetLeadGroupStatuses body `COUNT` times through an agent configured like
//! `justclick::Client`'s (global timeout, per-request timeout override) with:
//!
//! - `default`: ureq's `DefaultResolver`. With a timeout set, it resolves the host on
//!   EVERY request, in a NEW THREAD (`resolve_async`), even when a pooled connection
//!   is then reused;
//! - `cached`: a resolver that keeps each host's addresses for 60 s (what the client
//!   does since commit 86a821f, `src/client/resolver.rs`), so a warm call spawns nothing;
//! - `no-timeout`: no timeouts at all (ureq then resolves inline, no thread);
//! - `raw` (plain HTTP only): a `TcpStream` that writes each request in ONE `write`
//!   and reads the answer by its `content-length`: the least any client can do against
//!   this server (ureq writes the head and the body in two `sendto`s, and sets socket
//!   timeouts and probes the connection around them).
//!
//! `jc-transport-probe BASE_URL CA_FILE|- LOGIN EMAIL COUNT` (secret in
//! `JUSTCLICK_SECRET`); prints `<variant> <median ns> <p90 ns>` per variant.

use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use ureq::config::Config;
use ureq::http::Uri;
use ureq::tls::{PemItem, RootCerts, TlsConfig};
use ureq::unversioned::resolver::{DefaultResolver, ResolvedSocketAddrs, Resolver};
use ureq::unversioned::transport::{DefaultConnector, NextTimeout};

/// Caches each `scheme://authority`'s addresses for a while.
#[derive(Debug, Default)]
struct CachedResolver {
    inner: DefaultResolver,
    cache: Mutex<HashMap<String, (Instant, ResolvedSocketAddrs)>>,
}

impl Resolver for CachedResolver {
    fn resolve(
        &self,
        uri: &Uri,
        config: &Config,
        timeout: NextTimeout,
    ) -> Result<ResolvedSocketAddrs, ureq::Error> {
        let key = format!(
            "{}://{}",
            uri.scheme_str().unwrap_or(""),
            uri.authority().map_or("", |a| a.as_str())
        );
        if let Some((at, addrs)) = self.cache.lock().expect("cache").get(&key) {
            if at.elapsed() < Duration::from_secs(60) {
                return Ok(addrs.clone());
            }
        }
        let addrs = self.inner.resolve(uri, config, timeout)?;
        self.cache
            .lock()
            .expect("cache")
            .insert(key, (Instant::now(), addrs.clone()));
        Ok(addrs)
    }
}

fn config(ca: &str, timeouts: bool) -> Config {
    let mut tls = TlsConfig::builder();
    if ca != "-" {
        let pem = std::fs::read(ca).expect("CA file");
        let certs: Vec<_> = ureq::tls::parse_pem(&pem)
            .filter_map(|i| match i {
                Ok(PemItem::Certificate(c)) => Some(c),
                _ => None,
            })
            .collect();
        tls = tls.root_certs(RootCerts::Specific(Arc::new(certs)));
    }
    let b = Config::builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .tls_config(tls.build());
    if timeouts {
        b.timeout_global(Some(Duration::from_secs(30)))
            .timeout_connect(Some(Duration::from_secs(10)))
            .build()
    } else {
        b.build()
    }
}

fn run(agent: &ureq::Agent, url: &str, body: &str, count: usize, timeouts: bool) -> (u128, u128) {
    let mut samples: Vec<u128> = (0..count + 10)
        .map(|_| {
            let t = Instant::now();
            let req = agent.post(url);
            let req = if timeouts {
                req.config()
                    .timeout_global(Some(Duration::from_secs(30)))
                    .build()
            } else {
                req
            };
            let mut resp = req
                .content_type("application/x-www-form-urlencoded")
                .send(body.as_bytes())
                .expect("answer");
            let text = resp.body_mut().read_to_string().expect("body");
            assert!(text.contains("error_code"), "{text}");
            t.elapsed().as_nanos()
        })
        .skip(10)
        .collect();
    samples.sort_unstable();
    (samples[samples.len() / 2], samples[samples.len() * 9 / 10])
}

/// Keep-alive POSTs over one `TcpStream`, one `write` per request.
fn run_raw(base: &str, body: &str, count: usize) -> (u128, u128) {
    let rest = base.strip_prefix("http://").expect("plain http base URL");
    let (authority, path) = rest.split_once('/').expect("base URL with a path");
    let mut stream = TcpStream::connect(authority).expect("connect");
    stream.set_nodelay(true).expect("nodelay");
    let request = format!(
        "POST /{path}GetLeadGroupStatuses HTTP/1.1\r\nhost: {authority}\r\n\
         content-type: application/x-www-form-urlencoded\r\ncontent-length: {}\r\n\r\n{body}",
        body.len()
    );
    let mut buf = vec![0u8; 64 * 1024];
    let mut samples: Vec<u128> = (0..count + 10)
        .map(|_| {
            let t = Instant::now();
            stream.write_all(request.as_bytes()).expect("write");
            let mut have = 0;
            loop {
                let n = stream.read(&mut buf[have..]).expect("read");
                assert!(n > 0, "server closed the connection");
                have += n;
                let text = String::from_utf8_lossy(&buf[..have]);
                if let Some(end) = text.find("\r\n\r\n") {
                    let len: usize = text[..end]
                        .lines()
                        .find_map(|l| {
                            let (k, v) = l.split_once(':')?;
                            k.eq_ignore_ascii_case("content-length")
                                .then(|| v.trim().parse().ok())?
                        })
                        .expect("content-length");
                    if have >= end + 4 + len {
                        assert!(text.contains("error_code"), "{text}");
                        break;
                    }
                }
            }
            t.elapsed().as_nanos()
        })
        .skip(10)
        .collect();
    samples.sort_unstable();
    (samples[samples.len() / 2], samples[samples.len() * 9 / 10])
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [base, ca, login, email, count] = args.as_slice() else {
        eprintln!("usage: jc-transport-probe BASE_URL CA_FILE|- LOGIN EMAIL COUNT");
        std::process::exit(2);
    };
    let secret = std::env::var("JUSTCLICK_SECRET").expect("JUSTCLICK_SECRET");
    let count: usize = count.parse().expect("COUNT");
    let params = justclick::Params::new().with("email", email.as_str());
    let body = justclick::sign(&params, login, &secret)
        .expect("sign")
        .into_body();
    let url = format!("{base}GetLeadGroupStatuses");
    for round in 0..2 {
        for variant in ["default", "cached", "no-timeout"] {
            let timeouts = variant != "no-timeout";
            let cfg = config(ca, timeouts);
            let agent = if variant == "cached" {
                ureq::Agent::with_parts(cfg, DefaultConnector::default(), CachedResolver::default())
            } else {
                ureq::Agent::new_with_config(cfg)
            };
            let (median, p90) = run(&agent, &url, &body, count, timeouts);
            if round == 1 {
                println!("{variant} {median} {p90}");
            }
        }
        if base.starts_with("http://") {
            let (median, p90) = run_raw(base, &body, count);
            if round == 1 {
                println!("raw {median} {p90}");
            }
        }
    }
}
