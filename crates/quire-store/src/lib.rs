//! Quire persistence: narrow async store traits and their SQLite (embedded) and PostgreSQL (many nodes)
//! implementations.
#![forbid(unsafe_code)]

pub mod accounts;
pub mod activity;
mod announcements;
pub mod api_keys;
pub mod copy;
pub mod error;
pub mod jobs;
pub mod oauth;
mod oauth_row_mappers;
pub mod postgres;
pub mod projects;
mod row_mappers;
pub mod signals;
pub mod signing_certificates;
pub mod sqlite;
mod template_row_mappers;
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
pub use oauth::{
    OAuthApp, OAuthClientType, OAuthCode, OAuthGrant, OAuthGrantKind, OAuthGrantView, OAuthStore, OAuthToken,
    OAuthTokenContext, OAuthTokenKind, RefreshOutcome,
};
pub use postgres::PostgresStore;
pub use projects::{
    Environment, Invitation, InvitationStatus, Member, MemberView, Project, ProjectStore, ProjectSummary,
};
pub use signals::StoreSignal;
pub use signing_certificates::{SigningCertificate, SigningCertificateStore};
pub use sqlite::SqliteStore;
pub use templates::{AssetRecord, DraftWrite, TemplateQuery, TemplateRecord, TemplateStore, TemplateVersion};
pub use webhooks::{
    AfterAttempt, DeliveryAttempt, DeliveryStatus, EventSubject, WebhookDelivery, WebhookEvent, WebhookStore,
    WebhookSubscription, WebhookSubscriptionPatch,
};

/// Result of a store call.
pub type StoreResult<T> = Result<T, StoreError>;

/// Everything the service persists, behind one object-safe trait.
#[async_trait::async_trait]
pub trait Repository:
    AccountStore
    + ProjectStore
    + ActivityStore
    + ApiKeyStore
    + JobStore
    + TemplateStore
    + WebhookStore
    + OAuthStore
    + SigningCertificateStore
    + Send
    + Sync
{
    /// Succeeds when the backing store answers.
    async fn ping(&self) -> StoreResult<()>;
    /// A named setting kept by the service itself (e.g. a generated signing secret).
    async fn setting(&self, name: &str) -> StoreResult<Option<String>>;
    /// Stores `value` under `name` unless a value exists; returns the value in force.
    async fn setting_insert_if_absent(&self, name: &str, value: &str) -> StoreResult<String>;
    /// Signals about writes by any process on the same database (new jobs, changed keys), from now on.
    /// `None` when the store has no such channel (SQLite: one process, nothing to hear); callers then rely on
    /// polling alone. A signal is a hint to look now, never the only way to find out: polling stays.
    async fn subscribe(&self) -> StoreResult<Option<tokio::sync::broadcast::Receiver<StoreSignal>>>;
    /// Closes connections.
    async fn close(&self);
}

/// The shared store handle.
pub type Store = Arc<dyn Repository>;

/// Opens the store named by `url` (`sqlite://…`, `postgres://…` or `postgresql://…`), running migrations.
pub async fn open(url: &str) -> StoreResult<Store> {
    if url.starts_with("sqlite:") {
        Ok(Arc::new(SqliteStore::open(url).await?))
    } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        Ok(Arc::new(PostgresStore::open(url).await?))
    } else {
        Err(StoreError::Config(format!(
            "unsupported database URL scheme {:?}: expected sqlite://, postgres:// or postgresql://",
            url.split(':').next().unwrap_or("")
        )))
    }
}
