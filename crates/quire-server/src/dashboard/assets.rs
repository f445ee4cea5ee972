//! The dashboard's files, embedded in the binary at build time, served with an ETag and a strict
//! Content-Security-Policy; every page path answers the app's `index.html` (the app routes in the browser).

use std::collections::HashMap;
use std::sync::LazyLock;

use axum::Router;
use axum::extract::Path;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use sha2::{Digest, Sha256};

use crate::state::AppState;

/// One embedded file, by its path under `dashboard/`.
struct Asset {
    path: &'static str,
    body: &'static [u8],
}

macro_rules! embed {
    ($($path:literal),* $(,)?) => {
        &[$(Asset { path: $path, body: include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/dashboard/", $path)) }),*]
    };
}

/// Every file of the dashboard (a test checks the folder holds no other).
const ASSETS: &[Asset] = embed!(
    "index.html",
    "app.css",
    "favicon.svg",
    "js/api.js",
    "js/app.js",
    "js/dom.js",
    "js/format.js",
    "js/dialogs.js",
    "js/chart.js",
    "js/switcher.js",
    "js/invitations.js",
    "js/pages/signin.js",
    "js/pages/keys.js",
    "js/pages/key_dialogs.js",
    "js/pages/members.js",
    "js/pages/activity.js",
    "js/pages/apps.js",
    "js/pages/consent.js",
);

/// Scripts, styles, images and API calls only from this server; no framing, no plugins, no inline script.
const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
     connect-src 'self'; font-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/// Path → (body, ETag).
static INDEX: LazyLock<HashMap<&'static str, (&'static [u8], String)>> = LazyLock::new(|| {
    ASSETS.iter().map(|a| (a.path, (a.body, format!("\"{}\"", hex::encode(&Sha256::digest(a.body)[..12]))))).collect()
});

/// The routes of the pages and files.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/dashboard", get(page))
        .route("/dashboard/", get(page))
        .route("/dashboard/assets/{*file}", get(file))
        .route("/dashboard/{*page}", get(page))
}

fn content_type(path: &str) -> &'static str {
    match path.rsplit_once('.').map(|(_, ext)| ext) {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("svg") => "image/svg+xml",
        _ => "application/octet-stream",
    }
}

async fn page(headers: HeaderMap) -> Response {
    serve("index.html", &headers)
}

async fn file(Path(file): Path<String>, headers: HeaderMap) -> Response {
    if file == "index.html" || !INDEX.contains_key(file.as_str()) {
        return crate::http::HttpError(quire_core::ApiError::new(quire_core::ErrorCode::NotFound)).into_response();
    }
    serve(&file, &headers)
}

/// The file with caching by ETag (browsers revalidate; a new binary serves new files at once).
fn serve(path: &str, request: &HeaderMap) -> Response {
    let Some((body, etag)) = INDEX.get(path) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let fresh = request.get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok()).is_some_and(|v| v == etag);
    let mut response = if fresh { StatusCode::NOT_MODIFIED.into_response() } else { body.into_response() };
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type(path)));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    if let Ok(value) = HeaderValue::from_str(etag) {
        headers.insert(header::ETAG, value);
    }
    headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CONTENT_SECURITY_POLICY));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files_under(dir: &std::path::Path, base: &std::path::Path, out: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                files_under(&path, base, out);
            } else {
                out.push(path.strip_prefix(base).unwrap().to_string_lossy().replace('\\', "/"));
            }
        }
    }

    #[test]
    fn every_dashboard_file_is_embedded() {
        let base = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("dashboard");
        let mut on_disk = Vec::new();
        files_under(&base, &base, &mut on_disk);
        on_disk.sort();
        let mut embedded: Vec<String> = ASSETS.iter().map(|a| a.path.to_string()).collect();
        embedded.sort();
        assert_eq!(on_disk, embedded);
    }

    #[test]
    fn known_types() {
        assert_eq!(content_type("js/app.js"), "text/javascript; charset=utf-8");
        assert_eq!(content_type("app.css"), "text/css; charset=utf-8");
    }
}
