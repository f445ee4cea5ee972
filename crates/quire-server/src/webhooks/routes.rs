//! Webhook subscriptions (API.md §7): create, list, get, update, delete, rotate the secret.

use std::collections::HashMap;

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use quire_core::ids::{new_id, prefix};
use quire_core::{ApiError, ErrorCode, FieldError, Timestamp};
use quire_store::{WebhookSubscription, WebhookSubscriptionPatch};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::signing::{new_secret, secret_hint};
use super::{DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT_MS, EVENT_TYPES, refused, target};
use crate::activity::{self, Activity};
use crate::auth::access::{authorize_environment_for, need};
use crate::auth::{Caller, EnvironmentAccess};
use crate::http::pagination::{PageQuery, Paged};
use crate::http::{ApiResult, HttpError, Json};
use crate::state::AppState;

/// The routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/webhook-subscriptions", get(list).post(create))
        .route("/api/v1/webhook-subscriptions/{id}", get(fetch).patch(update).delete(remove))
        .route("/api/v1/webhook-subscriptions/{id}/rotate-secret", post(rotate_secret))
}

/// A subscription as listed: never the secret, only its first characters.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SubscriptionOut {
    id: String,
    url: String,
    events: Vec<String>,
    description: Option<String>,
    is_active: bool,
    max_retries: i64,
    timeout_ms: i64,
    environment_id: String,
    /// Rynko's name for the environment.
    workspace_id: String,
    team_id: String,
    secret_hint: String,
    created_by: String,
    created_at: Timestamp,
    updated_at: Timestamp,
}

impl From<WebhookSubscription> for SubscriptionOut {
    fn from(s: WebhookSubscription) -> Self {
        SubscriptionOut {
            secret_hint: secret_hint(&s.secret),
            id: s.id,
            url: s.url,
            events: s.events,
            description: s.description,
            is_active: s.is_active,
            max_retries: s.max_retries,
            timeout_ms: s.timeout_ms,
            workspace_id: s.environment_id.clone(),
            environment_id: s.environment_id,
            team_id: s.project_id,
            created_by: s.created_by,
            created_at: s.created_at,
            updated_at: s.updated_at,
        }
    }
}

/// A subscription with its whole secret: the create and rotate answers, the only times it is shown.
#[derive(Debug, Serialize)]
pub struct SubscriptionWithSecret {
    #[serde(flatten)]
    subscription: SubscriptionOut,
    secret: String,
}

impl From<WebhookSubscription> for SubscriptionWithSecret {
    fn from(s: WebhookSubscription) -> Self {
        SubscriptionWithSecret { secret: s.secret.clone(), subscription: s.into() }
    }
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct CreateIn {
    url: String,
    events: Vec<String>,
    description: Option<String>,
    is_active: Option<bool>,
    max_retries: Option<i64>,
    timeout_ms: Option<i64>,
    #[serde(alias = "workspaceId")]
    environment_id: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct PatchIn {
    url: Option<String>,
    events: Option<Vec<String>>,
    #[serde(default, deserialize_with = "present")]
    description: Option<Option<String>>,
    is_active: Option<bool>,
    max_retries: Option<i64>,
    timeout_ms: Option<i64>,
}

/// A field that is present (possibly `null`) becomes `Some(..)`.
fn present<'de, D: serde::Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(d).map(Some)
}

/// The checks every written field goes through, collecting every problem.
#[derive(Default)]
struct Checks(Vec<FieldError>);

impl Checks {
    fn events(&mut self, names: &[String]) -> Vec<String> {
        if names.is_empty() {
            self.0.push(FieldError::new("events", "must name at least one event"));
        }
        let mut events: Vec<String> = Vec::new();
        for (i, name) in names.iter().enumerate() {
            if !EVENT_TYPES.contains(&name.as_str()) {
                let known = EVENT_TYPES.join(", ");
                self.0.push(FieldError::new(
                    format!("events[{i}]"),
                    format!("unknown event {name:?}; expected one of {known}"),
                ));
            } else if !events.contains(name) {
                events.push(name.clone());
            }
        }
        events
    }

    fn description(&mut self, text: Option<&str>) -> Option<String> {
        let text = text.map(str::trim).filter(|t| !t.is_empty())?;
        if text.chars().count() > 500 {
            self.0.push(FieldError::new("description", "must have at most 500 characters"));
        }
        Some(text.to_string())
    }

    fn max_retries(&mut self, value: i64) -> i64 {
        if !(0..=10).contains(&value) {
            self.0.push(FieldError::new("maxRetries", "must be between 0 and 10"));
        }
        value
    }

    fn timeout_ms(&mut self, value: i64) -> i64 {
        if !(1_000..=60_000).contains(&value) {
            self.0.push(FieldError::new("timeoutMs", "must be between 1000 and 60000"));
        }
        value
    }

    fn finish(self) -> Result<(), HttpError> {
        if self.0.is_empty() { Ok(()) } else { Err(HttpError(ApiError::validation(self.0))) }
    }
}

/// A target URL as stored, once it passed the SSRF guard.
async fn checked_url(state: &AppState, url: &str) -> Result<String, HttpError> {
    let parsed =
        target::check_target(url, state.config.webhooks_allow_private).await.map_err(|r| refused("url", &r))?;
    Ok(parsed.to_string())
}

/// The subscription `id` when the caller may manage webhooks of its environment; otherwise `404 ERR_WHK_001`.
pub(super) async fn manageable_subscription(
    state: &AppState,
    caller: &Caller,
    id: &str,
) -> Result<WebhookSubscription, HttpError> {
    let not_found = || HttpError(ApiError::new(ErrorCode::WebhookNotFound));
    let subscription = state.store.webhook_subscription(id).await?.ok_or_else(not_found)?;
    authorize_environment_for::<need::ManageWebhooks>(state, caller, &subscription.environment_id)
        .await
        .map_err(|e| if e.0.code == ErrorCode::EnvironmentNotFound { not_found() } else { e })?;
    Ok(subscription)
}

async fn log(state: &AppState, caller: &Caller, s: &WebhookSubscription, action: &str) {
    // The host only: a URL's path or query may carry a receiver's token.
    let host = url::Url::parse(&s.url).ok().and_then(|u| u.host_str().map(str::to_string));
    activity::record(
        state,
        caller,
        Activity {
            project_id: &s.project_id,
            environment_id: Some(&s.environment_id),
            action,
            target_type: "webhook_subscription",
            target_id: &s.id,
            details: Some(json!({ "host": host, "events": s.events, "isActive": s.is_active })),
        },
    )
    .await;
}

async fn create(
    State(state): State<AppState>,
    caller: Caller,
    Query(query): Query<HashMap<String, String>>,
    Json(body): Json<CreateIn>,
) -> ApiResult<(StatusCode, Json<SubscriptionWithSecret>)> {
    let environment_id = body
        .environment_id
        .clone()
        .or_else(|| query.get("environmentId").or_else(|| query.get("workspaceId")).cloned())
        .or_else(|| caller.environment_id().map(str::to_string))
        .ok_or_else(|| {
            HttpError(ApiError::invalid_field("environmentId", "is required (or use an API key of the environment)"))
        })?;
    let ctx = authorize_environment_for::<need::ManageWebhooks>(&state, &caller, &environment_id).await?;
    let mut checks = Checks::default();
    let events = checks.events(&body.events);
    let description = checks.description(body.description.as_deref());
    let max_retries = checks.max_retries(body.max_retries.unwrap_or(DEFAULT_MAX_RETRIES));
    let timeout_ms = checks.timeout_ms(body.timeout_ms.unwrap_or(DEFAULT_TIMEOUT_MS));
    checks.finish()?;
    let url = checked_url(&state, &body.url).await?;
    let now = Timestamp::now();
    let subscription = WebhookSubscription {
        id: new_id(prefix::WEBHOOK),
        project_id: ctx.environment.project_id.clone(),
        environment_id: ctx.environment.id.clone(),
        url,
        events,
        description,
        is_active: body.is_active.unwrap_or(true),
        max_retries,
        timeout_ms,
        secret: new_secret(),
        created_by: caller.actor_id().to_string(),
        created_at: now,
        updated_at: now,
    };
    state.store.create_webhook_subscription(&subscription).await?;
    log(&state, &caller, &subscription, "webhook.created").await;
    Ok((StatusCode::CREATED, Json(subscription.into())))
}

async fn list(
    State(state): State<AppState>,
    access: EnvironmentAccess<need::ManageWebhooks>,
    Query(page): Query<PageQuery>,
) -> ApiResult<Json<Paged<SubscriptionOut>>> {
    let all = state.store.webhook_subscriptions(&access.environment.id).await?;
    Ok(Json(Paged::slice(all.into_iter().map(SubscriptionOut::from).collect(), &page)))
}

async fn fetch(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<SubscriptionOut>> {
    Ok(Json(manageable_subscription(&state, &caller, &id).await?.into()))
}

async fn update(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(body): Json<PatchIn>,
) -> ApiResult<Json<SubscriptionOut>> {
    let current = manageable_subscription(&state, &caller, &id).await?;
    let mut checks = Checks::default();
    let mut patch = WebhookSubscriptionPatch {
        events: body.events.as_deref().map(|e| checks.events(e)),
        description: body.description.as_ref().map(|d| checks.description(d.as_deref())),
        is_active: body.is_active,
        max_retries: body.max_retries.map(|n| checks.max_retries(n)),
        timeout_ms: body.timeout_ms.map(|n| checks.timeout_ms(n)),
        ..Default::default()
    };
    checks.finish()?;
    if let Some(url) = &body.url {
        patch.url = Some(checked_url(&state, url).await?);
    }
    let updated = state.store.update_webhook_subscription(&current.id, &patch, Timestamp::now()).await?;
    log(&state, &caller, &updated, "webhook.updated").await;
    Ok(Json(updated.into()))
}

async fn remove(State(state): State<AppState>, caller: Caller, Path(id): Path<String>) -> ApiResult<StatusCode> {
    let subscription = manageable_subscription(&state, &caller, &id).await?;
    state.store.delete_webhook_subscription(&subscription.id).await?;
    log(&state, &caller, &subscription, "webhook.deleted").await;
    Ok(StatusCode::NO_CONTENT)
}

async fn rotate_secret(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<SubscriptionWithSecret>> {
    let current = manageable_subscription(&state, &caller, &id).await?;
    let patch = WebhookSubscriptionPatch { secret: Some(new_secret()), ..Default::default() };
    let updated = state.store.update_webhook_subscription(&current.id, &patch, Timestamp::now()).await?;
    log(&state, &caller, &updated, "webhook.secret_rotated").await;
    Ok(Json(updated.into()))
}
