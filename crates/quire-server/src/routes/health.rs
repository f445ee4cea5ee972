//! Liveness (`/health`) and readiness (`/ready`: the store, the file store and, when configured, the shared
//! rate-limit Redis answer), without auth.

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
    let (store, files, limiter) = tokio::join!(state.store.ping(), state.files.ready(), state.rate_limiter.ready());
    let checks = [
        ("store", store.map_err(|e| e.to_string())),
        ("files", files.map_err(|e| e.to_string())),
        ("rateLimiter", limiter),
    ];
    let mut failed = false;
    for (name, outcome) in &checks {
        if let Err(e) = outcome {
            tracing::warn!(check = name, error = %e, "not ready");
            failed = true;
        }
    }
    if failed {
        let names: Vec<&str> = checks.iter().filter(|(_, o)| o.is_err()).map(|(n, _)| *n).collect();
        return Err(HttpError(quire_core::ApiError::with_message(
            ErrorCode::Unavailable,
            format!("Service is not ready: {} not reachable", names.join(", ")),
        )));
    }
    Ok(Json(json!({ "status": "ready", "checks": { "store": "ok", "files": "ok", "rateLimiter": "ok" } })))
}
