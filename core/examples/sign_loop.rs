//! Times signing in a tight loop for `bench/signing` (which compares it with PHP):
//! prints `<name> <nanoseconds per call>` lines for get_hash and raw md5 over the same
//! bytes, the median of several rounds.

use std::hint::black_box;
use std::time::Instant;

use justclick::signing::md5_hex;
use justclick::{Params, build_query, get_hash};

/// Nanoseconds per call of each closure, the median of `rounds` rounds; the closures
/// take turns within each round so machine noise hits them alike.
fn medians_ns<const N: usize>(
    rounds: usize,
    iters: u32,
    fs: &mut [&mut dyn FnMut(); N],
) -> [f64; N] {
    let mut samples = vec![Vec::with_capacity(rounds); N];
    for _ in 0..rounds {
        for (f, out) in fs.iter_mut().zip(samples.iter_mut()) {
            let t = Instant::now();
            for _ in 0..iters {
                f();
            }
            out.push(t.elapsed().as_nanos() as f64 / f64::from(iters));
        }
    }
    std::array::from_fn(|i| {
        samples[i].sort_by(f64::total_cmp);
        samples[i][rounds / 2]
    })
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
    let mut sign = || {
        black_box(get_hash(black_box(&params), login, secret).unwrap());
    };
    let mut md5 = || {
        black_box(md5_hex(&[
            black_box(query.as_bytes()),
            b"::",
            login.as_bytes(),
            b"::",
            secret.as_bytes(),
        ]));
    };
    let [sign, md5] = medians_ns(9, iters / 4, &mut [&mut sign, &mut md5]);
    println!("rust_get_hash {sign:.1}");
    println!("rust_raw_md5 {md5:.1}");
}
