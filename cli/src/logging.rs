//! `-v` / `-vv` and `--log-file`: the library's call events, on stderr as text and in
//! a file as JSON lines. Nothing secret is in them (the core never puts it there);
//! contact data is masked.

use std::fs::{File, OpenOptions};
use std::io::Write as _;
use std::sync::{Arc, Mutex};
use std::time::{SystemTime, UNIX_EPOCH};

use justclick::ClientBuilder;
use justclick::client::{Event, Level};

use crate::args::Global;
use crate::exit::{CliResult, Failure};

/// Adds the event callback `-v`, `-vv` and `--log-file` ask for (none when neither).
///
/// # Errors
/// The log file cannot be opened for appending.
pub fn attach(g: &Global, b: ClientBuilder) -> CliResult<ClientBuilder> {
    // -v: outcomes and retries; -vv: every attempt and answer as well.
    let stderr_level = match g.verbose {
        0 => None,
        1 => Some(Level::Info),
        _ => Some(Level::Debug),
    };
    let file = match &g.log_file {
        None => None,
        Some(path) => Some(Mutex::new(
            OpenOptions::new()
                .create(true)
                .append(true)
                .open(path)
                .map_err(|e| Failure::usage(format!("--log-file {}: {e}", path.display())))?,
        )),
    };
    if stderr_level.is_none() && file.is_none() {
        return Ok(b);
    }
    let file: Option<Arc<Mutex<File>>> = file.map(Arc::new);
    Ok(b.on_event(move |e: &Event<'_>| {
        if stderr_level.is_some_and(|min| e.level() >= min) {
            eprintln!("justclick: {}: {e}", e.level().name());
        }
        if let Some(f) = &file {
            let json = e.to_json();
            let ts = SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0.0, |d| d.as_secs_f64());
            // `json` starts with `{`: splice the time and level in front of its fields.
            let line = format!(
                "{{\"ts\":{ts:.6},\"level\":\"{}\",{}\n",
                e.level().name(),
                &json[1..]
            );
            if let Ok(mut f) = f.lock() {
                // A full disk must not fail the call; the line is lost.
                let _ = f.write_all(line.as_bytes());
            }
        }
    }))
}
