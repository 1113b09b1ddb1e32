//! Which proxy a client uses, following curl's rules.
//!
//! - An explicit `proxy` setting wins: a URL (`http://host:port`, `https://…`; no
//!   scheme means `http://`), or the empty string for "no proxy, ignore the
//!   environment". It applies to every host, loopback included.
//! - Otherwise the environment, as curl reads it: for an `https://` API URL
//!   `https_proxy`, then `HTTPS_PROXY`; for `http://` only the lower-case `http_proxy`
//!   (the upper-case `HTTP_PROXY` is never read: CGI hosts set it from a request's
//!   `Proxy:` header, the "httpoxy" hole); then `all_proxy`, `ALL_PROXY`. A proxy from
//!   the environment is never used for a loopback host (`localhost`, `127.0.0.0/8`,
//!   `::1`).
//! - `no_proxy` (the setting, or else `no_proxy`/`NO_PROXY`): comma-separated host
//!   names (matching the host and its subdomains; a leading `.` is optional), IP
//!   addresses, or `*` for every host. Ports in entries are ignored.
//! - SOCKS proxies are refused with an error naming where the setting came from.
//!
//! The proxy is chosen once, for the client's API host, when the client is built;
//! transport errors then name it (without credentials).

use std::net::IpAddr;

use crate::error::Error;

/// The proxy chosen for a client, ready for ureq and for error messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ChosenProxy {
    /// The proxy URL as given (may hold credentials; never printed).
    pub url: String,
    /// `scheme://host:port` plus where it came from, for error messages.
    pub label: String,
}

/// Chooses the proxy for requests to `base_url` (see the module docs). `env` reads an
/// environment variable (`std::env::var` in production, a map in tests).
///
/// # Errors
/// [`Error::InvalidArgument`] for a SOCKS or malformed proxy URL, naming its source.
pub(crate) fn choose(
    base_url: &str,
    explicit: Option<&str>,
    explicit_no_proxy: Option<&str>,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<Option<ChosenProxy>, Error> {
    let (scheme, host) = scheme_and_host(base_url);
    let var = |name: &str| env(name).filter(|v| !v.trim().is_empty());
    let (url, source) = match explicit {
        Some(p) if p.trim().is_empty() => return Ok(None),
        Some(p) => (p.trim().to_owned(), "the proxy option".to_owned()),
        None => {
            if is_loopback(&host) {
                return Ok(None);
            }
            let names: &[&str] = if scheme == "https" {
                &["https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"]
            } else {
                &["http_proxy", "all_proxy", "ALL_PROXY"]
            };
            match names.iter().find_map(|n| var(n).map(|v| (v, *n))) {
                Some((v, name)) => (v.trim().to_owned(), format!("${name}")),
                None => return Ok(None),
            }
        }
    };
    let no_proxy = match explicit_no_proxy {
        Some(list) => Some(list.to_owned()),
        None => var("no_proxy").or_else(|| var("NO_PROXY")),
    };
    if no_proxy.is_some_and(|list| matches_no_proxy(&list, &host)) {
        return Ok(None);
    }
    let label = describe(&url)
        .map_err(|why| Error::invalid(format!("proxy from {source} ({}): {why}", redact(&url))))?;
    Ok(Some(ChosenProxy {
        url,
        label: format!("{label} (from {source})"),
    }))
}

/// `scheme://host:port` of a proxy URL, or why it cannot be used.
fn describe(url: &str) -> Result<String, String> {
    let (scheme, rest) = match url.split_once("://") {
        Some((s, rest)) => (s.to_ascii_lowercase(), rest),
        None => ("http".to_owned(), url),
    };
    match scheme.as_str() {
        "http" | "https" => {}
        s if s.starts_with("socks") => {
            return Err(format!(
                "SOCKS proxies are not supported ({s}); use an HTTP proxy, or set the \
                 proxy option to \"\" to ignore the environment"
            ));
        }
        s => {
            return Err(format!(
                "unknown proxy scheme \"{s}\": use http:// or https://"
            ));
        }
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, hp)| hp);
    if host_port.is_empty() {
        return Err("no host".into());
    }
    let has_port = host_port
        .rsplit_once(':')
        .is_some_and(|(_, p)| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    let default_port = if scheme == "https" { 443 } else { 80 };
    Ok(if has_port {
        format!("{scheme}://{host_port}")
    } else {
        format!("{scheme}://{host_port}:{default_port}")
    })
}

/// An absolute URL split into its scheme (empty when there is none), `host[:port]`
/// (any `user:password@` dropped) and the rest (path, query, fragment).
pub(crate) fn split_url(url: &str) -> (&str, &str, &str) {
    let (scheme, rest) = url.split_once("://").unwrap_or(("", url));
    let (authority, tail) = rest.split_at(rest.find(['/', '?', '#']).unwrap_or(rest.len()));
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, hp)| hp);
    (scheme, host_port, tail)
}

/// The URL with any `user:password@` removed, for messages.
fn redact(url: &str) -> String {
    if url.contains("://") {
        let (scheme, host_port, tail) = split_url(url);
        format!("{scheme}://{host_port}{tail}")
    } else {
        url.rsplit_once('@').map_or(url, |(_, h)| h).to_owned()
    }
}

/// The scheme and host (lower-case, IPv6 without brackets) of an absolute URL.
fn scheme_and_host(url: &str) -> (String, String) {
    let (scheme, host_port, _) = split_url(url);
    let host = if let Some(v6) = host_port.strip_prefix('[') {
        v6.split(']').next().unwrap_or_default()
    } else {
        host_port.split(':').next().unwrap_or_default()
    };
    (scheme.to_ascii_lowercase(), host.to_ascii_lowercase())
}

/// `localhost` (and its subdomains), `127.0.0.0/8`, `::1`.
pub(crate) fn is_loopback(host: &str) -> bool {
    let host = host.trim_end_matches('.');
    host == "localhost"
        || host.ends_with(".localhost")
        || host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// Whether `host` matches a `no_proxy` list (see the module docs).
fn matches_no_proxy(list: &str, host: &str) -> bool {
    let host = host.trim_end_matches('.');
    list.split(',').map(str::trim).any(|entry| {
        if entry == "*" {
            return true;
        }
        let entry = entry
            .strip_prefix('[')
            .map_or(entry, |e| e.split(']').next().unwrap_or(e));
        // An IPv6 address has several ':'; otherwise a ':' starts a port.
        let entry = if entry.matches(':').count() == 1 {
            entry.split(':').next().unwrap_or_default()
        } else {
            entry
        };
        let entry = entry
            .trim_start_matches('.')
            .trim_end_matches('.')
            .to_ascii_lowercase();
        if entry.is_empty() {
            return false;
        }
        host == entry || host.ends_with(&format!(".{entry}"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn with_env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        move |name| map.get(name).cloned()
    }

    fn pick(
        url: &str,
        explicit: Option<&str>,
        np: Option<&str>,
        env: &[(&str, &str)],
    ) -> Option<String> {
        choose(url, explicit, np, &with_env(env))
            .unwrap()
            .map(|p| p.label)
    }

    const API: &str = "https://shop.justclick.ru/api/";
    const PLAIN: &str = "http://api.example.com/api/";

    #[test]
    fn environment_follows_curl() {
        assert_eq!(pick(API, None, None, &[]), None);
        assert_eq!(
            pick(API, None, None, &[("HTTPS_PROXY", "proxy:3128")]).as_deref(),
            Some("http://proxy:3128 (from $HTTPS_PROXY)")
        );
        assert_eq!(
            pick(
                API,
                None,
                None,
                &[("https_proxy", "http://a:1"), ("HTTPS_PROXY", "http://b:2")]
            )
            .as_deref(),
            Some("http://a:1 (from $https_proxy)")
        );
        // httpoxy: the upper-case HTTP_PROXY is never read, for either scheme.
        assert_eq!(
            pick(PLAIN, None, None, &[("HTTP_PROXY", "http://evil:80")]),
            None
        );
        assert_eq!(
            pick(API, None, None, &[("HTTP_PROXY", "http://evil:80")]),
            None
        );
        assert_eq!(
            pick(PLAIN, None, None, &[("http_proxy", "http://p:8080")]).as_deref(),
            Some("http://p:8080 (from $http_proxy)")
        );
        // http_proxy is for http:// only; all_proxy is the fallback for both.
        assert_eq!(
            pick(API, None, None, &[("http_proxy", "http://p:8080")]),
            None
        );
        assert_eq!(
            pick(API, None, None, &[("ALL_PROXY", "https://p")]).as_deref(),
            Some("https://p:443 (from $ALL_PROXY)")
        );
    }

    #[test]
    fn loopback_is_never_proxied_from_the_environment() {
        let env = [("http_proxy", "http://p:1"), ("all_proxy", "http://p:1")];
        for url in [
            "http://127.0.0.1:8080/api/",
            "http://localhost/api/",
            "http://[::1]:80/api/",
            "http://127.1.2.3/api/",
            "http://a.localhost/api/",
        ] {
            assert_eq!(pick(url, None, None, &env), None, "{url}");
        }
        // Unless asked explicitly.
        assert_eq!(
            pick(
                "http://127.0.0.1:8080/api/",
                Some("http://127.0.0.1:3128"),
                None,
                &env
            )
            .as_deref(),
            Some("http://127.0.0.1:3128 (from the proxy option)")
        );
    }

    #[test]
    fn no_proxy_lists() {
        let env = [("https_proxy", "http://p:1")];
        for list in [
            "*",
            "justclick.ru",
            ".justclick.ru",
            "x.org, shop.justclick.ru:443",
            "JUSTCLICK.RU",
        ] {
            assert_eq!(pick(API, None, Some(list), &env), None, "{list}");
            let mut with_list = env.to_vec();
            with_list.push(("NO_PROXY", list));
            assert_eq!(pick(API, None, None, &with_list), None, "NO_PROXY={list}");
        }
        for list in ["", "ick.ru", "other.justclick.ru", "shop.justclick.ru.evil"] {
            assert!(pick(API, None, Some(list), &env).is_some(), "{list}");
        }
        assert_eq!(
            pick("http://10.0.0.5/api/", Some("p:1"), Some("10.0.0.5"), &[]),
            None
        );
        assert_eq!(
            pick("http://[fe80::1]/api/", Some("p:1"), Some("fe80::1"), &[]),
            None
        );
        // The explicit setting replaces the environment's list.
        let both = [("https_proxy", "http://p:1"), ("no_proxy", "justclick.ru")];
        assert!(pick(API, None, Some("other.org"), &both).is_some());
    }

    #[test]
    fn explicit_settings_and_refusals() {
        let env = [("https_proxy", "http://p:1")];
        assert_eq!(
            pick(API, Some(""), None, &env),
            None,
            "empty disables the environment"
        );
        let e = choose(API, Some("socks5://user:pw@s:1080"), None, &with_env(&[]))
            .unwrap_err()
            .to_string();
        assert!(e.contains("SOCKS") && e.contains("the proxy option"), "{e}");
        assert!(!e.contains("pw"), "credentials are never printed: {e}");
        let e = choose(
            API,
            None,
            None,
            &with_env(&[("ALL_PROXY", "socks5h://s:1")]),
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("$ALL_PROXY") && e.contains("SOCKS"), "{e}");
        let p = choose(
            API,
            Some("http://u:secret@proxy.corp:8080/"),
            None,
            &with_env(&[]),
        )
        .unwrap()
        .unwrap();
        assert_eq!(p.label, "http://proxy.corp:8080 (from the proxy option)");
        assert!(
            p.url.contains("secret"),
            "the URL keeps credentials for ureq"
        );
    }
}
