//! Times signing in a tight loop for `bench/signing` (which compares it with PHP):
//! prints `<name> <nanoseconds per call>` lines for get_hash and raw md5 over the same
//! bytes, the median of several rounds.

use std::hint::black_box;
use std::time::Instant;

use justclick::signing::md5_hex;
use justclick::{Params, build_query, get_hash};

fn median_ns(rounds: usize, iters: u32, mut f: impl FnMut()) -> f64 {
    let mut samples: Vec<f64> = (0..rounds)
        .map(|_| {
            let t = Instant::now();
            for _ in 0..iters {
                f();
            }
            t.elapsed().as_nanos() as f64 / f64::from(iters)
        })
        .collect();
    samples.sort_by(f64::total_cmp);
    samples[rounds / 2]
}

fn main() {
    let json = std::env::args().nth(1).unwrap_or_else(|| {
        r#"{"rid":["super","1608202637.2284137403"],"lead_name":"Иван Петров","lead_email":"lead@email.com","tag":"a b~c*!'()","doneurl2":"https://example.com/thanks?x=1&y=2","activation":true,"utm":{"utm_medium":"cpc","utm_source":"direct"}}"#.to_owned()
    });
    let iters: u32 = std::env::args()
        .nth(2)
        .and_then(|s| s.parse().ok())
        .unwrap_or(200_000);
    let params = Params::from_json(&json).expect("params JSON");
    let (login, secret) = ("username", "0123456789abcdef0123456789abcdef01234567");
    let query = build_query(&params).expect("valid params");
    let sign = median_ns(7, iters, || {
        black_box(get_hash(black_box(&params), login, secret).unwrap());
    });
    let md5 = median_ns(7, iters, || {
        black_box(md5_hex(&[
            black_box(query.as_bytes()),
            b"::",
            login.as_bytes(),
            b"::",
            secret.as_bytes(),
        ]));
    });
    println!("rust_get_hash {sign:.1}");
    println!("rust_raw_md5 {md5:.1}");
}
