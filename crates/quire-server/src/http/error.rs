//! Turning catalogue errors into responses with the body of API.md §1.

use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use quire_core::{ApiError, ErrorCode, Timestamp};
use quire_store::StoreError;

use super::request_id::RequestId;

/// An error answered to the client. Only catalogue errors reach the client; anything else is logged
/// and answered `500 ERR_INTERNAL` with the request id.
#[derive(Debug)]
pub struct HttpError(pub ApiError);

/// Result of a handler.
pub type ApiResult<T> = Result<T, HttpError>;

impl From<ApiError> for HttpError {
    fn from(e: ApiError) -> Self {
        HttpError(e)
    }
}

impl From<ErrorCode> for HttpError {
    fn from(code: ErrorCode) -> Self {
        HttpError(ApiError::new(code))
    }
}

impl From<StoreError> for HttpError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound => HttpError(ApiError::new(ErrorCode::NotFound)),
            StoreError::Conflict(_) => HttpError(ApiError::new(ErrorCode::Conflict)),
            StoreError::QuotaExceeded { used, limit, environment } => {
                HttpError(crate::documents::quota::refusal(used, limit, environment))
            }
            other if other.is_unavailable() => {
                crate::metrics::metrics().store_error("http");
                tracing::error!(error = %other, "the database is unreachable");
                HttpError(ApiError::with_message(
                    ErrorCode::Unavailable,
                    "The database is not reachable right now; retry shortly",
                ))
            }
            other => {
                crate::metrics::metrics().store_error("http");
                HttpError::internal(other)
            }
        }
    }
}

impl HttpError {
    /// Logs an unexpected failure and hides it behind `ERR_INTERNAL`.
    pub fn internal(err: impl std::fmt::Display) -> Self {
        tracing::error!(error = %err, "internal error");
        HttpError(ApiError::new(ErrorCode::Internal))
    }
}

/// The error carried to [`finish_error_body`], which knows the path and request id.
#[derive(Clone)]
struct PendingError(ApiError);

impl IntoResponse for HttpError {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.0.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut response = status.into_response();
        if let Some(seconds) = self.0.retry_after {
            response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response.extensions_mut().insert(PendingError(self.0));
        response
    }
}

/// Longest framework rejection text kept as the error message.
const MAX_REJECTION_MESSAGE: usize = 512;

/// The catalogue code for an error status the framework produced without a catalogue error (routing's
/// 405, extractor rejections such as a bad query string or an oversized body read as raw bytes).
fn code_for_bare_status(status: StatusCode) -> Option<ErrorCode> {
    Some(match status {
        StatusCode::BAD_REQUEST => ErrorCode::Validation,
        StatusCode::UNAUTHORIZED => ErrorCode::AuthMissing,
        StatusCode::FORBIDDEN => ErrorCode::AuthForbidden,
        StatusCode::NOT_FOUND => ErrorCode::NotFound,
        StatusCode::METHOD_NOT_ALLOWED => ErrorCode::MethodNotAllowed,
        StatusCode::PAYLOAD_TOO_LARGE => ErrorCode::BodyTooLarge,
        StatusCode::TOO_MANY_REQUESTS => ErrorCode::RateLimited,
        StatusCode::SERVICE_UNAVAILABLE => ErrorCode::Unavailable,
        StatusCode::INTERNAL_SERVER_ERROR => ErrorCode::Internal,
        _ => return None,
    })
}

/// A catalogue error for a bare error response; a 400's own text (an extractor's explanation, which
/// names the parameter and never internals) is kept as the message.
async fn bare_error(response: Response) -> (Response, Option<ApiError>) {
    let status = response.status();
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.starts_with("application/json"));
    let Some(code) = code_for_bare_status(status).filter(|_| !is_json) else { return (response, None) };
    let (parts, body) = response.into_parts();
    let text = axum::body::to_bytes(body, MAX_REJECTION_MESSAGE).await.ok();
    let message = text
        .as_deref()
        .and_then(|b| std::str::from_utf8(b).ok())
        .map(str::trim)
        .filter(|t| !t.is_empty() && code == ErrorCode::Validation)
        .map(str::to_string);
    let error = match message {
        Some(m) => ApiError::with_message(code, m),
        None => ApiError::new(code),
    };
    (Response::from_parts(parts, axum::body::Body::empty()), Some(error))
}

/// Middleware: writes the JSON body of every error response (`statusCode`, `error`, `code`, `message`,
/// `timestamp`, `path`, `relatedInfo`, `requestId`). Also gives the framework's bare error responses
/// (routing's 405, extractor rejections) a catalogue body.
pub async fn finish_error_body(request: Request, next: Next) -> Response {
    let path = request.uri().path().to_string();
    let request_id = request.extensions().get::<RequestId>().cloned();
    let mut response = next.run(request).await;
    let pending = match response.extensions_mut().remove::<PendingError>() {
        Some(p) => p.0,
        None if response.status().is_client_error() || response.status().is_server_error() => {
            let (bare, error) = bare_error(response).await;
            match error {
                Some(e) => {
                    response = bare;
                    e
                }
                None => return bare,
            }
        }
        None => return response,
    };
    let mut body = serde_json::json!({
        "statusCode": pending.status(),
        "error": pending.code.as_str(),
        "code": pending.code.as_str(),
        "message": pending.message,
        "timestamp": Timestamp::now(),
        "path": path,
    });
    if let Some(info) = pending.related_info {
        body["relatedInfo"] = info;
    }
    if let Some(seconds) = pending.retry_after {
        body["retryAfter"] = seconds.into();
    }
    if let Some(id) = request_id {
        body["requestId"] = id.0.into();
    }
    let (mut parts, _) = response.into_parts();
    parts.headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, axum::body::Body::from(body.to_string()))
}

/// The fallback for unknown paths.
pub async fn not_found() -> HttpError {
    HttpError(ApiError::new(ErrorCode::NotFound))
}
