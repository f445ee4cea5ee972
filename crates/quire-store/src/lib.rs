//! Quire persistence: narrow async store traits and their SQLite implementation.
#![forbid(unsafe_code)]

pub mod accounts;
pub mod activity;
pub mod api_keys;
pub mod error;
pub mod jobs;
pub mod projects;
pub mod sqlite;
pub mod templates;
pub mod webhooks;

use std::sync::Arc;

pub use accounts::{AccountStore, Session, User, UserCredentials};
pub use activity::{ActivityEntry, ActivityStore, ActorType};
pub use api_keys::{ApiKeyPatch, ApiKeyRecord, ApiKeyStatus, ApiKeyStore, KeyUsageDay, UsageDelta};
pub use error::StoreError;
pub use jobs::{
    BatchCounts, BatchRecord, DocumentQuota, JobFilter, JobRecord, JobResult, JobStat, JobStatus, JobStore, QueueStats,
    QuotaScope,
};
pub use projects::{
    Environment, Invitation, InvitationStatus, Member, MemberView, Project, ProjectStore, ProjectSummary,
};
pub use sqlite::SqliteStore;
pub use templates::{AssetRecord, DraftWrite, TemplateQuery, TemplateRecord, TemplateStore, TemplateVersion};
pub use webhooks::{
    AfterAttempt, DeliveryAttempt, DeliveryStatus, WebhookDelivery, WebhookEvent, WebhookStore, WebhookSubscription,
    WebhookSubscriptionPatch,
};

/// Result of a store call.
pub type StoreResult<T> = Result<T, StoreError>;

/// Everything the service persists, behind one object-safe trait.
#[async_trait::async_trait]
pub trait Repository:
    AccountStore + ProjectStore + ActivityStore + ApiKeyStore + JobStore + TemplateStore + WebhookStore + Send + Sync
{
    /// Succeeds when the backing store answers.
    async fn ping(&self) -> StoreResult<()>;
    /// A named setting kept by the service itself (e.g. a generated signing secret).
    async fn setting(&self, name: &str) -> StoreResult<Option<String>>;
    /// Stores `value` under `name` unless a value exists; returns the value in force.
    async fn setting_insert_if_absent(&self, name: &str, value: &str) -> StoreResult<String>;
    /// Closes connections.
    async fn close(&self);
}

/// The shared store handle.
pub type Store = Arc<dyn Repository>;

/// Opens the store named by `url` (`sqlite://…`), running migrations.
pub async fn open(url: &str) -> StoreResult<Store> {
    if url.starts_with("sqlite:") {
        Ok(Arc::new(SqliteStore::open(url).await?))
    } else {
        Err(StoreError::Config(format!(
            "unsupported database URL scheme in {:?}: expected sqlite://",
            url.split(':').next().unwrap_or("")
        )))
    }
}
