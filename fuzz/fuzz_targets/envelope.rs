//! Any bytes as a response body: parsing and verification never panic, `check_hash`
//! agrees with parse + verify, and a body re-signed with the right hash verifies.
#![no_main]

use justclick::envelope::Envelope;
use justclick::signing::{check_hash, hex_str, response_hash};
use libfuzzer_sys::fuzz_target;

const SECRET: &str = "fuzz-secret";

fuzz_target!(|data: &[u8]| {
    let Ok(body) = std::str::from_utf8(data) else {
        return;
    };
    let parsed = Envelope::parse(body);
    let verified = parsed.as_ref().is_ok_and(|e| e.verify(SECRET).is_ok());
    assert_eq!(check_hash(body, SECRET), verified);
    if let Ok(env) = parsed {
        // Re-sign what was parsed: it must verify, and a one-bit change must not.
        let good = hex_str(&response_hash(&env.code_text, &env.text, SECRET)).to_owned();
        let signed = serde_json::json!({
            "error_code": env.code_text,
            "error_text": env.text,
            "hash": good,
        })
        .to_string();
        assert!(check_hash(&signed, SECRET), "re-signed body must verify: {signed}");
        let mut bad = good.into_bytes();
        bad[0] = if bad[0] == b'0' { b'1' } else { b'0' };
        let forged = serde_json::json!({
            "error_code": env.code_text,
            "error_text": env.text,
            "hash": String::from_utf8(bad).unwrap(),
        })
        .to_string();
        assert!(!check_hash(&forged, SECRET));
    }
});
