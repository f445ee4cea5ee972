//! API calls with `Bearer oat_…`: the token acts in its environment with its scopes and its user's role, is
//! counted in the OAuth tier per app + user, and its actions are logged under the app's name.

use quire_core::{OAuthScope, OAuthSecret, OAuthSecretKind, Scope, Timestamp};
use quire_store::{OAuthGrant, OAuthGrantKind, OAuthToken, OAuthTokenKind};
use serde_json::{Value, json};

use super::support::{consent, exchange, register_app, tokens_for};
use crate::common::{TestServer, assert_error};

/// A small valid template body.
fn template() -> Value {
    json!({ "name": "Note", "type": "pdf", "variables": [],
            "schema": { "pageSize": "A4", "components": [{ "id": "t", "type": "text", "props": { "text": "Hi" } }] } })
}

#[tokio::test]
async fn a_token_reads_its_environment_and_its_headers_show_the_oauth_tier() {
    let server = TestServer::start().await;
    let owner = server.register("owner@example.com").await;
    let (_, tokens) = tokens_for(&server, &owner, "documents:generate").await;
    let token = tokens["access_token"].as_str().unwrap();
    let list = server.get("/api/v1/templates", token).await;
    assert_eq!(list.status, 200, "{}", list.body);
    assert_eq!(list.header("x-ratelimit-limit").as_deref(), Some("120"));
    let verify = server.get("/api/auth/verify", token).await;
    assert_eq!(verify.body["authType"], "oauth");
    assert_eq!(verify.body["workspaceId"], owner.env_id.as_str());
    assert_eq!(verify.body["permissions"], json!(["documents:generate"]));
}

#[tokio::test]
async fn the_oauth_tier_is_counted_per_app_and_user() {
    let server = TestServer::start_with(|c| c.rate_limits.oauth_per_minute = 2).await;
    let owner = server.register("owner@example.com").await;
    let app = register_app(&server, &owner, json!({ "token_endpoint_auth_method": "none" })).await;
    let mut tokens = Vec::new();
    for _ in 0..2 {
        let (code, verifier) = consent(&server, &owner, &app, "documents:generate", &owner.env_id).await;
        tokens.push(exchange(&server, &app, &code, &verifier).await.body["access_token"].as_str().unwrap().to_string());
    }
    assert_eq!(server.get("/api/v1/templates", &tokens[0]).await.status, 200);
    assert_eq!(server.get("/api/v1/templates", &tokens[0]).await.status, 200);
    let third = server.get("/api/v1/templates", &tokens[1]).await;
    assert_error(&third, 429, "ERR_QUOTA_003");
    assert!(third.header("retry-after").is_some());
    let (_, other_app) = tokens_for(&server, &owner, "documents:generate").await;
    let elsewhere = server.get("/api/v1/templates", other_app["access_token"].as_str().unwrap()).await;
    assert_eq!(elsewhere.status, 200, "another app has its own allowance");
}

#[tokio::test]
async fn a_token_needs_the_scope_and_its_users_role() {
    let server = TestServer::start().await;
    let owner = server.register("owner@example.com").await;
    let viewer = server.register("viewer@example.com").await;
    server.add_member(&owner, &viewer, "viewer", None).await;
    let app = register_app(&server, &owner, json!({ "token_endpoint_auth_method": "none" })).await;

    let (_, read_only) = tokens_for(&server, &owner, "templates:read").await;
    let refused = server.post("/api/v1/templates", read_only["access_token"].as_str().unwrap(), template()).await;
    assert_error(&refused, 403, "ERR_AUTH_005");
    assert!(refused.body["message"].as_str().unwrap().contains("scope"));

    let (code, verifier) = consent(&server, &viewer, &app, "templates:manage", &owner.env_id).await;
    let as_viewer = exchange(&server, &app, &code, &verifier).await.body;
    let by_role = server.post("/api/v1/templates", as_viewer["access_token"].as_str().unwrap(), template()).await;
    assert_error(&by_role, 403, "ERR_AUTH_005");
}

#[tokio::test]
async fn a_token_sees_nothing_of_other_environments() {
    let server = TestServer::start().await;
    let owner = server.register("owner@example.com").await;
    let created = server
        .post(&format!("/api/teams/{}/environments", owner.team_id), &owner.token, json!({ "name": "Staging" }))
        .await;
    let staging = created.body["id"].as_str().unwrap();
    let (_, tokens) = tokens_for(&server, &owner, "documents:generate").await;
    let other = server
        .get(&format!("/api/v1/templates?environmentId={staging}"), tokens["access_token"].as_str().unwrap())
        .await;
    assert_error(&other, 404, "ERR_ENV_001");
    let keys = server
        .get(&format!("/api/v1/api-keys?environmentId={}", owner.env_id), tokens["access_token"].as_str().unwrap())
        .await;
    assert_error(&keys, 403, "ERR_AUTH_005");
}

#[tokio::test]
async fn an_expired_token_is_err_auth_003_and_an_unknown_one_err_auth_004() {
    let server = TestServer::start().await;
    let owner = server.register("owner@example.com").await;
    let app = register_app(&server, &owner, json!({})).await;
    let past = Timestamp::now().plus_seconds(-7200);
    let grant = OAuthGrant {
        id: quire_core::ids::new_id("ogr"),
        app_id: app.client_id.clone(),
        project_id: owner.team_id.clone(),
        environment_id: owner.env_id.clone(),
        user_id: owner.user_id.clone(),
        kind: OAuthGrantKind::AuthorizationCode,
        scopes: vec![OAuthScope::Key(Scope::DocumentsGenerate)],
        created_at: past,
        revoked_at: None,
    };
    let secret = OAuthSecret::generate(OAuthSecretKind::AccessToken);
    let token = OAuthToken {
        digest: secret.digest(),
        kind: OAuthTokenKind::Access,
        grant_id: grant.id.clone(),
        created_at: past,
        expires_at: past.plus_seconds(3600),
        revoked_at: None,
        rotated_at: None,
    };
    server.state().store.create_oauth_grant(&grant, &[token]).await.unwrap();
    assert_error(&server.get("/api/v1/templates", secret.expose()).await, 401, "ERR_AUTH_003");
    let unknown = OAuthSecret::generate(OAuthSecretKind::AccessToken);
    assert_error(&server.get("/api/v1/templates", unknown.expose()).await, 401, "ERR_AUTH_004");
    assert_error(&server.get("/api/v1/templates", "oat_garbled").await, 401, "ERR_AUTH_004");
    let refresh_as_access = OAuthSecret::generate(OAuthSecretKind::RefreshToken);
    assert_error(&server.get("/api/v1/templates", refresh_as_access.expose()).await, 401, "ERR_AUTH_004");
}

#[tokio::test]
async fn what_a_token_does_is_logged_under_the_apps_name() {
    let server = TestServer::start().await;
    let owner = server.register("owner@example.com").await;
    let (app, tokens) = tokens_for(&server, &owner, "templates:manage").await;
    let created = server.post("/api/v1/templates", tokens["access_token"].as_str().unwrap(), template()).await;
    assert_eq!(created.status, 201, "{}", created.body);
    let log = server.get(&format!("/api/teams/{}/activity", owner.team_id), &owner.token).await;
    let entry = log.body["data"].as_array().unwrap().iter().find(|e| e["action"] == "template.created").unwrap();
    assert_eq!(entry["actorType"], "oauth_app");
    assert_eq!(entry["actorId"], app.client_id.as_str());
    assert_eq!(entry["actorLabel"], "Zap (OAuth app, for owner@example.com)");
    assert!(!log.body.to_string().contains(tokens["access_token"].as_str().unwrap()));
}

#[tokio::test]
async fn documents_read_reads_jobs_but_generates_nothing() {
    let server = TestServer::start().await;
    let owner = server.register("owner@example.com").await;
    let (_, tokens) = tokens_for(&server, &owner, "documents:read").await;
    let token = tokens["access_token"].as_str().unwrap();
    let jobs = server.get("/api/v1/documents/jobs", token).await;
    assert_eq!(jobs.status, 200, "{}", jobs.body);
    let generate =
        server.post("/api/v1/documents/generate", token, json!({ "templateId": "tmpl_x", "format": "pdf" })).await;
    assert_error(&generate, 403, "ERR_AUTH_005");
}
