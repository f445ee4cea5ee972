//! Signing certificates of a project (API.md §12): what was read from the uploaded PKCS#12 file, and the file
//! with its password sealed (encrypted by the service; the store never sees them in clear).

use async_trait::async_trait;
use quire_core::Timestamp;

use crate::StoreResult;

/// One uploaded certificate. `Debug` shows the size of the sealed bytes, never the bytes.
#[derive(Clone, PartialEq)]
pub struct SigningCertificate {
    /// `cert_…`.
    pub id: String,
    pub project_id: String,
    pub name: String,
    /// RFC 4514 subject of the certificate (`CN=…,O=…,C=…`).
    pub subject: String,
    pub issuer: String,
    /// The serial number as lower-case hex.
    pub serial: String,
    pub not_before: Timestamp,
    pub not_after: Timestamp,
    /// The PKCS#12 file and its password, sealed by the service; empty once revoked.
    pub sealed: Vec<u8>,
    pub created_at: Timestamp,
    /// The actor (user or API key) who uploaded it.
    pub created_by: Option<String>,
    /// When it was revoked (its key material is then gone).
    pub revoked_at: Option<Timestamp>,
}

impl std::fmt::Debug for SigningCertificate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SigningCertificate")
            .field("id", &self.id)
            .field("project_id", &self.project_id)
            .field("name", &self.name)
            .field("subject", &self.subject)
            .field("serial", &self.serial)
            .field("not_after", &self.not_after)
            .field("sealed", &format_args!("<{} bytes>", self.sealed.len()))
            .field("revoked_at", &self.revoked_at)
            .finish_non_exhaustive()
    }
}

/// Signing certificates, every call scoped to one project.
#[async_trait]
pub trait SigningCertificateStore: Send + Sync {
    /// Stores a new certificate.
    async fn create_signing_certificate(&self, certificate: &SigningCertificate) -> StoreResult<()>;
    /// The project's certificates that are not revoked, newest first, with their total count.
    async fn signing_certificates(
        &self,
        project_id: &str,
        offset: i64,
        limit: i64,
    ) -> StoreResult<(Vec<SigningCertificate>, i64)>;
    /// One certificate of the project, revoked ones included (so signing can say it was revoked).
    async fn signing_certificate(&self, project_id: &str, id: &str) -> StoreResult<Option<SigningCertificate>>;
    /// Marks the certificate revoked at `at` and wipes its sealed key material. [`crate::StoreError::NotFound`]
    /// when the project has no such certificate or it is already revoked.
    async fn revoke_signing_certificate(&self, project_id: &str, id: &str, at: Timestamp) -> StoreResult<()>;
}

/// Defines `signing_certificate`, the row mapper of the row type `$row`, reading timestamps with the backend's
/// `ts` and `opt_ts`.
macro_rules! define_signing_certificate_mapper {
    ($row:ty) => {
        use sqlx::Row;

        use crate::signing_certificates::SigningCertificate;

        fn signing_certificate(row: &$row) -> Result<SigningCertificate, sqlx::Error> {
            Ok(SigningCertificate {
                id: row.try_get("id")?,
                project_id: row.try_get("project_id")?,
                name: row.try_get("name")?,
                subject: row.try_get("subject")?,
                issuer: row.try_get("issuer")?,
                serial: row.try_get("serial")?,
                not_before: super::rows::ts(row, "not_before")?,
                not_after: super::rows::ts(row, "not_after")?,
                sealed: row.try_get("sealed")?,
                created_at: super::rows::ts(row, "created_at")?,
                created_by: row.try_get("created_by")?,
                revoked_at: super::rows::opt_ts(row, "revoked_at")?,
            })
        }
    };
}

pub(crate) use define_signing_certificate_mapper;
