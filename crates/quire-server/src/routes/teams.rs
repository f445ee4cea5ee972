//! Projects, kept under Rynko's legacy name "teams": create, list, get, rename, delete.

use axum::Router;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::routing::get;
use quire_core::ids::{new_id, prefix};
use quire_core::{ApiError, ErrorCode, Role, Timestamp};
use quire_store::{Member, Project};
use serde::{Deserialize, Serialize};

use crate::activity::{self, Activity};
use crate::auth::access::need;
use crate::auth::{Caller, ProjectAccess};
use crate::http::pagination::{PageQuery, Paged};
use crate::http::{ApiResult, HttpError, Json};
use crate::routes::auth::{new_project, slugify};
use crate::state::AppState;

/// The routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/teams", get(list).post(create))
        .route("/api/teams/{teamId}", get(fetch).put(rename).patch(rename).delete(remove))
}

/// `{id, name, slug, isPersonal, role, memberCount, createdAt}`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TeamOut {
    id: String,
    name: String,
    slug: String,
    is_personal: bool,
    role: Option<Role>,
    member_count: i64,
    created_at: Timestamp,
    updated_at: Timestamp,
}

impl TeamOut {
    fn new(project: Project, role: Option<Role>, member_count: i64) -> Self {
        TeamOut {
            id: project.id,
            name: project.name,
            slug: project.slug,
            is_personal: project.is_personal,
            role,
            member_count,
            created_at: project.created_at,
            updated_at: project.updated_at,
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TeamIn {
    name: String,
}

fn checked_name(name: &str) -> Result<String, HttpError> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        return Err(HttpError(ApiError::invalid_field("name", "must have 1 to 100 characters")));
    }
    Ok(name.to_string())
}

async fn create(
    State(state): State<AppState>,
    caller: Caller,
    Json(body): Json<TeamIn>,
) -> ApiResult<(StatusCode, Json<TeamOut>)> {
    let user = caller.require_user()?;
    let name = checked_name(&body.name)?;
    let now = Timestamp::now();
    let (project, environment) = new_project(&name, &user.id, false, now);
    let owner = Member {
        id: new_id(prefix::MEMBER),
        project_id: project.id.clone(),
        user_id: user.id.clone(),
        role: Role::Owner,
        environment_ids: None,
        created_at: now,
    };
    state.store.create_project(&project, &owner, &environment).await?;
    activity::record(
        &state,
        &caller,
        Activity {
            project_id: &project.id,
            environment_id: None,
            action: "project.created",
            target_type: "project",
            target_id: &project.id,
            details: None,
        },
    )
    .await;
    Ok((StatusCode::CREATED, Json(TeamOut::new(project, Some(Role::Owner), 1))))
}

async fn list(
    State(state): State<AppState>,
    caller: Caller,
    Query(page): Query<PageQuery>,
) -> ApiResult<Json<Paged<TeamOut>>> {
    let user = caller.require_user()?;
    let all = state.store.projects_of_user(&user.id).await?;
    let items = all.into_iter().map(|s| TeamOut::new(s.project, Some(s.role), s.member_count)).collect();
    Ok(Json(Paged::slice(items, &page)))
}

async fn fetch(State(state): State<AppState>, access: ProjectAccess<need::ReadProject>) -> ApiResult<Json<TeamOut>> {
    let count = state.store.member_count(&access.project.id).await?;
    Ok(Json(TeamOut::new(access.project, access.member.map(|m| m.role), count)))
}

async fn rename(
    State(state): State<AppState>,
    access: ProjectAccess<need::UpdateProject>,
    Json(body): Json<TeamIn>,
) -> ApiResult<Json<TeamOut>> {
    let name = checked_name(&body.name)?;
    let now = Timestamp::now();
    state.store.rename_project(&access.project.id, &name, &slugify(&name), now).await?;
    state.key_cache.forget_place_names();
    activity::record(
        &state,
        &access.caller,
        Activity {
            project_id: &access.project.id,
            environment_id: None,
            action: "project.renamed",
            target_type: "project",
            target_id: &access.project.id,
            details: Some(serde_json::json!({ "name": name })),
        },
    )
    .await;
    let project = state.store.project(&access.project.id).await?.ok_or(ErrorCode::ProjectNotFound)?;
    let count = state.store.member_count(&project.id).await?;
    Ok(Json(TeamOut::new(project, access.member.map(|m| m.role), count)))
}

async fn remove(State(state): State<AppState>, access: ProjectAccess<need::DeleteProject>) -> ApiResult<StatusCode> {
    if access.project.is_personal {
        return Err(HttpError(ApiError::with_message(ErrorCode::Conflict, "A personal project cannot be deleted")));
    }
    for environment in state.store.environments(&access.project.id).await? {
        crate::keys::routes::forget_cached_keys(&state, &environment.id).await?;
    }
    state.store.delete_project(&access.project.id).await?;
    tracing::info!(project_id = %access.project.id, "project deleted");
    Ok(StatusCode::NO_CONTENT)
}
