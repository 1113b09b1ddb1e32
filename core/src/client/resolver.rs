//! Host name resolution for the client's agent, with a short cache.
//!
//! ureq resolves the host before every request, even when a pooled keep-alive connection
//! to it is waiting, and whenever a timeout applies (ours always does) its default
//! resolver does that lookup on a newly spawned thread. Every call paid a thread spawn
//! and, for names, a `getaddrinfo` (about 70–130 µs a call here; see bench/NOTES.md).
//! This resolver answers IP-literal hosts at once and remembers names for a minute.
//!
//! ureq's resolver trait lives in its `unversioned` module (outside its semver promise),
//! which is why this is kept in one small file.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use ureq::config::Config;
use ureq::http::Uri;
use ureq::unversioned::resolver::{DefaultResolver, ResolvedSocketAddrs, Resolver};
use ureq::unversioned::transport::NextTimeout;

/// How long a resolved name is reused.
const TTL: Duration = Duration::from_secs(60);
/// Cached names at most (a client talks to one host, plus redirect targets).
const MAX_ENTRIES: usize = 64;

/// IP literals without a lookup; names through ureq's resolver, cached for [`TTL`].
#[derive(Debug, Default)]
pub(crate) struct CachingResolver {
    inner: DefaultResolver,
    cache: Mutex<HashMap<String, (Instant, ResolvedSocketAddrs)>>,
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
        let addrs = self.inner.resolve(uri, config, timeout)?;
        let mut cache = self.cache.lock().unwrap_or_else(|p| p.into_inner());
        if cache.len() >= MAX_ENTRIES {
            cache.clear();
        }
        cache.insert(key, (Instant::now(), addrs.clone()));
        Ok(addrs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ureq::unversioned::transport::NextTimeout;

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
