//! `X-Request-Id` on every request and response: the client's (when sane) or a fresh one.

use axum::extract::Request;
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::Response;
use tracing::field::Empty;

use crate::telemetry::http::{finish_server_span, start_server_span};

/// The request's id, in request extensions.
#[derive(Debug, Clone)]
pub struct RequestId(pub String);

/// Header name.
pub const REQUEST_ID_HEADER: &str = "x-request-id";

fn acceptable(id: &str) -> bool {
    (1..=128).contains(&id.len()) && id.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.:".contains(&b))
}

/// Middleware: assigns the id, records it on the tracing span (the trace's server span when export is on)
/// and echoes it in the response.
pub async fn assign_request_id(mut request: Request, next: Next) -> Response {
    let id = request
        .headers()
        .get(REQUEST_ID_HEADER)
        .and_then(|v| v.to_str().ok())
        .filter(|v| acceptable(v))
        .map(str::to_string)
        .unwrap_or_else(|| format!("req_{}", quire_core::base62::random_string(20)));
    request.extensions_mut().insert(RequestId(id.clone()));
    // `otel.*` stay empty, and so out of the log lines, unless trace export is on.
    let span = tracing::info_span!(
        "request",
        request_id = %id,
        method = %request.method(),
        path = %request.uri().path(),
        otel.name = Empty,
        otel.kind = Empty,
    );
    start_server_span(&span, &request);
    let mut response = {
        let _enter = span.enter();
        tracing::debug!("request received");
        drop(_enter);
        tracing::Instrument::instrument(next.run(request), span.clone()).await
    };
    span.in_scope(|| tracing::info!(status = response.status().as_u16(), "request finished"));
    finish_server_span(&span, response.status());
    if let Ok(value) = HeaderValue::from_str(&id) {
        response.headers_mut().insert(REQUEST_ID_HEADER, value);
    }
    response
}
