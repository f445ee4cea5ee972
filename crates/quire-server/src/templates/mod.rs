//! The Templates API (API.md §5): templates with an editable draft and immutable published versions,
//! validation, preview, and the assets (images, fonts) templates reference as `assets://asset_…`.
//!
//! Files by concern: `model` (wire types), `lookup` (environment and `:id` resolution), `checks`
//! (field and engine validation, output formats), `routes` (create/list/get/update/delete), `versions`
//! (publish, unpublish, version history), `preview` (synchronous render, variables, validate), `sample_data` (stand-in preview data),
//! `assets` (upload/list/delete and prefetching for renders), `sniff` (content type from bytes) and
//! `svg` (refusing scripts and external references in SVG uploads).

pub mod assets;
pub mod checks;
pub mod lookup;
pub mod model;
pub mod preview;
pub mod project_fonts;
pub mod remote_images;
pub mod routes;
pub mod sample_data;
pub mod sniff;
pub mod svg;
pub mod versions;

use axum::Router;
use axum::routing::{get, post};
use quire_render::OutputFormat;
use quire_store::{TemplateRecord, TemplateVersion};

use crate::state::AppState;

pub use assets::prefetch_assets;

/// Every template and asset route.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/templates", get(routes::list).post(routes::create))
        .route("/api/templates/attachment", get(routes::list))
        .route("/api/v1/templates/validate", post(preview::validate))
        .route("/api/v1/templates/{templateId}", get(routes::fetch).patch(routes::update).delete(routes::remove))
        .route("/api/templates/{templateId}", get(routes::fetch))
        .route("/api/v1/templates/{templateId}/publish", post(versions::publish))
        .route("/api/v1/templates/{templateId}/unpublish", post(versions::unpublish))
        .route("/api/v1/templates/{templateId}/versions", get(versions::list))
        .route("/api/v1/templates/{templateId}/versions/{version}", get(versions::fetch))
        .route("/api/v1/templates/{templateId}/preview", post(preview::preview))
        .route("/api/v1/templates/{templateId}/variables", get(preview::variables))
        .merge(assets::router())
}

/// Output formats a template's draft offers, as [`OutputFormat`] values (so generate can refuse the
/// others with `ERR_TMPL_005`).
pub fn offered_formats(record: &TemplateRecord) -> Vec<OutputFormat> {
    checks::parse_formats(&record.output_formats)
}

/// Output formats a published version offers (frozen when it was published).
pub fn offered_version_formats(version: &TemplateVersion) -> Vec<OutputFormat> {
    checks::parse_formats(&version.output_formats)
}
