//! [`crate::Config::rate_limit`]: at most N API requests in any one-second window;
//! the ones above get error 8, as JustClick answers a client that calls too fast.

use std::collections::VecDeque;
use std::sync::Mutex;
use std::time::{Duration, Instant};

const WINDOW: Duration = Duration::from_secs(1);

/// A sliding one-second window of the requests let through.
#[derive(Debug)]
pub(crate) struct RequestRate {
    limit: u32,
    admitted: Mutex<VecDeque<Instant>>,
}

impl RequestRate {
    pub fn new(limit: u32) -> Self {
        RequestRate {
            limit,
            admitted: Mutex::new(VecDeque::new()),
        }
    }

    /// True when a request arriving at `now` is within the limit (and counts it);
    /// refused requests do not count, so a client that backs off gets through again.
    pub fn admit(&self, now: Instant) -> bool {
        let mut q = self.admitted.lock().expect("rate lock");
        while q.front().is_some_and(|t| now.duration_since(*t) >= WINDOW) {
            q.pop_front();
        }
        if q.len() >= self.limit as usize {
            return false;
        }
        q.push_back(now);
        true
    }

    pub fn clear(&self) {
        self.admitted.lock().expect("rate lock").clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn at_most_n_per_sliding_second() {
        let r = RequestRate::new(3);
        let t = Instant::now();
        assert!(r.admit(t));
        assert!(r.admit(t + Duration::from_millis(100)));
        assert!(r.admit(t + Duration::from_millis(200)));
        assert!(!r.admit(t + Duration::from_millis(300)));
        assert!(!r.admit(t + Duration::from_millis(999)));
        // The first request left the window.
        assert!(r.admit(t + Duration::from_millis(1000)));
        assert!(!r.admit(t + Duration::from_millis(1050)));
        assert!(!RequestRate::new(0).admit(t));
    }
}
