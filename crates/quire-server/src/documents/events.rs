//! Webhook events of the documents API: document.generated, document.failed, document.downloaded, batch.completed.

use quire_core::Timestamp;
use quire_store::{JobRecord, JobStatus};
use serde_json::{Value, json};

use super::model::batch_status;
use crate::state::AppState;
use crate::webhooks::{DirectTarget, publish};

fn document_data(state: &AppState, job: &JobRecord) -> Value {
    let download_url =
        (job.status == JobStatus::Completed).then(|| state.links.mint(&state.public_url, &job.id, Timestamp::now()).0);
    json!({
        "jobId": job.id,
        "status": job.status,
        "templateId": job.template_id,
        "format": job.format,
        "downloadUrl": download_url,
        "fileSize": job.file_size,
        "errorCode": job.error_code,
        "errorMessage": job.error_message,
        "metadata": job.metadata.as_deref().and_then(|m| serde_json::from_str::<Value>(m).ok()),
    })
}

fn direct_target(job: &JobRecord) -> Option<DirectTarget> {
    job.webhook_url.as_ref().map(|url| DirectTarget { url: url.clone(), secret: job.webhook_secret.clone() })
}

/// Announces a job that reached completed or failed, and its batch when that was the batch's last job.
pub async fn job_finished(state: &AppState, job: &JobRecord) {
    crate::metrics::metrics().job_finished(&job.format, job.status);
    let event = match job.status {
        JobStatus::Completed => "document.generated",
        JobStatus::Failed => "document.failed",
        _ => return,
    };
    if let Err(e) = publish(state, &job.environment_id, event, document_data(state, job), direct_target(job)).await {
        tracing::error!(job_id = %job.id, error = %e.0, "could not record webhook event");
    }
    if let Some(batch_id) = &job.batch_id {
        batch_maybe_finished(state, &job.environment_id, batch_id, job).await;
    }
}

async fn batch_maybe_finished(state: &AppState, environment_id: &str, batch_id: &str, job: &JobRecord) {
    match state.store.close_batch_if_done(batch_id, Timestamp::now()).await {
        Ok(true) => {}
        Ok(false) => return,
        Err(e) => {
            tracing::error!(error = %e, batch_id, "closing batch failed");
            return;
        }
    }
    let (Ok(Some(batch)), Ok(counts)) =
        (state.store.batch(environment_id, batch_id).await, state.store.batch_counts(batch_id).await)
    else {
        return;
    };
    let data = json!({
        "batchId": batch.id,
        "status": batch_status(batch.total_jobs, &counts),
        "templateId": batch.template_id,
        "format": batch.format,
        "totalJobs": batch.total_jobs,
        "completedJobs": counts.completed,
        "failedJobs": counts.failed + counts.cancelled,
        "metadata": batch.metadata.as_deref().and_then(|m| serde_json::from_str::<Value>(m).ok()),
    });
    if let Err(e) = publish(state, environment_id, "batch.completed", data, direct_target(job)).await {
        tracing::error!(batch_id, error = %e.0, "could not record batch webhook event");
    }
}

/// Announces a download.
pub async fn document_downloaded(state: &AppState, job: &JobRecord) {
    if let Err(e) = publish(state, &job.environment_id, "document.downloaded", document_data(state, job), None).await {
        tracing::warn!(job_id = %job.id, error = %e.0, "could not record download event");
    }
}
