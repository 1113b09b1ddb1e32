//! Counters behind `GET /_sandbox/stats`: what the server accepted and answered, for
//! tests that check connection reuse, TLS session counts or how many calls a job made.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use serde::Serialize;

/// A snapshot of the counters since start (or the last reset).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Stats {
    /// TCP connections accepted.
    pub connections: u64,
    /// TLS handshakes completed (0 without TLS).
    pub tls_handshakes: u64,
    /// TLS handshakes that failed (a client refusing the certificate, a plain-HTTP
    /// client on a TLS port).
    pub tls_handshake_failures: u64,
    /// API requests by the method named in the path (`DeleteSubscribe`, `getalllists`);
    /// control endpoints are not counted.
    pub requests: BTreeMap<String, u64>,
    /// Sum of `requests`.
    pub requests_total: u64,
    /// API requests answered with error 8 by [`crate::Config::rate_limit`].
    pub rate_limited: u64,
}

/// The live counters.
#[derive(Debug, Default)]
pub(crate) struct Counters {
    pub connections: AtomicU64,
    pub tls_handshakes: AtomicU64,
    pub tls_handshake_failures: AtomicU64,
    pub rate_limited: AtomicU64,
    requests: Mutex<BTreeMap<String, u64>>,
}

impl Counters {
    pub fn bump(counter: &AtomicU64) {
        counter.fetch_add(1, Ordering::Relaxed);
    }

    pub fn request(&self, method: &str) {
        let mut m = self.requests.lock().expect("stats lock");
        match m.get_mut(method) {
            Some(n) => *n += 1,
            None => {
                m.insert(method.to_owned(), 1);
            }
        }
    }

    pub fn snapshot(&self) -> Stats {
        let requests = self.requests.lock().expect("stats lock").clone();
        Stats {
            connections: self.connections.load(Ordering::Relaxed),
            tls_handshakes: self.tls_handshakes.load(Ordering::Relaxed),
            tls_handshake_failures: self.tls_handshake_failures.load(Ordering::Relaxed),
            requests_total: requests.values().sum(),
            requests,
            rate_limited: self.rate_limited.load(Ordering::Relaxed),
        }
    }

    pub fn clear(&self) {
        for c in [
            &self.connections,
            &self.tls_handshakes,
            &self.tls_handshake_failures,
            &self.rate_limited,
        ] {
            c.store(0, Ordering::Relaxed);
        }
        self.requests.lock().expect("stats lock").clear();
    }
}
