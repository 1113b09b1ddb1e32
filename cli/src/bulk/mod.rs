//! `justclick bulk`: one API call per CSV row, paced, journaled, resumable.
//!
//! The input is read and decoded whole ([`input`]), every row is validated and
//! duplicates found before anything is sent ([`rows`]), the journal decides what is
//! left to do ([`journal`]), the credentials and groups are checked ([`preflight`]),
//! then `--concurrency` workers share one client. Every row's [`outcome::Outcome`]
//! feeds the summary, the report and the exit code.

pub mod email;
pub mod input;
pub mod journal;
pub mod outcome;
pub mod preflight;
pub mod progress;
pub mod rate;
pub mod report;
pub mod rows;
pub mod statuses;
pub mod summary;
pub mod worker;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::mpsc::sync_channel;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use serde_json::json;

use crate::args::{BulkAction, BulkArgs, Global};
use crate::creds;
use crate::exit::{self, CliResult, Failure};
use crate::i18n::{tr, trf};
use crate::output::write_stdout;
use journal::{Journal, Resume, RowState};
use outcome::Outcome;
use progress::{Counters, Progress, StopFlag};
use rate::RateLimiter;
use report::{Report, ReportRow};
use rows::{GroupPolicy, HeaderOptions, Prepared, RowMapper};
use summary::Tally;
use worker::{Job, Shared};

/// Invalid rows printed on stderr before the rest go only to the report and summary.
const MAX_PRINTED_INVALID: u64 = 50;
/// Longest message kept on one line (an HTML error page is cut here).
const MAX_MESSAGE: usize = 300;

/// Free text on one line: whitespace runs (newlines of an HTML page) become one space,
/// and long texts are cut.
#[must_use]
pub fn one_line(s: &str) -> String {
    let mut out = String::with_capacity(s.len().min(MAX_MESSAGE));
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    if out.chars().count() > MAX_MESSAGE {
        out = out.chars().take(MAX_MESSAGE).collect::<String>() + "…";
    }
    out
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
    if !a.retry_delay.is_finite() || a.retry_delay < 0.0 || a.retry_delay > 600.0 {
        return Err(Failure::usage(
            "--retry-delay must be between 0 and 600 seconds",
        ));
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
                "justclick: {}",
                tr("stopping after the requests in flight (press Ctrl-C again to quit now)")
            );
            stop.store(true, Ordering::SeqCst);
        } else {
            std::process::exit(i32::from(exit::INTERRUPTED));
        }
    });
}

/// Where the job's journal lives.
fn journal_path(a: &BulkArgs) -> CliResult<PathBuf> {
    let action = a.action.name();
    if let Some(j) = &a.journal {
        return Ok(j.clone());
    }
    if let Some(name) = &a.job {
        if name.is_empty() || name.contains('/') {
            return Err(Failure::usage("--job NAME: a plain name without '/'"));
        }
        return Ok(PathBuf::from(format!("{name}.{action}.journal")));
    }
    let regular = a.csv.as_os_str() != "-" && std::fs::metadata(&a.csv).is_ok_and(|m| m.is_file());
    if !regular {
        return Err(Failure::usage(format!(
            "--csv {} is not a regular file (stdin or a pipe): name the job with --job NAME \
             (journal NAME.{action}.journal here) or pass --journal FILE",
            a.csv.display()
        )));
    }
    Ok(journal::default_path(&a.csv, action))
}

/// `key=value` pairs of a query, decoded, for people: `lead_name=Иван Петров` →
/// `lead_name="Иван Петров"`.
fn decoded(query: &str) -> String {
    query
        .split('&')
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            let (k, v) = (
                justclick::query::urldecode(k),
                justclick::query::urldecode(v),
            );
            if v.is_empty() || v.contains(|c: char| c.is_whitespace() || c == '"') {
                format!("{k}={v:?}")
            } else {
                format!("{k}={v}")
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The header options from the command line.
fn header_options(a: &BulkArgs) -> CliResult<HeaderOptions> {
    let maps = a
        .map
        .iter()
        .map(|m| {
            m.split_once('=')
                .map(|(c, f)| (c.to_owned(), f.to_owned()))
                .filter(|(c, f)| !c.trim().is_empty() && !f.trim().is_empty())
                .ok_or_else(|| Failure::usage(format!("--map {m:?}: expected COLUMN=FIELD")))
        })
        .collect::<CliResult<Vec<_>>>()?;
    Ok(HeaderOptions {
        groups: a.group.clone(),
        policy: if a.group_overrides {
            GroupPolicy::Option
        } else if a.column_overrides {
            GroupPolicy::Column
        } else {
            GroupPolicy::Refuse
        },
        maps,
        ignore_unknown: a.ignore_unknown_columns,
    })
}

/// The input read, decoded and mapped.
pub struct Loaded {
    /// The decoded input.
    pub input: input::Input,
    /// Each row's fields (lossy for rows that are not text), for the report.
    pub fields: Vec<Vec<String>>,
    /// Each row's request, or why it is invalid.
    pub prepared: Vec<Result<Prepared, String>>,
    /// The display name of the input.
    pub name: String,
}

/// Reads, decodes and validates the input.
///
/// # Errors
/// Unreadable or empty input, bad header, bad options.
pub fn load(a: &BulkArgs) -> CliResult<Loaded> {
    let name = if a.csv.as_os_str() == "-" {
        "stdin".to_owned()
    } else {
        a.csv.display().to_string()
    };
    let encoding = a
        .encoding
        .as_deref()
        .map(input::parse_encoding)
        .transpose()
        .map_err(Failure::usage)?;
    let delimiter = a
        .delimiter
        .as_deref()
        .map(input::parse_delimiter)
        .transpose()
        .map_err(Failure::usage)?;
    let bytes = input::read_bytes(&a.csv).map_err(Failure::usage)?;
    let input = input::parse(&bytes, &name, encoding, delimiter).map_err(Failure::usage)?;
    if let Some(n) = &input.notice {
        eprintln!("justclick: {name}: {n}");
    }
    let mapper = RowMapper::new(a.action, &input.header, &header_options(a)?).map_err(|e| {
        Failure::usage(format!(
            "{name} (read as {}, delimiter {:?}): {e}",
            input.encoding, input.delimiter as char
        ))
    })?;
    let mut fields = Vec::with_capacity(input.records.len());
    let mut prepared = Vec::with_capacity(input.records.len());
    for r in &input.records {
        match &r.fields {
            Ok(f) => {
                prepared.push(mapper.prepare(f));
                fields.push(f.clone());
            }
            Err(why) => {
                prepared.push(Err(why.clone()));
                fields.push(Vec::new());
            }
        }
    }
    Ok(Loaded {
        input,
        fields,
        prepared,
        name,
    })
}

/// Runs `justclick bulk …` and returns the exit code.
///
/// # Errors
/// Usage problems found before any row is sent, and fatal I/O errors.
pub fn run(g: &Global, json: bool, a: &BulkArgs) -> CliResult<u8> {
    check_args(a)?;
    if a.action == BulkAction::Statuses {
        return statuses::run(g, json, a);
    }
    let started = Instant::now();
    let action = a.action.name();
    let journal_path = journal_path(a)?;
    let loaded = load(a)?;
    let lines: Vec<u64> = loaded.input.records.iter().map(|r| r.line).collect();

    // Every row's outcome as far as known before sending: invalid, duplicate.
    let mut outcomes: Vec<Outcome> = Vec::with_capacity(lines.len());
    let mut first_of: HashMap<&str, u64> = HashMap::new();
    for (i, p) in loaded.prepared.iter().enumerate() {
        outcomes.push(match p {
            Err(why) => Outcome::Invalid(one_line(why)),
            Ok(p) => match first_of.get(p.identity.as_str()) {
                Some(line) => Outcome::Duplicate(*line),
                None => {
                    first_of.insert(&p.identity, lines[i]);
                    Outcome::Pending
                }
            },
        });
    }
    let mut printed = 0;
    for (o, line) in outcomes.iter().zip(&lines) {
        if let Outcome::Invalid(why) = o {
            if printed < MAX_PRINTED_INVALID {
                eprintln!("{} {line}: {}: {why}", tr("line"), tr("invalid row"));
            } else if printed == MAX_PRINTED_INVALID {
                eprintln!(
                    "{}",
                    tr("… more invalid rows: see the summary and --report")
                );
            }
            printed += 1;
        }
    }

    // The journal: what earlier runs of this job did.
    let (journal, resume) = open_journal(a, &journal_path, action)?;
    let mut in_doubt = vec![false; outcomes.len()];
    for (i, p) in loaded.prepared.iter().enumerate() {
        let (Ok(p), Outcome::Pending) = (p, &outcomes[i]) else {
            continue;
        };
        match resume.get(p.key) {
            Some(e) if e.state == RowState::Done => outcomes[i] = Outcome::SkippedDone,
            Some(e) if e.state == RowState::Refused && !a.retry_failed => {
                outcomes[i] = Outcome::Refused {
                    code: e.code.unwrap_or(0),
                    text: e.text.clone(),
                    before: true,
                }
            }
            Some(e) if e.state == RowState::InDoubt => in_doubt[i] = true,
            _ => {}
        }
    }

    let report = match &a.report {
        Some(p) => {
            let mut r = Report::create(p, &loaded.input.header, loaded.input.delimiter)
                .map_err(Failure::internal)?;
            for (i, o) in outcomes.iter().enumerate() {
                if let (false, Some((outcome, code, message))) =
                    (matches!(o, Outcome::Pending), o.report_fields(a.dry_run))
                {
                    let row = ReportRow {
                        fields: &loaded.fields[i],
                        line: lines[i],
                        outcome,
                        code,
                        message: &message,
                    };
                    r.add(&row).map_err(Failure::internal)?;
                }
            }
            Some(r)
        }
        None => None,
    };

    let to_send: Vec<usize> = (0..outcomes.len())
        .filter(|i| outcomes[*i] == Outcome::Pending)
        .collect();
    if a.dry_run {
        for i in &to_send {
            let Ok(p) = &loaded.prepared[*i] else {
                continue;
            };
            let method = a.action.method();
            if json {
                let j = json!({"line": lines[*i], "method": method,
                               "params": p.params.to_json(), "query": p.query,
                               "in_doubt": in_doubt[*i]});
                write_stdout(&j.to_string())?;
            } else {
                let note = if in_doubt[*i] {
                    "  (in doubt: checked first)"
                } else {
                    ""
                };
                write_stdout(&format!(
                    "{} {}: {method} {}{note}",
                    tr("line"),
                    lines[*i],
                    decoded(&p.query)
                ))?;
            }
        }
    }

    let outcomes = Mutex::new(outcomes);
    let report = Mutex::new(report);
    let stop: StopFlag = Arc::new(AtomicBool::new(false));
    let counters = Arc::new(Counters::default());
    let mut fatal = None;
    let mut sent_this_run = 0;
    if let (Some(journal), false) = (journal, a.dry_run) {
        let creds = creds::Credentials::resolve(g)?;
        let client = creds::client_with(g, &creds, None)?;
        let groups: Vec<&str> = to_send
            .iter()
            .filter_map(|i| loaded.prepared[*i].as_ref().ok())
            .flat_map(|p| p.groups.iter().map(String::as_str))
            .chain(a.group.iter().map(String::as_str))
            .collect();
        preflight::check(&client, a.action, &groups)?;
        if !resume.is_empty() {
            eprintln!(
                "justclick: {} {} ({} {})",
                tr("resuming job from journal"),
                journal_path.display(),
                resume.len(),
                tr("rows recorded")
            );
        }
        install_stop_handler(&stop);
        let progress = Progress::start(
            to_send.len() as u64,
            Duration::from_secs_f64(a.progress_interval),
            Arc::clone(&counters),
            false,
        );
        let shared = Shared {
            client: &client,
            action: a.action,
            journal: Mutex::new(journal),
            outcomes: &outcomes,
            fields: &loaded.fields,
            report: &report,
            limiter: RateLimiter::new(a.rate),
            stop: Arc::clone(&stop),
            progress: &progress,
            fatal: Mutex::new(None),
            no_answer_streak: AtomicU32::new(0),
            retries: a.retries,
            retry_delay: Duration::from_secs_f64(a.retry_delay),
        };
        let (tx, rx) = sync_channel::<Job>(a.concurrency * 2);
        let rx = Mutex::new(rx);
        std::thread::scope(|s| {
            for _ in 0..a.concurrency {
                s.spawn(|| shared.work(&rx));
            }
            for i in &to_send {
                if stop.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(p) = &loaded.prepared[*i] else {
                    continue;
                };
                let job = Job {
                    index: *i,
                    line: lines[*i],
                    key: p.key,
                    params: p.params.clone(),
                    email: p.email.clone(),
                    groups: p.groups.clone(),
                    in_doubt: in_doubt[*i],
                };
                if tx.send(job).is_err() {
                    break;
                }
            }
            drop(tx);
        });
        sent_this_run = counters.processed.load(Ordering::SeqCst);
        fatal = shared
            .fatal
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner);
        let mut j = shared
            .journal
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner);
        let outcomes = outcomes.lock().unwrap_or_else(PoisonError::into_inner);
        let open = outcomes
            .iter()
            .any(|o| matches!(o, Outcome::Pending | Outcome::NoAnswer { .. }));
        let result = if !open && fatal.is_none() && !stop.load(Ordering::SeqCst) {
            let done = outcomes.iter().filter(|o| o.is_done()).count() as u64;
            j.finish(done)
        } else {
            j.sync()
        };
        if let Err(e) = result {
            fatal.get_or_insert(Failure::internal(e));
        }
        drop(outcomes);
        progress.finish();
    }
    let outcomes = outcomes
        .into_inner()
        .unwrap_or_else(PoisonError::into_inner);
    if let Some(r) = report.into_inner().unwrap_or_else(PoisonError::into_inner) {
        let rows = outcomes.iter().enumerate().filter_map(|(i, o)| {
            let (outcome, code, message) = o.report_fields(a.dry_run)?;
            Some((i, outcome.to_owned(), code, message))
        });
        let rows: Vec<_> = rows.collect();
        r.rewrite(rows.iter().map(|(i, outcome, code, message)| ReportRow {
            fields: &loaded.fields[*i],
            line: lines[*i],
            outcome,
            code: *code,
            message,
        }))
        .map_err(Failure::internal)?;
    }
    let mut t = Tally::of(&outcomes, a.dry_run);
    t.sent_this_run = sent_this_run;
    let interrupted = stop.load(Ordering::SeqCst) && fatal.is_none();
    let elapsed = started.elapsed();
    if json {
        let mut j = t.to_json(action, a.dry_run, interrupted, elapsed);
        j["input"] = json!({"name": loaded.name, "encoding": loaded.input.encoding,
                            "delimiter": (loaded.input.delimiter as char).to_string()});
        j["journal"] = json!(journal_path.display().to_string());
        write_stdout(&j.to_string())?;
    } else {
        write_stdout(&t.to_text(action, a.dry_run, interrupted, elapsed))?;
    }
    if let Some(f) = fatal {
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

/// Opens (or for a dry run, only reads) the journal; a finished job's journal is moved
/// aside and a new job started, unless `--resume`.
fn open_journal(a: &BulkArgs, path: &Path, action: &str) -> CliResult<(Option<Journal>, Resume)> {
    if a.dry_run {
        let resume = journal::load(path, action).map_err(Failure::usage)?;
        return Ok((None, resume));
    }
    let j = Journal::open(path, action).map_err(|e| {
        if e.busy {
            Failure::new(exit::BUSY, e.message)
        } else {
            Failure::internal(e.message)
        }
    })?;
    let resume = journal::load(path, action).map_err(Failure::usage)?;
    if resume.bad_lines > 0 {
        eprintln!(
            "justclick: journal {}: {} unreadable line(s) ignored (a crash mid-write)",
            path.display(),
            resume.bad_lines
        );
    }
    match resume.finished {
        Some(when) if !a.resume => {
            let (j, archived) = j
                .archive_and_restart(action, when)
                .map_err(Failure::internal)?;
            eprintln!(
                "justclick: journal {}: {}",
                path.display(),
                trf(
                    "that job finished on {}: starting a new job (its journal moved to {}; pass --resume to skip what it did)",
                    &[
                        &crate::dates::human_utc(when),
                        &archived.display().to_string()
                    ]
                )
            );
            Ok((Some(j), Resume::default()))
        }
        _ => Ok((Some(j), resume)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dry_run_text_is_decoded_and_messages_fit_one_line() {
        assert_eq!(
            decoded(
                "lead_email=a%40b.ru&lead_name=%D0%98%D0%B2%D0%B0%D0%BD+%D0%9F&rid%5B0%5D=super"
            ),
            "lead_email=a@b.ru lead_name=\"Иван П\" rid[0]=super"
        );
        let html = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n</body>";
        assert_eq!(
            one_line(html),
            "<html> <head><title>502 Bad Gateway</title></head> <body> </body>"
        );
        assert!(one_line(&"x ".repeat(1000)).chars().count() <= MAX_MESSAGE + 1);
    }
}
