//! Rotation: a new secret with the same settings, shown once; the old one keeps working for the chosen
//! grace period (0 s to 7 days) and then fails with `ERR_AKEY_004`.

use std::time::Duration;

use reqwest::StatusCode;
use serde_json::json;

use crate::common::assert_error;
use crate::support::{create_key_with, key_record, owner, server, verify};

#[tokio::test]
async fn successor_has_the_same_settings_and_a_new_secret() {
    let server = server().await;
    let account = owner(&server, "rotate-settings").await;
    let created = create_key_with(
        &server,
        &account,
        json!({ "name": "nightly", "permissions": ["templates:manage", "analytics:view"], "rateLimitPerMinute": 33 }),
    )
    .await;
    let id = created["id"].as_str().unwrap();
    let rotated = server
        .post(&format!("/api/v1/api-keys/{id}/rotate"), &account.token, json!({ "gracePeriodSeconds": 600 }))
        .await;
    assert_eq!(rotated.status, StatusCode::CREATED, "{}", rotated.body);
    let successor = &rotated.body;
    assert_ne!(successor["key"], created["key"]);
    assert_ne!(successor["id"], created["id"]);
    for field in ["name", "permissions", "environmentId", "rateLimitPerMinute", "expiresAt"] {
        assert_eq!(successor[field], created[field], "{field}");
    }
    assert_eq!(successor["rotatedFrom"], id);
    let old = key_record(&server, &account, id).await;
    assert_eq!(old["rotatedTo"], successor["id"]);
    assert!(old["graceUntil"].as_str().is_some());
    assert_eq!(old["status"], "active", "still inside its grace period");
}

#[tokio::test]
async fn both_keys_work_during_the_grace_period() {
    let server = server().await;
    let account = owner(&server, "rotate-grace").await;
    let (old_key, id) = server.create_key(&account.token, &account.env_id, &["documents:generate"]).await;
    assert_eq!(verify(&server, &old_key).await.status, StatusCode::OK, "cached before the rotation");
    let rotated = server
        .post(&format!("/api/v1/api-keys/{id}/rotate"), &account.token, json!({ "gracePeriodSeconds": 3600 }))
        .await;
    let new_key = rotated.body["key"].as_str().unwrap();
    assert_eq!(verify(&server, &old_key).await.status, StatusCode::OK);
    let new = verify(&server, new_key).await;
    assert_eq!(new.status, StatusCode::OK);
    assert_eq!(new.body["id"], rotated.body["id"]);
}

#[tokio::test]
async fn old_key_stops_when_the_grace_period_ends() {
    let server = server().await;
    let account = owner(&server, "rotate-end").await;
    let (old_key, id) = server.create_key(&account.token, &account.env_id, &["documents:generate"]).await;
    let rotated =
        server.post(&format!("/api/v1/api-keys/{id}/rotate"), &account.token, json!({ "gracePeriodSeconds": 1 })).await;
    let new_key = rotated.body["key"].as_str().unwrap().to_string();
    assert_eq!(verify(&server, &old_key).await.status, StatusCode::OK, "inside the 1 s grace period");
    tokio::time::sleep(Duration::from_millis(1300)).await;
    let answer = verify(&server, &old_key).await;
    assert_error(&answer, 401, "ERR_AKEY_004");
    assert!(answer.body["message"].as_str().unwrap().contains("rotated"));
    assert_eq!(verify(&server, &new_key).await.status, StatusCode::OK);
    assert_eq!(key_record(&server, &account, &id).await["status"], "expired");
}

#[tokio::test]
async fn zero_grace_stops_the_old_key_at_once() {
    let server = server().await;
    let account = owner(&server, "rotate-zero").await;
    let (old_key, id) = server.create_key(&account.token, &account.env_id, &["documents:generate"]).await;
    assert_eq!(verify(&server, &old_key).await.status, StatusCode::OK);
    let rotated =
        server.post(&format!("/api/v1/api-keys/{id}/rotate"), &account.token, json!({ "gracePeriodSeconds": 0 })).await;
    assert_eq!(rotated.status, StatusCode::CREATED);
    assert_error(&verify(&server, &old_key).await, 401, "ERR_AKEY_004");
}

#[tokio::test]
async fn grace_outside_zero_to_seven_days_is_refused() {
    let server = server().await;
    let account = owner(&server, "rotate-bounds").await;
    let (key, id) = server.create_key(&account.token, &account.env_id, &["documents:generate"]).await;
    for grace in [-1, 7 * 24 * 3600 + 1] {
        let answer = server
            .post(&format!("/api/v1/api-keys/{id}/rotate"), &account.token, json!({ "gracePeriodSeconds": grace }))
            .await;
        assert_error(&answer, 400, "ERR_VALID_001");
    }
    let week = json!({ "gracePeriodSeconds": 7 * 24 * 3600 });
    assert_eq!(
        server.post(&format!("/api/v1/api-keys/{id}/rotate"), &account.token, week).await.status,
        StatusCode::CREATED
    );
    assert_eq!(verify(&server, &key).await.status, StatusCode::OK);
}

#[tokio::test]
async fn a_key_is_rotated_once_and_revoked_keys_not_at_all() {
    let server = server().await;
    let account = owner(&server, "rotate-twice").await;
    let (_, id) = server.create_key(&account.token, &account.env_id, &["documents:generate"]).await;
    let first = server.post(&format!("/api/v1/api-keys/{id}/rotate"), &account.token, json!({})).await;
    assert_eq!(first.status, StatusCode::CREATED);
    let again = server.post(&format!("/api/v1/api-keys/{id}/rotate"), &account.token, json!({})).await;
    assert_eq!(again.status, StatusCode::CONFLICT, "{}", again.body);
    let (_, revoked_id) = server.create_key(&account.token, &account.env_id, &["documents:generate"]).await;
    server.post(&format!("/api/v1/api-keys/{revoked_id}/revoke"), &account.token, json!({})).await;
    let refused = server.post(&format!("/api/v1/api-keys/{revoked_id}/rotate"), &account.token, json!({})).await;
    assert_eq!(refused.status, StatusCode::CONFLICT, "{}", refused.body);
}
