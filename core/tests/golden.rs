//! Every line of the PHP-generated golden vectors (tests/vectors/php-golden.jsonl).

use justclick::{Params, build_query, check_hash, get_hash, sign};
use serde_json::Value;

fn vectors() -> Vec<Value> {
    let text = include_str!("../../tests/vectors/php-golden.jsonl");
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).expect("vector line is JSON"))
        .collect()
}

fn s<'a>(v: &'a Value, key: &str) -> &'a str {
    v[key]
        .as_str()
        .unwrap_or_else(|| panic!("{key} missing in {v}"))
}

#[test]
fn every_golden_vector_passes() {
    let (mut requests, mut responses) = (0, 0);
    for v in vectors() {
        let name = s(&v, "name");
        match s(&v, "kind") {
            "request" => {
                let params = Params::from_json_value(&v["params"]).unwrap();
                let (login, secret) = (s(&v, "login"), s(&v, "secret"));
                assert_eq!(build_query(&params).unwrap(), s(&v, "query"), "{name}");
                assert_eq!(
                    get_hash(&params, login, secret).unwrap(),
                    s(&v, "hash"),
                    "{name}"
                );
                let signed = sign(&params, login, secret).unwrap();
                assert_eq!(signed.query(), s(&v, "query"), "{name}");
                assert_eq!(signed.hash(), s(&v, "hash"), "{name}");
                requests += 1;
            }
            "response" => {
                let valid = v["valid"].as_bool().unwrap();
                assert_eq!(check_hash(s(&v, "body"), s(&v, "secret")), valid, "{name}");
                if valid {
                    assert!(!check_hash(s(&v, "body"), "wrong secret"), "{name}");
                }
                responses += 1;
            }
            other => panic!("unknown kind {other}"),
        }
    }
    assert!(
        requests >= 13 && responses >= 6,
        "{requests} requests, {responses} responses"
    );
}

#[test]
fn spec_section_3_3_vectors() {
    let secret = "0123456789abcdef0123456789abcdef01234567";
    let t1 = Params::new()
        .with("rid", vec!["super", "1608202637.2284137403"])
        .with("lead_name", "Иван Петров")
        .with("lead_email", "lead@email.com")
        .with("tag", "a b~c*!'()")
        .with("doneurl2", "https://example.com/thanks?x=1&y=2")
        .with("activation", true)
        .with(
            "utm",
            Params::new()
                .with("utm_medium", "cpc")
                .with("utm_source", "direct"),
        );
    assert_eq!(
        get_hash(&t1, "username", secret).unwrap(),
        "e0a7f2cf10b764ae10ff650ac318b684"
    );
    let goods = vec![
        Params::new()
            .with("good_name", "invoice")
            .with("good_sum", 1500),
        Params::new().with("good_name", "sales"),
    ];
    let t2 = Params::new()
        .with("goods", goods)
        .with("bill_first_name", "Name")
        .with("bill_email", "user4@email.com")
        .with("bill_timer_kill", true)
        .with("bill_created", 1_291_001_819)
        .with(
            "utm",
            Params::new()
                .with("utm_medium", "cpc")
                .with("utm_source", "direct"),
        );
    assert_eq!(
        get_hash(&t2, "username", secret).unwrap(),
        "5f308b68e02c8f371318c17bc83867bb"
    );
}
