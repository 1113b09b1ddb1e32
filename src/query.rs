//! PHP 8 `http_build_query`, byte for byte.
//!
//! Written by hand because no crate matches PHP: `form_urlencoded` and
//! `serde_urlencoded` leave `*` raw, Python leaves `~` raw, and none of them know
//! PHP's list/map bracket syntax, boolean and float rules.

use std::fmt::Write;

use crate::error::Error;
use crate::params::{Params, Value};
use crate::php_float::write_php_float;
use crate::validate;

/// Returns exactly what PHP 8's `http_build_query($params)` returns for the same PHP
/// array: keys in order, nested values as `key%5Bsub%5D=…`, `urlencode` escaping,
/// `true`/`false` as `1`/`0`, nulls and empty arrays omitted, floats with
/// `precision=14`.
///
/// # Errors
/// [`Error::InvalidArgument`] naming the key when the parameter set has a shape PHP
/// would parse back differently (see [`crate::validate`]).
pub fn build_query(params: &Params) -> Result<String, Error> {
    let mut out = String::with_capacity(128);
    write_query(&mut out, params)?;
    Ok(out)
}

/// Appends the query for `params` to `out` (see [`build_query`]).
pub(crate) fn write_query(out: &mut String, params: &Params) -> Result<(), Error> {
    let mut w = Writer {
        out,
        prefix: String::with_capacity(64),
        leaves: 0,
        start: 0,
    };
    w.start = w.out.len();
    for (key, value) in params {
        validate::top_level_key(key)?;
        w.prefix.clear();
        urlencode_into(&mut w.prefix, key);
        w.value(value, 0)?;
    }
    validate::leaves(w.leaves)
}

struct Writer<'a> {
    out: &'a mut String,
    /// The encoded key of the value being written, e.g. `goods%5B0%5D%5Bgood_name%5D`.
    prefix: String,
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
                    let _ = write!(self.prefix, "%5B{i}%5D");
                    self.nested(item, depth + 1)?;
                    self.prefix.truncate(len);
                }
                Ok(())
            }
            Value::Map(map) => {
                for (key, item) in map {
                    validate::nested_key(&self.path(), key)?;
                    let len = self.prefix.len();
                    self.prefix.push_str("%5B");
                    urlencode_into(&mut self.prefix, key);
                    self.prefix.push_str("%5D");
                    self.nested(item, depth + 1)?;
                    self.prefix.truncate(len);
                }
                Ok(())
            }
            scalar => {
                self.leaves += 1;
                if self.out.len() > self.start {
                    self.out.push('&');
                }
                self.out.push_str(&self.prefix);
                self.out.push('=');
                write_scalar(self.out, scalar);
                Ok(())
            }
        }
    }

    fn nested(&mut self, value: &Value, depth: usize) -> Result<(), Error> {
        validate::depth(&self.path(), depth)?;
        self.value(value, depth)
    }

    /// The current key as a reader would write it (`utm[utm_source]`), for errors.
    fn path(&self) -> String {
        urldecode(&self.prefix)
    }
}

fn write_scalar(out: &mut String, value: &Value) {
    match value {
        Value::Bool(b) => out.push(if *b { '1' } else { '0' }),
        Value::Int(i) => {
            let _ = write!(out, "{i}");
        }
        Value::Float(f) => {
            let mut s = String::with_capacity(24);
            write_php_float(&mut s, *f);
            urlencode_into(out, &s);
        }
        Value::Str(s) => urlencode_into(out, s),
        Value::Null | Value::List(_) | Value::Map(_) => {}
    }
}

const HEX: &[u8; 16] = b"0123456789ABCDEF";

/// PHP `urlencode`: ASCII letters, digits and `-_.` stay, space becomes `+`, every
/// other byte becomes `%XX` with upper-case hex.
pub fn urlencode(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 3);
    urlencode_into(&mut out, s);
    out
}

/// Appends `urlencode(s)` to `out`.
pub(crate) fn urlencode_into(out: &mut String, s: &str) {
    let bytes = s.as_bytes();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.') {
            continue;
        }
        // The skipped run is ASCII, so both ends are char boundaries when non-empty.
        if start < i {
            out.push_str(&s[start..i]);
        }
        if b == b' ' {
            out.push('+');
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 15)]));
        }
        start = i + 1;
    }
    out.push_str(&s[start..]);
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
