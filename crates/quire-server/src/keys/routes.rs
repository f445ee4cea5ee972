//! API key management (API.md §4): create, list, get, update, revoke, reactivate, rotate, delete; the usage
//! report lives in [`super::usage_report`], the wire shapes in [`super::wire`].

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use quire_core::role::Action;
use quire_core::{ApiError, ErrorCode, Timestamp};
use quire_store::{ApiKeyPatch, ApiKeyRecord, ApiKeyStatus};
use serde_json::json;

use super::issue::{NewKey, create_key, mint};
use super::usage_report::{environment_usage, flush_usage, usage};
use super::wire::{
    CreateIn, CreatedKeyOut, KeyOut, PatchIn, RotateIn, check_document_quota, check_expiry, check_name,
    check_rate_limit, check_scopes, fail_if_any,
};
use crate::activity::{self, Activity};
use crate::auth::access::need;
use crate::auth::{Caller, EnvironmentAccess, authorize_environment};
use crate::http::pagination::{PageQuery, Paged};
use crate::http::{ApiResult, HttpError, Json};
use crate::state::AppState;

/// Longest rotation grace period: 7 days.
pub const MAX_GRACE_SECONDS: i64 = 7 * 24 * 3600;

/// The routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/api-keys", get(list).post(create))
        .route("/api/v1/api-keys/usage", get(environment_usage))
        .route("/api/v1/api-keys/{keyId}", get(fetch).patch(update).delete(remove))
        .route("/api/v1/api-keys/{keyId}/revoke", post(revoke))
        .route("/api/v1/api-keys/{keyId}/reactivate", post(reactivate))
        .route("/api/v1/api-keys/{keyId}/rotate", post(rotate))
        .route("/api/v1/api-keys/{keyId}/usage", get(usage))
}

/// The key `id` when the caller may manage keys of its environment; otherwise `404 ERR_AKEY_001`.
pub(super) async fn manageable_key(state: &AppState, caller: &Caller, id: &str) -> Result<ApiKeyRecord, HttpError> {
    let not_found = || HttpError(ApiError::new(ErrorCode::KeyNotFound));
    let record = state.store.api_key(id).await?.ok_or_else(not_found)?;
    authorize_environment(state, caller, &record.environment_id, Action::ManageKeys, None)
        .await
        .map_err(|e| if e.0.code == ErrorCode::EnvironmentNotFound { not_found() } else { e })?;
    Ok(record)
}

/// Drops every cached record of an environment's keys (before the environment or project is deleted).
pub async fn forget_cached_keys(state: &AppState, environment_id: &str) -> Result<(), HttpError> {
    for key in state.store.api_keys(environment_id).await? {
        state.key_cache.invalidate(&key.digest);
    }
    Ok(())
}

async fn log(state: &AppState, caller: &Caller, record: &ApiKeyRecord, action: &str) {
    let details = json!({ "name": record.name, "prefix": record.prefix });
    activity::record(
        state,
        caller,
        Activity {
            project_id: &record.project_id,
            environment_id: Some(&record.environment_id),
            action,
            target_type: "api_key",
            target_id: &record.id,
            details: Some(details),
        },
    )
    .await;
}

async fn create(
    State(state): State<AppState>,
    caller: Caller,
    Json(body): Json<CreateIn>,
) -> ApiResult<(StatusCode, Json<CreatedKeyOut>)> {
    caller.require_user()?;
    let ctx = authorize_environment(&state, &caller, &body.environment_id, Action::ManageKeys, None).await?;
    let now = Timestamp::now();
    let mut errors = Vec::new();
    let name = check_name(&body.name, &mut errors);
    let scopes = check_scopes(&body.permissions, &mut errors);
    let expires_at = body.expires_at.as_deref().and_then(|t| check_expiry(t, now, &mut errors));
    if let Some(limit) = body.rate_limit_per_minute {
        check_rate_limit(limit, &mut errors);
    }
    if let Some(quota) = body.monthly_document_quota {
        check_document_quota(quota, &mut errors);
    }
    fail_if_any(errors)?;
    let new = NewKey {
        project_id: ctx.environment.project_id.clone(),
        environment_id: ctx.environment.id.clone(),
        name,
        scopes,
        expires_at,
        rate_limit_per_minute: body.rate_limit_per_minute,
        monthly_document_quota: body.monthly_document_quota,
        created_by: caller.actor_id().to_string(),
    };
    let (secret, record) = create_key(&state.store, &new).await?;
    log(&state, &caller, &record, "api_key.created").await;
    Ok((
        StatusCode::CREATED,
        Json(CreatedKeyOut { key: KeyOut::new(record, now), secret: secret.expose().to_string() }),
    ))
}

async fn list(
    State(state): State<AppState>,
    access: EnvironmentAccess<need::ManageKeys>,
    Query(page): Query<PageQuery>,
) -> ApiResult<Json<Paged<KeyOut>>> {
    flush_usage(&state).await;
    let now = Timestamp::now();
    let keys = state.store.api_keys(&access.environment.id).await?.into_iter().map(|r| KeyOut::new(r, now)).collect();
    Ok(Json(Paged::slice(keys, &page)))
}

async fn fetch(State(state): State<AppState>, caller: Caller, Path(id): Path<String>) -> ApiResult<Json<KeyOut>> {
    flush_usage(&state).await;
    let record = manageable_key(&state, &caller, &id).await?;
    Ok(Json(KeyOut::new(record, Timestamp::now())))
}

/// Applies a patch, drops the cached record, logs the action.
async fn apply(
    state: &AppState,
    caller: &Caller,
    record: &ApiKeyRecord,
    patch: ApiKeyPatch,
    action: &str,
) -> ApiResult<Json<KeyOut>> {
    let now = Timestamp::now();
    let updated = state.store.update_api_key(&record.id, &patch, now).await?;
    state.key_cache.invalidate(&record.digest);
    log(state, caller, &updated, action).await;
    Ok(Json(KeyOut::new(updated, now)))
}

async fn update(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(body): Json<PatchIn>,
) -> ApiResult<Json<KeyOut>> {
    let record = manageable_key(&state, &caller, &id).await?;
    let now = Timestamp::now();
    let mut errors = Vec::new();
    let mut patch = ApiKeyPatch::default();
    if let Some(name) = &body.name {
        patch.name = Some(check_name(name, &mut errors));
    }
    if let Some(names) = &body.permissions {
        patch.scopes = Some(check_scopes(names, &mut errors));
    }
    if let Some(expiry) = &body.expires_at {
        patch.expires_at = Some(expiry.as_deref().and_then(|t| check_expiry(t, now, &mut errors)));
    }
    if let Some(limit) = body.rate_limit_per_minute {
        if let Some(l) = limit {
            check_rate_limit(l, &mut errors);
        }
        patch.rate_limit_per_minute = Some(limit);
    }
    if let Some(quota) = body.monthly_document_quota {
        if let Some(q) = quota {
            check_document_quota(q, &mut errors);
        }
        patch.monthly_document_quota = Some(quota);
    }
    fail_if_any(errors)?;
    apply(&state, &caller, &record, patch, "api_key.updated").await
}

async fn revoke(State(state): State<AppState>, caller: Caller, Path(id): Path<String>) -> ApiResult<Json<KeyOut>> {
    let record = manageable_key(&state, &caller, &id).await?;
    apply(
        &state,
        &caller,
        &record,
        ApiKeyPatch { status: Some(ApiKeyStatus::Revoked), ..Default::default() },
        "api_key.revoked",
    )
    .await
}

async fn reactivate(State(state): State<AppState>, caller: Caller, Path(id): Path<String>) -> ApiResult<Json<KeyOut>> {
    let record = manageable_key(&state, &caller, &id).await?;
    apply(
        &state,
        &caller,
        &record,
        ApiKeyPatch { status: Some(ApiKeyStatus::Active), ..Default::default() },
        "api_key.reactivated",
    )
    .await
}

async fn remove(State(state): State<AppState>, caller: Caller, Path(id): Path<String>) -> ApiResult<StatusCode> {
    let record = manageable_key(&state, &caller, &id).await?;
    state.store.delete_api_key(&record.id).await?;
    state.key_cache.invalidate(&record.digest);
    log(&state, &caller, &record, "api_key.deleted").await;
    Ok(StatusCode::NO_CONTENT)
}

async fn rotate(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    body: bytes::Bytes,
) -> ApiResult<(StatusCode, Json<CreatedKeyOut>)> {
    let body: RotateIn = crate::http::json::parse_json(&body)?;
    let record = manageable_key(&state, &caller, &id).await?;
    let grace = body.grace_period_seconds.unwrap_or(24 * 3600);
    if !(0..=MAX_GRACE_SECONDS).contains(&grace) {
        return Err(HttpError(ApiError::invalid_field("gracePeriodSeconds", "must be between 0 and 604800 (7 days)")));
    }
    let now = Timestamp::now();
    if crate::auth::caller::check_key_usable(&record, now).is_err() {
        return Err(HttpError(ApiError::with_message(ErrorCode::Conflict, "Only an active key can be rotated")));
    }
    let new = NewKey {
        project_id: record.project_id.clone(),
        environment_id: record.environment_id.clone(),
        name: record.name.clone(),
        scopes: record.scopes.clone(),
        expires_at: record.expires_at,
        rate_limit_per_minute: record.rate_limit_per_minute,
        monthly_document_quota: record.monthly_document_quota,
        created_by: caller.actor_id().to_string(),
    };
    let (secret, mut successor) = mint(&new, now);
    successor.rotated_from = Some(record.id.clone());
    state.store.rotate_api_key(&record.id, now.plus_seconds(grace), &successor).await.map_err(|e| match e {
        quire_store::StoreError::Conflict(_) => {
            HttpError(ApiError::with_message(ErrorCode::Conflict, "This key was already rotated"))
        }
        other => other.into(),
    })?;
    state.key_cache.invalidate(&record.digest);
    activity::record(&state, &caller, Activity { project_id: &record.project_id, environment_id: Some(&record.environment_id), action: "api_key.rotated", target_type: "api_key", target_id: &record.id, details: Some(json!({ "name": record.name, "prefix": record.prefix, "newKeyId": successor.id, "gracePeriodSeconds": grace })) }).await;
    Ok((
        StatusCode::CREATED,
        Json(CreatedKeyOut { key: KeyOut::new(successor, now), secret: secret.expose().to_string() }),
    ))
}
