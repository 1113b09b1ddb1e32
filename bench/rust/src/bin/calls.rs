//! Sequential calls through the Rust client for `bench/run`: one `Client` (so one
//! keep-alive connection), `WARMUP` untimed calls, then `COUNT` timed ones.
//!
//! `jc-bench-calls delete-subscribe BASE_URL CA_FILE|- LOGIN GROUP EMAIL_FORMAT FIRST COUNT WARMUP`
//! (`EMAIL_FORMAT` holds one `{}`, replaced by FIRST, FIRST+1, …; those addresses
//! must be subscribed to GROUP) or
//! `jc-bench-calls get-lead-group-statuses BASE_URL CA_FILE|- LOGIN EMAIL COUNT WARMUP`.
//! The secret comes from `JUSTCLICK_SECRET`. Prints the nanoseconds of each timed
//! call, space-separated, on one line.

use std::process::ExitCode;
use std::time::Instant;

use justclick::Client;

fn client(base: &str, ca: &str, login: &str) -> Result<Client, String> {
    let secret = std::env::var("JUSTCLICK_SECRET").map_err(|_| "JUSTCLICK_SECRET is not set")?;
    let mut b = Client::builder(login, &secret).base_url(base);
    // JC_BENCH_LISTENER=1: the cost of an event callback that counts what it sees.
    if std::env::var_os("JC_BENCH_LISTENER").is_some() {
        let seen = std::sync::atomic::AtomicU64::new(0);
        b = b.on_event(move |e| {
            if e.name() == "outcome" {
                seen.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            }
        });
    }
    if ca != "-" {
        b = b.ca_file(ca);
    }
    b.build().map_err(|e| e.to_string())
}

fn number(s: &str, what: &str) -> Result<u64, String> {
    s.parse().map_err(|_| format!("{what}: not a number: {s}"))
}

/// Runs `call(i)` for `warmup + count` values of `i` and keeps the timings of the last `count`.
fn timed(
    warmup: u64,
    count: u64,
    mut call: impl FnMut(u64) -> Result<(), justclick::Error>,
) -> Result<Vec<u128>, String> {
    let mut samples = Vec::with_capacity(usize::try_from(count).unwrap_or(0));
    for i in 0..warmup + count {
        let t = Instant::now();
        call(i).map_err(|e| format!("call {i}: {e}"))?;
        let dt = t.elapsed().as_nanos();
        if i >= warmup {
            samples.push(dt);
        }
    }
    Ok(samples)
}

fn run(args: &[String]) -> Result<Vec<u128>, String> {
    match args {
        [cmd, base, ca, login, group, fmt, first, count, warmup] if cmd == "delete-subscribe" => {
            let c = client(base, ca, login)?;
            let first = number(first, "FIRST")?;
            timed(number(warmup, "WARMUP")?, number(count, "COUNT")?, |i| {
                let email = fmt.replace("{}", &(first + i).to_string());
                c.delete_subscribe(&email, group)
            })
        }
        [cmd, base, ca, login, email, count, warmup] if cmd == "get-lead-group-statuses" => {
            let c = client(base, ca, login)?;
            timed(number(warmup, "WARMUP")?, number(count, "COUNT")?, |_| {
                c.get_lead_group_statuses(email).map(drop)
            })
        }
        _ => Err("usage: see the top of bench/rust/src/bin/calls.rs".to_owned()),
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(samples) => {
            let line: Vec<String> = samples.iter().map(u128::to_string).collect();
            println!("{}", line.join(" "));
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("jc-bench-calls: {e}");
            ExitCode::FAILURE
        }
    }
}
