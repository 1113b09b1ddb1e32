//! `justclick bulk`: one API call per CSV row, streamed, paced, journaled, resumable.
//!
//! The main thread reads and validates rows and feeds a bounded queue; `--concurrency`
//! workers share one client. Memory stays flat whatever the file size: rows are never
//! collected, only the journal's states of a resumed job are kept (8 bytes per row).

pub mod journal;
pub mod progress;
pub mod rate;
pub mod report;
pub mod rows;
pub mod summary;
pub mod worker;

use std::fs::File;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::mpsc::sync_channel;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use serde_json::json;

use crate::args::{BulkArgs, Global};
use crate::creds;
use crate::exit::{self, CliResult, Failure};
use crate::output::write_stdout;
use journal::{Journal, Resume, RowState};
use progress::{Counters, Progress, StopFlag};
use rate::RateLimiter;
use report::{FailedRow, Report};
use rows::RowMapper;
use summary::Tally;
use worker::{Job, Shared};

/// Invalid rows printed on stderr before the rest go only to the report and summary.
const MAX_PRINTED_INVALID: u64 = 50;

fn csv_reader(path: &Path) -> CliResult<csv::Reader<File>> {
    csv::ReaderBuilder::new()
        .flexible(true)
        .has_headers(true)
        .from_path(path)
        .map_err(|e| Failure::usage(format!("cannot read {}: {e}", path.display())))
}

/// Counts the records in a streaming pass, for the progress bar's total and ETA.
fn count_rows(path: &Path) -> CliResult<u64> {
    let mut r = csv_reader(path)?;
    let mut rec = csv::ByteRecord::new();
    let mut n = 0;
    while r
        .read_byte_record(&mut rec)
        .map_err(|e| Failure::usage(format!("cannot read {}: {e}", path.display())))?
    {
        n += 1;
    }
    Ok(n)
}

/// Decodes a record's fields as UTF-8 text.
fn decode(rec: &csv::ByteRecord) -> Result<Vec<String>, String> {
    rec.iter()
        .enumerate()
        .map(|(i, f)| {
            String::from_utf8(f.to_vec())
                .map_err(|_| format!("column {} is not valid UTF-8", i + 1))
        })
        .collect()
}

fn check_args(a: &BulkArgs) -> CliResult {
    if a.concurrency == 0 || a.concurrency > 256 {
        return Err(Failure::usage("--concurrency must be between 1 and 256"));
    }
    if !a.rate.is_finite() || a.rate < 0.0 {
        return Err(Failure::usage(
            "--rate must be a number >= 0 (0 = unlimited)",
        ));
    }
    if !a.progress_interval.is_finite() || a.progress_interval <= 0.0 {
        return Err(Failure::usage("--progress-interval must be positive"));
    }
    Ok(())
}

/// Installs the Ctrl-C / SIGTERM handler: the first signal stops feeding rows and lets
/// in-flight requests finish; a second one exits at once (the journal is safe: every
/// line is written as soon as its answer is verified).
fn install_stop_handler(stop: &StopFlag) {
    let stop = Arc::clone(stop);
    let presses = AtomicU32::new(0);
    let _ = ctrlc::set_handler(move || {
        if presses.fetch_add(1, Ordering::SeqCst) == 0 {
            eprintln!(
                "justclick: stopping after the requests in flight (press Ctrl-C again to quit now)"
            );
            stop.store(true, Ordering::SeqCst);
        } else {
            std::process::exit(i32::from(exit::INTERRUPTED));
        }
    });
}

struct Reader<'a> {
    mapper: &'a RowMapper,
    resume: &'a Resume,
    args: &'a BulkArgs,
    json: bool,
    tally: &'a Mutex<Tally>,
    report: &'a Mutex<Option<Report>>,
    progress: &'a Progress,
    printed_invalid: u64,
}

/// What the reader decided for one row.
enum Decision {
    Send(Job),
    Handled,
}

impl Reader<'_> {
    fn invalid(&mut self, line: u64, row: u64, fields: &[String], why: &str) -> CliResult {
        self.tally
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .invalid += 1;
        self.progress.inc(true);
        if self.printed_invalid < MAX_PRINTED_INVALID {
            self.progress
                .println(&format!("line {line}: invalid row: {why}"));
        } else if self.printed_invalid == MAX_PRINTED_INVALID {
            self.progress
                .println("… more invalid rows: see the summary and --report");
        }
        self.printed_invalid += 1;
        if let Some(r) = self
            .report
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .as_mut()
        {
            let f = FailedRow {
                line,
                row,
                outcome: "invalid",
                code: None,
                message: why,
            };
            r.add(fields, &f).map_err(Failure::internal)?;
        }
        Ok(())
    }

    fn decide(&mut self, rec: &csv::ByteRecord, row: u64) -> CliResult<Decision> {
        let line = rec.position().map_or(0, csv::Position::line);
        let fields = match decode(rec) {
            Ok(f) => f,
            Err(why) => {
                let lossy: Vec<String> = rec
                    .iter()
                    .map(|f| String::from_utf8_lossy(f).into_owned())
                    .collect();
                self.invalid(line, row, &lossy, &why)?;
                return Ok(Decision::Handled);
            }
        };
        let prepared = match self.mapper.prepare(&fields) {
            Ok(p) => p,
            Err(why) => {
                self.invalid(line, row, &fields, &why)?;
                return Ok(Decision::Handled);
            }
        };
        let state = self.resume.get(row, prepared.hash);
        let skip = match state {
            Some(RowState::Done) => Some("done"),
            Some(RowState::Refused) if !self.args.retry_failed => Some("refused"),
            _ => None,
        };
        if let Some(why) = skip {
            let mut t = self.tally.lock().unwrap_or_else(PoisonError::into_inner);
            if why == "done" {
                t.skipped_done += 1;
            } else {
                t.skipped_refused += 1;
            }
            drop(t);
            self.progress.inc(false);
            if self.args.dry_run && !self.json {
                write_stdout(&format!("line {line}: skip ({why} in the journal)"))?;
            }
            return Ok(Decision::Handled);
        }
        let in_doubt = state == Some(RowState::InDoubt);
        if self.args.dry_run {
            self.tally
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .would_send += 1;
            self.progress.inc(false);
            let method = self.args.action.method();
            if self.json {
                let j = json!({"line": line, "row": row, "method": method,
                               "params": prepared.params.to_json(), "query": prepared.query,
                               "in_doubt": in_doubt});
                write_stdout(&j.to_string())?;
            } else {
                let note = if in_doubt {
                    "  (in doubt: checked first)"
                } else {
                    ""
                };
                write_stdout(&format!("line {line}: {method} {}{note}", prepared.query))?;
            }
            return Ok(Decision::Handled);
        }
        Ok(Decision::Send(Job {
            row,
            line,
            hash: prepared.hash,
            params: prepared.params,
            email: prepared.email,
            groups: prepared.groups,
            fields,
            in_doubt,
        }))
    }
}

/// Runs `justclick bulk …` and returns the exit code.
///
/// # Errors
/// Usage problems found before any row is sent, and fatal I/O errors.
pub fn run(g: &Global, json: bool, a: &BulkArgs) -> CliResult<u8> {
    check_args(a)?;
    let started = Instant::now();
    let action = a.action.name();
    let mut reader = csv_reader(&a.csv)?;
    let header: Vec<String> = reader
        .byte_headers()
        .map_err(|e| Failure::usage(format!("cannot read {}: {e}", a.csv.display())))
        .and_then(|h| {
            decode(h).map_err(|e| Failure::usage(format!("{}: header {e}", a.csv.display())))
        })?;
    let mapper = RowMapper::new(a.action, &header, &a.group, a.ignore_unknown_columns)
        .map_err(|e| Failure::usage(format!("{}: {e}", a.csv.display())))?;
    let journal_path = a
        .journal
        .clone()
        .unwrap_or_else(|| journal::default_path(&a.csv, action));
    let resume = journal::load(&journal_path, action).map_err(Failure::usage)?;
    if resume.bad_lines > 0 {
        eprintln!(
            "justclick: journal {}: {} unreadable line(s) ignored (a crash mid-write)",
            journal_path.display(),
            resume.bad_lines
        );
    }
    // Everything that can be wrong with the command line is checked before the client.
    let (client, journal) = if a.dry_run {
        (None, None)
    } else {
        let creds = creds::Credentials::resolve(g)?;
        let client = creds::client_with(g, &creds, None)?;
        let j = Journal::open(&journal_path, action).map_err(Failure::internal)?;
        (Some(client), Some(j))
    };
    let report = Mutex::new(match &a.report {
        Some(p) => Some(Report::create(p, &header).map_err(Failure::internal)?),
        None => None,
    });
    let total = count_rows(&a.csv)?;
    if !a.dry_run && !resume.is_empty() {
        eprintln!(
            "justclick: resuming from journal {} ({} rows recorded)",
            journal_path.display(),
            resume.len()
        );
    }
    let stop: StopFlag = Arc::new(AtomicBool::new(false));
    install_stop_handler(&stop);
    let counters = Arc::new(Counters::default());
    let progress = Progress::start(
        total,
        Duration::from_secs_f64(a.progress_interval),
        Arc::clone(&counters),
        a.dry_run,
    );
    let tally = Mutex::new(Tally {
        rows: total,
        ..Tally::default()
    });
    let mut rd = Reader {
        mapper: &mapper,
        resume: &resume,
        args: a,
        json,
        tally: &tally,
        report: &report,
        progress: &progress,
        printed_invalid: 0,
    };
    let mut read_error: Option<Failure> = None;
    let mut rec = csv::ByteRecord::new();
    let mut row = 0u64;
    let fatal = match (client, journal) {
        (Some(client), Some(journal)) => {
            let shared = Shared {
                client: &client,
                action: a.action,
                journal: Mutex::new(journal),
                tally: &tally,
                report: &report,
                limiter: RateLimiter::new(a.rate),
                stop: Arc::clone(&stop),
                progress: &progress,
                fatal: Mutex::new(None),
                no_answer_streak: AtomicU32::new(0),
            };
            let (tx, rx) = sync_channel::<Job>(a.concurrency * 2);
            let rx = Mutex::new(rx);
            std::thread::scope(|s| {
                for _ in 0..a.concurrency {
                    s.spawn(|| shared.work(&rx));
                }
                while !stop.load(Ordering::SeqCst) {
                    match reader.read_byte_record(&mut rec) {
                        Ok(false) => break,
                        Ok(true) => {}
                        Err(e) => {
                            read_error = Some(Failure::internal(format!(
                                "cannot read {}: {e}",
                                a.csv.display()
                            )));
                            stop.store(true, Ordering::SeqCst);
                            break;
                        }
                    }
                    row += 1;
                    match rd.decide(&rec, row) {
                        Ok(Decision::Send(job)) => {
                            if tx.send(job).is_err() {
                                break;
                            }
                        }
                        Ok(Decision::Handled) => {}
                        Err(f) => {
                            read_error = Some(f);
                            stop.store(true, Ordering::SeqCst);
                            break;
                        }
                    }
                }
                drop(tx);
            });
            let mut j = shared
                .journal
                .into_inner()
                .unwrap_or_else(PoisonError::into_inner);
            if let Err(e) = j.sync() {
                read_error.get_or_insert(Failure::internal(e));
            }
            shared
                .fatal
                .into_inner()
                .unwrap_or_else(PoisonError::into_inner)
        }
        _ => {
            while !stop.load(Ordering::SeqCst) {
                match reader.read_byte_record(&mut rec) {
                    Ok(true) => {}
                    Ok(false) => break,
                    Err(e) => {
                        read_error = Some(Failure::internal(format!(
                            "cannot read {}: {e}",
                            a.csv.display()
                        )));
                        break;
                    }
                }
                row += 1;
                if let Err(f) = rd.decide(&rec, row) {
                    read_error = Some(f);
                    break;
                }
            }
            None
        }
    };
    progress.finish();
    if let Some(r) = report.into_inner().unwrap_or_else(PoisonError::into_inner) {
        r.finish().map_err(Failure::internal)?;
    }
    let mut t = tally.into_inner().unwrap_or_else(PoisonError::into_inner);
    t.not_attempted = total.saturating_sub(counters.processed.load(Ordering::SeqCst));
    let interrupted = stop.load(Ordering::SeqCst) && fatal.is_none() && read_error.is_none();
    let elapsed = started.elapsed();
    if json {
        write_stdout(
            &t.to_json(action, a.dry_run, interrupted, elapsed)
                .to_string(),
        )?;
    } else {
        write_stdout(&t.to_text(action, a.dry_run, interrupted, elapsed))?;
    }
    if let Some(f) = read_error.or(fatal) {
        return Err(f);
    }
    Ok(if interrupted {
        exit::INTERRUPTED
    } else if t.failed() > 0 {
        exit::PARTIAL
    } else {
        exit::OK
    })
}
