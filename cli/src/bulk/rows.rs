//! From CSV rows to API parameters: the header is matched once (case-insensitively,
//! with English and Russian aliases and `--map`), then each row is validated on its own
//! so that one bad row never stops the job.

use justclick::signing::{hex_str, md5_hex};
use justclick::{Params, Value};

use crate::args::BulkAction;
use crate::bulk::email::check_email;

/// Fields each action accepts as columns (besides the group column).
const UNSUBSCRIBE_FIELDS: &[&str] = &["lead_email"];
const SUBSCRIBE_FIELDS: &[&str] = &[
    "lead_email",
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
const STATUSES_FIELDS: &[&str] = &["lead_email"];

/// Header names people use for the API's fields, after [`normalise`]: English and
/// Russian spellings from Excel, JustClick's own contact export and CRM exports.
const ALIASES: &[(&str, &str)] = &[
    ("email", "lead_email"),
    ("e_mail", "lead_email"),
    ("mail", "lead_email"),
    ("email_address", "lead_email"),
    ("почта", "lead_email"),
    ("эл_почта", "lead_email"),
    ("эл._почта", "lead_email"),
    ("электронная_почта", "lead_email"),
    ("адрес_почты", "lead_email"),
    ("емейл", "lead_email"),
    ("имейл", "lead_email"),
    ("name", "lead_name"),
    ("full_name", "lead_name"),
    ("имя", "lead_name"),
    ("фио", "lead_name"),
    ("phone", "lead_phone"),
    ("telephone", "lead_phone"),
    ("mobile", "lead_phone"),
    ("телефон", "lead_phone"),
    ("тел", "lead_phone"),
    ("тел.", "lead_phone"),
    ("city", "lead_city"),
    ("город", "lead_city"),
    ("tags", "lead_tags"),
    ("теги", "lead_tags"),
    ("метки", "lead_tags"),
    ("метка", "tag"),
];

/// Names of the group column (rass_name for unsubscribe, rid for subscribe; either is
/// accepted by both so one CSV serves both).
const GROUP_NAMES: &[&str] = &[
    "rass_name",
    "rid",
    "group",
    "groups",
    "group_id",
    "группа",
    "группы",
];

impl BulkAction {
    /// The API 1.0 method each row becomes.
    #[must_use]
    pub fn method(self) -> &'static str {
        match self {
            BulkAction::Unsubscribe => "DeleteSubscribe",
            BulkAction::Subscribe => "AddLeadToGroup",
            BulkAction::Update => "UpdateSubscriberData",
            BulkAction::Statuses => "GetLeadGroupStatuses",
        }
    }

    fn fields(self) -> &'static [&'static str] {
        match self {
            BulkAction::Unsubscribe => UNSUBSCRIBE_FIELDS,
            BulkAction::Subscribe => SUBSCRIBE_FIELDS,
            BulkAction::Update => UPDATE_FIELDS,
            BulkAction::Statuses => STATUSES_FIELDS,
        }
    }

    fn takes_groups(self) -> bool {
        matches!(self, BulkAction::Unsubscribe | BulkAction::Subscribe)
    }
}

/// Lower case, trimmed, BOM and quotes removed, spaces and dashes as `_`:
/// `" E-Mail "` → `e_mail`, `Эл. почта` → `эл._почта`.
#[must_use]
pub fn normalise(name: &str) -> String {
    let t = name
        .trim()
        .trim_start_matches('\u{feff}')
        .trim()
        .trim_matches('"');
    let mut out = String::with_capacity(t.len());
    for c in t.chars().flat_map(char::to_lowercase) {
        if c == ' ' || c == '-' {
            if !out.ends_with('_') {
                out.push('_');
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// What a column feeds.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Column {
    /// A top-level field.
    Field(String),
    /// One key of a map field: `utm[utm_source]` is `("utm", "utm_source")`.
    Nested(String, String),
    /// The row's group(s): rass_name or rid, comma-separated.
    Group,
    /// Not sent (a `_`-prefixed column, or an unknown one with
    /// `--ignore-unknown-columns`).
    Ignored,
}

/// When both `--group` and a group column are given, which one a row uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupPolicy {
    /// Both given: refused before the job starts.
    Refuse,
    /// `--group` for every row; the column is ignored (`--group-overrides`).
    Option,
    /// The row's column when it is not empty, else `--group` (`--column-overrides`).
    Column,
}

/// How the header is read.
#[derive(Debug, Clone)]
pub struct HeaderOptions {
    /// `--group` values.
    pub groups: Vec<String>,
    /// `--group-overrides` / `--column-overrides`.
    pub policy: GroupPolicy,
    /// `--map COLUMN=field` pairs.
    pub maps: Vec<(String, String)>,
    /// `--ignore-unknown-columns`.
    pub ignore_unknown: bool,
}

/// The checked header and the fixed options: turns records into requests.
#[derive(Debug)]
pub struct RowMapper {
    action: BulkAction,
    columns: Vec<Column>,
    groups: Vec<String>,
    policy: GroupPolicy,
    width: usize,
    /// Original header names, for messages.
    names: Vec<String>,
}

/// A row ready to send.
#[derive(Debug, Clone)]
pub struct Prepared {
    /// The parameters, in column order.
    pub params: Params,
    /// The contact's e-mail as written (trimmed).
    pub email: String,
    /// The groups the row touches (rass_name or rid values).
    pub groups: Vec<String>,
    /// The journal key: what the row does (method, normalised e-mail, groups, the
    /// digest of the sent fields), never where it is in the file.
    pub key: u128,
    /// Rows with the same identity (method, normalised e-mail, groups) are duplicates.
    pub identity: String,
    /// The query that will be signed and sent (no hash, no secret).
    pub query: String,
}

impl RowMapper {
    /// Checks the header against the action's fields.
    ///
    /// # Errors
    /// A message naming unknown, duplicate or missing columns, or misused `--group`.
    pub fn new(action: BulkAction, header: &[String], o: &HeaderOptions) -> Result<Self, String> {
        let known = action.fields();
        let mut columns = Vec::with_capacity(header.len());
        let mut unknown = Vec::new();
        let mut seen: Vec<(Column, &str)> = Vec::new();
        for (i, raw) in header.iter().enumerate() {
            let name = normalise(raw);
            if name.is_empty() {
                return Err(format!("header column {} has no name", i + 1));
            }
            let mapped = o
                .maps
                .iter()
                .find(|(col, _)| normalise(col) == name)
                .map(|(_, field)| normalise(field));
            let field = mapped.clone().unwrap_or_else(|| {
                ALIASES
                    .iter()
                    .find(|(alias, _)| *alias == name)
                    .map_or(name.clone(), |(_, f)| (*f).to_owned())
            });
            let col = if field.starts_with('_') {
                Column::Ignored
            } else if GROUP_NAMES.contains(&field.as_str()) && action.takes_groups() {
                Column::Group
            } else if known.contains(&field.as_str()) {
                match field.split_once('[') {
                    Some((base, rest)) => {
                        Column::Nested(base.to_owned(), rest.trim_end_matches(']').to_owned())
                    }
                    None => Column::Field(field.clone()),
                }
            } else if mapped.is_some() {
                return Err(format!(
                    "--map {}={field}: {field:?} is not a field of {} ({})",
                    raw.trim(),
                    action.name(),
                    known.join(", ")
                ));
            } else if o.ignore_unknown {
                Column::Ignored
            } else {
                unknown.push(raw.trim().to_owned());
                Column::Ignored
            };
            if col != Column::Ignored {
                if let Some((_, first)) = seen.iter().find(|(c, _)| *c == col) {
                    return Err(format!(
                        "columns {first:?} and {:?} both give {} (drop one, or rename one to \
                         start with '_' to ignore it)",
                        raw.trim(),
                        describe(&col)
                    ));
                }
                seen.push((col.clone(), raw.trim()));
            }
            columns.push(col);
        }
        if !unknown.is_empty() {
            return Err(format!(
                "unknown column(s) {} for {} ({}); known: {}{} (names are matched ignoring \
                 case, with aliases such as Email or Имя; --map COLUMN=field names others; \
                 columns starting with '_' are ignored; or pass --ignore-unknown-columns)",
                unknown.join(", "),
                action.name(),
                action.method(),
                known.join(", "),
                if action.takes_groups() {
                    ", rass_name/rid (the group)"
                } else {
                    ""
                }
            ));
        }
        if !columns.contains(&Column::Field("lead_email".to_owned())) {
            return Err(format!(
                "the header has no e-mail column (lead_email, Email, E-mail, Почта, …; or \
                 --map COLUMN=lead_email); it reads: {}",
                header
                    .iter()
                    .map(|h| h.trim())
                    .collect::<Vec<_>>()
                    .join(" | ")
            ));
        }
        let group_col = header
            .iter()
            .zip(&columns)
            .find(|(_, c)| **c == Column::Group)
            .map(|(h, _)| h.trim().to_owned());
        match action {
            BulkAction::Unsubscribe | BulkAction::Subscribe => {
                if action == BulkAction::Unsubscribe && o.groups.len() > 1 {
                    return Err("unsubscribe takes one --group (one request per row)".into());
                }
                if o.groups.is_empty() && group_col.is_none() {
                    return Err(
                        "no group: add a group column (rass_name or rid) or pass --group".into(),
                    );
                }
                if let (Some(col), false, GroupPolicy::Refuse) =
                    (&group_col, o.groups.is_empty(), o.policy)
                {
                    return Err(format!(
                        "both --group {} and the column {col:?} name the group: pass \
                             --group-overrides to use --group for every row, or \
                             --column-overrides to use the column (and --group where it is \
                             empty)",
                        o.groups.join(",")
                    ));
                }
            }
            BulkAction::Update => {
                if !o.groups.is_empty() {
                    return Err("update does not take --group".into());
                }
                if columns
                    .iter()
                    .filter(|c| matches!(c, Column::Field(_) | Column::Nested(..)))
                    .count()
                    < 2
                {
                    return Err(
                        "nothing to update: add lead_name, lead_phone, lead_city or lead_tags"
                            .into(),
                    );
                }
            }
            BulkAction::Statuses => {}
        }
        Ok(RowMapper {
            action,
            columns,
            groups: o.groups.clone(),
            policy: o.policy,
            width: header.len(),
            names: header.iter().map(|h| h.trim().to_owned()).collect(),
        })
    }

    /// Validates one record and builds its request.
    ///
    /// # Errors
    /// Why the row cannot be sent.
    pub fn prepare(&self, fields: &[String]) -> Result<Prepared, String> {
        if fields.len() != self.width {
            return Err(format!(
                "{} field(s), the header has {} ({})",
                fields.len(),
                self.width,
                self.names.join(", ")
            ));
        }
        let mut params = Params::new();
        let mut email = String::new();
        let mut column_groups: Vec<String> = Vec::new();
        for (col, raw) in self.columns.iter().zip(fields) {
            let value = raw.trim();
            match col {
                Column::Ignored => {}
                Column::Field(name) if name == "lead_email" => {
                    check_email(value)?;
                    email = value.to_owned();
                    params.insert("lead_email", value);
                }
                Column::Group => {
                    for g in value.split(',').map(str::trim).filter(|g| !g.is_empty()) {
                        push_unique(&mut column_groups, g);
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
        let groups = match self.policy {
            GroupPolicy::Option if !self.groups.is_empty() => self.groups.clone(),
            _ if column_groups.is_empty() => self.groups.clone(),
            _ => column_groups,
        };
        match self.action {
            BulkAction::Unsubscribe => {
                let group = groups
                    .first()
                    .ok_or("no group in this row and no --group")?;
                if groups.len() > 1 {
                    return Err(format!(
                        "unsubscribe takes one group per row, this row names {}",
                        groups.join(", ")
                    ));
                }
                params = Params::new()
                    .with("lead_email", email.as_str())
                    .with("rass_name", group.as_str());
            }
            BulkAction::Subscribe => {
                if groups.is_empty() {
                    return Err("no group in this row and no --group".into());
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
            BulkAction::Statuses => {
                params = Params::new().with("email", email.as_str());
            }
        }
        let query = justclick::build_query(&params).map_err(|e| e.to_string())?;
        let email_norm = email.to_lowercase();
        let mut sorted = groups.clone();
        sorted.sort();
        let identity = format!(
            "{}\n{email_norm}\n{}",
            self.action.method(),
            sorted.join(",")
        );
        let digest = md5_hex(&[identity.as_bytes(), b"\n", query.as_bytes()]);
        let key = u128::from_str_radix(hex_str(&digest), 16).unwrap_or(0);
        Ok(Prepared {
            params,
            email,
            groups,
            key,
            identity,
            query,
        })
    }
}

fn describe(c: &Column) -> String {
    match c {
        Column::Field(f) => f.clone(),
        Column::Nested(b, k) => format!("{b}[{k}]"),
        Column::Group => "the group".to_owned(),
        Column::Ignored => String::new(),
    }
}

fn push_unique(v: &mut Vec<String>, s: &str) {
    if !v.iter().any(|x| x == s) {
        v.push(s.to_owned());
    }
}

fn parse_flag(value: &str) -> Result<bool, String> {
    match value.to_lowercase().as_str() {
        "1" | "true" | "yes" | "y" | "да" => Ok(true),
        "0" | "false" | "no" | "n" | "нет" => Ok(false),
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

    fn opts(groups: &[&str]) -> HeaderOptions {
        HeaderOptions {
            groups: s(groups),
            policy: GroupPolicy::Refuse,
            maps: Vec::new(),
            ignore_unknown: false,
        }
    }

    #[test]
    fn unsubscribe_rows_use_the_fixed_group() {
        let m = RowMapper::new(
            BulkAction::Unsubscribe,
            &s(&["lead_email"]),
            &opts(&["super"]),
        )
        .unwrap();
        let p = m.prepare(&s(&[" a@b.ru "])).unwrap();
        assert_eq!(p.query, "lead_email=a%40b.ru&rass_name=super");
        let q = m.prepare(&s(&["A@B.ru"])).unwrap();
        assert_eq!(p.identity, q.identity, "e-mails compare without case");
        assert_ne!(p.key, q.key, "but the sent fields differ");
        assert!(
            m.prepare(&s(&["not-an-email"]))
                .unwrap_err()
                .contains("not an e-mail")
        );
    }

    #[test]
    fn subscribe_rows_nest_utm_and_list_groups() {
        let m = RowMapper::new(
            BulkAction::Subscribe,
            &s(&["lead_email", "lead_name", "utm[utm_source]", "rid", "_note"]),
            &opts(&[]),
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
                .contains("no group")
        );
    }

    #[test]
    fn headers_match_aliases_and_maps() {
        for h in [
            "Email",
            "E-mail",
            "LEAD_EMAIL",
            "Почта",
            " Электронная почта ",
        ] {
            let m = RowMapper::new(BulkAction::Update, &s(&[h, "Имя"]), &opts(&[]));
            assert!(m.is_ok(), "{h}: {m:?}");
        }
        let mut o = opts(&[]);
        o.maps = vec![("Контакт".into(), "lead_email".into())];
        let m = RowMapper::new(BulkAction::Update, &s(&["Контакт", "Телефон"]), &o).unwrap();
        let p = m.prepare(&s(&["a@b.ru", "+7"])).unwrap();
        assert_eq!(p.query, "lead_email=a%40b.ru&lead_phone=%2B7");
        let e =
            RowMapper::new(BulkAction::Update, &s(&["Email", "E-mail"]), &opts(&[])).unwrap_err();
        assert!(e.contains("\"Email\" and \"E-mail\""), "{e}");
    }

    #[test]
    fn headers_are_checked_up_front() {
        let e = RowMapper::new(
            BulkAction::Update,
            &s(&["lead_email", "lead_nmae"]),
            &opts(&[]),
        )
        .unwrap_err();
        assert!(e.contains("lead_nmae"), "{e}");
        let e = RowMapper::new(BulkAction::Update, &s(&["lead_email"]), &opts(&[])).unwrap_err();
        assert!(e.contains("nothing to update"), "{e}");
        let e =
            RowMapper::new(BulkAction::Unsubscribe, &s(&["lead_email"]), &opts(&[])).unwrap_err();
        assert!(e.contains("--group"), "{e}");
    }
}
