//! The documents API (API.md §6, §8): generate, batches, jobs, signed downloads, analytics, and the workers.

pub mod analytics;
pub mod download;
pub mod events;
pub mod files;
pub mod generate;
pub mod jobs;
pub mod links;
pub mod model;
pub mod pdf_secrets;
pub mod prepare;
pub mod quota;
pub mod retention;
pub mod worker;

use axum::Router;
use axum::routing::{get, post};

use crate::state::AppState;

/// The routes, with Rynko's path aliases.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/documents/generate", post(generate::generate))
        .route("/api/documents/generate", post(generate::generate))
        .route("/v1/documents/generate", post(generate::generate))
        .route("/api/v1/documents/generate/batch", post(generate::generate_batch))
        .route("/api/documents/generate/batch", post(generate::generate_batch))
        .route("/api/v1/documents/render", post(generate::render_now))
        .route("/api/v1/documents/jobs", get(jobs::list_jobs))
        .route("/api/v1/documents/jobs/{jobId}", get(jobs::get_job).delete(jobs::delete_job))
        .route("/api/v1/documents/jobs/{jobId}/cancel", post(jobs::cancel_job))
        .route("/api/v1/documents/jobs/{jobId}/retry", post(jobs::retry_job))
        .route("/api/v1/documents/jobs/{jobId}/download", get(download::download))
        .route("/api/v1/documents/batches/{batchId}", get(jobs::get_batch))
        .route("/api/v1/documents/analytics", get(analytics::documents))
        .route("/api/v1/templates/{templateId}/analytics", get(analytics::template))
}
