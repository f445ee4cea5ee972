//! Webhook events of the documents API: document.generated, document.failed, document.downloaded, batch.completed.

use std::time::Duration;

use quire_core::Timestamp;
use quire_store::{EventSubject, JobFilter, JobRecord, JobStatus};
use serde_json::{Value, json};

use super::model::batch_status;
use crate::state::AppState;
use crate::webhooks::{DirectTarget, announce, publish};

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

/// Announces a job that reached completed or failed (once: a second call for the same job records nothing), and
/// its batch when that was the batch's last job.
pub async fn job_finished(state: &AppState, job: &JobRecord) {
    let event = match job.status {
        JobStatus::Completed => "document.generated",
        JobStatus::Failed => "document.failed",
        _ => return,
    };
    let subject = EventSubject::Job(job.id.clone());
    let data = document_data(state, job);
    match announce(state, &job.environment_id, event, data, direct_target(job), &subject).await {
        Ok(true) => crate::metrics::metrics().job_finished(&job.format, job.status),
        Ok(false) => {}
        Err(e) => tracing::error!(job_id = %job.id, error = %e.0, "could not record webhook event; the sweep will"),
    }
    if let Some(batch_id) = &job.batch_id {
        match state.store.close_batch_if_done(batch_id, Timestamp::now()).await {
            Ok(true) => batch_finished(state, &job.environment_id, batch_id, direct_target(job)).await,
            Ok(false) => {}
            Err(e) => tracing::error!(error = %e, batch_id, "closing batch failed"),
        }
    }
}

/// Announces a closed batch (once).
async fn batch_finished(state: &AppState, environment_id: &str, batch_id: &str, direct: Option<DirectTarget>) {
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
    let subject = EventSubject::Batch(batch.id.clone());
    if let Err(e) = announce(state, environment_id, "batch.completed", data, direct, &subject).await {
        tracing::error!(batch_id, error = %e.0, "could not record batch webhook event; the sweep will");
    }
}

/// Announces what finished more than `grace` ago and was never announced: the jobs and batches of a worker
/// that stopped between finishing and recording the event. Returns how many it announced.
pub async fn announce_missed(state: &AppState, grace: Duration) -> Result<usize, quire_store::StoreError> {
    let before = Timestamp::from_millis(Timestamp::now().as_millis() - grace.as_millis() as i64);
    let jobs = state.store.unannounced_jobs(before, 100).await?;
    let batches = state.store.unannounced_batches(before, 100).await?;
    let found = jobs.len() + batches.len();
    for job in &jobs {
        job_finished(state, job).await;
    }
    for batch in batches {
        let filter = JobFilter { batch_id: Some(batch.id.clone()), ..JobFilter::default() };
        let (one, _) = state.store.jobs(&batch.environment_id, &filter, 0, 1).await?;
        batch_finished(state, &batch.environment_id, &batch.id, one.first().and_then(direct_target)).await;
    }
    Ok(found)
}

/// Announces a download.
pub async fn document_downloaded(state: &AppState, job: &JobRecord) {
    if let Err(e) = publish(state, &job.environment_id, "document.downloaded", document_data(state, job), None).await {
        tracing::warn!(job_id = %job.id, error = %e.0, "could not record download event");
    }
}
