//! Retry delays: exponential backoff with full jitter (a random delay between zero and
//! `min(cap, base × 2^(attempt−1))`), so failing subscribers' retries spread out instead
//! of arriving in waves.

use std::time::Duration;

use rand::Rng as _;

/// The delay before the attempt after failed attempt number `attempt` (1-based).
pub fn full_jitter(attempt: u32, base: Duration, cap: Duration) -> Duration {
    let ceiling = ceiling(attempt, base, cap);
    let millis = ceiling.as_millis().min(u128::from(u64::MAX)) as u64;
    Duration::from_millis(rand::rng().random_range(0..=millis))
}

/// The upper bound of the delay after attempt `attempt`.
pub fn ceiling(attempt: u32, base: Duration, cap: Duration) -> Duration {
    let factor = 2u32.saturating_pow(attempt.saturating_sub(1).min(31));
    base.saturating_mul(factor).min(cap)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_double_stay_under_the_cap_and_vary() {
        let (base, cap) = (Duration::from_millis(100), Duration::from_secs(5));
        assert_eq!(ceiling(1, base, cap), Duration::from_millis(100));
        assert_eq!(ceiling(4, base, cap), Duration::from_millis(800));
        assert_eq!(ceiling(30, base, cap), cap);
        let delays: Vec<Duration> = (0..50).map(|_| full_jitter(6, base, cap)).collect();
        assert!(delays.iter().all(|delay| *delay <= Duration::from_millis(3200)));
        assert!(delays.iter().any(|delay| *delay != delays[0]), "jitter varies");
    }
}
