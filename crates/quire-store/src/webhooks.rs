//! Webhook subscriptions, environment signing secrets and the durable outbox: events, deliveries claimed
//! under a lease, and the record of every delivery attempt.

use async_trait::async_trait;
use quire_core::Timestamp;
use serde::Serialize;

use crate::StoreResult;

/// A subscription: where an environment's events of some types are sent, and how.
#[derive(Debug, Clone, PartialEq)]
pub struct WebhookSubscription {
    pub id: String,
    pub project_id: String,
    pub environment_id: String,
    pub url: String,
    /// Event types listened to, e.g. `document.generated`.
    pub events: Vec<String>,
    pub description: Option<String>,
    pub is_active: bool,
    /// Retries after the first attempt.
    pub max_retries: i64,
    pub timeout_ms: i64,
    /// The signing secret (HMAC key), kept in clear because every delivery needs it.
    pub secret: String,
    pub created_by: String,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

impl WebhookSubscription {
    /// Whether an event of `event_type` goes to this subscription now.
    pub fn listens_to(&self, event_type: &str) -> bool {
        self.is_active && self.events.iter().any(|e| e == event_type)
    }
}

/// Editable fields of a subscription; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct WebhookSubscriptionPatch {
    pub url: Option<String>,
    pub events: Option<Vec<String>>,
    pub description: Option<Option<String>>,
    pub is_active: Option<bool>,
    pub max_retries: Option<i64>,
    pub timeout_ms: Option<i64>,
    pub secret: Option<String>,
}

/// An event as it is sent: `body` is the exact JSON text every attempt delivers.
#[derive(Debug, Clone, PartialEq)]
pub struct WebhookEvent {
    /// `evt_…`.
    pub id: String,
    pub environment_id: String,
    pub event_type: String,
    pub body: String,
    pub created_at: Timestamp,
}

/// Where a delivery stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DeliveryStatus {
    /// Waiting for its next attempt (or being attempted).
    Pending,
    /// A target answered 2xx.
    Delivered,
    /// Every allowed attempt failed.
    Failed,
}

impl DeliveryStatus {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            DeliveryStatus::Pending => "pending",
            DeliveryStatus::Delivered => "delivered",
            DeliveryStatus::Failed => "failed",
        }
    }

    /// From the stored name; anything unknown reads as failed (never re-sent by accident).
    pub fn parse(text: &str) -> Self {
        match text {
            "pending" => DeliveryStatus::Pending,
            "delivered" => DeliveryStatus::Delivered,
            _ => DeliveryStatus::Failed,
        }
    }
}

/// One event on its way to one target.
#[derive(Debug, Clone, PartialEq)]
pub struct WebhookDelivery {
    /// `del_…`.
    pub id: String,
    pub event_id: String,
    pub event_type: String,
    pub environment_id: String,
    /// `None` for a per-request target (`webhookUrl`).
    pub subscription_id: Option<String>,
    /// The job the event is about, if any.
    pub job_id: Option<String>,
    pub target_url: String,
    /// A per-request target's own secret; `None` signs with the subscription's or environment's secret.
    pub direct_secret: Option<String>,
    pub status: DeliveryStatus,
    /// Attempts made so far.
    pub attempts: i64,
    /// Attempts allowed in all (first attempt plus retries).
    pub max_attempts: i64,
    pub timeout_ms: i64,
    pub next_attempt_at: Option<Timestamp>,
    pub lease_owner: Option<String>,
    pub lease_until: Option<Timestamp>,
    pub last_status_code: Option<i64>,
    pub last_error: Option<String>,
    pub delivered_at: Option<Timestamp>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    /// W3C `traceparent` of the span that published the event, so every attempt joins that trace; `None` when
    /// trace export is off.
    pub trace_parent: Option<String>,
}

/// One attempt to deliver, as recorded in the delivery log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DeliveryAttempt {
    #[serde(skip)]
    pub delivery_id: String,
    /// 1 for the first attempt.
    pub attempt: i64,
    pub started_at: Timestamp,
    pub duration_ms: i64,
    /// The HTTP status the target answered, if it answered.
    pub status_code: Option<i64>,
    /// Why the attempt did not count (timeout, refused target, non-2xx answer …).
    pub error: Option<String>,
}

/// What happens to a delivery after an attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AfterAttempt {
    /// The target accepted it.
    Delivered,
    /// Try again at this time.
    RetryAt(Timestamp),
    /// No attempts left.
    GiveUp,
}

/// What an event announces, once: a job's outcome or a batch's completion. The transaction that records the
/// event marks its subject announced, so two announcers (the worker and a later sweep) never make two events.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EventSubject {
    /// `document.generated` or `document.failed` of this job.
    Job(String),
    /// `batch.completed` of this batch.
    Batch(String),
}

/// Webhook persistence.
#[async_trait]
pub trait WebhookStore: Send + Sync {
    /// Stores a new subscription.
    async fn create_webhook_subscription(&self, subscription: &WebhookSubscription) -> StoreResult<()>;
    /// A subscription by id.
    async fn webhook_subscription(&self, id: &str) -> StoreResult<Option<WebhookSubscription>>;
    /// The subscriptions of an environment, newest first.
    async fn webhook_subscriptions(&self, environment_id: &str) -> StoreResult<Vec<WebhookSubscription>>;
    /// Applies a patch and returns the updated subscription.
    async fn update_webhook_subscription(
        &self,
        id: &str,
        patch: &WebhookSubscriptionPatch,
        at: Timestamp,
    ) -> StoreResult<WebhookSubscription>;
    /// Deletes a subscription with its deliveries.
    async fn delete_webhook_subscription(&self, id: &str) -> StoreResult<()>;

    /// The environment's signing secret, storing `candidate` first when it has none.
    async fn webhook_signing_secret(&self, environment_id: &str, candidate: &str) -> StoreResult<String>;
    /// Replaces the environment's signing secret.
    async fn replace_webhook_signing_secret(
        &self,
        environment_id: &str,
        secret: &str,
        at: Timestamp,
    ) -> StoreResult<()>;

    /// Stores an event and its deliveries in one transaction (the outbox write); nothing is stored without a
    /// delivery. With a `subject`, the same transaction marks it announced, and when it already was nothing is
    /// stored and the answer is false.
    async fn enqueue_webhook_event(
        &self,
        event: &WebhookEvent,
        deliveries: &[WebhookDelivery],
        subject: Option<&EventSubject>,
    ) -> StoreResult<bool>;
    /// An event by id.
    async fn webhook_event(&self, id: &str) -> StoreResult<Option<WebhookEvent>>;
    /// A delivery by id.
    async fn webhook_delivery(&self, id: &str) -> StoreResult<Option<WebhookDelivery>>;
    /// A page of a subscription's deliveries, newest first, with the total.
    async fn webhook_deliveries(
        &self,
        subscription_id: &str,
        offset: i64,
        limit: i64,
    ) -> StoreResult<(Vec<WebhookDelivery>, i64)>;
    /// The attempts of these deliveries, in attempt order.
    async fn webhook_delivery_attempts(&self, delivery_ids: &[String]) -> StoreResult<Vec<DeliveryAttempt>>;
    /// The newest per-request (subscription-less) delivery of a job's outcome (`document.generated` or
    /// `document.failed`; later `document.downloaded` events do not count).
    async fn direct_webhook_delivery_for_job(&self, job_id: &str) -> StoreResult<Option<WebhookDelivery>>;

    /// Leases up to `limit` due deliveries to `owner` until `lease_until`, atomically, so two workers never
    /// hold the same attempt. Expired leases (a worker that died) count as free.
    async fn claim_due_webhook_deliveries(
        &self,
        now: Timestamp,
        owner: &str,
        lease_until: Timestamp,
        limit: i64,
    ) -> StoreResult<Vec<WebhookDelivery>>;
    /// When the next pending delivery falls due (`None`: nothing pending).
    async fn next_webhook_delivery_due(&self) -> StoreResult<Option<Timestamp>>;
    /// Records an attempt and moves the delivery on, if `owner` still holds its lease. Returns whether it did.
    async fn finish_webhook_attempt(
        &self,
        owner: &str,
        attempt: &DeliveryAttempt,
        after: AfterAttempt,
    ) -> StoreResult<bool>;
    /// Gives up every lease `owner` holds, leaving those deliveries due (at shutdown).
    async fn release_webhook_leases(&self, owner: &str) -> StoreResult<()>;
    /// Makes a finished delivery pending again for one more attempt, due `now`. `Conflict` when pending.
    async fn requeue_webhook_delivery(&self, id: &str, now: Timestamp) -> StoreResult<WebhookDelivery>;
    /// Deletes events created before `before` whose deliveries are all finished, with their deliveries and
    /// attempts; returns how many events went.
    async fn prune_webhook_events(&self, before: Timestamp) -> StoreResult<u64>;
}
