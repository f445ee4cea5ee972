//! PostgreSQL: queueing jobs and batches (within quotas, idempotent), and the reads behind listings and analytics.
//! The queue's leases live in `jobs/queue.rs`, the locks that keep quotas exact in `jobs/quota.rs`.

mod queue;
mod quota;
mod rows;

use async_trait::async_trait;
use quire_core::Timestamp;
use sqlx::Row;

pub(super) use self::rows::{batch, job};
use super::PostgresStore;
use super::rows::{opt_ts, ts};
use crate::jobs::{
    BatchCounts, BatchRecord, DocumentQuota, JobFilter, JobRecord, JobResult, JobStat, JobStatus, JobStore, QueueStats,
};
use crate::{StoreError, StoreResult};

async fn insert_job<'e, E: sqlx::Executor<'e, Database = sqlx::Postgres>>(
    executor: E,
    j: &JobRecord,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO jobs (id, project_id, environment_id, template_id, template_name, template_version, \
         template_snapshot, format, status, variables, filename, metadata, webhook_url, webhook_secret, batch_id, \
         idempotency_key, request_hash, created_by, attempts, max_attempts, retried_from, created_at, trace_parent, \
         pdf_secrets) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, \
         $21, $22, $23, $24)",
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
impl JobStore for PostgresStore {
    async fn enqueue_job(&self, j: &JobRecord, quotas: &[DocumentQuota]) -> StoreResult<JobRecord> {
        let mut tx = self.begin().await?;
        // Two requests with one idempotency key, or two documents against one quota, take turns from here to
        // commit, whichever node they reach.
        quota::lock(&mut tx, &quota::lock_names(&j.environment_id, j.idempotency_key.as_deref(), quotas)).await?;
        if j.idempotency_key.is_some() {
            // A replay answers the job it made, even with the quota used up since.
            let existing = sqlx::query("SELECT * FROM jobs WHERE environment_id = $1 AND idempotency_key = $2")
                .bind(&j.environment_id)
                .bind(&j.idempotency_key)
                .fetch_optional(&mut *tx)
                .await?;
            if let Some(row) = existing {
                return Ok(job(&row)?);
            }
        }
        quota::check(&mut tx, quotas, 1).await?;
        insert_job(&mut *tx, j).await.map_err(StoreError::from_sqlx)?;
        tx.commit().await?;
        Ok(j.clone())
    }

    async fn enqueue_batch(&self, b: &BatchRecord, jobs: &[JobRecord], quotas: &[DocumentQuota]) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        quota::lock(&mut tx, &quota::lock_names(&b.environment_id, None, quotas)).await?;
        quota::check(&mut tx, quotas, jobs.len() as i64).await?;
        sqlx::query(
            "INSERT INTO batches (id, project_id, environment_id, template_id, template_name, format, total_jobs, \
             metadata, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
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
        let mut tx = self.begin().await?;
        quota::lock(&mut tx, &quota::lock_names(environment_id, None, quotas)).await?;
        quota::check(&mut tx, quotas, 1).await?;
        sqlx::query("INSERT INTO document_renders (created_by, environment_id, created_at) VALUES ($1, $2, $3)")
            .bind(created_by)
            .bind(environment_id)
            .bind(at.as_millis())
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn prune_sync_renders(&self, before: Timestamp) -> StoreResult<u64> {
        let done = sqlx::query("DELETE FROM document_renders WHERE created_at < $1")
            .bind(before.as_millis())
            .execute(self.pool())
            .await?;
        Ok(done.rows_affected())
    }

    async fn job(&self, environment_id: &str, id: &str) -> StoreResult<Option<JobRecord>> {
        let row = sqlx::query("SELECT * FROM jobs WHERE id = $1 AND environment_id = $2")
            .bind(id)
            .bind(environment_id)
            .fetch_optional(self.pool())
            .await?;
        Ok(row.map(|r| job(&r)).transpose()?)
    }

    async fn job_by_id(&self, id: &str) -> StoreResult<Option<JobRecord>> {
        let row = sqlx::query("SELECT * FROM jobs WHERE id = $1").bind(id).fetch_optional(self.pool()).await?;
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
            "SELECT COUNT(*) FROM jobs WHERE environment_id = $1 AND ($2 IS NULL OR status = $3) AND ($4 IS NULL OR template_id = $5) \
             AND ($6 IS NULL OR format = $7) AND ($8 IS NULL OR created_at >= $9) AND ($10 IS NULL OR created_at < $11) \
             AND ($12 IS NULL OR batch_id = $13)"
        ))
        .fetch_one(self.pool())
        .await?;
        let found = bind_filter!(sqlx::query(
            "SELECT * FROM jobs WHERE environment_id = $1 AND ($2 IS NULL OR status = $3) AND ($4 IS NULL OR template_id = $5) \
             AND ($6 IS NULL OR format = $7) AND ($8 IS NULL OR created_at >= $9) AND ($10 IS NULL OR created_at < $11) \
             AND ($12 IS NULL OR batch_id = $13) ORDER BY created_at DESC, id DESC LIMIT $14 OFFSET $15"
        ))
        .bind(limit)
        .bind(offset)
        .fetch_all(self.pool())
        .await?;
        Ok((found.iter().map(job).collect::<Result<_, _>>()?, total))
    }

    async fn batch(&self, environment_id: &str, id: &str) -> StoreResult<Option<BatchRecord>> {
        let row = sqlx::query("SELECT * FROM batches WHERE id = $1 AND environment_id = $2")
            .bind(id)
            .bind(environment_id)
            .fetch_optional(self.pool())
            .await?;
        Ok(row.map(|r| batch(&r)).transpose()?)
    }

    async fn batch_counts(&self, batch_id: &str) -> StoreResult<BatchCounts> {
        let found = sqlx::query(
            "SELECT status, COUNT(*) AS n, MIN(processing_at) AS first, MAX(completed_at) AS last FROM jobs WHERE batch_id = $1 GROUP BY status",
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
            "UPDATE batches SET completed_at = $1 WHERE id = $2 AND completed_at IS NULL AND NOT EXISTS \
             (SELECT 1 FROM jobs WHERE batch_id = $3 AND status IN ('queued', 'processing'))",
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
        queue::claim(self.pool(), worker, now, lease_until, max_running_per_environment).await
    }

    async fn queue_stats(&self) -> StoreResult<QueueStats> {
        queue::stats(self.pool()).await
    }

    async fn heartbeat_job(&self, id: &str, worker: &str, lease_until: Timestamp) -> StoreResult<bool> {
        queue::heartbeat(self.pool(), id, worker, lease_until).await
    }

    async fn complete_job(&self, id: &str, worker: &str, result: &JobResult) -> StoreResult<bool> {
        queue::complete(self.pool(), id, worker, result).await
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
        queue::fail(self.pool(), id, worker, code, message, requeue, now).await
    }

    async fn fail_exhausted_jobs(&self, now: Timestamp) -> StoreResult<Vec<JobRecord>> {
        queue::fail_exhausted(self.pool(), now).await
    }

    async fn unannounced_jobs(&self, before: Timestamp, limit: i64) -> StoreResult<Vec<JobRecord>> {
        self.unannounced_jobs_before(before, limit).await
    }

    async fn unannounced_batches(&self, before: Timestamp, limit: i64) -> StoreResult<Vec<BatchRecord>> {
        self.unannounced_batches_before(before, limit).await
    }

    async fn cancel_job(&self, environment_id: &str, id: &str, now: Timestamp) -> StoreResult<Option<JobRecord>> {
        queue::cancel(self.pool(), environment_id, id, now).await
    }

    async fn delete_job(&self, environment_id: &str, id: &str) -> StoreResult<()> {
        let done = sqlx::query("DELETE FROM jobs WHERE id = $1 AND environment_id = $2")
            .bind(id)
            .bind(environment_id)
            .execute(self.pool())
            .await?;
        if done.rows_affected() == 0 { Err(StoreError::NotFound) } else { Ok(()) }
    }

    async fn expired_files(&self, now: Timestamp, limit: i64) -> StoreResult<Vec<JobRecord>> {
        queue::claim_expired_files(self.pool(), now, limit).await
    }

    async fn mark_file_deleted(&self, id: &str, now: Timestamp) -> StoreResult<()> {
        queue::mark_file_deleted(self.pool(), id, now).await
    }

    async fn queue_depth(&self) -> StoreResult<i64> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM jobs WHERE status IN ('queued', 'processing')")
            .fetch_one(self.pool())
            .await?)
    }

    async fn recent_render_ms(&self, n: i64) -> StoreResult<Option<f64>> {
        Ok(sqlx::query_scalar(
            "SELECT AVG(render_ms)::FLOAT8 FROM (SELECT render_ms FROM jobs WHERE status = 'completed' \
             AND render_ms IS NOT NULL ORDER BY completed_at DESC LIMIT $1) AS recent",
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
            "SELECT template_id, template_name, format, status, render_ms, created_at FROM jobs WHERE environment_id = $1 \
             AND created_at >= $2 AND created_at < $3 AND ($4 IS NULL OR template_id = $5)",
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
