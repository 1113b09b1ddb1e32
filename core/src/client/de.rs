//! Lenient decoding of result structs from JSON, written by hand so the core needs no
//! derive macros (no `syn` for crates depending on it): PHP answers send numbers as
//! strings, empty strings for "none", and booleans as `1`/`"1"`/`true`.
//!
//! [`FromJson`] reads one whole value (a result struct, a list of them);
//! [`Field`] reads one struct field, present or absent, by the field's type;
//! [`from_json_struct!`] writes a struct's [`FromJson`] (and its `Deserialize`) from its
//! field list. Error texts are serde_json's, as they were when these were derived.

use serde::de::{Error as _, Unexpected};
use serde_json::Value as Json;

/// A value decoded from a JSON value; the error says what was wrong.
pub(crate) trait FromJson: Sized {
    /// Reads `v`, or says why it does not have the expected shape.
    fn from_json(v: Json) -> Result<Self, String>;
}

/// One field of a result struct: what a present value reads as, and what an absent
/// key gives (the default, or an error for a required field).
pub(crate) trait Field: Sized {
    /// The field's value when the key is present (`null` included).
    fn present(v: Json) -> Result<Self, String>;
    /// The field's value when the key is absent; `key` names it in the error.
    fn absent(key: &str) -> Result<Self, String>;
}

/// serde_json's "invalid type: …, expected …" text for `v`.
pub(crate) fn invalid_type(v: &Json, expected: &str) -> String {
    let unexpected = match v {
        Json::Null => Unexpected::Unit,
        Json::Bool(b) => Unexpected::Bool(*b),
        Json::Number(n) => match (n.as_u64(), n.as_i64(), n.as_f64()) {
            (Some(u), _, _) => Unexpected::Unsigned(u),
            (_, Some(i), _) => Unexpected::Signed(i),
            (_, _, Some(f)) => Unexpected::Float(f),
            _ => Unexpected::Other("number"),
        },
        Json::String(s) => Unexpected::Str(s),
        Json::Array(_) => Unexpected::Seq,
        Json::Object(_) => Unexpected::Map,
    };
    serde_json::Error::invalid_type(unexpected, &expected).to_string()
}

/// A list result: only an array, each element read as `T` (the first bad element's
/// error is the list's), as serde's `Vec<T>` did.
impl<T: FromJson> FromJson for Vec<T> {
    fn from_json(v: Json) -> Result<Self, String> {
        match v {
            Json::Array(items) => items.into_iter().map(T::from_json).collect(),
            other => Err(invalid_type(&other, "a sequence")),
        }
    }
}

/// A count: a non-negative integer number, strictly (serde's `u64`).
impl FromJson for u64 {
    fn from_json(v: Json) -> Result<Self, String> {
        serde_json::from_value(v).map_err(|e| e.to_string())
    }
}

/// Writes `FromJson` and `serde::Deserialize` for a result struct from its fields:
/// `Name { field, field = "json key", … } extra` — each field read by its type's
/// [`Field`], keys the struct does not name kept in the `extra` map when the struct
/// has one (ignored otherwise), a non-object refused as serde did.
macro_rules! from_json_struct {
    ($name:ident { $($field:ident $(= $key:literal)?),* $(,)? } $($extra:ident)?) => {
        impl $crate::client::de::FromJson for $name {
            fn from_json(v: serde_json::Value) -> Result<Self, String> {
                use $crate::client::de::Field;
                let serde_json::Value::Object(map) = v else {
                    return Err($crate::client::de::invalid_type(
                        &v,
                        concat!("struct ", stringify!($name)),
                    ));
                };
                $(let mut $field = None;)*
                $(let mut $extra = serde_json::Map::new();)?
                for (key, value) in map {
                    $(
                        if key == from_json_struct!(@key $field $(= $key)?) {
                            $field = Some(Field::present(value)?);
                            continue;
                        }
                    )*
                    from_json_struct!(@unknown key, value $(, $extra)?);
                }
                Ok(Self {
                    $($field: match $field {
                        Some(v) => v,
                        None => Field::absent(from_json_struct!(@key $field $(= $key)?))?,
                    },)*
                    $($extra,)?
                })
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let v = <serde_json::Value as serde::Deserialize>::deserialize(d)?;
                <Self as $crate::client::de::FromJson>::from_json(v)
                    .map_err(<D::Error as serde::de::Error>::custom)
            }
        }
    };
    (@unknown $key:ident, $value:ident, $extra:ident) => { $extra.insert($key, $value); };
    (@unknown $key:ident, $value:ident) => { let _ = ($key, $value); };
    (@key $field:ident = $key:literal) => { $key };
    (@key $field:ident) => { stringify!($field) };
}
pub(crate) use from_json_struct;

/// An integer from a number, a numeric string, or a float without fraction; `null`,
/// `""` and anything non-numeric become `None`.
impl Field for Option<i64> {
    fn present(v: Json) -> Result<Self, String> {
        Ok(as_i64(&v))
    }
    fn absent(_: &str) -> Result<Self, String> {
        Ok(None)
    }
}

/// A required integer, read as `Option<i64>` is; missing or non-numeric is an error.
impl Field for i64 {
    fn present(v: Json) -> Result<Self, String> {
        as_i64(&v).ok_or_else(|| "not an integer".to_owned())
    }
    fn absent(key: &str) -> Result<Self, String> {
        // serde's text for a missing field, as the derive gave it.
        Err(format!("missing field `{key}`"))
    }
}

/// A number from a number or a numeric string (`"1500.50"`); otherwise `None`.
impl Field for Option<f64> {
    fn present(v: Json) -> Result<Self, String> {
        Ok(as_f64(&v))
    }
    fn absent(_: &str) -> Result<Self, String> {
        Ok(None)
    }
}

/// A string from a string, a number or a flag (`"1"`/`"0"`); `null` and anything
/// else become `None`.
impl Field for Option<String> {
    fn present(v: Json) -> Result<Self, String> {
        Ok(opt_string(v))
    }
    fn absent(_: &str) -> Result<Self, String> {
        Ok(None)
    }
}

/// As `Option<String>`, with `""` for none.
impl Field for String {
    fn present(v: Json) -> Result<Self, String> {
        Ok(opt_string(v).unwrap_or_default())
    }
    fn absent(_: &str) -> Result<Self, String> {
        Ok(String::new())
    }
}

/// A flag from `true`/`false`, `1`/`0`, or the strings `"1"`, `"0"`, `"true"`,
/// `"false"`, `"yes"`, `"no"`, `""`; anything else is `None`.
impl Field for Option<bool> {
    fn present(v: Json) -> Result<Self, String> {
        Ok(opt_bool(v))
    }
    fn absent(_: &str) -> Result<Self, String> {
        Ok(None)
    }
}

/// A strict JSON boolean (our own `existing` flag), `false` when absent.
impl Field for bool {
    fn present(v: Json) -> Result<Self, String> {
        serde_json::from_value(v).map_err(|e| e.to_string())
    }
    fn absent(_: &str) -> Result<Self, String> {
        Ok(false)
    }
}

/// A list from an array, an object keyed `0..n` (PHP's sparse array), or anything
/// else as empty; each element read as `T`.
impl<T: FromJson> Field for Vec<T> {
    fn present(v: Json) -> Result<Self, String> {
        let items = match v {
            Json::Array(a) => a,
            Json::Object(m) => m.into_iter().map(|(_, v)| v).collect(),
            _ => Vec::new(),
        };
        items.into_iter().map(T::from_json).collect()
    }
    fn absent(_: &str) -> Result<Self, String> {
        Ok(Vec::new())
    }
}

fn opt_string(v: Json) -> Option<String> {
    match v {
        Json::String(s) => Some(s),
        Json::Number(n) => Some(n.to_string()),
        Json::Bool(b) => Some(if b { "1" } else { "0" }.to_owned()),
        _ => None,
    }
}

fn opt_bool(v: Json) -> Option<bool> {
    match v {
        Json::Bool(b) => Some(b),
        Json::Number(n) => n.as_f64().map(|f| f != 0.0),
        Json::String(s) => match s.trim().to_ascii_lowercase().as_str() {
            "1" | "true" | "yes" => Some(true),
            "0" | "false" | "no" | "" => Some(false),
            _ => None,
        },
        _ => None,
    }
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
        let flag = opt_bool;
        assert_eq!(flag(json!("1")), Some(true));
        assert_eq!(flag(json!(0)), Some(false));
        assert_eq!(flag(json!("false")), Some(false));
        assert_eq!(flag(json!(null)), None);
        assert_eq!(opt_bool(json!("maybe")), None);
        assert_eq!(opt_string(json!(1500)).as_deref(), Some("1500"));
        assert_eq!(opt_string(json!(true)).as_deref(), Some("1"));
        assert_eq!(opt_string(json!([])), None);
        assert_eq!(<Option<i64>>::present(json!("1500")).unwrap(), Some(1500));
        assert_eq!(<Option<f64>>::present(json!(" 2.5 ")).unwrap(), Some(2.5));
        assert_eq!(String::present(json!(null)).unwrap(), "");
        assert_eq!(i64::present(json!("9")).unwrap(), 9);
        assert_eq!(i64::present(json!("x")).unwrap_err(), "not an integer");
        assert_eq!(
            i64::absent("bill_id").unwrap_err(),
            "missing field `bill_id`"
        );
        assert!(!bool::absent("existing").unwrap());
        assert_eq!(
            bool::present(json!("1")).unwrap_err(),
            "invalid type: string \"1\", expected a boolean"
        );
    }

    /// An `i64` element type stands in for a result struct here.
    impl FromJson for i64 {
        fn from_json(v: Json) -> Result<Self, String> {
            i64::present(v)
        }
    }

    #[test]
    fn lists_read_arrays_php_sparse_arrays_and_nothing() {
        let l: Vec<i64> = Field::present(json!({"0": 1, "1": "2"})).unwrap();
        assert_eq!(l, [1, 2]);
        let l: Vec<i64> = Field::present(json!(null)).unwrap();
        assert!(l.is_empty());
        let l: Vec<i64> = Field::absent("items").unwrap();
        assert!(l.is_empty());
        let bad: Result<Vec<i64>, _> = Field::present(json!([1, "x"]));
        assert_eq!(bad.unwrap_err(), "not an integer");
        // A top-level list result is an array only, as serde's Vec was.
        assert_eq!(
            <Vec<i64>>::from_json(json!({"0": 1})).unwrap_err(),
            "invalid type: map, expected a sequence"
        );
        assert_eq!(u64::from_json(json!(7)).unwrap(), 7);
        assert!(u64::from_json(json!("7")).is_err());
        assert_eq!(
            invalid_type(&json!(null), "struct X"),
            "invalid type: null, expected struct X"
        );
    }
}
