//! Subscriptions: create, list, get, update, delete; field rules; who may manage them; the environment
//! signing secret.

use reqwest::StatusCode;
use serde_json::json;

use crate::common::{TestServer, assert_error};
use crate::support::{fast_retries, server_with_user, subscribe};

const HOOK: &str = "http://127.0.0.1:9/hook";

#[tokio::test]
async fn create_shows_the_secret_once_and_lists_never_do() {
    let (server, owner) = server_with_user().await;
    let body = json!({ "environmentId": owner.env_id, "url": HOOK, "events": ["document.generated", "batch.completed"],
        "description": "orders", "maxRetries": 3, "timeoutMs": 5000 });
    let created = server.post("/api/v1/webhook-subscriptions", &owner.token, body).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let id = created.body["id"].as_str().unwrap();
    let secret = created.body["secret"].as_str().unwrap();
    assert!(id.starts_with("wh_"));
    assert!(secret.starts_with("whsec_") && secret.len() > 30);
    assert_eq!(created.body["events"], json!(["document.generated", "batch.completed"]));
    assert_eq!(created.body["isActive"], true);
    assert_eq!(created.body["maxRetries"], 3);
    assert_eq!(created.body["timeoutMs"], 5000);
    assert_eq!(created.body["environmentId"], owner.env_id.as_str());

    let listed =
        server.get(&format!("/api/v1/webhook-subscriptions?environmentId={}", owner.env_id), &owner.token).await;
    assert_eq!(listed.status, StatusCode::OK);
    assert_eq!(listed.body["total"], 1);
    let item = &listed.body["data"][0];
    assert_eq!(item["id"], id);
    assert!(item.get("secret").is_none(), "{item}");
    assert!(!listed.body.to_string().contains(secret));
    assert!(secret.starts_with(item["secretHint"].as_str().unwrap()));

    let fetched = server.get(&format!("/api/v1/webhook-subscriptions/{id}"), &owner.token).await;
    assert_eq!(fetched.body["url"], HOOK);
    assert!(fetched.body.get("secret").is_none());
}

#[tokio::test]
async fn defaults_are_five_retries_and_thirty_seconds() {
    let (server, owner) = server_with_user().await;
    let (id, _) = subscribe(&server, &owner, HOOK, &["document.failed"], json!({})).await;
    let fetched = server.get(&format!("/api/v1/webhook-subscriptions/{id}"), &owner.token).await;
    assert_eq!(fetched.body["maxRetries"], 5);
    assert_eq!(fetched.body["timeoutMs"], 30000);
}

#[tokio::test]
async fn patch_changes_only_the_given_fields() {
    let (server, owner) = server_with_user().await;
    let (id, _) = subscribe(&server, &owner, HOOK, &["document.generated"], json!({ "description": "a" })).await;
    let path = format!("/api/v1/webhook-subscriptions/{id}");
    let patched = server
        .patch(&path, &owner.token, json!({ "events": ["document.failed", "document.downloaded"], "isActive": false }))
        .await;
    assert_eq!(patched.status, StatusCode::OK, "{}", patched.body);
    assert_eq!(patched.body["events"], json!(["document.failed", "document.downloaded"]));
    assert_eq!(patched.body["isActive"], false);
    assert_eq!(patched.body["description"], "a");
    let cleared = server.patch(&path, &owner.token, json!({ "description": null })).await;
    assert_eq!(cleared.body["description"], serde_json::Value::Null);
    assert_eq!(cleared.body["isActive"], false);
}

#[tokio::test]
async fn delete_makes_the_subscription_unknown() {
    let (server, owner) = server_with_user().await;
    let (id, _) = subscribe(&server, &owner, HOOK, &["document.generated"], json!({})).await;
    let path = format!("/api/v1/webhook-subscriptions/{id}");
    assert_eq!(server.delete(&path, &owner.token).await.status, StatusCode::NO_CONTENT);
    assert_error(&server.get(&path, &owner.token).await, 404, "ERR_WHK_001");
    assert_error(&server.delete(&path, &owner.token).await, 404, "ERR_WHK_001");
}

#[tokio::test]
async fn invalid_fields_are_each_named() {
    let (server, owner) = server_with_user().await;
    let body = json!({ "environmentId": owner.env_id, "url": HOOK, "events": ["document.generated", "flow.run.completed"],
        "maxRetries": 11, "timeoutMs": 10 });
    let answer = server.post("/api/v1/webhook-subscriptions", &owner.token, body).await;
    assert_error(&answer, 400, "ERR_VALID_001");
    let fields: Vec<&str> =
        answer.body["relatedInfo"]["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["events[1]", "maxRetries", "timeoutMs"]);
    let none = json!({ "environmentId": owner.env_id, "url": HOOK, "events": [] });
    assert_error(&server.post("/api/v1/webhook-subscriptions", &owner.token, none).await, 400, "ERR_VALID_001");
    let missing = json!({ "environmentId": owner.env_id, "events": ["document.generated"] });
    let answer = server.post("/api/v1/webhook-subscriptions", &owner.token, missing).await;
    assert_error(&answer, 400, "ERR_VALID_001");
    assert_eq!(answer.body["relatedInfo"]["errors"][0]["field"], "url");
}

#[tokio::test]
async fn another_project_cannot_see_or_touch_a_subscription() {
    let (server, owner) = server_with_user().await;
    let stranger = server.register("stranger@example.com").await;
    let (id, _) = subscribe(&server, &owner, HOOK, &["document.generated"], json!({})).await;
    let path = format!("/api/v1/webhook-subscriptions/{id}");
    assert_error(&server.get(&path, &stranger.token).await, 404, "ERR_WHK_001");
    assert_error(&server.patch(&path, &stranger.token, json!({ "isActive": false })).await, 404, "ERR_WHK_001");
    assert_error(&server.get(&format!("{path}/deliveries"), &stranger.token).await, 404, "ERR_WHK_001");
    let theirs =
        server.get(&format!("/api/v1/webhook-subscriptions?environmentId={}", owner.env_id), &stranger.token).await;
    assert_error(&theirs, 404, "ERR_ENV_001");
    let own =
        server.get(&format!("/api/v1/webhook-subscriptions?environmentId={}", stranger.env_id), &stranger.token).await;
    assert_eq!(own.body["total"], 0);
}

#[tokio::test]
async fn api_keys_need_project_manage_and_act_in_their_environment() {
    let (server, owner) = server_with_user().await;
    let (generate_only, _) = server.create_key(&owner.token, &owner.env_id, &["documents:generate"]).await;
    let body = json!({ "url": HOOK, "events": ["document.generated"] });
    let refused = server.post("/api/v1/webhook-subscriptions", &generate_only, body.clone()).await;
    assert_error(&refused, 403, "ERR_AUTH_005");
    let (manager, _) = server.create_key(&owner.token, &owner.env_id, &["project:manage"]).await;
    let created = server.post("/api/v1/webhook-subscriptions", &manager, body).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    assert_eq!(created.body["environmentId"], owner.env_id.as_str());
    let listed = server.get("/api/v1/webhook-subscriptions", &manager).await;
    assert_eq!(listed.body["total"], 1);
}

#[tokio::test]
async fn members_without_the_admin_role_cannot_manage_webhooks() {
    let server = TestServer::start_with(fast_retries).await;
    let owner = server.register("owner@example.com").await;
    let member = server.register("member@example.com").await;
    server.add_member(&owner, &member, "member", None).await;
    let body = json!({ "environmentId": owner.env_id, "url": HOOK, "events": ["document.generated"] });
    assert_error(&server.post("/api/v1/webhook-subscriptions", &member.token, body).await, 403, "ERR_AUTH_005");
}

#[tokio::test]
async fn rotate_secret_returns_a_new_secret_once() {
    let (server, owner) = server_with_user().await;
    let (id, first) = subscribe(&server, &owner, HOOK, &["document.generated"], json!({})).await;
    let rotated =
        server.post(&format!("/api/v1/webhook-subscriptions/{id}/rotate-secret"), &owner.token, json!({})).await;
    assert_eq!(rotated.status, StatusCode::OK, "{}", rotated.body);
    let second = rotated.body["secret"].as_str().unwrap();
    assert!(second.starts_with("whsec_"));
    assert_ne!(second, first);
}

#[tokio::test]
async fn the_environment_signing_secret_is_stable_until_rotated() {
    let (server, owner) = server_with_user().await;
    let path = format!("/api/v1/webhook-subscriptions/signing-secret?environmentId={}", owner.env_id);
    let first = server.get(&path, &owner.token).await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.body);
    let secret = first.body["secret"].as_str().unwrap().to_string();
    assert!(secret.starts_with("whsec_"));
    assert_eq!(server.get(&path, &owner.token).await.body["secret"], secret.as_str());
    let rotate = format!("/api/v1/webhook-subscriptions/signing-secret/rotate?environmentId={}", owner.env_id);
    let rotated = server.post(&rotate, &owner.token, json!({})).await;
    assert_eq!(rotated.status, StatusCode::OK, "{}", rotated.body);
    assert_ne!(rotated.body["secret"], secret.as_str());
    assert_eq!(server.get(&path, &owner.token).await.body["secret"], rotated.body["secret"]);
}
