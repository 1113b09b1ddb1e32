//! Running the sandbox as a process (`justclick sandbox`).

use std::io::{self, Write};
use std::path::Path;

use crate::{Config, Sandbox};

/// Runs a sandbox in the foreground until SIGINT (Ctrl-C) or SIGTERM.
///
/// Once it accepts connections it prints, as the **first** line of stdout (flushed),
/// `justclick sandbox listening on <BASE_URL>`; with `ready_file` it then writes that
/// file (atomically, via a temporary file and rename) with the JSON
/// `{"base_url": "...", "origin": "...", "login": "...", "ca_file": null | "..."}`,
/// so scripts can wait for the file instead of parsing stdout, and then prints a few
/// human-readable lines (login, control endpoints, CA file). On a signal it stops,
/// writing the state file when one is configured, and returns `Ok(())`.
///
/// The secret is never printed: it is [`crate::DEFAULT_SECRET`] for the default
/// account, or whatever the caller configured.
///
/// # Errors
/// Starting fails (see [`Sandbox::start`]), stdout or the ready file cannot be
/// written, or the signal handlers cannot be installed.
pub fn serve(config: Config, ready_file: Option<&Path>) -> io::Result<()> {
    let sandbox = Sandbox::start(config)?;
    let mut out = io::stdout().lock();
    writeln!(out, "justclick sandbox listening on {}", sandbox.base_url())?;
    out.flush()?;
    if let Some(path) = ready_file {
        write_ready_file(&sandbox, path)?;
    }
    // Only the first line is a contract; a caller that read it and closed the pipe
    // must not stop the server, so the rest is best effort.
    let _ = print_details(&mut out, &sandbox);
    drop(out);
    wait_for_signal()?;
    sandbox.stop();
    Ok(())
}

/// The human-readable lines after the first: accounts, control endpoints, CA file.
fn print_details(out: &mut impl Write, sandbox: &Sandbox) -> io::Result<()> {
    let logins: Vec<&str> = sandbox
        .accounts()
        .iter()
        .map(|a| a.login.as_str())
        .collect();
    writeln!(
        out,
        "accounts: {} (default {})",
        logins.join(", "),
        sandbox.account().login
    )?;
    writeln!(
        out,
        "control: POST {0}/_sandbox/fault|latency|reset, GET {0}/_sandbox/state|log|stats",
        sandbox.origin()
    )?;
    if let Some(ca) = sandbox.ca_file() {
        writeln!(out, "CA certificate: {}", ca.display())?;
    }
    writeln!(out, "press Ctrl-C to stop")?;
    out.flush()
}

/// Writes the ready-file JSON for `sandbox` to `path`.
///
/// # Errors
/// The file cannot be written.
pub fn write_ready_file(sandbox: &Sandbox, path: &Path) -> io::Result<()> {
    let json = serde_json::json!({
        "base_url": sandbox.base_url(),
        "origin": sandbox.origin(),
        "login": sandbox.account().login,
        "ca_file": sandbox.ca_file().map(|p| p.display().to_string()),
    });
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".tmp");
    std::fs::write(&tmp, json.to_string())?;
    std::fs::rename(&tmp, path)
}

/// Blocks until SIGINT or SIGTERM.
fn wait_for_signal() -> io::Result<()> {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    rt.block_on(async {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            let mut term = signal(SignalKind::terminate())?;
            tokio::select! {
                r = tokio::signal::ctrl_c() => r,
                _ = term.recv() => Ok(()),
            }
        }
        #[cfg(not(unix))]
        {
            tokio::signal::ctrl_c().await
        }
    })
}
