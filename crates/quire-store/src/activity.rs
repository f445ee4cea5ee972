//! The activity log: who did what, when, in a project. Never holds a secret.

use async_trait::async_trait;
use quire_core::Timestamp;
use serde::Serialize;

use crate::StoreResult;

/// Who acted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ActorType {
    User,
    ApiKey,
    /// An OAuth app acting for a user.
    #[serde(rename = "oauth_app")]
    OAuthApp,
    System,
}

impl ActorType {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            ActorType::User => "user",
            ActorType::ApiKey => "api_key",
            ActorType::OAuthApp => "oauth_app",
            ActorType::System => "system",
        }
    }

    /// From the stored name.
    pub fn parse(text: &str) -> Self {
        match text {
            "user" => ActorType::User,
            "api_key" => ActorType::ApiKey,
            "oauth_app" => ActorType::OAuthApp,
            _ => ActorType::System,
        }
    }
}

/// One entry of the log.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ActivityEntry {
    pub id: String,
    pub project_id: String,
    pub environment_id: Option<String>,
    pub actor_id: String,
    pub actor_type: ActorType,
    /// The actor's email or key name at the time.
    pub actor_label: String,
    /// e.g. `api_key.created`, `member.invited`, `template.published`.
    pub action: String,
    pub target_type: String,
    pub target_id: String,
    /// Non-secret details (e.g. a new role).
    pub details: Option<serde_json::Value>,
    pub created_at: Timestamp,
}

/// The activity log.
#[async_trait]
pub trait ActivityStore: Send + Sync {
    /// Appends an entry.
    async fn record_activity(&self, entry: &ActivityEntry) -> StoreResult<()>;
    /// Entries of a project, newest first, with the total count.
    async fn activity(&self, project_id: &str, offset: i64, limit: i64) -> StoreResult<(Vec<ActivityEntry>, i64)>;
}
