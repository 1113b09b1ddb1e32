//! Request authentication, in the server's order (spec 5.2): 5 unknown login, 2 no
//! fields, 1 no hash, 4 wrong hash (API 1.0); 2 no fields, 4 wrong `rpsKey` (API 2.0).

use justclick::signing::{hex_str, request_hash};
use justclick::{Params, Value, build_query};
use subtle::ConstantTimeEq;

use crate::config::Account;
use crate::methods::{Api, Reply, text};

/// Picks the account from the `Host` header: its first label when that is a known
/// login (`demo.localhost:8080`); the default account for IP literals, `localhost`
/// and any other name (a custom domain); `None` — error 5 — for a `*.localhost`
/// subdomain that names no account, mirroring an unknown `LOGIN.justclick.ru`.
pub(crate) fn account_for_host<'a>(accounts: &'a [Account], host: &str) -> Option<&'a Account> {
    let name = host_name(host);
    let first = name.split('.').next().unwrap_or_default();
    if let Some(a) = accounts
        .iter()
        .find(|a| a.login.eq_ignore_ascii_case(first))
    {
        return Some(a);
    }
    let unknown_subdomain = name.ends_with(".localhost") && name.len() > ".localhost".len();
    if unknown_subdomain {
        None
    } else {
        accounts.first()
    }
}

/// The host name without the port (IPv6 literals keep their brackets).
fn host_name(host: &str) -> &str {
    if host.starts_with('[') {
        return host.split(']').next().map_or(host, |h| &host[..=h.len()]);
    }
    host.rsplit_once(':').map_or(host, |(h, _)| h)
}

/// Checks an API 1.0 request: removes `hash` from `params` and compares it with
/// `md5(build_query(params) . "::" . login . "::" . secret)`. A `hash` that is not the
/// exact lower-case digest (PHP compares strings) is error 4.
pub(crate) fn check_v1(account: &Account, params: &mut Params) -> Result<(), Reply> {
    if params.is_empty() {
        return Err(Reply::err(2, text::NO_DATA));
    }
    let hash = params.remove("hash");
    let claimed = match &hash {
        // PHP's empty(): absent, "" and "0" are all "no hash".
        None => return Err(Reply::err(1, text::NO_HASH)),
        Some(Value::Str(s)) if s.is_empty() || s == "0" => {
            return Err(Reply::err(1, text::NO_HASH));
        }
        Some(Value::Str(s)) => s.as_str(),
        Some(_) => return Err(Reply::err(4, text::BAD_HASH)),
    };
    let Ok(query) = build_query(params) else {
        return Err(Reply::err(4, text::BAD_HASH));
    };
    let expected = request_hash(&query, &account.login, &account.secret);
    if bool::from(claimed.as_bytes().ct_eq(hex_str(&expected).as_bytes())) {
        Ok(())
    } else {
        Err(Reply::err(4, text::BAD_HASH))
    }
}

/// Checks an API 2.0 request: `rpsKey` must equal the account's API key; it is removed
/// from `params`. No fields: 2; a missing or wrong key: 4 (`Incorrect hash`: the key
/// plays the role of the signature here).
pub(crate) fn check_v2(account: &Account, params: &mut Params) -> Result<(), Reply> {
    if params.is_empty() {
        return Err(Reply::err(2, text::NO_DATA));
    }
    match params.remove("rpsKey") {
        Some(Value::Str(k)) if bool::from(k.as_bytes().ct_eq(account.api_key.as_bytes())) => Ok(()),
        _ => Err(Reply::err(4, text::BAD_HASH)),
    }
}

/// Authenticates for the given API generation.
pub(crate) fn check(api: Api, account: &Account, params: &mut Params) -> Result<(), Reply> {
    match api {
        Api::V1 => check_v1(account, params),
        Api::V2 => check_v2(account, params),
    }
}

/// The key that signs answers: the secret for API 1.0, the API key for API 2.0.
pub(crate) fn signing_key(api: Api, account: &Account) -> &str {
    match api {
        Api::V1 => &account.secret,
        Api::V2 => &account.api_key,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_picks_account() {
        let accounts = [Account::new("demo", "s"), Account::new("shop", "t")];
        let login = |h| account_for_host(&accounts, h).map(|a| a.login.as_str());
        assert_eq!(login("127.0.0.1:8080"), Some("demo"));
        assert_eq!(login("localhost"), Some("demo"));
        assert_eq!(login("shop.localhost:1"), Some("shop"));
        assert_eq!(login("SHOP.justclick.ru"), Some("shop"));
        assert_eq!(login("nobody.localhost:1"), None);
        assert_eq!(login("my-shop.example.com"), Some("demo"));
        assert_eq!(login("[::1]:80"), Some("demo"));
    }

    #[test]
    fn v1_order_of_checks() {
        let acc = Account::new("username", "0123456789abcdef0123456789abcdef01234567");
        let code = |body: &str| {
            let mut p = justclick::php_parse::parse_post_body(body.as_bytes());
            check_v1(&acc, &mut p).err().map(|r| r.code)
        };
        assert_eq!(code(""), Some(2));
        assert_eq!(code("a=1"), Some(1));
        assert_eq!(code("a=1&hash=0"), Some(1));
        assert_eq!(code("hash=127d500b1070dbce6aa9f9d760b35e3f"), None);
        assert_eq!(code("hash=127D500B1070DBCE6AA9F9D760B35E3F"), Some(4));
        assert_eq!(code("hash[]=127d500b1070dbce6aa9f9d760b35e3f"), Some(4));
        assert_eq!(code("x=1&hash=127d500b1070dbce6aa9f9d760b35e3f"), Some(4));
    }
}
