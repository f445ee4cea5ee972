//! Mapping PostgreSQL rows of subscriptions, deliveries and attempts to records.

use sqlx::Row;
use sqlx::postgres::PgRow;

use crate::postgres::rows::{opt_ts, ts};
use crate::webhooks::{DeliveryAttempt, DeliveryStatus, WebhookDelivery, WebhookSubscription};

pub(super) fn subscription(row: &PgRow) -> Result<WebhookSubscription, sqlx::Error> {
    let events: String = row.try_get("events")?;
    Ok(WebhookSubscription {
        id: row.try_get("id")?,
        project_id: row.try_get("project_id")?,
        environment_id: row.try_get("environment_id")?,
        url: row.try_get("url")?,
        events: serde_json::from_str(&events).map_err(|e| sqlx::Error::Decode(Box::new(e)))?,
        description: row.try_get("description")?,
        is_active: row.try_get("is_active")?,
        max_retries: row.try_get("max_retries")?,
        timeout_ms: row.try_get("timeout_ms")?,
        secret: row.try_get("secret")?,
        created_by: row.try_get("created_by")?,
        created_at: ts(row, "created_at")?,
        updated_at: ts(row, "updated_at")?,
    })
}

pub(super) fn delivery(row: &PgRow) -> Result<WebhookDelivery, sqlx::Error> {
    let status: String = row.try_get("status")?;
    Ok(WebhookDelivery {
        id: row.try_get("id")?,
        event_id: row.try_get("event_id")?,
        event_type: row.try_get("event_type")?,
        environment_id: row.try_get("environment_id")?,
        subscription_id: row.try_get("subscription_id")?,
        job_id: row.try_get("job_id")?,
        target_url: row.try_get("target_url")?,
        direct_secret: row.try_get("direct_secret")?,
        status: DeliveryStatus::parse(&status),
        attempts: row.try_get("attempts")?,
        max_attempts: row.try_get("max_attempts")?,
        timeout_ms: row.try_get("timeout_ms")?,
        next_attempt_at: opt_ts(row, "next_attempt_at")?,
        lease_owner: row.try_get("lease_owner")?,
        lease_until: opt_ts(row, "lease_until")?,
        last_status_code: row.try_get("last_status_code")?,
        last_error: row.try_get("last_error")?,
        delivered_at: opt_ts(row, "delivered_at")?,
        created_at: ts(row, "created_at")?,
        updated_at: ts(row, "updated_at")?,
        trace_parent: row.try_get("trace_parent")?,
    })
}

pub(super) fn attempt(row: &PgRow) -> Result<DeliveryAttempt, sqlx::Error> {
    Ok(DeliveryAttempt {
        delivery_id: row.try_get("delivery_id")?,
        attempt: row.try_get("attempt")?,
        started_at: ts(row, "started_at")?,
        duration_ms: row.try_get("duration_ms")?,
        status_code: row.try_get("status_code")?,
        error: row.try_get("error")?,
    })
}

pub(super) fn encode_events(events: &[String]) -> String {
    serde_json::Value::from(events.to_vec()).to_string()
}
