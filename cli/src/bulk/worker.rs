//! A worker: takes rows from the bounded queue, paces itself, sends, journals the
//! verified outcome.

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::mpsc::Receiver;
use std::sync::{Mutex, MutexGuard, PoisonError};

use justclick::{Client, Error, Params};
use serde_json::Value as Json;

use crate::api;
use crate::args::BulkAction;
use crate::bulk::journal::Journal;
use crate::bulk::progress::{Progress, StopFlag};
use crate::bulk::rate::RateLimiter;
use crate::bulk::report::{FailedRow, Report};
use crate::bulk::summary::Tally;
use crate::exit::{self, Failure};

/// Attempts per row while JustClick answers error 8.
const RATE_LIMIT_ATTEMPTS: u32 = 8;
/// Rows failing in a row without a verified answer before the job gives up.
const CIRCUIT_BREAKER: u32 = 25;
/// Codes about the account, not the row: every further row would fail the same way.
const ACCOUNT_CODES: &[i64] = &[1, 4, 5, 6, 7];
/// AddLeadToGroup: "The subscriber is already registered".
const ALREADY_SUBSCRIBED: i64 = 102;
/// GetLeadGroupStatuses: no such contact.
const SUBSCRIBER_NOT_FOUND: i64 = 500;

/// One row on its way to the API.
#[derive(Debug)]
pub struct Job {
    /// Data row number (1-based).
    pub row: u64,
    /// Line of the CSV file where the record starts.
    pub line: u64,
    /// The row's content hash (journal key with `row`).
    pub hash: u64,
    /// What to send.
    pub params: Params,
    /// The contact.
    pub email: String,
    /// The groups the row touches.
    pub groups: Vec<String>,
    /// The original fields, for the report.
    pub fields: Vec<String>,
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
    /// The tally.
    pub tally: &'a Mutex<Tally>,
    /// The failure report, when asked for.
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
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Shared<'_> {
    /// Stops the job for a reason that applies to every row.
    fn fail_job(&self, f: Failure) {
        let mut slot = lock(&self.fatal);
        if slot.is_none() {
            self.progress
                .println(&format!("justclick: stopping: {}", f.message));
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

    fn report(&self, job: &Job, outcome: &str, code: Option<i64>, message: &str) {
        if let Some(r) = lock(self.report).as_mut() {
            let row = FailedRow {
                line: job.line,
                row: job.row,
                outcome,
                code,
                message,
            };
            if let Err(e) = r.add(&job.fields, &row) {
                self.fail_job(Failure::internal(e));
            }
        }
    }

    /// The worker loop: until the queue closes.
    pub fn work(&self, rx: &Mutex<Receiver<Job>>) {
        loop {
            let job = match lock(rx).recv() {
                Ok(job) => job,
                Err(_) => return,
            };
            if self.stop.load(Ordering::SeqCst) {
                continue; // drained unsent: counted as not attempted
            }
            self.process(&job);
        }
    }

    fn process(&self, job: &Job) {
        if job.in_doubt && self.action != BulkAction::Update {
            match self.already_applied(job) {
                Ok(true) => {
                    if self.journal(|j| j.done(job.row, job.hash, "recovered")) {
                        lock(self.tally).recovered += 1;
                        self.progress.inc(false);
                    }
                    return;
                }
                Ok(false) => {}
                Err(e) => {
                    // Unknown state: do not resend blindly; the next run checks again.
                    self.no_answer(job, &e);
                    return;
                }
            }
        }
        let mut attempts = 0;
        loop {
            if !self.limiter.acquire(&self.stop) {
                return;
            }
            if attempts == 0 && !self.journal(|j| j.sending(job.row, job.hash, job.line)) {
                return;
            }
            attempts += 1;
            match api::invoke(self.client, self.action.method(), &job.params) {
                Ok(_) => {
                    self.limiter.succeeded();
                    self.no_answer_streak.store(0, Ordering::SeqCst);
                    if self.journal(|j| j.done(job.row, job.hash, "ok")) {
                        lock(self.tally).done += 1;
                        self.progress.inc(false);
                    }
                    return;
                }
                Err(Error::Api { code: 8, .. }) if attempts < RATE_LIMIT_ATTEMPTS => {
                    let pause = self.limiter.rate_limited();
                    self.progress.println(&format!(
                        "rate limited (error 8) at line {}: pausing {:.0}s, rate now {:.2}/s",
                        job.line,
                        pause.as_secs_f64(),
                        self.limiter.rate()
                    ));
                    if self.stop.load(Ordering::SeqCst) {
                        let _ = self
                            .journal(|j| j.failed(job.row, job.hash, "rate_limited", "stopped"));
                        return;
                    }
                }
                Err(e) => {
                    self.outcome_error(job, e);
                    return;
                }
            }
        }
    }

    fn outcome_error(&self, job: &Job, e: Error) {
        match e {
            // Still rate limited after every attempt: nothing applied, retry next run.
            Error::Api { code: 8, .. } => self.no_answer(job, &e),
            Error::Api {
                code: ALREADY_SUBSCRIBED,
                ..
            } if self.action == BulkAction::Subscribe => {
                self.limiter.succeeded();
                if self.journal(|j| j.done(job.row, job.hash, "already")) {
                    let mut t = lock(self.tally);
                    t.done += 1;
                    t.already += 1;
                    drop(t);
                    self.progress.inc(false);
                }
            }
            Error::Api { code, ref text, .. } if ACCOUNT_CODES.contains(&code) => {
                // Not applied; keep the row for the next run and stop the job.
                let _ = self.journal(|j| j.failed(job.row, job.hash, "account", text));
                self.fail_job(Failure::new(
                    exit::API,
                    format!("{e}; every row would fail the same way"),
                ));
            }
            Error::Api { code, ref text, .. } => {
                self.limiter.succeeded();
                self.no_answer_streak.store(0, Ordering::SeqCst);
                if self.journal(|j| j.refused(job.row, job.hash, code, text)) {
                    lock(self.tally).api_error(code, text);
                    self.report(job, "api_error", Some(code), text);
                    self.progress.inc(true);
                }
            }
            other => self.no_answer(job, &other),
        }
    }

    /// A failure without a verified answer: the row stays in doubt for the next run.
    fn no_answer(&self, job: &Job, e: &Error) {
        let kind = failure_kind(e);
        let msg = e.to_string();
        if !self.journal(|j| j.failed(job.row, job.hash, kind, &msg)) {
            return;
        }
        lock(self.tally).failure(kind);
        self.report(job, kind, None, &msg);
        self.progress.inc(true);
        let streak = self.no_answer_streak.fetch_add(1, Ordering::SeqCst) + 1;
        if streak >= CIRCUIT_BREAKER {
            self.fail_job(Failure::new(
                exit::code_for(e),
                format!("{streak} rows in a row got no verified answer; last: {msg}"),
            ));
        }
    }

    /// For a row that may have been applied before the last stop: asks the server
    /// (GetLeadGroupStatuses) whether its effect is already there.
    fn already_applied(&self, job: &Job) -> Result<bool, Error> {
        let params = Params::new().with("email", job.email.as_str());
        let statuses = match api::invoke(self.client, "GetLeadGroupStatuses", &params) {
            Ok(v) => v,
            Err(Error::Api {
                code: SUBSCRIBER_NOT_FOUND,
                ..
            }) => Json::Array(Vec::new()),
            Err(e) => return Err(e),
        };
        let status_of = |group: &str| -> Option<String> {
            statuses.as_array()?.iter().find_map(|g| {
                (g.get("rass_name")?.as_str()? == group).then(|| {
                    g.get("rass_status")
                        .and_then(Json::as_str)
                        .unwrap_or("")
                        .to_owned()
                })
            })
        };
        let active = |s: &str| s == "STATUS_SUBSCRIBE" || s == "STATUS_WAIT";
        Ok(match self.action {
            BulkAction::Unsubscribe => job
                .groups
                .iter()
                .all(|g| status_of(g).is_none_or(|s| !active(&s))),
            BulkAction::Subscribe => job
                .groups
                .iter()
                .all(|g| status_of(g).is_some_and(|s| active(&s))),
            BulkAction::Update => false,
        })
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
