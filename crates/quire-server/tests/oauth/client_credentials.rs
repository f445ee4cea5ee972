//! Client credentials: a confidential app acts as itself in the environment chosen at registration, with no
//! refresh token; public apps and apps registered without the grant are refused.

use serde_json::json;

use super::support::{assert_oauth_error, form, register_app};
use crate::common::{TestServer, assert_error};

#[tokio::test]
async fn a_confidential_app_gets_an_access_token_for_its_environment() {
    let server = TestServer::start().await;
    let owner = server.register("owner@example.com").await;
    let metadata = json!({ "grant_types": ["client_credentials"], "environment_id": owner.env_id,
                           "scope": "documents:generate templates:read" });
    let app = register_app(&server, &owner, metadata).await;
    let secret = app.client_secret.clone().unwrap();
    let basic = Some((app.client_id.as_str(), secret.as_str()));
    let answer = form(&server, "/api/oauth/token", basic, &[("grant_type", "client_credentials")]).await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    assert!(answer.body.get("refresh_token").is_none());
    assert_eq!(answer.body["scope"], "documents:generate templates:read");
    let token = answer.body["access_token"].as_str().unwrap();
    let templates = server.get("/api/v1/templates", token).await;
    assert_eq!(templates.status, 200, "{}", templates.body);
    let keys = server.get(&format!("/api/v1/api-keys?environmentId={}", owner.env_id), token).await;
    assert_error(&keys, 403, "ERR_AUTH_005");

    let narrower =
        form(&server, "/api/oauth/token", basic, &[("grant_type", "client_credentials"), ("scope", "templates:read")])
            .await;
    assert_eq!(narrower.body["scope"], "templates:read");
    let wider =
        form(&server, "/api/oauth/token", basic, &[("grant_type", "client_credentials"), ("scope", "project:manage")])
            .await;
    assert_oauth_error(&wider, 400, "invalid_scope");
}

#[tokio::test]
async fn public_apps_and_apps_without_the_grant_are_unauthorized_clients() {
    let server = TestServer::start().await;
    let owner = server.register("owner@example.com").await;
    let public = register_app(&server, &owner, json!({ "token_endpoint_auth_method": "none" })).await;
    let fields = [("grant_type", "client_credentials"), ("client_id", public.client_id.as_str())];
    assert_oauth_error(&form(&server, "/api/oauth/token", None, &fields).await, 400, "unauthorized_client");
    let code_only = register_app(&server, &owner, json!({})).await;
    let secret = code_only.client_secret.clone().unwrap();
    let basic = Some((code_only.client_id.as_str(), secret.as_str()));
    let answer = form(&server, "/api/oauth/token", basic, &[("grant_type", "client_credentials")]).await;
    assert_oauth_error(&answer, 400, "unauthorized_client");
}
