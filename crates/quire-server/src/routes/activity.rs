//! The project activity log.

use axum::Router;
use axum::extract::{Query, State};
use axum::routing::get;
use quire_store::ActivityEntry;

use crate::auth::ProjectAccess;
use crate::auth::access::need;
use crate::http::pagination::{PageQuery, Paged};
use crate::http::{ApiResult, Json};
use crate::state::AppState;

/// The routes.
pub fn router() -> Router<AppState> {
    Router::new().route("/api/teams/{teamId}/activity", get(list))
}

async fn list(
    State(state): State<AppState>,
    access: ProjectAccess<need::ReadActivity>,
    Query(page): Query<PageQuery>,
) -> ApiResult<Json<Paged<ActivityEntry>>> {
    let (entries, total) = state.store.activity(&access.project.id, page.offset(), page.limit()).await?;
    Ok(Json(Paged::new(entries, total, &page)))
}
