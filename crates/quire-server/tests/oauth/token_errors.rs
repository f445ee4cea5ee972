//! The token endpoint's errors (RFC 6749 §5.2): each with its status, its `error` code and `no-store`; codes are
//! single-use, short-lived, bound to their client, redirect URI and PKCE verifier.

use quire_core::{OAuthScope, OAuthSecret, OAuthSecretKind, Scope, Timestamp};
use quire_store::OAuthCode;
use serde_json::json;

use super::support::{REDIRECT, assert_oauth_error, consent, exchange, form, pkce, register_app};
use crate::common::TestServer;

#[tokio::test]
async fn an_unknown_or_missing_grant_type_is_refused() {
    let server = TestServer::start().await;
    let password = form(&server, "/api/oauth/token", None, &[("grant_type", "password"), ("username", "a")]).await;
    assert_oauth_error(&password, 400, "unsupported_grant_type");
    let missing = form(&server, "/api/oauth/token", None, &[("code", "x")]).await;
    assert_oauth_error(&missing, 400, "invalid_request");
    let repeated = form(&server, "/api/oauth/token", None, &[("grant_type", "a"), ("grant_type", "b")]).await;
    assert_oauth_error(&repeated, 400, "invalid_request");
}

#[tokio::test]
async fn a_wrong_verifier_is_invalid_grant_and_spends_the_code() {
    let server = TestServer::start().await;
    let owner = server.register("owner@example.com").await;
    let app = register_app(&server, &owner, json!({ "token_endpoint_auth_method": "none" })).await;
    let (code, verifier) = consent(&server, &owner, &app, "documents:generate", &owner.env_id).await;
    let (other_verifier, _) = pkce();
    assert_oauth_error(&exchange(&server, &app, &code, &other_verifier).await, 400, "invalid_grant");
    assert_oauth_error(&exchange(&server, &app, &code, &verifier).await, 400, "invalid_grant");
}

#[tokio::test]
async fn a_code_works_once() {
    let server = TestServer::start().await;
    let owner = server.register("owner@example.com").await;
    let app = register_app(&server, &owner, json!({ "token_endpoint_auth_method": "none" })).await;
    let (code, verifier) = consent(&server, &owner, &app, "documents:generate", &owner.env_id).await;
    let first = exchange(&server, &app, &code, &verifier).await;
    assert_eq!(first.status, 200, "{}", first.body);
    assert!(first.body["access_token"].as_str().unwrap().starts_with("oat_"));
    assert!(first.body["refresh_token"].as_str().unwrap().starts_with("ort_"));
    assert_eq!(first.body["token_type"], "Bearer");
    assert_eq!(first.body["expires_in"], 3600);
    assert_eq!(first.body["scope"], "documents:generate");
    assert_eq!(first.header("cache-control").as_deref(), Some("no-store"));
    assert_oauth_error(&exchange(&server, &app, &code, &verifier).await, 400, "invalid_grant");
}

#[tokio::test]
async fn an_expired_code_is_invalid_grant() {
    let server = TestServer::start().await;
    let owner = server.register("owner@example.com").await;
    let app = register_app(&server, &owner, json!({ "token_endpoint_auth_method": "none" })).await;
    let (verifier, challenge) = pkce();
    let code = OAuthSecret::generate(OAuthSecretKind::AuthorizationCode);
    let issued = Timestamp::now().plus_seconds(-120);
    let record = OAuthCode {
        digest: code.digest(),
        app_id: app.client_id.clone(),
        user_id: owner.user_id.clone(),
        environment_id: owner.env_id.clone(),
        redirect_uri: REDIRECT.into(),
        scopes: vec![OAuthScope::Key(Scope::DocumentsGenerate)],
        code_challenge: challenge,
        created_at: issued,
        expires_at: issued.plus_seconds(60),
    };
    server.state().store.create_oauth_code(&record).await.unwrap();
    let answer = exchange(&server, &app, code.expose(), &verifier).await;
    assert_oauth_error(&answer, 400, "invalid_grant");
    assert!(answer.body["error_description"].as_str().unwrap().contains("expired"));
}

#[tokio::test]
async fn a_code_needs_its_own_redirect_uri_and_client() {
    let server = TestServer::start().await;
    let owner = server.register("owner@example.com").await;
    let public = json!({ "token_endpoint_auth_method": "none",
                         "redirect_uris": [REDIRECT, "https://app.example/other"] });
    let app = register_app(&server, &owner, public.clone()).await;
    let other_app = register_app(&server, &owner, public).await;
    let (code, verifier) = consent(&server, &owner, &app, "documents:generate", &owner.env_id).await;
    let fields = [
        ("grant_type", "authorization_code"),
        ("code", code.as_str()),
        ("redirect_uri", "https://app.example/other"),
        ("code_verifier", verifier.as_str()),
        ("client_id", app.client_id.as_str()),
    ];
    assert_oauth_error(&form(&server, "/api/oauth/token", None, &fields).await, 400, "invalid_grant");
    let (code, verifier) = consent(&server, &owner, &app, "documents:generate", &owner.env_id).await;
    assert_oauth_error(&exchange(&server, &other_app, &code, &verifier).await, 400, "invalid_grant");
}

#[tokio::test]
async fn client_authentication_failures_are_invalid_client_with_www_authenticate() {
    let server = TestServer::start().await;
    let owner = server.register("owner@example.com").await;
    let app = register_app(&server, &owner, json!({})).await;
    let secret = app.client_secret.clone().unwrap();
    let base =
        [("grant_type", "authorization_code"), ("code", "oac_x"), ("redirect_uri", REDIRECT), ("code_verifier", "v")];
    let unknown = form(&server, "/api/oauth/token", Some(("oapp_nobody", secret.as_str())), &base).await;
    assert_oauth_error(&unknown, 401, "invalid_client");
    assert!(unknown.header("www-authenticate").unwrap().starts_with("Basic"));
    let wrong = form(&server, "/api/oauth/token", Some((app.client_id.as_str(), "ocs_wrong")), &base).await;
    assert_oauth_error(&wrong, 401, "invalid_client");
    let mut without_secret = base.to_vec();
    without_secret.push(("client_id", app.client_id.as_str()));
    assert_oauth_error(&form(&server, "/api/oauth/token", None, &without_secret).await, 401, "invalid_client");
    let mut twice = without_secret.clone();
    twice.push(("client_secret", secret.as_str()));
    let both = form(&server, "/api/oauth/token", Some((app.client_id.as_str(), secret.as_str())), &twice).await;
    assert_oauth_error(&both, 400, "invalid_request");
}

#[tokio::test]
async fn a_confidential_client_exchanges_by_basic_by_post_and_with_a_json_body() {
    let server = TestServer::start().await;
    let owner = server.register("owner@example.com").await;
    let app = register_app(&server, &owner, json!({})).await;
    let secret = app.client_secret.clone().unwrap();
    let (code, verifier) = consent(&server, &owner, &app, "documents:generate", &owner.env_id).await;
    let fields = [
        ("grant_type", "authorization_code"),
        ("code", code.as_str()),
        ("redirect_uri", REDIRECT),
        ("code_verifier", verifier.as_str()),
    ];
    let basic = form(&server, "/api/oauth/token", Some((app.client_id.as_str(), secret.as_str())), &fields).await;
    assert_eq!(basic.status, 200, "{}", basic.body);

    let (code, verifier) = consent(&server, &owner, &app, "documents:generate", &owner.env_id).await;
    let mut posted = vec![
        ("grant_type", "authorization_code"),
        ("code", code.as_str()),
        ("redirect_uri", REDIRECT),
        ("code_verifier", verifier.as_str()),
    ];
    posted.extend([("client_id", app.client_id.as_str()), ("client_secret", secret.as_str())]);
    assert_eq!(form(&server, "/api/oauth/token", None, &posted).await.status, 200);

    let (code, verifier) = consent(&server, &owner, &app, "documents:generate", &owner.env_id).await;
    let body = json!({ "grant_type": "authorization_code", "code": code, "redirect_uri": REDIRECT,
                       "code_verifier": verifier, "client_id": app.client_id, "client_secret": secret });
    let answer = server.call(reqwest::Method::POST, "/api/oauth/token", None, Some(body)).await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    assert!(answer.body["access_token"].as_str().unwrap().starts_with("oat_"));
}
