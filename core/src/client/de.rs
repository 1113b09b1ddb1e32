//! Lenient field readers for result structs: PHP answers send numbers as strings,
//! empty strings for "none", and booleans as `1`/`"1"`/`true`.

use serde::{Deserialize, Deserializer};
use serde_json::Value as Json;

/// An integer from a number, a numeric string, or a float without fraction; `null`,
/// `""` and anything non-numeric become `None`.
pub(crate) fn opt_i64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    Ok(as_i64(&Json::deserialize(d)?))
}

/// A number from a number or a numeric string (`"1500.50"`); otherwise `None`.
pub(crate) fn opt_f64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    Ok(as_f64(&Json::deserialize(d)?))
}

/// A string from a string or a number; `null` becomes `None`.
pub(crate) fn opt_string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(match Json::deserialize(d)? {
        Json::String(s) => Some(s),
        Json::Number(n) => Some(n.to_string()),
        Json::Bool(b) => Some(if b { "1" } else { "0" }.to_owned()),
        _ => None,
    })
}

/// A string from a string or a number; `null` becomes `""`.
pub(crate) fn string<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(opt_string(d)?.unwrap_or_default())
}

/// A flag from `true`/`false`, `1`/`0`, or the strings `"1"`, `"0"`, `"true"`,
/// `"false"`, `""`.
pub(crate) fn opt_bool<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    Ok(match Json::deserialize(d)? {
        Json::Bool(b) => Some(b),
        Json::Number(n) => n.as_f64().map(|f| f != 0.0),
        Json::String(s) => match s.trim().to_ascii_lowercase().as_str() {
            "1" | "true" | "yes" => Some(true),
            "0" | "false" | "no" | "" => Some(false),
            _ => None,
        },
        _ => None,
    })
}

/// A list from an array, an object keyed `0..n` (PHP's sparse array), or `null`.
pub(crate) fn list<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: serde::de::DeserializeOwned,
{
    let items = match Json::deserialize(d)? {
        Json::Array(a) => a,
        Json::Object(m) => m.into_iter().map(|(_, v)| v).collect(),
        _ => Vec::new(),
    };
    items
        .into_iter()
        .map(|v| serde_json::from_value(v).map_err(serde::de::Error::custom))
        .collect()
}

pub(crate) fn as_i64(v: &Json) -> Option<i64> {
    match v {
        Json::Number(n) => n
            .as_i64()
            .or_else(|| n.as_f64().filter(|f| f.fract() == 0.0).map(|f| f as i64)),
        Json::String(s) => {
            let s = s.trim();
            s.parse::<i64>().ok().or_else(|| {
                s.parse::<f64>()
                    .ok()
                    .filter(|f| f.is_finite() && f.fract() == 0.0)
                    .map(|f| f as i64)
            })
        }
        _ => None,
    }
}

pub(crate) fn as_f64(v: &Json) -> Option<f64> {
    match v {
        Json::Number(n) => n.as_f64(),
        Json::String(s) => s.trim().parse::<f64>().ok().filter(|f| f.is_finite()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn numbers_strings_and_flags_are_read_leniently() {
        assert_eq!(as_i64(&json!("42")), Some(42));
        assert_eq!(as_i64(&json!(" 7 ")), Some(7));
        assert_eq!(as_i64(&json!(3.0)), Some(3));
        assert_eq!(as_i64(&json!("3.5")), None);
        assert_eq!(as_i64(&json!("")), None);
        assert_eq!(as_f64(&json!("1500.50")), Some(1500.5));
        assert_eq!(as_f64(&json!(null)), None);
        let flag = |v: Json| opt_bool(v).unwrap();
        assert_eq!(flag(json!("1")), Some(true));
        assert_eq!(flag(json!(0)), Some(false));
        assert_eq!(flag(json!("false")), Some(false));
        assert_eq!(flag(json!(null)), None);
        let l: Vec<i64> = list(json!({"0": 1, "1": 2})).unwrap();
        assert_eq!(l, [1, 2]);
        let l: Vec<i64> = list(json!(null)).unwrap();
        assert!(l.is_empty());
    }
}
