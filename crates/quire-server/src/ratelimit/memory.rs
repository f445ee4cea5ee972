//! GCRA in memory, for a single node: one theoretical arrival time per key in sharded maps.

use std::collections::HashMap;
use std::hash::{BuildHasher, RandomState};
use std::sync::Mutex;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use async_trait::async_trait;

use super::{RateDecision, RateLimiter, WINDOW, decide, emission_interval};

const SHARDS: usize = 32;

/// GCRA in memory: one "theoretical arrival time" per key, in sharded maps.
#[derive(Debug)]
pub struct MemoryRateLimiter {
    shards: Vec<Mutex<HashMap<String, Duration>>>,
    hasher: RandomState,
}

impl Default for MemoryRateLimiter {
    fn default() -> Self {
        Self { shards: (0..SHARDS).map(|_| Mutex::new(HashMap::new())).collect(), hasher: RandomState::new() }
    }
}

impl MemoryRateLimiter {
    /// The decision at time `now` (since the Unix epoch); separate from the clock for tests.
    pub fn check_at(&self, key: &str, per_minute: u32, now: Duration) -> RateDecision {
        let interval = emission_interval(per_minute);
        let shard = &self.shards[self.hasher.hash_one(key) as usize % SHARDS];
        let mut map = shard.lock().unwrap_or_else(|p| p.into_inner());
        if map.len() > 50_000 {
            map.retain(|_, tat| *tat > now);
        }
        let tat = map.get(key).copied().filter(|t| *t > now).unwrap_or(now);
        let allowed = tat + interval <= now + WINDOW;
        if allowed {
            map.insert(key.to_string(), tat + interval);
        }
        decide(allowed, tat, now, per_minute)
    }
}

#[async_trait]
impl RateLimiter for MemoryRateLimiter {
    async fn check(&self, key: &str, per_minute: u32) -> RateDecision {
        let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default();
        self.check_at(key, per_minute, now)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allows_the_limit_in_a_burst_then_refuses() {
        let rl = MemoryRateLimiter::default();
        let now = Duration::from_secs(1_000_000);
        for i in 0..10 {
            let d = rl.check_at("k", 10, now);
            assert!(d.allowed, "request {i}");
            assert_eq!(d.remaining, 9 - i);
        }
        let d = rl.check_at("k", 10, now);
        assert!(!d.allowed);
        assert_eq!(d.retry_after_seconds, 6);
        assert!(rl.check_at("other", 10, now).allowed);
    }

    #[test]
    fn allowance_comes_back_over_time() {
        let rl = MemoryRateLimiter::default();
        let now = Duration::from_secs(1_000_000);
        for _ in 0..10 {
            rl.check_at("k", 10, now);
        }
        assert!(!rl.check_at("k", 10, now + Duration::from_secs(5)).allowed);
        assert!(rl.check_at("k", 10, now + Duration::from_secs(6)).allowed);
    }
}
