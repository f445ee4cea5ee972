//! The project activity log. A caller limited to some environments sees no entry about the others.

use axum::Router;
use axum::extract::{Query, State};
use axum::routing::get;
use quire_store::ActivityEntry;

use crate::auth::ProjectAccess;
use crate::auth::access::need;
use crate::http::pagination::{PageQuery, Paged};
use crate::http::{ApiResult, Json};
use crate::routes::members::caller_environments;
use crate::state::AppState;

/// Entries read per store call when a restricted caller's log is filtered.
const FILTER_BATCH: i64 = 500;

/// The routes.
pub fn router() -> Router<AppState> {
    Router::new().route("/api/teams/{teamId}/activity", get(list))
}

/// Whether an entry concerns only environments in `visible`: entries about an environment (as its scope
/// or its target) are shown only when that environment is visible.
fn concerns_only(entry: &ActivityEntry, visible: &[String]) -> bool {
    let scoped_ok = entry.environment_id.as_ref().is_none_or(|id| visible.contains(id));
    let target_ok = entry.target_type != "environment" || visible.contains(&entry.target_id);
    scoped_ok && target_ok
}

async fn list(
    State(state): State<AppState>,
    access: ProjectAccess<need::ReadActivity>,
    Query(page): Query<PageQuery>,
) -> ApiResult<Json<Paged<ActivityEntry>>> {
    let project_id = &access.project.id;
    let Some(visible) = caller_environments(&access.caller, access.member.as_ref()) else {
        let (entries, total) = state.store.activity(project_id, page.offset(), page.limit()).await?;
        return Ok(Json(Paged::new(entries, total, &page)));
    };
    // Restricted callers are rare and logs small; filter the whole log so totals and pages stay exact.
    let mut shown = Vec::new();
    let mut offset = 0;
    loop {
        let (batch, total) = state.store.activity(project_id, offset, FILTER_BATCH).await?;
        let read = batch.len() as i64;
        shown.extend(batch.into_iter().filter(|e| concerns_only(e, &visible)));
        offset += read;
        if read == 0 || offset >= total {
            break;
        }
    }
    Ok(Json(Paged::slice(shown, &page)))
}
