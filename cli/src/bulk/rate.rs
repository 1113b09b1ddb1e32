//! Pacing shared by all workers: evenly spaced request slots (a token bucket with a
//! bucket of one), and a global pause that grows when JustClick answers error 8.

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::sleep;
use std::time::{Duration, Instant};

/// First pause after an error 8; it doubles on each further one.
pub const FIRST_BACKOFF: Duration = Duration::from_secs(1);
/// Longest pause after error 8.
pub const MAX_BACKOFF: Duration = Duration::from_secs(60);
/// The rate is never lowered below this many requests per second.
const MIN_RATE: f64 = 0.2;

#[derive(Debug)]
struct State {
    interval: Duration,
    next: Instant,
    paused_until: Instant,
    backoff: Duration,
}

/// The shared limiter.
#[derive(Debug)]
pub struct RateLimiter {
    state: Mutex<State>,
}

impl RateLimiter {
    /// A limiter for `per_second` requests per second (0 or less: unlimited).
    #[must_use]
    pub fn new(per_second: f64) -> Self {
        let now = Instant::now();
        RateLimiter {
            state: Mutex::new(State {
                interval: interval_for(per_second),
                next: now,
                paused_until: now,
                backoff: Duration::ZERO,
            }),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Waits for this worker's slot. Returns false (at once or while waiting) when
    /// `stop` is set.
    pub fn acquire(&self, stop: &AtomicBool) -> bool {
        let slot = {
            let mut s = self.lock();
            let now = Instant::now();
            let slot = s.next.max(now).max(s.paused_until);
            s.next = slot + s.interval;
            slot
        };
        loop {
            if stop.load(Ordering::SeqCst) {
                return false;
            }
            let now = Instant::now();
            if now >= slot {
                return true;
            }
            sleep((slot - now).min(Duration::from_millis(100)));
        }
    }

    /// Error 8 (rate limit): pause everyone, longer each time, and halve the rate.
    /// Returns the pause.
    pub fn rate_limited(&self) -> Duration {
        let mut s = self.lock();
        s.backoff = (s.backoff * 2).clamp(FIRST_BACKOFF, MAX_BACKOFF);
        let until = Instant::now() + s.backoff;
        s.paused_until = s.paused_until.max(until);
        let slowest = interval_for(MIN_RATE);
        s.interval = if s.interval.is_zero() {
            Duration::from_millis(50)
        } else {
            (s.interval * 2).min(slowest)
        };
        s.backoff
    }

    /// A request went through: the next error 8 starts with a short pause again.
    pub fn succeeded(&self) {
        self.lock().backoff = Duration::ZERO;
    }

    /// The current rate in requests per second (infinite when unlimited).
    #[must_use]
    pub fn rate(&self) -> f64 {
        let i = self.lock().interval;
        if i.is_zero() {
            f64::INFINITY
        } else {
            1.0 / i.as_secs_f64()
        }
    }
}

fn interval_for(per_second: f64) -> Duration {
    if per_second.is_finite() && per_second > 0.0 {
        Duration::from_secs_f64(1.0 / per_second)
    } else {
        Duration::ZERO
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_are_spaced_by_the_rate() {
        let stop = AtomicBool::new(false);
        let l = RateLimiter::new(50.0);
        let t = Instant::now();
        for _ in 0..11 {
            assert!(l.acquire(&stop));
        }
        let took = t.elapsed();
        assert!(took >= Duration::from_millis(195), "{took:?}");
        assert!(took < Duration::from_millis(600), "{took:?}");
    }

    #[test]
    fn error_8_pauses_and_slows_down_and_stop_wins() {
        let stop = AtomicBool::new(false);
        let l = RateLimiter::new(100.0);
        assert_eq!(l.rate_limited(), FIRST_BACKOFF);
        assert!((l.rate() - 50.0).abs() < 1e-6);
        assert_eq!(l.rate_limited(), FIRST_BACKOFF * 2);
        l.succeeded();
        assert_eq!(l.rate_limited(), FIRST_BACKOFF);
        stop.store(true, Ordering::SeqCst);
        let t = Instant::now();
        assert!(!l.acquire(&stop));
        assert!(t.elapsed() < Duration::from_millis(200));
        assert!(RateLimiter::new(0.0).rate().is_infinite());
    }
}
