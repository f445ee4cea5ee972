//! Reading and managing jobs and batches: get, list, cancel, retry, delete.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use quire_core::ids::{new_id, prefix};
use quire_core::{ApiError, ErrorCode, FieldError, Timestamp};
use quire_store::{JobFilter, JobRecord, JobStatus};
use serde::Deserialize;
use serde_json::{Value, json};
use tracing::Instrument;

use super::generate::estimate_wait_seconds;
use super::model::{JobOut, batch_out};
use crate::auth::EnvironmentAccess;
use crate::auth::access::need;
use crate::http::{ApiResult, HttpError, Json};
use crate::state::AppState;

type Access = EnvironmentAccess<need::GenerateDocuments>;

/// The job's answer, with the state of its per-request webhook.
pub async fn job_out(state: &AppState, job: JobRecord) -> JobOut {
    let webhook = if job.webhook_url.is_some() {
        crate::webhooks::direct_delivery_state(&state.store, &job.id).await.ok().flatten().map(|d| (d.sent, d.error))
    } else {
        None
    };
    JobOut::new(state, job, webhook)
}

async fn find(state: &AppState, environment_id: &str, id: &str) -> Result<JobRecord, HttpError> {
    state.store.job(environment_id, id).await?.ok_or_else(|| ErrorCode::JobNotFound.into())
}

/// `GET /api/v1/documents/jobs/{jobId}`.
pub async fn get_job(State(state): State<AppState>, access: Access, Path(id): Path<String>) -> ApiResult<Json<JobOut>> {
    let job = find(&state, &access.environment.id, &id).await?;
    Ok(Json(job_out(&state, job).await))
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ListQuery {
    status: Option<String>,
    template_id: Option<String>,
    format: Option<String>,
    date_from: Option<String>,
    date_to: Option<String>,
    batch_id: Option<String>,
    limit: Option<i64>,
    offset: Option<i64>,
    page: Option<i64>,
}

/// `GET /api/v1/documents/jobs` → `{jobs, total, limit, offset}`.
pub async fn list_jobs(
    State(state): State<AppState>,
    access: Access,
    Query(q): Query<ListQuery>,
) -> ApiResult<Json<Value>> {
    let mut errors = Vec::new();
    let status = q.status.as_deref().filter(|s| !s.is_empty()).and_then(|s| {
        JobStatus::parse(s).or_else(|| {
            errors.push(FieldError::new("status", "must be queued, processing, completed, failed or cancelled"));
            None
        })
    });
    let format = q
        .format
        .as_deref()
        .filter(|s| !s.is_empty())
        .map(|f| super::prepare::parse_format(f).map(|f| f.as_str().to_string()));
    let format = match format {
        Some(Ok(f)) => Some(f),
        Some(Err(_)) => {
            errors.push(FieldError::new("format", "must be pdf, excel, xlsx or csv"));
            None
        }
        None => None,
    };
    let mut date = |field: &str, text: &Option<String>| {
        text.as_deref().filter(|t| !t.is_empty()).and_then(|t| {
            Timestamp::parse(t).or_else(|| {
                errors.push(FieldError::new(field, "must be an ISO 8601 date or date-time"));
                None
            })
        })
    };
    let created_from = date("dateFrom", &q.date_from);
    let mut created_to = date("dateTo", &q.date_to);
    // A plain date as `dateTo` includes that whole day.
    if let (Some(to), Some(text)) = (created_to, &q.date_to)
        && text.len() == 10
    {
        created_to = Some(to.plus_seconds(86400));
    }
    if !errors.is_empty() {
        return Err(HttpError(ApiError::validation(errors)));
    }
    let limit = q.limit.unwrap_or(20).clamp(1, 100);
    let offset = q.offset.unwrap_or_else(|| (q.page.unwrap_or(1).max(1) - 1) * limit).max(0);
    let filter =
        JobFilter { status, template_id: q.template_id, format, created_from, created_to, batch_id: q.batch_id };
    let (jobs, total) = state.store.jobs(&access.environment.id, &filter, offset, limit).await?;
    let mut out = Vec::with_capacity(jobs.len());
    for job in jobs {
        out.push(job_out(&state, job).await);
    }
    Ok(Json(json!({ "jobs": out, "total": total, "limit": limit, "offset": offset })))
}

/// `POST /api/v1/documents/jobs/{jobId}/cancel` (queued or processing).
pub async fn cancel_job(
    State(state): State<AppState>,
    access: Access,
    Path(id): Path<String>,
) -> ApiResult<Json<JobOut>> {
    find(&state, &access.environment.id, &id).await?;
    let cancelled = state.store.cancel_job(&access.environment.id, &id, Timestamp::now()).await?.ok_or_else(|| {
        HttpError(ApiError::with_message(ErrorCode::JobWrongState, "Only queued or processing jobs can be cancelled"))
    })?;
    if let Some(batch_id) = &cancelled.batch_id {
        let _ = state.store.close_batch_if_done(batch_id, Timestamp::now()).await;
    }
    Ok(Json(job_out(&state, cancelled).await))
}

/// `POST /api/v1/documents/jobs/{jobId}/retry` (failed or cancelled → a new job).
pub async fn retry_job(
    State(state): State<AppState>,
    access: Access,
    Path(id): Path<String>,
) -> ApiResult<(StatusCode, Json<Value>)> {
    let old = find(&state, &access.environment.id, &id).await?;
    if !matches!(old.status, JobStatus::Failed | JobStatus::Cancelled) {
        return Err(HttpError(ApiError::with_message(
            ErrorCode::JobWrongState,
            "Only failed or cancelled jobs can be retried",
        )));
    }
    let protected = serde_json::from_str::<Value>(&old.template_snapshot)
        .is_ok_and(|snapshot| snapshot.get(super::prepare::PASSWORDS_MARK).is_some());
    if protected {
        return Err(HttpError(ApiError::with_message(
            ErrorCode::JobWrongState,
            "This job's request gave PDF passwords, which were deleted when it ended; generate the document again \
             with its passwords",
        )));
    }
    let mut job = JobRecord {
        id: new_id(prefix::JOB),
        status: JobStatus::Queued,
        batch_id: None,
        idempotency_key: None,
        request_hash: None,
        created_by: access.caller.actor_id().to_string(),
        attempts: 0,
        lease_owner: None,
        lease_until: None,
        file_key: None,
        file_size: None,
        page_count: None,
        content_type: None,
        render_ms: None,
        error_code: None,
        error_message: None,
        retried_from: Some(old.id.clone()),
        created_at: Timestamp::now(),
        processing_at: None,
        completed_at: None,
        expires_at: None,
        file_deleted_at: None,
        trace_parent: None,
        pdf_secrets: None,
        ..old
    };
    let quotas = super::quota::applying(&state, &access.caller, &access.environment).await?;
    let span = super::generate::enqueue_span(&mut job);
    let stored = state.store.enqueue_job(&job, &quotas).instrument(span).await?;
    crate::metrics::metrics().jobs_queued_of(&stored.format, 1);
    state.job_wake.notify_one();
    let wait = estimate_wait_seconds(&state).await?;
    let status_url = format!("{}/api/v1/documents/jobs/{}", state.public_url, stored.id);
    Ok((
        StatusCode::ACCEPTED,
        Json(
            json!({ "jobId": stored.id, "status": stored.status, "statusUrl": status_url, "estimatedWaitSeconds": wait, "retriedFrom": id }),
        ),
    ))
}

/// `DELETE /api/v1/documents/jobs/{jobId}`: the record and its file. Running jobs must be cancelled first.
pub async fn delete_job(
    State(state): State<AppState>,
    access: Access,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    let job = find(&state, &access.environment.id, &id).await?;
    if matches!(job.status, JobStatus::Queued | JobStatus::Processing) {
        return Err(HttpError(ApiError::with_message(ErrorCode::JobWrongState, "Cancel the job before deleting it")));
    }
    if let Some(key) = &job.file_key {
        state.files.delete(key).await.map_err(HttpError::internal)?;
    }
    state.store.delete_job(&access.environment.id, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `GET /api/v1/documents/batches/{batchId}`.
pub async fn get_batch(
    State(state): State<AppState>,
    access: Access,
    Path(id): Path<String>,
) -> ApiResult<Json<Value>> {
    let batch = state.store.batch(&access.environment.id, &id).await?.ok_or(ErrorCode::BatchNotFound)?;
    let counts = state.store.batch_counts(&batch.id).await?;
    let filter = JobFilter { batch_id: Some(batch.id.clone()), ..Default::default() };
    let (jobs, _) = state.store.jobs(&access.environment.id, &filter, 0, 100).await?;
    let mut out = Vec::with_capacity(jobs.len());
    for job in jobs {
        out.push(job_out(&state, job).await);
    }
    Ok(Json(batch_out(&batch, &counts, out)))
}
