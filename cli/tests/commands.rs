//! Every single-call command against the in-process sandbox, with the exit codes of
//! each failure class.

mod common;

use std::io::Write;
use std::process::Stdio;

use common::{bin, jc, run, run_ok, sandbox, status_of};
use justclick_sandbox::{Config, DEFAULT_SECRET, Fault, Sandbox};

#[test]
fn call_lists_groups_as_text_and_json() {
    let sb = sandbox(0);
    let text = run_ok(jc(&sb).args(["call", "GetAllGroups"]), 0);
    let first = text.stdout.lines().next().unwrap();
    assert!(first.starts_with("rass_name"), "{}", text.stdout);
    assert!(text.stdout.contains("super"));
    let json = run_ok(jc(&sb).args(["--json", "call", "GetAllGroups"]), 0).json();
    let names: Vec<&str> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["rass_name"].as_str().unwrap())
        .collect();
    assert!(
        names.contains(&"super") && names.contains(&"mega"),
        "{json}"
    );
    // --output json is the same switch.
    let again = run_ok(
        jc(&sb).args(["call", "GetAllGroups", "--output", "json"]),
        0,
    )
    .json();
    assert_eq!(json, again);
}

#[test]
fn unsubscribe_then_again_is_an_api_error_with_its_code() {
    let sb = sandbox(0);
    let r = run_ok(
        jc(&sb).args(["unsubscribe", "user@example.com", "super"]),
        0,
    );
    assert_eq!(r.stdout.trim(), "unsubscribed user@example.com from super");
    assert_eq!(
        status_of(&sb.state_json(), "user@example.com", "super").as_deref(),
        Some("STATUS_UNSUBSCRIBE")
    );
    let again = run_ok(
        jc(&sb).args(["unsubscribe", "user@example.com", "super"]),
        3,
    );
    assert_eq!(
        again.stderr.lines().count(),
        1,
        "one-line reason: {}",
        again.stderr
    );
    assert!(again.stderr.contains("801"), "{}", again.stderr);
    let log = sb.request_log();
    let body = &log.last().unwrap().body;
    assert!(
        body.starts_with("lead_email=user%40example.com&rass_name=super&hash="),
        "{body}"
    );
}

#[test]
fn subscribe_update_and_groups() {
    let sb = sandbox(0);
    let r = run_ok(
        jc(&sb).args([
            "subscribe",
            "new@example.com",
            "super",
            "mega",
            "--name",
            "Иван Петров",
            "--utm",
            "utm_source=direct",
            "--json",
        ]),
        0,
    );
    assert_eq!(r.json()["rid"], serde_json::json!(["super", "mega"]));
    let sent = sb.request_log().last().unwrap().body.clone();
    assert!(
        sent.starts_with("rid%5B0%5D=super&rid%5B1%5D=mega&lead_email=new%40example.com"),
        "{sent}"
    );
    assert!(sent.contains("utm%5Butm_source%5D=direct"), "{sent}");
    let groups = run_ok(jc(&sb).args(["groups", "new@example.com", "--json"]), 0).json();
    assert_eq!(groups.as_array().unwrap().len(), 2, "{groups}");
    run_ok(
        jc(&sb).args(["update", "new@example.com", "--phone", "+7 900 000-00-00"]),
        0,
    );
    let contacts = sb.state_json()["accounts"]["demo"]["contacts"].clone();
    let c = contacts
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["email"] == "new@example.com")
        .unwrap()
        .clone();
    assert_eq!(c["phone"], "+7 900 000-00-00", "{c}");
    // Nothing to change is a usage error, caught before any request.
    let before = sb.request_log().len();
    run_ok(jc(&sb).args(["update", "new@example.com"]), 2);
    assert_eq!(sb.request_log().len(), before);
}

#[test]
fn call_with_params_v2_and_semantics_through_invoke() {
    let sb = sandbox(0);
    let order = r#"{"goods":[{"good_name":"course"}],"bill_email":"b@example.com"}"#;
    let first = run_ok(
        jc(&sb).args(["--json", "call", "CreateOrder", "--json", order]),
        0,
    )
    .json();
    let bill_id = first["bill_id"].clone();
    assert!(bill_id.is_number(), "{first}");
    // The 601 retry answer becomes a success with the existing bill_id (Client::invoke).
    let again = run_ok(
        jc(&sb).args(["--json", "call", "CreateOrder", "--json", order]),
        0,
    )
    .json();
    assert_eq!(again["bill_id"], bill_id);
    assert_eq!(again["existing"], true);
    // --envelope shows the verified code and text.
    let env = run_ok(
        jc(&sb).args([
            "--json",
            "call",
            "CreateOrder",
            "--envelope",
            "--json",
            order,
        ]),
        3,
    )
    .json();
    assert_eq!(env["error_code"], 601);
    let lists = run_ok(jc(&sb).args(["--json", "call-v2", "getalllists"]), 0).json();
    assert!(
        lists
            .as_array()
            .unwrap()
            .iter()
            .any(|g| g["rass_name"] == "super")
    );
    let body = sb.request_log().last().unwrap().body.clone();
    assert!(body.contains("rpsKey="), "API 2.0 sends rpsKey: {body}");
    // Parameters from a file and from stdin.
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("p.json");
    std::fs::write(&p, r#"{"email":"user@example.com"}"#).unwrap();
    let arg = format!("@{}", p.display());
    let g = run_ok(
        jc(&sb).args(["--json", "call", "GetLeadGroupStatuses", "--json", &arg]),
        0,
    );
    assert!(
        g.json()
            .as_array()
            .unwrap()
            .iter()
            .any(|x| x["rass_name"] == "super")
    );
    let mut child = jc(&sb)
        .args(["--json", "call", "GetLeadGroupStatuses", "--json", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(br#"{"email":"user@example.com"}"#)
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("super"));
}

#[test]
fn usage_errors_exit_2_before_sending() {
    let sb = sandbox(0);
    let r = run_ok(jc(&sb).args(["call", "GetAllGroups", "--json", "{nope"]), 2);
    assert!(r.stderr.starts_with("justclick: --json:"), "{}", r.stderr);
    let r = run_ok(
        jc(&sb).args([
            "call",
            "DeleteSubscribe",
            "--json",
            r#"{"lead_email":"a@b.c"}"#,
        ]),
        2,
    );
    assert!(
        r.stderr.contains("rass_name"),
        "names the missing field: {}",
        r.stderr
    );
    run_ok(
        jc(&sb).args(["call", "GetAllGroups", "--json", r#"{"a.b":1}"#]),
        2,
    );
    run_ok(jc(&sb).args(["no-such-command"]), 2);
    run_ok(jc(&sb).args(["unsubscribe", "only-email"]), 2);
    assert!(sb.request_log().is_empty(), "nothing was sent");
    let no_login = run_ok(
        bin()
            .args(["call", "GetAllGroups"])
            .env("JUSTCLICK_SECRET", "x"),
        2,
    );
    assert!(
        no_login.stderr.contains("JUSTCLICK_LOGIN"),
        "{}",
        no_login.stderr
    );
    let no_secret = run_ok(bin().args(["--login", "demo", "call", "GetAllGroups"]), 2);
    assert!(
        no_secret.stderr.contains("JUSTCLICK_SECRET"),
        "{}",
        no_secret.stderr
    );
    // The secret is not accepted as an argument at all.
    run_ok(
        bin().args(["--login", "demo", "--secret", DEFAULT_SECRET, "methods"]),
        2,
    );
}

#[test]
fn secret_file_works_and_a_wrong_secret_is_refused() {
    let sb = sandbox(0);
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("secret");
    std::fs::write(&good, format!("{DEFAULT_SECRET}\n")).unwrap();
    let mut c = bin();
    c.args([
        "--login",
        "demo",
        "--base-url",
        sb.base_url(),
        "--secret-file",
    ])
    .arg(&good)
    .args(["call", "GetAllGroups"]);
    run_ok(&mut c, 0);
    // A wrong secret: the server answers 4 signed with the real secret, which this
    // client cannot verify; either way it is not success.
    let bad = dir.path().join("bad");
    std::fs::write(&bad, "wrong-secret").unwrap();
    let mut c = bin();
    c.args([
        "--login",
        "demo",
        "--base-url",
        sb.base_url(),
        "--secret-file",
    ])
    .arg(&bad)
    .args(["call", "GetAllGroups"]);
    let r = run(&mut c);
    assert!(r.code == 4 || r.code == 3, "{r:?}");
}

#[test]
fn each_failure_class_has_its_exit_code() {
    let sb = sandbox(0);
    sb.inject(Fault::ForgedHash, 1);
    let r = run_ok(jc(&sb).args(["call", "GetAllGroups"]), 4);
    assert!(r.stderr.contains("signature"), "{}", r.stderr);
    sb.inject(Fault::HashTrue, 1);
    run_ok(
        jc(&sb).args(["unsubscribe", "user@example.com", "super"]),
        4,
    );
    sb.inject(Fault::Html502, 1);
    let r = run_ok(jc(&sb).args(["unsubscribe", "user@example.com", "mega"]), 6);
    assert!(r.stderr.contains("502"), "{}", r.stderr);
    sb.inject(Fault::TruncatedJson, 1);
    run_ok(jc(&sb).args(["unsubscribe", "user@example.com", "mega"]), 6);
    // Connection refused: a port nobody listens on.
    let closed = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let mut c = bin();
    c.env("JUSTCLICK_LOGIN", "demo")
        .env("JUSTCLICK_SECRET", DEFAULT_SECRET)
        .args(["--base-url", &format!("http://127.0.0.1:{closed}/api/")])
        .args(["call", "GetAllGroups"]);
    run_ok(&mut c, 5);
    // A timeout.
    sb.inject(Fault::Slow(std::time::Duration::from_secs(3)), 3);
    let r = run_ok(
        jc(&sb).args(["--timeout", "0.5", "call", "GetAllGroups"]),
        5,
    );
    assert!(r.stderr.contains("timed out"), "{}", r.stderr);
    sb.clear_faults();
}

#[test]
fn tls_sandbox_needs_its_ca() {
    let sb = Sandbox::start(Config {
        tls: true,
        ..Config::default()
    })
    .unwrap();
    assert!(sb.base_url().starts_with("https://"));
    let ca = sb.ca_file().unwrap();
    let mut c = jc(&sb);
    c.arg("--ca-file").arg(&ca).args(["call", "GetAllGroups"]);
    run_ok(&mut c, 0);
    let r = run_ok(jc(&sb).args(["call", "GetAllGroups"]), 5);
    assert!(
        r.stderr.to_lowercase().contains("tls") || r.stderr.contains("certificate"),
        "{}",
        r.stderr
    );
}

#[test]
fn methods_lists_all_29() {
    let j = run_ok(bin().args(["methods", "--json"]), 0).json();
    let rows = j.as_array().unwrap();
    assert_eq!(rows.len(), 29);
    assert_eq!(rows.iter().filter(|r| r["api"] == "2.0").count(), 9);
    let del = rows
        .iter()
        .find(|r| r["method"] == "DeleteSubscribe")
        .unwrap();
    assert_eq!(del["required"], "lead_email,rass_name");
    let text = run_ok(bin().arg("methods"), 0).stdout;
    assert_eq!(text.lines().count(), 30, "header + 29 rows");
}

const SPEC_SECRET: &str = "0123456789abcdef0123456789abcdef01234567";

#[test]
fn sign_reproduces_the_spec_vector_t1() {
    let params = r#"{"rid":["super","1608202637.2284137403"],"lead_name":"Иван Петров","lead_email":"lead@email.com","tag":"a b~c*!'()","doneurl2":"https://example.com/thanks?x=1&y=2","activation":true,"utm":{"utm_medium":"cpc","utm_source":"direct"}}"#;
    let r = run_ok(
        bin()
            .env("JUSTCLICK_LOGIN", "username")
            .env("JUSTCLICK_SECRET", SPEC_SECRET)
            .args(["--json", "sign", "--json", params]),
        0,
    );
    assert!(!r.stdout.contains(SPEC_SECRET));
    let j = r.json();
    assert_eq!(j["hash"], "e0a7f2cf10b764ae10ff650ac318b684");
    assert!(
        j["query"]
            .as_str()
            .unwrap()
            .starts_with("rid%5B0%5D=super&rid%5B1%5D=1608202637.2284137403&lead_name=%D0%98")
    );
    assert_eq!(
        j["body"].as_str().unwrap(),
        format!(
            "{}&hash=e0a7f2cf10b764ae10ff650ac318b684",
            j["query"].as_str().unwrap()
        )
    );
    let empty = run_ok(
        bin()
            .env("JUSTCLICK_LOGIN", "username")
            .env("JUSTCLICK_SECRET", SPEC_SECRET)
            .arg("sign"),
        0,
    );
    assert!(
        empty.stdout.contains("127d500b1070dbce6aa9f9d760b35e3f"),
        "{}",
        empty.stdout
    );
}

fn verify(body: &str, extra: &[&str]) -> common::Run {
    let mut child = bin()
        .env("JUSTCLICK_SECRET", SPEC_SECRET)
        .arg("verify-notification")
        .args(extra)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(body.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    common::Run {
        code: out.status.code().unwrap(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

#[test]
fn verify_notification_accepts_the_spec_vector_and_refuses_tampering() {
    let body = "id=123456&email=buyer%40example.com&paid=1700000000&items[0][title]=Course&hash=0d4e02ac8b1d849a9665300f9b2ab37f\n";
    let ok = verify(body, &["--json"]);
    assert_eq!(ok.code, 0, "{ok:?}");
    let j: serde_json::Value = serde_json::from_str(&ok.stdout).unwrap();
    assert_eq!(j["kind"], "paid");
    assert_eq!(j["verified"], true);
    assert_eq!(j["formula"], "id.email.paid");
    assert_eq!(j["fields"]["items"][0]["title"], "Course");
    let text = verify(body, &[]);
    assert!(
        text.stdout.starts_with("genuine paid notification"),
        "{}",
        text.stdout
    );
    let forged = verify(&body.replace("1700000000", "1700000001"), &[]);
    assert_eq!(forged.code, 4, "{forged:?}");
    assert!(
        forged.stderr.starts_with("justclick: "),
        "{}",
        forged.stderr
    );
    let parsed = verify(
        "name=A&email=a%40b.c&status=2&id_group=7",
        &["--parse-only"],
    );
    assert_eq!(parsed.code, 0, "{parsed:?}");
    assert!(parsed.stdout.contains("NOT verified"), "{}", parsed.stdout);
    // From a file.
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("n.txt");
    std::fs::write(&f, body).unwrap();
    let mut c = bin();
    c.env("JUSTCLICK_SECRET", SPEC_SECRET)
        .args(["verify-notification", "--file"])
        .arg(&f);
    run_ok(&mut c, 0);
}

#[test]
fn api_key_comes_from_its_file_or_variable() {
    let sb = sandbox(0);
    let dir = tempfile::tempdir().unwrap();
    let key = dir.path().join("key");
    std::fs::write(&key, format!("{}\n", sb.account().api_key)).unwrap();
    let mut c = jc(&sb);
    c.arg("--api-key-file")
        .arg(&key)
        .args(["call-v2", "getgoods"]);
    run_ok(&mut c, 0);
    let r = run(jc(&sb)
        .env("JUSTCLICK_API_KEY", "wrong-key")
        .args(["call-v2", "getgoods"]));
    assert!(r.code == 3 || r.code == 4, "{r:?}");
    let body = sb.request_log().last().unwrap().body.clone();
    assert!(
        !body.contains("wrong-key"),
        "the sandbox log redacts rpsKey: {body}"
    );
}

#[test]
fn proxy_options_reach_the_client() {
    let sb = sandbox(0);
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let proxy = format!("http://127.0.0.1:{closed}");
    let r = run_ok(jc(&sb).args(["--proxy", &proxy, "call", "GetAllGroups"]), 5);
    assert!(r.stderr.contains(&format!("proxy {proxy}")), "{}", r.stderr);
    run_ok(
        jc(&sb).args([
            "--proxy",
            &proxy,
            "--no-proxy",
            "127.0.0.1",
            "call",
            "GetAllGroups",
        ]),
        0,
    );
}

#[test]
fn max_idle_connections_flag_is_checked_by_name() {
    let sb = sandbox(0);
    for n in ["0", "4096"] {
        run_ok(
            jc(&sb).args(["--max-idle-connections", n, "call", "GetAllGroups"]),
            0,
        );
    }
    for bad in ["4097", "-1", "many"] {
        let flag = format!("--max-idle-connections={bad}");
        let r = run_ok(jc(&sb).args([flag.as_str(), "call", "GetAllGroups"]), 2);
        assert!(
            r.stderr.contains("--max-idle-connections"),
            "{bad}: {}",
            r.stderr
        );
    }
}

#[test]
fn verbose_and_log_file_show_the_retry_and_no_secret_or_email() {
    let sb = sandbox(0);
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("calls.jsonl");
    sb.inject(Fault::DropConnection, 1);
    let r = run_ok(
        jc(&sb)
            .arg("-v")
            .arg("--log-file")
            .arg(&log)
            .args(["call", "GetAllGroups"]),
        0,
    );
    // -v: the retry and the outcome, not the per-attempt lines.
    assert!(r.stderr.contains("retrying in"), "{}", r.stderr);
    assert!(
        r.stderr.contains("GetAllGroups: ok after 2 attempt(s)"),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains("attempt 1,"), "{}", r.stderr);
    let r = run_ok(
        jc(&sb).arg("-vv").arg("--log-file").arg(&log).args([
            "unsubscribe",
            "secret.person@example.com",
            "super",
        ]),
        3,
    );
    assert!(r.stderr.contains("attempt 1,"), "{}", r.stderr);
    let text = std::fs::read_to_string(&log).unwrap();
    let events: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let names: Vec<&str> = events
        .iter()
        .map(|e| e["event"].as_str().unwrap())
        .collect();
    assert_eq!(
        names[..6],
        [
            "call_started",
            "attempt",
            "retry",
            "attempt",
            "answer",
            "outcome"
        ]
    );
    assert_eq!(events[5]["attempts"], 2);
    assert!(
        events
            .iter()
            .all(|e| e["ts"].is_f64() && e["level"].is_string())
    );
    for haystack in [&text, &r.stderr] {
        for needle in [DEFAULT_SECRET, "secret.person", "hash="] {
            assert!(!haystack.contains(needle), "{needle} in {haystack}");
        }
    }
    assert!(text.contains("s***@example.com"), "{text}");
}
