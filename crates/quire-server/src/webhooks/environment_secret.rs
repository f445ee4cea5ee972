//! The environment signing secret: it signs per-request targets (`webhookUrl`) that bring no `webhookSecret`.

use axum::Router;
use axum::extract::State;
use axum::routing::{get, post};
use quire_core::Timestamp;
use serde_json::json;

use super::signing::new_secret;
use crate::activity::{self, Activity};
use crate::auth::EnvironmentAccess;
use crate::auth::access::need;
use crate::http::{ApiResult, Json};
use crate::state::AppState;

/// The routes (static paths; they take precedence over `/api/v1/webhook-subscriptions/{id}`).
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/webhook-subscriptions/signing-secret", get(signing_secret))
        .route("/api/v1/webhook-subscriptions/signing-secret/rotate", post(rotate_signing_secret))
}

/// `{environmentId, secret}`: the secret signing per-request targets that bring no `webhookSecret`.
async fn signing_secret(
    State(state): State<AppState>,
    access: EnvironmentAccess<need::ManageWebhooks>,
) -> ApiResult<Json<serde_json::Value>> {
    let secret = super::environment_signing_secret(&state, &access.environment.id).await?;
    Ok(Json(json!({ "environmentId": access.environment.id, "secret": secret })))
}

async fn rotate_signing_secret(
    State(state): State<AppState>,
    access: EnvironmentAccess<need::ManageWebhooks>,
) -> ApiResult<Json<serde_json::Value>> {
    let environment = &access.environment;
    let secret = new_secret();
    state.store.replace_webhook_signing_secret(&environment.id, &secret, Timestamp::now()).await?;
    let activity = Activity {
        project_id: &environment.project_id,
        environment_id: Some(&environment.id),
        action: "webhook.signing_secret_rotated",
        target_type: "environment",
        target_id: &environment.id,
        details: None,
    };
    activity::record(&state, &access.caller, activity).await;
    Ok(Json(json!({ "environmentId": environment.id, "secret": secret })))
}
