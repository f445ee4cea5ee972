//! Cache of key records by digest, so an authenticated request on a cache hit does no IO.
//!
//! Every change to a key (revoke, rotate, update, delete) calls [`KeyCache::invalidate`]; the same call is
//! the place where a multi-node deployment will fan the invalidation out (Redis or Postgres NOTIFY).

use std::sync::Arc;
use std::time::Duration;

use quire_core::ApiKeyDigest;
use quire_store::{ApiKeyRecord, Store, StoreResult};

/// Bounded, time-limited cache of key records.
#[derive(Clone)]
pub struct KeyCache {
    records: moka::sync::Cache<[u8; 32], Arc<ApiKeyRecord>>,
}

impl std::fmt::Debug for KeyCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "KeyCache({} entries)", self.records.entry_count())
    }
}

impl KeyCache {
    /// A cache of at most `capacity` records, each kept at most `ttl`.
    pub fn new(capacity: u64, ttl: Duration) -> Self {
        Self { records: moka::sync::Cache::builder().max_capacity(capacity).time_to_live(ttl).build() }
    }

    /// The record for `digest`: from memory, else from the store (and then cached).
    pub async fn lookup(&self, store: &Store, digest: &ApiKeyDigest) -> StoreResult<Option<Arc<ApiKeyRecord>>> {
        if let Some(hit) = self.records.get(&digest.0) {
            return Ok(Some(hit));
        }
        let Some(record) = store.api_key_by_digest(&digest.to_hex()).await? else {
            return Ok(None);
        };
        let record = Arc::new(record);
        self.records.insert(digest.0, record.clone());
        Ok(Some(record))
    }

    /// The cached record, without falling back to the store (for benchmarks and tests).
    pub fn get(&self, digest: &ApiKeyDigest) -> Option<Arc<ApiKeyRecord>> {
        self.records.get(&digest.0)
    }

    /// Drops the record stored under `digest_hex` (the form kept in [`ApiKeyRecord::digest`]).
    pub fn invalidate(&self, digest_hex: &str) {
        if let Some(digest) = ApiKeyDigest::from_hex(digest_hex) {
            self.records.invalidate(&digest.0);
        }
    }
}
