//! SQLite: the job queue (leases in one UPDATE … RETURNING, which SQLite runs atomically) and batches.

use async_trait::async_trait;
use quire_core::Timestamp;
use sqlx::Row;
use sqlx::sqlite::SqliteRow;

use super::SqliteStore;
use super::rows::{opt_ts, ts};
use crate::jobs::{
    BatchCounts, BatchRecord, DocumentQuota, JobFilter, JobRecord, JobResult, JobStat, JobStatus, JobStore, QueueStats,
    QuotaScope,
};
use crate::{StoreError, StoreResult};

pub(super) fn job(row: &SqliteRow) -> Result<JobRecord, sqlx::Error> {
    let status: String = row.try_get("status")?;
    Ok(JobRecord {
        id: row.try_get("id")?,
        project_id: row.try_get("project_id")?,
        environment_id: row.try_get("environment_id")?,
        template_id: row.try_get("template_id")?,
        template_name: row.try_get("template_name")?,
        template_version: row.try_get("template_version")?,
        template_snapshot: row.try_get("template_snapshot")?,
        format: row.try_get("format")?,
        status: JobStatus::parse(&status)
            .ok_or_else(|| sqlx::Error::Decode(format!("job status {status:?}").into()))?,
        variables: row.try_get("variables")?,
        filename: row.try_get("filename")?,
        metadata: row.try_get("metadata")?,
        webhook_url: row.try_get("webhook_url")?,
        webhook_secret: row.try_get("webhook_secret")?,
        batch_id: row.try_get("batch_id")?,
        idempotency_key: row.try_get("idempotency_key")?,
        request_hash: row.try_get("request_hash")?,
        created_by: row.try_get("created_by")?,
        attempts: row.try_get("attempts")?,
        max_attempts: row.try_get("max_attempts")?,
        lease_owner: row.try_get("lease_owner")?,
        lease_until: opt_ts(row, "lease_until")?,
        file_key: row.try_get("file_key")?,
        file_size: row.try_get("file_size")?,
        page_count: row.try_get("page_count")?,
        content_type: row.try_get("content_type")?,
        render_ms: row.try_get("render_ms")?,
        error_code: row.try_get("error_code")?,
        error_message: row.try_get("error_message")?,
        retried_from: row.try_get("retried_from")?,
        created_at: ts(row, "created_at")?,
        processing_at: opt_ts(row, "processing_at")?,
        completed_at: opt_ts(row, "completed_at")?,
        expires_at: opt_ts(row, "expires_at")?,
        file_deleted_at: opt_ts(row, "file_deleted_at")?,
        trace_parent: row.try_get("trace_parent")?,
        pdf_secrets: row.try_get("pdf_secrets")?,
    })
}

pub(super) fn batch(row: &SqliteRow) -> Result<BatchRecord, sqlx::Error> {
    Ok(BatchRecord {
        id: row.try_get("id")?,
        project_id: row.try_get("project_id")?,
        environment_id: row.try_get("environment_id")?,
        template_id: row.try_get("template_id")?,
        template_name: row.try_get("template_name")?,
        format: row.try_get("format")?,
        total_jobs: row.try_get("total_jobs")?,
        metadata: row.try_get("metadata")?,
        created_at: ts(row, "created_at")?,
        completed_at: opt_ts(row, "completed_at")?,
    })
}

/// Inside a write transaction: refuses `adding` more documents when they would go over one of `quotas`.
async fn check_quotas(
    tx: &mut sqlx::Transaction<'static, sqlx::Sqlite>,
    quotas: &[DocumentQuota],
    adding: i64,
) -> StoreResult<()> {
    for quota in quotas {
        let since = quota.since.as_millis();
        let used: i64 = match &quota.scope {
            QuotaScope::Creators(creators) => {
                let creators = serde_json::to_string(creators).map_err(|e| StoreError::Config(e.to_string()))?;
                sqlx::query_scalar(
                    "SELECT (SELECT COUNT(*) FROM jobs WHERE created_by IN (SELECT value FROM json_each(?1)) \
                     AND created_at >= ?2) + (SELECT COUNT(*) FROM document_renders WHERE created_by IN \
                     (SELECT value FROM json_each(?1)) AND created_at >= ?2)",
                )
                .bind(creators)
                .bind(since)
                .fetch_one(&mut **tx)
                .await?
            }
            QuotaScope::Environment(environment_id) => {
                sqlx::query_scalar(
                    "SELECT (SELECT COUNT(*) FROM jobs WHERE environment_id = ?1 AND created_at >= ?2) \
                     + (SELECT COUNT(*) FROM document_renders WHERE environment_id = ?1 AND created_at >= ?2)",
                )
                .bind(environment_id)
                .bind(since)
                .fetch_one(&mut **tx)
                .await?
            }
        };
        if used + adding > quota.limit {
            let environment = matches!(quota.scope, QuotaScope::Environment(_));
            return Err(StoreError::QuotaExceeded { used, limit: quota.limit, environment });
        }
    }
    Ok(())
}

async fn insert_job<'e, E: sqlx::Executor<'e, Database = sqlx::Sqlite>>(
    executor: E,
    j: &JobRecord,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO jobs (id, project_id, environment_id, template_id, template_name, template_version, \
         template_snapshot, format, status, variables, filename, metadata, webhook_url, webhook_secret, batch_id, \
         idempotency_key, request_hash, created_by, attempts, max_attempts, retried_from, created_at, \
         trace_parent, pdf_secrets) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(&j.id)
    .bind(&j.project_id)
    .bind(&j.environment_id)
    .bind(&j.template_id)
    .bind(&j.template_name)
    .bind(j.template_version)
    .bind(&j.template_snapshot)
    .bind(&j.format)
    .bind(j.status.as_str())
    .bind(&j.variables)
    .bind(&j.filename)
    .bind(&j.metadata)
    .bind(&j.webhook_url)
    .bind(&j.webhook_secret)
    .bind(&j.batch_id)
    .bind(&j.idempotency_key)
    .bind(&j.request_hash)
    .bind(&j.created_by)
    .bind(j.attempts)
    .bind(j.max_attempts)
    .bind(&j.retried_from)
    .bind(j.created_at.as_millis())
    .bind(&j.trace_parent)
    .bind(&j.pdf_secrets)
    .execute(executor)
    .await?;
    Ok(())
}

#[async_trait]
impl JobStore for SqliteStore {
    async fn enqueue_job(&self, j: &JobRecord, quotas: &[DocumentQuota]) -> StoreResult<JobRecord> {
        let mut tx = self.begin_write().await?;
        if j.idempotency_key.is_some() {
            // A replay answers the job it made, even with the quota used up since.
            let existing = sqlx::query("SELECT * FROM jobs WHERE environment_id = ? AND idempotency_key = ?")
                .bind(&j.environment_id)
                .bind(&j.idempotency_key)
                .fetch_optional(&mut *tx)
                .await?;
            if let Some(row) = existing {
                return Ok(job(&row)?);
            }
        }
        check_quotas(&mut tx, quotas, 1).await?;
        insert_job(&mut *tx, j).await.map_err(StoreError::from_sqlx)?;
        tx.commit().await?;
        Ok(j.clone())
    }

    async fn enqueue_batch(&self, b: &BatchRecord, jobs: &[JobRecord], quotas: &[DocumentQuota]) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        check_quotas(&mut tx, quotas, jobs.len() as i64).await?;
        sqlx::query(
            "INSERT INTO batches (id, project_id, environment_id, template_id, template_name, format, total_jobs, \
             metadata, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(&b.id)
        .bind(&b.project_id)
        .bind(&b.environment_id)
        .bind(&b.template_id)
        .bind(&b.template_name)
        .bind(&b.format)
        .bind(b.total_jobs)
        .bind(&b.metadata)
        .bind(b.created_at.as_millis())
        .execute(&mut *tx)
        .await?;
        for j in jobs {
            insert_job(&mut *tx, j).await.map_err(StoreError::from_sqlx)?;
        }
        tx.commit().await?;
        Ok(())
    }

    async fn record_sync_render(
        &self,
        created_by: &str,
        environment_id: &str,
        at: Timestamp,
        quotas: &[DocumentQuota],
    ) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        check_quotas(&mut tx, quotas, 1).await?;
        sqlx::query("INSERT INTO document_renders (created_by, environment_id, created_at) VALUES (?, ?, ?)")
            .bind(created_by)
            .bind(environment_id)
            .bind(at.as_millis())
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn prune_sync_renders(&self, before: Timestamp) -> StoreResult<u64> {
        let done = sqlx::query("DELETE FROM document_renders WHERE created_at < ?")
            .bind(before.as_millis())
            .execute(self.pool())
            .await?;
        Ok(done.rows_affected())
    }

    async fn job(&self, environment_id: &str, id: &str) -> StoreResult<Option<JobRecord>> {
        let row = sqlx::query("SELECT * FROM jobs WHERE id = ? AND environment_id = ?")
            .bind(id)
            .bind(environment_id)
            .fetch_optional(self.pool())
            .await?;
        Ok(row.map(|r| job(&r)).transpose()?)
    }

    async fn job_by_id(&self, id: &str) -> StoreResult<Option<JobRecord>> {
        let row = sqlx::query("SELECT * FROM jobs WHERE id = ?").bind(id).fetch_optional(self.pool()).await?;
        Ok(row.map(|r| job(&r)).transpose()?)
    }

    async fn jobs(
        &self,
        environment_id: &str,
        f: &JobFilter,
        offset: i64,
        limit: i64,
    ) -> StoreResult<(Vec<JobRecord>, i64)> {
        let status = f.status.map(JobStatus::as_str);
        let from = f.created_from.map(Timestamp::as_millis);
        let to = f.created_to.map(Timestamp::as_millis);
        macro_rules! bind_filter {
            ($q:expr) => {
                $q.bind(environment_id)
                    .bind(status)
                    .bind(status)
                    .bind(&f.template_id)
                    .bind(&f.template_id)
                    .bind(&f.format)
                    .bind(&f.format)
                    .bind(from)
                    .bind(from)
                    .bind(to)
                    .bind(to)
                    .bind(&f.batch_id)
                    .bind(&f.batch_id)
            };
        }
        let total: i64 = bind_filter!(sqlx::query_scalar(
            "SELECT COUNT(*) FROM jobs WHERE environment_id = ? AND (? IS NULL OR status = ?) AND (? IS NULL OR template_id = ?) \
             AND (? IS NULL OR format = ?) AND (? IS NULL OR created_at >= ?) AND (? IS NULL OR created_at < ?) \
             AND (? IS NULL OR batch_id = ?)"
        ))
        .fetch_one(self.pool())
        .await?;
        let found = bind_filter!(sqlx::query(
            "SELECT * FROM jobs WHERE environment_id = ? AND (? IS NULL OR status = ?) AND (? IS NULL OR template_id = ?) \
             AND (? IS NULL OR format = ?) AND (? IS NULL OR created_at >= ?) AND (? IS NULL OR created_at < ?) \
             AND (? IS NULL OR batch_id = ?) ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?"
        ))
        .bind(limit)
        .bind(offset)
        .fetch_all(self.pool())
        .await?;
        Ok((found.iter().map(job).collect::<Result<_, _>>()?, total))
    }

    async fn batch(&self, environment_id: &str, id: &str) -> StoreResult<Option<BatchRecord>> {
        let row = sqlx::query("SELECT * FROM batches WHERE id = ? AND environment_id = ?")
            .bind(id)
            .bind(environment_id)
            .fetch_optional(self.pool())
            .await?;
        Ok(row.map(|r| batch(&r)).transpose()?)
    }

    async fn batch_counts(&self, batch_id: &str) -> StoreResult<BatchCounts> {
        let found = sqlx::query(
            "SELECT status, COUNT(*) AS n, MIN(processing_at) AS first, MAX(completed_at) AS last FROM jobs WHERE batch_id = ? GROUP BY status",
        )
        .bind(batch_id)
        .fetch_all(self.pool())
        .await?;
        let mut counts = BatchCounts::default();
        for row in &found {
            let status: String = row.try_get("status")?;
            let n: i64 = row.try_get("n")?;
            if let Some(last) = opt_ts(row, "last")? {
                counts.last_completed_at = Some(counts.last_completed_at.map_or(last, |l| l.max(last)));
            }
            if let Some(first) = opt_ts(row, "first")? {
                counts.first_processing_at = Some(counts.first_processing_at.map_or(first, |f| f.min(first)));
            }
            match JobStatus::parse(&status) {
                Some(JobStatus::Queued) => counts.queued = n,
                Some(JobStatus::Processing) => counts.processing = n,
                Some(JobStatus::Completed) => counts.completed = n,
                Some(JobStatus::Failed) => counts.failed = n,
                Some(JobStatus::Cancelled) => counts.cancelled = n,
                None => {}
            }
        }
        Ok(counts)
    }

    async fn close_batch_if_done(&self, batch_id: &str, now: Timestamp) -> StoreResult<bool> {
        let done = sqlx::query(
            "UPDATE batches SET completed_at = ? WHERE id = ? AND completed_at IS NULL AND NOT EXISTS \
             (SELECT 1 FROM jobs WHERE batch_id = ? AND status IN ('queued', 'processing'))",
        )
        .bind(now.as_millis())
        .bind(batch_id)
        .bind(batch_id)
        .execute(self.pool())
        .await?;
        Ok(done.rows_affected() == 1)
    }

    async fn claim_job(
        &self,
        worker: &str,
        now: Timestamp,
        lease_until: Timestamp,
        max_running_per_environment: u32,
    ) -> StoreResult<Option<JobRecord>> {
        // One statement: SQLite runs it under the write lock, so two workers cannot both take an environment's
        // last free slot.
        let row = sqlx::query(
            "UPDATE jobs SET status = 'processing', lease_owner = ?, lease_until = ?, attempts = attempts + 1, \
             processing_at = COALESCE(processing_at, ?) WHERE id = (SELECT j.id FROM jobs j WHERE (j.status = 'queued' \
             OR (j.status = 'processing' AND j.lease_until < ? AND j.attempts < j.max_attempts)) \
             AND (? = 0 OR (SELECT COUNT(*) FROM jobs r WHERE r.environment_id = j.environment_id \
             AND r.status = 'processing' AND r.lease_until >= ?) < ?) ORDER BY j.created_at, j.id LIMIT 1) \
             RETURNING *",
        )
        .bind(worker)
        .bind(lease_until.as_millis())
        .bind(now.as_millis())
        .bind(now.as_millis())
        .bind(max_running_per_environment)
        .bind(now.as_millis())
        .bind(max_running_per_environment)
        .fetch_optional(self.pool())
        .await?;
        Ok(row.map(|r| job(&r)).transpose()?)
    }

    async fn heartbeat_job(&self, id: &str, worker: &str, lease_until: Timestamp) -> StoreResult<bool> {
        let done =
            sqlx::query("UPDATE jobs SET lease_until = ? WHERE id = ? AND lease_owner = ? AND status = 'processing'")
                .bind(lease_until.as_millis())
                .bind(id)
                .bind(worker)
                .execute(self.pool())
                .await?;
        Ok(done.rows_affected() == 1)
    }

    async fn complete_job(&self, id: &str, worker: &str, r: &JobResult) -> StoreResult<bool> {
        let done = sqlx::query(
            "UPDATE jobs SET status = 'completed', pdf_secrets = NULL, lease_owner = NULL, lease_until = NULL, file_key = ?, file_size = ?, \
             page_count = ?, content_type = ?, render_ms = ?, completed_at = ?, expires_at = ?, error_code = NULL, \
             error_message = NULL WHERE id = ? AND lease_owner = ? AND status = 'processing'",
        )
        .bind(&r.file_key)
        .bind(r.file_size)
        .bind(r.page_count)
        .bind(&r.content_type)
        .bind(r.render_ms)
        .bind(r.completed_at.as_millis())
        .bind(r.expires_at.as_millis())
        .bind(id)
        .bind(worker)
        .execute(self.pool())
        .await?;
        Ok(done.rows_affected() == 1)
    }

    async fn fail_job(
        &self,
        id: &str,
        worker: &str,
        code: &str,
        message: &str,
        requeue: bool,
        now: Timestamp,
    ) -> StoreResult<bool> {
        let done = sqlx::query(
            "UPDATE jobs SET status = CASE WHEN ? AND attempts < max_attempts THEN 'queued' ELSE 'failed' END, \
             pdf_secrets = CASE WHEN ? AND attempts < max_attempts THEN pdf_secrets ELSE NULL END, lease_owner = NULL, lease_until = NULL, error_code = ?, error_message = ?, \
             completed_at = CASE WHEN ? AND attempts < max_attempts THEN NULL ELSE ? END \
             WHERE id = ? AND lease_owner = ? AND status = 'processing'",
        )
        .bind(requeue)
        .bind(requeue)
        .bind(code)
        .bind(message)
        .bind(requeue)
        .bind(now.as_millis())
        .bind(id)
        .bind(worker)
        .execute(self.pool())
        .await?;
        Ok(done.rows_affected() == 1)
    }

    async fn fail_exhausted_jobs(&self, now: Timestamp) -> StoreResult<Vec<JobRecord>> {
        let found = sqlx::query(
            "UPDATE jobs SET status = 'failed', pdf_secrets = NULL, lease_owner = NULL, lease_until = NULL, error_code = 'ERR_DOC_004', \
             error_message = 'The job was interrupted too many times (its worker stopped while rendering)', \
             completed_at = ? WHERE status = 'processing' AND lease_until < ? AND attempts >= max_attempts RETURNING *",
        )
        .bind(now.as_millis())
        .bind(now.as_millis())
        .fetch_all(self.pool())
        .await?;
        Ok(found.iter().map(job).collect::<Result<_, _>>()?)
    }

    async fn unannounced_jobs(&self, before: Timestamp, limit: i64) -> StoreResult<Vec<JobRecord>> {
        self.unannounced_jobs_before(before, limit).await
    }

    async fn unannounced_batches(&self, before: Timestamp, limit: i64) -> StoreResult<Vec<BatchRecord>> {
        self.unannounced_batches_before(before, limit).await
    }

    async fn cancel_job(&self, environment_id: &str, id: &str, now: Timestamp) -> StoreResult<Option<JobRecord>> {
        let row = sqlx::query(
            "UPDATE jobs SET status = 'cancelled', pdf_secrets = NULL, lease_owner = NULL, lease_until = NULL, completed_at = ? \
             WHERE id = ? AND environment_id = ? AND status IN ('queued', 'processing') RETURNING *",
        )
        .bind(now.as_millis())
        .bind(id)
        .bind(environment_id)
        .fetch_optional(self.pool())
        .await?;
        Ok(row.map(|r| job(&r)).transpose()?)
    }

    async fn delete_job(&self, environment_id: &str, id: &str) -> StoreResult<()> {
        let done = sqlx::query("DELETE FROM jobs WHERE id = ? AND environment_id = ?")
            .bind(id)
            .bind(environment_id)
            .execute(self.pool())
            .await?;
        if done.rows_affected() == 0 { Err(StoreError::NotFound) } else { Ok(()) }
    }

    async fn expired_files(&self, now: Timestamp, limit: i64) -> StoreResult<Vec<JobRecord>> {
        let found = sqlx::query(
            "SELECT * FROM jobs WHERE file_key IS NOT NULL AND file_deleted_at IS NULL AND expires_at <= ? \
             ORDER BY expires_at LIMIT ?",
        )
        .bind(now.as_millis())
        .bind(limit)
        .fetch_all(self.pool())
        .await?;
        Ok(found.iter().map(job).collect::<Result<_, _>>()?)
    }

    async fn mark_file_deleted(&self, id: &str, now: Timestamp) -> StoreResult<()> {
        sqlx::query("UPDATE jobs SET file_deleted_at = ? WHERE id = ?")
            .bind(now.as_millis())
            .bind(id)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    async fn queue_depth(&self) -> StoreResult<i64> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM jobs WHERE status IN ('queued', 'processing')")
            .fetch_one(self.pool())
            .await?)
    }

    async fn queue_stats(&self) -> StoreResult<QueueStats> {
        let rows: Vec<(String, String, i64)> = sqlx::query_as(
            "SELECT status, format, COUNT(*) FROM jobs WHERE status IN ('queued', 'processing') GROUP BY status, format",
        )
        .fetch_all(self.pool())
        .await?;
        let counts = rows.into_iter().filter_map(|(s, f, n)| Some((JobStatus::parse(&s)?, f, n))).collect();
        let oldest: Option<i64> = sqlx::query_scalar("SELECT MIN(created_at) FROM jobs WHERE status = 'queued'")
            .fetch_one(self.pool())
            .await?;
        Ok(QueueStats { counts, oldest_queued_at: oldest.map(Timestamp::from_millis) })
    }

    async fn recent_render_ms(&self, n: i64) -> StoreResult<Option<f64>> {
        Ok(sqlx::query_scalar(
            "SELECT AVG(render_ms) FROM (SELECT render_ms FROM jobs WHERE status = 'completed' AND render_ms IS NOT NULL \
             ORDER BY completed_at DESC LIMIT ?)",
        )
        .bind(n)
        .fetch_one(self.pool())
        .await?)
    }

    async fn job_stats(
        &self,
        environment_id: &str,
        from: Timestamp,
        to: Timestamp,
        template_id: Option<&str>,
    ) -> StoreResult<Vec<JobStat>> {
        let found = sqlx::query(
            "SELECT template_id, template_name, format, status, render_ms, created_at FROM jobs WHERE environment_id = ? \
             AND created_at >= ? AND created_at < ? AND (? IS NULL OR template_id = ?)",
        )
        .bind(environment_id)
        .bind(from.as_millis())
        .bind(to.as_millis())
        .bind(template_id)
        .bind(template_id)
        .fetch_all(self.pool())
        .await?;
        found
            .iter()
            .map(|row| {
                let status: String = row.try_get("status")?;
                Ok(JobStat {
                    template_id: row.try_get("template_id")?,
                    template_name: row.try_get("template_name")?,
                    format: row.try_get("format")?,
                    status: JobStatus::parse(&status).unwrap_or(JobStatus::Failed),
                    render_ms: row.try_get("render_ms")?,
                    created_at: ts(row, "created_at")?,
                })
            })
            .collect::<Result<_, sqlx::Error>>()
            .map_err(StoreError::Database)
    }
}
