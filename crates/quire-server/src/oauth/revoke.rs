//! Token revocation (RFC 7009) and introspection (RFC 7662), both for the client the token was issued to.

use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use quire_core::oauth_scope::format_scope_list;
use quire_core::{OAuthSecret, OAuthSecretKind, Timestamp};
use quire_store::{OAuthGrantKind, OAuthTokenContext, OAuthTokenKind};
use serde_json::json;

use super::client_auth;
use super::error::OAuthError;
use super::params::OAuthParams;
use crate::state::AppState;

/// The token named by `token`, when it is an access or refresh token of `client_id`.
async fn own_token(state: &AppState, client_id: &str, token: &str) -> Result<Option<OAuthTokenContext>, OAuthError> {
    let secret = OAuthSecret::parse(OAuthSecretKind::AccessToken, token)
        .or_else(|| OAuthSecret::parse(OAuthSecretKind::RefreshToken, token));
    let Some(secret) = secret else { return Ok(None) };
    let found = state.store.oauth_token(&secret.digest()).await?;
    Ok(found.filter(|context| context.grant.app_id == client_id))
}

fn no_store(mut response: Response) -> Response {
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// `POST /api/oauth/revoke`: `200` whether or not the token was known (RFC 7009 §2.2). Revoking a refresh token
/// revokes its whole grant (and so the access tokens issued with it).
pub async fn revoke(State(state): State<AppState>, headers: HeaderMap, params: OAuthParams) -> Response {
    let result = async {
        let client = client_auth::authenticate(&state, &headers, &params).await?;
        let token = params.require("token")?;
        if let Some(context) = own_token(&state, &client.app.id, token).await? {
            let now = Timestamp::now();
            match context.token.kind {
                OAuthTokenKind::Refresh => state.store.revoke_oauth_grant(&context.grant.id, now).await?,
                OAuthTokenKind::Access => state.store.revoke_oauth_token(&context.token.digest, now).await?,
            };
        }
        Ok::<_, OAuthError>(())
    }
    .await;
    match result {
        Ok(()) => no_store(StatusCode::OK.into_response()),
        Err(e) => e.into_response(),
    }
}

/// `POST /api/oauth/introspect`: `{active: false}` for anything not an active token of the calling client.
pub async fn introspect(State(state): State<AppState>, headers: HeaderMap, params: OAuthParams) -> Response {
    let result = async {
        let client = client_auth::authenticate(&state, &headers, &params).await?;
        let token = params.require("token")?;
        let now = Timestamp::now();
        let Some(context) = own_token(&state, &client.app.id, token).await?.filter(|c| c.is_active(now)) else {
            return Ok(json!({ "active": false }));
        };
        let user = state.store.user(&context.grant.user_id).await?;
        let mut body = json!({
            "active": true,
            "scope": format_scope_list(&context.grant.scopes),
            "client_id": context.grant.app_id,
            "token_type": match context.token.kind {
                OAuthTokenKind::Access => "access_token",
                OAuthTokenKind::Refresh => "refresh_token",
            },
            "exp": context.token.expires_at.as_unix_seconds(),
            "iat": context.token.created_at.as_unix_seconds(),
            "iss": state.public_url,
            "team_id": context.grant.project_id,
            "environment_id": context.grant.environment_id,
        });
        if context.grant.kind == OAuthGrantKind::AuthorizationCode {
            body["sub"] = context.grant.user_id.clone().into();
            if let Some(user) = user {
                body["username"] = user.email.into();
            }
        }
        Ok::<_, OAuthError>(body)
    }
    .await;
    match result {
        Ok(body) => no_store(axum::Json(body).into_response()),
        Err(e) => e.into_response(),
    }
}
