//! PostgreSQL: webhook subscriptions, signing secrets, and writing and reading the outbox (events, deliveries,
//! attempts); claiming and finishing deliveries lives in `webhooks/outbox.rs`.

mod outbox;
mod rows;

use async_trait::async_trait;
use quire_core::Timestamp;
use sqlx::Row;

use self::rows::{attempt, delivery, encode_events, subscription};
use super::PostgresStore;
use super::rows::ts;
use crate::webhooks::{
    AfterAttempt, DeliveryAttempt, EventSubject, WebhookDelivery, WebhookEvent, WebhookStore, WebhookSubscription,
    WebhookSubscriptionPatch,
};
use crate::{StoreError, StoreResult};

#[async_trait]
impl WebhookStore for PostgresStore {
    async fn create_webhook_subscription(&self, s: &WebhookSubscription) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO webhook_subscriptions (id, project_id, environment_id, url, events, description, is_active, \
             max_retries, timeout_ms, secret, created_by, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
        )
        .bind(&s.id)
        .bind(&s.project_id)
        .bind(&s.environment_id)
        .bind(&s.url)
        .bind(encode_events(&s.events))
        .bind(&s.description)
        .bind(s.is_active)
        .bind(s.max_retries)
        .bind(s.timeout_ms)
        .bind(&s.secret)
        .bind(&s.created_by)
        .bind(s.created_at.as_millis())
        .bind(s.updated_at.as_millis())
        .execute(self.pool())
        .await
        .map_err(StoreError::from_sqlx)?;
        Ok(())
    }

    async fn webhook_subscription(&self, id: &str) -> StoreResult<Option<WebhookSubscription>> {
        let row = sqlx::query("SELECT * FROM webhook_subscriptions WHERE id = $1")
            .bind(id)
            .fetch_optional(self.pool())
            .await?;
        Ok(row.map(|r| subscription(&r)).transpose()?)
    }

    async fn webhook_subscriptions(&self, environment_id: &str) -> StoreResult<Vec<WebhookSubscription>> {
        let found =
            sqlx::query("SELECT * FROM webhook_subscriptions WHERE environment_id = $1 ORDER BY created_at DESC, id")
                .bind(environment_id)
                .fetch_all(self.pool())
                .await?;
        Ok(found.iter().map(subscription).collect::<Result<_, _>>()?)
    }

    async fn update_webhook_subscription(
        &self,
        id: &str,
        patch: &WebhookSubscriptionPatch,
        at: Timestamp,
    ) -> StoreResult<WebhookSubscription> {
        let mut tx = self.begin().await?;
        let row = sqlx::query("SELECT * FROM webhook_subscriptions WHERE id = $1 FOR UPDATE")
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
        let mut s = subscription(&row.ok_or(StoreError::NotFound)?)?;
        if let Some(url) = &patch.url {
            s.url = url.clone();
        }
        if let Some(events) = &patch.events {
            s.events = events.clone();
        }
        if let Some(description) = &patch.description {
            s.description = description.clone();
        }
        if let Some(active) = patch.is_active {
            s.is_active = active;
        }
        if let Some(retries) = patch.max_retries {
            s.max_retries = retries;
        }
        if let Some(timeout) = patch.timeout_ms {
            s.timeout_ms = timeout;
        }
        if let Some(secret) = &patch.secret {
            s.secret = secret.clone();
        }
        s.updated_at = at;
        sqlx::query(
            "UPDATE webhook_subscriptions SET url = $1, events = $2, description = $3, is_active = $4, max_retries = $5, \
             timeout_ms = $6, secret = $7, updated_at = $8 WHERE id = $9",
        )
        .bind(&s.url)
        .bind(encode_events(&s.events))
        .bind(&s.description)
        .bind(s.is_active)
        .bind(s.max_retries)
        .bind(s.timeout_ms)
        .bind(&s.secret)
        .bind(at.as_millis())
        .bind(id)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(s)
    }

    async fn delete_webhook_subscription(&self, id: &str) -> StoreResult<()> {
        let done = sqlx::query("DELETE FROM webhook_subscriptions WHERE id = $1").bind(id).execute(self.pool()).await?;
        if done.rows_affected() == 0 { Err(StoreError::NotFound) } else { Ok(()) }
    }

    async fn webhook_signing_secret(&self, environment_id: &str, candidate: &str) -> StoreResult<String> {
        sqlx::query(
            "INSERT INTO webhook_signing_secrets (environment_id, secret, created_at) VALUES ($1, $2, $3) \
             ON CONFLICT (environment_id) DO NOTHING",
        )
        .bind(environment_id)
        .bind(candidate)
        .bind(Timestamp::now().as_millis())
        .execute(self.pool())
        .await
        .map_err(StoreError::from_sqlx)?;
        Ok(sqlx::query_scalar("SELECT secret FROM webhook_signing_secrets WHERE environment_id = $1")
            .bind(environment_id)
            .fetch_one(self.pool())
            .await?)
    }

    async fn replace_webhook_signing_secret(
        &self,
        environment_id: &str,
        secret: &str,
        at: Timestamp,
    ) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO webhook_signing_secrets (environment_id, secret, created_at) VALUES ($1, $2, $3) \
             ON CONFLICT (environment_id) DO UPDATE SET secret = excluded.secret, created_at = excluded.created_at",
        )
        .bind(environment_id)
        .bind(secret)
        .bind(at.as_millis())
        .execute(self.pool())
        .await
        .map_err(StoreError::from_sqlx)?;
        Ok(())
    }

    async fn enqueue_webhook_event(
        &self,
        event: &WebhookEvent,
        deliveries: &[WebhookDelivery],
        subject: Option<&EventSubject>,
    ) -> StoreResult<bool> {
        let mut tx = self.begin().await?;
        if let Some(subject) = subject
            && !super::announcements::mark(&mut tx, subject, event.created_at).await?
        {
            return Ok(false);
        }
        if deliveries.is_empty() {
            tx.commit().await?;
            return Ok(true);
        }
        sqlx::query(
            "INSERT INTO webhook_events (id, environment_id, event_type, body, created_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(&event.id)
        .bind(&event.environment_id)
        .bind(&event.event_type)
        .bind(&event.body)
        .bind(event.created_at.as_millis())
        .execute(&mut *tx)
        .await
        .map_err(StoreError::from_sqlx)?;
        for d in deliveries {
            sqlx::query(
                "INSERT INTO webhook_deliveries (id, event_id, event_type, environment_id, subscription_id, job_id, \
                 target_url, direct_secret, status, attempts, max_attempts, timeout_ms, next_attempt_at, lease_owner, \
                 lease_until, last_status_code, last_error, delivered_at, created_at, updated_at, trace_parent) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21)",
            )
            .bind(&d.id)
            .bind(&d.event_id)
            .bind(&d.event_type)
            .bind(&d.environment_id)
            .bind(&d.subscription_id)
            .bind(&d.job_id)
            .bind(&d.target_url)
            .bind(&d.direct_secret)
            .bind(d.status.as_str())
            .bind(d.attempts)
            .bind(d.max_attempts)
            .bind(d.timeout_ms)
            .bind(d.next_attempt_at.map(Timestamp::as_millis))
            .bind(&d.lease_owner)
            .bind(d.lease_until.map(Timestamp::as_millis))
            .bind(d.last_status_code)
            .bind(&d.last_error)
            .bind(d.delivered_at.map(Timestamp::as_millis))
            .bind(d.created_at.as_millis())
            .bind(d.updated_at.as_millis())
            .bind(&d.trace_parent)
            .execute(&mut *tx)
            .await
            .map_err(StoreError::from_sqlx)?;
        }
        tx.commit().await?;
        Ok(true)
    }

    async fn webhook_event(&self, id: &str) -> StoreResult<Option<WebhookEvent>> {
        let row =
            sqlx::query("SELECT * FROM webhook_events WHERE id = $1").bind(id).fetch_optional(self.pool()).await?;
        let event = row
            .map(|r| -> Result<WebhookEvent, sqlx::Error> {
                Ok(WebhookEvent {
                    id: r.try_get("id")?,
                    environment_id: r.try_get("environment_id")?,
                    event_type: r.try_get("event_type")?,
                    body: r.try_get("body")?,
                    created_at: ts(&r, "created_at")?,
                })
            })
            .transpose()?;
        Ok(event)
    }

    async fn webhook_delivery(&self, id: &str) -> StoreResult<Option<WebhookDelivery>> {
        let row =
            sqlx::query("SELECT * FROM webhook_deliveries WHERE id = $1").bind(id).fetch_optional(self.pool()).await?;
        Ok(row.map(|r| delivery(&r)).transpose()?)
    }

    async fn webhook_deliveries(
        &self,
        subscription_id: &str,
        offset: i64,
        limit: i64,
    ) -> StoreResult<(Vec<WebhookDelivery>, i64)> {
        let total: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM webhook_deliveries WHERE subscription_id = $1")
            .bind(subscription_id)
            .fetch_one(self.pool())
            .await?;
        let found = sqlx::query(
            "SELECT * FROM webhook_deliveries WHERE subscription_id = $1 ORDER BY created_at DESC, id LIMIT $2 OFFSET $3",
        )
        .bind(subscription_id)
        .bind(limit)
        .bind(offset)
        .fetch_all(self.pool())
        .await?;
        Ok((found.iter().map(delivery).collect::<Result<_, _>>()?, total))
    }

    async fn webhook_delivery_attempts(&self, delivery_ids: &[String]) -> StoreResult<Vec<DeliveryAttempt>> {
        if delivery_ids.is_empty() {
            return Ok(Vec::new());
        }
        let found =
            sqlx::query("SELECT * FROM webhook_attempts WHERE delivery_id = ANY($1) ORDER BY delivery_id, attempt")
                .bind(delivery_ids)
                .fetch_all(self.pool())
                .await?;
        Ok(found.iter().map(attempt).collect::<Result<_, _>>()?)
    }

    async fn direct_webhook_delivery_for_job(&self, job_id: &str) -> StoreResult<Option<WebhookDelivery>> {
        let row = sqlx::query(
            "SELECT * FROM webhook_deliveries WHERE job_id = $1 AND subscription_id IS NULL \
             AND event_type IN ('document.generated', 'document.failed') \
             ORDER BY created_at DESC, id LIMIT 1",
        )
        .bind(job_id)
        .fetch_optional(self.pool())
        .await?;
        Ok(row.map(|r| delivery(&r)).transpose()?)
    }

    async fn claim_due_webhook_deliveries(
        &self,
        now: Timestamp,
        owner: &str,
        lease_until: Timestamp,
        limit: i64,
    ) -> StoreResult<Vec<WebhookDelivery>> {
        outbox::claim_due(self.pool(), now, owner, lease_until, limit).await
    }

    async fn next_webhook_delivery_due(&self) -> StoreResult<Option<Timestamp>> {
        outbox::next_due(self.pool()).await
    }

    async fn finish_webhook_attempt(&self, owner: &str, a: &DeliveryAttempt, after: AfterAttempt) -> StoreResult<bool> {
        outbox::finish_attempt(self.pool(), owner, a, after).await
    }

    async fn release_webhook_leases(&self, owner: &str) -> StoreResult<()> {
        outbox::release_leases(self.pool(), owner).await
    }

    async fn requeue_webhook_delivery(&self, id: &str, now: Timestamp) -> StoreResult<WebhookDelivery> {
        outbox::requeue(self.pool(), id, now).await
    }

    async fn prune_webhook_events(&self, before: Timestamp) -> StoreResult<u64> {
        outbox::prune_events(self.pool(), before).await
    }
}
