//! API key records (digest only, never the secret) and their usage counters.

use async_trait::async_trait;
use quire_core::{Scope, Timestamp};
use serde::Serialize;

use crate::StoreResult;

/// Whether a key may be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ApiKeyStatus {
    Active,
    Revoked,
}

impl ApiKeyStatus {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            ApiKeyStatus::Active => "active",
            ApiKeyStatus::Revoked => "revoked",
        }
    }

    /// From the stored name; anything unknown counts as revoked (fail closed).
    pub fn parse(text: &str) -> Self {
        if text == "active" { ApiKeyStatus::Active } else { ApiKeyStatus::Revoked }
    }
}

/// A stored API key.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiKeyRecord {
    pub id: String,
    /// Lower-case hex SHA-256 of the whole key.
    pub digest: String,
    /// `fm_` + first 8 random characters.
    pub prefix: String,
    pub name: String,
    pub project_id: String,
    pub environment_id: String,
    pub scopes: Vec<Scope>,
    pub status: ApiKeyStatus,
    pub expires_at: Option<Timestamp>,
    /// Overrides the default per-key rate limit.
    pub rate_limit_per_minute: Option<i64>,
    /// Documents the key may generate per calendar month (UTC); `None`: no quota.
    pub monthly_document_quota: Option<i64>,
    pub created_by: String,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub last_used_at: Option<Timestamp>,
    pub total_requests: i64,
    /// Set on a key that was rotated: the id of its successor.
    pub rotated_to: Option<String>,
    /// Set on a key made by rotation: the id of its predecessor.
    pub rotated_from: Option<String>,
    /// A rotated-out key works until this time.
    pub grace_until: Option<Timestamp>,
}

/// Editable fields of a key; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct ApiKeyPatch {
    pub name: Option<String>,
    pub scopes: Option<Vec<Scope>>,
    pub expires_at: Option<Option<Timestamp>>,
    pub rate_limit_per_minute: Option<Option<i64>>,
    pub monthly_document_quota: Option<Option<i64>>,
    pub status: Option<ApiKeyStatus>,
}

/// Requests counted in memory for one key on one day, flushed in a batch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UsageDelta {
    pub key_id: String,
    /// UTC day, `YYYY-MM-DD`.
    pub day: String,
    pub requests: i64,
    pub status_2xx: i64,
    pub status_4xx: i64,
    pub status_5xx: i64,
    pub last_used_at: Timestamp,
}

/// A key's requests on one day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct KeyUsageDay {
    pub date: String,
    pub requests: i64,
    pub status_2xx: i64,
    pub status_4xx: i64,
    pub status_5xx: i64,
}

/// API keys.
#[async_trait]
pub trait ApiKeyStore: Send + Sync {
    /// Stores a new key.
    async fn create_api_key(&self, record: &ApiKeyRecord) -> StoreResult<()>;
    /// The key with this digest (the authentication lookup).
    async fn api_key_by_digest(&self, digest: &str) -> StoreResult<Option<ApiKeyRecord>>;
    /// A key by id.
    async fn api_key(&self, id: &str) -> StoreResult<Option<ApiKeyRecord>>;
    /// The keys of an environment, newest first.
    async fn api_keys(&self, environment_id: &str) -> StoreResult<Vec<ApiKeyRecord>>;
    /// Applies a patch and returns the updated record.
    async fn update_api_key(&self, id: &str, patch: &ApiKeyPatch, at: Timestamp) -> StoreResult<ApiKeyRecord>;
    /// Deletes a key for good.
    async fn delete_api_key(&self, id: &str) -> StoreResult<()>;
    /// Stores `successor` and marks `old_id` rotated, working until `grace_until`, atomically.
    async fn rotate_api_key(&self, old_id: &str, grace_until: Timestamp, successor: &ApiKeyRecord) -> StoreResult<()>;
    /// Adds counted usage in one transaction.
    async fn add_api_key_usage(&self, deltas: &[UsageDelta]) -> StoreResult<()>;
    /// Daily usage of a key between two days inclusive (`YYYY-MM-DD`).
    async fn api_key_usage(&self, key_id: &str, from_day: &str, to_day: &str) -> StoreResult<Vec<KeyUsageDay>>;
    /// The newest number of the key change feed (0 when nothing changed yet): where a follower starts.
    async fn api_key_change_head(&self) -> StoreResult<i64>;
    /// The digests (hex) of keys changed or deleted after change `after`, and the newest change number.
    async fn api_key_changes_since(&self, after: i64) -> StoreResult<(i64, Vec<String>)>;
    /// Forgets feed entries older than `before`; answers how many.
    async fn prune_api_key_changes(&self, before: Timestamp) -> StoreResult<u64>;
}
