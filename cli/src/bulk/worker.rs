//! A worker: takes rows from the bounded queue, paces itself, sends, retries rows
//! without a verified answer, journals the verified outcome.

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::mpsc::Receiver;
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use justclick::{Client, Error, Params};
use serde_json::Value as Json;

use crate::api;
use crate::args::BulkAction;
use crate::bulk::journal::Journal;
use crate::bulk::one_line;
use crate::bulk::outcome::Outcome;
use crate::bulk::progress::{Progress, StopFlag};
use crate::bulk::rate::RateLimiter;
use crate::bulk::report::{Report, ReportRow};
use crate::exit::{self, Failure};

/// Attempts per row while JustClick answers error 8.
const RATE_LIMIT_ATTEMPTS: u32 = 8;
/// The stop rule: this many rows in a row without a verified answer, each after all
/// its retries, stop the job (the server or the network is down; the rest would fail
/// the same way and be retried on the next run anyway).
pub const STOP_AFTER_ROWS: u32 = 25;
/// Codes about the account, not the row: every further row would fail the same way.
const ACCOUNT_CODES: &[i64] = &[1, 4, 5, 6, 7];
/// AddLeadToGroup: "The subscriber is already registered".
const ALREADY_SUBSCRIBED: i64 = 102;
/// DeleteSubscribe: "Subscriber with such address is not found" — also sent when the
/// contact exists but is not (or no longer) in the group.
const NOT_IN_GROUP: i64 = 801;
/// GetLeadGroupStatuses: no such contact.
const SUBSCRIBER_NOT_FOUND: i64 = 500;

/// One row on its way to the API.
#[derive(Debug)]
pub struct Job {
    /// Index of the row in the input (0-based), into the outcome table.
    pub index: usize,
    /// Line of the input where the record starts.
    pub line: u64,
    /// The journal key.
    pub key: u128,
    /// What to send.
    pub params: Params,
    /// The contact.
    pub email: String,
    /// The groups the row touches.
    pub groups: Vec<String>,
    /// The journal shows it was sent without a verified answer.
    pub in_doubt: bool,
}

/// What every worker shares.
pub struct Shared<'a> {
    /// The one client (one connection pool).
    pub client: &'a Client,
    /// The action.
    pub action: BulkAction,
    /// The journal.
    pub journal: Mutex<Journal>,
    /// Every row's outcome.
    pub outcomes: &'a Mutex<Vec<Outcome>>,
    /// Every row's fields, for the report.
    pub fields: &'a [Vec<String>],
    /// The report, when asked for.
    pub report: &'a Mutex<Option<Report>>,
    /// Pacing.
    pub limiter: RateLimiter,
    /// Set on Ctrl-C, SIGTERM or a fatal error.
    pub stop: StopFlag,
    /// The display.
    pub progress: &'a Progress,
    /// The first fatal failure (wrong credentials, dead server, full disk).
    pub fatal: Mutex<Option<Failure>>,
    /// Consecutive rows without a verified answer.
    pub no_answer_streak: AtomicU32,
    /// Retries of a row without a verified answer, within this run.
    pub retries: u32,
    /// The first retry's pause; it doubles for each further one.
    pub retry_delay: Duration,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

/// What one attempt learnt.
enum Attempt {
    Final(Outcome),
    NoAnswer(Error),
    Stopped,
}

impl Shared<'_> {
    /// Stops the job for a reason that applies to every row (printed once, at the end).
    fn fail_job(&self, f: Failure) {
        let mut slot = lock(&self.fatal);
        if slot.is_none() {
            *slot = Some(f);
        }
        self.stop.store(true, Ordering::SeqCst);
    }

    /// Runs a journal write; a failing disk stops the job (nothing may be sent that
    /// cannot be recorded).
    fn journal(&self, f: impl FnOnce(&mut Journal) -> Result<(), String>) -> bool {
        match f(&mut lock(&self.journal)) {
            Ok(()) => true,
            Err(e) => {
                self.fail_job(Failure::internal(e));
                false
            }
        }
    }

    /// Records the row's outcome, adds failures to the report at once, and counts it.
    fn settle(&self, job: &Job, o: Outcome) {
        let failed = o.is_failure();
        if let (Some((outcome, code, message)), Some(r)) =
            (o.report_fields(false), lock(self.report).as_mut())
        {
            {
                let row = ReportRow {
                    fields: &self.fields[job.index],
                    line: job.line,
                    outcome,
                    code,
                    message: &message,
                };
                if let Err(e) = r.add(&row) {
                    self.fail_job(Failure::internal(e));
                }
            }
        }
        lock(self.outcomes)[job.index] = o;
        self.progress.inc(failed);
    }

    /// The worker loop: until the queue closes.
    pub fn work(&self, rx: &Mutex<Receiver<Job>>) {
        loop {
            let job = match lock(rx).recv() {
                Ok(job) => job,
                Err(_) => return,
            };
            if self.stop.load(Ordering::SeqCst) {
                continue; // drained unsent: stays pending, reported as not attempted
            }
            self.process(&job);
        }
    }

    fn process(&self, job: &Job) {
        let mut check_first = job.in_doubt;
        let mut last: Option<Error> = None;
        for attempt in 0..=self.retries {
            if attempt > 0 {
                let pause = self.retry_delay * 2u32.saturating_pow(attempt - 1);
                if !sleep_unless_stopped(pause, &self.stop) {
                    break;
                }
            }
            match self.attempt(job, check_first, attempt == 0) {
                Attempt::Final(o) => {
                    self.no_answer_streak.store(0, Ordering::SeqCst);
                    self.settle(job, o);
                    return;
                }
                Attempt::NoAnswer(e) => {
                    // It may have been applied: look before sending it again.
                    check_first = true;
                    last = Some(e);
                }
                Attempt::Stopped => break,
            }
        }
        let Some(e) = last else {
            return; // stopped before an answer: stays pending
        };
        let kind = failure_kind(&e);
        let msg = one_line(&e.to_string());
        if !self.journal(|j| j.failed(job.key, kind, &msg)) {
            return;
        }
        let streak = self.no_answer_streak.fetch_add(1, Ordering::SeqCst) + 1;
        self.settle(
            job,
            Outcome::NoAnswer {
                kind,
                message: msg.clone(),
            },
        );
        if streak >= STOP_AFTER_ROWS {
            self.fail_job(Failure::new(
                exit::code_for(&e),
                format!(
                    "stopped by the stop rule: {streak} rows in a row got no verified answer \
                     after {} retries each (they are retried on the next run); last: {msg}",
                    self.retries
                ),
            ));
        }
    }

    /// One try: (check the server when the row may already be applied,) send, read.
    fn attempt(&self, job: &Job, check_first: bool, first: bool) -> Attempt {
        if check_first && self.action != BulkAction::Update {
            match self.already_applied(job) {
                Ok(true) => {
                    return if self.journal(|j| j.done(job.key, "recovered")) {
                        Attempt::Final(Outcome::Recovered)
                    } else {
                        Attempt::Stopped
                    };
                }
                Ok(false) => {}
                // Unknown state: do not resend blindly.
                Err(e) => return Attempt::NoAnswer(e),
            }
        }
        let mut rate_limited = 0;
        loop {
            if !self.limiter.acquire(&self.stop) {
                return Attempt::Stopped;
            }
            if first && rate_limited == 0 && !self.journal(|j| j.sending(job.key, job.line)) {
                return Attempt::Stopped;
            }
            match api::invoke(self.client, self.action.method(), &job.params) {
                Ok(_) => {
                    self.limiter.succeeded();
                    return self.verified(job, Outcome::Done, "ok");
                }
                Err(Error::Api { code: 8, .. }) if rate_limited + 1 < RATE_LIMIT_ATTEMPTS => {
                    rate_limited += 1;
                    let pause = self.limiter.rate_limited();
                    self.progress.println(&format!(
                        "rate limited (error 8) at line {}: pausing {:.1}s, rate now {:.1}/s",
                        job.line,
                        pause.as_secs_f64(),
                        self.limiter.rate()
                    ));
                    if self.stop.load(Ordering::SeqCst) {
                        return Attempt::Stopped;
                    }
                }
                Err(e) => return self.api_error(job, e),
            }
        }
    }

    fn verified(&self, job: &Job, o: Outcome, note: &str) -> Attempt {
        if self.journal(|j| j.done(job.key, note)) {
            Attempt::Final(o)
        } else {
            Attempt::Stopped
        }
    }

    fn api_error(&self, job: &Job, e: Error) -> Attempt {
        match e {
            // Still rate limited after every attempt: nothing applied.
            Error::Api { code: 8, .. } => Attempt::NoAnswer(e),
            Error::Api {
                code: ALREADY_SUBSCRIBED,
                ..
            } if self.action == BulkAction::Subscribe => {
                self.limiter.succeeded();
                self.verified(
                    job,
                    Outcome::Already("already subscribed".into()),
                    "already",
                )
            }
            Error::Api {
                code: NOT_IN_GROUP,
                ref text,
                ..
            } if self.action == BulkAction::Unsubscribe => {
                self.limiter.succeeded();
                self.not_in_group(job, text)
            }
            Error::Api { code, ref text, .. } if ACCOUNT_CODES.contains(&code) => {
                // Not applied; keep the row for the next run and stop the job.
                let _ = self.journal(|j| j.failed(job.key, "account", text));
                self.fail_job(Failure::new(
                    exit::API,
                    format!(
                        "{}; every row would fail the same way",
                        one_line(&e.to_string())
                    ),
                ));
                Attempt::Stopped
            }
            Error::Api { code, ref text, .. } => {
                self.limiter.succeeded();
                if self.journal(|j| j.refused(job.key, code, text)) {
                    Attempt::Final(Outcome::Refused {
                        code,
                        text: one_line(text),
                        before: false,
                    })
                } else {
                    Attempt::Stopped
                }
            }
            other => Attempt::NoAnswer(other),
        }
    }

    /// DeleteSubscribe's 801 covers two cases: no such contact (a refusal), and a
    /// contact who is not, or no longer, in the group (the goal is reached). The
    /// contact's statuses tell them apart.
    fn not_in_group(&self, job: &Job, text: &str) -> Attempt {
        let group = job.groups.first().map_or("", String::as_str);
        match self.statuses(&job.email) {
            Ok(None) => {
                let why = format!("no contact with this e-mail in the account (801: {text})");
                if self.journal(|j| j.refused(job.key, NOT_IN_GROUP, &why)) {
                    Attempt::Final(Outcome::Refused {
                        code: NOT_IN_GROUP,
                        text: why,
                        before: false,
                    })
                } else {
                    Attempt::Stopped
                }
            }
            Ok(Some(statuses)) => {
                let note = match status_in(&statuses, group) {
                    Some(_) => format!("already unsubscribed from {group}"),
                    None => format!("not in group {group}"),
                };
                self.verified(job, Outcome::Already(note.clone()), &note)
            }
            Err(e) => Attempt::NoAnswer(e),
        }
    }

    /// The contact's group statuses, `None` when there is no such contact.
    fn statuses(&self, email: &str) -> Result<Option<Json>, Error> {
        let params = Params::new().with("email", email);
        match api::invoke(self.client, "GetLeadGroupStatuses", &params) {
            Ok(v) => Ok(Some(v)),
            Err(Error::Api {
                code: SUBSCRIBER_NOT_FOUND,
                ..
            }) => Ok(None),
            // 501: a contact in no group.
            Err(Error::Api { code: 501, .. }) => Ok(Some(Json::Array(Vec::new()))),
            Err(e) => Err(e),
        }
    }

    /// For a row that may have been applied: asks the server (GetLeadGroupStatuses)
    /// whether its effect is already there.
    fn already_applied(&self, job: &Job) -> Result<bool, Error> {
        let statuses = self
            .statuses(&job.email)?
            .unwrap_or(Json::Array(Vec::new()));
        let active = |s: &str| s == "STATUS_SUBSCRIBE" || s == "STATUS_WAIT";
        Ok(match self.action {
            BulkAction::Unsubscribe => job
                .groups
                .iter()
                .all(|g| status_in(&statuses, g).is_none_or(|s| !active(&s))),
            BulkAction::Subscribe => job
                .groups
                .iter()
                .all(|g| status_in(&statuses, g).is_some_and(|s| active(&s))),
            BulkAction::Update | BulkAction::Statuses => false,
        })
    }
}

/// The contact's status in `group`, from a GetLeadGroupStatuses result.
fn status_in(statuses: &Json, group: &str) -> Option<String> {
    statuses.as_array()?.iter().find_map(|g| {
        (g.get("rass_name")?.as_str()? == group).then(|| {
            g.get("rass_status")
                .and_then(Json::as_str)
                .unwrap_or("")
                .to_owned()
        })
    })
}

/// Sleeps `d` in short steps; false when `stop` was set meanwhile.
fn sleep_unless_stopped(d: Duration, stop: &StopFlag) -> bool {
    let end = std::time::Instant::now() + d;
    loop {
        if stop.load(Ordering::SeqCst) {
            return false;
        }
        let now = std::time::Instant::now();
        if now >= end {
            return true;
        }
        std::thread::sleep((end - now).min(Duration::from_millis(50)));
    }
}

/// A short name for a failure without a verified answer.
#[must_use]
pub fn failure_kind(e: &Error) -> &'static str {
    match e {
        Error::Timeout { .. } => "timeout",
        Error::Tls { .. } => "tls",
        Error::BadSignature { .. } => "bad_signature",
        Error::BadResponse { .. } => "bad_response",
        Error::InvalidArgument { .. } => "invalid_argument",
        Error::Api { .. } => "rate_limited",
        _ => "transport",
    }
}
