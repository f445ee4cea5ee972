//! Usage: `totalRequests`, `lastUsedAt` and per-day counts by status class, counted in memory, flushed in
//! batches at most 5 s behind, and kept across a graceful shutdown.

use std::time::{Duration, Instant};

use futures::future::join_all;
use quire_core::Timestamp;
use reqwest::StatusCode;

use crate::common::TestServer;
use crate::support::{key_record, owner, server, server_with, verify};

/// Sends `ok` successful and `refused` 403 requests with `key`, concurrently.
async fn burst(server: &TestServer, key: &str, team_id: &str, ok: usize, refused: usize) {
    let members = format!("/api/teams/{team_id}/members");
    let good = join_all((0..ok).map(|_| verify(server, key))).await;
    assert!(good.iter().all(|a| a.status == StatusCode::OK));
    let bad = join_all((0..refused).map(|_| server.get(&members, key))).await;
    assert!(bad.iter().all(|a| a.status == StatusCode::FORBIDDEN));
}

#[tokio::test]
async fn a_burst_is_counted_exactly() {
    let server = server().await;
    let account = owner(&server, "usage-burst").await;
    let (key, id) = server.create_key(&account.token, &account.env_id, &["documents:generate"]).await;
    let before = Timestamp::now();
    burst(&server, &key, &account.team_id, 40, 7).await;
    let record = key_record(&server, &account, &id).await;
    assert_eq!(record["totalRequests"], 47);
    let last_used = Timestamp::parse(record["lastUsedAt"].as_str().unwrap()).unwrap();
    assert!(last_used >= before && last_used <= Timestamp::now());
}

#[tokio::test]
async fn usage_per_day_splits_status_classes() {
    let server = server().await;
    let account = owner(&server, "usage-days").await;
    let (key, id) = server.create_key(&account.token, &account.env_id, &["documents:generate"]).await;
    burst(&server, &key, &account.team_id, 12, 5).await;
    let today = Timestamp::now().day();
    let usage = server.get(&format!("/api/v1/api-keys/{id}/usage"), &account.token).await;
    assert_eq!(usage.status, StatusCode::OK, "{}", usage.body);
    assert_eq!(usage.body["totalRequests"], 17);
    let days = usage.body["days"].as_array().unwrap();
    assert_eq!(days.len(), 30, "the default window is the last 30 days");
    let last = days.last().unwrap();
    assert_eq!(last["date"], today);
    assert_eq!(
        (last["requests"].as_i64(), last["status2xx"].as_i64(), last["status4xx"].as_i64()),
        (Some(17), Some(12), Some(5))
    );
    let earlier: i64 = days[..days.len() - 1].iter().map(|d| d["requests"].as_i64().unwrap()).sum();
    assert_eq!(earlier, 0);
    let one_day = server.get(&format!("/api/v1/api-keys/{id}/usage?from={today}&to={today}"), &account.token).await;
    assert_eq!(one_day.body["days"].as_array().unwrap().len(), 1);
    let backwards =
        server.get(&format!("/api/v1/api-keys/{id}/usage?from={today}&to=2000-01-01"), &account.token).await;
    assert_eq!(backwards.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn one_call_reports_every_key_of_an_environment() {
    let server = server().await;
    let account = owner(&server, "usage-environment").await;
    let (busy, busy_id) = server.create_key(&account.token, &account.env_id, &["documents:generate"]).await;
    let (_, idle_id) = server.create_key(&account.token, &account.env_id, &["documents:generate"]).await;
    burst(&server, &busy, &account.team_id, 6, 2).await;
    let today = Timestamp::now().day();
    let path = format!("/api/v1/api-keys/usage?environmentId={}", account.env_id);
    let all = server.get(&path, &account.token).await;
    assert_eq!(all.status, StatusCode::OK, "{}", all.body);
    assert_eq!(all.body["environmentId"], account.env_id.as_str());
    assert_eq!(all.body["to"], today.as_str());
    let reports = all.body["data"].as_array().unwrap();
    assert_eq!(reports.len(), 2);
    let report = |id: &str| reports.iter().find(|r| r["keyId"] == id).unwrap().clone();
    assert_eq!(report(&busy_id)["totalRequests"], 8);
    assert_eq!(report(&idle_id)["totalRequests"], 0);
    let days = report(&busy_id)["days"].as_array().unwrap().clone();
    assert_eq!(days.len(), 30);
    assert_eq!((days[29]["status2xx"].as_i64(), days[29]["status4xx"].as_i64()), (Some(6), Some(2)));
    // The same numbers as the per-key report.
    let single = server.get(&format!("/api/v1/api-keys/{busy_id}/usage"), &account.token).await;
    assert_eq!(single.body["days"], report(&busy_id)["days"]);

    let bad_period = server.get(&format!("{path}&from=yesterday"), &account.token).await;
    crate::common::assert_error(&bad_period, 400, "ERR_VALID_001");
    let missing = server.get("/api/v1/api-keys/usage", &account.token).await;
    assert_eq!(missing.status, StatusCode::BAD_REQUEST, "{}", missing.body);
    let stranger = owner(&server, "usage-stranger").await;
    let foreign = server.get(&path, &stranger.token).await;
    crate::common::assert_error(&foreign, 404, "ERR_ENV_001");
    let with_key = server.get(&path, &busy).await;
    assert!(with_key.status == StatusCode::FORBIDDEN || with_key.status == StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn counts_reach_the_store_within_five_seconds_without_a_read() {
    let server = server_with(|c| c.usage_flush_ms = 1000).await;
    let account = owner(&server, "usage-lag").await;
    let (key, id) = server.create_key(&account.token, &account.env_id, &["documents:generate"]).await;
    burst(&server, &key, &account.team_id, 20, 0).await;
    let started = Instant::now();
    let stored = loop {
        let record = server.state().store.api_key(&id).await.unwrap().unwrap();
        if record.total_requests == 20 || started.elapsed() > Duration::from_secs(5) {
            break record;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert_eq!(stored.total_requests, 20, "flushed by the background task, not by a read");
    assert!(stored.last_used_at.is_some());
}

#[tokio::test]
async fn graceful_shutdown_loses_no_counts() {
    let server = server_with(|c| c.usage_flush_ms = 5000).await;
    let account = owner(&server, "usage-shutdown").await;
    let (key, id) = server.create_key(&account.token, &account.env_id, &["documents:generate"]).await;
    burst(&server, &key, &account.team_id, 25, 3).await;
    let unflushed = server.state().store.api_key(&id).await.unwrap().unwrap().total_requests;
    let server = server.restart().await;
    let record = key_record(&server, &account, &id).await;
    assert_eq!(record["totalRequests"], 28, "{unflushed} were written before the shutdown, the rest by it");
    assert_eq!(verify(&server, &key).await.status, StatusCode::OK, "the key survives the restart");
}

#[tokio::test]
async fn refused_requests_count_as_4xx() {
    let server = server().await;
    let account = owner(&server, "usage-throttled").await;
    let created =
        crate::support::create_key_with(&server, &account, serde_json::json!({ "rateLimitPerMinute": 3 })).await;
    let key = created["key"].as_str().unwrap();
    let id = created["id"].as_str().unwrap();
    let statuses: Vec<u16> =
        join_all((0..5).map(|_| verify(&server, key))).await.iter().map(|a| a.status.as_u16()).collect();
    assert_eq!(statuses.iter().filter(|s| **s == 429).count(), 2, "{statuses:?}");
    let usage = server.get(&format!("/api/v1/api-keys/{id}/usage"), &account.token).await;
    let today = usage.body["days"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(
        (today["requests"].as_i64(), today["status2xx"].as_i64(), today["status4xx"].as_i64()),
        (Some(5), Some(3), Some(2))
    );
}
