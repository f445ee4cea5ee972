//! The HTTP server span as OpenTelemetry sees it: named `METHOD /route/{template}`, kind server, the
//! semantic-convention attributes, a caller's W3C `traceparent` honoured, 5xx marked as errors.
//!
//! Attributes go straight to OpenTelemetry (not as `tracing` fields) so the log lines stay as they were; the
//! span's own `request_id` field becomes an attribute by itself.

use axum::extract::{MatchedPath, Request};
use axum::http::StatusCode;
use opentelemetry::trace::Status;
use tracing_opentelemetry::OpenTelemetrySpanExt;

/// The route template (`/api/v1/documents/jobs/{jobId}`), never the concrete path with its ids.
fn route(request: &Request) -> Option<&str> {
    request.extensions().get::<MatchedPath>().map(MatchedPath::as_str)
}

/// Fills in `span` (declared with empty `otel.name` and `otel.kind` fields) before it is entered: name, kind, attributes, and the caller's trace as parent.
pub fn start_server_span(span: &tracing::Span, request: &Request) {
    if !super::enabled() {
        return;
    }
    let method = request.method().as_str().to_string();
    let name = match route(request) {
        Some(route) => format!("{method} {route}"),
        None => method.clone(),
    };
    span.record("otel.name", name.as_str());
    span.record("otel.kind", "server");
    span.set_attribute("http.request.method", method);
    if let Some(route) = route(request) {
        span.set_attribute("http.route", route.to_string());
    }
    span.set_attribute("url.path", request.uri().path().to_string());
    super::propagation::continue_from_headers(span, request.headers());
}

/// Records the answer on `span`: the status code, and an error status for 5xx (4xx are the caller's doing).
pub fn finish_server_span(span: &tracing::Span, status: StatusCode) {
    if !super::enabled() {
        return;
    }
    span.set_attribute("http.response.status_code", i64::from(status.as_u16()));
    if status.is_server_error() {
        span.set_status(Status::error(status.to_string()));
    }
}
