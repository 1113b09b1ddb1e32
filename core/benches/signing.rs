//! Signing speed: `get_hash`/`sign` on a typical AddLeadToGroup parameter set, against
//! raw md5 over the same bytes (the floor: md5 is most of the work).
//!
//! `cargo bench --bench signing`; `bench/signing` runs the PHP side and prints
//! the ratios.

#![allow(missing_docs)] // criterion_group! generates undocumented public items

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use justclick::signing::md5_hex;
use justclick::{Params, build_query, get_hash, sign};

/// The typical AddLeadToGroup call of the spec's vector T1.
fn add_lead_to_group() -> Params {
    Params::new()
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
        )
}

const LOGIN: &str = "username";
const SECRET: &str = "0123456789abcdef0123456789abcdef01234567";

fn bench(c: &mut Criterion) {
    let params = add_lead_to_group();
    let query = build_query(&params).unwrap();
    let mut g = c.benchmark_group("add_lead_to_group");
    g.bench_function("get_hash", |b| {
        b.iter(|| get_hash(black_box(&params), LOGIN, SECRET).unwrap());
    });
    g.bench_function("sign (query + hash + body)", |b| {
        b.iter(|| sign(black_box(&params), LOGIN, SECRET).unwrap());
    });
    g.bench_function("build_query", |b| {
        b.iter(|| build_query(black_box(&params)).unwrap())
    });
    g.bench_function("raw md5 over the same bytes", |b| {
        b.iter(|| {
            md5_hex(&[
                black_box(query.as_bytes()),
                b"::",
                LOGIN.as_bytes(),
                b"::",
                SECRET.as_bytes(),
            ])
        });
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
