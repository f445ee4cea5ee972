//! Multi-node rate limits through Redis (`QUIRE_REDIS_URL`): two servers on one database and one Redis share
//! each key's counter. Runs when `QUIRE_TEST_REDIS_URL` names a Redis (`.ci/run` sets it); says SKIPPED
//! otherwise. The start-up check needs no Redis and always runs.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use reqwest::StatusCode;
use serde_json::json;

use common::{TestServer, assert_error};

/// The Redis to test against, or `None` (with a SKIPPED line) when none is configured.
fn redis_url() -> Option<String> {
    let url = std::env::var("QUIRE_TEST_REDIS_URL").ok().filter(|u| !u.is_empty());
    if url.is_none() {
        eprintln!("SKIPPED Redis tests: set QUIRE_TEST_REDIS_URL (e.g. redis://127.0.0.1:6379) to run them");
    }
    url
}

/// `GET /api/auth/verify` with `key` on the node at `base`.
async fn verify_status(client: &reqwest::Client, base: &str, key: &str) -> (StatusCode, Option<String>) {
    let answer = client.get(format!("{base}/api/auth/verify")).bearer_auth(key).send().await.unwrap();
    let remaining = answer.headers().get("x-ratelimit-remaining").map(|v| v.to_str().unwrap().to_string());
    (answer.status(), remaining)
}

#[tokio::test]
async fn two_nodes_share_a_keys_rate_limit() {
    let Some(url) = redis_url() else { return };
    let first = TestServer::start_with(|c| c.redis_url = Some(url.clone())).await;
    let account = first.register("redis-nodes@example.com").await;
    let created = first
        .post(
            "/api/v1/api-keys",
            &account.token,
            json!({ "environmentId": account.env_id, "name": "shared", "permissions": ["documents:generate"], "rateLimitPerMinute": 6 }),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let key = created.body["key"].as_str().unwrap().to_string();
    let second = quire_server::start(first.config.clone()).await.expect("a second node starts");
    let second_base = format!("http://{}", second.addr);
    let client = reqwest::Client::new();

    // Three on each node use up the six a minute; with per-node memory each node would allow six.
    let mut remaining = Vec::new();
    for base in [&first.base, &second_base, &first.base, &second_base, &first.base, &second_base] {
        let (status, left) = verify_status(&client, base, &key).await;
        assert_eq!(status, StatusCode::OK);
        remaining.push(left.unwrap().parse::<u32>().unwrap());
    }
    assert_eq!(remaining, [5, 4, 3, 2, 1, 0], "one counter, whichever node answers");
    let ready = first.raw(reqwest::Method::GET, "/ready", &[], None).await;
    assert_eq!(ready.body["checks"]["rateLimiter"], "ok", "readiness pings Redis: {}", ready.body);
    for base in [&first.base, &second_base] {
        let refused = client.get(format!("{base}/api/auth/verify")).bearer_auth(&key).send().await.unwrap();
        assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS);
        let retry_after: u64 = refused.headers()["retry-after"].to_str().unwrap().parse().unwrap();
        assert!((1..=10).contains(&retry_after), "one request comes back every 10 s: {retry_after}");
        let body: serde_json::Value = refused.json().await.unwrap();
        assert_eq!(body["code"], "ERR_QUOTA_003");
    }
    second.shutdown().await.unwrap();
}

#[tokio::test]
async fn per_client_limits_are_shared_too() {
    let Some(url) = redis_url() else { return };
    let configure = |c: &mut quire_server::Config| {
        c.redis_url = Some(url.clone());
        c.rate_limits.unauthenticated_per_minute = 2;
        c.trusted_proxies = vec!["127.0.0.1".into()];
    };
    let first = TestServer::start_with(configure).await;
    let second = TestServer::start_with(configure).await;
    // A client address of its own per run, so counters left in the shared Redis by earlier runs do not matter.
    let client = format!("198.51.100.{}", std::process::id() % 250 + 1);
    let headers = [("x-forwarded-for", client.as_str())];
    let path = "/api/auth/verify";
    assert_eq!(first.raw(reqwest::Method::GET, path, &headers, None).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(second.raw(reqwest::Method::GET, path, &headers, None).await.status, StatusCode::UNAUTHORIZED);
    assert_error(&first.raw(reqwest::Method::GET, path, &headers, None).await, 429, "ERR_QUOTA_003");
    assert_error(&second.raw(reqwest::Method::GET, path, &headers, None).await, 429, "ERR_QUOTA_003");
}

#[tokio::test]
async fn an_unreachable_redis_stops_the_start_with_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    let mut config = common::test_config(&dir).await;
    config.redis_url = Some("redis://127.0.0.1:1/".into());
    let err = quire_server::start(config).await.err().expect("no start without its Redis");
    let message = err.to_string();
    assert!(message.contains("QUIRE_REDIS_URL") && message.contains("127.0.0.1:1"), "{message}");
}
