//! PHP 8 `http_build_query`, byte for byte.
//!
//! Written by hand because no crate matches PHP: `form_urlencoded` and
//! `serde_urlencoded` leave `*` raw, Python leaves `~` raw, and none of them know
//! PHP's list/map bracket syntax, boolean and float rules.

use crate::error::Error;
use crate::limits::MAX_REQUEST_BODY;
use crate::params::{Params, Value};
use crate::php_float::write_php_float;
use crate::validate;

/// The longest query: the request body also carries `&hash=` and 32 hex digits.
pub(crate) const MAX_QUERY: usize = MAX_REQUEST_BODY - 38;

/// Initial buffer for a query: most requests fit, so the buffer is not regrown.
pub(crate) const QUERY_CAPACITY: usize = 1024;

/// Returns exactly what PHP 8's `http_build_query($params)` returns for the same PHP
/// array: keys in order, nested values as `key%5Bsub%5D=…`, `urlencode` escaping,
/// `true`/`false` as `1`/`0`, nulls and empty arrays omitted, floats with
/// `precision=14`.
///
/// # Errors
/// [`Error::InvalidArgument`] naming the key when the parameter set has a shape PHP
/// would parse back differently (see [`crate::validate`]).
pub fn build_query(params: &Params) -> Result<String, Error> {
    let mut out = Vec::with_capacity(QUERY_CAPACITY);
    write_query(&mut out, params)?;
    Ok(ascii_to_string(out))
}

/// Appends the query for `params` to `out` (see [`build_query`]). Everything written is
/// ASCII: every other byte is percent-encoded.
pub(crate) fn write_query(out: &mut Vec<u8>, params: &Params) -> Result<(), Error> {
    let mut w = Writer {
        start: out.len(),
        out,
        prefix: Vec::with_capacity(64),
        leaves: 0,
    };
    for (key, value) in params {
        validate::top_level_key(key)?;
        w.prefix.clear();
        urlencode_into(&mut w.prefix, key.as_bytes());
        w.value(value, 0)?;
    }
    validate::leaves(w.leaves)
}

/// The query is ASCII by construction, so this never replaces anything; it only avoids
/// an `unsafe` unchecked conversion.
pub(crate) fn ascii_to_string(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

struct Writer<'a> {
    out: &'a mut Vec<u8>,
    /// The encoded key of the value being written, e.g. `goods%5B0%5D%5Bgood_name%5D`.
    prefix: Vec<u8>,
    leaves: usize,
    start: usize,
}

impl Writer<'_> {
    fn value(&mut self, value: &Value, depth: usize) -> Result<(), Error> {
        match value {
            Value::Null => Ok(()),
            Value::List(items) => {
                for (i, item) in items.iter().enumerate() {
                    let len = self.prefix.len();
                    self.prefix.extend_from_slice(b"%5B");
                    write_decimal(&mut self.prefix, i as u64);
                    self.prefix.extend_from_slice(b"%5D");
                    self.nested(item, depth + 1)?;
                    self.prefix.truncate(len);
                }
                Ok(())
            }
            Value::Map(map) => {
                for (key, item) in map {
                    validate::nested_key(|| self.path(), key)?;
                    let len = self.prefix.len();
                    write_nested_key(&mut self.prefix, key.as_bytes());
                    self.nested(item, depth + 1)?;
                    self.prefix.truncate(len);
                }
                Ok(())
            }
            scalar => {
                self.leaves += 1;
                self.reserve_leaf(scalar)?;
                if self.out.len() > self.start {
                    self.out.push(b'&');
                }
                self.out.extend_from_slice(&self.prefix);
                self.out.push(b'=');
                write_scalar(self.out, scalar);
                Ok(())
            }
        }
    }

    /// Makes room for one more `&prefix=value`, refusing a query past
    /// [`MAX_REQUEST_BODY`] before allocating, and reserving fallibly (an allocation
    /// failure is an error, never an abort).
    fn reserve_leaf(&mut self, scalar: &Value) -> Result<(), Error> {
        let value_max = match scalar {
            Value::Str(s) => s.len().saturating_mul(3),
            _ => 64,
        };
        let mut needed = value_max
            .saturating_add(self.prefix.len())
            .saturating_add(2);
        let written = self.out.len() - self.start;
        if written.saturating_add(needed) > MAX_QUERY {
            // The bound is 3 bytes per byte; near the cap, count exactly.
            if let Value::Str(s) = scalar {
                needed = encoded_len(s.as_bytes()) + self.prefix.len() + 2;
            }
        }
        if written.saturating_add(needed) > MAX_QUERY {
            let path = self.path();
            return Err(Error::invalid(format!(
                "the query reaches more than {MAX_REQUEST_BODY} bytes at parameter {path} \
                 (MAX_REQUEST_BODY, PHP's post_max_size: the server would drop the body)"
            )));
        }
        self.out.try_reserve(needed).map_err(|_| {
            Error::invalid(format!(
                "out of memory: cannot grow the query by {needed} bytes"
            ))
        })
    }

    fn nested(&mut self, value: &Value, depth: usize) -> Result<(), Error> {
        validate::depth(|| self.path(), depth)?;
        self.value(value, depth)
    }

    /// The current key as a reader would write it (`utm[utm_source]`), for errors.
    fn path(&self) -> String {
        urldecode(&String::from_utf8_lossy(&self.prefix))
    }
}

fn write_scalar(out: &mut Vec<u8>, value: &Value) {
    match value {
        Value::Bool(b) => write_bool(out, *b),
        Value::Int(i) => write_int(out, *i),
        Value::Float(f) => write_float(out, *f),
        Value::Str(s) => urlencode_into(out, s.as_bytes()),
        Value::Null | Value::List(_) | Value::Map(_) => {}
    }
}

/// Appends a boolean as PHP's `http_build_query` writes it: `1` or `0`.
pub(crate) fn write_bool(out: &mut Vec<u8>, b: bool) {
    out.push(if b { b'1' } else { b'0' });
}

/// Appends an integer in decimal.
pub(crate) fn write_int(out: &mut Vec<u8>, i: i64) {
    if i < 0 {
        out.push(b'-');
    }
    write_decimal(out, i.unsigned_abs());
}

/// Appends a float as PHP prints it (`precision=14`), url-encoded (`1.0E+20` →
/// `1.0E%2B20`).
pub(crate) fn write_float(out: &mut Vec<u8>, f: f64) {
    let mut s = String::with_capacity(24);
    write_php_float(&mut s, f);
    urlencode_into(out, s.as_bytes());
}

/// Appends the encoded form of one nested key, `%5Bkey%5D`, to a key prefix.
pub(crate) fn write_nested_key(out: &mut Vec<u8>, key: &[u8]) {
    out.extend_from_slice(b"%5B");
    urlencode_into(out, key);
    out.extend_from_slice(b"%5D");
}

/// How `urlencode` writes each byte, as up to three output bytes plus their count in
/// the fourth: the byte itself for ASCII letters, digits and `-_.`, `+` for space, and
/// `%XX` (upper-case hex) for everything else.
const ENCODING: [[u8; 4]; 256] = {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut t = [[0u8; 4]; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = if c.is_ascii_alphanumeric() || c == b'-' || c == b'_' || c == b'.' {
            [c, 0, 0, 1]
        } else if c == b' ' {
            [b'+', 0, 0, 1]
        } else {
            [b'%', HEX[b >> 4], HEX[b & 15], 3]
        };
        b += 1;
    }
    t
};

/// The bytes `urlencode` leaves as they are.
const UNRESERVED: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = ENCODING[b][3] == 1 && ENCODING[b][0] == b as u8;
        b += 1;
    }
    t
};

/// PHP `urlencode`: ASCII letters, digits and `-_.` stay, space becomes `+`, every
/// other byte becomes `%XX` with upper-case hex.
#[must_use]
pub fn urlencode(s: &str) -> String {
    let mut out = Vec::with_capacity(s.len() * 3);
    urlencode_into(&mut out, s.as_bytes());
    ascii_to_string(out)
}

/// Appends `urlencode(s)` to `out`. This loop is most of `build_query`'s time, so it is
/// branch-free: each byte's table entry is copied into a small stack buffer (always 4
/// bytes, advancing by the real length), and the buffer is appended per chunk.
pub(crate) fn urlencode_into(out: &mut Vec<u8>, s: &[u8]) {
    // Most keys and many values need no escaping: one scan, one copy.
    if s.iter().all(|&b| UNRESERVED[usize::from(b)]) {
        out.extend_from_slice(s);
        return;
    }
    const CHUNK: usize = 24;
    let mut buf = [0u8; CHUNK * 3 + 1];
    for chunk in s.chunks(CHUNK) {
        let mut n = 0;
        for &b in chunk {
            let enc = ENCODING[usize::from(b)];
            buf[n..n + 4].copy_from_slice(&enc);
            n += usize::from(enc[3]);
        }
        out.extend_from_slice(&buf[..n]);
    }
}

/// The length of `urlencode(s)`, counted without encoding.
pub(crate) fn encoded_len(s: &[u8]) -> usize {
    s.iter()
        .map(|&b| usize::from(ENCODING[usize::from(b)][3]))
        .sum()
}

/// Appends `n` in decimal (what `write!` does, without the formatting machinery).
fn write_decimal(out: &mut Vec<u8>, n: u64) {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    let mut n = n;
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(&buf[i..]);
}

/// PHP `urldecode` (`+` as space, `%XX` as a byte); invalid UTF-8 is replaced.
#[must_use]
pub fn urldecode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => match (
                bytes.get(i + 1).copied().and_then(hex_val),
                bytes.get(i + 2).copied().and_then(hex_val),
            ) {
                (Some(h), Some(l)) => {
                    out.push(h << 4 | l);
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex_val(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(json: &str) -> Result<String, Error> {
        build_query(&Params::from_json(json).unwrap())
    }

    #[test]
    fn urlencode_matches_php() {
        assert_eq!(urlencode("a b~c*!'()-_."), "a+b%7Ec%2A%21%27%28%29-_.");
        assert_eq!(urlencode("Я"), "%D0%AF");
        assert_eq!(urldecode("a+b%7Ec%2a%ZZ%"), "a b~c*%ZZ%");
    }

    #[test]
    fn refuses_keys_php_would_rewrite() {
        for (json, needle) in [
            (r#"{"lead.name":"x"}"#, "lead.name"),
            (r#"{"lead name":"x"}"#, "lead name"),
            (r#"{"rid[0]":"x"}"#, "rid[0]"),
            (r#"{"":"x"}"#, "empty parameter name"),
            (r#"{"hash":"x"}"#, "reserved"),
            (r#"{"a\u0000b":"x"}"#, "NUL"),
            (r#"{"utm":{"":"x"}}"#, "utm[]"),
            (r#"{"utm":{"x":{" ":"x"}}}"#, "utm[x][ ]"),
            (r#"{"utm":{"\n":"x"}}"#, "utm[\n]"),
            (r#"{"utm":{"a]b":"x"}}"#, "utm[a]b]"),
            (r#"{"utm":{"x":{"a\u0000":"x"}}}"#, "utm[x]"),
        ] {
            let err = q(json).unwrap_err();
            assert!(
                matches!(err, Error::InvalidArgument { .. }),
                "{json}: {err:?}"
            );
            assert!(err.to_string().contains(needle), "{json}: {err}");
        }
        // Brackets and dots inside nested keys are fine for PHP.
        assert_eq!(
            q(r#"{"a":{"x[y":"1","k.b":"2"}}"#).unwrap(),
            "a%5Bx%5By%5D=1&a%5Bk.b%5D=2"
        );
    }

    #[test]
    fn the_query_is_capped_at_the_request_body_limit() {
        let n = (MAX_QUERY - 2) / 3;
        let fits = Params::new().with("a", "~".repeat(n));
        assert_eq!(build_query(&fits).unwrap().len(), 3 * n + 2);
        let over = Params::new().with("a", "~".repeat((MAX_QUERY - 2) / 3 + 1));
        let e = build_query(&over).unwrap_err().to_string();
        assert!(
            e.contains("MAX_REQUEST_BODY") && e.contains("parameter a"),
            "{e}"
        );
        let many = Params::new()
            .with("a", "x".repeat(MAX_QUERY / 2))
            .with("b", "y".repeat(MAX_QUERY / 2));
        let e = build_query(&many).unwrap_err().to_string();
        assert!(e.contains("parameter b"), "{e}");
    }

    #[test]
    fn refuses_too_deep_and_too_many() {
        let mut v = Value::from("x");
        for _ in 0..64 {
            v = Value::List(vec![v]);
        }
        let ok = Params::new().with("a", v.clone());
        assert!(build_query(&ok).is_ok());
        let deep = Params::new().with("a", Value::List(vec![v]));
        let err = build_query(&deep).unwrap_err();
        assert!(err.to_string().contains("64"), "{err}");

        let many: Params = (0..999).map(|i| (format!("k{i}"), 1)).collect();
        assert!(build_query(&many).is_ok());
        let too_many: Params = (0..1000).map(|i| (format!("k{i}"), 1)).collect();
        assert!(
            build_query(&too_many)
                .unwrap_err()
                .to_string()
                .contains("max_input_vars")
        );
        // Nulls and empty arrays are not fields.
        let with_nulls: Params = (0..999)
            .map(|i| (format!("k{i}"), Value::Int(1)))
            .chain((0..5).map(|i| (format!("n{i}"), Value::Null)))
            .collect();
        assert!(build_query(&with_nulls).is_ok());
    }
}
