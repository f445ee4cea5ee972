//! Changes made elsewhere reach this node's key cache within a second: from a second node on the same
//! database (multi-node), and straight in the store (as `quire keys revoke` does). Usage is not a change.

use std::time::{Duration, Instant};

use quire_core::Timestamp;
use quire_store::{ApiKeyPatch, ApiKeyStatus};
use reqwest::StatusCode;

use crate::common::{Answer, TestServer, assert_error};
use crate::support::{owner, server, verify};

/// Calls verify with `key` on a node until `done` holds for the answer (or 5 s pass, which fails the test).
async fn verify_until(base: &str, client: &reqwest::Client, key: &str, done: impl Fn(&Answer) -> bool) -> Answer {
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let response =
            client.get(format!("{base}/api/auth/verify")).bearer_auth(key).send().await.expect("the node answers");
        let status = response.status();
        let headers = response.headers().clone();
        let body = response.json().await.unwrap_or(serde_json::Value::Null);
        let answer = Answer { status, headers, body };
        if done(&answer) {
            return answer;
        }
        assert!(Instant::now() < deadline, "the change did not reach the node within 5 s: {:?}", answer.body);
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// The first refusal of `key` by the node at `base`.
async fn first_refusal(base: &str, client: &reqwest::Client, key: &str) -> Answer {
    verify_until(base, client, key, |a| a.status != StatusCode::OK).await
}

#[tokio::test]
async fn a_revoke_on_one_node_is_refused_by_another_node_on_the_same_database() {
    let first = server().await;
    let account = owner(&first, "feed-nodes").await;
    let (key, id) = first.create_key(&account.token, &account.env_id, &["documents:generate"]).await;
    let second = quire_server::start(first.config.clone()).await.expect("a second node starts");
    let second_base = format!("http://{}", second.addr);
    let client = reqwest::Client::new();
    let warm = client.get(format!("{second_base}/api/auth/verify")).bearer_auth(&key).send().await.unwrap();
    assert_eq!(warm.status(), StatusCode::OK, "the second node now holds the key in its cache");

    let revoked = first.post(&format!("/api/v1/api-keys/{id}/revoke"), &account.token, serde_json::json!({})).await;
    assert_eq!(revoked.status, StatusCode::OK);
    assert_error(&first_refusal(&second_base, &client, &key).await, 401, "ERR_AKEY_003");

    let reactivated =
        first.post(&format!("/api/v1/api-keys/{id}/reactivate"), &account.token, serde_json::json!({})).await;
    assert_eq!(reactivated.status, StatusCode::OK);
    verify_until(&second_base, &client, &key, |a| a.status == StatusCode::OK).await;
    let deleted = first.delete(&format!("/api/v1/api-keys/{id}"), &account.token).await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT);
    assert_error(&first_refusal(&second_base, &client, &key).await, 401, "ERR_AUTH_004");
    second.shutdown().await.unwrap();
}

#[tokio::test]
async fn a_revoke_written_straight_to_the_database_is_seen_within_a_second() {
    let server: TestServer = server().await;
    let account = owner(&server, "feed-cli").await;
    let (key, id) = server.create_key(&account.token, &account.env_id, &["documents:generate"]).await;
    assert_eq!(verify(&server, &key).await.status, StatusCode::OK);
    // What `quire keys revoke` does: the store, not this server's API (so no local invalidation).
    let patch = ApiKeyPatch { status: Some(ApiKeyStatus::Revoked), ..ApiKeyPatch::default() };
    server.state().store.update_api_key(&id, &patch, Timestamp::now()).await.unwrap();
    assert_error(&first_refusal(&server.base, &server.client, &key).await, 401, "ERR_AKEY_003");
}

#[tokio::test]
async fn usage_counting_is_not_a_change() {
    let server = server().await;
    let account = owner(&server, "feed-usage").await;
    let (key, _) = server.create_key(&account.token, &account.env_id, &["documents:generate"]).await;
    let store = &server.state().store;
    let head = store.api_key_change_head().await.unwrap();
    for _ in 0..5 {
        assert_eq!(verify(&server, &key).await.status, StatusCode::OK);
    }
    server.state().usage.flush(store).await.unwrap();
    assert_eq!(store.api_key_change_head().await.unwrap(), head, "usage writes add nothing to the feed");
    assert_eq!(store.prune_api_key_changes(Timestamp::now().plus_seconds(3600)).await.unwrap() as i64, head);
    assert_eq!(store.api_key_changes_since(0).await.unwrap().1.len(), 0);
}
