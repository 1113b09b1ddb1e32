//! Bulk jobs against the in-process sandbox: 10,000 rows with latency and faults, a
//! kill -9 in the middle and a resume (checked against the sandbox's request log and
//! state), Ctrl-C, malformed rows, dry runs, pacing.

mod common;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use common::{jc, journal_lines, run_ok, sandbox, status_of, statuses_in, wait_for, write_csv};
use justclick_sandbox::{Fault, LoggedRequest, Sandbox};

fn emails(n: usize, tag: &str) -> impl Iterator<Item = String> + '_ {
    (0..n).map(move |i| format!("{tag}{i:05}@bulk.example.com"))
}

/// Subscribes `n` fresh contacts to `super` with a bulk job (itself under test).
fn subscribe_many(sb: &Sandbox, dir: &Path, n: usize, tag: &str) {
    let csv = dir.join(format!("{tag}-subscribe.csv"));
    write_csv(
        &csv,
        "lead_email,lead_name",
        emails(n, tag).map(|e| format!("{e},Reader")),
    );
    let r = run_ok(
        jc(sb)
            .args(["bulk", "subscribe", "--group", "super", "--rate", "0"])
            .args(["--concurrency", "16", "--json", "--csv"])
            .arg(&csv),
        0,
    );
    let s = r.last_json();
    assert_eq!(s["done"], n as u64, "{s}");
    assert_eq!(s["failed"], 0, "{s}");
}

fn unsubscribe_csv(dir: &Path, n: usize, tag: &str) -> std::path::PathBuf {
    let csv = dir.join(format!("{tag}-unsubscribe.csv"));
    write_csv(
        &csv,
        "lead_email,rass_name",
        emails(n, tag).map(|e| format!("{e},super")),
    );
    csv
}

/// Merges log snapshots (each holds at most the last 10,000 requests) by sequence
/// number, keeping requests after `after`.
fn merged_log(snapshots: &[Vec<LoggedRequest>], after: u64) -> Vec<LoggedRequest> {
    let mut by_seq = BTreeMap::new();
    for snap in snapshots {
        for e in snap.iter().filter(|e| e.seq > after) {
            by_seq.insert(e.seq, e.clone());
        }
    }
    by_seq.into_values().collect()
}

fn last_seq(sb: &Sandbox) -> u64 {
    sb.request_log().last().map_or(0, |e| e.seq)
}

/// DeleteSubscribe requests per e-mail: (all received, processed by the method).
fn deletes_by_email(log: &[LoggedRequest]) -> HashMap<String, (u32, u32, Vec<i64>)> {
    let mut m: HashMap<String, (u32, u32, Vec<i64>)> = HashMap::new();
    for e in log
        .iter()
        .filter(|e| e.method.as_deref() == Some("DeleteSubscribe"))
    {
        let email = e.params["lead_email"].as_str().unwrap_or("").to_owned();
        let slot = m.entry(email).or_default();
        slot.0 += 1;
        if let Some(code) = e.error_code {
            slot.1 += 1;
            slot.2.push(code);
        }
    }
    m
}

/// The keys of journal lines of `kind`.
fn journal_rows(path: &Path, kind: &str) -> BTreeSet<String> {
    journal_lines(path, kind)
        .iter()
        .filter_map(|l| Some(l.split('\t').nth(1)?.to_owned()))
        .collect()
}

#[test]
fn ten_thousand_rows_with_faults_survive_kill_9_and_resume_exactly_once() {
    const N: usize = 10_000;
    let sb = sandbox(2);
    let dir = tempfile::tempdir().unwrap();
    let t = Instant::now();
    subscribe_many(&sb, dir.path(), N, "k");
    eprintln!("subscribed {N} in {:?}", t.elapsed());
    let t = Instant::now();
    let base = last_seq(&sb);
    let csv = unsubscribe_csv(dir.path(), N, "k");
    let journal = dir.path().join("job.journal");

    let mut child = jc(&sb)
        .args(["bulk", "unsubscribe", "--rate", "0", "--concurrency", "16"])
        .args(["--retries", "0"])
        .arg("--csv")
        .arg(&csv)
        .arg("--journal")
        .arg(&journal)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Faulty answers once the job runs (after its GetAllGroups check): forged
    // signatures and cut connections (the request was applied, the answer lost) and a
    // proxy error (not applied). Without in-run retries they stay in doubt for the
    // resume.
    wait_for(Duration::from_secs(60), "the job to start", || {
        !journal_lines(&journal, "S").is_empty()
    });
    sb.inject(Fault::ForgedHash, 3);
    sb.inject(Fault::DropConnection, 3);
    sb.inject(Fault::TruncatedJson, 2);
    sb.inject(Fault::Html502, 3);
    wait_for(Duration::from_secs(120), "4000 rows done", || {
        journal_lines(&journal, "D").len() >= 4000
    });
    child.kill().unwrap(); // SIGKILL: no handler runs, nothing is flushed by us
    let _ = child.wait();
    let first_log = sb.request_log();
    let done_before = journal_rows(&journal, "D");
    let sent_before = journal_rows(&journal, "S");
    let in_flight = sent_before
        .iter()
        .filter(|r| !done_before.contains(*r))
        .count();
    assert!(
        done_before.len() >= 4000 && done_before.len() < N,
        "{}",
        done_before.len()
    );
    eprintln!(
        "killed after {:?} with {} rows done, {in_flight} sent without a verified success",
        t.elapsed(),
        done_before.len()
    );
    let t = Instant::now();

    // Resume: the same command.
    std::thread::sleep(Duration::from_millis(100));
    let r = run_ok(
        jc(&sb)
            .args([
                "bulk",
                "unsubscribe",
                "--rate",
                "0",
                "--concurrency",
                "16",
                "--json",
            ])
            .arg("--csv")
            .arg(&csv)
            .arg("--journal")
            .arg(&journal),
        0,
    );
    let s = r.last_json();
    eprintln!("resumed in {:?}: {s}", t.elapsed());
    assert_eq!(s["skipped_done"], done_before.len() as u64, "{s}");
    assert_eq!(
        s["done"].as_u64().unwrap()
            + s["skipped_done"].as_u64().unwrap()
            + s["recovered"].as_u64().unwrap(),
        N as u64,
        "{s}"
    );
    assert_eq!(s["failed"], 0, "{s}");
    assert!(
        s["recovered"].as_u64().unwrap() >= 1,
        "faulty answers were applied: {s}"
    );

    // Every row applied, from the sandbox's state.
    let statuses = statuses_in(&sb.state_json(), "super");
    for e in emails(N, "k") {
        assert_eq!(
            statuses.get(&e).map(String::as_str),
            Some("STATUS_UNSUBSCRIBE"),
            "{e}"
        );
    }
    // And none applied twice, from its request log: each e-mail's DeleteSubscribe was
    // processed exactly once, with success; rows done before the kill were never sent
    // again.
    let log = merged_log(&[first_log.clone(), sb.request_log()], base);
    let mut by_email = deletes_by_email(&log);
    // Answers the proxy fault cut short are logged without parameters: none processed.
    if let Some((_, processed, _)) = by_email.remove("") {
        assert_eq!(processed, 0);
    }
    assert_eq!(by_email.len(), N);
    for (email, (received, processed, codes)) in &by_email {
        assert_eq!(
            *processed, 1,
            "{email}: processed {processed} times, codes {codes:?}"
        );
        assert_eq!(codes, &[0], "{email}");
        assert!(*received <= 2, "{email}: received {received} times");
    }
    // Rows answered with a clean success before the kill were never sent again.
    let clean_before: BTreeSet<String> = first_log
        .iter()
        .filter(|e| e.seq > base && e.error_code == Some(0) && e.fault.is_none())
        .filter(|e| e.method.as_deref() == Some("DeleteSubscribe"))
        .filter_map(|e| Some(e.params["lead_email"].as_str()?.to_owned()))
        .collect();
    assert!(clean_before.len() >= 4000 - 20, "{}", clean_before.len());
    for email in &clean_before {
        assert_eq!(
            by_email[email].0, 1,
            "{email} was done before the kill and sent again"
        );
    }
    // A third run with --resume has nothing left to do (without it, the finished
    // job would start again as a new one).
    let r = run_ok(
        jc(&sb)
            .args(["bulk", "unsubscribe", "--resume", "--json", "--csv"])
            .arg(&csv)
            .arg("--journal")
            .arg(&journal),
        0,
    );
    let s = r.last_json();
    assert_eq!(s["done"], 0, "{s}");
    assert_eq!(
        s["skipped_done"].as_u64().unwrap() + s["skipped_refused"].as_u64().unwrap(),
        N as u64,
        "{s}"
    );
}

#[test]
fn ctrl_c_finishes_in_flight_requests_and_resume_completes() {
    const N: usize = 1500;
    let sb = sandbox(0);
    let dir = tempfile::tempdir().unwrap();
    subscribe_many(&sb, dir.path(), N, "c");
    let base = last_seq(&sb);
    sb.set_latency(Duration::from_millis(20));
    let csv = unsubscribe_csv(dir.path(), N, "c");
    let journal = justclick_journal(&csv);
    let child = jc(&sb)
        .args([
            "bulk",
            "unsubscribe",
            "--rate",
            "0",
            "--concurrency",
            "4",
            "--json",
            "--progress-interval",
            "0.2",
        ])
        .arg("--csv")
        .arg(&csv)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let spawned = Instant::now();
    wait_for(Duration::from_secs(60), "100 rows done", || {
        journal_lines(&journal, "D").len() >= 100
    });
    // Long enough for a few progress lines.
    std::thread::sleep(Duration::from_millis(700).saturating_sub(spawned.elapsed()));
    let pid = child.id().to_string();
    assert!(
        std::process::Command::new("kill")
            .args(["-INT", &pid])
            .status()
            .unwrap()
            .success()
    );
    let start = Instant::now();
    let out = child.wait_with_output().unwrap();
    assert!(start.elapsed() < Duration::from_secs(5), "stopped promptly");
    assert_eq!(out.status.code(), Some(130));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let summary: serde_json::Value = serde_json::from_str(stdout.lines().last().unwrap()).unwrap();
    assert_eq!(summary["interrupted"], true, "{summary}");
    // Not a terminal: plain periodic progress lines with rate and ETA.
    let stderr = String::from_utf8_lossy(&out.stderr);
    let progress = stderr
        .lines()
        .find(|l| l.starts_with("progress: "))
        .unwrap_or_else(|| panic!("no progress line in {stderr}"));
    assert!(progress.contains("rows/s, ETA "), "{progress}");
    assert!(
        stderr.contains("stopping after the requests in flight"),
        "{stderr}"
    );
    assert!(summary["not_attempted"].as_u64().unwrap() > 0, "{summary}");
    // In-flight requests finished: every row sent has its verified outcome.
    let sent = journal_rows(&journal, "S");
    let done = journal_rows(&journal, "D");
    assert_eq!(sent, done, "no row left in doubt after Ctrl-C");
    assert_eq!(done.len() as u64, summary["done"].as_u64().unwrap());

    let r = run_ok(
        jc(&sb)
            .args([
                "bulk",
                "unsubscribe",
                "--rate",
                "0",
                "--concurrency",
                "8",
                "--json",
            ])
            .arg("--csv")
            .arg(&csv),
        0,
    );
    let s = r.last_json();
    assert_eq!(s["skipped_done"], done.len() as u64, "{s}");
    assert_eq!(s["done"], (N - done.len()) as u64, "{s}");
    let log = merged_log(&[sb.request_log()], base);
    let by_email = deletes_by_email(&log);
    assert_eq!(by_email.len(), N);
    assert!(
        by_email
            .values()
            .all(|(received, processed, codes)| *received == 1 && *processed == 1 && codes == &[0])
    );
}

fn justclick_journal(csv: &Path) -> std::path::PathBuf {
    let mut name = csv.file_name().unwrap().to_os_string();
    name.push(".unsubscribe.journal");
    csv.with_file_name(name)
}

#[test]
fn malformed_rows_are_reported_by_line_and_the_job_goes_on() {
    let sb = sandbox(0);
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("mixed.csv");
    let mut bytes = b"lead_email,lead_name,rid\n".to_vec();
    bytes.extend_from_slice("ok1@example.com,Один,super\n".as_bytes()); // line 2
    bytes.extend_from_slice(b"not-an-email,Two,super\n"); // line 3
    bytes.extend_from_slice(b"ok3@example.com,\"Three, with\na newline\",mega\n"); // lines 4-5
    bytes.extend_from_slice(b"ok4@example.com,Four\n"); // line 6: too few fields
    bytes.extend_from_slice(b"ok5@example.com,F\xffive,super\n"); // line 7: not UTF-8
    bytes.extend_from_slice(b",Six,super\n"); // line 8: no e-mail
    bytes.extend_from_slice(b"ok7@example.com,Seven,\n"); // line 9: no group
    bytes.extend_from_slice(b"ok8@example.com,Eight,\"super,mega\"\n"); // line 10
    std::fs::write(&csv, bytes).unwrap();
    let report = dir.path().join("failures.csv");
    let r = run_ok(
        jc(&sb)
            .args(["bulk", "subscribe", "--rate", "0", "--csv"])
            .arg(&csv)
            .arg("--report")
            .arg(&report),
        7,
    );
    for want in [
        "line 3: invalid row: lead_email \"not-an-email\" is not an e-mail address",
        "line 6: invalid row: 2 field(s), the header has 3",
        "line 7: invalid row: line 7 is not valid UTF-8 text",
        "line 8: invalid row: lead_email is empty",
        "line 9: invalid row: no group in this row and no --group",
    ] {
        assert!(
            r.stderr.contains(want),
            "missing {want:?} in:\n{}",
            r.stderr
        );
    }
    assert!(r.stdout.contains("done            3"), "{}", r.stdout);
    assert!(r.stdout.contains("invalid rows    5"), "{}", r.stdout);
    let state = sb.state_json();
    assert_eq!(
        status_of(&state, "ok3@example.com", "mega").as_deref(),
        Some("STATUS_SUBSCRIBE")
    );
    assert_eq!(
        status_of(&state, "ok8@example.com", "mega").as_deref(),
        Some("STATUS_SUBSCRIBE")
    );
    let contacts = state["accounts"]["demo"]["contacts"].as_array().unwrap();
    let three = contacts
        .iter()
        .find(|c| c["email"] == "ok3@example.com")
        .unwrap();
    assert_eq!(three["name"], "Three, with\na newline");
    // The report: original columns, then where and why.
    let mut rd = csv::ReaderBuilder::new().from_path(&report).unwrap();
    let header: Vec<String> = rd.headers().unwrap().iter().map(str::to_owned).collect();
    assert_eq!(
        header,
        [
            "lead_email",
            "lead_name",
            "rid",
            "_line",
            "_outcome",
            "_code",
            "_message"
        ]
    );
    let rows: Vec<csv::StringRecord> = rd.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 5);
    assert_eq!(&rows[0][0], "not-an-email");
    assert_eq!(&rows[0][3], "3");
    assert_eq!(&rows[0][4], "invalid");
}

/// Findings 3, 4 and 9: refusals stay in the report and the exit code across
/// reruns; a finished job is closed and a rerun starts a new one (saying so); 801
/// reads right for a missing contact and for one already unsubscribed.
#[test]
fn refusals_stay_true_across_runs_and_a_finished_job_starts_anew() {
    let sb = sandbox(0);
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("u.csv");
    write_csv(
        &csv,
        "lead_email",
        [
            "user@example.com",
            "nobody@example.com",
            "ghost@example.com",
        ]
        .iter()
        .map(|s| (*s).to_owned()),
    );
    let report = dir.path().join("report.csv");
    let unsub = |extra: &[&str]| {
        let mut c = jc(&sb);
        c.args([
            "bulk",
            "unsubscribe",
            "--group",
            "super",
            "--rate",
            "0",
            "--json",
        ])
        .args(extra)
        .arg("--report")
        .arg(&report)
        .arg("--csv")
        .arg(&csv);
        c
    };
    let r = run_ok(&mut unsub(&[]), 7);
    let s = r.last_json();
    assert_eq!(s["done"], 1, "{s}");
    assert_eq!(s["api_errors"]["801"]["count"], 2, "{s}");
    let text = s["api_errors"]["801"]["text"].as_str().unwrap();
    assert!(text.starts_with("no contact with this e-mail"), "{text}");
    let report_rows = |want: usize| {
        let mut rd = csv::ReaderBuilder::new().from_path(&report).unwrap();
        let rows: Vec<csv::StringRecord> = rd.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), want, "{rows:?}");
        rows
    };
    assert_eq!(&report_rows(2)[0][0], "nobody@example.com");

    // --resume: the refusals are not resent, and stay in the report and the exit code.
    let before = sb.request_log().len();
    let r = run_ok(&mut unsub(&["--resume"]), 7);
    let s = r.last_json();
    assert_eq!(s["skipped_refused"], 2, "{s}");
    assert_eq!(s["skipped_done"], 1, "{s}");
    let rows = report_rows(2);
    assert_eq!(&rows[1][2], "api_error");
    assert_eq!(&rows[1][3], "801");
    let api: Vec<_> = sb.request_log()[before..]
        .iter()
        .filter(|e| e.method.as_deref() == Some("DeleteSubscribe"))
        .cloned()
        .collect();
    assert!(api.is_empty(), "nothing resent: {api:?}");

    // Plain rerun of the finished job: a new job, announced; user@example.com is
    // already unsubscribed, which 801 means here: done, "already".
    let r = run_ok(&mut unsub(&[]), 7);
    assert!(r.stderr.contains("starting a new job"), "{}", r.stderr);
    let s = r.last_json();
    assert_eq!(s["already"], 1, "{s}");
    assert_eq!(s["skipped_done"], 0, "{s}");
    let archived = std::fs::read_dir(dir.path())
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .contains(".finished-")
        })
        .count();
    assert_eq!(archived, 1);
}

/// Finding 4: a week later the contact resubscribed; the same file and command
/// unsubscribe it again instead of skipping it.
#[test]
fn a_week_old_finished_journal_does_not_skip_a_resubscribed_contact() {
    let sb = sandbox(0);
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("w.csv");
    write_csv(
        &csv,
        "lead_email",
        std::iter::once("user@example.com".to_owned()),
    );
    let cmd = || {
        let mut c = jc(&sb);
        c.args([
            "bulk",
            "unsubscribe",
            "--group",
            "super",
            "--rate",
            "0",
            "--json",
            "--csv",
        ])
        .arg(&csv);
        c
    };
    run_ok(&mut cmd(), 0);
    // Age the finished journal by a week.
    let jpath = justclick_journal(&csv);
    let text = std::fs::read_to_string(&jpath).unwrap();
    let week_ago = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
        - 7 * 86400;
    let aged: String = text
        .lines()
        .map(|l| match l.strip_prefix("F\t") {
            Some(rest) => format!("F\t{week_ago}\t{}\n", rest.split_once('\t').unwrap().1),
            None => format!("{l}\n"),
        })
        .collect();
    std::fs::write(&jpath, aged).unwrap();
    common::run_ok(jc(&sb).args(["subscribe", "user@example.com", "super"]), 0);
    let r = run_ok(&mut cmd(), 0);
    assert!(r.stderr.contains("starting a new job"), "{}", r.stderr);
    assert_eq!(r.last_json()["done"], 1);
    assert_eq!(
        status_of(&sb.state_json(), "user@example.com", "super").as_deref(),
        Some("STATUS_UNSUBSCRIBE")
    );
}

#[test]
fn dry_run_validates_and_shows_without_sending() {
    let sb = sandbox(0);
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("d.csv");
    write_csv(
        &csv,
        "lead_email,lead_phone,_note",
        ["a@example.com,+7 1,x", "bad,+7 2,y", "c@example.com,,z"]
            .iter()
            .map(|s| (*s).to_owned()),
    );
    let r = run_ok(
        jc(&sb)
            .args(["bulk", "update", "--dry-run", "--csv"])
            .arg(&csv),
        7,
    );
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(
        lines[0],
        "line 2: UpdateSubscriberData lead_email=a@example.com lead_phone=\"+7 1\""
    );
    assert!(r.stderr.contains("line 3: invalid row"), "{}", r.stderr);
    assert!(
        r.stderr.contains("line 4: invalid row: nothing to update"),
        "{}",
        r.stderr
    );
    assert!(r.stdout.contains("would send      1"), "{}", r.stdout);
    let j = run_ok(
        jc(&sb)
            .args(["bulk", "update", "--dry-run", "--json", "--csv"])
            .arg(&csv),
        7,
    );
    let first: serde_json::Value = serde_json::from_str(j.stdout.lines().next().unwrap()).unwrap();
    assert_eq!(first["params"]["lead_phone"], "+7 1");
    assert_eq!(j.last_json()["would_send"], 1);
    assert!(sb.request_log().is_empty(), "a dry run sends nothing");
    let mut journal = csv.clone().into_os_string();
    journal.push(".update.journal");
    assert!(!Path::new(&journal).exists(), "a dry run writes no journal");
    // No credentials needed for a dry run.
    run_ok(
        common::bin()
            .args(["bulk", "update", "--dry-run", "--csv"])
            .arg(&csv),
        7,
    );
}

#[test]
fn bad_headers_and_options_are_usage_errors_before_sending() {
    let sb = sandbox(0);
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("h.csv");
    write_csv(
        &csv,
        "lead_email,lead_nmae",
        std::iter::once("a@b.ru,x".to_owned()),
    );
    let r = run_ok(jc(&sb).args(["bulk", "update", "--csv"]).arg(&csv), 2);
    assert!(r.stderr.contains("lead_nmae"), "{}", r.stderr);
    run_ok(
        jc(&sb)
            .args(["bulk", "update", "--concurrency", "0", "--csv"])
            .arg(&csv),
        2,
    );
    run_ok(
        jc(&sb).args(["bulk", "update", "--csv", "/nonexistent.csv"]),
        2,
    );
    let u = dir.path().join("u.csv");
    write_csv(&u, "lead_email", std::iter::once("a@b.ru".to_owned()));
    let r = run_ok(jc(&sb).args(["bulk", "unsubscribe", "--csv"]).arg(&u), 2);
    assert!(r.stderr.contains("--group"), "{}", r.stderr);
    assert!(sb.request_log().is_empty());
}

#[test]
fn update_rows_change_contacts() {
    let sb = sandbox(0);
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("up.csv");
    write_csv(
        &csv,
        "lead_email,lead_city,lead_phone",
        std::iter::once("user@example.com,Казань,".to_owned()),
    );
    run_ok(jc(&sb).args(["bulk", "update", "--csv"]).arg(&csv), 0);
    let contacts = sb.state_json()["accounts"]["demo"]["contacts"].clone();
    let c = contacts
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["email"] == "user@example.com")
        .unwrap()
        .clone();
    assert_eq!(c["city"], "Казань");
    let body = sb.request_log().last().unwrap().body.clone();
    assert!(
        !body.contains("lead_phone"),
        "empty cells are not sent: {body}"
    );
}

#[test]
fn rate_paces_requests_across_workers() {
    let sb = sandbox(0);
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("r.csv");
    write_csv(&csv, "lead_email", emails(31, "r"));
    let start = Instant::now();
    run_ok(
        jc(&sb)
            .args(["bulk", "subscribe", "--group", "super", "--rate", "20"])
            .args(["--concurrency", "8", "--csv"])
            .arg(&csv),
        0,
    );
    let took = start.elapsed();
    // 31 requests at 20/s: 30 intervals of 50 ms.
    assert!(took >= Duration::from_millis(1450), "{took:?}");
    assert!(took < Duration::from_secs(10), "{took:?}");
}

#[test]
fn a_wrong_secret_stops_the_job_early() {
    let sb = sandbox(0);
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("w.csv");
    write_csv(&csv, "lead_email", emails(500, "w"));
    let r = run_ok(
        jc(&sb)
            .env("JUSTCLICK_SECRET", "not-the-secret")
            .args([
                "bulk",
                "subscribe",
                "--group",
                "super",
                "--rate",
                "0",
                "--csv",
            ])
            .arg(&csv),
        4,
    );
    // Finding 11: the credentials are checked before the first row.
    assert!(r.stderr.contains("nothing was sent"), "{}", r.stderr);
    assert_eq!(r.stderr.lines().count(), 1, "{}", r.stderr);
    let log = sb.request_log();
    assert_eq!(log.len(), 1, "only the GetAllGroups check");
    assert_eq!(log[0].method.as_deref(), Some("GetAllGroups"));
}
