//! A subscription's delivery log, the manual retry of a delivery, and the test event.

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use quire_core::{ApiError, ErrorCode, Timestamp};
use quire_store::{AfterAttempt, DeliveryAttempt, DeliveryStatus, StoreError, WebhookDelivery};
use serde::Serialize;
use serde_json::json;

use super::outbox::{attempt_delivery, finish, wake};
use super::routes::manageable_subscription;
use super::{WEBHOOK_TEST, new_delivery, new_event};
use crate::auth::Caller;
use crate::http::pagination::{PageQuery, Paged};
use crate::http::{ApiResult, HttpError, Json};
use crate::state::AppState;

/// How long the test request holds its delivery's lease (longer than any timeout).
const TEST_LEASE_MS: i64 = 180_000;

/// The routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/webhook-subscriptions/{id}/test", post(send_test))
        .route("/api/v1/webhook-subscriptions/{id}/deliveries", get(list))
        .route("/api/v1/webhook-subscriptions/{id}/deliveries/{deliveryId}/retry", post(retry))
}

/// A delivery with its attempts, as the log shows it.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DeliveryOut {
    id: String,
    subscription_id: Option<String>,
    event_id: String,
    event_type: String,
    url: String,
    /// `pending`, `delivered` or `failed`.
    status: DeliveryStatus,
    /// Attempts made.
    attempts: i64,
    max_attempts: i64,
    last_status_code: Option<i64>,
    last_error: Option<String>,
    next_attempt_at: Option<Timestamp>,
    delivered_at: Option<Timestamp>,
    created_at: Timestamp,
    updated_at: Timestamp,
    /// Every attempt: when, how long, the answer's status, the error.
    attempt_log: Vec<DeliveryAttempt>,
}

impl DeliveryOut {
    fn new(d: WebhookDelivery, attempts: &[DeliveryAttempt]) -> Self {
        let attempt_log = attempts.iter().filter(|a| a.delivery_id == d.id).cloned().collect();
        let pending = d.status == DeliveryStatus::Pending;
        DeliveryOut {
            id: d.id,
            subscription_id: d.subscription_id,
            event_id: d.event_id,
            event_type: d.event_type,
            url: d.target_url,
            status: d.status,
            attempts: d.attempts,
            max_attempts: d.max_attempts,
            last_status_code: d.last_status_code,
            last_error: d.last_error,
            next_attempt_at: if pending { d.next_attempt_at } else { None },
            delivered_at: d.delivered_at,
            created_at: d.created_at,
            updated_at: d.updated_at,
            attempt_log,
        }
    }
}

async fn list(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Query(page): Query<PageQuery>,
) -> ApiResult<Json<Paged<DeliveryOut>>> {
    let subscription = manageable_subscription(&state, &caller, &id).await?;
    let (deliveries, total) = state.store.webhook_deliveries(&subscription.id, page.offset(), page.limit()).await?;
    let ids: Vec<String> = deliveries.iter().map(|d| d.id.clone()).collect();
    let attempts = state.store.webhook_delivery_attempts(&ids).await?;
    let data = deliveries.into_iter().map(|d| DeliveryOut::new(d, &attempts)).collect();
    Ok(Json(Paged::new(data, total, &page)))
}

async fn retry(
    State(state): State<AppState>,
    caller: Caller,
    Path((id, delivery_id)): Path<(String, String)>,
) -> ApiResult<(StatusCode, Json<DeliveryOut>)> {
    let subscription = manageable_subscription(&state, &caller, &id).await?;
    let not_found = || HttpError(ApiError::with_message(ErrorCode::NotFound, "Webhook delivery not found"));
    let delivery = state.store.webhook_delivery(&delivery_id).await?.ok_or_else(not_found)?;
    if delivery.subscription_id.as_deref() != Some(subscription.id.as_str()) {
        return Err(not_found());
    }
    let requeued = state.store.requeue_webhook_delivery(&delivery.id, Timestamp::now()).await.map_err(|e| match e {
        StoreError::Conflict(_) => HttpError(ApiError::with_message(
            ErrorCode::Conflict,
            "This delivery is still pending; it will be attempted again on its own",
        )),
        other => other.into(),
    })?;
    wake();
    let attempts = state.store.webhook_delivery_attempts(std::slice::from_ref(&requeued.id)).await?;
    Ok((StatusCode::ACCEPTED, Json(DeliveryOut::new(requeued, &attempts))))
}

/// `POST …/:id/test`: sends a `webhook.test` event now, once, and answers how it went. The attempt is
/// recorded in the delivery log like any other (and can be retried from there).
async fn send_test(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<serde_json::Value>> {
    let subscription = manageable_subscription(&state, &caller, &id).await?;
    let now = Timestamp::now();
    let data = json!({
        "subscriptionId": subscription.id,
        "message": "This is a test event from Quire",
    });
    let event = new_event(&subscription.environment_id, WEBHOOK_TEST, data, now);
    let mut delivery = new_delivery(&event, &subscription.url, 1, subscription.timeout_ms, now);
    // Leased to this request from the start, so the background worker leaves it alone.
    let owner = format!("test-{}", delivery.id);
    delivery.subscription_id = Some(subscription.id.clone());
    delivery.lease_owner = Some(owner.clone());
    delivery.lease_until = Some(Timestamp::from_millis(now.as_millis() + TEST_LEASE_MS));
    state.store.enqueue_webhook_event(&event, std::slice::from_ref(&delivery), None).await?;
    let result = attempt_delivery(&state, &delivery).await;
    let after = finish(&state, &owner, &delivery, &result).await?;
    let status = if after == AfterAttempt::Delivered { DeliveryStatus::Delivered } else { DeliveryStatus::Failed };
    Ok(Json(json!({
        "success": result.succeeded(),
        "status": status,
        "deliveryId": delivery.id,
        "eventId": event.id,
        "statusCode": result.status_code,
        "durationMs": result.duration_ms,
        "error": result.error,
    })))
}
