//! The web dashboard served by the binary: the cookie session endpoints and the embedded single-page app.

pub mod assets;
pub mod session;

use axum::Router;
use axum::response::Redirect;
use axum::routing::get;

use crate::state::AppState;

/// Where the dashboard lives.
pub const BASE_PATH: &str = "/dashboard";

/// The routes: `/` redirects to the dashboard, its pages and files, and the session endpoints.
pub fn router() -> Router<AppState> {
    Router::new().route("/", get(|| async { Redirect::to(BASE_PATH) })).merge(assets::router()).merge(session::router())
}

/// The dashboard's pages and files (served without rate limiting: they are static and cheap).
pub fn is_static_path(path: &str) -> bool {
    path == "/" || path == BASE_PATH || path.strip_prefix(BASE_PATH).is_some_and(|rest| rest.starts_with('/'))
}
