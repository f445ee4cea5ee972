//! Environments of a project: list, create, get, rename, delete.

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;
use quire_core::ids::{new_id, prefix};
use quire_core::{ApiError, ErrorCode, Timestamp};
use quire_store::{Environment, StoreError};
use serde::Deserialize;
use serde_json::json;

use crate::activity::{self, Activity};
use crate::auth::access::need;
use crate::auth::{EnvironmentAccess, ProjectAccess};
use crate::http::{ApiResult, HttpError, Json};
use crate::state::AppState;

/// The routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/teams/{teamId}/environments", get(list).post(create))
        .route("/api/environments/{environmentId}", get(fetch).patch(rename).put(rename).delete(remove))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct EnvironmentIn {
    name: String,
}

fn checked_name(name: &str) -> Result<String, HttpError> {
    let name = name.trim();
    let ok = !name.is_empty()
        && name.chars().count() <= 50
        && name.chars().all(|c| c.is_alphanumeric() || " -_.".contains(c));
    if ok {
        Ok(name.to_string())
    } else {
        Err(HttpError(ApiError::invalid_field("name", "must have 1 to 50 letters, digits, spaces, '-', '_' or '.'")))
    }
}

fn name_taken(e: StoreError) -> HttpError {
    match e {
        StoreError::Conflict(_) => HttpError(ApiError::with_message(
            ErrorCode::Conflict,
            "An environment with this name already exists in the project",
        )),
        other => other.into(),
    }
}

async fn list(
    State(state): State<AppState>,
    access: ProjectAccess<need::ReadProject>,
) -> ApiResult<Json<serde_json::Value>> {
    let visible: Vec<Environment> = state
        .store
        .environments(&access.project.id)
        .await?
        .into_iter()
        .filter(|e| access.member.as_ref().is_none_or(|m| m.can_access_environment(&e.id)))
        .collect();
    let total = visible.len();
    Ok(Json(json!({ "data": visible, "total": total })))
}

async fn create(
    State(state): State<AppState>,
    access: ProjectAccess<need::ManageEnvironments>,
    Json(body): Json<EnvironmentIn>,
) -> ApiResult<(StatusCode, Json<Environment>)> {
    let now = Timestamp::now();
    let environment = Environment {
        id: new_id(prefix::ENVIRONMENT),
        project_id: access.project.id.clone(),
        name: checked_name(&body.name)?,
        retention_seconds: None,
        monthly_document_quota: None,
        created_at: now,
        updated_at: now,
    };
    state.store.create_environment(&environment).await.map_err(name_taken)?;
    activity::record(
        &state,
        &access.caller,
        Activity {
            project_id: &access.project.id,
            environment_id: Some(&environment.id),
            action: "environment.created",
            target_type: "environment",
            target_id: &environment.id,
            details: Some(json!({ "name": environment.name })),
        },
    )
    .await;
    Ok((StatusCode::CREATED, Json(environment)))
}

async fn fetch(access: EnvironmentAccess<need::ReadProject>) -> Json<Environment> {
    Json(access.environment)
}

/// Editable fields of an environment; absent fields stay as they are.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct EnvironmentPatch {
    name: Option<String>,
    /// Seconds document files are kept (60 s to 366 days); `null` returns to the server's default.
    #[serde(default, deserialize_with = "present")]
    retention_seconds: Option<Option<i64>>,
    /// Documents per calendar month (UTC) in this environment, whoever makes them; `null` removes the quota.
    #[serde(default, deserialize_with = "present")]
    monthly_document_quota: Option<Option<i64>>,
}

/// A field that is present (possibly `null`) becomes `Some(..)`.
fn present<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Option<i64>>, D::Error> {
    Option::<i64>::deserialize(d).map(Some)
}

/// Shortest and longest per-environment retention.
const RETENTION_RANGE: std::ops::RangeInclusive<i64> = 1..=366 * 24 * 3600;

async fn rename(
    State(state): State<AppState>,
    access: EnvironmentAccess<need::ManageEnvironments>,
    Json(body): Json<EnvironmentPatch>,
) -> ApiResult<Json<Environment>> {
    let env = &access.environment;
    let name = body.name.as_deref().map(checked_name).transpose()?;
    if let Some(Some(seconds)) = body.retention_seconds
        && !RETENTION_RANGE.contains(&seconds)
    {
        return Err(HttpError(ApiError::invalid_field(
            "retentionSeconds",
            "must be between 1 and 31622400 (366 days)",
        )));
    }
    if let Some(Some(quota)) = body.monthly_document_quota
        && !(1..=crate::keys::wire::MAX_MONTHLY_DOCUMENT_QUOTA).contains(&quota)
    {
        return Err(HttpError(ApiError::invalid_field("monthlyDocumentQuota", "must be between 1 and 100000000")));
    }
    if let Some(name) = &name {
        state.store.rename_environment(&env.id, name, Timestamp::now()).await.map_err(name_taken)?;
        state.key_cache.forget_place_names();
    }
    if let Some(seconds) = body.retention_seconds {
        state.store.set_environment_retention(&env.id, seconds, Timestamp::now()).await?;
    }
    if let Some(quota) = body.monthly_document_quota {
        state.store.set_environment_document_quota(&env.id, quota, Timestamp::now()).await?;
    }
    activity::record(
        &state,
        &access.caller,
        Activity {
            project_id: &env.project_id,
            environment_id: Some(&env.id),
            action: if name.is_some() { "environment.renamed" } else { "environment.updated" },
            target_type: "environment",
            target_id: &env.id,
            details: Some(json!({
                "name": name,
                "retentionSeconds": body.retention_seconds,
                "monthlyDocumentQuota": body.monthly_document_quota,
            })),
        },
    )
    .await;
    Ok(Json(state.store.environment(&env.id).await?.ok_or(ErrorCode::EnvironmentNotFound)?))
}

async fn remove(
    State(state): State<AppState>,
    access: EnvironmentAccess<need::ManageEnvironments>,
) -> ApiResult<StatusCode> {
    let env = &access.environment;
    if state.store.environments(&env.project_id).await?.len() <= 1 {
        return Err(HttpError(ApiError::with_message(ErrorCode::Conflict, "A project keeps at least one environment")));
    }
    crate::keys::routes::forget_cached_keys(&state, &env.id).await?;
    state.store.delete_environment(&env.id).await?;
    activity::record(
        &state,
        &access.caller,
        Activity {
            project_id: &env.project_id,
            environment_id: None,
            action: "environment.deleted",
            target_type: "environment",
            target_id: &env.id,
            details: Some(json!({ "name": env.name })),
        },
    )
    .await;
    Ok(StatusCode::NO_CONTENT)
}
