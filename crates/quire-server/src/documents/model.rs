//! Request and response shapes of the documents API (API.md §6).

use quire_core::Timestamp;
use quire_store::{BatchCounts, BatchRecord, JobRecord, JobStatus};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::state::AppState;

/// `POST /api/v1/documents/generate` (and `/render`).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GenerateIn {
    pub template_id: String,
    pub format: String,
    #[serde(default)]
    pub variables: Option<Value>,
    pub filename: Option<String>,
    pub webhook_url: Option<String>,
    pub webhook_secret: Option<String>,
    #[serde(default)]
    pub metadata: Option<Value>,
    #[serde(default)]
    pub use_draft: bool,
    /// PDF options over the template's `schema.pdf` (API.md §12): standard, metadata, language, attachments.
    #[serde(default)]
    pub pdf: Option<Value>,
    /// The e-invoice to make (API.md §13), over the template's `schema.eInvoice`.
    #[serde(default)]
    pub e_invoice: Option<Value>,
    /// Accepted for compatibility; Quire has no credits.
    #[serde(default)]
    pub use_credit: Option<bool>,
    #[serde(alias = "environmentId")]
    pub workspace_id: Option<String>,
    /// Accepted for compatibility (the SDKs send `sdk_python` etc.).
    pub source: Option<String>,
}

/// One document of a batch.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BatchDocumentIn {
    #[serde(default)]
    pub variables: Option<Value>,
    pub filename: Option<String>,
    #[serde(default)]
    pub metadata: Option<Value>,
}

/// `POST /api/v1/documents/generate/batch`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BatchIn {
    pub template_id: String,
    pub format: String,
    pub documents: Vec<BatchDocumentIn>,
    pub webhook_url: Option<String>,
    pub webhook_secret: Option<String>,
    #[serde(default)]
    pub metadata: Option<Value>,
    #[serde(default)]
    pub use_draft: bool,
    /// PDF options for every document of the batch (as [`GenerateIn::pdf`]).
    #[serde(default)]
    pub pdf: Option<Value>,
    /// The e-invoice of every document of the batch (as [`GenerateIn::e_invoice`]); its `data` usually binds
    /// each document's variables.
    #[serde(default)]
    pub e_invoice: Option<Value>,
    #[serde(default)]
    pub use_credit: Option<bool>,
    #[serde(alias = "environmentId")]
    pub workspace_id: Option<String>,
    pub source: Option<String>,
}

/// A job as answered (a fresh signed link on every read).
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct JobOut {
    pub job_id: String,
    pub id: String,
    pub status: JobStatus,
    pub format: String,
    pub template_id: String,
    pub template_name: String,
    pub template_version: Option<i64>,
    pub filename: String,
    pub download_url: Option<String>,
    pub download_url_expires_at: Option<Timestamp>,
    pub file_size: Option<i64>,
    pub page_count: Option<i64>,
    pub error_code: Option<String>,
    pub error_message: Option<String>,
    pub metadata: Option<Value>,
    pub batch_id: Option<String>,
    pub has_webhook: bool,
    pub webhook_sent: bool,
    pub webhook_error: Option<String>,
    pub attempts: i64,
    pub retried_from: Option<String>,
    pub created_at: Timestamp,
    pub processing_at: Option<Timestamp>,
    pub completed_at: Option<Timestamp>,
    /// When the file is (or was) deleted.
    pub expires_at: Option<Timestamp>,
}

impl JobOut {
    /// The answer for `job`; `webhook` is `(sent, error)` of its per-request webhook, when it has one.
    pub fn new(state: &AppState, job: JobRecord, webhook: Option<(bool, Option<String>)>) -> Self {
        let downloadable = job.status == JobStatus::Completed && job.file_deleted_at.is_none();
        let (download_url, download_url_expires_at) = if downloadable {
            let (url, at) = state.links.mint(&state.public_url, &job.id, Timestamp::now());
            (Some(url), Some(at))
        } else {
            (None, None)
        };
        let (webhook_sent, webhook_error) = webhook.unwrap_or((false, None));
        JobOut {
            job_id: job.id.clone(),
            id: job.id,
            status: job.status,
            format: job.format,
            template_id: job.template_id,
            template_name: job.template_name,
            template_version: job.template_version,
            filename: job.filename,
            download_url,
            download_url_expires_at,
            file_size: job.file_size,
            page_count: job.page_count,
            error_code: job.error_code,
            error_message: job.error_message,
            metadata: job.metadata.and_then(|m| serde_json::from_str(&m).ok()),
            batch_id: job.batch_id,
            has_webhook: job.webhook_url.is_some(),
            webhook_sent,
            webhook_error,
            attempts: job.attempts,
            retried_from: job.retried_from,
            created_at: job.created_at,
            processing_at: job.processing_at,
            completed_at: job.completed_at,
            expires_at: job.expires_at,
        }
    }
}

/// `queued`, `processing`, `completed`, `partial` or `failed` from a batch's counts.
pub fn batch_status(total: i64, c: &BatchCounts) -> &'static str {
    let finished = c.completed + c.failed + c.cancelled;
    if finished < total {
        if c.processing == 0 && finished == 0 { "queued" } else { "processing" }
    } else if c.completed == total {
        "completed"
    } else if c.completed == 0 {
        "failed"
    } else {
        "partial"
    }
}

/// The batch answer.
pub fn batch_out(batch: &BatchRecord, counts: &BatchCounts, jobs: Vec<JobOut>) -> Value {
    let finished = counts.queued + counts.processing == 0;
    // The worker marks the batch closed just after its last job completes; a read in between still gets a time.
    let completed_at = batch.completed_at.or(if finished { counts.last_completed_at } else { None });
    serde_json::json!({
        "batchId": batch.id,
        "id": batch.id,
        "templateId": batch.template_id,
        "templateName": batch.template_name,
        "format": batch.format,
        "status": batch_status(batch.total_jobs, counts),
        "totalJobs": batch.total_jobs,
        "completedJobs": counts.completed,
        "failedJobs": counts.failed + counts.cancelled,
        "pendingJobs": counts.queued + counts.processing,
        "metadata": batch.metadata.as_deref().and_then(|m| serde_json::from_str::<Value>(m).ok()),
        "jobs": jobs,
        "createdAt": batch.created_at,
        "processingAt": counts.first_processing_at,
        "completedAt": completed_at,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn batch_status_follows_the_counts() {
        let c = |queued, processing, completed, failed| BatchCounts {
            queued,
            processing,
            completed,
            failed,
            cancelled: 0,
            first_processing_at: None,
            last_completed_at: None,
        };
        assert_eq!(batch_status(3, &c(3, 0, 0, 0)), "queued");
        assert_eq!(batch_status(3, &c(1, 1, 1, 0)), "processing");
        assert_eq!(batch_status(3, &c(0, 0, 3, 0)), "completed");
        assert_eq!(batch_status(3, &c(0, 0, 2, 1)), "partial");
        assert_eq!(batch_status(3, &c(0, 0, 0, 3)), "failed");
    }
}
