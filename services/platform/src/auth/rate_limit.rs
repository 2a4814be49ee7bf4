//! Per-token rate limits: a token bucket for each token id, in this process.
//!
//! Limits are per replica: N replicas behind a load balancer allow about N times the rate.
//! That keeps the check a memory lookup on the hot path (no shared counter to call), and
//! a runaway tool is still stopped at each replica.

use std::{
    collections::HashMap,
    sync::Mutex,
    time::{Duration, Instant},
};

/// The buckets of every token seen by this process.
#[derive(Debug, Default)]
pub struct RateLimiter {
    /// One bucket per token id.
    buckets: Mutex<HashMap<String, Bucket>>,
}

/// A token bucket: `tokens` refill at `rate` per second up to `burst`.
#[derive(Debug, Clone, Copy)]
struct Bucket {
    /// Calls that may be made right now.
    tokens: f64,
    /// When `tokens` was last refilled.
    refilled_at: Instant,
}

impl RateLimiter {
    /// Take one call from `token_id`'s bucket (`rate` per second, bursts up to twice that).
    /// `Err(wait)` when the bucket is empty: the caller may retry after `wait`.
    pub fn take(&self, token_id: &str, rate_per_second: u32) -> Result<(), Duration> {
        self.take_at(token_id, rate_per_second, Instant::now())
    }

    fn take_at(&self, token_id: &str, rate_per_second: u32, now: Instant) -> Result<(), Duration> {
        let rate = f64::from(rate_per_second.max(1));
        let burst = rate * 2.0;
        // A poisoned lock only means another call panicked mid-update; the counts are
        // still numbers, so carry on with them.
        let mut buckets = self.buckets.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let bucket = buckets.entry(token_id.to_owned()).or_insert(Bucket { tokens: burst, refilled_at: now });
        let elapsed = now.saturating_duration_since(bucket.refilled_at).as_secs_f64();
        bucket.tokens = (bucket.tokens + elapsed * rate).min(burst);
        bucket.refilled_at = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            return Ok(());
        }
        Err(Duration::from_secs_f64((1.0 - bucket.tokens) / rate))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_of_twice_the_rate_passes_then_calls_wait_for_refill() {
        let limiter = RateLimiter::default();
        let start = Instant::now();
        for _ in 0..20 {
            assert!(limiter.take_at("a", 10, start).is_ok());
        }
        let wait = limiter.take_at("a", 10, start).expect_err("bucket is empty");
        assert!(wait > Duration::ZERO && wait <= Duration::from_millis(100), "{wait:?}");
        // Another token has its own bucket.
        assert!(limiter.take_at("b", 10, start).is_ok());
        // A tenth of a second later, one call's worth has refilled.
        assert!(limiter.take_at("a", 10, start + Duration::from_millis(100)).is_ok());
        assert!(limiter.take_at("a", 10, start + Duration::from_millis(100)).is_err());
    }
}
