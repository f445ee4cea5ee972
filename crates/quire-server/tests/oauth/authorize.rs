//! The authorization request (RFC 6749 §4.1.1, §4.1.2.1; RFC 7636): the browser is sent to the consent page, or
//! back to the client with the error and its `state` — never to a redirect URI that was not registered.

use serde_json::json;

use super::support::{REDIRECT, authorize_query, decide, pkce, query_param, register_app};
use crate::common::TestServer;

/// `GET /oauth/authorize?query` without following the redirect: answers the `Location`.
async fn location(server: &TestServer, query: &str) -> String {
    let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let response = client.get(format!("{}/oauth/authorize?{query}", server.base)).send().await.unwrap();
    assert_eq!(response.status(), 303, "a See Other redirect");
    response.headers()["location"].to_str().unwrap().to_string()
}

#[tokio::test]
async fn a_valid_request_opens_the_consent_page_with_the_same_query() {
    let server = TestServer::start().await;
    let owner = server.register("owner@example.com").await;
    let app = register_app(&server, &owner, json!({})).await;
    let query = authorize_query(&app, &pkce().1, "documents:generate");
    assert_eq!(location(&server, &query).await, format!("/dashboard/authorize?{query}"));
}

#[tokio::test]
async fn request_errors_go_back_to_the_client_with_state() {
    let server = TestServer::start().await;
    let owner = server.register("owner@example.com").await;
    let app = register_app(&server, &owner, json!({ "scope": "documents:generate profile:read" })).await;
    let good = authorize_query(&app, &pkce().1, "documents:generate");
    let cases = [
        (good.replace("code_challenge_method=S256", "code_challenge_method=plain"), "invalid_request"),
        (good.replace("&code_challenge_method=S256", ""), "invalid_request"),
        (good.replace("code_challenge=", "code_challenge=short&x="), "invalid_request"),
        (good.replace("response_type=code", "response_type=token"), "unsupported_response_type"),
        (good.replace("scope=documents%3Agenerate", "scope=documents%3Agenerate+admin"), "invalid_scope"),
        (good.replace("scope=documents%3Agenerate", "scope=templates%3Amanage"), "invalid_scope"),
    ];
    for (query, error) in cases {
        let to = location(&server, &query).await;
        assert!(to.starts_with(REDIRECT), "{query} → {to}");
        assert_eq!(query_param(&to, "error").as_deref(), Some(error), "{query}");
        assert_eq!(query_param(&to, "state").as_deref(), Some("xyz 1"));
    }
}

#[tokio::test]
async fn an_unknown_client_or_unregistered_redirect_uri_is_shown_not_redirected() {
    let server = TestServer::start().await;
    let owner = server.register("owner@example.com").await;
    let app = register_app(&server, &owner, json!({})).await;
    let good = authorize_query(&app, &pkce().1, "documents:generate");
    let evil = good.replace("app.example%2Fcallback", "evil.example%2Fcallback");
    let unknown = good.replace(&app.client_id, "oapp_unknown");
    for query in [evil, unknown] {
        let to = location(&server, &query).await;
        assert!(to.starts_with("/dashboard/authorize?"), "{to}");
        let details = server.get(&format!("/api/oauth/authorize?{query}"), &owner.token).await;
        assert_eq!(details.status, 400, "{}", details.body);
        assert_eq!(details.body["error"], "invalid_request");
        assert!(details.body.get("redirectTo").is_none());
    }
}

#[tokio::test]
async fn the_consent_details_show_app_scopes_registrant_and_environments() {
    let server = TestServer::start().await;
    let owner = server.register("owner@example.com").await;
    let app = register_app(&server, &owner, json!({ "client_name": "Zapier" })).await;
    let query = authorize_query(&app, &pkce().1, "documents:generate profile:read");
    let details = server.get(&format!("/api/oauth/authorize?{query}"), &owner.token).await;
    assert_eq!(details.status, 200, "{}", details.body);
    assert_eq!(details.body["app"]["name"], "Zapier");
    assert_eq!(details.body["registeredBy"]["email"], "owner@example.com");
    assert_eq!(details.body["scopes"][0], json!({ "name": "documents:generate", "label": "Generate Documents" }));
    assert_eq!(details.body["scopes"][1]["name"], "profile:read");
    assert_eq!(details.body["environments"][0]["id"], owner.env_id.as_str());
}

#[tokio::test]
async fn deny_sends_access_denied_and_allow_a_code_both_with_state() {
    let server = TestServer::start().await;
    let owner = server.register("owner@example.com").await;
    let app = register_app(&server, &owner, json!({})).await;
    let query = authorize_query(&app, &pkce().1, "documents:generate");
    let denied = decide(&server, &owner, &query, "deny", &owner.env_id).await;
    let to = denied.body["redirectTo"].as_str().unwrap();
    assert!(to.starts_with(REDIRECT));
    assert_eq!(query_param(to, "error").as_deref(), Some("access_denied"));
    assert_eq!(query_param(to, "state").as_deref(), Some("xyz 1"));
    assert_eq!(query_param(to, "code"), None);
    let allowed = decide(&server, &owner, &query, "allow", &owner.env_id).await;
    let to = allowed.body["redirectTo"].as_str().unwrap();
    assert!(query_param(to, "code").unwrap().starts_with("oac_"));
    assert_eq!(query_param(to, "state").as_deref(), Some("xyz 1"));
}

#[tokio::test]
async fn only_members_grant_and_only_in_their_projects_environments() {
    let server = TestServer::start().await;
    let owner = server.register("owner@example.com").await;
    let stranger = server.register("stranger@example.com").await;
    let app = register_app(&server, &owner, json!({})).await;
    let query = authorize_query(&app, &pkce().1, "documents:generate");
    let outsider = decide(&server, &stranger, &query, "allow", &stranger.env_id).await;
    assert_eq!(outsider.status, 403, "{}", outsider.body);
    assert_eq!(outsider.body["error"], "access_denied");
    let elsewhere = decide(&server, &owner, &query, "allow", &stranger.env_id).await;
    assert_eq!(elsewhere.status, 400, "{}", elsewhere.body);
    assert_eq!(elsewhere.body["error"], "invalid_request");
}
