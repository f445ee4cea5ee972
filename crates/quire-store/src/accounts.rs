//! Users and their refresh-token sessions.

use async_trait::async_trait;
use quire_core::Timestamp;
use serde::Serialize;

use crate::StoreResult;
use crate::projects::{Environment, Project};

/// A dashboard user (never carries the password hash).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct User {
    pub id: String,
    pub email: String,
    pub name: String,
    pub created_at: Timestamp,
}

/// A user with the stored Argon2id hash, for login only.
#[derive(Debug, Clone)]
pub struct UserCredentials {
    pub user: User,
    pub password_hash: String,
}

/// A refresh-token session; only the token's digest is stored.
#[derive(Debug, Clone)]
pub struct Session {
    pub token_digest: String,
    pub user_id: String,
    pub expires_at: Timestamp,
    pub created_at: Timestamp,
}

/// Users and sessions.
#[async_trait]
pub trait AccountStore: Send + Sync {
    /// Number of users.
    async fn count_users(&self) -> StoreResult<i64>;
    /// Creates the user with a personal project and its first environment, atomically.
    /// A taken email is [`crate::StoreError::Conflict`].
    async fn create_user_with_project(
        &self,
        credentials: &UserCredentials,
        project: &Project,
        environment: &Environment,
        member_id: &str,
    ) -> StoreResult<()>;
    /// The user with this email (case-insensitive), with the password hash.
    async fn user_credentials(&self, email: &str) -> StoreResult<Option<UserCredentials>>;
    /// The user by id.
    async fn user(&self, id: &str) -> StoreResult<Option<User>>;
    /// Stores a new session.
    async fn create_session(&self, session: &Session) -> StoreResult<()>;
    /// Removes and returns the session with this digest (refresh tokens are single-use).
    async fn take_session(&self, token_digest: &str) -> StoreResult<Option<Session>>;
    /// Removes every session of a user (logout everywhere).
    async fn delete_sessions(&self, user_id: &str) -> StoreResult<()>;
}
