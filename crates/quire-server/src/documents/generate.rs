//! Generate (async job), batch (up to 100 jobs) and render (synchronous file).

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use quire_core::ids::{new_id, prefix};
use quire_core::{ApiError, ErrorCode, FieldError, Timestamp};
use quire_store::{BatchRecord, JobRecord, JobStatus};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use tracing::Instrument;

use super::model::{BatchIn, GenerateIn};
use super::prepare::{
    MAX_BATCH_VARIABLES_BYTES, MAX_VARIABLES_BYTES, PreparedTemplate, apply_request_options, check_einvoice,
    check_filename, check_input_variables, check_metadata, check_signing, default_filename, environment_for,
    prepare_template,
};
use crate::auth::Caller;
use crate::http::json::parse_json;
use crate::http::{ApiResult, HttpError, Json};
use crate::state::AppState;

/// Most documents in one batch.
pub const MAX_BATCH_DOCUMENTS: usize = 100;
/// Attempts a job gets before it stays failed.
pub const MAX_ATTEMPTS: i64 = 3;

type QueryMap = Query<HashMap<String, String>>;

fn query_environment(query: &HashMap<String, String>) -> Option<&str> {
    query.get("workspaceId").or_else(|| query.get("environmentId")).map(String::as_str)
}

fn fail_if_any(errors: Vec<FieldError>) -> Result<(), HttpError> {
    if errors.is_empty() { Ok(()) } else { Err(HttpError(ApiError::validation(errors))) }
}

/// A job record ready to queue.
fn new_job(
    caller: &Caller,
    t: &PreparedTemplate,
    variables: &Value,
    filename: String,
    metadata: Option<String>,
    webhook: (&Option<String>, &Option<String>),
) -> JobRecord {
    JobRecord {
        id: new_id(prefix::JOB),
        project_id: t.environment.environment.project_id.clone(),
        environment_id: t.environment.environment.id.clone(),
        template_id: t.record.id.clone(),
        template_name: t.record.name.clone(),
        template_version: t.version,
        template_snapshot: t.snapshot.to_string(),
        format: t.format.as_str().to_string(),
        status: JobStatus::Queued,
        variables: if variables.is_null() { "{}".into() } else { variables.to_string() },
        filename,
        metadata,
        webhook_url: webhook.0.clone(),
        webhook_secret: webhook.1.clone(),
        batch_id: None,
        idempotency_key: None,
        request_hash: None,
        created_by: caller.actor_id().to_string(),
        attempts: 0,
        max_attempts: MAX_ATTEMPTS,
        lease_owner: None,
        lease_until: None,
        file_key: None,
        file_size: None,
        page_count: None,
        content_type: None,
        render_ms: None,
        error_code: None,
        error_message: None,
        retried_from: None,
        created_at: Timestamp::now(),
        processing_at: None,
        completed_at: None,
        expires_at: None,
        file_deleted_at: None,
        trace_parent: None,
        pdf_secrets: None,
    }
}

/// The span around queueing `job`, whose trace context the job now carries so the worker's span continues
/// this trace (a batch's jobs carry the batch's instead, see [`generate_batch`]).
pub(super) fn enqueue_span(job: &mut JobRecord) -> tracing::Span {
    let span = tracing::info_span!("document.enqueue", job_id = %job.id, template_id = %job.template_id);
    job.trace_parent = crate::telemetry::propagation::trace_parent(&span);
    span
}

/// Seconds until a newly queued job is likely done: queue depth × recent render time over the workers.
pub async fn estimate_wait_seconds(state: &AppState) -> Result<i64, HttpError> {
    let depth = state.store.queue_depth().await?;
    let per_job_ms = state.store.recent_render_ms(50).await?.unwrap_or(50.0);
    let workers = state.config.workers().max(1) as f64;
    Ok(((depth as f64 + 1.0) * per_job_ms / workers / 1000.0).ceil().max(1.0) as i64)
}

async fn check_webhook(state: &AppState, url: &Option<String>, secret: &Option<String>) -> Result<(), HttpError> {
    if let Some(secret) = secret
        && secret.len() > 256
    {
        return Err(HttpError(ApiError::invalid_field("webhookSecret", "must be at most 256 characters")));
    }
    if let Some(url) = url {
        crate::webhooks::check_target_url(state, url).await?;
    }
    Ok(())
}

/// Validates a generate body into a job (not yet stored).
async fn job_from_request(
    state: &AppState,
    caller: &Caller,
    body: &GenerateIn,
    query: &HashMap<String, String>,
) -> Result<(JobRecord, PreparedTemplate), HttpError> {
    let environment = environment_for(state, caller, body.workspace_id.as_deref(), query_environment(query)).await?;
    let mut template = prepare_template(state, environment, &body.template_id, &body.format, body.use_draft).await?;
    apply_request_options(&mut template, body.pdf.as_ref(), body.e_invoice.as_ref())?;
    check_signing(state, &template).await?;
    let variables = body.variables.clone().unwrap_or(Value::Null);
    check_input_variables(&template.doc, &variables, "", MAX_VARIABLES_BYTES)?;
    check_einvoice(state, &template, &variables, "")?;
    let mut errors = Vec::new();
    let metadata = check_metadata(&body.metadata, "metadata", &mut errors);
    let filename = check_filename(&body.filename, template.format, "filename", &mut errors);
    fail_if_any(errors)?;
    check_webhook(state, &body.webhook_url, &body.webhook_secret).await?;
    let filename = filename.unwrap_or_else(|| default_filename(&template.record.name));
    let mut job = new_job(caller, &template, &variables, filename, metadata, (&body.webhook_url, &body.webhook_secret));
    job.pdf_secrets = super::pdf_secrets::seal(state, &job.id, &template.passwords)?;
    Ok((job, template))
}

/// `POST /api/v1/documents/generate`.
pub async fn generate(
    State(state): State<AppState>,
    caller: Caller,
    Query(query): QueryMap,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<(StatusCode, Json<Value>)> {
    let request: GenerateIn = parse_json(&body)?;
    let (mut job, template) = job_from_request(&state, &caller, &request, &query).await?;
    if let Some(key) = headers.get("idempotency-key") {
        let key = key.to_str().ok().filter(|k| !k.is_empty() && k.len() <= 255).ok_or_else(|| {
            HttpError(ApiError::invalid_field("Idempotency-Key", "must be 1 to 255 visible ASCII characters"))
        })?;
        job.idempotency_key = Some(key.to_string());
        job.request_hash = Some(hex::encode(Sha256::digest(&body)));
    }
    let quotas = super::quota::applying(&state, &caller, &template.environment.environment).await?;
    let span = enqueue_span(&mut job);
    let stored = state.store.enqueue_job(&job, &quotas).instrument(span).await?;
    if stored.id != job.id && stored.request_hash != job.request_hash {
        return Err(HttpError(ApiError::with_message(
            ErrorCode::Conflict,
            "This Idempotency-Key was already used with a different request",
        )));
    }
    if stored.id == job.id {
        crate::metrics::metrics().jobs_queued_of(&job.format, 1);
    }
    state.job_wake.notify_one();
    let wait = estimate_wait_seconds(&state).await?;
    let status_url = format!("{}/api/v1/documents/jobs/{}", state.public_url, stored.id);
    Ok((
        StatusCode::ACCEPTED,
        Json(
            json!({ "jobId": stored.id, "status": stored.status, "statusUrl": status_url, "estimatedWaitSeconds": wait }),
        ),
    ))
}

/// `POST /api/v1/documents/generate/batch`.
pub async fn generate_batch(
    State(state): State<AppState>,
    caller: Caller,
    Query(query): QueryMap,
    Json(body): Json<BatchIn>,
) -> ApiResult<(StatusCode, Json<Value>)> {
    if body.documents.is_empty() || body.documents.len() > MAX_BATCH_DOCUMENTS {
        return Err(HttpError(ApiError::invalid_field(
            "documents",
            format!("must hold 1 to {MAX_BATCH_DOCUMENTS} documents"),
        )));
    }
    let environment = environment_for(&state, &caller, body.workspace_id.as_deref(), query_environment(&query)).await?;
    let mut template = prepare_template(&state, environment, &body.template_id, &body.format, body.use_draft).await?;
    apply_request_options(&mut template, body.pdf.as_ref(), body.e_invoice.as_ref())?;
    check_signing(&state, &template).await?;
    let mut errors = Vec::new();
    let batch_metadata = check_metadata(&body.metadata, "metadata", &mut errors);
    let mut jobs = Vec::with_capacity(body.documents.len());
    for (i, doc) in body.documents.iter().enumerate() {
        let variables = doc.variables.clone().unwrap_or(Value::Null);
        check_input_variables(&template.doc, &variables, &format!("documents[{i}]."), MAX_BATCH_VARIABLES_BYTES)?;
        check_einvoice(&state, &template, &variables, &format!("documents[{i}]."))?;
        let metadata = check_metadata(&doc.metadata, &format!("documents[{i}].metadata"), &mut errors)
            .or_else(|| batch_metadata.clone());
        let filename = check_filename(&doc.filename, template.format, &format!("documents[{i}].filename"), &mut errors)
            .unwrap_or_else(|| format!("{}-{}", default_filename(&template.record.name), i + 1));
        let mut job =
            new_job(&caller, &template, &variables, filename, metadata, (&body.webhook_url, &body.webhook_secret));
        job.pdf_secrets = super::pdf_secrets::seal(&state, &job.id, &template.passwords)?;
        jobs.push(job);
    }
    fail_if_any(errors)?;
    check_webhook(&state, &body.webhook_url, &body.webhook_secret).await?;
    let batch = BatchRecord {
        id: new_id(prefix::BATCH),
        project_id: template.environment.environment.project_id.clone(),
        environment_id: template.environment.environment.id.clone(),
        template_id: template.record.id.clone(),
        template_name: template.record.name.clone(),
        format: template.format.as_str().to_string(),
        total_jobs: jobs.len() as i64,
        metadata: batch_metadata,
        created_at: Timestamp::now(),
        completed_at: None,
    };
    // One trace per document: each job starts its own trace with a link to this one (see the worker).
    let span = tracing::info_span!("document.enqueue", batch_id = %batch.id, jobs = jobs.len());
    let trace_parent = crate::telemetry::propagation::trace_parent(&span);
    for job in &mut jobs {
        job.batch_id = Some(batch.id.clone());
        job.trace_parent = trace_parent.clone();
    }
    let quotas = super::quota::applying(&state, &caller, &template.environment.environment).await?;
    state.store.enqueue_batch(&batch, &jobs, &quotas).instrument(span).await?;
    if let Some(first) = jobs.first() {
        crate::metrics::metrics().jobs_queued_of(&first.format, jobs.len() as u64);
    }
    for _ in 0..jobs.len().min(state.config.workers()) {
        state.job_wake.notify_one();
    }
    let wait = estimate_wait_seconds(&state).await?;
    let status_url = format!("{}/api/v1/documents/batches/{}", state.public_url, batch.id);
    Ok((
        StatusCode::ACCEPTED,
        Json(
            json!({ "batchId": batch.id, "status": "queued", "totalJobs": batch.total_jobs, "statusUrl": status_url, "estimatedWaitSeconds": wait }),
        ),
    ))
}

/// `POST /api/v1/documents/render`: the same body as generate, answered with the file itself.
pub async fn render_now(
    State(state): State<AppState>,
    caller: Caller,
    Query(query): QueryMap,
    Json(body): Json<GenerateIn>,
) -> ApiResult<Response> {
    let (job, template) = job_from_request(&state, &caller, &body, &query).await?;
    super::quota::record_sync_render(&state, &caller, &template.environment.environment).await?;
    let variables: Value = serde_json::from_str(&job.variables).unwrap_or(Value::Null);
    // Assets may be named by the template (defaults) or by the input variables.
    let referenced = json!([template.snapshot["variables"], variables]);
    let assets = crate::templates::assets::prefetch_assets(
        &state,
        (&job.project_id, &job.environment_id),
        &template.snapshot["schema"],
        &referenced,
        template.format,
    )
    .await?;
    let file = state
        .renderer
        .render_with_passwords(Arc::new(template.doc), variables, template.format, assets, template.passwords)
        .await
        .map_err(crate::templates::preview::render_failure)?;
    let mut response = file.bytes.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(file.content_type));
    headers.insert(
        header::CONTENT_DISPOSITION,
        super::download::content_disposition(&job.filename, template.format.extension()),
    );
    if let Some(pages) = file.page_count {
        headers.insert("x-page-count", HeaderValue::from(pages));
    }
    Ok(response)
}
