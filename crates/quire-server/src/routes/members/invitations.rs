//! Invitations: invite, list a project's pending ones, cancel; the invitee lists, accepts or rejects theirs.

use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{delete, get, post};
use quire_core::ids::{new_id, prefix};
use quire_core::{ApiError, ErrorCode, Role, Timestamp};
use quire_store::{Invitation, InvitationStatus, Member};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::MemberOut;
use super::environment_grants::{caller_environments, check_environment_ids, check_grant, visible_restriction};
use crate::activity::{self, Activity};
use crate::auth::access::need;
use crate::auth::{Caller, ProjectAccess};
use crate::http::{ApiResult, HttpError, Json};
use crate::routes::auth::is_plausible_email;
use crate::state::AppState;

/// The routes.
pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/api/teams/{teamId}/members/invite", post(invite))
        .route("/api/teams/{teamId}/invitations", get(list_project_invitations))
        .route("/api/teams/{teamId}/invitations/{invitationId}", delete(cancel))
        .route("/api/teams/invitations/my", get(my_invitations))
        .route("/api/teams/invitations/{invitationId}/accept", post(accept))
        .route("/api/teams/invitations/{invitationId}/reject", post(reject))
}

/// Invitations stay open this long.
const INVITATION_TTL_SECONDS: i64 = 7 * 24 * 3600;

/// An invitation as listed.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct InvitationOut {
    id: String,
    team_id: String,
    team_name: Option<String>,
    email: String,
    role: Role,
    environment_ids: Option<Vec<String>>,
    status: InvitationStatus,
    created_at: Timestamp,
    expires_at: Timestamp,
}

fn invitation_out(i: Invitation, team_name: Option<String>) -> InvitationOut {
    InvitationOut {
        id: i.id,
        team_id: i.project_id,
        team_name,
        email: i.email,
        role: i.role,
        environment_ids: i.environment_ids,
        status: i.status,
        created_at: i.created_at,
        expires_at: i.expires_at,
    }
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct InviteIn {
    email: String,
    role: Role,
    environment_ids: Option<Vec<String>>,
}

async fn invite(
    State(state): State<AppState>,
    access: ProjectAccess<need::ManageMembers>,
    Json(body): Json<InviteIn>,
) -> ApiResult<(StatusCode, Json<InvitationOut>)> {
    let email = body.email.trim().to_lowercase();
    if !is_plausible_email(&email) {
        return Err(HttpError(ApiError::invalid_field("email", "must be an email address")));
    }
    if body.role == Role::Owner {
        return Err(HttpError(ApiError::invalid_field(
            "role",
            "must be admin, member or viewer; a project has one owner",
        )));
    }
    check_environment_ids(&state, &access.project.id, &body.environment_ids).await?;
    check_grant(caller_environments(&access.caller, access.member.as_ref()).as_deref(), &body.environment_ids)?;
    let already = state.store.members(&access.project.id).await?.into_iter().any(|m| m.email == email);
    if already {
        return Err(HttpError(ApiError::with_message(
            ErrorCode::Conflict,
            "This email is already a member of the project",
        )));
    }
    let now = Timestamp::now();
    let invitation = Invitation {
        id: new_id(prefix::INVITATION),
        project_id: access.project.id.clone(),
        email,
        role: body.role,
        environment_ids: body.environment_ids,
        invited_by: access.caller.actor_id().to_string(),
        status: InvitationStatus::Pending,
        created_at: now,
        expires_at: now.plus_seconds(INVITATION_TTL_SECONDS),
    };
    state.store.create_invitation(&invitation).await?;
    activity::record(
        &state,
        &access.caller,
        Activity {
            project_id: &access.project.id,
            environment_id: None,
            action: "member.invited",
            target_type: "invitation",
            target_id: &invitation.id,
            details: Some(json!({ "email": invitation.email, "role": invitation.role })),
        },
    )
    .await;
    Ok((StatusCode::CREATED, Json(invitation_out(invitation, Some(access.project.name)))))
}

async fn list_project_invitations(
    State(state): State<AppState>,
    access: ProjectAccess<need::ManageMembers>,
) -> ApiResult<Json<serde_json::Value>> {
    let found = state.store.pending_invitations_of(&access.project.id, Timestamp::now()).await?;
    let limited_to = caller_environments(&access.caller, access.member.as_ref());
    let data: Vec<InvitationOut> = found
        .into_iter()
        .map(|mut i| {
            i.environment_ids = visible_restriction(limited_to.as_deref(), i.environment_ids.take());
            invitation_out(i, Some(access.project.name.clone()))
        })
        .collect();
    let total = data.len();
    Ok(Json(json!({ "data": data, "total": total })))
}

async fn cancel(
    State(state): State<AppState>,
    access: ProjectAccess<need::ManageMembers>,
    Path((_, invitation_id)): Path<(String, String)>,
) -> ApiResult<StatusCode> {
    let invitation = state
        .store
        .invitation(&invitation_id)
        .await?
        .filter(|i| i.project_id == access.project.id && i.status == InvitationStatus::Pending)
        .ok_or(ErrorCode::InvitationNotFound)?;
    state.store.set_invitation_status(&invitation.id, InvitationStatus::Cancelled).await?;
    activity::record(
        &state,
        &access.caller,
        Activity {
            project_id: &access.project.id,
            environment_id: None,
            action: "member.invitation_cancelled",
            target_type: "invitation",
            target_id: &invitation.id,
            details: Some(json!({ "email": invitation.email })),
        },
    )
    .await;
    Ok(StatusCode::NO_CONTENT)
}

async fn my_invitations(State(state): State<AppState>, caller: Caller) -> ApiResult<Json<serde_json::Value>> {
    let user = caller.require_user()?;
    let mut data = Vec::new();
    for invitation in state.store.pending_invitations_for(&user.email, Timestamp::now()).await? {
        let team_name = state.store.project(&invitation.project_id).await?.map(|p| p.name);
        data.push(invitation_out(invitation, team_name));
    }
    let total = data.len();
    Ok(Json(json!({ "data": data, "total": total })))
}

/// The caller's own pending invitation, or 404.
async fn own_invitation(state: &AppState, caller: &Caller, id: &str) -> Result<Invitation, HttpError> {
    let user = caller.require_user()?;
    state
        .store
        .invitation(id)
        .await?
        .filter(|i| {
            i.email == user.email.to_lowercase()
                && i.status == InvitationStatus::Pending
                && i.expires_at > Timestamp::now()
        })
        .ok_or_else(|| ErrorCode::InvitationNotFound.into())
}

async fn accept(State(state): State<AppState>, caller: Caller, Path(id): Path<String>) -> ApiResult<Json<MemberOut>> {
    let invitation = own_invitation(&state, &caller, &id).await?;
    let user = caller.require_user()?;
    if state.store.membership(&invitation.project_id, &user.id).await?.is_some() {
        state.store.set_invitation_status(&invitation.id, InvitationStatus::Accepted).await?;
        return Err(HttpError(ApiError::with_message(ErrorCode::Conflict, "You are already a member of this project")));
    }
    let member = Member {
        id: new_id(prefix::MEMBER),
        project_id: invitation.project_id.clone(),
        user_id: user.id.clone(),
        role: invitation.role,
        environment_ids: invitation.environment_ids.clone(),
        created_at: Timestamp::now(),
    };
    state.store.accept_invitation(&invitation.id, &member).await?;
    activity::record(
        &state,
        &caller,
        Activity {
            project_id: &invitation.project_id,
            environment_id: None,
            action: "member.joined",
            target_type: "member",
            target_id: &member.id,
            details: Some(json!({ "role": member.role })),
        },
    )
    .await;
    let view = state.store.member(&invitation.project_id, &member.id).await?.ok_or(ErrorCode::MemberNotFound)?;
    Ok(Json(view.into()))
}

async fn reject(State(state): State<AppState>, caller: Caller, Path(id): Path<String>) -> ApiResult<StatusCode> {
    let invitation = own_invitation(&state, &caller, &id).await?;
    state.store.set_invitation_status(&invitation.id, InvitationStatus::Rejected).await?;
    activity::record(
        &state,
        &caller,
        Activity {
            project_id: &invitation.project_id,
            environment_id: None,
            action: "member.invitation_rejected",
            target_type: "invitation",
            target_id: &invitation.id,
            details: None,
        },
    )
    .await;
    Ok(StatusCode::NO_CONTENT)
}
