//! Host name resolution for the client's agent, with a short cache.
//!
//! ureq resolves the host before every request, even when a pooled keep-alive connection
//! to it is waiting, and whenever a timeout applies (ours always does) its default
//! resolver does that lookup on a newly spawned thread. Every call paid a thread spawn
//! and, for names, a `getaddrinfo` (about 70–130 µs a call here; see bench/NOTES.md).
//! This resolver answers IP-literal hosts at once and remembers names for a minute.
//!
//! A lookup that is not cached, for a call that can be cancelled, runs on a helper
//! thread while the call waits for either its answer or the cancel (which wakes the
//! wait at once); `getaddrinfo` itself cannot be interrupted, so the helper finishes
//! on its own and its answer is dropped.
//!
//! ureq's resolver trait lives in its `unversioned` module (outside its semver promise),
//! which is why this is kept in one small file.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Mutex, mpsc};
use std::time::{Duration, Instant};

use ureq::config::Config;
use ureq::http::Uri;
use ureq::unversioned::resolver::{DefaultResolver, ResolvedSocketAddrs, Resolver};
use ureq::unversioned::transport::NextTimeout;

use crate::client::cancel::CancelHandle;
use crate::client::scope;

/// How long a resolved name is reused.
const TTL: Duration = Duration::from_secs(60);
/// Cached names at most (a client talks to one host, plus redirect targets).
const MAX_ENTRIES: usize = 64;

/// A blocking name lookup, as a cancellable call runs it on a helper thread.
type Lookup = fn(&Uri, &Config) -> Result<ResolvedSocketAddrs, ureq::Error>;

/// IP literals without a lookup; names through ureq's resolver, cached for [`TTL`].
#[derive(Debug)]
pub(crate) struct CachingResolver {
    inner: DefaultResolver,
    /// The lookup of a cancellable call ([`system_lookup`]; a stalled one in tests).
    lookup: Lookup,
    cache: Mutex<HashMap<String, (Instant, ResolvedSocketAddrs)>>,
}

impl Default for CachingResolver {
    fn default() -> Self {
        CachingResolver {
            inner: DefaultResolver::default(),
            lookup: system_lookup,
            cache: Mutex::default(),
        }
    }
}

/// The system's lookup (`getaddrinfo`), on the calling thread.
fn system_lookup(uri: &Uri, config: &Config) -> Result<ResolvedSocketAddrs, ureq::Error> {
    // No timeout: a blocking lookup on this thread, not another helper.
    DefaultResolver::default().resolve(uri, config, NextTimeout::default())
}

impl Resolver for CachingResolver {
    fn resolve(
        &self,
        uri: &Uri,
        config: &Config,
        timeout: NextTimeout,
    ) -> Result<ResolvedSocketAddrs, ureq::Error> {
        let Some(authority) = uri.authority() else {
            return self.inner.resolve(uri, config, timeout);
        };
        let port = authority.port_u16().or(match uri.scheme_str() {
            Some("https") => Some(443),
            Some("http") => Some(80),
            _ => None,
        });
        let host = authority
            .host()
            .trim_start_matches('[')
            .trim_end_matches(']');
        if let (Ok(ip), Some(port)) = (host.parse::<IpAddr>(), port) {
            let mut addrs = self.empty();
            addrs.push(SocketAddr::new(ip, port));
            return Ok(addrs);
        }
        let key = format!("{}://{}", uri.scheme_str().unwrap_or(""), authority);
        let cache = self.cache.lock().unwrap_or_else(|p| p.into_inner());
        if let Some((at, addrs)) = cache.get(&key) {
            if at.elapsed() < TTL {
                return Ok(addrs.clone());
            }
        }
        // Resolve without holding the lock, so one slow lookup does not stall the rest.
        drop(cache);
        let addrs = match scope::current_cancel() {
            Some(cancel) => resolve_cancellable(self.lookup, uri, config, timeout, &cancel)?,
            None => self.inner.resolve(uri, config, timeout)?,
        };
        let mut cache = self.cache.lock().unwrap_or_else(|p| p.into_inner());
        if cache.len() >= MAX_ENTRIES {
            cache.clear();
        }
        cache.insert(key, (Instant::now(), addrs.clone()));
        Ok(addrs)
    }
}

/// Resolves with `lookup` on a helper thread; returns when it answers, the timeout
/// passes or `cancel` is cancelled, whichever comes first.
fn resolve_cancellable(
    lookup: Lookup,
    uri: &Uri,
    config: &Config,
    timeout: NextTimeout,
    cancel: &CancelHandle,
) -> Result<ResolvedSocketAddrs, ureq::Error> {
    let (tx, rx) = mpsc::channel::<Option<Result<ResolvedSocketAddrs, ureq::Error>>>();
    let on_cancel = tx.clone();
    let _hook = cancel.on_cancel(move || {
        let _ = on_cancel.send(None);
    });
    let (uri, config) = (uri.clone(), config.clone());
    std::thread::Builder::new()
        .name("justclick-resolve".into())
        .spawn(move || {
            let _ = tx.send(Some(lookup(&uri, &config)));
        })?;
    let received = match timeout.not_zero() {
        Some(limit) => rx.recv_timeout(*limit).ok(),
        None => rx.recv().ok(),
    };
    match received {
        Some(Some(answer)) => answer,
        Some(None) => Err(ureq::Error::Io(scope::cancelled_io())),
        None => Err(ureq::Error::Timeout(timeout.reason)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::scope::CallScope;
    use std::sync::Condvar;
    use ureq::unversioned::transport::NextTimeout;

    /// Holds [`stalled_lookup`] until a test releases it.
    static RELEASE: (Mutex<bool>, Condvar) = (Mutex::new(false), Condvar::new());

    /// A lookup that hangs as `getaddrinfo` does when the DNS server does not answer.
    fn stalled_lookup(_: &Uri, _: &Config) -> Result<ResolvedSocketAddrs, ureq::Error> {
        let released = RELEASE.0.lock().unwrap();
        drop(RELEASE.1.wait_while(released, |r| !*r).unwrap());
        Err(ureq::Error::HostNotFound)
    }

    #[test]
    fn a_cancel_ends_a_stalled_lookup_at_once() {
        let r = CachingResolver {
            lookup: stalled_lookup,
            ..CachingResolver::default()
        };
        let cancel = CancelHandle::new();
        // As a call with this handle runs the resolver: inside its scope.
        let scope = CallScope::enter(Some(cancel.clone()));
        let canceller = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(300));
            let at = Instant::now();
            cancel.cancel();
            at
        });
        let uri: Uri = "http://stalled.example/api/".parse().unwrap();
        let started = Instant::now();
        // No timeout: only the cancel can end it.
        let e = r
            .resolve(&uri, &Config::default(), NextTimeout::default())
            .unwrap_err();
        let returned = Instant::now();
        let cancelled_at = canceller.join().unwrap();
        drop(scope);
        *RELEASE.0.lock().unwrap() = true;
        RELEASE.1.notify_all();
        assert!(
            matches!(&e, ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::ConnectionAborted),
            "{e:?}"
        );
        assert!(
            returned - started >= Duration::from_millis(250),
            "it waited"
        );
        // Within 50 ms on a quiet machine; 1 s allowed on a loaded one, against a
        // lookup that never ends by itself.
        let took = returned.saturating_duration_since(cancelled_at);
        eprintln!("stalled lookup: returned {took:?} after the cancel");
        assert!(took < Duration::from_secs(1), "{took:?}");
        assert!(r.cache.lock().unwrap().is_empty(), "nothing cached");
    }

    fn resolve(r: &CachingResolver, url: &str) -> Vec<SocketAddr> {
        let uri: Uri = url.parse().unwrap();
        r.resolve(&uri, &Config::default(), NextTimeout::default())
            .unwrap()
            .iter()
            .copied()
            .collect()
    }

    #[test]
    fn ip_literals_need_no_lookup_and_names_are_cached() {
        let r = CachingResolver::default();
        assert_eq!(
            resolve(&r, "http://127.0.0.1:8080/api/"),
            ["127.0.0.1:8080".parse().unwrap()]
        );
        assert_eq!(
            resolve(&r, "https://[::1]/api/"),
            ["[::1]:443".parse().unwrap()]
        );
        assert!(
            r.cache.lock().unwrap().is_empty(),
            "IP literals are not cached"
        );
        let first = resolve(&r, "http://localhost:9/x");
        assert!(
            first.iter().all(|a| a.ip().is_loopback() && a.port() == 9),
            "{first:?}"
        );
        assert_eq!(r.cache.lock().unwrap().len(), 1);
        assert_eq!(resolve(&r, "http://localhost:9/y"), first);
    }
}
