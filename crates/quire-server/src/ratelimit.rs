//! Per-minute rate limits (GCRA) behind a trait, so a shared Redis limiter can replace the in-memory one.

use std::collections::HashMap;
use std::hash::{BuildHasher, RandomState};
use std::sync::Mutex;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::http::{HeaderMap, HeaderValue};

use crate::auth::{Caller, Principal};
use crate::config::Config;

/// The answer for one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RateDecision {
    pub allowed: bool,
    pub limit: u32,
    pub remaining: u32,
    /// Unix seconds when the allowance is whole again.
    pub reset_unix: u64,
    /// Seconds until one more request is allowed (0 when allowed).
    pub retry_after_seconds: u64,
}

/// A rate limiter: counts one request against `key` with `per_minute` allowed.
pub trait RateLimiter: Send + Sync {
    fn check(&self, key: &str, per_minute: u32) -> RateDecision;
}

/// The counter a request is charged to and its allowance.
#[derive(Debug, Clone)]
pub struct RateLimitKey {
    pub key: String,
    pub per_minute: u32,
}

impl RateLimitKey {
    /// API key (its own limit, else the default), or user for dashboard tokens.
    pub fn for_caller(caller: &Caller, config: &Config) -> Self {
        match &caller.principal {
            Principal::ApiKey(k) => RateLimitKey {
                key: format!("key:{}", k.id),
                per_minute: k
                    .rate_limit_per_minute
                    .and_then(|l| u32::try_from(l).ok())
                    .unwrap_or(config.rate_limits.api_key_per_minute),
            },
            Principal::User(u) => {
                RateLimitKey { key: format!("user:{}", u.id), per_minute: config.rate_limits.jwt_per_minute }
            }
        }
    }

    /// Unauthenticated requests, per client IP.
    pub fn unauthenticated(ip: &str, config: &Config) -> Self {
        RateLimitKey { key: format!("ip:{ip}"), per_minute: config.rate_limits.unauthenticated_per_minute }
    }
}

/// Writes `X-RateLimit-Limit/Remaining/Reset` (and `Retry-After` when refused).
pub fn apply_headers(headers: &mut HeaderMap, d: &RateDecision) {
    headers.insert("x-ratelimit-limit", HeaderValue::from(d.limit));
    headers.insert("x-ratelimit-remaining", HeaderValue::from(d.remaining));
    headers.insert("x-ratelimit-reset", HeaderValue::from(d.reset_unix));
    if !d.allowed {
        headers.insert("retry-after", HeaderValue::from(d.retry_after_seconds));
    }
}

const SHARDS: usize = 32;
const WINDOW: Duration = Duration::from_secs(60);

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
        let limit = per_minute.max(1);
        let interval = WINDOW / limit;
        let shard = &self.shards[self.hasher.hash_one(key) as usize % SHARDS];
        let mut map = shard.lock().unwrap_or_else(|p| p.into_inner());
        if map.len() > 50_000 {
            map.retain(|_, tat| *tat > now);
        }
        let tat = map.get(key).copied().filter(|t| *t > now).unwrap_or(now);
        let new_tat = tat + interval;
        let allowed = new_tat <= now + WINDOW;
        if allowed {
            map.insert(key.to_string(), new_tat);
        }
        let used = if allowed { new_tat - now } else { tat - now };
        let remaining = ((WINDOW.saturating_sub(used)).as_nanos() / interval.as_nanos()) as u32;
        let retry_after = if allowed { Duration::ZERO } else { new_tat - (now + WINDOW) };
        RateDecision {
            allowed,
            limit,
            remaining: remaining.min(limit),
            reset_unix: (now + used).as_secs_f64().ceil() as u64,
            retry_after_seconds: if allowed { 0 } else { retry_after.as_secs_f64().ceil().max(1.0) as u64 },
        }
    }
}

impl RateLimiter for MemoryRateLimiter {
    fn check(&self, key: &str, per_minute: u32) -> RateDecision {
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
