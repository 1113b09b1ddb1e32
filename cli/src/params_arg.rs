//! Parameters given on the command line as JSON text, `@FILE` or `-` (stdin).

use std::io::Read;

use justclick::Params;

use crate::exit::{CliResult, Failure};

/// Reads the JSON text an argument refers to: itself, a file (`@path`) or stdin (`-`).
///
/// # Errors
/// A usage failure when the file or stdin cannot be read.
pub fn read_arg_text(arg: &str) -> CliResult<String> {
    if arg == "-" {
        let mut s = String::new();
        std::io::stdin()
            .read_to_string(&mut s)
            .map_err(|e| Failure::usage(format!("cannot read parameters from stdin: {e}")))?;
        Ok(s)
    } else if let Some(path) = arg.strip_prefix('@') {
        std::fs::read_to_string(path)
            .map_err(|e| Failure::usage(format!("cannot read parameters from {path}: {e}")))
    } else {
        Ok(arg.to_owned())
    }
}

/// Parses a parameters argument (absent = no parameters), keeping key order.
///
/// # Errors
/// A usage failure when it is not a JSON object.
pub fn parse_params(arg: Option<&str>) -> CliResult<Params> {
    match arg {
        None => Ok(Params::new()),
        Some(a) => {
            let text = read_arg_text(a)?;
            Params::from_json(&text).map_err(|e| Failure::usage(format!("--json: {e}")))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_order_is_kept_and_bad_json_is_a_usage_error() {
        let p = parse_params(Some(r#"{"b":1,"a":[1,2]}"#)).unwrap();
        assert_eq!(
            justclick::build_query(&p).unwrap(),
            "b=1&a%5B0%5D=1&a%5B1%5D=2"
        );
        assert!(parse_params(None).unwrap().is_empty());
        let e = parse_params(Some("{nope")).unwrap_err();
        assert_eq!(e.code, crate::exit::USAGE);
    }
}
