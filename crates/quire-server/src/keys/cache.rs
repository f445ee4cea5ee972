//! Cache of key records by digest, so an authenticated request on a cache hit does no IO.
//!
//! Every change to a key (revoke, rotate, update, delete) calls [`KeyCache::invalidate`], which drops the
//! local entry and hands the digest to an [`InvalidationFanout`]. A single node uses [`LocalOnly`]; a
//! multi-node deployment plugs in a Redis or Postgres NOTIFY publisher whose subscribers call
//! [`KeyCache::invalidate_local`] on every other node.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use quire_core::ApiKeyDigest;
use quire_store::{ApiKeyRecord, Store, StoreResult};
use subtle::ConstantTimeEq;

/// Carries an invalidation to the other nodes of a deployment.
pub trait InvalidationFanout: Send + Sync {
    /// Tells every other node to drop the record stored under `digest_hex`.
    fn publish(&self, digest_hex: &str);
}

/// One node: nothing to tell anyone.
#[derive(Debug, Default, Clone, Copy)]
pub struct LocalOnly;

impl InvalidationFanout for LocalOnly {
    fn publish(&self, _digest_hex: &str) {}
}

/// Display names of the project and environment a key belongs to (`None` when gone).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlaceNames {
    pub project: Option<String>,
    pub environment: Option<String>,
}

/// Bounded, time-limited cache of key records (and the names of the places keys belong to).
#[derive(Clone)]
pub struct KeyCache {
    records: moka::sync::Cache<[u8; 32], Arc<ApiKeyRecord>>,
    /// By environment id; renames show after at most the TTL, or at once via [`KeyCache::forget_place_names`].
    places: moka::sync::Cache<String, Arc<PlaceNames>>,
    /// Bumped by every invalidation; a fill that raced with one is thrown away (see [`KeyCache::lookup`]).
    generation: Arc<AtomicU64>,
    fanout: Arc<dyn InvalidationFanout>,
}

impl std::fmt::Debug for KeyCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "KeyCache({} entries)", self.records.entry_count())
    }
}

impl KeyCache {
    /// A single-node cache of at most `capacity` records, each kept at most `ttl`.
    pub fn new(capacity: u64, ttl: Duration) -> Self {
        Self::with_fanout(capacity, ttl, Arc::new(LocalOnly))
    }

    /// A cache whose invalidations are also published through `fanout`.
    pub fn with_fanout(capacity: u64, ttl: Duration, fanout: Arc<dyn InvalidationFanout>) -> Self {
        Self {
            records: moka::sync::Cache::builder().max_capacity(capacity).time_to_live(ttl).build(),
            places: moka::sync::Cache::builder().max_capacity(capacity).time_to_live(ttl).build(),
            generation: Arc::new(AtomicU64::new(0)),
            fanout,
        }
    }

    /// The record for `digest`: from memory, else from the store (and then cached).
    ///
    /// A store read can race with a revoke: the read sees the old row, the revoke drops the (absent)
    /// entry, then the read caches the old row. The generation check after inserting removes such an
    /// entry, so a revoked key is refused on the very next request.
    pub async fn lookup(&self, store: &Store, digest: &ApiKeyDigest) -> StoreResult<Option<Arc<ApiKeyRecord>>> {
        if let Some(hit) = self.get(digest) {
            return Ok(Some(hit));
        }
        let before = self.generation.load(Ordering::SeqCst);
        let Some(record) = store.api_key_by_digest(&digest.to_hex()).await? else {
            return Ok(None);
        };
        let record = Arc::new(record);
        self.records.insert(digest.0, record.clone());
        if self.generation.load(Ordering::SeqCst) != before {
            self.records.invalidate(&digest.0);
        }
        Ok(Some(record))
    }

    /// The cached record, without falling back to the store. The stored digest is compared with the
    /// presented one in constant time before the record is handed out.
    pub fn get(&self, digest: &ApiKeyDigest) -> Option<Arc<ApiKeyRecord>> {
        self.records.get(&digest.0).filter(|record| digest_matches(record, digest))
    }

    /// Drops the record stored under `digest_hex` (the form kept in [`ApiKeyRecord::digest`]) here and,
    /// through the fan-out, on every other node.
    pub fn invalidate(&self, digest_hex: &str) {
        self.invalidate_local(digest_hex);
        self.fanout.publish(digest_hex);
    }

    /// Drops the record on this node only: what a node does when another node's invalidation arrives.
    pub fn invalidate_local(&self, digest_hex: &str) {
        self.generation.fetch_add(1, Ordering::SeqCst);
        if let Some(digest) = ApiKeyDigest::from_hex(digest_hex) {
            self.records.invalidate(&digest.0);
        }
    }

    /// The names of `record`'s project and environment: from memory, else from the store (two reads),
    /// so answers that show them (`/api/auth/verify`) do no IO on the hot path either.
    pub async fn place_names(&self, store: &Store, record: &ApiKeyRecord) -> StoreResult<Arc<PlaceNames>> {
        if let Some(hit) = self.places.get(&record.environment_id) {
            return Ok(hit);
        }
        let project = store.project(&record.project_id).await?.map(|p| p.name);
        let environment = store.environment(&record.environment_id).await?.map(|e| e.name);
        let names = Arc::new(PlaceNames { project, environment });
        self.places.insert(record.environment_id.clone(), names.clone());
        Ok(names)
    }

    /// Drops every cached name: call after renaming a project or an environment (rare, so all at once).
    pub fn forget_place_names(&self) {
        self.places.invalidate_all();
    }

    /// Records currently cached (approximate; moka counts lazily).
    pub fn len(&self) -> u64 {
        self.records.run_pending_tasks();
        self.records.entry_count()
    }

    /// True when nothing is cached.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The record's stored digest equals the presented one (constant time).
fn digest_matches(record: &ApiKeyRecord, digest: &ApiKeyDigest) -> bool {
    let presented = digest.to_hex();
    bool::from(record.digest.as_bytes().ct_eq(presented.as_bytes()))
}
