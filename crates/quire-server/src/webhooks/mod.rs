//! Webhooks (API.md §7): subscriptions, events written to a durable outbox, signed delivery with retries,
//! the delivery log, and the calls the document pipeline makes (`check_target_url`, `publish`,
//! `direct_delivery_state`).

mod deliveries;
pub mod delivery;
mod environment_secret;
pub mod outbox;
mod routes;
pub mod signing;
pub mod target;

use axum::Router;
use quire_core::ids::{new_id, prefix};
use quire_core::{ApiError, ErrorCode, Timestamp};
use quire_store::{DeliveryStatus, EventSubject, Store, WebhookDelivery, WebhookEvent};
use serde_json::{Value, json};

pub use outbox::{spawn_delivery_worker, wake};

use crate::http::HttpError;
use crate::state::AppState;
use target::TargetRefusal;

/// A document finished rendering.
pub const DOCUMENT_GENERATED: &str = "document.generated";
/// A document job failed for good.
pub const DOCUMENT_FAILED: &str = "document.failed";
/// A document was downloaded.
pub const DOCUMENT_DOWNLOADED: &str = "document.downloaded";
/// Every job of a batch finished.
pub const BATCH_COMPLETED: &str = "batch.completed";
/// Sent by `POST …/:id/test` only.
pub const WEBHOOK_TEST: &str = "webhook.test";

/// The event types a subscription may listen to.
pub const EVENT_TYPES: &[&str] = &[DOCUMENT_GENERATED, DOCUMENT_FAILED, DOCUMENT_DOWNLOADED, BATCH_COMPLETED];

/// Retries after the first attempt, unless a subscription says otherwise (also for per-request targets).
pub const DEFAULT_MAX_RETRIES: i64 = 5;
/// Delivery timeout of a subscription that names none.
pub const DEFAULT_TIMEOUT_MS: i64 = 30_000;

/// Per-request target from the generate call (`webhookUrl` + optional `webhookSecret`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DirectTarget {
    pub url: String,
    /// Signs the deliveries; `None` (or empty) signs with the environment's signing secret.
    pub secret: Option<String>,
}

/// What became of a job's per-request webhook (for the job's `webhookSent` / `webhookError`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DirectDeliveryState {
    /// The target answered 2xx.
    pub sent: bool,
    /// The last failed attempt's error (while retrying, or after giving up).
    pub error: Option<String>,
    pub status: DeliveryStatus,
}

/// The routes: subscriptions, the environment signing secret, the delivery log, test and retry.
pub fn router() -> Router<AppState> {
    routes::router().merge(environment_secret::router()).merge(deliveries::router())
}

/// `422 ERR_WHK_002` naming the refused field and why.
fn refused(field: &str, refusal: &TargetRefusal) -> HttpError {
    HttpError(
        ApiError::with_message(ErrorCode::WebhookTargetRefused, format!("Webhook target is not allowed: {refusal}"))
            .related(json!({ "errors": [{ "field": field, "message": refusal.0 }] })),
    )
}

/// Checks a target URL now (at generate time) so a bad `webhookUrl` is refused with 422 ERR_WHK_002 before
/// queueing: not http(s), no host, or (unless `QUIRE_WEBHOOKS_ALLOW_PRIVATE`) a host that does not resolve
/// or resolves to a loopback, private, link-local or reserved address.
pub async fn check_target_url(state: &AppState, url: &str) -> Result<(), HttpError> {
    target::check_target(url, state.config.webhooks_allow_private)
        .await
        .map(|_| ())
        .map_err(|r| refused("webhookUrl", &r))
}

/// The environment's signing secret for per-request targets, created on first use and kept.
pub async fn environment_signing_secret(state: &AppState, environment_id: &str) -> Result<String, HttpError> {
    Ok(state.store.webhook_signing_secret(environment_id, &signing::new_secret()).await?)
}

/// An event with its body as it will be sent: `{id, type, timestamp, data}`.
fn new_event(environment_id: &str, event_type: &str, data: Value, now: Timestamp) -> WebhookEvent {
    let id = new_id(prefix::EVENT);
    let body = json!({ "id": id, "type": event_type, "timestamp": now, "data": data }).to_string();
    WebhookEvent {
        id,
        environment_id: environment_id.to_string(),
        event_type: event_type.to_string(),
        body,
        created_at: now,
    }
}

/// A pending delivery of `event`, due now.
fn new_delivery(
    event: &WebhookEvent,
    url: &str,
    max_attempts: i64,
    timeout_ms: i64,
    now: Timestamp,
) -> WebhookDelivery {
    WebhookDelivery {
        id: new_id(prefix::DELIVERY),
        event_id: event.id.clone(),
        event_type: event.event_type.clone(),
        environment_id: event.environment_id.clone(),
        subscription_id: None,
        job_id: None,
        target_url: url.to_string(),
        direct_secret: None,
        status: DeliveryStatus::Pending,
        attempts: 0,
        max_attempts,
        timeout_ms,
        next_attempt_at: Some(now),
        lease_owner: None,
        lease_until: None,
        last_status_code: None,
        last_error: None,
        delivered_at: None,
        created_at: now,
        updated_at: now,
        // The publisher's span (a job's worker, a request): the delivery attempts join its trace.
        trace_parent: crate::telemetry::propagation::current_trace_parent(),
    }
}

/// Records an event durably (outbox) for every active subscription of the environment listening to
/// `event_type`, plus the direct target if given; delivery happens in the background with retries.
/// Returns the event id (`evt_…`). With no target at all nothing is stored.
pub async fn publish(
    state: &AppState,
    environment_id: &str,
    event_type: &str,
    data: Value,
    direct: Option<DirectTarget>,
) -> Result<String, HttpError> {
    let (event, deliveries) = prepare(state, environment_id, event_type, data, direct).await?;
    if !deliveries.is_empty() {
        state.store.enqueue_webhook_event(&event, &deliveries, None).await?;
        wake();
    }
    Ok(event.id)
}

/// [`publish`] for an event that announces `subject` and must be recorded exactly once: the outbox write marks
/// the subject announced in the same transaction. False (and nothing stored) when it had been announced.
pub async fn announce(
    state: &AppState,
    environment_id: &str,
    event_type: &str,
    data: Value,
    direct: Option<DirectTarget>,
    subject: &EventSubject,
) -> Result<bool, HttpError> {
    let (event, deliveries) = prepare(state, environment_id, event_type, data, direct).await?;
    let recorded = state.store.enqueue_webhook_event(&event, &deliveries, Some(subject)).await?;
    if recorded && !deliveries.is_empty() {
        wake();
    }
    Ok(recorded)
}

/// The event and one pending delivery per listening subscription, plus the direct target's.
async fn prepare(
    state: &AppState,
    environment_id: &str,
    event_type: &str,
    data: Value,
    direct: Option<DirectTarget>,
) -> Result<(WebhookEvent, Vec<WebhookDelivery>), HttpError> {
    let now = Timestamp::now();
    let job_id = data.get("jobId").and_then(Value::as_str).map(str::to_string);
    let event = new_event(environment_id, event_type, data, now);
    let mut deliveries = Vec::new();
    for subscription in state.store.webhook_subscriptions(environment_id).await? {
        if !subscription.listens_to(event_type) {
            continue;
        }
        let mut d = new_delivery(&event, &subscription.url, subscription.max_retries + 1, subscription.timeout_ms, now);
        d.subscription_id = Some(subscription.id);
        d.job_id = job_id.clone();
        deliveries.push(d);
    }
    if let Some(target) = direct {
        let timeout_ms = state.config.webhooks_timeout_ms as i64;
        let mut d = new_delivery(&event, &target.url, DEFAULT_MAX_RETRIES + 1, timeout_ms, now);
        d.direct_secret = target.secret.filter(|s| !s.is_empty());
        if d.direct_secret.is_none() {
            environment_signing_secret(state, environment_id).await?;
        }
        d.job_id = job_id;
        deliveries.push(d);
    }
    Ok((event, deliveries))
}

/// What became of the newest per-request (`webhookUrl`) delivery about `job_id`; `None` when the job had
/// none (or it was not published yet).
pub async fn direct_delivery_state(store: &Store, job_id: &str) -> Result<Option<DirectDeliveryState>, HttpError> {
    let Some(delivery) = store.direct_webhook_delivery_for_job(job_id).await? else { return Ok(None) };
    Ok(Some(DirectDeliveryState {
        sent: delivery.status == DeliveryStatus::Delivered,
        error: if delivery.status == DeliveryStatus::Delivered { None } else { delivery.last_error },
        status: delivery.status,
    }))
}
