//! The fonts an environment uploaded, handed to every PDF render there: listed from the store per render (a
//! deleted font stops at once), their bytes kept in a process-wide cache by content hash.

use std::sync::{Arc, LazyLock};

use quire_render::ProjectFont;

use crate::http::HttpError;
use crate::state::AppState;

/// The newest fonts of an environment given to a render; older ones beyond this are not used.
pub const MAX_FONTS_PER_RENDER: usize = 50;

/// Assets looked at to find them (the listing is newest first).
const ASSETS_SCANNED: i64 = 500;

/// Font bytes by SHA-256; content-addressed, so every environment and server in the process can share it.
static FONT_BYTES: LazyLock<moka::sync::Cache<String, Arc<[u8]>>> = LazyLock::new(|| {
    moka::sync::Cache::builder()
        .max_capacity(256 * 1024 * 1024)
        .weigher(|_: &String, bytes: &Arc<[u8]>| u32::try_from(bytes.len()).unwrap_or(u32::MAX))
        .build()
});

/// The environment's uploaded fonts, newest first.
pub async fn project_fonts(state: &AppState, environment_id: &str) -> Result<Vec<ProjectFont>, HttpError> {
    let (records, _) = state.store.assets(environment_id, 0, ASSETS_SCANNED).await?;
    let records: Vec<_> = records.into_iter().filter(|r| r.kind == "font").take(MAX_FONTS_PER_RENDER).collect();
    if records.is_empty() {
        return Ok(Vec::new());
    }
    let missing: Vec<String> =
        records.iter().filter(|r| !FONT_BYTES.contains_key(&r.sha256)).map(|r| r.id.clone()).collect();
    if !missing.is_empty() {
        for (record, bytes) in state.store.asset_contents(environment_id, &missing).await? {
            FONT_BYTES.insert(record.sha256, Arc::from(bytes));
        }
    }
    Ok(records
        .into_iter()
        .filter_map(|r| FONT_BYTES.get(&r.sha256).map(|bytes| ProjectFont { sha256: r.sha256, bytes }))
        .collect())
}
