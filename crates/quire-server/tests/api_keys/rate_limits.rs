//! Rate limits (API.md §2): `X-RateLimit-*` on every response, 429 `ERR_QUOTA_003` with `Retry-After`
//! and `retryAfter`, counted per key, per user and per IP, and a key's own limit overriding the default.

use quire_core::Timestamp;
use reqwest::StatusCode;
use serde_json::json;

use crate::common::{Answer, assert_error};
use crate::support::{create_key_with, get_with_authorization, owner, server_with, verify};

/// The three headers, parsed.
fn limit_headers(answer: &Answer) -> (u64, u64, u64) {
    let read = |name: &str| -> u64 {
        answer.header(name).unwrap_or_else(|| panic!("{name} missing on {}", answer.status)).parse().unwrap()
    };
    (read("x-ratelimit-limit"), read("x-ratelimit-remaining"), read("x-ratelimit-reset"))
}

/// A 429 with everything the contract asks for.
fn assert_throttled(answer: &Answer, limit: u64) {
    assert_error(answer, 429, "ERR_QUOTA_003");
    let retry_after: u64 = answer.header("retry-after").expect("Retry-After header").parse().unwrap();
    assert!(retry_after >= 1, "Retry-After is at least a second");
    assert_eq!(answer.body["retryAfter"], retry_after, "body and header agree");
    let (said_limit, remaining, _) = limit_headers(answer);
    assert_eq!((said_limit, remaining), (limit, 0));
}

#[tokio::test]
async fn every_kind_of_response_carries_the_headers() {
    let server = server_with(|c| {
        c.rate_limits.api_key_per_minute = 50;
        c.rate_limits.jwt_per_minute = 60;
        c.rate_limits.unauthenticated_per_minute = 1000;
    })
    .await;
    let account = owner(&server, "headers").await;
    let (key, _) = server.create_key(&account.token, &account.env_id, &["documents:generate"]).await;
    let now = Timestamp::now().as_unix_seconds() as u64;
    let cases = [
        ("api key, 200", verify(&server, &key).await, 50),
        ("api key, 403", server.get(&format!("/api/teams/{}/members", account.team_id), &key).await, 50),
        ("api key, unknown path", server.get("/api/v1/nowhere", &key).await, 50),
        ("jwt, 200", verify(&server, &account.token).await, 60),
        ("no credentials, 401", get_with_authorization(&server, "/api/auth/verify", None).await, 1000),
        ("malformed key, 401", verify(&server, "fm_short").await, 1000),
    ];
    for (what, answer, limit) in cases {
        let (said_limit, remaining, reset) = limit_headers(&answer);
        assert_eq!(said_limit, limit, "{what}");
        assert!(remaining < limit, "{what}: this request was counted");
        assert!(reset >= now && reset <= now + 61, "{what}: reset {reset} is within the minute after {now}");
    }
}

#[tokio::test]
async fn remaining_counts_down_per_request() {
    let server = server_with(|c| c.rate_limits.api_key_per_minute = 10).await;
    let account = owner(&server, "countdown").await;
    let (key, _) = server.create_key(&account.token, &account.env_id, &["documents:generate"]).await;
    let mut seen = Vec::new();
    for _ in 0..4 {
        seen.push(limit_headers(&verify(&server, &key).await).1);
    }
    assert_eq!(seen, vec![9, 8, 7, 6]);
}

#[tokio::test]
async fn key_over_its_limit_gets_429_with_retry_after() {
    let server = server_with(|c| c.rate_limits.api_key_per_minute = 5).await;
    let account = owner(&server, "throttled").await;
    let (key, _) = server.create_key(&account.token, &account.env_id, &["documents:generate"]).await;
    for i in 0..5 {
        assert_eq!(verify(&server, &key).await.status, StatusCode::OK, "request {i} is within the limit");
    }
    assert_throttled(&verify(&server, &key).await, 5);
}

#[tokio::test]
async fn each_key_has_its_own_allowance() {
    let server = server_with(|c| c.rate_limits.api_key_per_minute = 3).await;
    let account = owner(&server, "per-key").await;
    let (first, _) = server.create_key(&account.token, &account.env_id, &["documents:generate"]).await;
    let (second, _) = server.create_key(&account.token, &account.env_id, &["documents:generate"]).await;
    for _ in 0..3 {
        verify(&server, &first).await;
    }
    assert_throttled(&verify(&server, &first).await, 3);
    assert_eq!(verify(&server, &second).await.status, StatusCode::OK);
}

#[tokio::test]
async fn a_keys_own_limit_overrides_the_default() {
    let server = server_with(|c| c.rate_limits.api_key_per_minute = 100).await;
    let account = owner(&server, "override").await;
    let created = create_key_with(&server, &account, json!({ "rateLimitPerMinute": 2 })).await;
    let key = created["key"].as_str().unwrap();
    assert_eq!(limit_headers(&verify(&server, key).await).0, 2);
    assert_eq!(verify(&server, key).await.status, StatusCode::OK);
    assert_throttled(&verify(&server, key).await, 2);
    let (plain, _) = server.create_key(&account.token, &account.env_id, &["documents:generate"]).await;
    assert_eq!(limit_headers(&verify(&server, &plain).await).0, 100);
}

#[tokio::test]
async fn dashboard_users_are_limited_per_user() {
    let server = server_with(|c| c.rate_limits.jwt_per_minute = 4).await;
    let alice = owner(&server, "jwt-a").await;
    let bob = owner(&server, "jwt-b").await;
    // Spend what registration left of alice's allowance, however much that was.
    let mut answer = verify(&server, &alice.token).await;
    while answer.status == StatusCode::OK && limit_headers(&answer).1 > 0 {
        answer = verify(&server, &alice.token).await;
    }
    assert_eq!(answer.status, StatusCode::OK, "the last allowed request");
    assert_throttled(&verify(&server, &alice.token).await, 4);
    assert_eq!(verify(&server, &bob.token).await.status, StatusCode::OK, "bob has his own allowance");
}

#[tokio::test]
async fn unauthenticated_requests_are_limited_per_ip() {
    let server = server_with(|c| c.rate_limits.unauthenticated_per_minute = 3).await;
    for _ in 0..3 {
        let answer = get_with_authorization(&server, "/api/auth/verify", None).await;
        assert_error(&answer, 401, "ERR_AUTH_001");
    }
    assert_throttled(&get_with_authorization(&server, "/api/auth/verify", None).await, 3);
    assert_throttled(&verify(&server, "fm_bad").await, 3);
}
