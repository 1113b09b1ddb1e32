//! JSON exactly as PHP's `json_encode($x)` writes it with default flags.
//!
//! Differences from serde_json: `/` is written `\/`, every non-ASCII character is a
//! `\uXXXX` escape (surrogate pairs above U+FFFF, lower-case hex), an empty object is
//! `[]` (a PHP array has no empty-object form), and integral floats have no fraction.

use std::fmt::Write;

use serde_json::Value as Json;

/// Encodes `value` as PHP's `json_encode` would.
#[must_use]
pub fn php_json_encode(value: &Json) -> String {
    let mut out = String::with_capacity(128);
    write_value(&mut out, value);
    out
}

pub(crate) fn write_value(out: &mut String, value: &Json) {
    match value {
        Json::Null => out.push_str("null"),
        Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Json::Number(n) => write_number(out, n),
        Json::String(s) => write_string(out, s),
        Json::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_value(out, item);
            }
            out.push(']');
        }
        Json::Object(map) if map.is_empty() => out.push_str("[]"),
        Json::Object(map) => {
            out.push('{');
            for (i, (k, v)) in map.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_string(out, k);
                out.push(':');
                write_value(out, v);
            }
            out.push('}');
        }
    }
}

fn write_number(out: &mut String, n: &serde_json::Number) {
    match n.as_f64().filter(|_| n.is_f64()) {
        // serialize_precision = -1: shortest round-trip form; `json_encode(2.0)` is `2`.
        Some(f) if f.is_finite() && f.fract() == 0.0 && f.abs() < 1e15 => {
            let _ = write!(out, "{f:.0}");
        }
        _ => {
            let _ = write!(out, "{n}");
        }
    }
}

/// Writes a JSON string literal with PHP's escapes.
pub(crate) fn write_string(out: &mut String, s: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '/' => out.push_str("\\/"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 || (c as u32) > 0x7f => {
                let mut buf = [0u16; 2];
                for u in c.encode_utf16(&mut buf) {
                    out.push_str("\\u");
                    for shift in [12, 8, 4, 0] {
                        out.push(char::from(HEX[usize::from((*u >> shift) & 15)]));
                    }
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn matches_php_json_encode() {
        // The expected text is what PHP 8.2 prints for the same array.
        let v = json!({"a/b": "Иван 😀\n\"\\\u{1}\u{7f}", "e": {}, "n": [1, 2.0, 2.5, true, null]});
        let want = concat!(
            r#"{"a\/b":"\u0418\u0432\u0430\u043d \ud83d\ude00\n\"\\\u0001"#,
            "\u{7f}",
            r#"","e":[],"n":[1,2,2.5,true,null]}"#
        );
        assert_eq!(php_json_encode(&v), want);
    }
}
