//! `justclick verify-notification`: checks a notification JustClick posted to your
//! server (the raw form body, from stdin or a file) with the account's secret.

use std::io::Read;

use justclick::notification::{parse_notification, verify_notification};

use crate::args::{Global, VerifyArgs};
use crate::creds;
use crate::exit::{CliResult, Failure};
use crate::output::{Output, render};

fn read_body(a: &VerifyArgs) -> CliResult<Vec<u8>> {
    match &a.file {
        Some(path) => std::fs::read(path)
            .map_err(|e| Failure::usage(format!("cannot read {}: {e}", path.display()))),
        None => {
            let mut body = Vec::new();
            std::io::stdin()
                .read_to_end(&mut body)
                .map_err(|e| Failure::usage(format!("cannot read stdin: {e}")))?;
            Ok(body)
        }
    }
}

/// Verifies (or with `--parse-only`, just parses) the notification and prints its
/// kind, the formula its hash matched, and its fields.
///
/// # Errors
/// A missing secret (exit 2) or a refused signature (exit 4).
pub fn run(g: &Global, out: Output, a: &VerifyArgs) -> CliResult {
    let body = read_body(a)?;
    // Trailing newlines from `echo` or an editor are not part of a form body.
    let trimmed = body.trim_ascii_end();
    let (n, verified) = if a.parse_only {
        (parse_notification(trimmed), false)
    } else {
        let secret = creds::secret_only(g)?;
        (verify_notification(trimmed, &secret)?, true)
    };
    let mut json = n.to_json();
    if let Some(obj) = json.as_object_mut() {
        obj.insert("verified".into(), verified.into());
    }
    let head = match (verified, n.formula) {
        (true, Some(f)) => format!(
            "genuine {} notification (hash = md5({} . secret))",
            n.kind.as_str(),
            f.as_str()
        ),
        _ => format!(
            "{} notification, NOT verified (parsed only)",
            n.kind.as_str()
        ),
    };
    out.print_either(&json, &format!("{head}\n{}", render(&n.fields.to_json())))
}
