//! Progress on stderr: an indicatif bar with rate and ETA on a terminal, plain
//! periodic lines otherwise (logs, CI, `nohup`).

use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::i18n::tr;

/// Counters shared with the progress display. Only this run's rows to send count:
/// rows skipped by the journal or refused before sending cost no time, so counting
/// them made the rate and ETA of a resumed job wrong.
#[derive(Debug, Default)]
pub struct Counters {
    /// Rows of this run finished (sent, checked, or given up).
    pub processed: AtomicU64,
    /// Rows that failed (invalid, refused, no verified answer).
    pub failed: AtomicU64,
}

/// A "finished" flag with a condition variable, to end the plain-line thread at once.
type Wake = (Mutex<bool>, Condvar);

/// The running display.
pub struct Progress {
    bar: Option<ProgressBar>,
    ticker: Option<(JoinHandle<()>, Arc<Wake>)>,
    counters: Arc<Counters>,
    started: Instant,
    total: u64,
}

impl Progress {
    /// Starts a display for `total` rows to send, or none when `quiet` (dry runs print
    /// rows).
    #[must_use]
    pub fn start(total: u64, interval: Duration, counters: Arc<Counters>, quiet: bool) -> Self {
        if quiet {
            return Progress {
                bar: None,
                ticker: None,
                counters,
                started: Instant::now(),
                total,
            };
        }
        if std::io::stderr().is_terminal() {
            let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
            bar.set_style(
                ProgressStyle::with_template("{bar:40.cyan/blue} {pos}/{len}  {msg}")
                    .unwrap_or_else(|_| ProgressStyle::default_bar()),
            );
            bar.enable_steady_tick(Duration::from_millis(200));
            return Progress {
                bar: Some(bar),
                ticker: None,
                counters,
                started: Instant::now(),
                total,
            };
        }
        let wake = Arc::new((Mutex::new(false), Condvar::new()));
        let w = Arc::clone(&wake);
        let c = Arc::clone(&counters);
        let handle = std::thread::spawn(move || plain_lines(total, interval, &c, &w));
        Progress {
            bar: None,
            ticker: Some((handle, wake)),
            counters,
            started: Instant::now(),
            total,
        }
    }

    /// One more row finished.
    pub fn inc(&self, failed: bool) {
        self.counters.processed.fetch_add(1, Ordering::Relaxed);
        if failed {
            self.counters.failed.fetch_add(1, Ordering::Relaxed);
        }
        if let Some(bar) = &self.bar {
            bar.inc(1);
            bar.set_message(rate_eta(self.total, self.started.elapsed(), &self.counters));
        }
    }

    /// Prints a line without tearing the bar.
    pub fn println(&self, line: &str) {
        match &self.bar {
            Some(bar) => bar.println(line),
            None => eprintln!("{line}"),
        }
    }

    /// Stops the display.
    pub fn finish(self) {
        if let Some(bar) = &self.bar {
            bar.abandon();
        }
        if let Some((handle, wake)) = self.ticker {
            let (lock, cv) = &*wake;
            *lock
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner) = true;
            cv.notify_all();
            let _ = handle.join();
        }
    }
}

fn plain_lines(total: u64, interval: Duration, c: &Counters, wake: &Wake) {
    let start = Instant::now();
    let (lock, cv) = wake;
    let mut done = lock
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    loop {
        let (guard, _) = cv
            .wait_timeout_while(done, interval, |stop| !*stop)
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        done = guard;
        if *done {
            return;
        }
        eprintln!("{}", plain_line(total, start.elapsed(), c));
    }
}

/// `240.0 rows/s, ETA 37s, 3 failed`: this run's rows only, one decimal.
fn rate_eta(total: u64, elapsed: Duration, c: &Counters) -> String {
    let n = c.processed.load(Ordering::Relaxed);
    let failed = c.failed.load(Ordering::Relaxed);
    let rate = n as f64 / elapsed.as_secs_f64().max(1e-3);
    let eta = if rate > 0.0 {
        format!("{:.0}s", total.saturating_sub(n) as f64 / rate)
    } else {
        "?".to_owned()
    };
    format!(
        "{rate:.1} {}, ETA {eta}, {failed} {}",
        tr("rows/s"),
        tr("failed")
    )
}

/// `progress: 1200/10000 rows (12%), 240.0 rows/s, ETA 37s, 3 failed`.
fn plain_line(total: u64, elapsed: Duration, c: &Counters) -> String {
    let n = c.processed.load(Ordering::Relaxed);
    let pct = (n * 100).checked_div(total).unwrap_or(100);
    format!(
        "progress: {n}/{total} rows ({pct}%), {}",
        rate_eta(total, elapsed, c)
    )
}

/// A flag set once, read by everyone: Ctrl-C, SIGTERM or a fatal error.
pub type StopFlag = Arc<AtomicBool>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_lines_show_count_rate_and_eta() {
        let c = Counters::default();
        c.processed.store(250, Ordering::Relaxed);
        c.failed.store(2, Ordering::Relaxed);
        let l = plain_line(1000, Duration::from_secs(1), &c);
        assert_eq!(
            l,
            "progress: 250/1000 rows (25%), 250.0 rows/s, ETA 3s, 2 failed"
        );
    }
}
