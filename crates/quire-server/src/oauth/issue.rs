//! Minting token pairs and the token response (RFC 6749 §5.1): the secrets go to the client once, only their
//! digests to the store.

use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use quire_core::oauth_scope::format_scope_list;
use quire_core::{OAuthScope, OAuthSecret, OAuthSecretKind, Timestamp};
use quire_store::{OAuthToken, OAuthTokenKind};

/// Seconds an access token lives.
pub const ACCESS_TOKEN_SECONDS: i64 = 3600;
/// Seconds a refresh token lives.
pub const REFRESH_TOKEN_SECONDS: i64 = 30 * 24 * 3600;
/// Seconds an authorization code lives.
pub const CODE_SECONDS: i64 = 60;

/// Freshly minted tokens: the secrets for the response, the records for the store.
#[derive(Debug)]
pub struct MintedTokens {
    pub access: OAuthSecret,
    pub refresh: Option<OAuthSecret>,
    pub records: Vec<OAuthToken>,
}

fn record(secret: &OAuthSecret, kind: OAuthTokenKind, grant_id: &str, now: Timestamp, ttl: i64) -> OAuthToken {
    OAuthToken {
        digest: secret.digest(),
        kind,
        grant_id: grant_id.to_string(),
        created_at: now,
        expires_at: now.plus_seconds(ttl),
        revoked_at: None,
        rotated_at: None,
    }
}

/// An access token, and a refresh token when `with_refresh`, for grant `grant_id`.
pub fn mint(grant_id: &str, now: Timestamp, with_refresh: bool) -> MintedTokens {
    let access = OAuthSecret::generate(OAuthSecretKind::AccessToken);
    let mut records = vec![record(&access, OAuthTokenKind::Access, grant_id, now, ACCESS_TOKEN_SECONDS)];
    let refresh = with_refresh.then(|| OAuthSecret::generate(OAuthSecretKind::RefreshToken));
    if let Some(refresh) = &refresh {
        records.push(record(refresh, OAuthTokenKind::Refresh, grant_id, now, REFRESH_TOKEN_SECONDS));
    }
    MintedTokens { access, refresh, records }
}

/// `200` with the tokens, `Cache-Control: no-store` (RFC 6749 §5.1).
pub fn token_response(minted: &MintedTokens, scopes: &[OAuthScope]) -> Response {
    let mut body = serde_json::json!({
        "access_token": minted.access.expose(),
        "token_type": "Bearer",
        "expires_in": ACCESS_TOKEN_SECONDS,
        "scope": format_scope_list(scopes),
    });
    if let Some(refresh) = &minted.refresh {
        body["refresh_token"] = refresh.expose().into();
    }
    let mut response = axum::Json(body).into_response();
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response.headers_mut().insert(header::PRAGMA, HeaderValue::from_static("no-cache"));
    response
}
