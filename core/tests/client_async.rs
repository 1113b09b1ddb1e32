//! The async calls under several executors: tokio (multi-thread, with the call in a
//! spawned task, and current-thread), smol (its executor and its `block_on`) and a
//! hand-written `block_on` below that parks a thread and nothing else. The library
//! depends on none of them (tests/rust-dependent checks its tree): a `CallFuture` is
//! woken by the client's worker thread, whatever polls it.
//!
//! Dropping a future cancels its call: the tests drop futures (a timeout, an aborted
//! task, a dropped `block_on`) and read the sandbox's request log and state.
//!
//! Time bounds are generous (the machine is shared): the stalls they stand against
//! last seconds.

mod client_support;

use std::future::Future;
use std::pin::pin;
use std::sync::Arc;
use std::task::{Context, Poll, Wake, Waker};
use std::thread::{self, Thread};
use std::time::{Duration, Instant};

use client_support::{builder, contact, sandbox};
use justclick::Params;
use justclick::client::AddLead;
use justclick::error::ErrorKind;
use justclick_sandbox::Sandbox;
use smol::future::FutureExt as _;

/// Between a future's drop and its worker being free again; the stalled answer it
/// stands against is [`STALL`] away.
const CANCEL_BOUND: Duration = Duration::from_secs(1);
/// Sandbox latency while a call is cut.
const STALL: Duration = Duration::from_secs(3);

/// Wakes a parked thread.
struct Unpark(Thread);

impl Wake for Unpark {
    fn wake(self: Arc<Self>) {
        self.0.unpark();
    }
}

/// A `block_on` with no runtime at all: polls on this thread, parks between polls,
/// and gives up (dropping the future) at `deadline`.
fn block_on_until<F: Future>(fut: F, deadline: Option<Instant>) -> Option<F::Output> {
    let waker = Waker::from(Arc::new(Unpark(thread::current())));
    let mut cx = Context::from_waker(&waker);
    let mut fut = pin!(fut);
    loop {
        if let Poll::Ready(out) = fut.as_mut().poll(&mut cx) {
            return Some(out);
        }
        match deadline {
            None => thread::park(),
            Some(d) => {
                let now = Instant::now();
                if now >= d {
                    return None;
                }
                thread::park_timeout(d - now);
            }
        }
    }
}

#[derive(Debug, Clone, Copy)]
enum Executor {
    /// tokio's multi-thread runtime; the future runs in a spawned task, aborted at
    /// the time limit.
    TokioTask,
    /// tokio's current-thread runtime, `tokio::time::timeout` at the limit.
    TokioCurrentThread,
    /// smol's executor running a spawned task, dropped (cancelled) at the limit.
    SmolTask,
    /// `smol::block_on` with a smol timer racing the future.
    SmolBlockOn,
    /// [`block_on_until`].
    Plain,
}

const EXECUTORS: [Executor; 5] = [
    Executor::TokioTask,
    Executor::TokioCurrentThread,
    Executor::SmolTask,
    Executor::SmolBlockOn,
    Executor::Plain,
];

impl Executor {
    /// Runs `fut` to its end, or until `limit` has passed: then it is dropped, and the
    /// answer is `None`.
    fn run_for<F>(self, fut: F, limit: Duration) -> Option<F::Output>
    where
        F: Future + Send + 'static,
        F::Output: Send + 'static,
    {
        match self {
            Executor::TokioTask => {
                let rt = tokio::runtime::Builder::new_multi_thread()
                    .worker_threads(2)
                    .enable_all()
                    .build()
                    .unwrap();
                rt.block_on(async {
                    let task = tokio::spawn(fut);
                    let abort = task.abort_handle();
                    match tokio::time::timeout(limit, task).await {
                        Ok(out) => Some(out.unwrap()),
                        Err(_) => {
                            abort.abort();
                            None
                        }
                    }
                })
            }
            Executor::TokioCurrentThread => tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap()
                .block_on(async { tokio::time::timeout(limit, fut).await.ok() }),
            Executor::SmolTask => {
                let ex = smol::Executor::new();
                let task = ex.spawn(fut);
                smol::block_on(ex.run(async {
                    async { Some(task.await) }
                        .or(async {
                            smol::Timer::after(limit).await;
                            None
                        })
                        .await
                }))
            }
            Executor::SmolBlockOn => smol::block_on(async { Some(fut.await) }.or(async {
                smol::Timer::after(limit).await;
                None
            })),
            Executor::Plain => block_on_until(fut, Some(Instant::now() + limit)),
        }
    }

    fn run<F>(self, fut: F) -> F::Output
    where
        F: Future + Send + 'static,
        F::Output: Send + 'static,
    {
        self.run_for(fut, Duration::from_secs(60))
            .unwrap_or_else(|| panic!("{self:?}: not finished in 60 s"))
    }
}

fn logged(sb: &Sandbox, marker: &str) -> usize {
    sb.request_log()
        .iter()
        .filter(|r| r.body.contains(marker))
        .count()
}

#[test]
fn the_same_calls_overlap_under_every_executor() {
    let sb = sandbox();
    let c = builder(&sb).max_concurrency(4).build().unwrap();
    let expected: Vec<String> = c
        .get_all_groups()
        .unwrap()
        .into_iter()
        .map(|g| g.rass_name)
        .collect();
    // 4 calls of 400 ms on a pool of 4: about 400 ms together, 1.6 s one after
    // another. 1.2 s leaves the loaded machine 800 ms and still fails a serial run.
    let latency = Duration::from_millis(400);
    sb.set_latency(latency);
    for exec in EXECUTORS {
        let c = c.clone();
        let started = Instant::now();
        let (typed, generic) = exec.run(async move {
            let typed = c.get_all_groups_async();
            let a = c.invoke_async("GetAllGroups", &Params::new());
            let b = c.call_async("GetAllGroups", &Params::new());
            let d = c.get_all_groups_async();
            let (typed, (a, (b, d))) =
                smol::future::zip(typed, smol::future::zip(a, smol::future::zip(b, d))).await;
            d.unwrap();
            let generic = [a.unwrap(), b.unwrap()];
            (typed.unwrap(), generic)
        });
        let took = started.elapsed();
        eprintln!("{exec:?}: 4 calls of {latency:?} took {took:?}");
        let names: Vec<String> = typed.into_iter().map(|g| g.rass_name).collect();
        assert_eq!(names, expected, "{exec:?}");
        for json in generic {
            let names: Vec<&str> = json
                .as_array()
                .unwrap()
                .iter()
                .map(|g| g["rass_name"].as_str().unwrap())
                .collect();
            assert_eq!(names, expected, "{exec:?}");
        }
        assert!(took >= latency, "{exec:?}: {took:?}");
        assert!(
            took < Duration::from_millis(1200),
            "{exec:?}: the 4 calls did not overlap ({took:?})"
        );
    }
}

#[test]
fn dropping_a_future_in_flight_cuts_its_write_under_every_executor() {
    let sb = sandbox();
    sb.set_latency(STALL);
    // All executors at once, so the stall is waited out once; a client (and pool)
    // each, so that each one's pool counts its own call.
    let runs: Vec<_> = EXECUTORS
        .into_iter()
        .map(|exec| {
            let c = builder(&sb).build().unwrap();
            thread::spawn(move || {
                let email = format!("dropped-{exec:?}@example.com").to_lowercase();
                let lead = AddLead::new(["super"], &email);
                let fut = c.add_lead_to_group_async(&lead);
                // 300 ms: the request is written, the answer is 3 s away.
                let out = exec.run_for(fut, Duration::from_millis(300));
                assert!(out.is_none(), "{exec:?}: finished before the stall");
                let dropped = Instant::now();
                // The worker is free again at once: the call was cut, not waited out.
                while c.pool_stats().running > 0 {
                    assert!(
                        dropped.elapsed() < CANCEL_BOUND,
                        "{exec:?}: the call still runs {:?} after its future was dropped",
                        dropped.elapsed()
                    );
                    thread::sleep(Duration::from_millis(2));
                }
                eprintln!(
                    "{exec:?}: worker free {:?} after the drop",
                    dropped.elapsed()
                );
                (exec, email)
            })
        })
        .collect();
    let emails: Vec<_> = runs.into_iter().map(|r| r.join().unwrap()).collect();
    // Past the stall: a request still open would have been answered (and applied).
    thread::sleep(STALL + Duration::from_millis(500));
    for (exec, email) in emails {
        assert_eq!(logged(&sb, &email), 0, "{exec:?}: the sandbox answered it");
        assert!(
            contact(&sb, &email).is_null(),
            "{exec:?}: the write was applied: {}",
            contact(&sb, &email)
        );
    }
}

#[test]
fn dropping_a_queued_future_frees_its_place_and_it_is_never_sent() {
    let sb = sandbox();
    sb.set_latency(Duration::from_millis(300));
    for exec in EXECUTORS {
        // A pool of one worker, of this executor's calls only.
        let c = builder(&sb).max_concurrency(1).build().unwrap();
        let (first, second) = (format!("first-{exec:?}"), format!("second-{exec:?}"));
        let (f, s) = (first.clone(), second.clone());
        exec.run(async move {
            let mut a = c.call_async("GetAllGroups", &Params::new().with("marker", f.as_str()));
            let mut b = c.call_async("GetAllGroups", &Params::new().with("marker", s.as_str()));
            // Lazy: nothing is queued before the first poll.
            assert_eq!(c.pool_stats().queued + c.pool_stats().running, 0);
            assert!(smol::future::poll_once(&mut a).await.is_none());
            // The first takes the only worker (blocking this executor a moment is
            // harmless: the call runs on the worker).
            let started = Instant::now();
            while c.pool_stats().running == 0 {
                assert!(started.elapsed() < CANCEL_BOUND, "{exec:?}: never started");
                thread::sleep(Duration::from_millis(1));
            }
            assert!(smol::future::poll_once(&mut b).await.is_none());
            assert_eq!(c.pool_stats().queued, 1, "{exec:?}");
            drop(b);
            assert_eq!(c.pool_stats().queued, 0, "{exec:?}: its place is free");
            a.await.expect("the running call is not affected");
        });
        assert_eq!(logged(&sb, &first), 1, "{exec:?}");
        assert_eq!(
            logged(&sb, &second),
            0,
            "{exec:?}: the dropped call was sent"
        );
    }
}

#[test]
fn a_futures_cancel_handle_ends_it_with_cancelled_after_sending() {
    let sb = sandbox();
    let c = builder(&sb).build().unwrap();
    sb.set_latency(STALL);
    for exec in EXECUTORS {
        let fut = c.get_all_groups_async();
        let cancel = fut.cancel_handle().clone();
        let canceller = thread::spawn(move || {
            thread::sleep(Duration::from_millis(300));
            cancel.cancel();
            Instant::now()
        });
        let e = exec.run(fut).unwrap_err();
        let returned = Instant::now();
        let cancelled = canceller.join().unwrap();
        let took = returned.saturating_duration_since(cancelled);
        eprintln!("{exec:?}: the future ended {took:?} after the cancel");
        assert_eq!(e.kind(), ErrorKind::Cancelled, "{exec:?}: {e:?}");
        assert!(e.may_have_been_applied(), "{exec:?}: it was sent: {e}");
        assert!(took < CANCEL_BOUND, "{exec:?}: {took:?}");
    }
}
