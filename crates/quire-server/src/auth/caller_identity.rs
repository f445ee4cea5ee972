//! What a caller is and may do, for handlers: its kind, user, key or OAuth token, project, environment and scopes,
//! and how it appears in the activity log.

use quire_core::{ApiError, ErrorCode, Scope};
use quire_store::{ActorType, ApiKeyRecord};

use super::caller::{Caller, Principal, UserPrincipal};
use super::oauth_bearer::OAuthPrincipal;
use crate::http::HttpError;

impl Caller {
    /// `jwt`, `api_key` or `oauth`.
    pub fn auth_type(&self) -> &'static str {
        match self.principal {
            Principal::User(_) => "jwt",
            Principal::ApiKey(_) => "api_key",
            Principal::OAuth(_) => "oauth",
        }
    }

    /// The dashboard user, when the caller is one (not an OAuth token acting for a user: dashboard-only
    /// endpoints stay closed to apps).
    pub fn user(&self) -> Option<&UserPrincipal> {
        match &self.principal {
            Principal::User(u) => Some(u),
            _ => None,
        }
    }

    /// The key, when the caller is one.
    pub fn api_key(&self) -> Option<&ApiKeyRecord> {
        match &self.principal {
            Principal::ApiKey(k) => Some(k),
            _ => None,
        }
    }

    /// The OAuth token's caller, when the caller is one.
    pub fn oauth(&self) -> Option<&OAuthPrincipal> {
        match &self.principal {
            Principal::OAuth(o) => Some(o),
            _ => None,
        }
    }

    /// The user, or `ERR_AUTH_005` for API keys (dashboard-only endpoints).
    pub fn require_user(&self) -> Result<&UserPrincipal, HttpError> {
        self.user().ok_or_else(|| {
            HttpError(ApiError::with_message(
                ErrorCode::AuthForbidden,
                "This endpoint needs a dashboard sign-in, not an API key",
            ))
        })
    }

    /// The project an API key or OAuth token belongs to (`None` for users, whose project comes from the route).
    pub fn project_id(&self) -> Option<&str> {
        match &self.principal {
            Principal::ApiKey(k) => Some(&k.project_id),
            Principal::OAuth(o) => Some(&o.project_id),
            Principal::User(_) => None,
        }
    }

    /// The environment of an API key or OAuth token: the only one it can see (`None` for users).
    pub fn environment_id(&self) -> Option<&str> {
        match &self.principal {
            Principal::ApiKey(k) => Some(&k.environment_id),
            Principal::OAuth(o) => Some(&o.environment_id),
            Principal::User(_) => None,
        }
    }

    /// Whether an API key or OAuth caller carries `scope` (users: always true; roles are checked elsewhere).
    pub fn has_scope(&self, scope: Scope) -> bool {
        match &self.principal {
            Principal::ApiKey(k) => k.scopes.contains(&scope),
            Principal::OAuth(o) => o.scopes.contains(&quire_core::OAuthScope::Key(scope)),
            Principal::User(_) => true,
        }
    }

    /// Id of the actor for the activity log (an OAuth token's app).
    pub fn actor_id(&self) -> &str {
        match &self.principal {
            Principal::User(u) => &u.id,
            Principal::ApiKey(k) => &k.id,
            Principal::OAuth(o) => &o.app_id,
        }
    }

    /// Human label of the actor (email, key name and prefix, or the app and its user); never a secret.
    pub fn actor_label(&self) -> String {
        match &self.principal {
            Principal::User(u) => u.email.clone(),
            Principal::ApiKey(k) => format!("{} ({}…)", k.name, k.prefix),
            Principal::OAuth(o) => format!("{} (OAuth app, for {})", o.app_name, o.user.email),
        }
    }

    /// Kind of actor for the activity log.
    pub fn actor_type(&self) -> ActorType {
        match self.principal {
            Principal::User(_) => ActorType::User,
            Principal::ApiKey(_) => ActorType::ApiKey,
            Principal::OAuth(_) => ActorType::OAuthApp,
        }
    }
}
