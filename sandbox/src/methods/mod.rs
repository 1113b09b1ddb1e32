//! The API methods: one handler per method, over one account's state.
//!
//! Handlers are pure over [`Ctx`]: they read the parsed parameters, change the state,
//! record notification events, and return a [`Reply`] (code, text, result). The HTTP
//! layer signs and encodes it.

mod contacts;
mod goods;
mod orders;
mod partners;
pub(crate) mod time;
mod v2;

pub(crate) use orders::link as orders_link;

use justclick::{Params, Value};
use serde_json::Value as Json;

use crate::config::CodeVariant;
use crate::state::{AccountState, Order};

/// An answer before signing: `error_code`, `error_text`, optional `result`.
#[derive(Debug, Clone, PartialEq)]
pub struct Reply {
    /// `error_code`.
    pub code: i64,
    /// `error_text`.
    pub text: String,
    /// `result`, when the method returns data.
    pub result: Option<Json>,
}

impl Reply {
    /// Code 0 with `text`.
    pub(crate) fn ok(text: &str) -> Self {
        Reply::err(0, text)
    }

    /// Code `code` with `text`.
    pub(crate) fn err(code: i64, text: impl Into<String>) -> Self {
        Reply {
            code,
            text: text.into(),
            result: None,
        }
    }

    /// Adds a `result`.
    pub(crate) fn with(mut self, result: Json) -> Self {
        self.result = Some(result);
        self
    }
}

/// Server texts (capitalised, as the server sends them).
pub(crate) mod text {
    pub const OK: &str = "OK";
    pub const NO_HASH: &str = "Not transferred hash";
    pub const NO_DATA: &str = "No transmitted data";
    pub const WRONG_DATA: &str = "Wrong posted data";
    pub const BAD_HASH: &str = "Incorrect hash";
    pub const BAD_USER: &str = "Invalid user name";
    /// Error 8; the server appends the client's IP without a space.
    pub const RATE_LIMITED: &str = "Limit to subscribe for this IP exided. Try later.";
}

/// A notification to send after the request: what happened to which order.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Event {
    pub kind: EventKind,
    pub order: Order,
}

/// Invoice notification kinds (spec 8).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum EventKind {
    Created,
    Paid,
    Cancelled,
    /// A refund (API 2.0 `order_status=MoneyBack`).
    Moneyback,
}

/// Everything a handler sees.
pub(crate) struct Ctx<'a> {
    pub st: &'a mut AccountState,
    pub p: &'a Params,
    pub variant: CodeVariant,
    pub now: i64,
    pub changed: bool,
    pub events: Vec<Event>,
}

impl Ctx<'_> {
    /// A scalar parameter as PHP would read it as a string (`""` when absent or an
    /// array).
    pub fn s(&self, key: &str) -> String {
        scalar(self.p.get(key))
    }

    /// PHP `empty($_POST[key])`: absent, `""` or `"0"`.
    pub fn empty(&self, key: &str) -> bool {
        match self.p.get(key) {
            None => true,
            Some(Value::Str(s)) => s.is_empty() || s == "0",
            Some(Value::List(l)) => l.is_empty(),
            Some(Value::Map(m)) => m.is_empty(),
            Some(_) => false,
        }
    }

    /// The server-code variant is on.
    pub fn server(&self) -> bool {
        self.variant == CodeVariant::Server
    }

    /// Marks the state as changed (saved to the state file).
    pub fn touch(&mut self) {
        self.changed = true;
    }
}

/// A parameter value as a PHP string (`""` for arrays and absence).
pub(crate) fn scalar(v: Option<&Value>) -> String {
    match v {
        Some(Value::Str(s)) => s.clone(),
        Some(Value::Int(i)) => i.to_string(),
        Some(Value::Bool(b)) => if *b { "1" } else { "" }.to_owned(),
        Some(Value::Float(f)) => f.to_string(),
        _ => String::new(),
    }
}

/// The strings of a parameter that may be a string or an array of strings.
pub(crate) fn strings(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::List(l)) => l.iter().map(|v| scalar(Some(v))).collect(),
        Some(Value::Map(m)) => m.iter().map(|(_, v)| scalar(Some(v))).collect(),
        Some(v) => vec![scalar(Some(v))],
        None => Vec::new(),
    }
}

/// A comma-separated list, trimmed, without empty items.
pub(crate) fn comma_list(s: &str) -> Vec<String> {
    s.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The server's loose e-mail check; returns the lower-cased address.
pub(crate) fn valid_email(email: &str) -> Option<String> {
    let email = email.trim().to_lowercase();
    let (local, domain) = email.split_once('@')?;
    let ok = !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !email.contains(char::is_whitespace)
        && !domain.contains('@');
    ok.then_some(email)
}

/// Formats money as PHP prints a float sum (`1500`, `99.5`).
#[must_use]
pub fn money(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{v:.0}")
    } else {
        format!("{v}")
    }
}

/// Which authentication an API method uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Api {
    /// API 1.0: the request `hash`.
    V1,
    /// API 2.0: `rpsKey`.
    V2,
}

/// A method handler.
pub(crate) type Handler = fn(&mut Ctx<'_>) -> Reply;

/// The method table: name as documented, API generation, handler.
const METHODS: &[(&str, Api, Handler)] = &[
    ("AddLeadToGroup", Api::V1, contacts::add_lead_to_group),
    (
        "UpdateSubscriberData",
        Api::V1,
        contacts::update_subscriber_data,
    ),
    ("DeleteSubscribe", Api::V1, contacts::delete_subscribe),
    (
        "GetLeadGroupStatuses",
        Api::V1,
        contacts::get_lead_group_statuses,
    ),
    ("GetLeadGroups", Api::V1, contacts::get_lead_groups),
    ("GetAllGroups", Api::V1, contacts::get_all_groups),
    ("GetCountSubscribe", Api::V1, contacts::get_count_subscribe),
    ("AddGood", Api::V1, goods::add_good),
    ("UpdateGood", Api::V1, goods::update_good),
    ("DeleteGood", Api::V1, goods::delete_good),
    ("GetAllGoods", Api::V1, goods::get_all_goods),
    ("CreateOrder", Api::V1, orders::create_order),
    ("UpdateOrderStatus", Api::V1, orders::update_order_status),
    ("DeleteOrder", Api::V1, orders::delete_order),
    ("GetOrders", Api::V1, orders::get_orders),
    ("getOrdersWithGoods", Api::V1, orders::get_orders_with_goods),
    ("getOrderDetails", Api::V1, orders::get_order_details),
    ("GetOrderInfo", Api::V1, orders::get_order_info),
    ("GetBills", Api::V1, orders::get_bills),
    ("GetPartnerStats", Api::V1, partners::get_partner_stats),
    ("createorder", Api::V2, v2::createorder),
    ("addupdatelead", Api::V2, v2::addupdatelead),
    ("addtagtolead", Api::V2, v2::addtagtolead),
    ("removetagfromlead", Api::V2, v2::removetagfromlead),
    ("removeleadfromlist", Api::V2, v2::removeleadfromlist),
    ("getalllists", Api::V2, v2::getalllists),
    ("getgoods", Api::V2, v2::getgoods),
    ("getcoupons", Api::V2, v2::getcoupons),
    ("getpersonalmanagers", Api::V2, v2::getpersonalmanagers),
];

/// Finds a method by its URL name. Names are case-insensitive (PHP dispatch), except
/// that the exact lower-case `createorder` is API 2.0 and any other spelling of it is
/// API 1.0 `CreateOrder`.
pub(crate) fn lookup(name: &str) -> Option<(&'static str, Api, Handler)> {
    if name == "createorder" {
        return METHODS.iter().find(|m| m.0 == "createorder").copied();
    }
    METHODS
        .iter()
        .find(|m| m.0.eq_ignore_ascii_case(name) && m.0 != "createorder")
        .copied()
}

/// Names of every method the sandbox implements, as documented.
#[must_use]
pub fn method_names() -> Vec<&'static str> {
    METHODS.iter().map(|m| m.0).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookup_is_case_insensitive_but_createorder_splits() {
        assert_eq!(lookup("deletesubscribe").unwrap().0, "DeleteSubscribe");
        assert_eq!(lookup("createorder").unwrap().1, Api::V2);
        assert_eq!(lookup("CreateOrder").unwrap().1, Api::V1);
        assert_eq!(lookup("CREATEORDER").unwrap().1, Api::V1);
        assert_eq!(lookup("GetAllLists").unwrap().1, Api::V2);
        assert!(lookup("Nope").is_none());
        assert_eq!(method_names().len(), 29);
    }

    #[test]
    fn emails_and_money() {
        assert_eq!(valid_email(" A@B.Ru ").as_deref(), Some("a@b.ru"));
        assert!(valid_email("a@b").is_none());
        assert!(valid_email("a b@c.d").is_none());
        assert_eq!(money(1500.0), "1500");
        assert_eq!(money(99.5), "99.5");
    }
}
