//! PostgreSQL: the job queue's leases, and the retention sweep's claims. Every claim picks its rows with
//! `FOR UPDATE SKIP LOCKED`, so workers and sweepers on many nodes share the work: each row goes to exactly one,
//! and nobody waits for a row another is taking.

use quire_core::Timestamp;
use sqlx::PgPool;

use super::rows::job;
use crate::StoreResult;
use crate::jobs::{JobRecord, JobResult, JobStatus, QueueStats};

/// How long a sweeper holds the expired files it claimed; another node's sweeper takes them over after that
/// (the first one died halfway). Deleting a file twice is harmless, so this only has to outlast one batch.
const FILE_SWEEP_CLAIM_MS: i64 = 5 * 60 * 1000;

/// Advisory lock key that serialises claims while a per-environment cap is in force: under READ COMMITTED two
/// claims on different nodes could each count the other's environment slot as free.
const CAPPED_CLAIM_LOCK: i64 = 0x7175_6972_655f_6361; // "quire_ca"

pub(super) async fn claim(
    pool: &PgPool,
    worker: &str,
    now: Timestamp,
    lease_until: Timestamp,
    max_running_per_environment: u32,
) -> StoreResult<Option<JobRecord>> {
    let statement = "UPDATE jobs SET status = 'processing', lease_owner = $1, lease_until = $2, attempts = attempts + 1, \
         processing_at = COALESCE(processing_at, $3) WHERE id = (SELECT j.id FROM jobs j WHERE (j.status = 'queued' \
         OR (j.status = 'processing' AND j.lease_until < $3 AND j.attempts < j.max_attempts)) \
         AND ($4 = 0 OR (SELECT COUNT(*) FROM jobs r WHERE r.environment_id = j.environment_id \
         AND r.status = 'processing' AND r.lease_until >= $3) < $4) ORDER BY j.created_at, j.id LIMIT 1 \
         FOR UPDATE SKIP LOCKED) RETURNING *";
    let cap = i64::from(max_running_per_environment);
    let query = sqlx::query(statement).bind(worker).bind(lease_until.as_millis()).bind(now.as_millis()).bind(cap);
    let row = if cap == 0 {
        query.fetch_optional(pool).await?
    } else {
        let mut tx = pool.begin().await?;
        sqlx::query("SELECT pg_advisory_xact_lock($1)").bind(CAPPED_CLAIM_LOCK).execute(&mut *tx).await?;
        let row = query.fetch_optional(&mut *tx).await?;
        tx.commit().await?;
        row
    };
    Ok(row.map(|r| job(&r)).transpose()?)
}

pub(super) async fn stats(pool: &PgPool) -> StoreResult<QueueStats> {
    let rows: Vec<(String, String, i64)> = sqlx::query_as(
        "SELECT status, format, COUNT(*) FROM jobs WHERE status IN ('queued', 'processing') GROUP BY status, format",
    )
    .fetch_all(pool)
    .await?;
    let counts = rows.into_iter().filter_map(|(s, f, n)| Some((JobStatus::parse(&s)?, f, n))).collect();
    let oldest: Option<i64> =
        sqlx::query_scalar("SELECT MIN(created_at) FROM jobs WHERE status = 'queued'").fetch_one(pool).await?;
    Ok(QueueStats { counts, oldest_queued_at: oldest.map(Timestamp::from_millis) })
}

pub(super) async fn heartbeat(pool: &PgPool, id: &str, worker: &str, lease_until: Timestamp) -> StoreResult<bool> {
    let done =
        sqlx::query("UPDATE jobs SET lease_until = $1 WHERE id = $2 AND lease_owner = $3 AND status = 'processing'")
            .bind(lease_until.as_millis())
            .bind(id)
            .bind(worker)
            .execute(pool)
            .await?;
    Ok(done.rows_affected() == 1)
}

pub(super) async fn complete(pool: &PgPool, id: &str, worker: &str, r: &JobResult) -> StoreResult<bool> {
    let done = sqlx::query(
        "UPDATE jobs SET status = 'completed', pdf_secrets = NULL, lease_owner = NULL, lease_until = NULL, file_key = $1, file_size = $2, \
         page_count = $3, content_type = $4, render_ms = $5, completed_at = $6, expires_at = $7, error_code = NULL, \
         error_message = NULL WHERE id = $8 AND lease_owner = $9 AND status = 'processing'",
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
    .execute(pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub(super) async fn fail(
    pool: &PgPool,
    id: &str,
    worker: &str,
    code: &str,
    message: &str,
    requeue: bool,
    now: Timestamp,
) -> StoreResult<bool> {
    let done = sqlx::query(
        "UPDATE jobs SET status = CASE WHEN $1 AND attempts < max_attempts THEN 'queued' ELSE 'failed' END, \
         pdf_secrets = CASE WHEN $1 AND attempts < max_attempts THEN pdf_secrets ELSE NULL END, \
         lease_owner = NULL, lease_until = NULL, error_code = $2, error_message = $3, \
         completed_at = CASE WHEN $1 AND attempts < max_attempts THEN NULL ELSE $4 END \
         WHERE id = $5 AND lease_owner = $6 AND status = 'processing'",
    )
    .bind(requeue)
    .bind(code)
    .bind(message)
    .bind(now.as_millis())
    .bind(id)
    .bind(worker)
    .execute(pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Each exhausted job is failed (and returned, so its webhook goes out) by exactly one node.
pub(super) async fn fail_exhausted(pool: &PgPool, now: Timestamp) -> StoreResult<Vec<JobRecord>> {
    let found = sqlx::query(
        "UPDATE jobs SET status = 'failed', pdf_secrets = NULL, lease_owner = NULL, lease_until = NULL, error_code = 'ERR_DOC_004', \
         error_message = 'The job was interrupted too many times (its worker stopped while rendering)', \
         completed_at = $1 WHERE id IN (SELECT id FROM jobs WHERE status = 'processing' AND lease_until < $1 \
         AND attempts >= max_attempts FOR UPDATE SKIP LOCKED) RETURNING *",
    )
    .bind(now.as_millis())
    .fetch_all(pool)
    .await?;
    Ok(found.iter().map(job).collect::<Result<_, _>>()?)
}

pub(super) async fn cancel(
    pool: &PgPool,
    environment_id: &str,
    id: &str,
    now: Timestamp,
) -> StoreResult<Option<JobRecord>> {
    let row = sqlx::query(
        "UPDATE jobs SET status = 'cancelled', pdf_secrets = NULL, lease_owner = NULL, lease_until = NULL, completed_at = $1 \
         WHERE id = $2 AND environment_id = $3 AND status IN ('queued', 'processing') RETURNING *",
    )
    .bind(now.as_millis())
    .bind(id)
    .bind(environment_id)
    .fetch_optional(pool)
    .await?;
    Ok(row.map(|r| job(&r)).transpose()?)
}

/// Jobs whose file is past retention, oldest expiry first, claimed for this sweeper for a while: another node's
/// sweeper running at the same moment gets the next ones instead of the same.
pub(super) async fn claim_expired_files(pool: &PgPool, now: Timestamp, limit: i64) -> StoreResult<Vec<JobRecord>> {
    let mut found = sqlx::query(
        "UPDATE jobs SET file_sweep_until = $2 WHERE id IN (SELECT id FROM jobs WHERE file_key IS NOT NULL \
         AND file_deleted_at IS NULL AND expires_at <= $1 AND (file_sweep_until IS NULL OR file_sweep_until < $1) \
         ORDER BY expires_at LIMIT $3 FOR UPDATE SKIP LOCKED) RETURNING *",
    )
    .bind(now.as_millis())
    .bind(now.as_millis() + FILE_SWEEP_CLAIM_MS)
    .bind(limit)
    .fetch_all(pool)
    .await?
    .iter()
    .map(job)
    .collect::<Result<Vec<_>, _>>()?;
    // RETURNING keeps no order; the sweep goes oldest expiry first, as on SQLite.
    found.sort_by(|a, b| (a.expires_at, &a.id).cmp(&(b.expires_at, &b.id)));
    Ok(found)
}

pub(super) async fn mark_file_deleted(pool: &PgPool, id: &str, now: Timestamp) -> StoreResult<()> {
    sqlx::query("UPDATE jobs SET file_deleted_at = $1, file_sweep_until = NULL WHERE id = $2")
        .bind(now.as_millis())
        .bind(id)
        .execute(pool)
        .await?;
    Ok(())
}
