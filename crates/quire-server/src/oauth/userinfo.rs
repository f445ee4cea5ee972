//! `GET /api/oauth/userinfo`: the user an access token acts for, with the `profile:read` scope.

use axum::response::{IntoResponse, Response};
use quire_core::OAuthScope;
use serde_json::json;

use super::error::OAuthError;
use crate::auth::Caller;
use crate::http::HttpError;

/// The token's user; RFC 6750 errors with `WWW-Authenticate` when the token is missing, bad or short of scope.
pub async fn userinfo(caller: Result<Caller, HttpError>) -> Response {
    let caller = match caller {
        Ok(caller) => caller,
        Err(HttpError(e)) => return OAuthError::invalid_token(e.message).into_response(),
    };
    let Some(token) = caller.oauth() else {
        return OAuthError::invalid_token("userinfo needs an OAuth access token").into_response();
    };
    if !token.acts_as_app() && token.scopes.contains(&OAuthScope::ProfileRead) {
        let user = &token.user;
        return axum::Json(json!({
            "sub": user.id,
            "email": user.email,
            "name": user.name,
            "team_id": token.project_id,
            "environment_id": token.environment_id,
        }))
        .into_response();
    }
    OAuthError::insufficient_scope("userinfo needs the profile:read scope of a user's grant").into_response()
}
