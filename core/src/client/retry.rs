//! When to try again: only where repeating cannot do harm.

use std::hash::{BuildHasher, RandomState};
use std::time::Duration;

/// JustClick's rate-limit code: nothing was done, back off and repeat.
pub(crate) const RATE_LIMITED: i64 = 8;

/// Bounded exponential backoff with jitter.
#[derive(Debug, Clone, Copy)]
pub(crate) struct RetryPolicy {
    pub max_retries: u32,
    pub base_delay: Duration,
}

impl RetryPolicy {
    /// The pause before retry number `attempt` (0-based): `base * 2^attempt`, scaled by
    /// a random factor in [0.5, 1.0) so that many clients do not retry in lock step.
    pub fn delay(&self, attempt: u32) -> Duration {
        let exp = self.base_delay.saturating_mul(1u32 << attempt.min(10));
        let jitter = RandomState::new().hash_one(attempt) % 500;
        exp.mul_f64(0.5 + jitter as f64 / 1000.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_and_is_bounded() {
        let p = RetryPolicy {
            max_retries: 3,
            base_delay: Duration::from_millis(100),
        };
        for attempt in 0..4 {
            let d = p.delay(attempt);
            let full = 100u64 << attempt;
            assert!(
                d >= Duration::from_millis(full / 2) && d < Duration::from_millis(full),
                "{d:?}"
            );
        }
    }
}
