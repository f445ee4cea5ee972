//! GCRA shared by every node through Redis: one Lua script reads and advances a key's theoretical arrival
//! time atomically, on Redis's clock (so the nodes' clocks need not agree). When Redis fails, the node answers
//! from its own in-memory limiter for that request and logs a warning (at most one every 10 s).

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use async_trait::async_trait;
use redis::Script;
use redis::aio::ConnectionManager;

use super::{MemoryRateLimiter, RateDecision, RateLimiter, WINDOW, decide, emission_interval};

/// Names of the counters in Redis.
const KEY_PREFIX: &str = "quire:ratelimit:";

/// KEYS[1] the counter; ARGV: emission interval and window in microseconds. Answers
/// `{allowed (0/1), theoretical arrival time before this request, now}` in microseconds of Redis's clock.
/// Integers are written with `%.0f`: Lua's default number format would round them.
const GCRA: &str = r"
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
local interval = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
if tat < now then tat = now end
local allowed = 0
if tat + interval <= now + window then
  allowed = 1
  local ttl = math.floor((tat + interval - now) / 1000) + 1
  redis.call('SET', KEYS[1], string.format('%.0f', tat + interval), 'PX', ttl)
end
return {allowed, string.format('%.0f', tat), string.format('%.0f', now)}
";

/// Counters shared by every node through one Redis server.
pub struct RedisRateLimiter {
    connection: ConnectionManager,
    script: Script,
    fallback: MemoryRateLimiter,
    last_warning_unix: AtomicU64,
}

impl std::fmt::Debug for RedisRateLimiter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RedisRateLimiter")
    }
}

impl RedisRateLimiter {
    /// Connects (within 5 s) to the Redis at `url` (`redis://host:port/db`).
    pub async fn connect(url: &str) -> anyhow::Result<Self> {
        let client = redis::Client::open(url).map_err(|e| anyhow::anyhow!("QUIRE_REDIS_URL {url:?}: {e}"))?;
        let connection = tokio::time::timeout(Duration::from_secs(5), ConnectionManager::new(client))
            .await
            .map_err(|_| anyhow::anyhow!("QUIRE_REDIS_URL: no answer from Redis at {url} within 5 s"))?
            .map_err(|e| anyhow::anyhow!("QUIRE_REDIS_URL: cannot connect to Redis at {url}: {e}"))?;
        Ok(Self {
            connection,
            script: Script::new(GCRA),
            fallback: MemoryRateLimiter::default(),
            last_warning_unix: AtomicU64::new(0),
        })
    }

    async fn check_shared(&self, key: &str, per_minute: u32) -> redis::RedisResult<RateDecision> {
        let interval = emission_interval(per_minute).as_micros() as u64;
        let mut connection = self.connection.clone();
        let (allowed, tat, now): (i64, u64, u64) = self
            .script
            .key(format!("{KEY_PREFIX}{key}"))
            .arg(interval)
            .arg(WINDOW.as_micros() as u64)
            .invoke_async(&mut connection)
            .await?;
        Ok(decide(allowed == 1, Duration::from_micros(tat), Duration::from_micros(now), per_minute))
    }

    fn warn(&self, error: &redis::RedisError) {
        let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default().as_secs();
        let last = self.last_warning_unix.load(Ordering::Relaxed);
        if now >= last + 10
            && self.last_warning_unix.compare_exchange(last, now, Ordering::Relaxed, Ordering::Relaxed).is_ok()
        {
            tracing::warn!(error = %error, "Redis rate limiter failed; counting in this node's memory meanwhile");
        }
    }
}

#[async_trait]
impl RateLimiter for RedisRateLimiter {
    async fn check(&self, key: &str, per_minute: u32) -> RateDecision {
        match self.check_shared(key, per_minute).await {
            Ok(decision) => decision,
            Err(e) => {
                self.warn(&e);
                self.fallback.check(key, per_minute).await
            }
        }
    }

    async fn ready(&self) -> Result<(), String> {
        let mut connection = self.connection.clone();
        redis::cmd("PING").query_async::<String>(&mut connection).await.map(|_| ()).map_err(|e| e.to_string())
    }
}
