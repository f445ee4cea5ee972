//! Dynamic client registration (RFC 7591): owners and admins of the project only; public and confidential
//! clients; redirect URIs checked; errors in RFC 7591's shape.

use reqwest::Method;
use serde_json::json;

use super::support::{REDIRECT, assert_oauth_error};
use crate::common::{TestServer, assert_error};

#[tokio::test]
async fn a_confidential_client_gets_its_secret_once_and_a_public_one_none() {
    let server = TestServer::start().await;
    let owner = server.register("owner@example.com").await;
    let body = json!({ "client_name": "Zap", "redirect_uris": [REDIRECT], "team_id": owner.team_id,
                       "scope": "documents:generate profile:read" });
    let confidential = server.post("/api/oauth/register", &owner.token, body.clone()).await;
    assert_eq!(confidential.status, 201, "{}", confidential.body);
    assert!(confidential.body["client_secret"].as_str().unwrap().starts_with("ocs_"));
    assert_eq!(confidential.body["token_endpoint_auth_method"], "client_secret_basic");
    assert_eq!(confidential.body["scope"], "documents:generate profile:read");
    assert_eq!(confidential.body["redirect_uris"], json!([REDIRECT]));
    assert_eq!(confidential.header("cache-control").as_deref(), Some("no-store"));

    let mut public = body;
    public["token_endpoint_auth_method"] = "none".into();
    let public = server.post("/api/oauth/register", &owner.token, public).await;
    assert_eq!(public.status, 201);
    assert!(public.body.get("client_secret").is_none(), "{}", public.body);
    assert_ne!(public.body["client_id"], confidential.body["client_id"]);
}

#[tokio::test]
async fn registration_needs_an_owner_or_admin_dashboard_token() {
    let server = TestServer::start().await;
    let owner = server.register("owner@example.com").await;
    let member = server.register("member@example.com").await;
    server.add_member(&owner, &member, "member", None).await;
    let body = json!({ "redirect_uris": [REDIRECT], "team_id": owner.team_id });
    let anonymous = server.call(Method::POST, "/api/oauth/register", None, Some(body.clone())).await;
    assert_error(&anonymous, 401, "ERR_AUTH_001");
    let as_member = server.post("/api/oauth/register", &member.token, body.clone()).await;
    assert_error(&as_member, 403, "ERR_AUTH_005");
    let (key, _) = server.create_key(&owner.token, &owner.env_id, &["project:manage"]).await;
    let as_key = server.post("/api/oauth/register", &key, body.clone()).await;
    assert_error(&as_key, 403, "ERR_AUTH_005");
    let stranger = server.register("stranger@example.com").await;
    let elsewhere = server.post("/api/oauth/register", &stranger.token, body).await;
    assert_error(&elsewhere, 404, "ERR_PROJ_001");
}

#[tokio::test]
async fn unusable_redirect_uris_and_metadata_are_refused_in_rfc_7591_form() {
    let server = TestServer::start().await;
    let owner = server.register("owner@example.com").await;
    let cases = [
        (json!({ "redirect_uris": ["http://app.example/cb"] }), "invalid_redirect_uri"),
        (json!({ "redirect_uris": ["https://app.example/cb#frag"] }), "invalid_redirect_uri"),
        (json!({ "redirect_uris": [] }), "invalid_redirect_uri"),
        (json!({ "redirect_uris": [REDIRECT], "scope": "documents:generate admin" }), "invalid_client_metadata"),
        (json!({ "redirect_uris": [REDIRECT], "grant_types": ["password"] }), "invalid_client_metadata"),
        (
            json!({ "redirect_uris": [REDIRECT], "token_endpoint_auth_method": "private_key_jwt" }),
            "invalid_client_metadata",
        ),
        (
            json!({ "redirect_uris": [REDIRECT], "token_endpoint_auth_method": "none",
                    "grant_types": ["client_credentials"], "environment_id": owner.env_id }),
            "invalid_client_metadata",
        ),
        (json!({ "grant_types": ["client_credentials"] }), "invalid_client_metadata"),
    ];
    for (mut body, error) in cases {
        body["team_id"] = owner.team_id.clone().into();
        let answer = server.post("/api/oauth/register", &owner.token, body.clone()).await;
        assert_oauth_error(&answer, 400, error);
        assert!(answer.body.get("client_id").is_none(), "{body}");
    }
}

#[tokio::test]
async fn loopback_redirect_uris_may_use_plain_http() {
    let server = TestServer::start().await;
    let owner = server.register("owner@example.com").await;
    let body = json!({ "redirect_uris": ["http://127.0.0.1/callback", "http://[::1]/callback"],
                       "token_endpoint_auth_method": "none", "team_id": owner.team_id });
    let answer = server.post("/api/oauth/register", &owner.token, body).await;
    assert_eq!(answer.status, 201, "{}", answer.body);
}

#[tokio::test]
async fn registration_is_in_the_activity_log_without_the_secret() {
    let server = TestServer::start().await;
    let owner = server.register("owner@example.com").await;
    let body = json!({ "client_name": "Logged", "redirect_uris": [REDIRECT], "team_id": owner.team_id });
    let registered = server.post("/api/oauth/register", &owner.token, body).await;
    let secret = registered.body["client_secret"].as_str().unwrap();
    let log = server.get(&format!("/api/teams/{}/activity", owner.team_id), &owner.token).await;
    let entry = log.body["data"].as_array().unwrap().iter().find(|e| e["action"] == "oauth_app.registered").unwrap();
    assert_eq!(entry["targetId"], registered.body["client_id"]);
    assert!(!log.body.to_string().contains(secret));
}
