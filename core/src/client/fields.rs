//! Field formats checked before sending, so that a value the server would refuse with
//! a bare code 3 (or silently store wrong) is converted or refused with a message that
//! names the field and the expected format:
//!
//! - dates: `getOrdersWithGoods` wants `dd.mm.yyyy`, `GetPartnerStats` `YYYY-MM-DD`;
//!   the other calendar spelling (and an ISO date-time, as `datetime.isoformat()` and
//!   PHP's `DateTime::format('c')` write it) is converted, anything else refused.
//!   UNIX-time fields (`UpdateOrderStatus` `date`, `GetOrders` `date_s`/`date_e`) refuse
//!   calendar dates, whose time zone the API never states. Applied by every
//!   [`Client::invoke`](crate::Client::invoke).
//! - single values: the typed methods of the bindings ([`Client::invoke_typed`](crate::Client::invoke_typed))
//!   refuse a list or mapping for a field that holds one value (a dict for `lead_name`
//!   would be sent as `lead_name[first]=…` and the contact stored with the default
//!   name). `invoke` and `call` stay free-form.

use crate::client::dates::Date;
use crate::error::Error;
use crate::params::{Params, Value};

/// Fields in `dd.mm.yyyy`, per method.
const DMY_FIELDS: &[(&str, &[&str])] = &[("getOrdersWithGoods", &["begin_date", "end_date"])];

/// Fields in `YYYY-MM-DD`, per method.
const ISO_FIELDS: &[(&str, &[&str])] = &[("GetPartnerStats", &["date_from", "date_to"])];

/// Fields in UNIX seconds, per method.
const UNIX_FIELDS: &[(&str, &[&str])] = &[
    ("UpdateOrderStatus", &["date"]),
    ("GetOrders", &["date_s", "date_e"]),
];

/// Fields that hold one value (text, number or flag) wherever they appear.
const SINGLE_VALUE_FIELDS: &[&str] = &[
    "activation",
    "begin_date",
    "bill_address",
    "bill_city",
    "bill_comment",
    "bill_country",
    "bill_email",
    "bill_first_name",
    "bill_id",
    "bill_kupon",
    "bill_phone",
    "bill_region",
    "bill_surname",
    "bill_timer_kill",
    "coupon",
    "customer_email",
    "customer_first_name",
    "customer_last_name",
    "customer_phone",
    "date",
    "date_e",
    "date_from",
    "date_s",
    "date_to",
    "doneurl2",
    "email",
    "end_date",
    "good_info",
    "good_name",
    "good_sum",
    "good_title",
    "good_type",
    "group_name",
    "lead_city",
    "lead_email",
    "lead_first_name",
    "lead_last_name",
    "lead_middle_name",
    "lead_name",
    "lead_phone",
    "order_status",
    "paid",
    "partner",
    "pay_status",
    "rass_name",
    "rpo",
    "status",
];

fn fields_of(table: &[(&str, &'static [&'static str])], method: &str) -> &'static [&'static str] {
    table
        .iter()
        .find(|(m, _)| *m == method)
        .map_or(&[], |(_, f)| f)
}

/// Converts or refuses the date fields of `method` in `params` (see the module docs).
pub(crate) fn check_dates(method: &str, params: &mut Params) -> Result<(), Error> {
    for field in fields_of(DMY_FIELDS, method) {
        if let Some(date) = calendar(method, field, params.get(field), "dd.mm.yyyy", "01.11.2023")?
        {
            params.insert(*field, date.to_dmy());
        }
    }
    for field in fields_of(ISO_FIELDS, method) {
        if let Some(date) = calendar(method, field, params.get(field), "YYYY-MM-DD", "2023-11-01")?
        {
            params.insert(*field, date.to_iso());
        }
    }
    for field in fields_of(UNIX_FIELDS, method) {
        let refuse = |what: &str| {
            Err(Error::invalid(format!(
                "{method}: {field} must be UNIX time in seconds (e.g. 1700000000), got {what}"
            )))
        };
        match params.get(field) {
            None | Some(Value::Null | Value::Int(_) | Value::Float(_)) => {}
            Some(Value::Str(s)) if s.trim().bytes().all(|b| b.is_ascii_digit()) => {}
            Some(Value::Str(s)) if parse_calendar(s).is_some() => {
                return refuse(&format!(
                    "the calendar date \"{s}\" (the API states no time zone: convert it yourself)"
                ));
            }
            Some(Value::Str(s)) => return refuse(&format!("\"{s}\"")),
            Some(other) => return refuse(kind(other)),
        }
    }
    Ok(())
}

/// The date a calendar field holds, or None when it is absent or empty (the server's
/// default applies); an error naming `format` for anything else.
fn calendar(
    method: &str,
    field: &str,
    value: Option<&Value>,
    format: &str,
    example: &str,
) -> Result<Option<Date>, Error> {
    let what = match value {
        None | Some(Value::Null) => return Ok(None),
        Some(Value::Str(s)) if s.trim().is_empty() => return Ok(None),
        Some(Value::Str(s)) => match parse_calendar(s) {
            Some(date) => return Ok(Some(date)),
            None => format!("\"{s}\""),
        },
        Some(other) => kind(other).to_owned(),
    };
    Err(Error::invalid(format!(
        "{method}: {field} must be a date in the {format} format (e.g. {example}), got {what}"
    )))
}

/// `dd.mm.yyyy`, `yyyy-mm-dd`, or an ISO date-time (`yyyy-mm-ddTHH:MM…`,
/// `yyyy-mm-dd HH:MM…`), whose date part is taken as written.
fn parse_calendar(s: &str) -> Option<Date> {
    let s = s.trim();
    if let Some(date) = Date::parse_dmy(s) {
        return Some(date);
    }
    let day = match s.char_indices().nth(10) {
        Some((i, 'T' | 't' | ' ')) if s.len() > i + 1 => &s[..i],
        Some(_) => return None,
        None => s,
    };
    Date::parse_iso(day)
}

/// How a value that is not a string is named in messages.
fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Int(_) => "an integer",
        Value::Float(_) => "a number",
        Value::Str(_) => "a string",
        Value::List(_) => "a list",
        Value::Map(_) => "a mapping",
    }
}

/// Refuses a list or mapping in a field that holds one value (see the module docs).
pub(crate) fn check_single_values(method: &str, params: &Params) -> Result<(), Error> {
    for (key, value) in params.iter() {
        if matches!(value, Value::List(_) | Value::Map(_)) && SINGLE_VALUE_FIELDS.contains(&key) {
            return Err(Error::invalid(format!(
                "{method}: {key} holds one value (text or number), got {}; it would be sent \
                 as {key}[…] and not stored",
                kind(value)
            )));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dates(method: &str, params: Params) -> Result<Params, String> {
        let mut p = params;
        check_dates(method, &mut p).map_err(|e| e.to_string())?;
        Ok(p)
    }

    #[test]
    fn dmy_fields_convert_iso_dates_and_refuse_the_rest() {
        let p = dates(
            "getOrdersWithGoods",
            Params::new()
                .with("begin_date", "2023-11-01")
                .with("end_date", "2023-11-30T23:59:59+03:00"),
        )
        .unwrap();
        assert_eq!(p.get("begin_date"), Some(&Value::Str("01.11.2023".into())));
        assert_eq!(p.get("end_date"), Some(&Value::Str("30.11.2023".into())));
        let p = dates(
            "getOrdersWithGoods",
            Params::new().with("begin_date", "1.2.2024"),
        )
        .unwrap();
        assert_eq!(p.get("begin_date"), Some(&Value::Str("01.02.2024".into())));
        for bad in [
            Value::from("2023/11/01"),
            Value::from("2023-02-30"),
            Value::Int(1_700_000_000),
        ] {
            let e = dates("getOrdersWithGoods", Params::new().with("begin_date", bad)).unwrap_err();
            assert!(e.contains("getOrdersWithGoods: begin_date must be a date in the dd.mm.yyyy format (e.g. 01.11.2023), got "), "{e}");
            assert!(!e.contains("Str(") && !e.contains("Int("), "{e}");
        }
        assert!(dates("getOrdersWithGoods", Params::new().with("end_date", "")).is_ok());
        // Other methods' fields of the same name are not touched.
        let p = dates("GetOrders", Params::new().with("begin_date", "x")).unwrap();
        assert_eq!(p.get("begin_date"), Some(&Value::Str("x".into())));
    }

    #[test]
    fn iso_fields_convert_dmy_dates() {
        let p = dates(
            "GetPartnerStats",
            Params::new()
                .with("date_from", "01.11.2023")
                .with("date_to", "2023-11-30 10:00"),
        )
        .unwrap();
        assert_eq!(p.get("date_from"), Some(&Value::Str("2023-11-01".into())));
        assert_eq!(p.get("date_to"), Some(&Value::Str("2023-11-30".into())));
        let e = dates("GetPartnerStats", Params::new().with("date_to", "tomorrow")).unwrap_err();
        assert!(e.contains("date_to must be a date in the YYYY-MM-DD format (e.g. 2023-11-01), got \"tomorrow\""), "{e}");
    }

    #[test]
    fn unix_fields_refuse_calendar_dates() {
        assert!(
            dates(
                "UpdateOrderStatus",
                Params::new().with("date", 1_700_000_000)
            )
            .is_ok()
        );
        assert!(
            dates(
                "UpdateOrderStatus",
                Params::new().with("date", "1700000000")
            )
            .is_ok()
        );
        let e = dates(
            "UpdateOrderStatus",
            Params::new().with("date", "2023-11-01"),
        )
        .unwrap_err();
        assert!(
            e.contains("UpdateOrderStatus: date must be UNIX time in seconds"),
            "{e}"
        );
        assert!(e.contains("calendar date \"2023-11-01\""), "{e}");
        let e = dates("GetOrders", Params::new().with("date_s", vec![1])).unwrap_err();
        assert!(
            e.contains("date_s must be UNIX time in seconds (e.g. 1700000000), got a list"),
            "{e}"
        );
    }

    #[test]
    fn single_value_fields_refuse_lists_and_mappings() {
        let p = Params::new()
            .with("lead_email", "a@b.c")
            .with("lead_name", Params::new().with("first", "x"));
        let e = check_single_values("AddLeadToGroup", &p)
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("AddLeadToGroup: lead_name holds one value (text or number), got a mapping"),
            "{e}"
        );
        let ok = Params::new()
            .with("rid", vec!["a", "b"])
            .with("utm", Params::new().with("utm_source", "x"))
            .with("lead_name", "Иван");
        assert!(check_single_values("AddLeadToGroup", &ok).is_ok());
    }
}
