//! Per-minute rate limits (GCRA) behind a trait: in memory on a single node ([`MemoryRateLimiter`]), shared
//! through Redis by every node when `QUIRE_REDIS_URL` is set ([`RedisRateLimiter`]).

mod endpoint;
mod memory;
mod redis;

use std::time::Duration;

use async_trait::async_trait;
use axum::http::{HeaderMap, HeaderValue};
pub use endpoint::{EndpointClass, tighter};
pub use memory::MemoryRateLimiter;
pub use redis::RedisRateLimiter;

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
#[async_trait]
pub trait RateLimiter: Send + Sync {
    async fn check(&self, key: &str, per_minute: u32) -> RateDecision;

    /// Whether the counters are reachable (for `/ready`); the message says why not.
    async fn ready(&self) -> Result<(), String> {
        Ok(())
    }
}

/// The counter a request is charged to and its allowance.
#[derive(Debug, Clone)]
pub struct RateLimitKey {
    pub key: String,
    pub per_minute: u32,
}

impl RateLimitKey {
    /// API key (its own limit, else the default), OAuth app + user, or user for dashboard tokens.
    pub fn for_caller(caller: &Caller, config: &Config) -> Self {
        match &caller.principal {
            Principal::ApiKey(k) => RateLimitKey {
                key: format!("key:{}", k.id),
                per_minute: k
                    .rate_limit_per_minute
                    .and_then(|l| u32::try_from(l).ok())
                    .unwrap_or(config.rate_limits.api_key_per_minute),
            },
            Principal::OAuth(o) => RateLimitKey {
                key: format!("oauth:{}:{}", o.app_id, o.user.id),
                per_minute: config.rate_limits.oauth_per_minute,
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

/// The allowance is spread over this window: `per_minute` requests a minute, all of them at once at most.
const WINDOW: Duration = Duration::from_secs(60);

/// GCRA's spacing between requests for `limit` per minute.
fn emission_interval(limit: u32) -> Duration {
    WINDOW / limit.max(1)
}

/// The decision for one request, from the key's theoretical arrival time before it (`tat`, never before
/// `now`) and whether it was allowed (both limiters share this arithmetic; only the storage of `tat` differs).
fn decide(allowed: bool, tat: Duration, now: Duration, per_minute: u32) -> RateDecision {
    let limit = per_minute.max(1);
    let interval = emission_interval(limit);
    let new_tat = tat + interval;
    let used = if allowed { new_tat - now } else { tat - now };
    let remaining = ((WINDOW.saturating_sub(used)).as_nanos() / interval.as_nanos()) as u32;
    let retry_after = if allowed { Duration::ZERO } else { new_tat.saturating_sub(now + WINDOW) };
    RateDecision {
        allowed,
        limit,
        remaining: remaining.min(limit),
        reset_unix: (now + used).as_secs_f64().ceil() as u64,
        retry_after_seconds: if allowed { 0 } else { retry_after.as_secs_f64().ceil().max(1.0) as u64 },
    }
}
