//! Key shapes and sizes that PHP would rewrite or drop when it parses the request body.
//!
//! The server re-serialises what PHP parsed, so a key PHP renames (`lead.name` →
//! `lead_name`), re-indexes (`rid[]`) or drops (past `max_input_vars`) makes the
//! signature fail with error 4. Such parameter sets are refused before anything is sent.

use crate::error::Error;

/// PHP's default `max_input_vars`: fields parsed from one body, the `hash` included.
pub const MAX_INPUT_VARS: usize = 1000;

/// Leaves a parameter set may have: one field of the body is always `hash` (API 1.0)
/// or `rpsKey` (API 2.0).
pub const MAX_PARAM_LEAVES: usize = MAX_INPUT_VARS - 1;

/// PHP's default `max_input_nesting_level`: brackets after the top-level key.
pub const MAX_NESTING: usize = 64;

/// Checks a top-level key: PHP turns `.` and space into `_`, treats `[` as the start
/// of an array index, truncates at NUL, and the server strips a field named `hash`.
pub(crate) fn top_level_key(key: &str) -> Result<(), Error> {
    if key.is_empty() {
        return Err(Error::invalid("empty parameter name: PHP drops it"));
    }
    if let Some(c) = key
        .bytes()
        .find(|b| matches!(b, b'.' | b' ' | b'[' | b'\0'))
        .map(char::from)
    {
        let why = match c {
            '[' => "use a nested list or map instead of brackets in the name",
            '\0' => "PHP truncates names at NUL",
            _ => "PHP renames it with '_' and the signature would not match",
        };
        return Err(Error::invalid(format!(
            "parameter name \"{}\" contains '{}': {why}",
            key.escape_debug(),
            c.escape_debug()
        )));
    }
    if key == "hash" {
        return Err(Error::invalid(
            "parameter name \"hash\" is reserved for the request signature",
        ));
    }
    Ok(())
}

/// Checks a key inside a nested map: PHP ends an index at the first `]`, re-numbers an
/// empty index, and mangles names holding NUL. `path` names the parent key for the
/// error message; it is only built on failure, keeping the valid path allocation-free.
pub(crate) fn nested_key(path: impl FnOnce() -> String, key: &str) -> Result<(), Error> {
    // PHP reads an index of one whitespace byte (`a[ ]`, `a[\n]`, …) exactly like `a[]`:
    // an append, re-numbered. Found by the differential test against PHP 8.2.
    let lone_space = matches!(
        key.as_bytes(),
        [b' ' | b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r']
    );
    if key.is_empty() || lone_space {
        let path = path();
        return Err(Error::invalid(format!(
            "parameter {path}[{key}]: empty key (PHP re-numbers it and the signature would not match)"
        )));
    }
    if let Some(c) = key
        .bytes()
        .find(|b| matches!(b, b']' | b'\0'))
        .map(char::from)
    {
        let path = path();
        return Err(Error::invalid(format!(
            "parameter {path}[{key}]: key contains '{}', which PHP cannot parse back",
            c.escape_debug()
        )));
    }
    Ok(())
}

/// Checks nesting depth (number of brackets after the top-level key).
pub(crate) fn depth(path: impl FnOnce() -> String, depth: usize) -> Result<(), Error> {
    if depth > MAX_NESTING {
        let path = path();
        return Err(Error::invalid(format!(
            "parameter {path}: nested {depth} levels deep, PHP drops anything past {MAX_NESTING}"
        )));
    }
    Ok(())
}

/// Checks the number of leaf fields.
pub(crate) fn leaves(count: usize) -> Result<(), Error> {
    if count > MAX_PARAM_LEAVES {
        return Err(Error::invalid(format!(
            "too many fields: PHP parses at most {MAX_INPUT_VARS} per request (max_input_vars), \
             the signature field included, so at most {MAX_PARAM_LEAVES} parameters"
        )));
    }
    Ok(())
}
