//! Issue 23's numbered findings, one test (or more) each, with input files made here
//! and the sandbox's request log as the proof of what was sent.

mod common;

use std::io::Write;
use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

use common::{bin, jc, journal_lines, run_ok, sandbox, status_of, wait_for};
use justclick_sandbox::{DEFAULT_SECRET, Fault, LoggedRequest, Sandbox};

fn sent(sb: &Sandbox, method: &str) -> Vec<LoggedRequest> {
    sb.request_log()
        .into_iter()
        .filter(|e| e.method.as_deref() == Some(method))
        .collect()
}

fn emails_sent(sb: &Sandbox, method: &str) -> Vec<String> {
    sent(sb, method)
        .iter()
        .map(|e| e.params["lead_email"].as_str().unwrap_or("").to_owned())
        .collect()
}

fn report_rows(path: &Path) -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(path).unwrap();
    let text = text
        .strip_prefix('\u{feff}')
        .expect("the report starts with a BOM");
    let delim = if text.lines().next().unwrap().contains(';') {
        b';'
    } else {
        b','
    };
    let mut rd = csv::ReaderBuilder::new()
        .delimiter(delim)
        .has_headers(false)
        .from_reader(text.as_bytes());
    rd.records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

/// Subscribes `emails` to `group` directly, so unsubscribe jobs have work.
fn subscribe(sb: &Sandbox, emails: &[String], group: &str) {
    let client = sb.client_builder().build().unwrap();
    for e in emails {
        let p = justclick::Params::new()
            .with(
                "rid",
                justclick::Value::List(vec![justclick::Value::from(group)]),
            )
            .with("lead_email", e.as_str());
        client.call("AddLeadToGroup", &p).unwrap();
    }
}

#[test]
fn f01_group_option_and_column_together_are_refused_unless_a_flag_says_which_wins() {
    let sb = sandbox(0);
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("g.csv");
    std::fs::write(&csv, "lead_email,rass_name\nuser@example.com,super\n").unwrap();
    let r = run_ok(
        jc(&sb)
            .args(["bulk", "unsubscribe", "--group", "mega", "--csv"])
            .arg(&csv),
        2,
    );
    assert!(
        r.stderr.contains("--group mega") && r.stderr.contains("\"rass_name\""),
        "{}",
        r.stderr
    );
    assert!(sb.request_log().is_empty(), "nothing sent");
    run_ok(
        jc(&sb)
            .args([
                "bulk",
                "unsubscribe",
                "--group",
                "mega",
                "--group-overrides",
            ])
            .args(["--rate", "0", "--csv"])
            .arg(&csv),
        0,
    );
    let d = sent(&sb, "DeleteSubscribe");
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].params["rass_name"], "mega", "--group won");
}

#[test]
fn f02_f03_edits_reorders_deletions_and_kill_9_never_resend_done_rows() {
    const N: usize = 300;
    let sb = sandbox(0);
    let dir = tempfile::tempdir().unwrap();
    let emails: Vec<String> = (0..N)
        .map(|i| format!("e{i:04}@edit.example.com"))
        .collect();
    subscribe(&sb, &emails, "super");
    sb.set_latency(Duration::from_millis(15));
    let csv = dir.path().join("e.csv");
    let report = dir.path().join("report.csv");
    let journal = dir.path().join("e.journal");
    // Six invalid rows known at the start.
    let mut text = String::from("lead_email,rass_name\n");
    for (i, e) in emails.iter().enumerate() {
        text.push_str(&format!("{e},super\n"));
        if i % 50 == 0 {
            text.push_str(&format!("bad{i}-no-at,super\n"));
        }
    }
    std::fs::write(&csv, &text).unwrap();
    let base = sb.request_log().last().map_or(0, |e| e.seq);
    let mut child = jc(&sb)
        .args(["bulk", "unsubscribe", "--rate", "0", "--concurrency", "4"])
        .arg("--csv")
        .arg(&csv)
        .arg("--journal")
        .arg(&journal)
        .arg("--report")
        .arg(&report)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    wait_for(Duration::from_secs(60), "60 rows done", || {
        journal_lines(&journal, "D").len() >= 60
    });
    child.kill().unwrap(); // SIGKILL
    let _ = child.wait();
    // Finding 3: the report already holds the six invalid rows.
    let rows = report_rows(&report);
    let invalid = rows.iter().filter(|r| r[3] == "invalid").count();
    assert_eq!(invalid, 6, "{rows:?}");
    let done_before = journal_lines(&journal, "D").len();

    // Finding 2: reorder, delete a done row and a pending one, edit one.
    let mut lines: Vec<String> = text.lines().skip(1).map(str::to_owned).collect();
    lines.reverse();
    lines.retain(|l| !l.starts_with("e0001@") && !l.starts_with("e0299@"));
    for l in &mut lines {
        if l.starts_with("bad0-no-at") {
            *l = "fixed0@edit.example.com,super".to_owned();
        }
    }
    subscribe(&sb, &["fixed0@edit.example.com".to_owned()], "super");
    let mut edited = String::from("lead_email,rass_name\r\n");
    for l in &lines {
        edited.push_str(l);
        edited.push_str("\r\n");
    }
    std::fs::write(&csv, edited).unwrap();
    let r = run_ok(
        jc(&sb)
            .args(["bulk", "unsubscribe", "--rate", "0", "--json", "--csv"])
            .arg(&csv)
            .arg("--journal")
            .arg(&journal)
            .arg("--report")
            .arg(&report),
        7,
    );
    let s = r.last_json();
    assert!(
        s["skipped_done"].as_u64().unwrap() + 1 >= done_before as u64 - 1,
        "{s}"
    );
    assert_eq!(s["invalid"], 5, "{s}");
    assert_eq!(s["api_errors"], serde_json::json!({}), "no false 801s: {s}");
    // The sandbox log: every e-mail processed exactly once across both runs.
    let mut count = std::collections::HashMap::<String, u32>::new();
    for e in sb.request_log().iter().filter(|e| e.seq > base) {
        if e.method.as_deref() == Some("DeleteSubscribe") && e.error_code.is_some() {
            *count
                .entry(e.params["lead_email"].as_str().unwrap().to_owned())
                .or_default() += 1;
        }
    }
    for e in emails.iter().filter(|e| !e.starts_with("e0299@")) {
        assert_eq!(count.get(e), Some(&1), "{e}: {count:?}");
    }
    assert_eq!(count.get("fixed0@edit.example.com"), Some(&1));
    assert_eq!(
        count.get("e0299@edit.example.com"),
        None,
        "deleted before its turn"
    );
    // The report: 5 invalid rows, with CRLF-true line numbers of the edited file.
    let rows = report_rows(&report);
    assert_eq!(rows.len(), 1 + 5, "{rows:?}");
    let line_of =
        |needle: &str| lines.iter().position(|l| l.starts_with(needle)).unwrap() as u64 + 2;
    let bad50 = rows.iter().find(|r| r[0] == "bad50-no-at").unwrap();
    assert_eq!(
        bad50[2],
        line_of("bad50-no-at").to_string(),
        "finding 5: _line"
    );
}

#[test]
fn f05_f06_excel_files_cp1251_semicolon_crlf_utf16_bom_and_aliases() {
    let sb = sandbox(0);
    let dir = tempfile::tempdir().unwrap();
    // Windows-1251, `;`, CRLF, Russian header names.
    let text = "Почта;Имя;Группа\r\nuser@example.com;Иван;super\r\nbad;Пётр;super\r\n";
    let (cp, _, _) = encoding_rs_encode_1251(text);
    let csv = dir.path().join("cp.csv");
    std::fs::write(&csv, cp).unwrap();
    let r = run_ok(
        jc(&sb)
            .args(["bulk", "subscribe", "--rate", "0", "--csv"])
            .arg(&csv),
        7,
    );
    assert!(r.stderr.contains("line 3: invalid row"), "{}", r.stderr);
    assert!(r.stderr.contains("Windows-1251"), "{}", r.stderr);
    let add = sent(&sb, "AddLeadToGroup");
    assert_eq!(add.len(), 1);
    assert_eq!(add[0].params["lead_name"], "Иван", "decoded from 1251");
    // UTF-16 LE with BOM, tabs, English aliases in odd case.
    let mut u16 = vec![0xff, 0xfe];
    for u in "E-Mail\tNAME\tgroup\r\nnew16@example.com\tЁлка\tmega\r\n".encode_utf16() {
        u16.extend(u.to_le_bytes());
    }
    let csv16 = dir.path().join("u16.csv");
    std::fs::write(&csv16, u16).unwrap();
    run_ok(
        jc(&sb)
            .args(["bulk", "subscribe", "--rate", "0", "--csv"])
            .arg(&csv16),
        0,
    );
    assert_eq!(
        status_of(&sb.state_json(), "new16@example.com", "mega").as_deref(),
        Some("STATUS_SUBSCRIBE")
    );
    // UTF-8 with BOM and --map; forced --delimiter.
    let csv8 = dir.path().join("bom.csv");
    std::fs::write(&csv8, "\u{feff}Адрес|Город\nuser@example.com|Казань\n").unwrap();
    run_ok(
        jc(&sb)
            .args(["bulk", "update", "--rate", "0", "--delimiter", "|"])
            .args(["--map", "Адрес=lead_email", "--csv"])
            .arg(&csv8),
        0,
    );
    let up = sent(&sb, "UpdateSubscriberData");
    assert_eq!(up[0].params["lead_city"], "Казань");
}

fn encoding_rs_encode_1251(s: &str) -> (Vec<u8>, (), ()) {
    // Windows-1251 by table for the letters used here (the test does not depend on
    // the code under test for its input).
    let mut out = Vec::new();
    for c in s.chars() {
        let b = match c {
            'А'..='я' => (c as u32 - 'А' as u32 + 0xC0) as u8,
            'Ё' => 0xA8,
            'ё' => 0xB8,
            c if c.is_ascii() => c as u8,
            _ => panic!("{c}"),
        };
        out.push(b);
    }
    (out, (), ())
}

#[test]
fn f07_broken_emails_are_refused_and_nothing_is_sent_for_them() {
    let sb = sandbox(0);
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("m.csv");
    std::fs::write(
        &csv,
        "lead_email\n<a@b.ru>\nmailto:a@b.ru\n\"a@exa\"\"mple.com\"\n",
    )
    .unwrap();
    let r = run_ok(
        jc(&sb)
            .args(["bulk", "unsubscribe", "--group", "super", "--json", "--csv"])
            .arg(&csv),
        7,
    );
    assert_eq!(r.last_json()["invalid"], 3);
    assert!(r.stderr.contains("angle brackets"), "{}", r.stderr);
    assert!(r.stderr.contains("mailto:"), "{}", r.stderr);
    assert!(sent(&sb, "DeleteSubscribe").is_empty());
}

#[test]
fn f08_a_mistyped_group_is_refused_before_any_row_with_the_closest_name() {
    let sb = sandbox(0);
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("t.csv");
    std::fs::write(&csv, "lead_email\nuser@example.com\nreader@example.com\n").unwrap();
    let r = run_ok(
        jc(&sb)
            .args(["bulk", "unsubscribe", "--group", "mgea", "--csv"])
            .arg(&csv),
        2,
    );
    assert!(r.stderr.contains("did you mean \"mega\""), "{}", r.stderr);
    assert!(r.stderr.contains("nothing was sent"), "{}", r.stderr);
    assert!(sent(&sb, "DeleteSubscribe").is_empty());
}

#[test]
fn f09_duplicates_are_sent_once_and_reported_as_duplicates() {
    let sb = sandbox(0);
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("d.csv");
    let report = dir.path().join("r.csv");
    std::fs::write(
        &csv,
        "lead_email,rass_name\nuser@example.com,super\nUSER@example.com,super\nuser@example.com,super\n",
    )
    .unwrap();
    let r = run_ok(
        jc(&sb)
            .args(["bulk", "unsubscribe", "--rate", "0", "--json", "--csv"])
            .arg(&csv)
            .arg("--report")
            .arg(&report),
        0,
    );
    let s = r.last_json();
    assert_eq!(s["duplicates"], 2, "{s}");
    assert_eq!(s["done"], 1, "{s}");
    assert_eq!(s["failed"], 0, "{s}");
    assert_eq!(emails_sent(&sb, "DeleteSubscribe"), ["user@example.com"]);
    let rows = report_rows(&report);
    assert_eq!(rows[1][3], "duplicate");
    assert!(rows[1][5].contains("line 2"), "{rows:?}");
}

#[test]
fn f10_resumed_rate_counts_only_this_runs_rows() {
    let sb = sandbox(0);
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("r.csv");
    let emails: Vec<String> = (0..40).map(|i| format!("r{i}@rate.example.com")).collect();
    subscribe(&sb, &emails, "super");
    let mut text = String::from("lead_email\n");
    for e in &emails[..30] {
        text.push_str(e);
        text.push('\n');
    }
    std::fs::write(&csv, &text).unwrap();
    let journal = dir.path().join("r.journal");
    let job = |extra: &[&str]| {
        let mut c = jc(&sb);
        c.args([
            "bulk",
            "unsubscribe",
            "--group",
            "super",
            "--json",
            "--journal",
        ])
        .arg(&journal)
        .args(extra)
        .arg("--csv")
        .arg(&csv);
        c
    };
    run_ok(&mut job(&["--rate", "0"]), 0);
    for e in &emails[30..] {
        text.push_str(e);
        text.push('\n');
    }
    std::fs::write(&csv, &text).unwrap();
    // 10 new rows at 20/s: ~0.5 s; the 30 skipped rows must not count in the rate.
    let r = run_ok(
        &mut job(&["--resume", "--rate", "20", "--progress-interval", "0.2"]),
        0,
    );
    let s = r.last_json();
    assert_eq!(s["done"], 10, "{s}");
    assert_eq!(s["skipped_done"], 30, "{s}");
    for l in r.stderr.lines().filter(|l| l.starts_with("progress: ")) {
        assert!(l.contains("/10 rows"), "total is this run's rows: {l}");
        let rate: f64 = l
            .split(", ")
            .nth(1)
            .unwrap()
            .split(' ')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        assert!(rate < 40.0, "{l}");
        let dec = l.split(", ").nth(1).unwrap().split(' ').next().unwrap();
        assert_eq!(dec.split('.').nth(1).map(str::len), Some(1), "{l}");
    }
}

#[test]
fn f11_f12_faults_are_retried_the_stop_rule_prints_once_and_reasons_are_counted() {
    let sb = sandbox(0);
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("f.csv");
    let emails: Vec<String> = (0..3).map(|i| format!("f{i}@fault.example.com")).collect();
    subscribe(&sb, &emails, "super");
    let mut text = String::from("lead_email\n");
    for e in &emails {
        text.push_str(e);
        text.push('\n');
    }
    std::fs::write(&csv, &text).unwrap();
    // Three forged answers after the credential check: each row is retried (after
    // checking its status) and ends done.
    let mut child = jc(&sb)
        .args(["bulk", "unsubscribe", "--group", "super", "--rate", "0"])
        .args([
            "--concurrency",
            "1",
            "--retry-delay",
            "0.05",
            "--json",
            "--csv",
        ])
        .arg(&csv)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let _ = &mut child;
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    // Now a dead backend for a 30-row job: stops by the rule, printed once on one line.
    let many: Vec<String> = (0..30).map(|i| format!("s{i}@stop.example.com")).collect();
    let mut text = String::from("lead_email\n");
    for e in &many {
        text.push_str(e);
        text.push('\n');
    }
    let csv2 = dir.path().join("s.csv");
    std::fs::write(&csv2, &text).unwrap();
    // One good answer for GetAllGroups, then HTML 502 pages.
    let checks = sent(&sb, "GetAllGroups").len();
    sb.set_latency(Duration::from_millis(300));
    let mut child = jc(&sb)
        .args(["bulk", "unsubscribe", "--group", "super", "--rate", "0"])
        .args([
            "--concurrency",
            "1",
            "--retries",
            "1",
            "--retry-delay",
            "0.01",
        ])
        .arg("--csv")
        .arg(&csv2)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    wait_for(Duration::from_secs(20), "the check", || {
        sent(&sb, "GetAllGroups").len() > checks || child.try_wait().unwrap().is_some()
    });
    sb.inject(Fault::Html502, 10_000);
    sb.set_latency(Duration::ZERO);
    let out = child.wait_with_output().unwrap();
    sb.clear_faults();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stops: Vec<&str> = stderr.lines().filter(|l| l.contains("stop rule")).collect();
    assert_eq!(stops.len(), 1, "{stderr}");
    assert!(!stops[0].contains('\r'));
    assert!(stdout.contains("top failure reasons:"), "{stdout}");
    assert!(stdout.contains("x bad_response: "), "{stdout}");
    assert_eq!(out.status.code(), Some(6), "{stderr}");
}

#[test]
fn f11_forged_answers_are_retried_within_the_run() {
    let sb = sandbox(0);
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("f.csv");
    let emails: Vec<String> = (0..2).map(|i| format!("g{i}@fault.example.com")).collect();
    subscribe(&sb, &emails, "super");
    std::fs::write(&csv, format!("lead_email\n{}\n{}\n", emails[0], emails[1])).unwrap();
    let child = jc(&sb)
        .args(["bulk", "unsubscribe", "--group", "super", "--rate", "0"])
        .args([
            "--concurrency",
            "1",
            "--retry-delay",
            "0.3",
            "--json",
            "--csv",
        ])
        .arg(&csv)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    wait_for(Duration::from_secs(20), "the check", || {
        !sent(&sb, "GetAllGroups").is_empty()
    });
    sb.inject(Fault::ForgedHash, 1);
    let out = child.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let s: serde_json::Value = serde_json::from_str(stdout.lines().last().unwrap()).unwrap();
    assert_eq!(out.status.code(), Some(0), "{s}");
    assert_eq!(s["failed"], 0, "{s}");
    for e in &emails {
        assert_eq!(
            status_of(&sb.state_json(), e, "super").as_deref(),
            Some("STATUS_UNSUBSCRIBE")
        );
    }
}

#[test]
fn f13_a_report_of_a_report_feeds_back() {
    let sb = sandbox(0);
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("a.csv");
    std::fs::write(
        &csv,
        "lead_email;rass_name\nnobody@example.com;super\nbad;super\n",
    )
    .unwrap();
    let r1 = dir.path().join("r1.csv");
    let r2 = dir.path().join("r2.csv");
    let r3 = dir.path().join("r3.csv");
    for (input, report) in [(&csv, &r1), (&r1, &r2), (&r2, &r3)] {
        run_ok(
            jc(&sb)
                .args(["bulk", "unsubscribe", "--rate", "0", "--csv"])
                .arg(input)
                .arg("--report")
                .arg(report),
            7,
        );
    }
    let rows = report_rows(&r3);
    assert_eq!(
        rows[0],
        [
            "lead_email",
            "rass_name",
            "_line",
            "_outcome",
            "_code",
            "_message"
        ]
    );
    assert_eq!(rows.len(), 3);
}

#[test]
fn f14_stdin_needs_a_job_name_for_its_journal() {
    let sb = sandbox(0);
    let dir = tempfile::tempdir().unwrap();
    let r = run_ok(
        jc(&sb).current_dir(dir.path()).args([
            "bulk",
            "unsubscribe",
            "--group",
            "super",
            "--csv",
            "-",
        ]),
        2,
    );
    assert!(r.stderr.contains("--job NAME"), "{}", r.stderr);
    let mut child = jc(&sb)
        .current_dir(dir.path())
        .args(["bulk", "unsubscribe", "--group", "super", "--rate", "0"])
        .args(["--job", "weekly", "--csv", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"lead_email\r\nuser@example.com\r\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(dir.path().join("weekly.unsubscribe.journal").exists());
    assert_eq!(emails_sent(&sb, "DeleteSubscribe"), ["user@example.com"]);
}

#[test]
fn f15_small_things() {
    let sb = sandbox(0);
    let dir = tempfile::tempdir().unwrap();
    // A secret file saved by Notepad (UTF-8 BOM).
    let secret = dir.path().join("secret.txt");
    std::fs::write(&secret, format!("\u{feff}{DEFAULT_SECRET}\r\n")).unwrap();
    run_ok(
        bin()
            .env("JUSTCLICK_LOGIN", "demo")
            .args(["--base-url", sb.base_url(), "--secret-file"])
            .arg(&secret)
            .args(["groups", "user@example.com"]),
        0,
    );
    // Human dates in `groups`.
    let r = run_ok(jc(&sb).args(["groups", "user@example.com"]), 0);
    assert!(r.stdout.contains(" UTC"), "{}", r.stdout);
    // An empty file says so.
    let empty = dir.path().join("empty.csv");
    std::fs::write(&empty, "\u{feff}").unwrap();
    let r = run_ok(
        jc(&sb)
            .args(["bulk", "unsubscribe", "--group", "super", "--csv"])
            .arg(&empty),
        2,
    );
    assert!(r.stderr.contains("is empty"), "{}", r.stderr);
    // Dry run shows decoded values.
    let csv = dir.path().join("n.csv");
    std::fs::write(
        &csv,
        "lead_email,lead_name\nuser@example.com,Анна Ивановна\n",
    )
    .unwrap();
    let r = run_ok(
        jc(&sb)
            .args(["bulk", "update", "--dry-run", "--csv"])
            .arg(&csv),
        0,
    );
    assert!(
        r.stdout.contains("lead_name=\"Анна Ивановна\""),
        "{}",
        r.stdout
    );
    // Russian messages under a Russian locale.
    let r = run_ok(
        jc(&sb)
            .env("LANG", "ru_RU.UTF-8")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .args(["bulk", "update", "--dry-run", "--csv"])
            .arg(&csv),
        0,
    );
    assert!(r.stdout.contains("пробный прогон"), "{}", r.stdout);
    let h = run_ok(
        bin().env("LC_ALL", "ru_RU.UTF-8").args(["bulk", "--help"]),
        0,
    );
    assert!(h.stdout.contains("Параметры"), "{}", h.stdout);
    // A journal held by another process: exit 8.
    let held = dir.path().join("held.journal");
    let slow = dir.path().join("slow.csv");
    let rows: String = (0..20)
        .map(|i| format!("h{i}@held.example.com\n"))
        .collect();
    std::fs::write(&slow, format!("lead_email\n{rows}")).unwrap();
    let mut child = jc(&sb)
        .args([
            "bulk",
            "unsubscribe",
            "--group",
            "super",
            "--rate",
            "1",
            "--journal",
        ])
        .arg(&held)
        .arg("--csv")
        .arg(&slow)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    wait_for(Duration::from_secs(20), "the journal", || held.exists());
    let r = run_ok(
        jc(&sb)
            .args(["bulk", "unsubscribe", "--group", "super", "--journal"])
            .arg(&held)
            .arg("--csv")
            .arg(&slow),
        8,
    );
    assert!(r.stderr.contains("in use"), "{}", r.stderr);
    let _ = child.kill();
    let _ = child.wait();
}

#[test]
fn statuses_job_writes_each_contacts_groups_as_csv() {
    let sb = sandbox(0);
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("s.csv");
    std::fs::write(
        &csv,
        "Email\nuser@example.com\nnobody@example.com\nUSER@example.com\n",
    )
    .unwrap();
    let out = dir.path().join("out.csv");
    run_ok(
        jc(&sb)
            .args(["bulk", "statuses", "--rate", "0", "--csv"])
            .arg(&csv)
            .arg("--result-csv")
            .arg(&out),
        0,
    );
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.starts_with("lead_email,rass_name,rass_title,rass_status,subscription_time"));
    assert!(text.contains("user@example.com,super,"), "{text}");
    assert!(text.contains("nobody@example.com,,,NOT_FOUND,"), "{text}");
    assert!(text.contains(" UTC"), "{text}");
    assert_eq!(
        sent(&sb, "GetLeadGroupStatuses").len(),
        2,
        "each contact once"
    );
    assert!(sent(&sb, "DeleteSubscribe").is_empty());
}
