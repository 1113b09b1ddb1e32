//! The job's tally, computed from every row's [`Outcome`], and the final summary.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::time::Duration;

use serde_json::{Value as Json, json};

use crate::bulk::outcome::{Outcome, top_reasons};
use crate::i18n::tr;

/// How many reasons "top failure reasons" lists.
const TOP_REASONS: usize = 5;

/// Counts of every way a row can end.
#[derive(Debug, Default, Clone)]
pub struct Tally {
    /// Rows read from the input.
    pub rows: u64,
    /// Verified successes in this run.
    pub done: u64,
    /// Of `done`: answers meaning "already so".
    pub already: u64,
    /// Rows the journal records as done.
    pub skipped_done: u64,
    /// Rows the journal records as refused by the API (not resent).
    pub skipped_refused: u64,
    /// In-doubt rows found already applied on the server (not resent).
    pub recovered: u64,
    /// Rows refused by validation.
    pub invalid: u64,
    /// Rows repeating an earlier row's operation (sent once).
    pub duplicates: u64,
    /// Verified API refusals by code (this run and earlier ones): count and text.
    pub api_errors: BTreeMap<i64, (u64, String)>,
    /// Rows without a verified answer, by kind.
    pub failures: BTreeMap<String, u64>,
    /// Valid rows that would be sent (dry run).
    pub would_send: u64,
    /// Rows not attempted because the job was stopped.
    pub not_attempted: u64,
    /// Rows sent (or checked) in this run, for the rate.
    pub sent_this_run: u64,
    /// The most frequent failure reasons.
    pub top: Vec<(String, u64)>,
}

impl Tally {
    /// The tally of `outcomes`.
    #[must_use]
    pub fn of(outcomes: &[Outcome], dry_run: bool) -> Self {
        let mut t = Tally {
            rows: outcomes.len() as u64,
            top: top_reasons(outcomes.iter(), TOP_REASONS),
            ..Tally::default()
        };
        for o in outcomes {
            match o {
                Outcome::Pending if dry_run => t.would_send += 1,
                Outcome::Pending => t.not_attempted += 1,
                Outcome::Done => t.done += 1,
                Outcome::Already(_) => {
                    t.done += 1;
                    t.already += 1;
                }
                Outcome::SkippedDone => t.skipped_done += 1,
                Outcome::Recovered => t.recovered += 1,
                Outcome::Invalid(_) => t.invalid += 1,
                Outcome::Duplicate(_) => t.duplicates += 1,
                Outcome::Refused { code, text, before } => {
                    if *before {
                        t.skipped_refused += 1;
                    }
                    t.api_errors
                        .entry(*code)
                        .or_insert_with(|| (0, text.clone()))
                        .0 += 1;
                }
                Outcome::NoAnswer { kind, .. } => {
                    *t.failures.entry((*kind).to_owned()).or_default() += 1;
                }
            }
        }
        t
    }

    /// Rows that failed, in this run or (refusals) earlier ones.
    #[must_use]
    pub fn failed(&self) -> u64 {
        self.invalid
            + self.api_errors.values().map(|(n, _)| n).sum::<u64>()
            + self.failures.values().sum::<u64>()
    }

    /// The summary as JSON.
    #[must_use]
    pub fn to_json(
        &self,
        action: &str,
        dry_run: bool,
        interrupted: bool,
        elapsed: Duration,
    ) -> Json {
        let api: serde_json::Map<String, Json> = self
            .api_errors
            .iter()
            .map(|(code, (n, text))| (code.to_string(), json!({"count": n, "text": text})))
            .collect();
        let top: Vec<Json> = self
            .top
            .iter()
            .map(|(r, n)| json!({"reason": r, "count": n}))
            .collect();
        json!({
            "action": action,
            "dry_run": dry_run,
            "interrupted": interrupted,
            "rows": self.rows,
            "done": self.done,
            "already": self.already,
            "skipped_done": self.skipped_done,
            "skipped_refused": self.skipped_refused,
            "recovered": self.recovered,
            "invalid": self.invalid,
            "duplicates": self.duplicates,
            "api_errors": api,
            "failures": self.failures,
            "would_send": self.would_send,
            "not_attempted": self.not_attempted,
            "failed": self.failed(),
            "top_reasons": top,
            "seconds": (elapsed.as_secs_f64() * 10.0).round() / 10.0,
        })
    }

    /// The summary for people.
    #[must_use]
    pub fn to_text(
        &self,
        action: &str,
        dry_run: bool,
        interrupted: bool,
        elapsed: Duration,
    ) -> String {
        let mut s = String::new();
        let secs = elapsed.as_secs_f64();
        let head = if dry_run {
            tr("dry run of bulk {}")
        } else if interrupted {
            tr("bulk {} interrupted")
        } else {
            tr("bulk {} finished")
        };
        let _ = writeln!(
            s,
            "{}: {} {} {secs:.1}s",
            head.replace("{}", action),
            self.rows,
            tr("rows in")
        );
        let line = |s: &mut String, label: &'static str, value: String| {
            let _ = writeln!(s, "  {:<16}{value}", tr(label));
        };
        if dry_run {
            line(&mut s, "would send", self.would_send.to_string());
        } else {
            // The rate of this run's rows only: skipped rows cost nothing.
            let rate = self.sent_this_run as f64 / secs.max(1e-3);
            let mut v = format!("{} ({rate:.1}/s)", self.done);
            if self.already > 0 {
                let _ = write!(v, ", {} {}", self.already, tr("of them already so"));
            }
            line(&mut s, "done", v);
        }
        line(
            &mut s,
            "skipped",
            format!(
                "{} ({} {} {}, {} {})",
                self.skipped_done + self.skipped_refused,
                tr("journal:"),
                self.skipped_done,
                tr("done"),
                self.skipped_refused,
                tr("refused before")
            ),
        );
        if self.recovered > 0 {
            line(
                &mut s,
                "recovered",
                format!(
                    "{} ({})",
                    self.recovered,
                    tr("in flight at the last stop, found applied, not resent")
                ),
            );
        }
        line(
            &mut s,
            "duplicates",
            format!("{} ({})", self.duplicates, tr("sent once")),
        );
        line(&mut s, "invalid rows", self.invalid.to_string());
        let api_total: u64 = self.api_errors.values().map(|(n, _)| n).sum();
        line(&mut s, "API errors", api_total.to_string());
        for (code, (n, text)) in &self.api_errors {
            let _ = writeln!(s, "    {code:>5} x {n}  {text}");
        }
        let fail_total: u64 = self.failures.values().sum();
        line(
            &mut s,
            "no answer",
            format!(
                "{fail_total} ({})",
                tr("checked and retried on the next run")
            ),
        );
        for (kind, n) in &self.failures {
            let _ = writeln!(s, "    {kind} x {n}");
        }
        if self.not_attempted > 0 {
            line(
                &mut s,
                "not attempted",
                format!(
                    "{} ({})",
                    self.not_attempted,
                    tr("stopped; run the same command again to continue")
                ),
            );
        }
        if !self.top.is_empty() {
            let _ = writeln!(s, "  {}", tr("top failure reasons:"));
            for (reason, n) in &self.top {
                let _ = writeln!(s, "    {n:>6} x {reason}");
            }
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failures_add_up_and_print_by_code_with_top_reasons() {
        let mut o = vec![Outcome::Done; 6];
        o.push(Outcome::Invalid("lead_email is empty".into()));
        for _ in 0..2 {
            o.push(Outcome::Refused {
                code: 801,
                text: "Subscriber with such address is not found".into(),
                before: false,
            });
        }
        o.push(Outcome::NoAnswer {
            kind: "bad_signature",
            message: "DeleteSubscribe: signature refused: forged".into(),
        });
        let t = Tally::of(&o, false);
        assert_eq!(t.failed(), 4);
        let text = t.to_text("unsubscribe", false, false, Duration::from_secs(2));
        assert!(
            text.contains("  801 x 2  Subscriber with such address"),
            "{text}"
        );
        assert!(text.contains("bad_signature x 1"), "{text}");
        assert!(text.contains("top failure reasons:"), "{text}");
        assert!(
            text.contains("     2 x 801: Subscriber with such address is not found"),
            "{text}"
        );
        assert!(
            text.contains("1 x bad_signature: DeleteSubscribe: signature refused: forged"),
            "{text}"
        );
        let j = t.to_json("unsubscribe", false, false, Duration::from_secs(2));
        assert_eq!(j["api_errors"]["801"]["count"], 2);
        assert_eq!(j["failed"], 4);
        assert_eq!(j["top_reasons"][0]["count"], 2);
    }

    #[test]
    fn the_rate_counts_only_this_runs_rows_with_one_decimal() {
        let mut o = vec![Outcome::SkippedDone; 9000];
        o.extend(vec![Outcome::Done; 100]);
        let mut t = Tally::of(&o, false);
        t.sent_this_run = 100;
        let text = t.to_text("unsubscribe", false, false, Duration::from_secs(8));
        assert!(text.contains("100 (12.5/s)"), "{text}");
    }
}
