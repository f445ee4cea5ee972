//! Refresh-token rotation: each refresh token works once; presenting a rotated one again revokes the whole grant,
//! so every token of it stops working on the API.

use super::support::{App, assert_oauth_error, form, tokens_for};
use crate::common::{Answer, TestServer, assert_error};

async fn refresh(server: &TestServer, app: &App, token: &str) -> Answer {
    let fields = [("grant_type", "refresh_token"), ("refresh_token", token), ("client_id", app.client_id.as_str())];
    form(server, "/api/oauth/token", None, &fields).await
}

#[tokio::test]
async fn a_refresh_rotates_both_tokens_and_keeps_the_scopes() {
    let server = TestServer::start().await;
    let owner = server.register("owner@example.com").await;
    let (app, first) = tokens_for(&server, &owner, "documents:generate profile:read").await;
    let second = refresh(&server, &app, first["refresh_token"].as_str().unwrap()).await;
    assert_eq!(second.status, 200, "{}", second.body);
    assert_ne!(second.body["refresh_token"], first["refresh_token"]);
    assert_ne!(second.body["access_token"], first["access_token"]);
    assert_eq!(second.body["scope"], "documents:generate profile:read");
    let info = server.get("/api/oauth/userinfo", second.body["access_token"].as_str().unwrap()).await;
    assert_eq!(info.status, 200, "{}", info.body);
}

#[tokio::test]
async fn reusing_a_rotated_refresh_token_revokes_the_grant() {
    let server = TestServer::start().await;
    let owner = server.register("owner@example.com").await;
    let (app, first) = tokens_for(&server, &owner, "documents:generate profile:read").await;
    let old = first["refresh_token"].as_str().unwrap();
    let second = refresh(&server, &app, old).await;
    assert_eq!(second.status, 200);
    let reused = refresh(&server, &app, old).await;
    assert_oauth_error(&reused, 400, "invalid_grant");
    let newest = second.body["refresh_token"].as_str().unwrap();
    assert_oauth_error(&refresh(&server, &app, newest).await, 400, "invalid_grant");
    for access in [first["access_token"].as_str().unwrap(), second.body["access_token"].as_str().unwrap()] {
        assert_error(&server.get("/api/auth/verify", access).await, 401, "ERR_AUTH_004");
    }
}

#[tokio::test]
async fn another_clients_or_a_malformed_refresh_token_is_invalid_grant() {
    let server = TestServer::start().await;
    let owner = server.register("owner@example.com").await;
    let (app, first) = tokens_for(&server, &owner, "documents:generate").await;
    let (other, _) = tokens_for(&server, &owner, "documents:generate").await;
    let token = first["refresh_token"].as_str().unwrap();
    assert_oauth_error(&refresh(&server, &other, token).await, 400, "invalid_grant");
    assert_oauth_error(&refresh(&server, &app, "ort_not_a_token").await, 400, "invalid_grant");
    assert_eq!(refresh(&server, &app, token).await.status, 200, "the other client's attempt spent nothing");
}

#[tokio::test]
async fn a_refresh_cannot_change_the_scopes() {
    let server = TestServer::start().await;
    let owner = server.register("owner@example.com").await;
    let (app, first) = tokens_for(&server, &owner, "documents:generate").await;
    let fields = [
        ("grant_type", "refresh_token"),
        ("refresh_token", first["refresh_token"].as_str().unwrap()),
        ("client_id", app.client_id.as_str()),
        ("scope", "documents:generate templates:manage"),
    ];
    assert_oauth_error(&form(&server, "/api/oauth/token", None, &fields).await, 400, "invalid_scope");
}
