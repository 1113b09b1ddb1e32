//! Every size and depth cap of the library, in one place.
//!
//! The library is embedded in servers (a C module, a PHP extension, fibers with small
//! stacks), so no input may make it allocate without bound, abort on a failed
//! allocation, or recurse deeper than a small, documented stack allows. Each cap below
//! is checked **before** any allocation or recursion that scales with the input, and
//! the error names the cap.
//!
//! | What | Cap | Why this value |
//! |------|-----|----------------|
//! | parameters / fields / notification body / options text | [`MAX_INPUT_BYTES`] (8 MiB) | PHP's default `post_max_size`: the server cannot take more |
//! | parameter nesting below the top-level key | [`MAX_PARAM_NESTING`] (64) | PHP's `max_input_nesting_level` |
//! | JSON elements in an input | [`MAX_INPUT_ELEMENTS`] (100 000) | 100× `max_input_vars`; bounds the parsed tree |
//! | request body (query + hash) | [`MAX_REQUEST_BODY`] (8 MiB) | `post_max_size` again |
//! | response body | the client's `max_response_bytes` | configurable, 16 MiB by default |
//! | response JSON nesting | [`MAX_RESPONSE_NESTING`] (32) | JustClick answers nest 4 deep |
//! | response JSON elements | [`MAX_RESPONSE_ELEMENTS`] (1 000 000) | bounds the parsed tree |
//! | `check_hash` input | [`MAX_CHECK_HASH_BYTES`] (64 MiB) | a response read some other way |
//! | method name | [`MAX_METHOD_BYTES`] (64) | the longest documented name is 26 |
//! | login | [`MAX_LOGIN_BYTES`] (63) | a login is a DNS label |

/// Bytes of a parameter, fields, options or notification input (8 MiB, PHP's
/// `post_max_size`).
pub const MAX_INPUT_BYTES: usize = 8 << 20;

/// Nesting of a parameter below its top-level key (PHP's `max_input_nesting_level`).
pub const MAX_PARAM_NESTING: usize = crate::validate::MAX_NESTING;

/// JSON elements (array items, object members, containers) in one input.
pub const MAX_INPUT_ELEMENTS: usize = 100_000;

/// Bytes of a request body: the query plus the signature field (PHP's `post_max_size`).
pub const MAX_REQUEST_BODY: usize = 8 << 20;

/// JSON nesting of a response (the envelope object is level 1).
pub const MAX_RESPONSE_NESTING: usize = 32;

/// JSON elements in one response.
pub const MAX_RESPONSE_ELEMENTS: usize = 1_000_000;

/// Bytes of a response given to `check_hash` / `jc_check_hash`.
pub const MAX_CHECK_HASH_BYTES: usize = 64 << 20;

/// Bytes of an API method name.
pub const MAX_METHOD_BYTES: usize = 64;

/// Bytes of an account login.
pub const MAX_LOGIN_BYTES: usize = 63;

/// Refuses an input longer than `cap` bytes, naming it.
///
/// # Errors
/// A message naming `what`, its size and the cap.
pub fn check_len(what: &str, len: usize, cap: usize, cap_name: &str) -> Result<(), String> {
    if len > cap {
        return Err(format!(
            "{what} is {len} bytes, over the {cap}-byte limit ({cap_name})"
        ));
    }
    Ok(())
}

/// Scans JSON text without parsing it (iteratively, no allocation) and refuses it when
/// its nesting exceeds `max_depth` (the outermost container is level 1) or it holds
/// more than `max_elements` elements (containers, array items and object members).
/// Malformed JSON is left for the parser to report.
///
/// # Errors
/// A message naming `what` and the limit exceeded.
pub fn check_json_shape(
    text: &str,
    what: &str,
    max_depth: usize,
    max_elements: usize,
) -> Result<(), String> {
    let mut depth = 0usize;
    let mut elements = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    for &b in text.as_bytes() {
        if in_string {
            if escaped {
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
            } else if b == b'"' {
                in_string = false;
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                elements += 1;
                if depth > max_depth {
                    return Err(format!(
                        "{what} nests deeper than the limit of {max_depth} levels"
                    ));
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            b',' => elements += 1,
            _ => continue,
        }
        if elements > max_elements {
            return Err(format!(
                "{what} holds more than the limit of {max_elements} elements"
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shape_counts_depth_and_elements_outside_strings() {
        assert!(check_json_shape(r#"{"a":[[1]]}"#, "x", 3, 10).is_ok());
        let e = check_json_shape(r#"{"a":[[[1]]]}"#, "params", 3, 10).unwrap_err();
        assert!(e.contains("params") && e.contains("3 levels"), "{e}");
        // Brackets, commas and escaped quotes inside strings do not count.
        assert!(check_json_shape(r#"{"a":"[[[[,,,,\"[[["}"#, "x", 1, 2).is_ok());
        let e = check_json_shape("[1,2,3,4]", "response", 5, 3).unwrap_err();
        assert!(e.contains("3 elements"), "{e}");
        // A 10 MB nesting bomb is refused without recursion.
        let bomb = "[".repeat(10_000_000);
        assert!(check_json_shape(&bomb, "x", 64, usize::MAX).is_err());
    }

    #[test]
    fn len_names_the_cap() {
        assert!(check_len("params_json", 8, 8, "MAX").is_ok());
        let e = check_len("params_json", 9, 8, "MAX_INPUT_BYTES").unwrap_err();
        assert!(
            e.contains("params_json") && e.contains("MAX_INPUT_BYTES"),
            "{e}"
        );
    }
}
