//! Revocation (RFC 7009), introspection (RFC 7662) and userinfo: a revoked token gets `401` on the API at once.

use serde_json::json;

use super::support::{form, register_app, tokens_for};
use crate::common::{TestServer, assert_error};

#[tokio::test]
async fn a_revoked_access_token_gets_401_and_the_refresh_token_still_works() {
    let server = TestServer::start().await;
    let owner = server.register("owner@example.com").await;
    let (app, tokens) = tokens_for(&server, &owner, "documents:generate").await;
    let access = tokens["access_token"].as_str().unwrap();
    assert_eq!(server.get("/api/auth/verify", access).await.status, 200);
    let fields = [("token", access), ("client_id", app.client_id.as_str())];
    let revoked = form(&server, "/api/oauth/revoke", None, &fields).await;
    assert_eq!(revoked.status, 200, "{}", revoked.body);
    assert_error(&server.get("/api/auth/verify", access).await, 401, "ERR_AUTH_004");
    let refresh = [
        ("grant_type", "refresh_token"),
        ("refresh_token", tokens["refresh_token"].as_str().unwrap()),
        ("client_id", app.client_id.as_str()),
    ];
    assert_eq!(form(&server, "/api/oauth/token", None, &refresh).await.status, 200);
}

#[tokio::test]
async fn revoking_the_refresh_token_ends_the_grant() {
    let server = TestServer::start().await;
    let owner = server.register("owner@example.com").await;
    let (app, tokens) = tokens_for(&server, &owner, "documents:generate").await;
    let fields = [
        ("token", tokens["refresh_token"].as_str().unwrap()),
        ("token_type_hint", "refresh_token"),
        ("client_id", app.client_id.as_str()),
    ];
    assert_eq!(form(&server, "/api/oauth/revoke", None, &fields).await.status, 200);
    assert_error(&server.get("/api/auth/verify", tokens["access_token"].as_str().unwrap()).await, 401, "ERR_AUTH_004");
}

#[tokio::test]
async fn revoking_an_unknown_or_another_clients_token_answers_200_and_changes_nothing() {
    let server = TestServer::start().await;
    let owner = server.register("owner@example.com").await;
    let (_, tokens) = tokens_for(&server, &owner, "documents:generate").await;
    let (other, _) = tokens_for(&server, &owner, "documents:generate").await;
    let access = tokens["access_token"].as_str().unwrap();
    for token in [access, "oat_unknown"] {
        let fields = [("token", token), ("client_id", other.client_id.as_str())];
        assert_eq!(form(&server, "/api/oauth/revoke", None, &fields).await.status, 200);
    }
    assert_eq!(server.get("/api/auth/verify", access).await.status, 200);
    let anonymous = form(&server, "/api/oauth/revoke", None, &[("token", access)]).await;
    assert_eq!(anonymous.status, 400, "client_id is required: {}", anonymous.body);
}

#[tokio::test]
async fn introspection_describes_active_tokens_of_the_calling_client_only() {
    let server = TestServer::start().await;
    let owner = server.register("owner@example.com").await;
    let app = register_app(&server, &owner, json!({})).await;
    let secret = app.client_secret.clone().unwrap();
    let basic = Some((app.client_id.as_str(), secret.as_str()));
    let (code, verifier) = super::support::consent(&server, &owner, &app, "documents:generate", &owner.env_id).await;
    let exchange = [
        ("grant_type", "authorization_code"),
        ("code", code.as_str()),
        ("redirect_uri", super::support::REDIRECT),
        ("code_verifier", verifier.as_str()),
    ];
    let tokens = form(&server, "/api/oauth/token", basic, &exchange).await.body;
    let access = tokens["access_token"].as_str().unwrap();
    let active = form(&server, "/api/oauth/introspect", basic, &[("token", access)]).await;
    assert_eq!(active.status, 200, "{}", active.body);
    assert_eq!(active.body["active"], true);
    assert_eq!(active.body["client_id"], app.client_id.as_str());
    assert_eq!(active.body["sub"], owner.user_id.as_str());
    assert_eq!(active.body["username"], "owner@example.com");
    assert_eq!(active.body["scope"], "documents:generate");
    assert_eq!(active.body["environment_id"], owner.env_id.as_str());
    assert!(active.body["exp"].as_i64().unwrap() > active.body["iat"].as_i64().unwrap());

    let (other, _) = tokens_for(&server, &owner, "documents:generate").await;
    let foreign =
        form(&server, "/api/oauth/introspect", None, &[("token", access), ("client_id", other.client_id.as_str())])
            .await;
    assert_eq!(foreign.body, json!({ "active": false }));
    form(&server, "/api/oauth/revoke", basic, &[("token", access)]).await;
    let revoked = form(&server, "/api/oauth/introspect", basic, &[("token", access)]).await;
    assert_eq!(revoked.body, json!({ "active": false }));
}

#[tokio::test]
async fn userinfo_needs_profile_read_and_a_live_token() {
    let server = TestServer::start().await;
    let owner = server.register("owner@example.com").await;
    let (_, with_profile) = tokens_for(&server, &owner, "profile:read").await;
    let info = server.get("/api/oauth/userinfo", with_profile["access_token"].as_str().unwrap()).await;
    assert_eq!(info.status, 200, "{}", info.body);
    assert_eq!(info.body["sub"], owner.user_id.as_str());
    assert_eq!(info.body["email"], "owner@example.com");
    let (_, without) = tokens_for(&server, &owner, "documents:generate").await;
    let refused = server.get("/api/oauth/userinfo", without["access_token"].as_str().unwrap()).await;
    assert_eq!(refused.status, 403);
    assert_eq!(refused.body["error"], "insufficient_scope");
    let unknown = server.get("/api/oauth/userinfo", "oat_unknown").await;
    assert_eq!(unknown.status, 401);
    assert!(unknown.header("www-authenticate").unwrap().contains("invalid_token"));
}
