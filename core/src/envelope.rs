//! The response envelope `{error_code, error_text, result?, hash}` and its verification.

use serde_json::Value as Json;

use crate::limits;
use crate::signing::{hex_digest_eq, response_hash};

/// A parsed (not yet verified) JustClick response.
#[derive(Debug, Clone, PartialEq)]
pub struct Envelope {
    /// `error_code` as PHP interpolates it into the signature (`0`, `"102"` as-is,
    /// null as `""`).
    pub code_text: String,
    /// `error_code` as a number, when it is an integer or a numeric string.
    pub code: Option<i64>,
    /// `error_text` after JSON decoding (null as `""`).
    pub text: String,
    /// `result`, when present.
    pub result: Option<Json>,
    hash: Option<Json>,
}

/// Why a response failed verification.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignatureProblem {
    /// The response has no `hash` field.
    Missing,
    /// `hash` is not a JSON string (e.g. `true`, which PHP's `==` accepts).
    NotAString,
    /// `hash` is a string but not 32 hex digits.
    BadFormat,
    /// `hash` is well-formed but does not match.
    Mismatch,
}

impl std::fmt::Display for SignatureProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            SignatureProblem::Missing => "the response has no hash",
            SignatureProblem::NotAString => "the response hash is not a string",
            SignatureProblem::BadFormat => "the response hash is not 32 hex digits",
            SignatureProblem::Mismatch => {
                "the response hash does not match md5(code::text::secret): most likely the secret \
                 is not this account's API secret (check login and secret), else the response \
                 was forged or altered"
            }
        })
    }
}

/// Refuses response JSON nested or sized past the response limits, before parsing.
///
/// # Errors
/// A message naming the limit.
pub(crate) fn check_response_shape(body: &str) -> Result<(), String> {
    limits::check_json_shape(
        body,
        "the response",
        limits::MAX_RESPONSE_NESTING,
        limits::MAX_RESPONSE_ELEMENTS,
    )
    .map_err(|e| format!("{e} (MAX_RESPONSE_NESTING / MAX_RESPONSE_ELEMENTS)"))
}

impl Envelope {
    /// Parses a response body. Fails (with a reason) when the body is not a JSON object,
    /// or `error_code`/`error_text` have types PHP would not interpolate as the server
    /// signed them.
    ///
    /// # Errors
    /// A human-readable reason string.
    ///
    /// Bodies over [`limits::MAX_CHECK_HASH_BYTES`], nested more than
    /// [`limits::MAX_RESPONSE_NESTING`] levels or holding more than
    /// [`limits::MAX_RESPONSE_ELEMENTS`] elements are refused before parsing.
    pub fn parse(body: &str) -> Result<Self, String> {
        limits::check_len(
            "the response",
            body.len(),
            limits::MAX_CHECK_HASH_BYTES,
            "MAX_CHECK_HASH_BYTES",
        )?;
        check_response_shape(body)?;
        let json: Json = serde_json::from_str(body).map_err(|e| e.to_string())?;
        Self::from_json(json)
    }

    /// Builds an envelope from parsed JSON (see [`Envelope::parse`]).
    ///
    /// # Errors
    /// A human-readable reason string.
    pub fn from_json(json: Json) -> Result<Self, String> {
        let Json::Object(mut obj) = json else {
            return Err("the body is not a JSON object".into());
        };
        let (code_text, code) = match obj.get("error_code") {
            Some(Json::Number(n)) if n.is_i64() || n.is_u64() => (n.to_string(), n.as_i64()),
            Some(Json::String(s)) => (s.clone(), s.trim().parse::<i64>().ok()),
            Some(Json::Null) => (String::new(), None),
            Some(other) => return Err(format!("error_code has an unexpected type: {other}")),
            None => return Err("the body has no error_code".into()),
        };
        let text = match obj.get("error_text") {
            Some(Json::String(s)) => s.clone(),
            Some(Json::Null) | None => String::new(),
            Some(Json::Number(n)) if n.is_i64() => n.to_string(),
            Some(other) => return Err(format!("error_text has an unexpected type: {other}")),
        };
        Ok(Envelope {
            code_text,
            code,
            text,
            result: obj.shift_remove("result"),
            hash: obj.shift_remove("hash"),
        })
    }

    /// Checks the `hash` against `md5(code::text::secret)` in constant time.
    ///
    /// # Errors
    /// What was wrong with the signature.
    pub fn verify(&self, secret: &str) -> Result<(), SignatureProblem> {
        let claimed = match &self.hash {
            None => return Err(SignatureProblem::Missing),
            Some(Json::String(s)) => s,
            Some(_) => return Err(SignatureProblem::NotAString),
        };
        if claimed.len() != 32 || !claimed.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(SignatureProblem::BadFormat);
        }
        if hex_digest_eq(claimed, &response_hash(&self.code_text, &self.text, secret)) {
            Ok(())
        } else {
            Err(SignatureProblem::Mismatch)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::signing::{check_hash, hex_str};

    const S: &str = "k";

    fn body(code: &str, text: &str, hash: &str) -> String {
        format!(r#"{{"error_code":{code},"error_text":{text},"hash":{hash}}}"#)
    }

    fn good(code_text: &str, text: &str) -> String {
        format!("\"{}\"", hex_str(&response_hash(code_text, text, S)))
    }

    #[test]
    fn response_limits_are_checked_before_parsing() {
        let nested = |n: usize| {
            format!(
                r#"{{"error_code":0,"error_text":"","result":{}1{},"hash":"x"}}"#,
                "[".repeat(n),
                "]".repeat(n)
            )
        };
        assert!(Envelope::parse(&nested(31)).is_ok());
        let e = Envelope::parse(&nested(32)).unwrap_err();
        assert!(
            e.contains("32 levels") && e.contains("MAX_RESPONSE_NESTING"),
            "{e}"
        );
        assert!(!check_hash(&"[".repeat(5_000_000), S));
        let big = " ".repeat(crate::limits::MAX_CHECK_HASH_BYTES + 1);
        assert!(
            Envelope::parse(&big)
                .unwrap_err()
                .contains("MAX_CHECK_HASH_BYTES")
        );
    }

    #[test]
    fn each_verification_failure() {
        let ok = body("0", "\"OK\"", &good("0", "OK"));
        assert!(check_hash(&ok, S));
        assert!(!check_hash(&ok, "other secret"));
        // PHP's loose == accepts true for any secret; we never do.
        let forged = body("0", "\"OK\"", "true");
        assert_eq!(
            Envelope::parse(&forged).unwrap().verify(S),
            Err(SignatureProblem::NotAString)
        );
        let missing = r#"{"error_code":0,"error_text":"OK"}"#;
        assert_eq!(
            Envelope::parse(missing).unwrap().verify(S),
            Err(SignatureProblem::Missing)
        );
        let short = body("0", "\"OK\"", "\"abc\"");
        assert_eq!(
            Envelope::parse(&short).unwrap().verify(S),
            Err(SignatureProblem::BadFormat)
        );
        let upper = body("0", "\"OK\"", &good("0", "OK").to_uppercase());
        assert!(check_hash(&upper, S), "upper-case hex is the same digest");
        assert!(!check_hash("not json", S));
        assert!(!check_hash("[1]", S));
    }

    #[test]
    fn code_and_text_render_as_php_interpolates() {
        // Null text is "" and a string code is used as-is.
        assert!(check_hash(&body("0", "null", &good("0", "")), S));
        assert!(check_hash(&body("\"102\"", "\"x\"", &good("102", "x")), S));
        assert!(check_hash(&body("null", "\"x\"", &good("", "x")), S));
        let env = Envelope::parse(&body("\"102\"", "\"x\"", "\"\"")).unwrap();
        assert_eq!(env.code, Some(102));
        // JSON escapes are decoded before hashing.
        let escaped = body(
            "6",
            r#""ip 10.0.0.1\/32 \u0416""#,
            &good("6", "ip 10.0.0.1/32 Ж"),
        );
        assert!(check_hash(&escaped, S));
        // A float or boolean code is not something the server sends.
        assert!(Envelope::parse(&body("true", "\"x\"", "\"\"")).is_err());
        assert!(Envelope::parse(&body("0.0", "\"x\"", "\"\"")).is_err());
    }
}
