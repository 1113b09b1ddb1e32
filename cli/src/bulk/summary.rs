//! The job's tally and the final summary.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::time::Duration;

use serde_json::{Value as Json, json};

/// Counts of every way a row can end.
#[derive(Debug, Default, Clone)]
pub struct Tally {
    /// Rows read from the CSV.
    pub rows: u64,
    /// Verified successes in this run.
    pub done: u64,
    /// Of `done`: answers meaning "already so" (AddLeadToGroup 102).
    pub already: u64,
    /// Rows the journal records as done.
    pub skipped_done: u64,
    /// Rows the journal records as refused by the API (not resent).
    pub skipped_refused: u64,
    /// In-doubt rows found already applied on the server (not resent).
    pub recovered: u64,
    /// Rows refused by validation.
    pub invalid: u64,
    /// Verified API refusals by code: count and the first text seen.
    pub api_errors: BTreeMap<i64, (u64, String)>,
    /// Rows without a verified answer, by kind (transport, timeout, signature, …).
    pub failures: BTreeMap<String, u64>,
    /// Valid rows that would be sent (dry run).
    pub would_send: u64,
    /// Rows not attempted because the job was stopped.
    pub not_attempted: u64,
}

impl Tally {
    /// Rows that failed in this run.
    #[must_use]
    pub fn failed(&self) -> u64 {
        self.invalid
            + self.api_errors.values().map(|(n, _)| n).sum::<u64>()
            + self.failures.values().sum::<u64>()
    }

    /// Adds a verified refusal.
    pub fn api_error(&mut self, code: i64, text: &str) {
        let e = self
            .api_errors
            .entry(code)
            .or_insert_with(|| (0, text.to_owned()));
        e.0 += 1;
    }

    /// Adds a failure without a verified answer.
    pub fn failure(&mut self, kind: &str) {
        *self.failures.entry(kind.to_owned()).or_default() += 1;
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
            "api_errors": api,
            "failures": self.failures,
            "would_send": self.would_send,
            "not_attempted": self.not_attempted,
            "failed": self.failed(),
            "seconds": (elapsed.as_secs_f64() * 1000.0).round() / 1000.0,
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
            format!("dry run of bulk {action}")
        } else if interrupted {
            format!("bulk {action} interrupted")
        } else {
            format!("bulk {action} finished")
        };
        let _ = writeln!(s, "{head}: {} rows in {secs:.1}s", self.rows);
        if dry_run {
            let _ = writeln!(s, "  would send      {}", self.would_send);
        } else {
            let rate = self.done as f64 / secs.max(1e-3);
            let _ = write!(s, "  done            {} ({rate:.1}/s)", self.done);
            if self.already > 0 {
                let _ = write!(s, ", {} of them already so", self.already);
            }
            s.push('\n');
        }
        let _ = writeln!(
            s,
            "  skipped         {} (journal: {} done, {} refused before)",
            self.skipped_done + self.skipped_refused,
            self.skipped_done,
            self.skipped_refused
        );
        if self.recovered > 0 {
            let _ = writeln!(
                s,
                "  recovered       {} (in flight at the last stop, found applied, not resent)",
                self.recovered
            );
        }
        let _ = writeln!(s, "  invalid rows    {}", self.invalid);
        let api_total: u64 = self.api_errors.values().map(|(n, _)| n).sum();
        let _ = writeln!(s, "  API errors      {api_total}");
        for (code, (n, text)) in &self.api_errors {
            let _ = writeln!(s, "    {code:>5} x {n}  {text}");
        }
        let fail_total: u64 = self.failures.values().sum();
        let _ = writeln!(
            s,
            "  no answer       {fail_total} (retried on the next run)"
        );
        for (kind, n) in &self.failures {
            let _ = writeln!(s, "    {kind} x {n}");
        }
        if self.not_attempted > 0 {
            let _ = writeln!(
                s,
                "  not attempted   {} (stopped; run the same command again to continue)",
                self.not_attempted
            );
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failures_add_up_and_print_by_code() {
        let mut t = Tally {
            rows: 10,
            done: 6,
            invalid: 1,
            ..Tally::default()
        };
        t.api_error(801, "Subscriber with such address is not found");
        t.api_error(801, "other text");
        t.failure("timeout");
        assert_eq!(t.failed(), 4);
        let text = t.to_text("unsubscribe", false, false, Duration::from_secs(2));
        assert!(
            text.contains("  801 x 2  Subscriber with such address"),
            "{text}"
        );
        assert!(text.contains("timeout x 1"), "{text}");
        let j = t.to_json("unsubscribe", false, false, Duration::from_secs(2));
        assert_eq!(j["api_errors"]["801"]["count"], 2);
        assert_eq!(j["failed"], 4);
    }
}
