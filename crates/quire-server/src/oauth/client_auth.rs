//! Client authentication at the token, revocation and introspection endpoints: `client_secret_basic`,
//! `client_secret_post`, or a public client naming itself with `client_id` (RFC 6749 §2.3, §3.2.1).

use axum::http::{HeaderMap, header};
use base64::Engine;
use quire_core::{OAuthSecret, OAuthSecretKind};
use quire_store::{OAuthApp, OAuthClientType};
use subtle::ConstantTimeEq;

use super::error::OAuthError;
use super::params::OAuthParams;
use crate::state::AppState;

/// The client behind a request.
#[derive(Debug, Clone)]
pub struct Client {
    pub app: OAuthApp,
    /// Proved its identity with its secret (confidential apps always do).
    pub authenticated: bool,
}

/// `client_id` and `client_secret` from `Authorization: Basic` (each form-urlencoded, RFC 6749 §2.3.1).
fn basic_credentials(headers: &HeaderMap) -> Result<Option<(String, String)>, OAuthError> {
    let Some(value) = headers.get(header::AUTHORIZATION) else { return Ok(None) };
    let bad = || OAuthError::invalid_client("the Basic credentials are malformed");
    let text = value.to_str().map_err(|_| bad())?;
    let Some((scheme, encoded)) = text.split_once(' ') else { return Err(bad()) };
    if !scheme.eq_ignore_ascii_case("basic") {
        return Ok(None);
    }
    let decoded = base64::engine::general_purpose::STANDARD.decode(encoded.trim()).map_err(|_| bad())?;
    let decoded = String::from_utf8(decoded).map_err(|_| bad())?;
    let (id, secret) = decoded.split_once(':').ok_or_else(bad)?;
    let unescape =
        |s: &str| url::form_urlencoded::parse(format!("v={s}").as_bytes()).map(|(_, v)| v.into_owned()).next();
    Ok(Some((unescape(id).ok_or_else(bad)?, unescape(secret).ok_or_else(bad)?)))
}

/// Whether `secret` is the app's (checked in constant time against the stored digest).
fn secret_matches(app: &OAuthApp, secret: &str) -> bool {
    let (Some(stored), Some(given)) = (&app.secret_digest, OAuthSecret::parse(OAuthSecretKind::ClientSecret, secret))
    else {
        return false;
    };
    bool::from(stored.as_bytes().ct_eq(given.digest().as_bytes()))
}

/// Identifies and, for confidential apps, authenticates the client; exactly one method may be used.
pub async fn authenticate(state: &AppState, headers: &HeaderMap, params: &OAuthParams) -> Result<Client, OAuthError> {
    let basic = basic_credentials(headers)?;
    let posted_secret = params.get("client_secret");
    if basic.is_some() && posted_secret.is_some() {
        return Err(OAuthError::invalid_request("use one client authentication method, not two"));
    }
    let (client_id, secret) = match &basic {
        Some((id, secret)) => (id.as_str(), Some(secret.as_str())),
        None => (params.require("client_id")?, posted_secret),
    };
    if let (Some((id, _)), Some(named)) = (&basic, params.get("client_id"))
        && id != named
    {
        return Err(OAuthError::invalid_client("client_id does not match the Basic credentials"));
    }
    let unknown = || OAuthError::invalid_client("unknown client or wrong secret");
    let app = state.store.oauth_app(client_id).await?.ok_or_else(unknown)?;
    match (app.client_type, secret) {
        (OAuthClientType::Confidential, None) => {
            Err(OAuthError::invalid_client("this client is confidential: authenticate with its secret"))
        }
        (_, Some(secret)) if !secret_matches(&app, secret) => Err(unknown()),
        (_, Some(_)) => Ok(Client { app, authenticated: true }),
        (OAuthClientType::Public, None) => Ok(Client { app, authenticated: false }),
    }
}
