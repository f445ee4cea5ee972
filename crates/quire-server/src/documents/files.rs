//! Where finished documents live: an `object_store` — a local folder by default, an S3 bucket (AWS or any
//! S3-compatible service) when `QUIRE_S3_BUCKET` is set, so every node serves every node's files.

use std::sync::Arc;

use bytes::Bytes;
use object_store::aws::AmazonS3Builder;
use object_store::local::LocalFileSystem;
use object_store::path::Path;
use object_store::prefix::PrefixStore;
use object_store::{ObjectStore, ObjectStoreExt, PutPayload};

use crate::config::S3Config;

/// The document file store.
#[derive(Clone)]
pub struct FileStore {
    inner: Arc<dyn ObjectStore>,
}

impl std::fmt::Debug for FileStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "FileStore({})", self.inner)
    }
}

impl FileStore {
    /// Files under `folder` (created if missing).
    pub fn local(folder: &std::path::Path) -> anyhow::Result<Self> {
        std::fs::create_dir_all(folder)?;
        Ok(Self { inner: Arc::new(LocalFileSystem::new_with_prefix(folder)?) })
    }

    /// Files in an S3 bucket; checked at once by writing and deleting a probe object, so a wrong bucket,
    /// endpoint or credentials stop the start with a message instead of failing the first job.
    pub async fn s3(config: &S3Config) -> anyhow::Result<Self> {
        let mut builder = AmazonS3Builder::from_env().with_bucket_name(&config.bucket).with_region(&config.region);
        if let Some(endpoint) = &config.endpoint {
            builder = builder.with_endpoint(endpoint).with_allow_http(endpoint.starts_with("http://"));
        }
        if let (Some(id), Some(secret)) = (&config.access_key_id, &config.secret_access_key) {
            builder = builder.with_access_key_id(id).with_secret_access_key(secret);
        }
        let bucket: Arc<dyn ObjectStore> = Arc::new(builder.build()?);
        let inner: Arc<dyn ObjectStore> = match config.prefix.as_deref().filter(|p| !p.is_empty()) {
            Some(prefix) => Arc::new(PrefixStore::new(bucket, prefix)),
            None => bucket,
        };
        let store = Self { inner };
        let probe = format!("quire-probe-{}", quire_core::base62::random_string(12));
        let reach =
            |e: anyhow::Error| anyhow::anyhow!("QUIRE_S3_BUCKET {:?}: cannot write to the bucket: {e}", config.bucket);
        store.put(&probe, b"ok".to_vec()).await.map_err(reach)?;
        store.delete(&probe).await.map_err(reach)?;
        Ok(store)
    }

    /// Whether the store answers (for `/ready`): a listing under a prefix that need not exist (a missing
    /// bucket fails it, where a read of a missing key could not tell the two apart).
    pub async fn ready(&self) -> anyhow::Result<()> {
        self.inner.list_with_delimiter(Some(&Path::from("quire-ready-probe"))).await?;
        Ok(())
    }

    /// Stores `bytes` under `key`.
    pub async fn put(&self, key: &str, bytes: Vec<u8>) -> anyhow::Result<()> {
        self.inner.put(&Path::from(key), PutPayload::from(bytes)).await.inspect_err(|_| counted_failure("put"))?;
        Ok(())
    }

    /// The bytes under `key`; `None` when absent.
    pub async fn get(&self, key: &str) -> anyhow::Result<Option<Bytes>> {
        match self.inner.get(&Path::from(key)).await {
            Ok(found) => Ok(Some(found.bytes().await.inspect_err(|_| counted_failure("get"))?)),
            Err(object_store::Error::NotFound { .. }) => Ok(None),
            Err(e) => {
                counted_failure("get");
                Err(e.into())
            }
        }
    }

    /// Deletes `key`; a missing file is fine.
    pub async fn delete(&self, key: &str) -> anyhow::Result<()> {
        match self.inner.delete(&Path::from(key)).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(e) => {
                counted_failure("delete");
                Err(e.into())
            }
        }
    }
}

fn counted_failure(operation: &'static str) {
    crate::metrics::metrics().file_store_error(operation);
}
