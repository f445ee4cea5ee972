//! PostgreSQL: the webhook outbox's moving parts: claiming due deliveries under a lease (`FOR UPDATE SKIP LOCKED`,
//! so the delivery workers of every node share them), recording attempts, requeueing and pruning.

use quire_core::Timestamp;
use sqlx::PgPool;

use super::rows::delivery;
use crate::webhooks::{AfterAttempt, DeliveryAttempt, DeliveryStatus, WebhookDelivery};
use crate::{StoreError, StoreResult};

async fn exists(pool: &PgPool, id: &str) -> StoreResult<bool> {
    let found: Option<i32> =
        sqlx::query_scalar("SELECT 1 FROM webhook_deliveries WHERE id = $1").bind(id).fetch_optional(pool).await?;
    Ok(found.is_some())
}

pub(super) async fn claim_due(
    pool: &PgPool,
    now: Timestamp,
    owner: &str,
    lease_until: Timestamp,
    limit: i64,
) -> StoreResult<Vec<WebhookDelivery>> {
    // SKIP LOCKED: workers on every node claim at once, each getting deliveries no other one holds.
    let mut claimed = sqlx::query(
        "UPDATE webhook_deliveries SET lease_owner = $1, lease_until = $2 WHERE id IN ( \
           SELECT id FROM webhook_deliveries WHERE status = 'pending' AND next_attempt_at <= $3 \
           AND (lease_until IS NULL OR lease_until < $3) ORDER BY next_attempt_at LIMIT $4 FOR UPDATE SKIP LOCKED) \
         RETURNING *",
    )
    .bind(owner)
    .bind(lease_until.as_millis())
    .bind(now.as_millis())
    .bind(limit)
    .fetch_all(pool)
    .await?
    .iter()
    .map(delivery)
    .collect::<Result<Vec<_>, _>>()?;
    // RETURNING keeps no order: the earliest due goes first, as it was chosen.
    claimed.sort_by(|a, b| (a.next_attempt_at, a.created_at, &a.id).cmp(&(b.next_attempt_at, b.created_at, &b.id)));
    Ok(claimed)
}

pub(super) async fn next_due(pool: &PgPool) -> StoreResult<Option<Timestamp>> {
    // A leased delivery falls due again only when its lease runs out.
    let due: Option<i64> = sqlx::query_scalar(
        "SELECT MIN(GREATEST(next_attempt_at, COALESCE(lease_until, 0))) FROM webhook_deliveries \
         WHERE status = 'pending' AND next_attempt_at IS NOT NULL",
    )
    .fetch_one(pool)
    .await?;
    Ok(due.map(Timestamp::from_millis))
}

pub(super) async fn finish_attempt(
    pool: &PgPool,
    owner: &str,
    a: &DeliveryAttempt,
    after: AfterAttempt,
) -> StoreResult<bool> {
    let mut tx = pool.begin().await?;
    let (status, next, delivered_at) = match after {
        AfterAttempt::Delivered => (DeliveryStatus::Delivered, None, Some(a.started_at.as_millis() + a.duration_ms)),
        AfterAttempt::RetryAt(at) => (DeliveryStatus::Pending, Some(at.as_millis()), None),
        AfterAttempt::GiveUp => (DeliveryStatus::Failed, None, None),
    };
    let done = sqlx::query(
        "UPDATE webhook_deliveries SET status = $1, attempts = $2, next_attempt_at = $3, lease_owner = NULL, \
         lease_until = NULL, last_status_code = $4, last_error = $5, delivered_at = COALESCE($6, delivered_at), \
         updated_at = $7 WHERE id = $8 AND lease_owner = $9 AND status = 'pending'",
    )
    .bind(status.as_str())
    .bind(a.attempt)
    .bind(next)
    .bind(a.status_code)
    .bind(&a.error)
    .bind(delivered_at)
    .bind(Timestamp::now().as_millis())
    .bind(&a.delivery_id)
    .bind(owner)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() == 0 {
        return Ok(false);
    }
    sqlx::query(
        "INSERT INTO webhook_attempts (delivery_id, attempt, started_at, duration_ms, status_code, error) \
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (delivery_id, attempt) DO NOTHING",
    )
    .bind(&a.delivery_id)
    .bind(a.attempt)
    .bind(a.started_at.as_millis())
    .bind(a.duration_ms)
    .bind(a.status_code)
    .bind(&a.error)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(true)
}

pub(super) async fn release_leases(pool: &PgPool, owner: &str) -> StoreResult<()> {
    sqlx::query("UPDATE webhook_deliveries SET lease_owner = NULL, lease_until = NULL WHERE lease_owner = $1")
        .bind(owner)
        .execute(pool)
        .await?;
    Ok(())
}

pub(super) async fn requeue(pool: &PgPool, id: &str, now: Timestamp) -> StoreResult<WebhookDelivery> {
    let row = sqlx::query(
        "UPDATE webhook_deliveries SET status = 'pending', max_attempts = attempts + 1, next_attempt_at = $1, \
         lease_owner = NULL, lease_until = NULL, updated_at = $2 WHERE id = $3 AND status != 'pending' RETURNING *",
    )
    .bind(now.as_millis())
    .bind(now.as_millis())
    .bind(id)
    .fetch_optional(pool)
    .await?;
    match row {
        Some(r) => Ok(delivery(&r)?),
        None if exists(pool, id).await? => Err(StoreError::Conflict("delivery is already pending".into())),
        None => Err(StoreError::NotFound),
    }
}

pub(super) async fn prune_events(pool: &PgPool, before: Timestamp) -> StoreResult<u64> {
    let done = sqlx::query(
        "DELETE FROM webhook_events WHERE created_at < $1 AND NOT EXISTS ( \
           SELECT 1 FROM webhook_deliveries d WHERE d.event_id = webhook_events.id AND d.status = 'pending')",
    )
    .bind(before.as_millis())
    .execute(pool)
    .await?;
    Ok(done.rows_affected())
}
