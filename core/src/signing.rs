//! Request signatures and response verification: pure functions, no I/O.
//!
//! Request: `md5(http_build_query(params) . "::" . login . "::" . secret)`.
//! Response: `md5(error_code . "::" . error_text . "::" . secret)`, compared in constant
//! time.

use md5::{Digest, Md5};
use subtle::ConstantTimeEq;

use crate::envelope::Envelope;
use crate::error::Error;
use crate::params::Params;
use crate::query::{QUERY_CAPACITY, ascii_to_string, write_query};

/// A signed API 1.0 request body.
#[derive(Clone, PartialEq, Eq)]
pub struct SignedRequest {
    body: String,
    query_len: usize,
}

impl SignedRequest {
    /// The exact bytes to POST: the query, then `&hash=…` (or `hash=…` alone).
    #[must_use]
    pub fn body(&self) -> &str {
        &self.body
    }

    /// The signed query, `http_build_query(params)`.
    #[must_use]
    pub fn query(&self) -> &str {
        &self.body[..self.query_len]
    }

    /// The 32 lower-case hex characters of the request hash.
    #[must_use]
    pub fn hash(&self) -> &str {
        &self.body[self.body.len() - 32..]
    }

    /// Consumes the request, returning the body.
    #[must_use]
    pub fn into_body(self) -> String {
        self.body
    }
}

impl std::fmt::Debug for SignedRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SignedRequest")
            .field("body", &self.body)
            .finish()
    }
}

/// Signs `params`: builds the query once, hashes those exact bytes with the login and
/// secret, and appends the `hash` field. The bytes signed are the bytes sent.
///
/// # Errors
/// [`Error::InvalidArgument`] when the parameters cannot be sent as PHP would parse them.
pub fn sign(params: &Params, login: &str, secret: &str) -> Result<SignedRequest, Error> {
    let mut body = Vec::with_capacity(QUERY_CAPACITY);
    write_query(&mut body, params)?;
    let query_len = body.len();
    let hex = request_hash_bytes(&body, login, secret);
    body.try_reserve(38)
        .map_err(|_| Error::invalid("out of memory: cannot append the request hash"))?;
    body.extend_from_slice(if query_len == 0 { b"hash=" } else { b"&hash=" });
    body.extend_from_slice(&hex);
    Ok(SignedRequest {
        body: ascii_to_string(body),
        query_len,
    })
}

/// The request `hash` for `params`: lower-case hex
/// `md5(build_query(params) . "::" . login . "::" . secret)`.
///
/// # Errors
/// [`Error::InvalidArgument`] when the parameters cannot be sent as PHP would parse them.
pub fn get_hash(params: &Params, login: &str, secret: &str) -> Result<String, Error> {
    let mut query = Vec::with_capacity(QUERY_CAPACITY);
    write_query(&mut query, params)?;
    Ok(hex_str(&request_hash_bytes(&query, login, secret)).to_owned())
}

/// The request hash over an already built query.
#[must_use]
pub fn request_hash(query: &str, login: &str, secret: &str) -> [u8; 32] {
    request_hash_bytes(query.as_bytes(), login, secret)
}

pub(crate) fn request_hash_bytes(query: &[u8], login: &str, secret: &str) -> [u8; 32] {
    md5_hex(&[query, b"::", login.as_bytes(), b"::", secret.as_bytes()])
}

/// The hash a genuine response carries: `md5("code::text::secret")`, where `code` is
/// the `error_code` as PHP prints it.
#[must_use]
pub fn response_hash(code: &str, text: &str, secret: &str) -> [u8; 32] {
    md5_hex(&[
        code.as_bytes(),
        b"::",
        text.as_bytes(),
        b"::",
        secret.as_bytes(),
    ])
}

/// True only when `response` is a JustClick envelope whose `hash` is a 32-hex JSON
/// string equal to `md5(error_code . "::" . error_text . "::" . secret)`, compared in
/// constant time. `"hash": true`, a missing hash, a non-JSON body: all false.
#[must_use]
pub fn check_hash(response: &str, secret: &str) -> bool {
    Envelope::parse(response).is_ok_and(|env| env.verify(secret).is_ok())
}

/// Lower-case hex md5 over the concatenation of `parts`.
#[must_use]
pub fn md5_hex(parts: &[&[u8]]) -> [u8; 32] {
    let mut hasher = Md5::new();
    for p in parts {
        hasher.update(p);
    }
    to_hex(&hasher.finalize().into())
}

/// Constant-time comparison of a claimed hex digest (either case) with an expected
/// lower-case one. Length and format are not secret, the digest bytes are.
#[must_use]
pub fn hex_digest_eq(claimed: &str, expected: &[u8; 32]) -> bool {
    let claimed = claimed.as_bytes();
    if claimed.len() != 32 || !claimed.iter().all(u8::is_ascii_hexdigit) {
        return false;
    }
    let mut lower = [0u8; 32];
    for (d, s) in lower.iter_mut().zip(claimed) {
        *d = s.to_ascii_lowercase();
    }
    lower.ct_eq(expected).into()
}

fn to_hex(digest: &[u8; 16]) -> [u8; 32] {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut out = [0u8; 32];
    for (i, b) in digest.iter().enumerate() {
        out[2 * i] = HEX[usize::from(b >> 4)];
        out[2 * i + 1] = HEX[usize::from(b & 15)];
    }
    out
}

/// Views a hex digest as `&str` (it is always ASCII).
#[must_use]
pub fn hex_str(hex: &[u8; 32]) -> &str {
    std::str::from_utf8(hex).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "0123456789abcdef0123456789abcdef01234567";

    #[test]
    fn spec_vector_t3_empty_params() {
        let signed = sign(&Params::new(), "username", SECRET).unwrap();
        assert_eq!(signed.body(), "hash=127d500b1070dbce6aa9f9d760b35e3f");
        assert_eq!(signed.query(), "");
        assert_eq!(signed.hash(), "127d500b1070dbce6aa9f9d760b35e3f");
    }

    #[test]
    fn spec_response_vectors() {
        for (code, text, want) in [
            ("0", "OK", "a860488a12fd9ef25834e509db15a990"),
            ("4", "Incorrect hash", "530fe06fa0b6bc20db20746cdb16c65d"),
            (
                "101",
                "Subscription error: ошибка rass_id=5",
                "1ab7190edcdbad5edcf585976b678cf0",
            ),
        ] {
            assert_eq!(hex_str(&response_hash(code, text, SECRET)), want);
        }
    }

    #[test]
    fn digest_comparison_accepts_either_case_only_for_hex() {
        let want = response_hash("0", "OK", SECRET);
        assert!(hex_digest_eq("a860488a12fd9ef25834e509db15a990", &want));
        assert!(hex_digest_eq("A860488A12FD9EF25834E509DB15A990", &want));
        assert!(!hex_digest_eq("a860488a12fd9ef25834e509db15a991", &want));
        assert!(!hex_digest_eq("a860488a12fd9ef25834e509db15a99", &want));
        assert!(!hex_digest_eq("g860488a12fd9ef25834e509db15a990", &want));
    }
}
