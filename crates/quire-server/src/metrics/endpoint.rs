//! `GET /metrics`: on the main listener behind `QUIRE_METRICS_TOKEN`, or on a listener of its own
//! (`QUIRE_METRICS_LISTEN`); and the middleware that counts every HTTP request.

use std::net::SocketAddr;
use std::time::Instant;

use axum::Router;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use quire_core::{ApiError, ErrorCode};
use subtle::ConstantTimeEq;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;

use super::families::{RequestLabels, RouteLabels};
use super::metrics;
use crate::http::HttpError;
use crate::state::AppState;

/// The exposition's content type (OpenMetrics 1.0, which Prometheus reads).
const OPENMETRICS: &str = "application/openmetrics-text; version=1.0.0; charset=utf-8";

/// `GET /metrics` on the main listener.
pub fn router() -> Router<AppState> {
    Router::new().route("/metrics", get(scrape_with_token))
}

/// Answers only to `Authorization: Bearer <QUIRE_METRICS_TOKEN>`; without a token configured the endpoint does
/// not exist on the main listener (404), so nothing about the installation is public by default.
async fn scrape_with_token(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let Some(expected) = state.config.metrics_token.as_deref() else {
        return HttpError(ApiError::new(ErrorCode::NotFound)).into_response();
    };
    let presented = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer ").or_else(|| v.strip_prefix("bearer ")))
        .unwrap_or("");
    if !bool::from(presented.as_bytes().ct_eq(expected.as_bytes())) {
        return HttpError(ApiError::with_message(ErrorCode::AuthInvalid, "The metrics token is missing or wrong"))
            .into_response();
    }
    exposition(&state).await
}

async fn exposition(state: &AppState) -> Response {
    let text = metrics().encode(&state.store).await;
    ([(header::CONTENT_TYPE, HeaderValue::from_static(OPENMETRICS))], text).into_response()
}

/// Serves `GET /metrics` without a token on `address` (a private interface) until `stop`.
pub async fn serve_metrics_listener(
    state: AppState,
    address: SocketAddr,
    mut stop: watch::Receiver<bool>,
) -> anyhow::Result<(SocketAddr, JoinHandle<()>)> {
    let listener = TcpListener::bind(address)
        .await
        .map_err(|e| anyhow::anyhow!("cannot listen on QUIRE_METRICS_LISTEN={address}: {e}"))?;
    let bound = listener.local_addr()?;
    let app = Router::new()
        .route("/metrics", get(|State(state): State<AppState>| async move { exposition(&state).await }))
        .with_state(state);
    let task = tokio::spawn(async move {
        let served = axum::serve(listener, app)
            .with_graceful_shutdown(async move { crate::app::stopped(&mut stop).await })
            .await;
        if let Err(e) = served {
            tracing::error!(error = %e, "metrics listener failed");
        }
    });
    Ok((bound, task))
}

/// The route template as API.md writes it (`/api/v1/documents/jobs/:jobId`): no braces, which some text-format
/// parsers mishandle inside label values.
fn route_label(matched: &MatchedPath) -> String {
    matched.as_str().replace('{', ":").replace('}', "")
}

/// Middleware: counts the request by route template, method and status, and observes its latency.
pub async fn track_request(request: Request, next: Next) -> Response {
    let started = Instant::now();
    let route = request.extensions().get::<MatchedPath>().map_or_else(|| "unmatched".to_string(), route_label);
    let method = request.method().as_str().to_string();
    let response = next.run(request).await;
    let m = metrics();
    let status = response.status().as_u16();
    m.http_requests.get_or_create(&RequestLabels { route: route.clone(), method: method.clone(), status }).inc();
    m.http_duration.get_or_create(&RouteLabels { route, method }).observe(started.elapsed().as_secs_f64());
    response
}
