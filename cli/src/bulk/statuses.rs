//! `justclick bulk statuses`: read only. For each distinct e-mail of the input, the
//! contact's group statuses (GetLeadGroupStatuses) as CSV rows
//! `lead_email,rass_name,rass_title,rass_status,subscription_time` — to check a list
//! before and after a job. Contacts unknown to the account get one row with status
//! `NOT_FOUND`.

use std::collections::HashSet;

use justclick::{Error, Params};
use serde_json::Value as Json;

use crate::api;
use crate::args::{BulkAction, BulkArgs, Global};
use crate::bulk::{load, preflight, rate::RateLimiter};
use crate::creds;
use crate::dates::human_utc;
use crate::exit::{self, CliResult, Failure};

/// Runs the read-only job.
///
/// # Errors
/// Bad input, credentials, or an unreadable answer.
pub fn run(g: &Global, json: bool, a: &BulkArgs) -> CliResult<u8> {
    let loaded = load(a)?;
    let client = creds::client(g)?;
    preflight::check(&client, BulkAction::Statuses, &[])?;
    let limiter = RateLimiter::new(a.rate);
    let stop = std::sync::atomic::AtomicBool::new(false);
    let mut seen = HashSet::new();
    let mut out: Vec<u8> = Vec::new();
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(&mut out);
    let io = |e: csv::Error| Failure::internal(format!("cannot write CSV: {e}"));
    w.write_record([
        "lead_email",
        "rass_name",
        "rass_title",
        "rass_status",
        "subscription_time",
    ])
    .map_err(io)?;
    let (mut contacts, mut invalid) = (0u64, 0u64);
    for (p, r) in loaded.prepared.iter().zip(&loaded.input.records) {
        let p = match p {
            Ok(p) => p,
            Err(why) => {
                eprintln!("line {}: invalid row: {why}", r.line);
                invalid += 1;
                continue;
            }
        };
        if !seen.insert(p.email.to_lowercase()) {
            continue;
        }
        limiter.acquire(&stop);
        let params = Params::new().with("email", p.email.as_str());
        let rows = match api::invoke(&client, "GetLeadGroupStatuses", &params) {
            Ok(v) => v,
            Err(Error::Api { code: 500, .. }) => {
                w.write_record([p.email.as_str(), "", "", "NOT_FOUND", ""])
                    .map_err(io)?;
                contacts += 1;
                continue;
            }
            Err(Error::Api { code: 501, .. }) => Json::Array(Vec::new()),
            Err(e) => return Err(e.into()),
        };
        contacts += 1;
        for s in rows.as_array().into_iter().flatten() {
            let text = |k: &str| s.get(k).and_then(Json::as_str).unwrap_or("").to_owned();
            let time = s
                .get("subscription_time")
                .and_then(|t| t.as_i64().or_else(|| t.as_str()?.parse().ok()))
                .map(human_utc)
                .unwrap_or_default();
            w.write_record([
                p.email.clone(),
                text("rass_name"),
                text("rass_title"),
                text("rass_status"),
                time,
            ])
            .map_err(io)?;
        }
    }
    w.flush()
        .map_err(|e| Failure::internal(format!("cannot write CSV: {e}")))?;
    drop(w);
    match &a.result_csv {
        Some(path) => std::fs::write(path, &out)
            .map_err(|e| Failure::internal(format!("cannot write {}: {e}", path.display())))?,
        None => crate::output::write_stdout(&String::from_utf8_lossy(&out))?,
    }
    let summary = format!("bulk statuses: {contacts} contact(s) read, {invalid} invalid row(s)");
    if json && a.result_csv.is_some() {
        crate::output::write_stdout(
            &serde_json::json!({"action": "statuses", "contacts": contacts, "invalid": invalid})
                .to_string(),
        )?;
    } else {
        eprintln!("{summary}");
    }
    Ok(if invalid > 0 { exit::PARTIAL } else { exit::OK })
}
