//! From CSV rows to API parameters: the header is checked once, then each row is
//! validated on its own so that one bad row never stops the job.

use justclick::signing::md5_hex;
use justclick::{Params, Value};

use crate::args::BulkAction;

/// Fields each action accepts as columns.
const UNSUBSCRIBE_FIELDS: &[&str] = &["lead_email", "rass_name"];
const SUBSCRIBE_FIELDS: &[&str] = &[
    "lead_email",
    "rid",
    // Accepted as a group column too, so one CSV serves unsubscribe and subscribe.
    "rass_name",
    "lead_name",
    "lead_phone",
    "lead_city",
    "tag",
    "doneurl2",
    "activation",
    "aff",
    "noaff",
    "ad",
    "utm[utm_medium]",
    "utm[utm_source]",
    "utm[utm_campaign]",
    "utm[utm_content]",
    "utm[utm_term]",
    "utm[aff_medium]",
    "utm[aff_source]",
    "utm[aff_campaign]",
    "utm[aff_content]",
    "utm[aff_term]",
];
const UPDATE_FIELDS: &[&str] = &[
    "lead_email",
    "lead_name",
    "lead_phone",
    "lead_city",
    "lead_tags",
];

impl BulkAction {
    /// The API 1.0 method each row becomes.
    #[must_use]
    pub fn method(self) -> &'static str {
        match self {
            BulkAction::Unsubscribe => "DeleteSubscribe",
            BulkAction::Subscribe => "AddLeadToGroup",
            BulkAction::Update => "UpdateSubscriberData",
        }
    }

    fn fields(self) -> &'static [&'static str] {
        match self {
            BulkAction::Unsubscribe => UNSUBSCRIBE_FIELDS,
            BulkAction::Subscribe => SUBSCRIBE_FIELDS,
            BulkAction::Update => UPDATE_FIELDS,
        }
    }
}

/// What a column feeds.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Column {
    /// A top-level field.
    Field(String),
    /// One key of a map field: `utm[utm_source]` is `("utm", "utm_source")`.
    Nested(String, String),
    /// Not sent (a `_`-prefixed column, or an unknown one with
    /// `--ignore-unknown-columns`).
    Ignored,
}

/// The checked header and the fixed options: turns records into requests.
#[derive(Debug)]
pub struct RowMapper {
    action: BulkAction,
    columns: Vec<Column>,
    groups: Vec<String>,
    width: usize,
}

/// A row ready to send.
#[derive(Debug, Clone)]
pub struct Prepared {
    /// The parameters, in column order.
    pub params: Params,
    /// The contact's e-mail (for logs and state checks).
    pub email: String,
    /// The groups the row touches (rass_name or rid values).
    pub groups: Vec<String>,
    /// 64 bits of `md5(method \n query)`: identifies the row's content in the journal.
    pub hash: u64,
    /// The query that will be signed and sent (no hash, no secret).
    pub query: String,
}

impl RowMapper {
    /// Checks the header against the action's fields.
    ///
    /// # Errors
    /// A message naming unknown, duplicate or missing columns, or misused `--group`.
    pub fn new(
        action: BulkAction,
        header: &[String],
        groups: &[String],
        ignore_unknown: bool,
    ) -> Result<Self, String> {
        let known = action.fields();
        let mut columns = Vec::with_capacity(header.len());
        let mut unknown = Vec::new();
        for (i, raw) in header.iter().enumerate() {
            let name = raw.trim().trim_start_matches('\u{feff}');
            if name.is_empty() {
                return Err(format!("header column {} has no name", i + 1));
            }
            if header[..i]
                .iter()
                .any(|h| h.trim().trim_start_matches('\u{feff}') == name)
            {
                return Err(format!("header names column {name:?} twice"));
            }
            let col = if name.starts_with('_') {
                Column::Ignored
            } else if known.contains(&name) {
                match name.split_once('[') {
                    Some((base, rest)) => {
                        Column::Nested(base.to_owned(), rest.trim_end_matches(']').to_owned())
                    }
                    None => Column::Field(name.to_owned()),
                }
            } else if ignore_unknown {
                Column::Ignored
            } else {
                unknown.push(name.to_owned());
                Column::Ignored
            };
            columns.push(col);
        }
        if !unknown.is_empty() {
            return Err(format!(
                "unknown column(s) {} for {} ({}); known: {} \
                 (columns starting with '_' are ignored; or pass --ignore-unknown-columns)",
                unknown.join(", "),
                action.name(),
                action.method(),
                known.join(", ")
            ));
        }
        let has = |f: &str| columns.contains(&Column::Field(f.to_owned()));
        if !has("lead_email") {
            return Err("the header has no lead_email column".to_owned());
        }
        match action {
            BulkAction::Unsubscribe => {
                if groups.len() > 1 {
                    return Err("unsubscribe takes one --group (one request per row)".into());
                }
                if groups.is_empty() && !has("rass_name") {
                    return Err("no group: add a rass_name column or pass --group".into());
                }
            }
            BulkAction::Subscribe => {
                if groups.is_empty() && !has("rid") && !has("rass_name") {
                    return Err("no group: add a rid column or pass --group".into());
                }
            }
            BulkAction::Update => {
                if !groups.is_empty() {
                    return Err("update does not take --group".into());
                }
                if columns
                    .iter()
                    .filter(|c| matches!(c, Column::Field(_)))
                    .count()
                    < 2
                {
                    return Err(
                        "nothing to update: add lead_name, lead_phone, lead_city or lead_tags"
                            .into(),
                    );
                }
            }
        }
        Ok(RowMapper {
            action,
            columns,
            groups: groups.to_vec(),
            width: header.len(),
        })
    }

    /// Validates one record (already decoded to text) and builds its request.
    ///
    /// # Errors
    /// Why the row cannot be sent.
    pub fn prepare(&self, fields: &[String]) -> Result<Prepared, String> {
        if fields.len() != self.width {
            return Err(format!(
                "{} field(s), the header has {}",
                fields.len(),
                self.width
            ));
        }
        let mut params = Params::new();
        let mut email = String::new();
        let mut groups: Vec<String> = Vec::new();
        for (col, raw) in self.columns.iter().zip(fields) {
            let value = raw.trim();
            match col {
                Column::Ignored => {}
                Column::Field(name) if name == "lead_email" => {
                    check_email(value)?;
                    email = value.to_owned();
                    params.insert("lead_email", value);
                }
                Column::Field(name) if name == "rid" => {
                    for g in value.split(',').map(str::trim).filter(|g| !g.is_empty()) {
                        push_unique(&mut groups, g);
                    }
                }
                Column::Field(name) if name == "rass_name" => {
                    if !value.is_empty() {
                        push_unique(&mut groups, value);
                    }
                }
                // Empty cells are not sent: for updates an absent field stays unchanged.
                _ if value.is_empty() => {}
                Column::Field(name) if name == "activation" => {
                    if parse_flag(value)? {
                        params.insert("activation", true);
                    }
                }
                Column::Field(name) => params.insert(name.as_str(), value),
                Column::Nested(base, key) => {
                    let mut map = match params.remove(base) {
                        Some(Value::Map(m)) => m,
                        _ => Params::new(),
                    };
                    map.insert(key.as_str(), value);
                    params.insert(base.as_str(), Value::Map(map));
                }
            }
        }
        if groups.is_empty() {
            for g in &self.groups {
                push_unique(&mut groups, g);
            }
        }
        match self.action {
            BulkAction::Unsubscribe => {
                let group = groups.first().ok_or("no rass_name and no --group")?;
                params = Params::new()
                    .with("lead_email", email.as_str())
                    .with("rass_name", group.as_str());
            }
            BulkAction::Subscribe => {
                if groups.is_empty() {
                    return Err("no rid and no --group".into());
                }
                let rid = groups.iter().map(|g| Value::from(g.as_str())).collect();
                // rid first, as the docs' examples send it.
                let mut with_rid = Params::new().with("rid", Value::List(rid));
                for (k, v) in params.iter() {
                    with_rid.insert(k, v.clone());
                }
                params = with_rid;
            }
            BulkAction::Update => {
                if params.len() < 2 {
                    return Err("nothing to update (all fields empty)".into());
                }
            }
        }
        let query = justclick::build_query(&params).map_err(|e| e.to_string())?;
        let digest = md5_hex(&[self.action.method().as_bytes(), b"\n", query.as_bytes()]);
        let hash = u64::from_str_radix(
            justclick::signing::hex_str(&digest)
                .get(..16)
                .unwrap_or("0"),
            16,
        )
        .unwrap_or(0);
        Ok(Prepared {
            params,
            email,
            groups,
            hash,
            query,
        })
    }
}

fn push_unique(v: &mut Vec<String>, s: &str) {
    if !v.iter().any(|x| x == s) {
        v.push(s.to_owned());
    }
}

/// A basic syntax check: one `@`, a non-empty local part, a dotted domain, no spaces.
/// The server decides the rest; this catches the broken rows of a spreadsheet export.
fn check_email(email: &str) -> Result<(), String> {
    let ok = email.len() <= 254
        && !email.chars().any(|c| c.is_whitespace() || c.is_control())
        && email.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
        });
    if email.is_empty() {
        Err("lead_email is empty".into())
    } else if ok {
        Ok(())
    } else {
        Err(format!("lead_email {email:?} is not an e-mail address"))
    }
}

fn parse_flag(value: &str) -> Result<bool, String> {
    match value.to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "y" => Ok(true),
        "0" | "false" | "no" | "n" => Ok(false),
        _ => Err(format!(
            "activation {value:?} is not 1/0, true/false or yes/no"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| (*x).to_owned()).collect()
    }

    #[test]
    fn unsubscribe_rows_use_the_column_or_the_fixed_group() {
        let m = RowMapper::new(
            BulkAction::Unsubscribe,
            &s(&["lead_email", "rass_name"]),
            &s(&["super"]),
            false,
        )
        .unwrap();
        let p = m.prepare(&s(&[" a@b.ru ", ""])).unwrap();
        assert_eq!(p.query, "lead_email=a%40b.ru&rass_name=super");
        let q = m.prepare(&s(&["a@b.ru", "mega"])).unwrap();
        assert_eq!(q.query, "lead_email=a%40b.ru&rass_name=mega");
        assert_ne!(p.hash, q.hash);
        assert!(
            m.prepare(&s(&["not-an-email", ""]))
                .unwrap_err()
                .contains("not an e-mail")
        );
        assert!(
            m.prepare(&s(&["a@b.ru"]))
                .unwrap_err()
                .contains("1 field(s)")
        );
    }

    #[test]
    fn subscribe_rows_nest_utm_and_list_groups() {
        let m = RowMapper::new(
            BulkAction::Subscribe,
            &s(&["lead_email", "lead_name", "utm[utm_source]", "rid", "_note"]),
            &[],
            false,
        )
        .unwrap();
        let p = m
            .prepare(&s(&["x@y.ru", "Иван", "direct", "super, mega", "ignored"]))
            .unwrap();
        assert_eq!(
            p.query,
            "rid%5B0%5D=super&rid%5B1%5D=mega&lead_email=x%40y.ru&\
             lead_name=%D0%98%D0%B2%D0%B0%D0%BD&utm%5Butm_source%5D=direct"
        );
        assert!(
            m.prepare(&s(&["x@y.ru", "", "", "", ""]))
                .unwrap_err()
                .contains("no rid")
        );
    }

    #[test]
    fn headers_are_checked_up_front() {
        let e = RowMapper::new(
            BulkAction::Update,
            &s(&["lead_email", "lead_nmae"]),
            &[],
            false,
        )
        .unwrap_err();
        assert!(e.contains("lead_nmae"), "{e}");
        let e = RowMapper::new(BulkAction::Update, &s(&["lead_email"]), &[], false).unwrap_err();
        assert!(e.contains("nothing to update"), "{e}");
        let e =
            RowMapper::new(BulkAction::Unsubscribe, &s(&["lead_email"]), &[], false).unwrap_err();
        assert!(e.contains("--group"), "{e}");
        let e =
            RowMapper::new(BulkAction::Subscribe, &s(&["email", "rid"]), &[], true).unwrap_err();
        assert!(e.contains("lead_email"), "{e}");
        let m = RowMapper::new(
            BulkAction::Update,
            &s(&["lead_email", "lead_name"]),
            &[],
            false,
        )
        .unwrap();
        assert!(
            m.prepare(&s(&["a@b.ru", " "]))
                .unwrap_err()
                .contains("nothing to update")
        );
    }
}
