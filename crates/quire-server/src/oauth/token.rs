//! `POST /api/oauth/token` (RFC 6749 §3.2): the authorization code with PKCE (RFC 7636 §4.6), refresh-token
//! rotation with reuse detection, and client credentials.

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use base64::Engine;
use quire_core::ids::{new_id, prefix};
use quire_core::oauth_scope::parse_scope_list;
use quire_core::{OAuthScope, OAuthSecret, OAuthSecretKind, Timestamp};
use quire_store::{OAuthClientType, OAuthGrant, OAuthGrantKind, RefreshOutcome};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use super::client_auth::{self, Client};
use super::error::OAuthError;
use super::issue::{mint, token_response};
use super::params::OAuthParams;
use crate::state::AppState;

/// The token endpoint.
pub async fn token(State(state): State<AppState>, headers: HeaderMap, params: OAuthParams) -> Response {
    match exchange(&state, &headers, &params).await {
        Ok(response) => response,
        Err(e) => e.into_response(),
    }
}

async fn exchange(state: &AppState, headers: &HeaderMap, params: &OAuthParams) -> Result<Response, OAuthError> {
    let grant_type = params.require("grant_type")?;
    if !matches!(grant_type, "authorization_code" | "refresh_token" | "client_credentials") {
        return Err(OAuthError::unsupported_grant_type(format!("grant_type {grant_type:?} is not supported")));
    }
    let client = client_auth::authenticate(state, headers, params).await?;
    match grant_type {
        "authorization_code" => authorization_code(state, &client, params).await,
        "refresh_token" => refresh_token(state, &client, params).await,
        _ => client_credentials(state, &client, params).await,
    }
}

/// A code verifier as RFC 7636 §4.1 defines it: 43 to 128 unreserved characters.
fn is_code_verifier(text: &str) -> bool {
    (43..=128).contains(&text.len())
        && text.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~'))
}

/// Whether `verifier` hashes to `challenge` (S256).
fn verifier_matches(verifier: &str, challenge: &str) -> bool {
    let computed = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()));
    bool::from(computed.as_bytes().ct_eq(challenge.as_bytes()))
}

async fn authorization_code(state: &AppState, client: &Client, params: &OAuthParams) -> Result<Response, OAuthError> {
    let code = params.require("code")?;
    let redirect_uri = params.require("redirect_uri")?;
    let verifier = params.require("code_verifier")?;
    if !is_code_verifier(verifier) {
        return Err(OAuthError::invalid_request("code_verifier must be 43 to 128 unreserved characters"));
    }
    let invalid = || OAuthError::invalid_grant("the authorization code is invalid, expired or already used");
    let code = OAuthSecret::parse(OAuthSecretKind::AuthorizationCode, code).ok_or_else(invalid)?;
    // Taken before any other check: a code is spent by its first presentation, right or wrong.
    let record = state.store.take_oauth_code(&code.digest()).await?.ok_or_else(invalid)?;
    let now = Timestamp::now();
    if record.app_id != client.app.id {
        return Err(OAuthError::invalid_grant("the authorization code was issued to another client"));
    }
    if record.expires_at <= now {
        return Err(OAuthError::invalid_grant("the authorization code has expired"));
    }
    if record.redirect_uri != redirect_uri {
        return Err(OAuthError::invalid_grant("redirect_uri differs from the one of the authorization request"));
    }
    if !verifier_matches(verifier, &record.code_challenge) {
        return Err(OAuthError::invalid_grant("code_verifier does not match the code_challenge"));
    }
    let grant = OAuthGrant {
        id: new_id(prefix::OAUTH_GRANT),
        app_id: client.app.id.clone(),
        project_id: client.app.project_id.clone(),
        environment_id: record.environment_id,
        user_id: record.user_id,
        kind: OAuthGrantKind::AuthorizationCode,
        scopes: record.scopes,
        created_at: now,
        revoked_at: None,
    };
    let minted = mint(&grant.id, now, true);
    state.store.create_oauth_grant(&grant, &minted.records).await?;
    Ok(token_response(&minted, &grant.scopes))
}

async fn refresh_token(state: &AppState, client: &Client, params: &OAuthParams) -> Result<Response, OAuthError> {
    let invalid = || OAuthError::invalid_grant("the refresh token is invalid, expired or revoked");
    let presented = params.require("refresh_token")?;
    let secret = OAuthSecret::parse(OAuthSecretKind::RefreshToken, presented).ok_or_else(invalid)?;
    if let Some(text) = params.get("scope") {
        // Tokens carry their grant's scopes: asking for the same (or leaving `scope` out) is all that works.
        let asked =
            parse_scope_list(text).map_err(|name| OAuthError::invalid_scope(format!("unknown scope {name}")))?;
        let context = state.store.oauth_token(&secret.digest()).await?.ok_or_else(invalid)?;
        if asked != context.grant.scopes {
            return Err(OAuthError::invalid_scope("a refresh keeps the granted scopes; leave scope out"));
        }
    }
    let now = Timestamp::now();
    // The grant id is filled in by the store from the token's grant.
    let minted = mint("", now, true);
    match state.store.rotate_oauth_refresh_token(&client.app.id, &secret.digest(), &minted.records, now).await? {
        RefreshOutcome::Rotated(grant) => Ok(token_response(&minted, &grant.scopes)),
        RefreshOutcome::Reused => {
            tracing::warn!(client_id = %client.app.id, "a rotated refresh token was presented again: grant revoked");
            Err(OAuthError::invalid_grant("the refresh token was already used; the grant is revoked"))
        }
        RefreshOutcome::Invalid => Err(invalid()),
    }
}

async fn client_credentials(state: &AppState, client: &Client, params: &OAuthParams) -> Result<Response, OAuthError> {
    let app = &client.app;
    if app.client_type != OAuthClientType::Confidential || !client.authenticated {
        return Err(OAuthError::unauthorized_client("client_credentials is for confidential clients"));
    }
    let environment_id = app
        .credentials_environment_id
        .clone()
        .ok_or_else(|| OAuthError::unauthorized_client("this client was registered without client_credentials"))?;
    let scopes: Vec<OAuthScope> = match params.get("scope") {
        None => app.scopes.clone(),
        Some(text) => {
            parse_scope_list(text).map_err(|name| OAuthError::invalid_scope(format!("unknown scope {name}")))?
        }
    };
    if let Some(extra) = scopes.iter().find(|s| !app.scopes.contains(s)) {
        return Err(OAuthError::invalid_scope(format!("this client may not ask for {}", extra.as_str())));
    }
    let now = Timestamp::now();
    let grant = OAuthGrant {
        id: new_id(prefix::OAUTH_GRANT),
        app_id: app.id.clone(),
        project_id: app.project_id.clone(),
        environment_id,
        user_id: app.created_by.clone(),
        kind: OAuthGrantKind::ClientCredentials,
        scopes,
        created_at: now,
        revoked_at: None,
    };
    // No refresh token for client credentials (RFC 6749 §4.4.3): the client asks again.
    let minted = mint(&grant.id, now, false);
    state.store.create_oauth_grant(&grant, &minted.records).await?;
    Ok(token_response(&minted, &grant.scopes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rfc_7636_example_verifier_matches_its_challenge() {
        let verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
        assert!(is_code_verifier(verifier));
        assert!(verifier_matches(verifier, "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"));
        assert!(!verifier_matches(verifier, "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cN"));
        assert!(!is_code_verifier("too-short"));
    }
}
