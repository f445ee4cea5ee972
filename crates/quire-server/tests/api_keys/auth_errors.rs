//! Every row of the auth error table (API.md §2), each with its status, code and documented message.

use std::time::Duration;

use quire_core::{ApiKeySecret, Timestamp};
use reqwest::StatusCode;
use serde_json::json;

use crate::common::{Answer, assert_error};
use crate::support::{create_key_with, get_with_authorization, owner, server, verify};

/// The documented body plus the table's message.
fn assert_auth_error(answer: &Answer, status: u16, code: &str, message: &str) {
    assert_error(answer, status, code);
    let said = answer.body["message"].as_str().unwrap();
    assert!(said.starts_with(message), "{code}: message {said:?} should start with {message:?}");
}

#[tokio::test]
async fn missing_authorization_header_is_err_auth_001() {
    let server = server().await;
    let answer = get_with_authorization(&server, "/api/auth/verify", None).await;
    assert_auth_error(&answer, 401, "ERR_AUTH_001", "You are not authorized to access this resource");
}

#[tokio::test]
async fn authorization_that_is_not_bearer_is_err_auth_001() {
    let server = server().await;
    for header in ["Basic Zm06c2VjcmV0", "Token abc", "Bearer", "Bearer    ", "fm_only_a_token"] {
        let answer = get_with_authorization(&server, "/api/auth/verify", Some(header)).await;
        assert_error(&answer, 401, "ERR_AUTH_001");
    }
}

#[tokio::test]
async fn bearer_scheme_is_case_insensitive() {
    let server = server().await;
    let account = owner(&server, "scheme").await;
    let (key, _) = server.create_key(&account.token, &account.env_id, &["documents:generate"]).await;
    for scheme in ["Bearer", "bearer", "BEARER"] {
        let answer = get_with_authorization(&server, "/api/auth/verify", Some(&format!("{scheme} {key}"))).await;
        assert_eq!(answer.status, StatusCode::OK, "{scheme}: {}", answer.body);
    }
}

#[tokio::test]
async fn wrong_password_is_err_auth_002() {
    let server = server().await;
    let account = owner(&server, "password").await;
    let answer = server
        .call(
            reqwest::Method::POST,
            "/api/auth/login",
            None,
            Some(json!({ "email": account.email, "password": "not the password" })),
        )
        .await;
    assert_auth_error(&answer, 401, "ERR_AUTH_002", "Invalid email or password");
}

#[tokio::test]
async fn expired_jwt_is_err_auth_003() {
    let server = server().await;
    let account = owner(&server, "expired-jwt").await;
    let an_hour_ago = Timestamp::now().plus_seconds(-2 * 3600);
    let token = server.state().jwt.issue(&account.user_id, &account.email, "x", an_hour_ago, None).unwrap();
    assert_auth_error(&verify(&server, &token).await, 401, "ERR_AUTH_003", "Authentication token has expired");
}

#[tokio::test]
async fn well_formed_but_unknown_key_is_err_auth_004() {
    let server = server().await;
    let unknown = ApiKeySecret::generate();
    let answer = verify(&server, unknown.expose()).await;
    assert_auth_error(&answer, 401, "ERR_AUTH_004", "Invalid authentication token");
}

#[tokio::test]
async fn jwt_with_a_bad_signature_or_garbage_is_err_auth_004() {
    let server = server().await;
    let account = owner(&server, "bad-signature").await;
    let (head, _) = account.token.rsplit_once('.').unwrap();
    let forged = format!("{head}.c2lnbmF0dXJlLW9mLXNvbWVvbmUtZWxzZQ");
    assert_auth_error(&verify(&server, &forged).await, 401, "ERR_AUTH_004", "Invalid authentication token");
    assert_error(&verify(&server, "not-a-token").await, 401, "ERR_AUTH_004");
    assert_error(&verify(&server, "oat_0123456789").await, 401, "ERR_AUTH_004");
}

#[tokio::test]
async fn key_without_the_needed_scope_is_403_err_auth_005() {
    let server = server().await;
    let account = owner(&server, "scope-missing").await;
    let (key, _) = server.create_key(&account.token, &account.env_id, &["documents:generate"]).await;
    let answer = server.get(&format!("/api/teams/{}/members", account.team_id), &key).await;
    assert_auth_error(&answer, 403, "ERR_AUTH_005", "This API key lacks the project:manage permission");
}

/// A real key damaged in each way the format check catches.
fn malformed_variants(good: &str) -> Vec<(&'static str, String)> {
    let mut bad_alphabet = good.to_string();
    bad_alphabet.replace_range(10..11, "-");
    let mut bad_random = good.as_bytes().to_vec();
    bad_random[12] = if bad_random[12] == b'a' { b'b' } else { b'a' };
    let mut bad_checksum = good.as_bytes().to_vec();
    bad_checksum[40] = if bad_checksum[40] == b'0' { b'1' } else { b'0' };
    vec![
        ("one character short", good[..good.len() - 1].to_string()),
        ("one character long", format!("{good}0")),
        ("prefix only", "fm_".to_string()),
        ("outside the alphabet", bad_alphabet),
        ("random part mistyped", String::from_utf8(bad_random).unwrap()),
        ("checksum mistyped", String::from_utf8(bad_checksum).unwrap()),
    ]
}

#[tokio::test]
async fn malformed_keys_are_err_akey_002() {
    let server = server().await;
    let account = owner(&server, "malformed").await;
    let (key, _) = server.create_key(&account.token, &account.env_id, &["documents:generate"]).await;
    for (what, bad) in malformed_variants(&key) {
        let answer = verify(&server, &bad).await;
        assert_eq!(answer.body["code"], "ERR_AKEY_002", "{what}: {}", answer.body);
        assert_auth_error(&answer, 401, "ERR_AKEY_002", "Invalid API key");
    }
}

#[tokio::test]
async fn malformed_keys_are_refused_without_touching_storage() {
    let server = server().await;
    let account = owner(&server, "no-storage").await;
    let (key, _) = server.create_key(&account.token, &account.env_id, &["documents:generate"]).await;
    server.state().store.close().await;
    for (what, bad) in malformed_variants(&key) {
        let answer = verify(&server, &bad).await;
        assert_eq!(answer.body["code"], "ERR_AKEY_002", "{what} with the store closed: {}", answer.body);
    }
    // The contrast: a well-formed key does need the (closed) store and fails differently.
    let unknown = ApiKeySecret::generate();
    assert_error(&verify(&server, unknown.expose()).await, 500, "ERR_INTERNAL");
}

#[tokio::test]
async fn revoked_key_is_err_akey_003() {
    let server = server().await;
    let account = owner(&server, "revoked").await;
    let (key, id) = server.create_key(&account.token, &account.env_id, &["documents:generate"]).await;
    let revoked = server.post(&format!("/api/v1/api-keys/{id}/revoke"), &account.token, json!({})).await;
    assert_eq!(revoked.status, StatusCode::OK, "{}", revoked.body);
    assert_auth_error(&verify(&server, &key).await, 401, "ERR_AKEY_003", "API key has been deactivated");
}

#[tokio::test]
async fn key_past_expires_at_is_err_akey_004() {
    let server = server().await;
    let account = owner(&server, "expiring").await;
    let expires_at = Timestamp::now().plus_seconds(2);
    let created = create_key_with(&server, &account, json!({ "expiresAt": expires_at })).await;
    let key = created["key"].as_str().unwrap();
    assert_eq!(verify(&server, key).await.status, StatusCode::OK, "works until it expires");
    let wait = expires_at.as_millis() - Timestamp::now().as_millis() + 300;
    tokio::time::sleep(Duration::from_millis(wait.max(0) as u64)).await;
    assert_auth_error(&verify(&server, key).await, 401, "ERR_AKEY_004", "API key has expired");
    let listed = server.get(&format!("/api/v1/api-keys/{}", created["id"].as_str().unwrap()), &account.token).await;
    assert_eq!(listed.body["status"], "expired");
}

#[tokio::test]
async fn rotated_key_after_its_grace_period_is_err_akey_004() {
    let server = server().await;
    let account = owner(&server, "rotated-out").await;
    let (key, id) = server.create_key(&account.token, &account.env_id, &["documents:generate"]).await;
    let rotated =
        server.post(&format!("/api/v1/api-keys/{id}/rotate"), &account.token, json!({ "gracePeriodSeconds": 0 })).await;
    assert_eq!(rotated.status, StatusCode::CREATED, "{}", rotated.body);
    assert_auth_error(&verify(&server, &key).await, 401, "ERR_AKEY_004", "API key has expired");
}
