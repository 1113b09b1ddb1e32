//! The ordered parameter model: what a PHP array holds, in the order PHP keeps it.
//!
//! JustClick signs `http_build_query($params)`, so the order of keys, the difference
//! between a list and a map, and the exact scalar types all change the signature.
//! [`Params`] is an ordered map of [`Value`]s that keeps all of that.

use indexmap::IndexMap;
use serde_json::Value as Json;

use crate::error::Error;
use crate::limits;

/// One parameter value, mirroring the PHP types `http_build_query` distinguishes.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// PHP `null`: the pair is omitted from the query.
    Null,
    /// PHP `true`/`false`: sent as `1`/`0` (never the strings `"true"`/`"false"`).
    Bool(bool),
    /// A PHP integer, sent in decimal.
    Int(i64),
    /// A PHP float, sent as PHP prints it with `precision=14`.
    Float(f64),
    /// A string, percent-encoded as PHP `urlencode` does.
    Str(String),
    /// A PHP list (keys `0..n`), sent as `key[0]=…&key[1]=…`.
    List(Vec<Value>),
    /// A PHP associative array, sent as `key[sub]=…`.
    Map(Params),
}

/// An ordered set of request parameters (a PHP associative array).
///
/// Inserting an existing key replaces its value and keeps its position, as PHP does.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Params {
    entries: IndexMap<String, Value>,
}

impl Params {
    /// An empty parameter set (signed over the empty string).
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// An empty parameter set with room for `capacity` keys (bindings converting a
    /// mapping of known size).
    #[must_use]
    pub fn with_capacity(capacity: usize) -> Self {
        Self {
            entries: IndexMap::with_capacity(capacity),
        }
    }

    /// Parses parameters from JSON, keeping key order. A JSON array is a PHP list, an
    /// object a PHP associative array. The top level must be an object, or an empty
    /// array (PHP's `[]`).
    ///
    /// Inputs over [`limits::MAX_INPUT_BYTES`], nested more than
    /// [`limits::MAX_PARAM_NESTING`] levels below a top-level key or holding more than
    /// [`limits::MAX_INPUT_ELEMENTS`] elements are refused before parsing.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] when the text is not JSON, not an object, or over a
    /// limit (named in the message).
    pub fn from_json(text: &str) -> Result<Self, Error> {
        limits::check_len(
            "the parameter JSON",
            text.len(),
            limits::MAX_INPUT_BYTES,
            "MAX_INPUT_BYTES, PHP's post_max_size",
        )
        .map_err(Error::invalid)?;
        // The top-level object is one JSON level more than PHP's bracket count.
        limits::check_json_shape(
            text,
            "the parameter JSON",
            limits::MAX_PARAM_NESTING + 1,
            limits::MAX_INPUT_ELEMENTS,
        )
        .map_err(|e| {
            Error::invalid(format!(
                "{e} (MAX_PARAM_NESTING: PHP drops anything nested more than {} levels below a top-level key; MAX_INPUT_ELEMENTS)",
                limits::MAX_PARAM_NESTING
            ))
        })?;
        // Straight into `Value`s (see `impl Deserialize for Value`): no intermediate
        // serde_json tree, which was half the cost of signing through the C ABI.
        let value: Value = serde_json::from_str(text)
            .map_err(|e| Error::invalid(format!("params are not valid JSON: {e}")))?;
        Self::from_value(value)
    }

    /// Converts an already parsed JSON value (see [`Params::from_json`]).
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] when the value is not an object or an empty array.
    pub fn from_json_value(json: &Json) -> Result<Self, Error> {
        Self::from_value(Value::from(json))
    }

    /// The top level of a parameter set: a map; an empty list or null (PHP's `[]`); or
    /// a list, which PHP keys `0..n`.
    fn from_value(value: Value) -> Result<Self, Error> {
        match value {
            Value::Map(map) => Ok(map),
            Value::Null => Ok(Self::new()),
            Value::List(list) => Ok(list
                .into_iter()
                .enumerate()
                .map(|(i, v)| (i.to_string(), v))
                .collect()),
            other => Err(Error::invalid(format!(
                "params must be a JSON object, got {}",
                other.type_name()
            ))),
        }
    }

    /// Adds or replaces a parameter and returns `self`, for chaining.
    #[must_use]
    pub fn with(mut self, key: impl Into<String>, value: impl Into<Value>) -> Self {
        self.insert(key, value);
        self
    }

    /// Adds or replaces a parameter. A replaced key keeps its original position.
    pub fn insert(&mut self, key: impl Into<String>, value: impl Into<Value>) {
        self.entries.insert(key.into(), value.into());
    }

    /// Adds a parameter only when `value` is `Some`.
    pub fn insert_opt<V: Into<Value>>(&mut self, key: impl Into<String>, value: Option<V>) {
        if let Some(v) = value {
            self.insert(key, v);
        }
    }

    /// The value stored under `key`.
    #[must_use]
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.entries.get(key)
    }

    /// Removes `key`, keeping the order of the others.
    pub fn remove(&mut self, key: &str) -> Option<Value> {
        self.entries.shift_remove(key)
    }

    /// Number of top-level keys.
    #[must_use]
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when there are no top-level keys.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Iterates over the top-level pairs in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Value)> {
        self.entries.iter().map(|(k, v)| (k.as_str(), v))
    }

    /// Converts to JSON (lists as arrays, maps as objects, order kept).
    #[must_use]
    pub fn to_json(&self) -> Json {
        Json::Object(
            self.entries
                .iter()
                .map(|(k, v)| (k.clone(), v.to_json()))
                .collect(),
        )
    }
}

impl<K: Into<String>, V: Into<Value>> FromIterator<(K, V)> for Params {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        let mut p = Self::new();
        for (k, v) in iter {
            p.insert(k, v);
        }
        p
    }
}

impl<'a> IntoIterator for &'a Params {
    type Item = (&'a String, &'a Value);
    type IntoIter = indexmap::map::Iter<'a, String, Value>;
    fn into_iter(self) -> Self::IntoIter {
        self.entries.iter()
    }
}

impl Value {
    /// A short name of the value's type, for error messages.
    #[must_use]
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "bool",
            Value::Int(_) => "int",
            Value::Float(_) => "float",
            Value::Str(_) => "string",
            Value::List(_) => "list",
            Value::Map(_) => "map",
        }
    }

    /// Converts to JSON (non-finite floats become `null`, as JSON has no such numbers).
    #[must_use]
    pub fn to_json(&self) -> Json {
        match self {
            Value::Null => Json::Null,
            Value::Bool(b) => Json::Bool(*b),
            Value::Int(i) => Json::from(*i),
            Value::Float(f) => serde_json::Number::from_f64(*f).map_or(Json::Null, Json::Number),
            Value::Str(s) => Json::String(s.clone()),
            Value::List(l) => Json::Array(l.iter().map(Value::to_json).collect()),
            Value::Map(m) => m.to_json(),
        }
    }
}

impl From<&Json> for Value {
    fn from(json: &Json) -> Self {
        match json {
            Json::Null => Value::Null,
            Json::Bool(b) => Value::Bool(*b),
            Json::Number(n) => match n.as_i64() {
                Some(i) => Value::Int(i),
                // Like PHP's json_decode: integers beyond i64 become floats.
                None => Value::Float(n.as_f64().unwrap_or(f64::NAN)),
            },
            Json::String(s) => Value::Str(s.clone()),
            Json::Array(a) => Value::List(a.iter().map(Value::from).collect()),
            Json::Object(o) => {
                Value::Map(o.iter().map(|(k, v)| (k.clone(), Value::from(v))).collect())
            }
        }
    }
}

impl From<Json> for Value {
    fn from(json: Json) -> Self {
        Value::from(&json)
    }
}

/// JSON straight into the parameter model, keeping key order (a repeated key keeps its
/// first position and its last value, as PHP's `json_decode` does). Integers past
/// `i64` become floats, as in PHP.
impl<'de> serde::Deserialize<'de> for Value {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ValueVisitor)
    }
}

struct ValueVisitor;

impl<'de> serde::de::Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Int(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(Value::Float(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::Str(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::Str(v))
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::List(items))
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut entries = IndexMap::with_capacity(map.size_hint().unwrap_or(0));
        while let Some((key, value)) = map.next_entry::<String, Value>()? {
            entries.insert(key, value);
        }
        Ok(Value::Map(Params { entries }))
    }
}

macro_rules! from_int {
    ($($t:ty),*) => {$(
        impl From<$t> for Value {
            fn from(v: $t) -> Self {
                Value::Int(i64::from(v))
            }
        }
    )*};
}
from_int!(i8, i16, i32, i64, u8, u16, u32);

impl From<u64> for Value {
    fn from(v: u64) -> Self {
        // PHP has no unsigned integers: values past i64::MAX are floats there too.
        i64::try_from(v).map_or(Value::Float(v as f64), Value::Int)
    }
}

impl From<usize> for Value {
    fn from(v: usize) -> Self {
        Value::from(v as u64)
    }
}

impl From<f64> for Value {
    fn from(v: f64) -> Self {
        Value::Float(v)
    }
}

impl From<f32> for Value {
    fn from(v: f32) -> Self {
        Value::Float(f64::from(v))
    }
}

impl From<bool> for Value {
    fn from(v: bool) -> Self {
        Value::Bool(v)
    }
}

impl From<&str> for Value {
    fn from(v: &str) -> Self {
        Value::Str(v.to_owned())
    }
}

impl From<String> for Value {
    fn from(v: String) -> Self {
        Value::Str(v)
    }
}

impl From<&String> for Value {
    fn from(v: &String) -> Self {
        Value::Str(v.clone())
    }
}

impl From<Params> for Value {
    fn from(v: Params) -> Self {
        Value::Map(v)
    }
}

impl<T: Into<Value>> From<Vec<T>> for Value {
    fn from(v: Vec<T>) -> Self {
        Value::List(v.into_iter().map(Into::into).collect())
    }
}

impl<T: Into<Value> + Clone> From<&[T]> for Value {
    fn from(v: &[T]) -> Self {
        Value::List(v.iter().cloned().map(Into::into).collect())
    }
}

impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(v: Option<T>) -> Self {
        v.map_or(Value::Null, Into::into)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_order_is_kept_and_replacing_keeps_position() {
        let mut p = Params::from_json(r#"{"z":1,"a":2,"m":3}"#).unwrap();
        p.insert("z", 9);
        let keys: Vec<_> = p.iter().map(|(k, _)| k).collect();
        assert_eq!(keys, ["z", "a", "m"]);
        assert_eq!(p.get("z"), Some(&Value::Int(9)));
    }

    #[test]
    fn top_level_must_be_object() {
        let err = Params::from_json("\"x\"").unwrap_err();
        assert!(err.to_string().contains("JSON object"), "{err}");
        assert!(Params::from_json("[]").unwrap().is_empty());
        assert!(Params::from_json("{").is_err());
    }

    #[test]
    fn direct_parse_matches_the_json_tree_path() {
        let text = r#"{"b":1,"a":[true,null,-0,1.5,1e400,18446744073709551615,"ж"],"m":{"x":{},"y":[]},"b":2}"#;
        let json: Json = serde_json::from_str(text.replace("1e400", "1e300").as_str()).unwrap();
        let direct = Params::from_json(&text.replace("1e400", "1e300")).unwrap();
        assert_eq!(direct, Params::from_json_value(&json).unwrap());
        let keys: Vec<_> = direct.iter().map(|(k, _)| k).collect();
        assert_eq!(
            keys,
            ["b", "a", "m"],
            "a repeated key keeps its first position"
        );
        assert_eq!(direct.get("b"), Some(&Value::Int(2)), "and its last value");
        let listed = Params::from_json(r#"["x","y"]"#).unwrap();
        assert_eq!(listed.get("1"), Some(&Value::from("y")));
        assert!(Params::from_json("null").unwrap().is_empty());
        assert!(Params::from_json("1e400").is_err());
    }

    #[test]
    fn limits_are_checked_before_parsing() {
        let deep = |n: usize| format!("{{\"a\":{}1{}}}", "[".repeat(n), "]".repeat(n));
        assert!(Params::from_json(&deep(64)).is_ok());
        let e = Params::from_json(&deep(65)).unwrap_err().to_string();
        assert!(e.contains("MAX_PARAM_NESTING") && e.contains("64"), "{e}");
        // A nesting bomb far past serde_json's own recursion limit: refused, no recursion.
        assert!(Params::from_json(&"[".repeat(1_000_000)).is_err());
        let big = format!(
            "{{\"a\":\"{}\"}}",
            "x".repeat(crate::limits::MAX_INPUT_BYTES)
        );
        let e = Params::from_json(&big).unwrap_err().to_string();
        assert!(e.contains("MAX_INPUT_BYTES"), "{e}");
        let many = format!("[{}]", ["1"; 100_001].join(","));
        let e = Params::from_json(&many).unwrap_err().to_string();
        assert!(e.contains("100000 elements"), "{e}");
    }

    #[test]
    fn big_integers_become_floats_like_php() {
        let p = Params::from_json(r#"{"a":18446744073709551615,"b":1.0}"#).unwrap();
        assert!(matches!(p.get("a"), Some(Value::Float(_))));
        assert_eq!(p.get("b"), Some(&Value::Float(1.0)));
        assert_eq!(Value::from(u64::MAX), Value::Float(u64::MAX as f64));
    }
}
