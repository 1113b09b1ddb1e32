//! Before the first row: the credentials work and every group the job names exists
//! (GetAllGroups, read-only). On failure nothing is sent, and a mistyped group is
//! answered with the closest existing name.

use justclick::{Client, Error, Params};
use serde_json::Value as Json;

use crate::api;
use crate::args::BulkAction;
use crate::exit::{CliResult, Failure};
use crate::i18n::tr;

/// GetAllGroups: the account has no groups.
const NO_GROUPS: i64 = 501;

/// Checks the credentials and `groups` against the account.
///
/// # Errors
/// The credentials are refused (the call's own exit code), or a group does not exist
/// (usage, naming the closest group).
pub fn check(client: &Client, action: BulkAction, groups: &[&str]) -> CliResult {
    let all = match api::invoke(client, "GetAllGroups", &Params::new()) {
        Ok(v) => v,
        Err(Error::Api {
            code: NO_GROUPS, ..
        }) => Json::Array(Vec::new()),
        Err(e) => {
            let mut f = Failure::from(e);
            f.message = format!(
                "checking the credentials before the job (GetAllGroups): {}; {}",
                f.message,
                tr("nothing was sent")
            );
            return Err(f);
        }
    };
    if action == BulkAction::Update || action == BulkAction::Statuses {
        return Ok(());
    }
    let names: Vec<&str> = all
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|g| g.get("rass_name")?.as_str())
        .collect();
    let mut missing: Vec<&str> = groups
        .iter()
        .copied()
        .filter(|g| !names.contains(g))
        .collect();
    missing.sort_unstable();
    missing.dedup();
    if missing.is_empty() {
        return Ok(());
    }
    let parts: Vec<String> = missing
        .iter()
        .map(|g| match closest(g, &names) {
            Some(c) => format!("{g:?} ({} {c:?}?)", tr("did you mean")),
            None => format!("{g:?}"),
        })
        .collect();
    Err(Failure::usage(format!(
        "group(s) {} {} (it has: {}); {}",
        parts.join(", "),
        tr("does not exist in the account"),
        names.join(", "),
        tr("nothing was sent")
    )))
}

/// The existing name closest to `typed`, when it is close enough to be a typo.
fn closest<'a>(typed: &str, names: &[&'a str]) -> Option<&'a str> {
    names
        .iter()
        .map(|n| {
            (
                strsim::jaro_winkler(&typed.to_lowercase(), &n.to_lowercase()),
                *n,
            )
        })
        .filter(|(score, _)| *score >= 0.7)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, n)| n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typos_suggest_the_closest_group() {
        let names = ["super", "mega", "1608202637.2284137403"];
        assert_eq!(closest("mgea", &names), Some("mega"));
        assert_eq!(closest("Supr", &names), Some("super"));
        assert_eq!(closest("webinars-2027", &names), None);
    }
}
