//! SQLite: signing certificates (`crate::signing_certificates`), always filtered by project.

use async_trait::async_trait;
use quire_core::Timestamp;
use sqlx::sqlite::SqliteRow;

use super::SqliteStore;
use crate::signing_certificates::SigningCertificateStore;
use crate::{StoreError, StoreResult};

crate::signing_certificates::define_signing_certificate_mapper!(SqliteRow);

#[async_trait]
impl SigningCertificateStore for SqliteStore {
    async fn create_signing_certificate(&self, c: &SigningCertificate) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO signing_certificates (id, project_id, name, subject, issuer, serial, not_before, not_after, \
             sealed, created_at, created_by, revoked_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(&c.id)
        .bind(&c.project_id)
        .bind(&c.name)
        .bind(&c.subject)
        .bind(&c.issuer)
        .bind(&c.serial)
        .bind(c.not_before.as_millis())
        .bind(c.not_after.as_millis())
        .bind(&c.sealed)
        .bind(c.created_at.as_millis())
        .bind(&c.created_by)
        .bind(c.revoked_at.map(Timestamp::as_millis))
        .execute(self.pool())
        .await
        .map_err(StoreError::from_sqlx)?;
        Ok(())
    }

    async fn signing_certificates(
        &self,
        project_id: &str,
        offset: i64,
        limit: i64,
    ) -> StoreResult<(Vec<SigningCertificate>, i64)> {
        let total: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM signing_certificates WHERE project_id = ? AND revoked_at IS NULL")
                .bind(project_id)
                .fetch_one(self.pool())
                .await?;
        let rows = sqlx::query(
            "SELECT * FROM signing_certificates WHERE project_id = ? AND revoked_at IS NULL \
             ORDER BY created_at DESC, id LIMIT ? OFFSET ?",
        )
        .bind(project_id)
        .bind(limit)
        .bind(offset)
        .fetch_all(self.pool())
        .await?;
        Ok((rows.iter().map(signing_certificate).collect::<Result<_, _>>()?, total))
    }

    async fn signing_certificate(&self, project_id: &str, id: &str) -> StoreResult<Option<SigningCertificate>> {
        let row = sqlx::query("SELECT * FROM signing_certificates WHERE project_id = ? AND id = ?")
            .bind(project_id)
            .bind(id)
            .fetch_optional(self.pool())
            .await?;
        Ok(row.map(|r| signing_certificate(&r)).transpose()?)
    }

    async fn revoke_signing_certificate(&self, project_id: &str, id: &str, at: Timestamp) -> StoreResult<()> {
        let done = sqlx::query(
            "UPDATE signing_certificates SET revoked_at = ?, sealed = X'' \
             WHERE project_id = ? AND id = ? AND revoked_at IS NULL",
        )
        .bind(at.as_millis())
        .bind(project_id)
        .bind(id)
        .execute(self.pool())
        .await?;
        if done.rows_affected() == 0 { Err(StoreError::NotFound) } else { Ok(()) }
    }
}
