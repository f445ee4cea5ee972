//! A key's life through the management API (API.md §4): create (shown once), list, get, update, revoke,
//! reactivate, delete — each change seen by the very next authenticated request.

use quire_core::ApiKeySecret;
use reqwest::StatusCode;
use serde_json::json;

use crate::common::assert_error;
use crate::support::{create_key_with, key_record, owner, random_part, server, verify};

#[tokio::test]
async fn create_shows_the_key_once_in_the_documented_shape() {
    let server = server().await;
    let account = owner(&server, "create").await;
    let created = create_key_with(
        &server,
        &account,
        json!({ "name": "billing worker", "permissions": ["documents:generate", "analytics:view"], "rateLimitPerMinute": 42 }),
    )
    .await;
    let key = created["key"].as_str().unwrap();
    let parsed = ApiKeySecret::parse(key).expect("the key passes its own checksum");
    assert_eq!(created["prefix"], parsed.display_prefix());
    assert_eq!(created["prefix"].as_str().unwrap().len(), 11);
    assert!(created["id"].as_str().unwrap().starts_with("key_"));
    assert_eq!(created["name"], "billing worker");
    assert_eq!(created["permissions"], json!(["documents:generate", "analytics:view"]));
    assert_eq!(created["environmentId"], account.env_id);
    assert_eq!(created["status"], "active");
    assert_eq!(created["createdBy"], account.user_id);
    assert_eq!(created["rateLimitPerMinute"], 42);
    assert!(created["expiresAt"].is_null());
    assert!(created["createdAt"].as_str().is_some_and(|t| t.ends_with('Z')));
}

#[tokio::test]
async fn list_and_get_never_contain_the_key() {
    let server = server().await;
    let account = owner(&server, "never-listed").await;
    let created = create_key_with(&server, &account, json!({})).await;
    let key = created["key"].as_str().unwrap();
    let id = created["id"].as_str().unwrap();
    assert_eq!(verify(&server, key).await.status, StatusCode::OK);
    let rotated = server.post(&format!("/api/v1/api-keys/{id}/rotate"), &account.token, json!({})).await;
    let successor_key = rotated.body["key"].as_str().unwrap();
    let list = server.get(&format!("/api/v1/api-keys?environmentId={}", account.env_id), &account.token).await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.body);
    assert_eq!(list.body["total"], 2);
    let one = server.get(&format!("/api/v1/api-keys/{id}"), &account.token).await;
    let usage = server.get(&format!("/api/v1/api-keys/{id}/usage"), &account.token).await;
    let activity = server.get(&format!("/api/teams/{}/activity", account.team_id), &account.token).await;
    for (what, body) in [("list", &list.body), ("get", &one.body), ("usage", &usage.body), ("activity", &activity.body)]
    {
        let text = body.to_string();
        for secret in [key, successor_key] {
            assert!(!text.contains(random_part(secret)), "{what} leaks a key: {text}");
        }
    }
    for item in list.body["data"].as_array().unwrap() {
        assert!(item.get("key").is_none(), "list item has a key field: {item}");
        assert!(item["prefix"].as_str().unwrap().starts_with("fm_"));
    }
    assert!(one.body.get("key").is_none());
}

#[tokio::test]
async fn list_carries_usage_and_lookups_of_unknown_keys_are_404() {
    let server = server().await;
    let account = owner(&server, "list-usage").await;
    let (key, id) = server.create_key(&account.token, &account.env_id, &["documents:generate"]).await;
    for _ in 0..3 {
        assert_eq!(verify(&server, &key).await.status, StatusCode::OK);
    }
    let list = server.get(&format!("/api/v1/api-keys?environmentId={}", account.env_id), &account.token).await;
    let item = &list.body["data"][0];
    assert_eq!(item["id"], id);
    assert_eq!(item["totalRequests"], 3);
    assert!(item["lastUsedAt"].as_str().is_some());
    for path in ["", "/revoke", "/reactivate", "/rotate", "/usage"] {
        let url = format!("/api/v1/api-keys/key_doesnotexist{path}");
        let answer = if path.is_empty() || path == "/usage" {
            server.get(&url, &account.token).await
        } else {
            server.post(&url, &account.token, json!({})).await
        };
        assert_error(&answer, 404, "ERR_AKEY_001");
    }
}

#[tokio::test]
async fn revocation_refuses_the_very_next_request() {
    let server = server().await;
    let account = owner(&server, "revoke-next").await;
    let (key, id) = server.create_key(&account.token, &account.env_id, &["documents:generate"]).await;
    assert_eq!(verify(&server, &key).await.status, StatusCode::OK, "the record is now cached");
    let revoked = server.post(&format!("/api/v1/api-keys/{id}/revoke"), &account.token, json!({})).await;
    assert_eq!(revoked.body["status"], "revoked");
    assert_error(&verify(&server, &key).await, 401, "ERR_AKEY_003");
}

#[tokio::test]
async fn reactivation_restores_a_revoked_key() {
    let server = server().await;
    let account = owner(&server, "reactivate").await;
    let (key, id) = server.create_key(&account.token, &account.env_id, &["documents:generate"]).await;
    server.post(&format!("/api/v1/api-keys/{id}/revoke"), &account.token, json!({})).await;
    assert_error(&verify(&server, &key).await, 401, "ERR_AKEY_003");
    let back = server.post(&format!("/api/v1/api-keys/{id}/reactivate"), &account.token, json!({})).await;
    assert_eq!(back.status, StatusCode::OK, "{}", back.body);
    assert_eq!(back.body["status"], "active");
    assert_eq!(verify(&server, &key).await.status, StatusCode::OK);
}

#[tokio::test]
async fn deletion_forgets_the_key_for_good() {
    let server = server().await;
    let account = owner(&server, "delete").await;
    let (key, id) = server.create_key(&account.token, &account.env_id, &["documents:generate"]).await;
    assert_eq!(verify(&server, &key).await.status, StatusCode::OK);
    let deleted = server.delete(&format!("/api/v1/api-keys/{id}"), &account.token).await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT);
    assert_error(&verify(&server, &key).await, 401, "ERR_AUTH_004");
    assert_error(&server.get(&format!("/api/v1/api-keys/{id}"), &account.token).await, 404, "ERR_AKEY_001");
    assert_error(&server.delete(&format!("/api/v1/api-keys/{id}"), &account.token).await, 404, "ERR_AKEY_001");
}

#[tokio::test]
async fn patch_changes_name_expiry_and_rate_limit() {
    let server = server().await;
    let account = owner(&server, "patch").await;
    let created = create_key_with(&server, &account, json!({ "expiresAt": "2099-01-01T00:00:00Z" })).await;
    let id = created["id"].as_str().unwrap();
    let key = created["key"].as_str().unwrap();
    let body = json!({ "name": "renamed", "expiresAt": null, "rateLimitPerMinute": 7 });
    let patched = server.patch(&format!("/api/v1/api-keys/{id}"), &account.token, body).await;
    assert_eq!(patched.status, StatusCode::OK, "{}", patched.body);
    let record = key_record(&server, &account, id).await;
    assert_eq!(record["name"], "renamed");
    assert!(record["expiresAt"].is_null());
    assert_eq!(record["rateLimitPerMinute"], 7);
    assert_eq!(verify(&server, key).await.header("x-ratelimit-limit").as_deref(), Some("7"));
    assert_eq!(verify(&server, key).await.body["name"], "renamed");
}

#[tokio::test]
async fn invalid_fields_are_named_in_err_valid_001() {
    let server = server().await;
    let account = owner(&server, "invalid").await;
    let (_, id) = server.create_key(&account.token, &account.env_id, &["documents:generate"]).await;
    let cases = [
        (json!({ "expiresAt": "2001-01-01T00:00:00Z" }), "expiresAt"),
        (json!({ "expiresAt": "next tuesday" }), "expiresAt"),
        (json!({ "rateLimitPerMinute": 0 }), "rateLimitPerMinute"),
        (json!({ "name": "  " }), "name"),
    ];
    for (body, field) in cases {
        let answer = server.patch(&format!("/api/v1/api-keys/{id}"), &account.token, body.clone()).await;
        assert_error(&answer, 400, "ERR_VALID_001");
        assert_eq!(answer.body["relatedInfo"]["errors"][0]["field"], field, "{body}");
    }
    let unknown_field = server.patch(&format!("/api/v1/api-keys/{id}"), &account.token, json!({ "key": "x" })).await;
    assert_eq!(unknown_field.status, StatusCode::BAD_REQUEST);
}
