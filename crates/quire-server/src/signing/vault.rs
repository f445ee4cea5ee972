//! The vault of signing keys: seals uploaded PKCS#12 files, and opens them for renders, keeping the opened signers
//! in memory for [`SIGNER_CACHE_TTL`] because reading a PKCS#12 file costs milliseconds.

use std::sync::Arc;
use std::time::Duration;

use quire_pdf_post::Signer;
use quire_store::SigningCertificate;

use super::sealing::{SealError, Sealer};
use crate::config::EncryptionKey;

/// How long an opened signer stays in memory. A revoke drops it at once on the node that revoked; other nodes keep
/// their copy at most this long, but never use it: every signing reads the certificate's row first.
pub const SIGNER_CACHE_TTL: Duration = Duration::from_secs(60);
/// Most opened signers kept at once.
const SIGNER_CACHE_CAPACITY: u64 = 1_000;

/// Why a stored certificate could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error("{0}")]
    Sealed(#[from] SealError),
    #[error("the stored PKCS#12 file no longer reads: {0}")]
    Unreadable(quire_pdf_post::PostError),
    #[error("the opening task failed: {0}")]
    Task(String),
}

/// Seals with the server's encryption key and caches opened signers by certificate id.
#[derive(Clone)]
pub struct CertificateVault {
    sealer: Sealer,
    signers: moka::sync::Cache<String, Arc<Signer>>,
}

impl std::fmt::Debug for CertificateVault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CertificateVault").field("cached", &self.signers.entry_count()).finish_non_exhaustive()
    }
}

impl CertificateVault {
    /// A vault with `key` and an empty cache.
    pub fn new(key: &EncryptionKey) -> Self {
        let signers =
            moka::sync::Cache::builder().max_capacity(SIGNER_CACHE_CAPACITY).time_to_live(SIGNER_CACHE_TTL).build();
        Self { sealer: Sealer::new(key), signers }
    }

    /// Seals a PKCS#12 file and its password for the record `record_id`.
    pub fn seal(&self, record_id: &str, pkcs12: &[u8], password: &str) -> Result<Vec<u8>, SealError> {
        self.sealer.seal(record_id, pkcs12, password)
    }

    /// The signer of a stored certificate: from the cache, else opened (on a blocking thread) and cached. The
    /// caller has checked that the certificate may be used.
    pub async fn signer(&self, certificate: &SigningCertificate) -> Result<Arc<Signer>, OpenError> {
        if let Some(signer) = self.signers.get(&certificate.id) {
            return Ok(signer);
        }
        let (sealer, signers) = (self.sealer.clone(), self.signers.clone());
        let (id, sealed) = (certificate.id.clone(), certificate.sealed.clone());
        tokio::task::spawn_blocking(move || {
            // Concurrent first uses of one certificate open it once.
            signers.try_get_with(id.clone(), || {
                let opened = sealer.unseal(&id, &sealed)?;
                let signer = Signer::from_pkcs12(&opened.pkcs12, &opened.password).map_err(OpenError::Unreadable)?;
                Ok::<_, OpenError>(Arc::new(signer))
            })
        })
        .await
        .map_err(|e| OpenError::Task(e.to_string()))?
        .map_err(|e| match Arc::try_unwrap(e) {
            Ok(error) => error,
            Err(shared) => OpenError::Task(shared.to_string()),
        })
    }

    /// Drops the cached signer of `id` on this node (after a revoke).
    pub fn forget(&self, id: &str) {
        self.signers.invalidate(id);
    }

    /// Whether this node holds an opened signer of `id` (for tests of the cache).
    pub fn is_cached(&self, id: &str) -> bool {
        self.signers.contains_key(id)
    }
}
