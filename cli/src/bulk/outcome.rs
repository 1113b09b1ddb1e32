//! How each input row ended, across runs: the one table the summary, the report and
//! the exit code are all computed from.

use std::collections::BTreeMap;

/// Where one row stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// To be sent in this run (or would be, in a dry run); at the end of a run it
    /// means "not attempted" (stopped before its turn).
    Pending,
    /// Verified success in this run.
    Done,
    /// Verified answer in this run meaning "already so" (AddLeadToGroup 102; an 801
    /// from DeleteSubscribe for a contact who is not, or no longer, in the group).
    Already(String),
    /// The journal records it as done in an earlier run of this job.
    SkippedDone,
    /// In flight at the last stop and found applied on the server: not resent.
    Recovered,
    /// Refused by validation (bad e-mail, wrong field count, not UTF-8, …).
    Invalid(String),
    /// The same operation as an earlier row (its line): sent once, there.
    Duplicate(u64),
    /// A verified refusal by the API; `before` when the journal had it from an earlier
    /// run (not resent without `--retry-failed`).
    Refused {
        /// The API's code.
        code: i64,
        /// Its text, with the CLI's reading where it helps.
        text: String,
        /// Recorded by an earlier run.
        before: bool,
    },
    /// No verified answer after every retry of this run (checked and retried on the
    /// next run).
    NoAnswer {
        /// `transport`, `timeout`, `bad_signature`, `bad_response`, `rate_limited`, …
        kind: &'static str,
        /// The last error, on one line.
        message: String,
    },
}

impl Outcome {
    /// True when the row needs nothing more.
    #[must_use]
    pub fn is_done(&self) -> bool {
        matches!(
            self,
            Outcome::Done | Outcome::Already(_) | Outcome::SkippedDone | Outcome::Recovered
        )
    }

    /// True when the row counts as failed (exit 7): invalid, refused, no answer.
    #[must_use]
    pub fn is_failure(&self) -> bool {
        matches!(
            self,
            Outcome::Invalid(_) | Outcome::Refused { .. } | Outcome::NoAnswer { .. }
        )
    }

    /// The report's `_outcome`, `_code` and `_message` for a row not done.
    #[must_use]
    pub fn report_fields(&self, dry_run: bool) -> Option<(&str, Option<i64>, String)> {
        Some(match self {
            Outcome::Pending if dry_run => return None,
            Outcome::Pending => (
                "not_attempted",
                None,
                "the job stopped before this row; run it again to continue".to_owned(),
            ),
            Outcome::Invalid(why) => ("invalid", None, why.clone()),
            Outcome::Duplicate(line) => (
                "duplicate",
                None,
                format!("the same operation as line {line}, sent once there"),
            ),
            Outcome::Refused { code, text, .. } => ("api_error", Some(*code), text.clone()),
            Outcome::NoAnswer { kind, message } => (kind, None, message.clone()),
            _ => return None,
        })
    }

    /// The reason counted in "top failure reasons".
    #[must_use]
    pub fn reason(&self) -> Option<String> {
        match self {
            Outcome::Invalid(why) => Some(format!("invalid: {}", generic(why))),
            Outcome::Refused { code, text, .. } => Some(format!("{code}: {text}")),
            Outcome::NoAnswer { kind, message } => Some(format!("{kind}: {message}")),
            _ => None,
        }
    }
}

/// An invalid-row reason without the row's own value, so equal problems group:
/// `lead_email "x" is not an e-mail address: no @` → `lead_email is not an e-mail
/// address: no @`.
fn generic(why: &str) -> String {
    match (why.find(" \""), why.rfind("\" ")) {
        (Some(a), Some(b)) if b > a => format!("{}{}", &why[..a], &why[b + 1..]),
        _ => why.to_owned(),
    }
}

/// The `n` most frequent failure reasons with their counts, most frequent first.
#[must_use]
pub fn top_reasons<'a>(
    outcomes: impl Iterator<Item = &'a Outcome>,
    n: usize,
) -> Vec<(String, u64)> {
    let mut counts: BTreeMap<String, u64> = BTreeMap::new();
    for o in outcomes {
        if let Some(r) = o.reason() {
            *counts.entry(r).or_default() += 1;
        }
    }
    let mut v: Vec<(String, u64)> = counts.into_iter().collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    v.truncate(n);
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_group_and_sort_by_count() {
        let o = [
            Outcome::Invalid("lead_email \"a\" is not an e-mail address: no @".into()),
            Outcome::Invalid("lead_email \"b\" is not an e-mail address: no @".into()),
            Outcome::NoAnswer {
                kind: "transport",
                message: "connection refused".into(),
            },
            Outcome::Done,
        ];
        let top = top_reasons(o.iter(), 5);
        assert_eq!(
            top,
            [
                (
                    "invalid: lead_email is not an e-mail address: no @".to_owned(),
                    2
                ),
                ("transport: connection refused".to_owned(), 1)
            ]
        );
    }
}
