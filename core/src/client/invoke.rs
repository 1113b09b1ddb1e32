//! [`Client::invoke`]: any documented method by name, with every documented quirk
//! handled here and only here. The typed methods, the C ABI, Python, PHP and the CLI
//! all go through it.
//!
//! What it does beyond [`Client::call`] (each rule cites the spec section):
//!
//! | method | rule |
//! |---|---|
//! | all | name looked up case-insensitively in [`METHODS`], sent with its documented spelling; API 1.0 or 2.0 chosen from the table; required fields checked locally ([`Error::InvalidArgument`] names the missing one) |
//! | `AddLeadToGroup` | `rid` given as one string is sent as `rid[0]`; code 0 with the text `Has an invalid subscriptions group` / `The subscriber is already registered` is reported as [`Error::Api`] 103 / 102 (§6.1.1: the server answers code 0 for them) |
//! | `CreateOrder` | `goods` may be a string or a list of strings (product ids) as well as `[{good_name, good_sum?}]`; the result is `{"bill_id": int, "existing": bool}`, and 601 "order already exists" is a success with `"existing": true` (§9.10) |
//! | `UpdateOrderStatus` | `sent` needs `date` and `rpo`, `paid` needs `date` (§6.3.2), checked before sending |
//! | `DeleteOrder` | "not found" is [`Error::Api`] **302** whether the server says 302 (docs) or 200 (server code, §6.3.3); the original code is kept in the error's `result` as `server_code` |
//! | `GetLeadGroupStatuses`, `GetLeadGroups`, `GetAllGroups` | 501 "group not found" (no groups) → `[]` |
//! | `GetAllGoods` | 700 "no products" → `[]` |
//! | `GetOrders`, `getOrdersWithGoods` | 401 "orders not found" → `[]` |
//! | `GetBills` | 400 "order not found" → `{}` |
//! | `getOrdersWithGoods` | a `dd.mm.yyyy` range longer than one month is fetched in month windows (neighbours share a day) and merged without duplicate ids (§6.3.5) |
//! | `GetOrderInfo`, `getOrderDetails` | a one-element array is unwrapped to the object (§6.3.7) |
//! | order results | `kupon` is filled from `coupon` when only that spelling is present (§11.10) |
//! | `GetCountSubscribe` | `all` and `alls` are both tried (docs vs server, §6.1.7); a count sent as a string becomes a number |
//! | list results | `null`, or an object keyed `0..n` (PHP's encoding of a sparse array), becomes a JSON array |
//! | API 2.0 | comma-separated fields (`add_tags`, `add_to_lists`, `product_names`, …) accept a list, joined with `,` |
//!
//! User strings are never rewritten: `"true"` stays the string `true` (which PHP reads
//! as true, spec §9.6); pass a boolean to send `1`/`0`.

use std::collections::HashSet;

use serde_json::{Map, Value as Json};

use crate::client::Client;
use crate::client::call::{CallCtx, Verified};
use crate::client::call_options::CallOptions;
use crate::client::dates::{Date, month_windows};
use crate::client::fields;
use crate::client::methods::{Api, METHODS, MethodSpec, find};
use crate::error::Error;
use crate::params::{Params, Value};

/// AddLeadToGroup's code-0 answers that mean nothing was added (spec §6.1.1), and the
/// documented codes they are reported as.
const CODE_ZERO_FAILURES: &[(&str, i64)] = &[
    ("Has an invalid subscriptions group", 103),
    ("The subscriber is already registered", 102),
];

/// Fields documented as comma-separated lists.
const COMMA_FIELDS: &[(&str, &[&str])] = &[
    (
        "createorder",
        &["product_names", "product_prices", "affiliates"],
    ),
    (
        "addupdatelead",
        &[
            "add_to_lists",
            "remove_from_lists",
            "add_tags",
            "remove_tags",
        ],
    ),
    ("addtagtolead", &["add_tags"]),
    ("removetagfromlead", &["remove_tags"]),
    ("removeleadfromlist", &["remove_from_lists"]),
    ("AddGood", &["good_client_rassilki", "good_only_countries"]),
    (
        "UpdateGood",
        &["good_client_rassilki", "good_only_countries"],
    ),
    ("UpdateSubscriberData", &["lead_tags"]),
];

impl Client {
    /// Calls any of the 29 documented methods ([`METHODS`]) by its documented name
    /// (case-insensitive) or its snake_case name, and returns the verified `result`
    /// with the documented quirks normalised (see the [module docs](self)).
    ///
    /// API 1.0 methods are signed and verified; API 2.0 methods carry `rpsKey`.
    ///
    /// ```no_run
    /// # use justclick::{Client, Params};
    /// let client = Client::builder("shop", "secret").build()?;
    /// let order = client.invoke(
    ///     "CreateOrder",
    ///     &Params::new().with("goods", vec!["course"]).with("bill_email", "a@b.c"),
    /// )?;
    /// println!("order {} (existing: {})", order["bill_id"], order["existing"]);
    /// # Ok::<(), justclick::Error>(())
    /// ```
    ///
    /// Blocks the calling thread until the call ends; [`Client::invoke_async`] is the
    /// async form, [`Client::invoke_with`] takes a deadline and a cancel handle.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for an unknown method or a missing required field,
    /// [`Error::Api`] for a genuine error answer (with the normalisations above), and
    /// the transport and verification errors of [`Client::call`].
    pub fn invoke(&self, method: &str, params: &Params) -> Result<Json, Error> {
        self.invoke_with(method, params, &self.options)
    }

    /// [`Client::invoke`] with options for this call. A per-call timeout bounds the
    /// whole invocation, every month window of a long `getOrdersWithGoods` range
    /// included (without one, each request has the client's timeout).
    ///
    /// # Errors
    /// As [`Client::invoke`]; [`Error::Cancelled`] when cancelled.
    pub fn invoke_with(
        &self,
        method: &str,
        params: &Params,
        opts: &CallOptions,
    ) -> Result<Json, Error> {
        CallCtx::run(opts, |ctx| {
            let spec = find(method).ok_or_else(|| {
                Error::invalid(format!(
                    "unknown method \"{method}\": not one of the {} documented methods \
                     (use call or call_v2 for others)",
                    METHODS.len()
                ))
            })?;
            let params = prepare(spec, params)?;
            match spec.name {
                "getOrdersWithGoods" => self.orders_by_month(spec, &params, ctx),
                "GetCountSubscribe" => self.count_subscribe(spec, &params, ctx),
                _ => self.invoke_once(spec, &params, ctx),
            }
        })
    }

    /// [`Client::invoke`] for the typed methods of the language bindings: also refuses a
    /// list or mapping in a field that holds one value (`lead_name`, `bill_email`,
    /// `good_sum`, …), naming the field, where `invoke` would send it as `field[…]`
    /// (and the server would store the default). Python's and PHP's named methods go
    /// through it so that they share this one check.
    ///
    /// # Errors
    /// As [`Client::invoke`]; [`Error::InvalidArgument`] for such a value.
    pub fn invoke_typed(&self, method: &str, params: &Params) -> Result<Json, Error> {
        self.invoke_typed_with(method, params, &self.options)
    }

    /// [`Client::invoke_typed`] with options for this call.
    ///
    /// # Errors
    /// As [`Client::invoke_typed`]; [`Error::Cancelled`] when cancelled.
    pub fn invoke_typed_with(
        &self,
        method: &str,
        params: &Params,
        opts: &CallOptions,
    ) -> Result<Json, Error> {
        let name = find(method).map_or(method, |spec| spec.name);
        fields::check_single_values(name, params)?;
        self.invoke_with(method, params, opts)
    }

    /// One request for a prepared parameter set, interpreted per the method's rules.
    fn invoke_once(
        &self,
        spec: &MethodSpec,
        params: &Params,
        ctx: &CallCtx<'_>,
    ) -> Result<Json, Error> {
        let answer = match spec.api {
            Api::V1 => self.verified_in(spec.name, params, ctx)?,
            Api::V2 => self.v2_verified_in(spec.name, params, ctx)?,
        };
        interpret(spec, answer)
    }

    /// `getOrdersWithGoods` serves at most one month; longer `dd.mm.yyyy` ranges are
    /// fetched window by window and merged, first occurrence of each order id kept.
    fn orders_by_month(
        &self,
        spec: &MethodSpec,
        params: &Params,
        ctx: &CallCtx<'_>,
    ) -> Result<Json, Error> {
        let begin = match params.get("begin_date") {
            Some(Value::Str(s)) => Date::parse_dmy(s),
            _ => None,
        };
        let end = match params.get("end_date") {
            None | Some(Value::Null) => Some(None),
            Some(Value::Str(s)) => Date::parse_dmy(s).map(Some),
            Some(_) => None,
        };
        let (Some(begin), Some(end)) = (begin, end) else {
            // Not a range we can split: the server applies its own rules.
            return self.invoke_once(spec, params, ctx);
        };
        let windows = month_windows(begin, end);
        if windows.len() == 1 {
            return self.invoke_once(spec, params, ctx);
        }
        let mut seen = HashSet::new();
        let mut merged = Vec::new();
        for (from, to) in windows {
            let mut window = params.clone();
            window.insert("begin_date", from.to_dmy());
            match to {
                Some(to) => window.insert("end_date", to.to_dmy()),
                None => drop(window.remove("end_date")),
            }
            let orders = match self.invoke_once(spec, &window, ctx)? {
                Json::Array(orders) => orders,
                other => {
                    return Err(Error::BadResponse {
                        method: spec.name.to_owned(),
                        status: 200,
                        kind: crate::error::ResponseProblem::Malformed,
                        detail: format!("result is not a list of orders: {other}"),
                        stats: Default::default(),
                    });
                }
            };
            for order in orders {
                if let Some(id) = order.get("id").map(json_key) {
                    if !seen.insert(id) {
                        continue;
                    }
                }
                merged.push(order);
            }
        }
        Ok(Json::Array(merged))
    }

    /// The docs reserve `all`, the server code `alls` (spec §6.1.7): when one is
    /// refused as an unknown group (501), the other spelling is tried.
    fn count_subscribe(
        &self,
        spec: &MethodSpec,
        params: &Params,
        ctx: &CallCtx<'_>,
    ) -> Result<Json, Error> {
        let first = self.invoke_once(spec, params, ctx);
        let other = match params.get("group_name") {
            Some(Value::Str(s)) if s == "all" => "alls",
            Some(Value::Str(s)) if s == "alls" => "all",
            _ => return first,
        };
        match first {
            Err(e) if e.api_code() == Some(501) => {
                let mut again = params.clone();
                again.insert("group_name", other);
                self.invoke_once(spec, &again, ctx)
            }
            other => other,
        }
    }
}

/// Checks required fields and applies the input conventions of `spec`.
pub(crate) fn prepare(spec: &MethodSpec, params: &Params) -> Result<Params, Error> {
    let mut p = params.clone();
    fields::check_dates(spec.name, &mut p)?;
    match spec.name {
        "AddLeadToGroup" => match p.get("rid") {
            // A blank rid stays a string, for the required-field check below.
            Some(Value::Str(s)) if !s.trim().is_empty() => {
                let one = vec![Value::Str(s.clone())];
                p.insert("rid", Value::List(one));
            }
            Some(Value::List(items)) => {
                if let Some(i) = items.iter().position(is_blank) {
                    return Err(Error::invalid(format!(
                        "AddLeadToGroup: rid[{i}] is empty (the server would answer 103)"
                    )));
                }
            }
            _ => {}
        },
        "CreateOrder" => {
            if let Some(goods) = p.get("goods") {
                let goods = order_goods(goods)?;
                p.insert("goods", goods);
            }
        }
        _ => {}
    }
    if let Some((_, fields)) = COMMA_FIELDS.iter().find(|(m, _)| *m == spec.name) {
        for field in *fields {
            if let Some(Value::List(items)) = p.get(field) {
                let joined = join_commas(spec.name, field, items)?;
                p.insert(*field, joined);
            }
        }
    }
    for field in spec.required {
        if p.get(field).is_none_or(is_blank) {
            return Err(Error::invalid(format!(
                "{}: missing required field {field}",
                spec.name
            )));
        }
    }
    if spec.name == "UpdateOrderStatus" {
        let (status, needs): (&str, &[&str]) = match p.get("status") {
            Some(Value::Str(s)) if s == "sent" => ("sent", &["date", "rpo"]),
            Some(Value::Str(s)) if s == "paid" => ("paid", &["date"]),
            _ => ("", &[]),
        };
        for field in needs {
            if p.get(field).is_none_or(is_blank) {
                return Err(Error::invalid(format!(
                    "UpdateOrderStatus: status \"{status}\" needs the field {field}"
                )));
            }
        }
    }
    Ok(p)
}

fn is_blank(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::Str(s) => s.trim().is_empty(),
        Value::List(l) => l.is_empty(),
        Value::Map(m) => m.is_empty(),
        Value::Bool(_) | Value::Int(_) | Value::Float(_) => false,
    }
}

/// CreateOrder's `goods`: a product id, a list of product ids, or the documented
/// `[{good_name, good_sum?}, …]`; every item must name its product.
fn order_goods(goods: &Value) -> Result<Value, Error> {
    let item = |i: usize, v: &Value| -> Result<Value, Error> {
        match v {
            Value::Str(name) if !name.trim().is_empty() => {
                Ok(Value::Map(Params::new().with("good_name", name.as_str())))
            }
            Value::Map(m) if m.get("good_name").is_some_and(|n| !is_blank(n)) => {
                Ok(Value::Map(m.clone()))
            }
            _ => Err(Error::invalid(format!(
                "CreateOrder: goods[{i}] must be a product id or a map with \"good_name\""
            ))),
        }
    };
    match goods {
        Value::Str(_) => Ok(Value::List(vec![item(0, goods)?])),
        Value::List(items) => Ok(Value::List(
            items
                .iter()
                .enumerate()
                .map(|(i, v)| item(i, v))
                .collect::<Result<_, _>>()?,
        )),
        Value::Map(m) => {
            for (i, (_, v)) in m.iter().enumerate() {
                item(i, v)?;
            }
            Ok(goods.clone())
        }
        _ => Err(Error::invalid(
            "CreateOrder: goods must be a list of products",
        )),
    }
}

/// Joins a list for a comma-separated field; an item that itself holds a comma would
/// silently become two, so it is refused.
fn join_commas(method: &str, field: &str, items: &[Value]) -> Result<Value, Error> {
    let mut parts = Vec::with_capacity(items.len());
    for item in items {
        let text = match item {
            Value::Str(s) => s.clone(),
            Value::Int(i) => i.to_string(),
            Value::Float(_) => {
                let q = crate::query::build_query(&Params::new().with("x", item.clone()))?;
                crate::query::urldecode(&q[2..])
            }
            other => {
                return Err(Error::invalid(format!(
                    "{method}: {field} items must be strings or numbers, not {}",
                    other.type_name()
                )));
            }
        };
        if text.contains(',') {
            return Err(Error::invalid(format!(
                "{method}: {field} item \"{text}\" contains a comma, the list separator"
            )));
        }
        parts.push(text);
    }
    Ok(Value::Str(parts.join(",")))
}

/// Applies the per-method reading of a verified answer.
pub(crate) fn interpret(spec: &MethodSpec, v: Verified) -> Result<Json, Error> {
    match (spec.name, v.code) {
        ("CreateOrder", 0) => order_created(&v, false),
        ("CreateOrder", 601) if bill_id(v.result.as_ref()).is_some() => order_created(&v, true),
        ("AddLeadToGroup", 0) => {
            let failure = CODE_ZERO_FAILURES
                .iter()
                .find(|(text, _)| v.text.trim().eq_ignore_ascii_case(text));
            match failure {
                Some(&(_, code)) => Err(Error::Api {
                    method: v.method,
                    code,
                    text: v.text,
                    result: v.result.map(Box::new),
                    stats: Default::default(),
                }),
                None => Ok(v.result.unwrap_or(Json::Null)),
            }
        }
        ("GetLeadGroupStatuses" | "GetLeadGroups" | "GetAllGroups", 501)
        | ("GetAllGoods", 700)
        | ("GetOrders" | "getOrdersWithGoods", 401) => Ok(Json::Array(Vec::new())),
        ("GetBills", 400) => Ok(Json::Object(Map::new())),
        ("DeleteOrder", 200) => {
            let mut original = Map::new();
            original.insert("server_code".into(), Json::from(200));
            Err(Error::Api {
                method: v.method,
                code: 302,
                text: v.text,
                result: Some(Box::new(Json::Object(original))),
                stats: Default::default(),
            })
        }
        (_, 0) => Ok(shape(spec.name, v.result.unwrap_or(Json::Null))),
        _ => Err(v.into_api_error()),
    }
}

/// Normalises the documented variants of a successful result.
fn shape(method: &str, result: Json) -> Json {
    match method {
        "GetOrderInfo" | "getOrderDetails" => {
            let mut order = match result {
                Json::Array(mut a) if a.len() == 1 => a.pop().unwrap_or_default(),
                other => other,
            };
            fill_kupon(&mut order);
            order
        }
        "GetOrders" | "getOrdersWithGoods" => {
            let mut orders = list_of(result);
            if let Json::Array(items) = &mut orders {
                items.iter_mut().for_each(fill_kupon);
            }
            orders
        }
        "GetLeadGroupStatuses"
        | "GetLeadGroups"
        | "GetAllGroups"
        | "GetAllGoods"
        | "getalllists"
        | "getgoods"
        | "getcoupons"
        | "getpersonalmanagers" => list_of(result),
        "GetBills" => match result {
            Json::Array(a) if a.is_empty() => Json::Object(Map::new()),
            Json::Null => Json::Object(Map::new()),
            other => other,
        },
        "GetCountSubscribe" => number_from_string(result),
        _ => result,
    }
}

/// CreateOrder's answer as `{"bill_id": int, "existing": bool, …}`.
fn order_created(v: &Verified, existing: bool) -> Result<Json, Error> {
    let mut out = match &v.result {
        Some(Json::Object(m)) => m.clone(),
        _ => Map::new(),
    };
    let Some(id) = bill_id(v.result.as_ref()) else {
        return Err(Error::BadResponse {
            method: v.method.clone(),
            status: 200,
            kind: crate::error::ResponseProblem::Malformed,
            detail: format!("code {} without result.bill_id", v.code),
            stats: Default::default(),
        });
    };
    out.insert("bill_id".into(), id);
    out.insert("existing".into(), Json::Bool(existing));
    Ok(Json::Object(out))
}

/// `result.bill_id` (or a bare `result`) as a JSON number when it is numeric.
fn bill_id(result: Option<&Json>) -> Option<Json> {
    let raw = match result? {
        Json::Object(m) => m.get("bill_id")?,
        other => other,
    };
    match number_from_string(raw.clone()) {
        n @ Json::Number(_) => Some(n),
        _ => None,
    }
}

/// `"42"` → `42`; anything else unchanged.
fn number_from_string(v: Json) -> Json {
    match &v {
        Json::String(s) => s.trim().parse::<i64>().map_or(v, Json::from),
        _ => v,
    }
}

/// A list result: `null` → `[]`; an object keyed `0..n` → its values in order.
fn list_of(v: Json) -> Json {
    match v {
        Json::Null => Json::Array(Vec::new()),
        Json::Object(m) if m.keys().all(|k| k.parse::<u64>().is_ok()) => {
            Json::Array(m.into_iter().map(|(_, v)| v).collect())
        }
        other => other,
    }
}

/// The coupon field is `kupon` in the Russian docs and `coupon` in the English ones:
/// make `kupon` present whenever either is.
fn fill_kupon(order: &mut Json) {
    if let Json::Object(m) = order {
        if !m.contains_key("kupon") {
            if let Some(c) = m.get("coupon").cloned() {
                m.insert("kupon".into(), c);
            }
        }
    }
}

fn json_key(v: &Json) -> String {
    match v {
        Json::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn spec(name: &str) -> &'static MethodSpec {
        find(name).unwrap()
    }

    fn verified(method: &str, code: i64, text: &str, result: Option<Json>) -> Verified {
        Verified {
            method: method.into(),
            code,
            text: text.into(),
            result,
        }
    }

    #[test]
    fn required_fields_are_named() {
        let e = prepare(
            spec("DeleteSubscribe"),
            &Params::new().with("lead_email", "a@b.c"),
        )
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            "invalid argument: DeleteSubscribe: missing required field rass_name"
        );
        let blank = Params::new().with("lead_email", " ").with("rass_name", "g");
        assert!(prepare(spec("DeleteSubscribe"), &blank).is_err());
        let e = prepare(spec("UpdateGood"), &Params::new().with("good_name", "x")).unwrap_err();
        assert!(e.to_string().contains("good_sum"), "{e}");
        let sent = Params::new()
            .with("bill_id", 1)
            .with("status", "sent")
            .with("date", 5);
        assert_eq!(
            prepare(spec("UpdateOrderStatus"), &sent)
                .unwrap_err()
                .to_string(),
            "invalid argument: UpdateOrderStatus: status \"sent\" needs the field rpo"
        );
        let paid = Params::new()
            .with("bill_id", 1)
            .with("status", "paid")
            .with("date", 5);
        assert!(prepare(spec("UpdateOrderStatus"), &paid).is_ok());
    }

    #[test]
    fn an_empty_rid_is_refused_locally() {
        let email = Params::new().with("lead_email", "a@b.c");
        for rid in [Value::from(""), Value::from("  "), Value::List(vec![])] {
            let p = email.clone().with("rid", rid.clone());
            let e = prepare(spec("AddLeadToGroup"), &p).unwrap_err().to_string();
            assert!(e.contains("missing required field rid"), "{rid:?}: {e}");
        }
        let p = email.with("rid", Value::from(vec!["a", ""]));
        let e = prepare(spec("AddLeadToGroup"), &p).unwrap_err().to_string();
        assert!(e.contains("rid[1] is empty"), "{e}");
    }

    #[test]
    fn inputs_take_their_documented_shape() {
        let p = prepare(
            spec("AddLeadToGroup"),
            &Params::new()
                .with("rid", "super")
                .with("lead_email", "a@b.c"),
        )
        .unwrap();
        assert_eq!(
            crate::build_query(&p).unwrap(),
            "rid%5B0%5D=super&lead_email=a%40b.c"
        );
        let p = prepare(
            spec("CreateOrder"),
            &Params::from_json(
                r#"{"goods":["a",{"good_name":"b","good_sum":5}],"bill_email":"x@y.z"}"#,
            )
            .unwrap(),
        )
        .unwrap();
        assert_eq!(
            crate::build_query(&p).unwrap(),
            "goods%5B0%5D%5Bgood_name%5D=a&goods%5B1%5D%5Bgood_name%5D=b&goods%5B1%5D%5Bgood_sum%5D=5&bill_email=x%40y.z"
        );
        assert!(
            prepare(
                spec("CreateOrder"),
                &Params::from_json(r#"{"goods":[{"good_sum":5}],"bill_email":"x@y.z"}"#).unwrap()
            )
            .is_err()
        );
        let p = prepare(
            spec("addtagtolead"),
            &Params::from_json(r#"{"lead_email":"a@b.c","add_tags":["vip",7]}"#).unwrap(),
        )
        .unwrap();
        assert_eq!(p.get("add_tags"), Some(&Value::Str("vip,7".into())));
        let comma = Params::from_json(r#"{"lead_email":"a@b.c","add_tags":["a,b"]}"#).unwrap();
        assert!(prepare(spec("addtagtolead"), &comma).is_err());
        // User strings are never rewritten.
        let p = prepare(spec("GetOrders"), &Params::new().with("paid", "true")).unwrap();
        assert_eq!(p.get("paid"), Some(&Value::Str("true".into())));
    }

    #[test]
    fn create_order_601_is_the_existing_order() {
        let ok = interpret(
            spec("CreateOrder"),
            verified(
                "CreateOrder",
                0,
                "Order created",
                Some(json!({"bill_id": "17"})),
            ),
        )
        .unwrap();
        assert_eq!(ok, json!({"bill_id": 17, "existing": false}));
        let again = interpret(
            spec("CreateOrder"),
            verified(
                "CreateOrder",
                601,
                "Order already exist",
                Some(json!({"bill_id": 17})),
            ),
        )
        .unwrap();
        assert_eq!(again, json!({"bill_id": 17, "existing": true}));
        let bare = interpret(spec("CreateOrder"), verified("CreateOrder", 601, "x", None));
        assert_eq!(bare.unwrap_err().api_code(), Some(601));
    }

    #[test]
    fn add_lead_code_zero_failures_become_errors() {
        for (text, code) in [
            ("Has an invalid subscriptions group", 103),
            ("the subscriber is already registered", 102),
        ] {
            let e = interpret(
                spec("AddLeadToGroup"),
                verified("AddLeadToGroup", 0, text, None),
            )
            .unwrap_err();
            assert_eq!(e.api_code(), Some(code));
            assert!(e.to_string().contains(text), "{e}");
        }
        let ok = verified(
            "AddLeadToGroup",
            0,
            "Activation email sent to subscriber",
            None,
        );
        assert_eq!(interpret(spec("AddLeadToGroup"), ok).unwrap(), Json::Null);
    }

    #[test]
    fn empty_answers_and_shapes() {
        let none = verified("GetLeadGroupStatuses", 501, "Group not found", None);
        assert_eq!(
            interpret(spec("GetLeadGroupStatuses"), none).unwrap(),
            json!([])
        );
        let missing = verified("GetLeadGroupStatuses", 500, "Subscriber not found", None);
        assert_eq!(
            interpret(spec("GetLeadGroupStatuses"), missing)
                .unwrap_err()
                .api_code(),
            Some(500)
        );
        let del = interpret(
            spec("DeleteOrder"),
            verified("DeleteOrder", 200, "Nonexistent order", None),
        )
        .unwrap_err();
        assert_eq!(del.api_code(), Some(302));
        let one = verified(
            "GetOrderInfo",
            0,
            "OK",
            Some(json!([{"id": 5, "coupon": "C"}])),
        );
        assert_eq!(
            interpret(spec("GetOrderInfo"), one).unwrap(),
            json!({"id": 5, "coupon": "C", "kupon": "C"})
        );
        let count = verified("GetCountSubscribe", 0, "OK", Some(json!("12")));
        assert_eq!(
            interpret(spec("GetCountSubscribe"), count).unwrap(),
            json!(12)
        );
        let sparse = verified(
            "GetAllGroups",
            0,
            "OK",
            Some(json!({"0": {"rass_name": "a"}})),
        );
        assert_eq!(
            interpret(spec("GetAllGroups"), sparse).unwrap(),
            json!([{"rass_name": "a"}])
        );
        let bills = verified("GetBills", 0, "OK", Some(json!([])));
        assert_eq!(interpret(spec("GetBills"), bills).unwrap(), json!({}));
    }
}
