//! The delivery worker: claims due deliveries from the durable outbox under a lease, sends them, records
//! every attempt and schedules retries. A publish wakes it at once; otherwise it sleeps until the next
//! delivery falls due (at most [`IDLE_POLL`], so deliveries queued by another process are found too).

use std::sync::{Arc, LazyLock};
use std::time::Duration;

use quire_core::Timestamp;
use quire_store::{AfterAttempt, DeliveryAttempt, WebhookDelivery};
use tokio::sync::{Notify, Semaphore, watch};
use tokio::task::{JoinHandle, JoinSet};
use tracing::Instrument;

use super::delivery::{AttemptResult, Outgoing, http_client, retry_delay, send};
use super::signing::new_secret;
use super::target::check_target;
use crate::app::stopped;
use crate::state::AppState;

/// Longest sleep of an idle worker.
pub const IDLE_POLL: Duration = Duration::from_secs(1);

/// How long a claimed delivery stays leased: the longest delivery timeout (`timeoutMs` ≤ 60 s) plus time to
/// record the attempt, so a live worker keeps it and a killed worker's deliveries go out again soon after.
const LEASE: Duration = Duration::from_secs(90);

/// How long finished events and their delivery logs are kept.
pub const EVENT_RETENTION: Duration = Duration::from_secs(30 * 24 * 3600);

/// How often old events are pruned.
const PRUNE_EVERY: Duration = Duration::from_secs(3600);

/// Shortest sleep, so a lease ending in the same millisecond never spins the loop.
const MIN_SLEEP: Duration = Duration::from_millis(5);

/// Wakes every delivery worker of this process (they share nothing else, so a spurious wake only costs a
/// query).
static WAKE: LazyLock<Notify> = LazyLock::new(Notify::new);

/// Tells the delivery workers that deliveries were queued.
pub fn wake() {
    WAKE.notify_waiters();
}

/// Starts the worker (unless `webhooks_concurrency` is 0); it stops when `stop` is set, giving up its leases
/// so another start delivers at once what was in flight.
pub fn spawn_delivery_worker(state: AppState, stop: watch::Receiver<bool>) -> Option<JoinHandle<()>> {
    if state.config.webhooks_concurrency == 0 {
        return None;
    }
    Some(tokio::spawn(run(state, stop)))
}

async fn run(state: AppState, mut stop: watch::Receiver<bool>) {
    let owner = format!("webhooks-{}", quire_core::base62::random_string(16));
    let slots = Arc::new(Semaphore::new(state.config.webhooks_concurrency));
    let mut in_flight = JoinSet::new();
    let mut next_prune = tokio::time::Instant::now();
    loop {
        if tokio::time::Instant::now() >= next_prune {
            prune(&state).await;
            next_prune += PRUNE_EVERY;
        }
        let woken = WAKE.notified();
        tokio::pin!(woken);
        woken.as_mut().enable();
        while in_flight.try_join_next().is_some() {}
        let free = slots.available_permits();
        let mut claimed = 0;
        if free > 0 {
            let now = Timestamp::now();
            let lease_until = Timestamp::from_millis(now.as_millis() + LEASE.as_millis() as i64);
            match state.store.claim_due_webhook_deliveries(now, &owner, lease_until, free as i64).await {
                Ok(due) => {
                    for delivery in due {
                        let Ok(permit) = slots.clone().try_acquire_owned() else { break };
                        claimed += 1;
                        let (state, owner) = (state.clone(), owner.clone());
                        in_flight.spawn(async move {
                            process(&state, &owner, delivery).await;
                            drop(permit);
                        });
                    }
                }
                Err(e) => tracing::warn!(error = %e, "claiming webhook deliveries failed; will retry"),
            }
        }
        if claimed > 0 && slots.available_permits() > 0 {
            continue;
        }
        let sleep = if slots.available_permits() == 0 { IDLE_POLL } else { until_next_due(&state).await };
        tokio::select! {
            _ = &mut woken => {}
            _ = tokio::time::sleep(sleep) => {}
            Some(_) = in_flight.join_next(), if !in_flight.is_empty() => {}
            _ = stopped(&mut stop) => break,
        }
    }
    in_flight.abort_all();
    while in_flight.join_next().await.is_some() {}
    if let Err(e) = state.store.release_webhook_leases(&owner).await {
        tracing::warn!(error = %e, "could not release webhook leases; they expire on their own");
    }
}

/// Deletes finished events older than [`EVENT_RETENTION`] with their delivery logs.
async fn prune(state: &AppState) {
    let before = Timestamp::from_millis(Timestamp::now().as_millis() - EVENT_RETENTION.as_millis() as i64);
    match state.store.prune_webhook_events(before).await {
        Ok(0) => {}
        Ok(n) => tracing::info!(events = n, "pruned old webhook events"),
        Err(e) => tracing::warn!(error = %e, "pruning old webhook events failed"),
    }
}

async fn until_next_due(state: &AppState) -> Duration {
    match state.store.next_webhook_delivery_due().await {
        Ok(Some(due)) => {
            let wait = due.as_millis() - Timestamp::now().as_millis();
            Duration::from_millis(wait.max(0) as u64).clamp(MIN_SLEEP, IDLE_POLL)
        }
        Ok(None) => IDLE_POLL,
        Err(e) => {
            tracing::warn!(error = %e, "reading the webhook outbox failed");
            IDLE_POLL
        }
    }
}

/// Makes one attempt at a claimed delivery and records it.
async fn process(state: &AppState, owner: &str, delivery: WebhookDelivery) {
    let result = attempt_delivery(state, &delivery).await;
    if let Err(e) = finish(state, owner, &delivery, &result).await {
        tracing::warn!(error = %e, delivery_id = %delivery.id, "could not record a webhook attempt; it will be retried");
    }
}

/// Records `result` as the next attempt of `delivery` and decides what follows: delivered, a retry after
/// the backoff, or failed when no attempts are left. Returns what was decided.
pub(super) async fn finish(
    state: &AppState,
    owner: &str,
    delivery: &WebhookDelivery,
    result: &AttemptResult,
) -> Result<AfterAttempt, quire_store::StoreError> {
    let number = delivery.attempts + 1;
    let after = if result.succeeded() {
        AfterAttempt::Delivered
    } else if number >= delivery.max_attempts {
        AfterAttempt::GiveUp
    } else {
        let config = &state.config;
        let wait = retry_delay(config.webhooks_backoff_base_ms, config.webhooks_backoff_max_ms, number);
        AfterAttempt::RetryAt(Timestamp::from_millis(Timestamp::now().as_millis() + wait.as_millis() as i64))
    };
    let attempt = DeliveryAttempt {
        delivery_id: delivery.id.clone(),
        attempt: number,
        started_at: result.started_at,
        duration_ms: result.duration_ms,
        status_code: result.status_code,
        error: result.error.clone(),
    };
    if !state.store.finish_webhook_attempt(owner, &attempt, after).await? {
        tracing::info!(delivery_id = %delivery.id, "webhook lease was lost before the attempt was recorded");
    }
    let outcome = match after {
        AfterAttempt::Delivered => "delivered",
        AfterAttempt::RetryAt(_) => "retrying",
        AfterAttempt::GiveUp => "failed",
    };
    crate::metrics::metrics()
        .webhook_deliveries
        .get_or_create(&crate::metrics::families::OutcomeLabels { outcome })
        .inc();
    match after {
        AfterAttempt::Delivered => tracing::info!(delivery_id = %delivery.id, attempt = number, "webhook delivered"),
        AfterAttempt::RetryAt(_) => {
            tracing::info!(delivery_id = %delivery.id, attempt = number, error = ?result.error, "webhook attempt failed; will retry")
        }
        AfterAttempt::GiveUp => {
            tracing::warn!(delivery_id = %delivery.id, attempt = number, error = ?result.error, "webhook delivery failed for good")
        }
    }
    Ok(after)
}

/// An attempt not sent because the store failed; the details go to the log, not to the delivery log.
fn store_failure(what: &str, err: &quire_store::StoreError) -> AttemptResult {
    tracing::error!(error = %err, "could not read {what} for a webhook delivery");
    AttemptResult::not_sent(format!("internal error reading {what}; will retry"))
}

/// Sends a delivery once, in a `webhook.delivery` span that joins the trace of whatever published the event.
pub(super) async fn attempt_delivery(state: &AppState, delivery: &WebhookDelivery) -> AttemptResult {
    let span = tracing::info_span!(
        "webhook.delivery",
        delivery_id = %delivery.id,
        event_type = %delivery.event_type,
        attempt = delivery.attempts + 1,
        otel.kind = tracing::field::Empty,
        http.response.status_code = tracing::field::Empty,
    );
    crate::telemetry::propagation::continue_trace(&span, delivery.trace_parent.as_deref());
    if crate::telemetry::enabled() {
        span.record("otel.kind", "client");
    }
    let result = attempt_once(state, delivery).instrument(span.clone()).await;
    if let Some(code) = result.status_code {
        span.record("http.response.status_code", code);
    }
    if !result.succeeded() {
        // Not the error text: it can quote the target URL, and webhook URLs often carry a token.
        crate::telemetry::mark_error(&span, "webhook attempt failed");
    }
    result
}

/// Sends a delivery once: to its subscription's current URL and secret, or to its per-request target signed
/// with that target's secret or else the environment's. The target is checked again first (DNS may change).
async fn attempt_once(state: &AppState, delivery: &WebhookDelivery) -> AttemptResult {
    let event = match state.store.webhook_event(&delivery.event_id).await {
        Ok(Some(event)) => event,
        Ok(None) => return AttemptResult::not_sent("the event no longer exists".into()),
        Err(e) => return store_failure("the event", &e),
    };
    let (url, secret) = match &delivery.subscription_id {
        Some(id) => match state.store.webhook_subscription(id).await {
            Ok(Some(subscription)) => (subscription.url, subscription.secret),
            Ok(None) => return AttemptResult::not_sent("the subscription was deleted".into()),
            Err(e) => return store_failure("the subscription", &e),
        },
        None => {
            let secret = match &delivery.direct_secret {
                Some(secret) => secret.clone(),
                None => match state.store.webhook_signing_secret(&delivery.environment_id, &new_secret()).await {
                    Ok(secret) => secret,
                    Err(e) => return store_failure("the signing secret", &e),
                },
            };
            (delivery.target_url.clone(), secret)
        }
    };
    let allow_private = state.config.webhooks_allow_private;
    if let Err(refusal) = check_target(&url, allow_private).await {
        return AttemptResult::not_sent(format!("target refused: {refusal}"));
    }
    let client = match http_client(allow_private) {
        Ok(client) => client,
        Err(e) => return AttemptResult::not_sent(e),
    };
    let outgoing = Outgoing {
        url: &url,
        secret: &secret,
        delivery_id: &delivery.id,
        event_id: &event.id,
        event_type: &event.event_type,
        body: &event.body,
        timeout: Duration::from_millis(delivery.timeout_ms.max(1) as u64),
    };
    send(client, outgoing).await
}
