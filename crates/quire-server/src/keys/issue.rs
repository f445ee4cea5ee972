//! Minting keys: shared by the HTTP routes and the `quire keys` command.

use quire_core::ids::{new_id, prefix};
use quire_core::{ApiKeySecret, Scope, Timestamp};
use quire_store::{ApiKeyRecord, ApiKeyStatus, Store, StoreResult};

/// What a new key gets.
#[derive(Debug, Clone)]
pub struct NewKey {
    pub project_id: String,
    pub environment_id: String,
    pub name: String,
    pub scopes: Vec<Scope>,
    pub expires_at: Option<Timestamp>,
    pub rate_limit_per_minute: Option<i64>,
    /// Documents per calendar month (UTC); `None`: no quota.
    pub monthly_document_quota: Option<i64>,
    /// User id (or `cli`) that made it.
    pub created_by: String,
}

/// A fresh record for `new` with a new secret; nothing is stored yet.
pub fn mint(new: &NewKey, now: Timestamp) -> (ApiKeySecret, ApiKeyRecord) {
    let secret = ApiKeySecret::generate();
    let record = ApiKeyRecord {
        id: new_id(prefix::API_KEY),
        digest: secret.digest().to_hex(),
        prefix: secret.display_prefix(),
        name: new.name.clone(),
        project_id: new.project_id.clone(),
        environment_id: new.environment_id.clone(),
        scopes: new.scopes.clone(),
        status: ApiKeyStatus::Active,
        expires_at: new.expires_at,
        rate_limit_per_minute: new.rate_limit_per_minute,
        monthly_document_quota: new.monthly_document_quota,
        created_by: new.created_by.clone(),
        created_at: now,
        updated_at: now,
        last_used_at: None,
        total_requests: 0,
        rotated_to: None,
        rotated_from: None,
        grace_until: None,
    };
    (secret, record)
}

/// Mints and stores a key; the secret is returned once and never kept.
pub async fn create_key(store: &Store, new: &NewKey) -> StoreResult<(ApiKeySecret, ApiKeyRecord)> {
    let (secret, record) = mint(new, Timestamp::now());
    store.create_api_key(&record).await?;
    Ok((secret, record))
}
