//! Checking an authorization request (RFC 6749 §4.1.1, RFC 7636): errors about the client or its redirect URI are
//! shown to the user, never redirected; every other error goes back to the client's redirect URI (§4.1.2.1).

use quire_core::OAuthScope;
use quire_core::oauth_scope::parse_scope_list;
use quire_store::OAuthApp;
use url::Url;

use super::error::OAuthError;
use super::params::OAuthParams;
use super::redirect_uri;
use crate::state::AppState;

/// A checked authorization request.
#[derive(Debug, Clone)]
pub struct AuthorizationRequest {
    pub app: OAuthApp,
    pub redirect_uri: String,
    pub scopes: Vec<OAuthScope>,
    pub code_challenge: String,
    pub state: Option<String>,
}

/// Why an authorization request cannot go on.
#[derive(Debug, Clone)]
pub enum AuthorizeError {
    /// The client or redirect URI is wrong: tell the user, do not redirect.
    Shown(OAuthError),
    /// Anything else: send the user back to the client with the error.
    Redirect(String),
}

/// `redirect_uri` with the parameters added to its query (any query it has is kept).
pub fn redirect_with(redirect_uri: &str, params: &[(&str, &str)]) -> String {
    match Url::parse(redirect_uri) {
        Ok(mut url) => {
            url.query_pairs_mut().extend_pairs(params);
            url.to_string()
        }
        Err(_) => redirect_uri.to_string(),
    }
}

/// The error redirect of RFC 6749 §4.1.2.1, with `state` echoed.
pub fn error_redirect(redirect_uri: &str, error: &str, description: &str, state: Option<&str>) -> String {
    let mut params = vec![("error", error), ("error_description", description)];
    if let Some(state) = state {
        params.push(("state", state));
    }
    redirect_with(redirect_uri, &params)
}

/// A PKCE S256 challenge: base64url without padding of a SHA-256, 43 characters.
fn is_s256_challenge(text: &str) -> bool {
    text.len() == 43 && text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Checks the request's parameters against the registered app.
pub async fn check(state: &AppState, params: &OAuthParams) -> Result<AuthorizationRequest, AuthorizeError> {
    let shown = |e: OAuthError| AuthorizeError::Shown(e);
    let client_id = params.require("client_id").map_err(shown)?;
    let app = state
        .store
        .oauth_app(client_id)
        .await
        .map_err(|e| shown(e.into()))?
        .ok_or_else(|| shown(OAuthError::invalid_request("unknown client_id")))?;
    let redirect_uri = match params.get("redirect_uri") {
        Some(uri) if redirect_uri::matches(&app.redirect_uris, uri) => uri.to_string(),
        Some(_) => return Err(shown(OAuthError::invalid_request("redirect_uri is not one registered for this app"))),
        None => return Err(shown(OAuthError::invalid_request("the redirect_uri parameter is missing"))),
    };
    let client_state = params.get("state");
    let back = |error: &str, description: &str| {
        AuthorizeError::Redirect(error_redirect(&redirect_uri, error, description, client_state))
    };
    match params.get("response_type") {
        Some("code") => {}
        Some(_) => return Err(back("unsupported_response_type", "only response_type=code is supported")),
        None => return Err(back("invalid_request", "the response_type parameter is missing")),
    }
    let challenge =
        params.get("code_challenge").ok_or_else(|| back("invalid_request", "PKCE is required: send code_challenge"))?;
    if params.get("code_challenge_method") != Some("S256") {
        return Err(back("invalid_request", "code_challenge_method must be S256"));
    }
    if !is_s256_challenge(challenge) {
        return Err(back("invalid_request", "code_challenge is not a base64url SHA-256 (43 characters)"));
    }
    let scopes = match params.get("scope") {
        None => app.scopes.clone(),
        Some(text) => parse_scope_list(text).map_err(|name| back("invalid_scope", &format!("unknown scope {name}")))?,
    };
    if let Some(extra) = scopes.iter().find(|s| !app.scopes.contains(s)) {
        return Err(back("invalid_scope", &format!("this app may not ask for {}", extra.as_str())));
    }
    if scopes.is_empty() {
        return Err(back("invalid_scope", "no scope requested"));
    }
    Ok(AuthorizationRequest {
        app,
        redirect_uri,
        scopes,
        code_challenge: challenge.to_string(),
        state: client_state.map(str::to_string),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_redirects_keep_the_query_and_echo_state() {
        let url = error_redirect("https://app.example/cb?x=1", "access_denied", "the user said no", Some("a b"));
        assert_eq!(url, "https://app.example/cb?x=1&error=access_denied&error_description=the+user+said+no&state=a+b");
    }

    #[test]
    fn only_a_43_character_base64url_challenge_passes() {
        assert!(is_s256_challenge("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"));
        assert!(!is_s256_challenge("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-c="));
        assert!(!is_s256_challenge("short"));
    }
}
