//! API calls with `Authorization: Bearer oat_…`: the token acts for its user in its environment with its grant's
//! scopes, and the user's role still applies (API.md §10).

use std::sync::Arc;

use quire_core::role::Action;
use quire_core::{ApiError, ErrorCode, OAuthScope, OAuthSecret, OAuthSecretKind, Scope, Timestamp};
use quire_store::{Member, OAuthGrantKind, OAuthTokenKind};

use super::caller::UserPrincipal;
use crate::http::HttpError;
use crate::state::AppState;

/// The prefix of OAuth access tokens.
pub const ACCESS_TOKEN_PREFIX: &str = "oat_";

/// An OAuth access token's caller.
#[derive(Debug, Clone)]
pub struct OAuthPrincipal {
    /// The user the app acts for (client credentials: the user who registered the app).
    pub user: UserPrincipal,
    pub app_id: String,
    pub app_name: String,
    pub grant_id: String,
    pub grant_kind: OAuthGrantKind,
    pub project_id: String,
    pub environment_id: String,
    pub scopes: Vec<OAuthScope>,
}

impl OAuthPrincipal {
    /// A client-credentials token: it acts as the app, for nobody in particular.
    pub fn acts_as_app(&self) -> bool {
        self.grant_kind == OAuthGrantKind::ClientCredentials
    }
}

/// Resolves an `oat_` token: malformed, unknown, revoked or rotated out is `ERR_AUTH_004`, expired `ERR_AUTH_003`.
pub async fn resolve(state: &AppState, token: &str) -> Result<Arc<OAuthPrincipal>, ApiError> {
    let invalid = || ApiError::new(ErrorCode::AuthInvalid);
    let secret = OAuthSecret::parse(OAuthSecretKind::AccessToken, token).ok_or_else(invalid)?;
    let context = state.store.oauth_token(&secret.digest()).await.map_err(|e| HttpError::from(e).0)?;
    let context = context.filter(|c| c.token.kind == OAuthTokenKind::Access).ok_or_else(invalid)?;
    if context.token.revoked_at.is_some() || context.grant.revoked_at.is_some() {
        return Err(ApiError::with_message(ErrorCode::AuthInvalid, "Invalid authentication token: it was revoked"));
    }
    if context.token.expires_at <= Timestamp::now() {
        return Err(ApiError::new(ErrorCode::AuthExpired));
    }
    let user = state.store.user(&context.grant.user_id).await.map_err(|e| HttpError::from(e).0)?.ok_or_else(invalid)?;
    Ok(Arc::new(OAuthPrincipal {
        user: UserPrincipal { id: user.id, email: user.email, name: user.name },
        app_id: context.grant.app_id,
        app_name: context.app_name,
        grant_id: context.grant.id,
        grant_kind: context.grant.kind,
        project_id: context.grant.project_id,
        environment_id: context.grant.environment_id,
        scopes: context.grant.scopes,
    }))
}

/// An OAuth token passes when one of its scopes grants the route (see [`OAuthScope::grants`]); `403 ERR_AUTH_005`
/// otherwise. The user's role is checked on top, by the callers.
pub(super) fn check_oauth_scope(
    accepted: &[Scope],
    action: Action,
    read_only: bool,
    token: &OAuthPrincipal,
) -> Result<(), HttpError> {
    if accepted.is_empty() {
        return Err(HttpError(ApiError::with_message(
            ErrorCode::AuthForbidden,
            "This endpoint needs a dashboard sign-in, not an OAuth token",
        )));
    }
    if token.scopes.iter().any(|s| s.grants(action, accepted, read_only)) {
        return Ok(());
    }
    let names: Vec<&str> = accepted.iter().map(|s| s.as_str()).collect();
    Err(HttpError(ApiError::with_message(
        ErrorCode::AuthForbidden,
        format!("This OAuth token lacks the {} scope", names.join(" or ")),
    )))
}

/// The membership behind a user or OAuth caller, with the role check; `None` for API keys.
pub(super) async fn member_allowed(
    state: &AppState,
    user_id: &str,
    project_id: &str,
    action: Action,
    not_found: impl Fn() -> HttpError,
) -> Result<Member, HttpError> {
    let member = state.store.membership(project_id, user_id).await?.ok_or_else(not_found)?;
    if !member.role.allows(action) {
        return Err(HttpError(ApiError::new(ErrorCode::AuthForbidden)));
    }
    Ok(member)
}
