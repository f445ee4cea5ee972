//! The OAuth 2.1 authorization server of API.md §10: discovery, client registration, consent, the token,
//! revocation, introspection and userinfo endpoints. Hand-written: the `oauth2`/`openidconnect` crates are
//! clients, and no maintained server-side crate fits axum and our store.

pub mod authorize;
pub mod client_auth;
pub mod consent;
pub mod error;
pub mod grants;
pub mod issue;
pub mod metadata;
pub mod params;
pub mod redirect_uri;
pub mod register;
pub mod revoke;
pub mod token;
pub mod userinfo;

use axum::Router;
use axum::routing::{get, post};

use crate::state::AppState;

/// Every OAuth route.
pub fn router() -> Router<AppState> {
    Router::new()
        .merge(metadata::router())
        .merge(grants::router())
        .route("/oauth/authorize", get(consent::start))
        .route("/api/oauth/authorize", get(consent::details).post(consent::decide))
        .route("/api/oauth/register", post(register::register))
        .route("/api/oauth/token", post(token::token))
        .route("/api/oauth/revoke", post(revoke::revoke))
        .route("/api/oauth/introspect", post(revoke::introspect))
        .route("/api/oauth/userinfo", get(userinfo::userinfo))
}
