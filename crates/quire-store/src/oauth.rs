//! OAuth 2.1 records (API.md §10): apps, single-use authorization codes, grants and their tokens (digests only).

use async_trait::async_trait;
use quire_core::{OAuthScope, Timestamp};

use crate::StoreResult;

/// Whether an app can keep a secret (RFC 6749 §2.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OAuthClientType {
    /// A native or browser app: no secret, PKCE only.
    Public,
    /// A server-side app holding a secret.
    Confidential,
}

impl OAuthClientType {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            OAuthClientType::Public => "public",
            OAuthClientType::Confidential => "confidential",
        }
    }

    /// From the stored name; anything unknown is public (it then has no secret to authenticate with).
    pub fn parse(text: &str) -> Self {
        if text == "confidential" { OAuthClientType::Confidential } else { OAuthClientType::Public }
    }
}

/// A registered app (an OAuth client) of a project.
#[derive(Debug, Clone, PartialEq)]
pub struct OAuthApp {
    /// The `client_id`.
    pub id: String,
    pub project_id: String,
    pub name: String,
    pub redirect_uris: Vec<String>,
    pub client_type: OAuthClientType,
    /// Hex SHA-256 of the `ocs_` secret (confidential apps).
    pub secret_digest: Option<String>,
    /// The scopes the app may ask for.
    pub scopes: Vec<OAuthScope>,
    /// The environment of client-credentials tokens (`None`: the app may not use that grant).
    pub credentials_environment_id: Option<String>,
    /// The user who registered it.
    pub created_by: String,
    pub created_at: Timestamp,
}

/// An authorization code waiting to be exchanged (single use, short-lived).
#[derive(Debug, Clone, PartialEq)]
pub struct OAuthCode {
    /// Hex SHA-256 of the `oac_` code.
    pub digest: String,
    pub app_id: String,
    pub user_id: String,
    pub environment_id: String,
    pub redirect_uri: String,
    pub scopes: Vec<OAuthScope>,
    /// PKCE S256 challenge.
    pub code_challenge: String,
    pub created_at: Timestamp,
    pub expires_at: Timestamp,
}

/// How a grant came about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OAuthGrantKind {
    /// A user allowed the app on the consent page.
    AuthorizationCode,
    /// A confidential app authenticated as itself.
    ClientCredentials,
}

impl OAuthGrantKind {
    /// The stored name (also the RFC 6749 grant type).
    pub fn as_str(self) -> &'static str {
        match self {
            OAuthGrantKind::AuthorizationCode => "authorization_code",
            OAuthGrantKind::ClientCredentials => "client_credentials",
        }
    }

    /// From the stored name.
    pub fn parse(text: &str) -> Self {
        if text == "client_credentials" { OAuthGrantKind::ClientCredentials } else { OAuthGrantKind::AuthorizationCode }
    }
}

/// What a user allowed an app in one environment; revoking it ends every token issued under it.
#[derive(Debug, Clone, PartialEq)]
pub struct OAuthGrant {
    pub id: String,
    pub app_id: String,
    pub project_id: String,
    pub environment_id: String,
    /// The user the app acts for (client credentials: the user who registered the app).
    pub user_id: String,
    pub kind: OAuthGrantKind,
    pub scopes: Vec<OAuthScope>,
    pub created_at: Timestamp,
    pub revoked_at: Option<Timestamp>,
}

/// Access or refresh.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OAuthTokenKind {
    Access,
    Refresh,
}

impl OAuthTokenKind {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            OAuthTokenKind::Access => "access",
            OAuthTokenKind::Refresh => "refresh",
        }
    }

    /// From the stored name.
    pub fn parse(text: &str) -> Self {
        if text == "refresh" { OAuthTokenKind::Refresh } else { OAuthTokenKind::Access }
    }
}

/// A token of a grant, by digest.
#[derive(Debug, Clone, PartialEq)]
pub struct OAuthToken {
    /// Hex SHA-256 of the `oat_`/`ort_` token.
    pub digest: String,
    pub kind: OAuthTokenKind,
    pub grant_id: String,
    pub created_at: Timestamp,
    pub expires_at: Timestamp,
    pub revoked_at: Option<Timestamp>,
    /// A refresh token already exchanged.
    pub rotated_at: Option<Timestamp>,
}

/// A token with its grant and its app's name: what authentication and introspection need.
#[derive(Debug, Clone, PartialEq)]
pub struct OAuthTokenContext {
    pub token: OAuthToken,
    pub grant: OAuthGrant,
    pub app_name: String,
}

impl OAuthTokenContext {
    /// Usable at `now`: neither the token nor its grant revoked, not expired, not rotated.
    pub fn is_active(&self, now: Timestamp) -> bool {
        self.token.revoked_at.is_none()
            && self.grant.revoked_at.is_none()
            && self.token.rotated_at.is_none()
            && self.token.expires_at > now
    }
}

/// The outcome of presenting a refresh token.
#[derive(Debug, Clone, PartialEq)]
pub enum RefreshOutcome {
    /// Exchanged: the new tokens are stored under this grant.
    Rotated(OAuthGrant),
    /// Already exchanged once: the whole grant is now revoked.
    Reused,
    /// Unknown, expired, revoked, or of a revoked grant, or of another app.
    Invalid,
}

/// A grant with its app, for the dashboard's lists.
#[derive(Debug, Clone, PartialEq)]
pub struct OAuthGrantView {
    pub grant: OAuthGrant,
    pub app: OAuthApp,
}

/// OAuth apps, codes, grants and tokens.
#[async_trait]
pub trait OAuthStore: Send + Sync {
    /// Registers an app.
    async fn create_oauth_app(&self, app: &OAuthApp) -> StoreResult<()>;
    /// An app by `client_id`.
    async fn oauth_app(&self, id: &str) -> StoreResult<Option<OAuthApp>>;
    /// The apps of a project, newest first.
    async fn oauth_apps(&self, project_id: &str) -> StoreResult<Vec<OAuthApp>>;
    /// Deletes an app of `project_id` with its grants and tokens.
    async fn delete_oauth_app(&self, project_id: &str, id: &str) -> StoreResult<()>;
    /// Stores an authorization code.
    async fn create_oauth_code(&self, code: &OAuthCode) -> StoreResult<()>;
    /// Takes the code with this digest out of the store (so it can be used once), expired or not.
    async fn take_oauth_code(&self, digest: &str) -> StoreResult<Option<OAuthCode>>;
    /// Stores a grant with its first tokens, atomically.
    async fn create_oauth_grant(&self, grant: &OAuthGrant, tokens: &[OAuthToken]) -> StoreResult<()>;
    /// The token with this digest, with its grant and app (whatever its state).
    async fn oauth_token(&self, digest: &str) -> StoreResult<Option<OAuthTokenContext>>;
    /// Exchanges the refresh token `digest` of app `app_id` for `successors` (stored under its grant),
    /// atomically: a second exchange of the same token revokes the grant.
    async fn rotate_oauth_refresh_token(
        &self,
        app_id: &str,
        digest: &str,
        successors: &[OAuthToken],
        now: Timestamp,
    ) -> StoreResult<RefreshOutcome>;
    /// Revokes one token (answers whether it existed).
    async fn revoke_oauth_token(&self, digest: &str, now: Timestamp) -> StoreResult<bool>;
    /// Revokes a grant and so every token under it (answers whether it was active).
    async fn revoke_oauth_grant(&self, grant_id: &str, now: Timestamp) -> StoreResult<bool>;
    /// A grant by id.
    async fn oauth_grant(&self, grant_id: &str) -> StoreResult<Option<OAuthGrant>>;
    /// The active grants a user gave, newest first.
    async fn oauth_grants_of_user(&self, user_id: &str) -> StoreResult<Vec<OAuthGrantView>>;
    /// The active grants to a project's apps, newest first.
    async fn oauth_grants_of_project(&self, project_id: &str) -> StoreResult<Vec<OAuthGrantView>>;
}
