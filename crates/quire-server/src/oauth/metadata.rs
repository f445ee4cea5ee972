//! Discovery documents: authorization server metadata (RFC 8414) and protected resource metadata (RFC 9728) for
//! the API and for `/mcp`.

use axum::Router;
use axum::extract::State;
use axum::response::IntoResponse;
use axum::routing::get;
use quire_core::OAuthScope;
use serde_json::{Value, json};

use crate::state::AppState;

/// Where the resource metadata of the API is.
pub const RESOURCE_METADATA_PATH: &str = "/.well-known/oauth-protected-resource";

/// The discovery routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/.well-known/oauth-authorization-server", get(authorization_server))
        .route(RESOURCE_METADATA_PATH, get(api_resource))
        .route("/.well-known/oauth-protected-resource/mcp", get(mcp_resource))
}

fn scopes() -> Vec<&'static str> {
    OAuthScope::ALL.iter().map(|s| s.as_str()).collect()
}

/// The RFC 8414 document: every endpoint, the grants, scopes and client authentication methods offered.
pub fn authorization_server_metadata(issuer: &str) -> Value {
    let auth_methods = ["client_secret_basic", "client_secret_post", "none"];
    json!({
        "issuer": issuer,
        "authorization_endpoint": format!("{issuer}/oauth/authorize"),
        "token_endpoint": format!("{issuer}/api/oauth/token"),
        "registration_endpoint": format!("{issuer}/api/oauth/register"),
        "revocation_endpoint": format!("{issuer}/api/oauth/revoke"),
        "introspection_endpoint": format!("{issuer}/api/oauth/introspect"),
        "userinfo_endpoint": format!("{issuer}/api/oauth/userinfo"),
        "scopes_supported": scopes(),
        "response_types_supported": ["code"],
        "response_modes_supported": ["query"],
        "grant_types_supported": ["authorization_code", "refresh_token", "client_credentials"],
        "token_endpoint_auth_methods_supported": auth_methods,
        "revocation_endpoint_auth_methods_supported": auth_methods,
        "introspection_endpoint_auth_methods_supported": auth_methods,
        "code_challenge_methods_supported": ["S256"],
        "service_documentation": format!("{issuer}/docs"),
    })
}

async fn authorization_server(State(state): State<AppState>) -> impl IntoResponse {
    axum::Json(authorization_server_metadata(&state.public_url))
}

fn resource_metadata(state: &AppState, resource: String) -> Value {
    json!({
        "resource": resource,
        "authorization_servers": [state.public_url],
        "scopes_supported": scopes(),
        "bearer_methods_supported": ["header"],
        "resource_name": "Quire",
        "resource_documentation": format!("{}/docs", state.public_url),
    })
}

async fn api_resource(State(state): State<AppState>) -> impl IntoResponse {
    axum::Json(resource_metadata(&state, state.public_url.clone()))
}

async fn mcp_resource(State(state): State<AppState>) -> impl IntoResponse {
    axum::Json(resource_metadata(&state, format!("{}/mcp", state.public_url)))
}
