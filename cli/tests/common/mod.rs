//! Helpers shared by the CLI tests: the built binary, an in-process sandbox, and
//! checks that apply to every run (the secret is never printed).

#![allow(dead_code)] // each test binary uses a different subset

use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use justclick_sandbox::{Config, DEFAULT_LOGIN, DEFAULT_SECRET, Sandbox};

/// The `justclick` binary with a clean environment (no inherited JUSTCLICK_*).
pub fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_justclick"));
    for (k, _) in std::env::vars() {
        if k.starts_with("JUSTCLICK_") {
            c.env_remove(k);
        }
    }
    c.stdin(Stdio::null());
    c
}

/// The binary with the sandbox's credentials in the environment and `--base-url`.
pub fn jc(sb: &Sandbox) -> Command {
    let mut c = bin();
    c.env("JUSTCLICK_LOGIN", DEFAULT_LOGIN)
        .env("JUSTCLICK_SECRET", DEFAULT_SECRET)
        .arg("--base-url")
        .arg(sb.base_url());
    c
}

/// A finished run.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "stdout is not JSON ({e}): {}\nstderr: {}",
                self.stdout, self.stderr
            )
        })
    }

    /// The last stdout line as JSON (bulk summaries follow dry-run rows).
    pub fn last_json(&self) -> serde_json::Value {
        let last = self.stdout.lines().last().unwrap_or("");
        serde_json::from_str(last).unwrap_or_else(|e| {
            panic!(
                "last line is not JSON ({e}): {}\nstderr: {}",
                self.stdout, self.stderr
            )
        })
    }
}

fn check_no_secret(out: &Output) {
    for (name, bytes) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
        let text = String::from_utf8_lossy(bytes);
        assert!(
            !text.contains(DEFAULT_SECRET),
            "the secret was printed on {name}: {text}"
        );
    }
}

/// Runs to completion and checks that the secret was not printed.
pub fn run(cmd: &mut Command) -> Run {
    let out = cmd.output().expect("run justclick");
    check_no_secret(&out);
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Runs and asserts the exit code.
#[track_caller]
pub fn run_ok(cmd: &mut Command, want: i32) -> Run {
    let r = run(cmd);
    assert_eq!(
        r.code, want,
        "exit code; stdout:\n{}\nstderr:\n{}",
        r.stdout, r.stderr
    );
    r
}

/// A sandbox with the default seed and the given latency.
pub fn sandbox(latency_ms: u64) -> Sandbox {
    Sandbox::start(Config {
        latency: Duration::from_millis(latency_ms),
        ..Config::default()
    })
    .expect("start sandbox")
}

/// Writes a CSV file.
pub fn write_csv(path: &Path, header: &str, rows: impl Iterator<Item = String>) {
    use std::io::Write;
    let mut f = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    writeln!(f, "{header}").unwrap();
    for r in rows {
        writeln!(f, "{r}").unwrap();
    }
    f.flush().unwrap();
}

/// Waits until `cond` holds, or panics after `timeout`.
pub fn wait_for(timeout: Duration, what: &str, mut cond: impl FnMut() -> bool) {
    let start = Instant::now();
    while !cond() {
        assert!(start.elapsed() < timeout, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Lines of a journal starting with `kind` (`D`, `S`, …).
pub fn journal_lines(path: &Path, kind: &str) -> Vec<String> {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    text.lines()
        .filter(|l| l.starts_with(&format!("{kind}\t")))
        .map(str::to_owned)
        .collect()
}

/// Waits for a spawned child, with a timeout.
pub fn wait_child(child: &mut Child, timeout: Duration) -> std::process::ExitStatus {
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        if start.elapsed() > timeout {
            let _ = child.kill();
            panic!("child did not exit within {timeout:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// The subscription status of `email` in `group`, from the sandbox state.
pub fn status_of(state: &serde_json::Value, email: &str, group: &str) -> Option<String> {
    let contacts = state["accounts"][DEFAULT_LOGIN]["contacts"].as_array()?;
    let c = contacts.iter().find(|c| c["email"] == email)?;
    c["subscriptions"]
        .as_array()?
        .iter()
        .find(|s| s["group"] == group)
        .and_then(|s| s["status"].as_str().map(str::to_owned))
}

/// Every contact's status in `group`, by e-mail, from the sandbox state.
pub fn statuses_in(
    state: &serde_json::Value,
    group: &str,
) -> std::collections::HashMap<String, String> {
    let mut m = std::collections::HashMap::new();
    for c in state["accounts"][DEFAULT_LOGIN]["contacts"]
        .as_array()
        .into_iter()
        .flatten()
    {
        let status = c["subscriptions"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|s| s["group"] == group)
            .and_then(|s| s["status"].as_str());
        if let (Some(email), Some(status)) = (c["email"].as_str(), status) {
            m.insert(email.to_owned(), status.to_owned());
        }
    }
    m
}
