//! Caps on the request line and headers (`QUIRE_MAX_URL_BYTES`, `QUIRE_MAX_HEADER_BYTES`), checked before anything
//! else reads the request, so an oversized request costs no authentication, rate-limit or store work.

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use quire_core::{ApiError, ErrorCode};

use crate::http::HttpError;
use crate::state::AppState;

/// Middleware: `414 ERR_VALID_004` for a long URL, `431 ERR_VALID_005` for large headers.
pub async fn enforce_request_limits(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let config = &state.config;
    let target = request.uri().path_and_query().map_or(0, |pq| pq.as_str().len());
    if target > config.max_url_bytes {
        let message = format!("Request URL is too long: {target} bytes, at most {} allowed", config.max_url_bytes);
        return HttpError(ApiError::with_message(ErrorCode::UriTooLong, message)).into_response();
    }
    let headers: usize = request.headers().iter().map(|(name, value)| name.as_str().len() + value.len()).sum();
    if headers > config.max_header_bytes {
        let message =
            format!("Request headers are too large: {headers} bytes, at most {} allowed", config.max_header_bytes);
        return HttpError(ApiError::with_message(ErrorCode::HeadersTooLarge, message)).into_response();
    }
    next.run(request).await
}
