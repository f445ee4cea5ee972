//! Mapping PostgreSQL rows of jobs and batches to records.

use sqlx::Row;
use sqlx::postgres::PgRow;

use crate::jobs::{BatchRecord, JobRecord, JobStatus};
use crate::postgres::rows::{opt_ts, ts};

pub(in crate::postgres) fn job(row: &PgRow) -> Result<JobRecord, sqlx::Error> {
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

pub(in crate::postgres) fn batch(row: &PgRow) -> Result<BatchRecord, sqlx::Error> {
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
