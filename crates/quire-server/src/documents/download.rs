//! Signed downloads: the signature is the authority (no `Authorization` needed, and any header is ignored).

use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use quire_core::{ApiError, ErrorCode, Timestamp};
use quire_store::JobStatus;
use serde::Deserialize;

use super::links::LinkError;
use crate::http::{ApiResult, HttpError};
use crate::state::AppState;

#[derive(Debug, Deserialize)]
pub struct LinkQuery {
    expires: Option<i64>,
    signature: Option<String>,
}

/// `Content-Disposition: attachment` with an ASCII fallback and the UTF-8 name (RFC 6266 / 5987).
pub fn content_disposition(filename: &str, extension: &str) -> HeaderValue {
    let full = format!("{filename}.{extension}");
    let ascii: String = full
        .chars()
        .map(|c| if c.is_ascii_graphic() || c == ' ' { c } else { '_' })
        .filter(|c| *c != '"' && *c != '\\')
        .collect();
    let encoded: String = full
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    HeaderValue::from_str(&format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}"))
        .unwrap_or_else(|_| HeaderValue::from_static("attachment"))
}

/// `GET /api/v1/documents/jobs/{jobId}/download?expires&signature`.
pub async fn download(
    State(state): State<AppState>,
    Path(job_id): Path<String>,
    Query(q): Query<LinkQuery>,
) -> ApiResult<Response> {
    let (Some(expires), Some(signature)) = (q.expires, q.signature) else {
        return Err(HttpError(ApiError::with_message(
            ErrorCode::DownloadLinkInvalid,
            "Download link is missing its signature",
        )));
    };
    match state.links.verify(&job_id, expires, &signature, Timestamp::now()) {
        Ok(()) => {}
        Err(LinkError::Expired) => {
            return Err(HttpError(ApiError::with_message(
                ErrorCode::DownloadLinkInvalid,
                "Download link has expired; read the job again for a fresh link",
            )));
        }
        Err(LinkError::BadSignature) => {
            return Err(HttpError(ApiError::with_message(
                ErrorCode::DownloadLinkInvalid,
                "Download link signature is invalid",
            )));
        }
    }
    let job = state.store.job_by_id(&job_id).await?.ok_or(ErrorCode::JobNotFound)?;
    if job.status != JobStatus::Completed {
        return Err(ErrorCode::JobWrongState.into());
    }
    let key = match (&job.file_key, job.file_deleted_at) {
        (Some(key), None) => key.clone(),
        _ => {
            return Err(HttpError(ApiError::with_message(
                ErrorCode::DocumentExpired,
                "Document has expired: its file was deleted after the retention period",
            )));
        }
    };
    let bytes = state
        .files
        .get(&key)
        .await
        .map_err(HttpError::internal)?
        .ok_or_else(|| HttpError(ApiError::new(ErrorCode::DocumentExpired)))?;
    super::events::document_downloaded(&state, &job).await;
    let content_type = job.content_type.clone().unwrap_or_else(|| "application/octet-stream".into());
    let extension = job.format.clone();
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_str(&content_type).unwrap_or(HeaderValue::from_static("application/octet-stream")),
    );
    headers.insert(header::CONTENT_DISPOSITION, content_disposition(&job.filename, &extension));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    Ok(response)
}
