//! Liveness (`/health`) and readiness (`/ready`, the store answers), without auth.

use axum::Router;
use axum::extract::State;
use axum::routing::get;
use quire_core::ErrorCode;
use serde_json::{Value, json};

use crate::http::{ApiResult, HttpError, Json};
use crate::state::AppState;

/// The routes.
pub fn router() -> Router<AppState> {
    Router::new().route("/health", get(health)).route("/ready", get(ready))
}

async fn health() -> Json<Value> {
    Json(json!({ "status": "ok", "version": env!("CARGO_PKG_VERSION") }))
}

async fn ready(State(state): State<AppState>) -> ApiResult<Json<Value>> {
    state.store.ping().await.map_err(|e| {
        tracing::warn!(error = %e, "store not reachable");
        HttpError::from(ErrorCode::Unavailable)
    })?;
    Ok(Json(json!({ "status": "ready" })))
}
