//! Discovery: RFC 8414 names every endpoint and what is supported; RFC 9728 points the API and `/mcp` at it.

use reqwest::Method;

use crate::common::TestServer;

#[tokio::test]
async fn authorization_server_metadata_names_every_endpoint_and_s256_only() {
    let server = TestServer::start().await;
    let meta = server.call(Method::GET, "/.well-known/oauth-authorization-server", None, None).await;
    assert_eq!(meta.status, 200);
    let issuer = meta.body["issuer"].as_str().unwrap().to_string();
    for (field, path) in [
        ("authorization_endpoint", "/oauth/authorize"),
        ("token_endpoint", "/api/oauth/token"),
        ("registration_endpoint", "/api/oauth/register"),
        ("revocation_endpoint", "/api/oauth/revoke"),
        ("introspection_endpoint", "/api/oauth/introspect"),
        ("userinfo_endpoint", "/api/oauth/userinfo"),
    ] {
        assert_eq!(meta.body[field], format!("{issuer}{path}"), "{field}");
    }
    assert_eq!(meta.body["code_challenge_methods_supported"], serde_json::json!(["S256"]));
    assert_eq!(
        meta.body["grant_types_supported"],
        serde_json::json!(["authorization_code", "refresh_token", "client_credentials"])
    );
    let scopes: Vec<&str> =
        meta.body["scopes_supported"].as_array().unwrap().iter().filter_map(|s| s.as_str()).collect();
    for scope in ["documents:generate", "project:manage", "documents:read", "webhooks:write", "profile:read"] {
        assert!(scopes.contains(&scope), "{scope} in {scopes:?}");
    }
}

#[tokio::test]
async fn protected_resource_metadata_points_the_api_and_mcp_at_the_server() {
    let server = TestServer::start().await;
    let meta = server.call(Method::GET, "/.well-known/oauth-authorization-server", None, None).await;
    let issuer = meta.body["issuer"].clone();
    let api = server.call(Method::GET, "/.well-known/oauth-protected-resource", None, None).await;
    assert_eq!(api.status, 200);
    assert_eq!(api.body["resource"], issuer);
    assert_eq!(api.body["authorization_servers"], serde_json::json!([issuer]));
    let mcp = server.call(Method::GET, "/.well-known/oauth-protected-resource/mcp", None, None).await;
    assert_eq!(mcp.body["resource"], format!("{}/mcp", issuer.as_str().unwrap()));
}
