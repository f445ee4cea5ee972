//! Project members: list, change role, remove. Invitations live in [`invitations`].

use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{delete, get, patch};
use quire_core::{ApiError, ErrorCode, Role, Timestamp};
use quire_store::MemberView;
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::activity::{self, Activity};
use crate::auth::ProjectAccess;
use crate::auth::access::need;
use crate::http::{ApiResult, HttpError, Json};
use crate::state::AppState;

mod environment_grants;
mod invitations;

pub use environment_grants::caller_environments;
use environment_grants::{check_environment_ids, check_grant, visible_restriction};

/// The routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/teams/{teamId}/members", get(list_members))
        .route("/api/teams/{teamId}/members/{memberId}/role", patch(change_role))
        .route("/api/teams/{teamId}/members/{memberId}", delete(remove_member))
        .merge(invitations::router())
}

/// A member as listed.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MemberOut {
    id: String,
    user_id: String,
    email: String,
    name: String,
    role: Role,
    /// `null`: every environment.
    environment_ids: Option<Vec<String>>,
    joined_at: Timestamp,
}

impl From<MemberView> for MemberOut {
    fn from(v: MemberView) -> Self {
        MemberOut {
            id: v.member.id,
            user_id: v.member.user_id,
            email: v.email,
            name: v.name,
            role: v.member.role,
            environment_ids: v.member.environment_ids,
            joined_at: v.member.created_at,
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct RoleIn {
    role: Role,
    /// Present: replaces the environment restriction (`null` lifts it).
    #[serde(default, with = "serde_with_double_option")]
    environment_ids: Option<Option<Vec<String>>>,
}

/// Distinguishes an absent field from an explicit `null`.
mod serde_with_double_option {
    use serde::{Deserialize, Deserializer};

    pub fn deserialize<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Option<Option<T>>, D::Error> {
        Option::<T>::deserialize(d).map(Some)
    }
}

async fn list_members(
    State(state): State<AppState>,
    access: ProjectAccess<need::ReadMembers>,
) -> ApiResult<Json<serde_json::Value>> {
    let limited_to = caller_environments(&access.caller, access.member.as_ref());
    let members: Vec<MemberOut> = state
        .store
        .members(&access.project.id)
        .await?
        .into_iter()
        .map(|view| {
            let mut out = MemberOut::from(view);
            out.environment_ids = visible_restriction(limited_to.as_deref(), out.environment_ids.take());
            out
        })
        .collect();
    let total = members.len();
    Ok(Json(json!({ "data": members, "total": total })))
}

/// A member other than the owner, or the documented error.
async fn changeable_member(
    state: &AppState,
    access: &ProjectAccess<need::ManageMembers>,
    member_id: &str,
) -> Result<MemberView, HttpError> {
    let view = state.store.member(&access.project.id, member_id).await?.ok_or(ErrorCode::MemberNotFound)?;
    if view.member.role == Role::Owner {
        return Err(HttpError(ApiError::with_message(
            ErrorCode::AuthForbidden,
            "The project owner cannot be changed or removed",
        )));
    }
    Ok(view)
}

async fn change_role(
    State(state): State<AppState>,
    access: ProjectAccess<need::ManageMembers>,
    Path((_, member_id)): Path<(String, String)>,
    Json(body): Json<RoleIn>,
) -> ApiResult<Json<MemberOut>> {
    if body.role == Role::Owner {
        return Err(HttpError(ApiError::invalid_field(
            "role",
            "must be admin, member or viewer; a project has one owner",
        )));
    }
    let mut view = changeable_member(&state, &access, &member_id).await?;
    if let Some(ids) = &body.environment_ids {
        check_environment_ids(&state, &access.project.id, ids).await?;
        view.member.environment_ids = ids.clone();
    }
    let limited_to = caller_environments(&access.caller, access.member.as_ref());
    check_grant(limited_to.as_deref(), &view.member.environment_ids)?;
    view.member.role = body.role;
    state.store.update_member(&view.member).await?;
    activity::record(
        &state,
        &access.caller,
        Activity {
            project_id: &access.project.id,
            environment_id: None,
            action: "member.role_changed",
            target_type: "member",
            target_id: &view.member.id,
            details: Some(json!({ "role": body.role, "email": view.email })),
        },
    )
    .await;
    Ok(Json(view.into()))
}

async fn remove_member(
    State(state): State<AppState>,
    access: ProjectAccess<need::ManageMembers>,
    Path((_, member_id)): Path<(String, String)>,
) -> ApiResult<StatusCode> {
    let view = changeable_member(&state, &access, &member_id).await?;
    state.store.remove_member(&access.project.id, &view.member.id).await?;
    activity::record(
        &state,
        &access.caller,
        Activity {
            project_id: &access.project.id,
            environment_id: None,
            action: "member.removed",
            target_type: "member",
            target_id: &view.member.id,
            details: Some(json!({ "email": view.email })),
        },
    )
    .await;
    Ok(StatusCode::NO_CONTENT)
}
