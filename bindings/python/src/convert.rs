//! Python values <-> the core's ordered `Params`/`Value` and JSON results.
//!
//! Parameters accept exactly the types a PHP array can hold: `dict` (and any other
//! `Mapping`, order kept), `list`, `tuple`, `str`, `int`, `float`, `bool` and `None`.
//! Anything else is refused with `InvalidParams` naming the key and the type, because a
//! silent `str()` would sign something the caller did not mean.

use justclick::validate::MAX_NESTING;
use justclick::{Params, ParamsBuilder, Scalar, Value};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyBytes, PyDict, PyFloat, PyInt, PyList, PyMapping, PyString, PyTuple};
use serde_json::Value as Json;

use crate::errors;

/// Why a value could not be converted: a Python exception raised while reading it, or a
/// value of the wrong shape at `path` (segments innermost first, filled while unwinding).
enum Bad {
    Py(PyErr),
    /// Refused by the core (a key shape PHP would rewrite, too many fields).
    Core(justclick::Error),
    Shape {
        path: Vec<String>,
        what: String,
    },
}

impl From<PyErr> for Bad {
    fn from(e: PyErr) -> Self {
        Bad::Py(e)
    }
}

impl Bad {
    fn shape(what: String) -> Self {
        Bad::Shape {
            path: Vec::new(),
            what,
        }
    }

    /// Adds the key of the enclosing container to the path.
    fn at(mut self, key: String) -> Self {
        if let Bad::Shape { path, .. } = &mut self {
            path.push(key);
        }
        self
    }

    fn into_py(self, py: Python<'_>, arg: &str) -> PyErr {
        match self {
            Bad::Py(e) => e,
            Bad::Core(e) => errors::to_py(py, e),
            Bad::Shape { path, what } => {
                let message = match path.split_last() {
                    None => format!("{arg}: {what}"),
                    Some((top, inner)) => {
                        let mut name = top.clone();
                        for seg in inner.iter().rev() {
                            name.push('[');
                            name.push_str(seg);
                            name.push(']');
                        }
                        format!("parameter {name:?}: {what}")
                    }
                };
                errors::invalid_params(py, message)
            }
        }
    }
}

const ACCEPTED: &str = "use str, int, float, bool, None, datetime.date, dict, list or tuple";

/// Converts `params` (a mapping, a list/tuple for a PHP list, or `None` for no
/// parameters) to the core's ordered parameter set.
pub(crate) fn params(obj: Option<&Bound<'_, PyAny>>) -> PyResult<Params> {
    let Some(obj) = obj else {
        return Ok(Params::new());
    };
    let py = obj.py();
    let bad = |e: Bad| e.into_py(py, "params");
    if obj.is_none() {
        return Ok(Params::new());
    }
    if is_sequence(obj) {
        // A top-level PHP list: keys 0..n, as the core reads a JSON array.
        let mut out = Params::with_capacity(obj.len().unwrap_or(0));
        for (i, item) in obj.try_iter()?.enumerate() {
            let v = value(&item?, 1).map_err(|e| bad(e.at(i.to_string())))?;
            out.insert(i.to_string(), v);
        }
        return Ok(out);
    }
    match mapping(obj, 0).map_err(bad)? {
        Some(p) => Ok(p),
        None => Err(errors::invalid_params(
            py,
            format!(
                "params must be a mapping such as a dict, not {}",
                type_name(obj)
            ),
        )),
    }
}

/// Feeds `params` (as [`params`] accepts them) straight into `builder`, which encodes
/// the query as it goes: no `Params` tree, no owned copy of any string. What signing
/// uses (`get_hash`, `build_query`); the result is byte for byte `build_query(params)`.
pub(crate) fn feed(builder: &mut ParamsBuilder, obj: &Bound<'_, PyAny>) -> PyResult<()> {
    let py = obj.py();
    let bad = |e: Bad| e.into_py(py, "params");
    if obj.is_none() {
        return Ok(());
    }
    if is_sequence(obj) {
        for (i, item) in obj.try_iter()?.enumerate() {
            let key = i.to_string();
            feed_value(builder, &key, &item?, 1).map_err(|e| bad(e.at(key)))?;
        }
        return Ok(());
    }
    if feed_mapping(builder, obj, 0).map_err(bad)? {
        return Ok(());
    }
    Err(errors::invalid_params(
        py,
        format!(
            "params must be a mapping such as a dict, not {}",
            type_name(obj)
        ),
    ))
}

/// Feeds a mapping's items; false when `obj` is not a mapping.
fn feed_mapping(b: &mut ParamsBuilder, obj: &Bound<'_, PyAny>, depth: usize) -> Result<bool, Bad> {
    if let Ok(dict) = obj.cast_exact::<PyDict>() {
        for (k, v) in dict.iter() {
            feed_item(b, &k, &v, depth)?;
        }
        return Ok(true);
    }
    let Ok(map) = obj.cast::<PyMapping>() else {
        return Ok(false);
    };
    for item in map.items()?.iter() {
        let (k, v): (Bound<'_, PyAny>, Bound<'_, PyAny>) = item.extract()?;
        feed_item(b, &k, &v, depth)?;
    }
    Ok(true)
}

fn feed_item(
    b: &mut ParamsBuilder,
    k: &Bound<'_, PyAny>,
    v: &Bound<'_, PyAny>,
    depth: usize,
) -> Result<(), Bad> {
    if let Ok(s) = k.cast::<PyString>() {
        let key = s.to_cow()?;
        return feed_value(b, &key, v, depth + 1).map_err(|e| e.at(key.into_owned()));
    }
    let key = key(k)?;
    feed_value(b, &key, v, depth + 1).map_err(|e| e.at(key))
}

/// One value under `key`, with the checks and messages of [`value`].
fn feed_value(
    b: &mut ParamsBuilder,
    key: &str,
    obj: &Bound<'_, PyAny>,
    depth: usize,
) -> Result<(), Bad> {
    if depth > MAX_NESTING + 1 {
        return Err(Bad::shape(format!(
            "nested more than {MAX_NESTING} levels deep (PHP drops the rest)"
        )));
    }
    let scalar = |b: &mut ParamsBuilder, v: Scalar<'_>| b.add(key, v).map_err(Bad::Core);
    if let Ok(s) = obj.cast::<PyString>() {
        let s = s
            .to_cow()
            .map_err(|_| Bad::shape("string is not valid Unicode (lone surrogate)".into()))?;
        return scalar(b, Scalar::Str(&s));
    }
    if obj.is_none() {
        return scalar(b, Scalar::Null);
    }
    if let Ok(v) = obj.cast::<PyBool>() {
        return scalar(b, Scalar::Bool(v.is_true()));
    }
    if obj.is_instance_of::<PyInt>() {
        let i = obj.extract::<i64>().map_err(|_| {
            Bad::shape(format!(
                "integer {} does not fit in 64 bits; pass it as a str",
                obj.str().map_or_else(|_| "?".into(), |s| s.to_string())
            ))
        })?;
        return scalar(b, Scalar::Int(i));
    }
    if obj.is_instance_of::<PyFloat>() {
        return scalar(b, Scalar::Float(obj.extract::<f64>()?));
    }
    if is_sequence(obj) {
        b.begin(key).map_err(Bad::Core)?;
        for (i, item) in obj.try_iter()?.enumerate() {
            let k = i.to_string();
            feed_value(b, &k, &item?, depth + 1).map_err(|e| e.at(k))?;
        }
        return b.end().map_err(Bad::Core);
    }
    if obj.is_instance_of::<PyBytes>() {
        return Err(Bad::shape(format!(
            "unsupported type bytes; decode it to str first ({ACCEPTED})"
        )));
    }
    if obj.cast::<PyMapping>().is_ok() || obj.is_instance_of::<PyDict>() {
        b.begin(key).map_err(Bad::Core)?;
        feed_mapping(b, obj, depth)?;
        return b.end().map_err(Bad::Core);
    }
    Err(Bad::shape(format!(
        "unsupported type {} ({ACCEPTED})",
        type_name(obj)
    )))
}

/// Converts any JSON-like Python value (used for responses and notifications given as
/// mappings rather than text).
pub(crate) fn json(obj: &Bound<'_, PyAny>, arg: &str) -> PyResult<Json> {
    value(obj, 0)
        .map(|v| v.to_json())
        .map_err(|e| e.into_py(obj.py(), arg))
}

fn is_sequence(obj: &Bound<'_, PyAny>) -> bool {
    obj.is_instance_of::<PyList>() || obj.is_instance_of::<PyTuple>()
}

/// A mapping's items in order, or `None` when `obj` is not a mapping. A plain `dict`
/// is walked in place (`PyDict_Next`): no list of item tuples is built. Subclasses
/// (`OrderedDict` after `move_to_end`, ...) go through their own `items()` order.
fn mapping(obj: &Bound<'_, PyAny>, depth: usize) -> Result<Option<Params>, Bad> {
    if let Ok(dict) = obj.cast_exact::<PyDict>() {
        let mut out = Params::with_capacity(dict.len());
        for (k, v) in dict.iter() {
            insert(&mut out, &k, &v, depth)?;
        }
        return Ok(Some(out));
    }
    let Ok(map) = obj.cast::<PyMapping>() else {
        return Ok(None);
    };
    let items = map.items()?;
    let mut out = Params::with_capacity(items.len());
    for item in items.iter() {
        let (k, v): (Bound<'_, PyAny>, Bound<'_, PyAny>) = item.extract()?;
        insert(&mut out, &k, &v, depth)?;
    }
    Ok(Some(out))
}

fn insert(
    out: &mut Params,
    k: &Bound<'_, PyAny>,
    v: &Bound<'_, PyAny>,
    depth: usize,
) -> Result<(), Bad> {
    let key = key(k)?;
    match value(v, depth + 1) {
        Ok(v) => {
            out.insert(key, v);
            Ok(())
        }
        Err(e) => Err(e.at(key)),
    }
}

/// A key: `str`, or `int` as PHP stores numeric keys.
fn key(k: &Bound<'_, PyAny>) -> Result<String, Bad> {
    if let Ok(s) = k.cast::<PyString>() {
        return Ok(s.to_cow()?.into_owned());
    }
    if k.is_instance_of::<PyInt>() && !k.is_instance_of::<PyBool>() {
        return Ok(k.str()?.to_cow()?.into_owned());
    }
    Err(Bad::shape(format!(
        "key {} has unsupported type {}; use str or int keys",
        k.repr()?.to_cow()?,
        type_name(k)
    )))
}

/// `depth` counts containers from the top-level mapping (1 for a top-level value), so
/// a leaf at `depth` sits under `depth - 1` brackets; PHP allows `MAX_NESTING` of them.
fn value(obj: &Bound<'_, PyAny>, depth: usize) -> Result<Value, Bad> {
    if depth > MAX_NESTING + 1 {
        return Err(Bad::shape(format!(
            "nested more than {MAX_NESTING} levels deep (PHP drops the rest)"
        )));
    }
    // The common case first: most parameters are strings.
    if let Ok(s) = obj.cast::<PyString>() {
        return s
            .to_cow()
            .map(|s| Value::Str(s.into_owned()))
            .map_err(|_| Bad::shape("string is not valid Unicode (lone surrogate)".into()));
    }
    if obj.is_none() {
        return Ok(Value::Null);
    }
    // bool before int: `True` is an `int` in Python but `1` (not `True`) in PHP's query.
    if let Ok(b) = obj.cast::<PyBool>() {
        return Ok(Value::Bool(b.is_true()));
    }
    if obj.is_instance_of::<PyInt>() {
        return obj.extract::<i64>().map(Value::Int).map_err(|_| {
            Bad::shape(format!(
                "integer {} does not fit in 64 bits; pass it as a str",
                obj.str().map_or_else(|_| "?".into(), |s| s.to_string())
            ))
        });
    }
    if obj.is_instance_of::<PyFloat>() {
        return Ok(Value::Float(obj.extract::<f64>()?));
    }
    if let Ok(list) = obj.cast::<PyList>() {
        let mut out = Vec::with_capacity(list.len());
        for (i, item) in list.iter().enumerate() {
            out.push(value(&item, depth + 1).map_err(|e| e.at(i.to_string()))?);
        }
        return Ok(Value::List(out));
    }
    if let Ok(tuple) = obj.cast::<PyTuple>() {
        let mut out = Vec::with_capacity(tuple.len());
        for (i, item) in tuple.iter().enumerate() {
            out.push(value(&item, depth + 1).map_err(|e| e.at(i.to_string()))?);
        }
        return Ok(Value::List(out));
    }
    if is_date(obj)? {
        // `date`/`datetime` as ISO text; the core converts it to the format the field
        // takes (dd.mm.yyyy, YYYY-MM-DD) or refuses it naming that format.
        return Ok(Value::Str(
            obj.call_method0("isoformat")?.str()?.to_cow()?.into_owned(),
        ));
    }
    if obj.is_instance_of::<PyBytes>() {
        return Err(Bad::shape(format!(
            "unsupported type bytes; decode it to str first ({ACCEPTED})"
        )));
    }
    match mapping(obj, depth)? {
        Some(map) => Ok(Value::Map(map)),
        None => Err(Bad::shape(format!(
            "unsupported type {} ({ACCEPTED})",
            type_name(obj)
        ))),
    }
}

/// `datetime.date` (and so `datetime.datetime`).
static DATE: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

fn is_date(obj: &Bound<'_, PyAny>) -> PyResult<bool> {
    let py = obj.py();
    let date = DATE.get_or_try_init(py, || {
        py.import("datetime")?.getattr("date").map(Bound::unbind)
    })?;
    obj.is_instance(date.bind(py))
}

fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type()
        .qualname()
        .map_or_else(|_| "?".to_owned(), |n| n.to_string())
}

/// Converts a JSON result to plain Python data: dict (order kept), list, str, int,
/// float, bool, None.
pub(crate) fn to_py<'py>(py: Python<'py>, json: &Json) -> PyResult<Bound<'py, PyAny>> {
    Ok(match json {
        Json::Null => py.None().into_bound(py),
        Json::Bool(b) => PyBool::new(py, *b).to_owned().into_any(),
        Json::Number(n) => {
            if let Some(i) = n.as_i64() {
                i.into_pyobject(py)?.into_any()
            } else if let Some(u) = n.as_u64() {
                u.into_pyobject(py)?.into_any()
            } else {
                n.as_f64().unwrap_or(f64::NAN).into_pyobject(py)?.into_any()
            }
        }
        Json::String(s) => PyString::new(py, s).into_any(),
        Json::Array(items) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(to_py(py, item)?)?;
            }
            list.into_any()
        }
        Json::Object(map) => {
            let dict = PyDict::new(py);
            for (k, v) in map {
                dict.set_item(k, to_py(py, v)?)?;
            }
            dict.into_any()
        }
    })
}
