//! The dashboard's OAuth lists: a user's own app grants (revocable), and for a project's owners and admins its
//! apps with their grants (each grant and app revocable).

use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{delete, get};
use quire_core::role::Action;
use quire_core::{ApiError, ErrorCode, Timestamp};
use quire_store::{OAuthApp, OAuthGrantView};
use serde_json::{Value, json};

use crate::activity::{self, Activity};
use crate::auth::{Caller, authorize_project};
use crate::http::{ApiResult, HttpError, Json};
use crate::state::AppState;

/// The routes (dashboard sign-in only).
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/oauth/grants", get(my_grants))
        .route("/api/oauth/grants/{grantId}", delete(revoke_grant))
        .route("/api/teams/{teamId}/oauth/apps", get(project_apps))
        .route("/api/teams/{teamId}/oauth/apps/{appId}", delete(delete_app))
}

fn app_out(app: &OAuthApp) -> Value {
    json!({
        "id": app.id, "name": app.name, "clientType": app.client_type.as_str(), "redirectUris": app.redirect_uris,
        "scopes": app.scopes.iter().map(|s| s.as_str()).collect::<Vec<_>>(),
        "clientCredentialsEnvironmentId": app.credentials_environment_id,
        "createdBy": app.created_by, "createdAt": app.created_at,
    })
}

fn grant_out(view: &OAuthGrantView) -> Value {
    let g = &view.grant;
    json!({
        "id": g.id, "app": { "id": view.app.id, "name": view.app.name }, "teamId": g.project_id,
        "environmentId": g.environment_id, "userId": g.user_id, "grantType": g.kind.as_str(),
        "scopes": g.scopes.iter().map(|s| s.as_str()).collect::<Vec<_>>(), "createdAt": g.created_at,
    })
}

fn not_found() -> HttpError {
    HttpError(ApiError::new(ErrorCode::OAuthNotFound))
}

/// `GET /api/oauth/grants`: the signed-in user's active grants.
async fn my_grants(State(state): State<AppState>, caller: Caller) -> ApiResult<Json<Value>> {
    let user = caller.require_user()?;
    let grants = state.store.oauth_grants_of_user(&user.id).await?;
    Ok(Json(json!({ "data": grants.iter().map(grant_out).collect::<Vec<_>>() })))
}

/// `DELETE /api/oauth/grants/{grantId}`: the grant's user, or an owner or admin of its project, revokes it.
async fn revoke_grant(
    State(state): State<AppState>,
    caller: Caller,
    Path(grant_id): Path<String>,
) -> ApiResult<StatusCode> {
    let user = caller.require_user()?;
    let grant = state.store.oauth_grant(&grant_id).await?.filter(|g| g.revoked_at.is_none()).ok_or_else(not_found)?;
    if grant.user_id != user.id {
        authorize_project(&state, &caller, &grant.project_id, Action::ManageKeys, None)
            .await
            .map_err(|_| not_found())?;
    }
    state.store.revoke_oauth_grant(&grant.id, Timestamp::now()).await?;
    let entry = Activity {
        project_id: &grant.project_id,
        environment_id: Some(&grant.environment_id),
        action: "oauth_grant.revoked",
        target_type: "oauth_grant",
        target_id: &grant.id,
        details: Some(json!({ "appId": grant.app_id })),
    };
    activity::record(&state, &caller, entry).await;
    Ok(StatusCode::NO_CONTENT)
}

/// `GET /api/teams/{teamId}/oauth/apps`: the project's apps, each with its active grants.
async fn project_apps(
    State(state): State<AppState>,
    caller: Caller,
    Path(team_id): Path<String>,
) -> ApiResult<Json<Value>> {
    caller.require_user()?;
    authorize_project(&state, &caller, &team_id, Action::ManageKeys, None).await?;
    let apps = state.store.oauth_apps(&team_id).await?;
    let grants = state.store.oauth_grants_of_project(&team_id).await?;
    let data: Vec<Value> = apps
        .iter()
        .map(|app| {
            let mut out = app_out(app);
            let of_app: Vec<Value> = grants.iter().filter(|g| g.app.id == app.id).map(grant_out).collect();
            out["grants"] = of_app.into();
            out
        })
        .collect();
    Ok(Json(json!({ "data": data })))
}

/// `DELETE /api/teams/{teamId}/oauth/apps/{appId}`: removes the app with every grant and token.
async fn delete_app(
    State(state): State<AppState>,
    caller: Caller,
    Path((team_id, app_id)): Path<(String, String)>,
) -> ApiResult<StatusCode> {
    caller.require_user()?;
    authorize_project(&state, &caller, &team_id, Action::ManageKeys, None).await?;
    let app = state.store.oauth_app(&app_id).await?.filter(|a| a.project_id == team_id).ok_or_else(not_found)?;
    state.store.delete_oauth_app(&team_id, &app.id).await?;
    let entry = Activity {
        project_id: &team_id,
        environment_id: None,
        action: "oauth_app.deleted",
        target_type: "oauth_app",
        target_id: &app.id,
        details: Some(json!({ "name": app.name })),
    };
    activity::record(&state, &caller, entry).await;
    Ok(StatusCode::NO_CONTENT)
}
