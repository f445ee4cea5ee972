//! Refresh-token sessions: single use (also under concurrent replays), expiry, and logout.

use reqwest::{Method, StatusCode};
use serde_json::json;

use super::accounts::{PASSWORD, login, refresh};
use crate::common::{TestServer, assert_error};

#[tokio::test]
async fn logout_with_a_refresh_token_ends_only_that_session() {
    let server = TestServer::start().await;
    let ada = server.register("ada@example.com").await;
    let laptop = login(&server, "ada@example.com", PASSWORD).await;
    let laptop_refresh = laptop.body["refreshToken"].as_str().unwrap();
    let out = server.post("/api/auth/logout", &ada.token, json!({ "refreshToken": laptop_refresh })).await;
    assert_eq!(out.status, StatusCode::NO_CONTENT, "{}", out.body);
    assert_error(&refresh(&server, laptop_refresh).await, 401, "ERR_AUTH_004");
    assert_eq!(refresh(&server, &ada.refresh_token).await.status, StatusCode::OK);
}

#[tokio::test]
async fn logout_needs_a_signed_in_caller() {
    let server = TestServer::start().await;
    let answer = server.call(Method::POST, "/api/auth/logout", None, Some(json!({}))).await;
    assert_error(&answer, 401, "ERR_AUTH_001");
}

#[tokio::test]
async fn refresh_tokens_are_single_use() {
    let server = TestServer::start().await;
    let ada = server.register("ada@example.com").await;
    assert_eq!(refresh(&server, &ada.refresh_token).await.status, StatusCode::OK);
    let replayed = refresh(&server, &ada.refresh_token).await;
    assert_error(&replayed, 401, "ERR_AUTH_004");
    assert_error(&refresh(&server, "rt_made_up").await, 401, "ERR_AUTH_004");
}

#[tokio::test]
async fn concurrent_replays_of_a_refresh_token_succeed_once() {
    let server = TestServer::start().await;
    let ada = server.register("ada@example.com").await;
    let attempts = (0..8).map(|_| refresh(&server, &ada.refresh_token));
    let answers = futures::future::join_all(attempts).await;
    let succeeded = answers.iter().filter(|a| a.status == StatusCode::OK).count();
    assert_eq!(succeeded, 1, "{:?}", answers.iter().map(|a| a.status).collect::<Vec<_>>());
    for failed in answers.iter().filter(|a| a.status != StatusCode::OK) {
        assert_error(failed, 401, "ERR_AUTH_004");
    }
}

#[tokio::test]
async fn an_expired_refresh_token_is_refused() {
    let server = TestServer::start_with(|c| c.refresh_token_ttl_seconds = 1).await;
    let ada = server.register("ada@example.com").await;
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    assert_error(&refresh(&server, &ada.refresh_token).await, 401, "ERR_AUTH_004");
}

#[tokio::test]
async fn logout_without_a_body_ends_every_session_of_the_user() {
    let server = TestServer::start().await;
    let ada = server.register("ada@example.com").await;
    let laptop = login(&server, "ada@example.com", PASSWORD).await;
    let bob = server.register("bob@example.com").await;
    let out = server.call(Method::POST, "/api/auth/logout", Some(&ada.token), None).await;
    assert_eq!(out.status, StatusCode::NO_CONTENT, "{}", out.body);
    assert_error(&refresh(&server, &ada.refresh_token).await, 401, "ERR_AUTH_004");
    assert_error(&refresh(&server, laptop.body["refreshToken"].as_str().unwrap()).await, 401, "ERR_AUTH_004");
    assert_eq!(refresh(&server, &bob.refresh_token).await.status, StatusCode::OK, "other users keep their sessions");
}

#[tokio::test]
async fn a_refresh_token_presented_by_someone_else_is_revoked_as_leaked() {
    let server = TestServer::start().await;
    let ada = server.register("ada@example.com").await;
    let bob = server.register("bob@example.com").await;
    let bob_laptop = login(&server, "bob@example.com", PASSWORD).await;
    let out = server.post("/api/auth/logout", &ada.token, json!({ "refreshToken": bob.refresh_token })).await;
    assert_eq!(out.status, StatusCode::NO_CONTENT, "the answer reveals nothing: {}", out.body);
    assert_error(&refresh(&server, &bob.refresh_token).await, 401, "ERR_AUTH_004");
    let laptop_refresh = bob_laptop.body["refreshToken"].as_str().unwrap();
    assert_eq!(refresh(&server, laptop_refresh).await.status, StatusCode::OK, "bob's other sessions stay");
    assert_eq!(refresh(&server, &ada.refresh_token).await.status, StatusCode::OK, "ada's own session stays");
}
