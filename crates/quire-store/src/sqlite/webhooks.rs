//! SQLite: webhook subscriptions, signing secrets, and the outbox (events, leased deliveries, attempts).

use async_trait::async_trait;
use quire_core::Timestamp;
use sqlx::Row;
use sqlx::sqlite::SqliteRow;

use super::SqliteStore;
use super::rows::{opt_ts, ts};
use crate::webhooks::{
    AfterAttempt, DeliveryAttempt, DeliveryStatus, EventSubject, WebhookDelivery, WebhookEvent, WebhookStore,
    WebhookSubscription, WebhookSubscriptionPatch,
};
use crate::{StoreError, StoreResult};

fn subscription(row: &SqliteRow) -> Result<WebhookSubscription, sqlx::Error> {
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

fn delivery(row: &SqliteRow) -> Result<WebhookDelivery, sqlx::Error> {
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

fn attempt(row: &SqliteRow) -> Result<DeliveryAttempt, sqlx::Error> {
    Ok(DeliveryAttempt {
        delivery_id: row.try_get("delivery_id")?,
        attempt: row.try_get("attempt")?,
        started_at: ts(row, "started_at")?,
        duration_ms: row.try_get("duration_ms")?,
        status_code: row.try_get("status_code")?,
        error: row.try_get("error")?,
    })
}

fn encode_events(events: &[String]) -> String {
    serde_json::Value::from(events.to_vec()).to_string()
}

#[async_trait]
impl WebhookStore for SqliteStore {
    async fn create_webhook_subscription(&self, s: &WebhookSubscription) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO webhook_subscriptions (id, project_id, environment_id, url, events, description, is_active, \
             max_retries, timeout_ms, secret, created_by, created_at, updated_at) \
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
        let row = sqlx::query("SELECT * FROM webhook_subscriptions WHERE id = ?")
            .bind(id)
            .fetch_optional(self.pool())
            .await?;
        Ok(row.map(|r| subscription(&r)).transpose()?)
    }

    async fn webhook_subscriptions(&self, environment_id: &str) -> StoreResult<Vec<WebhookSubscription>> {
        let found =
            sqlx::query("SELECT * FROM webhook_subscriptions WHERE environment_id = ? ORDER BY created_at DESC, id")
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
        let mut tx = self.begin_write().await?;
        let row =
            sqlx::query("SELECT * FROM webhook_subscriptions WHERE id = ?").bind(id).fetch_optional(&mut *tx).await?;
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
            "UPDATE webhook_subscriptions SET url = ?, events = ?, description = ?, is_active = ?, max_retries = ?, \
             timeout_ms = ?, secret = ?, updated_at = ? WHERE id = ?",
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
        let done = sqlx::query("DELETE FROM webhook_subscriptions WHERE id = ?").bind(id).execute(self.pool()).await?;
        if done.rows_affected() == 0 { Err(StoreError::NotFound) } else { Ok(()) }
    }

    async fn webhook_signing_secret(&self, environment_id: &str, candidate: &str) -> StoreResult<String> {
        sqlx::query(
            "INSERT INTO webhook_signing_secrets (environment_id, secret, created_at) VALUES (?, ?, ?) \
             ON CONFLICT (environment_id) DO NOTHING",
        )
        .bind(environment_id)
        .bind(candidate)
        .bind(Timestamp::now().as_millis())
        .execute(self.pool())
        .await
        .map_err(StoreError::from_sqlx)?;
        Ok(sqlx::query_scalar("SELECT secret FROM webhook_signing_secrets WHERE environment_id = ?")
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
            "INSERT INTO webhook_signing_secrets (environment_id, secret, created_at) VALUES (?, ?, ?) \
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
        let mut tx = self.begin_write().await?;
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
            "INSERT INTO webhook_events (id, environment_id, event_type, body, created_at) VALUES (?, ?, ?, ?, ?)",
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
                 lease_until, last_status_code, last_error, delivered_at, created_at, updated_at, \
                 trace_parent) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
        let row = sqlx::query("SELECT * FROM webhook_events WHERE id = ?").bind(id).fetch_optional(self.pool()).await?;
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
            sqlx::query("SELECT * FROM webhook_deliveries WHERE id = ?").bind(id).fetch_optional(self.pool()).await?;
        Ok(row.map(|r| delivery(&r)).transpose()?)
    }

    async fn webhook_deliveries(
        &self,
        subscription_id: &str,
        offset: i64,
        limit: i64,
    ) -> StoreResult<(Vec<WebhookDelivery>, i64)> {
        let total: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM webhook_deliveries WHERE subscription_id = ?")
            .bind(subscription_id)
            .fetch_one(self.pool())
            .await?;
        let found = sqlx::query(
            "SELECT * FROM webhook_deliveries WHERE subscription_id = ? ORDER BY created_at DESC, id LIMIT ? OFFSET ?",
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
        let ids = serde_json::Value::from(delivery_ids.to_vec()).to_string();
        let found = sqlx::query(
            "SELECT * FROM webhook_attempts WHERE delivery_id IN (SELECT value FROM json_each(?)) \
             ORDER BY delivery_id, attempt",
        )
        .bind(ids)
        .fetch_all(self.pool())
        .await?;
        Ok(found.iter().map(attempt).collect::<Result<_, _>>()?)
    }

    async fn direct_webhook_delivery_for_job(&self, job_id: &str) -> StoreResult<Option<WebhookDelivery>> {
        let row = sqlx::query(
            "SELECT * FROM webhook_deliveries WHERE job_id = ? AND subscription_id IS NULL \
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
        // One statement, so SQLite's write lock makes the claim atomic across workers and processes.
        let claimed = sqlx::query(
            "UPDATE webhook_deliveries SET lease_owner = ?, lease_until = ? WHERE id IN ( \
               SELECT id FROM webhook_deliveries WHERE status = 'pending' AND next_attempt_at <= ? \
               AND (lease_until IS NULL OR lease_until < ?) ORDER BY next_attempt_at LIMIT ?) \
             RETURNING *",
        )
        .bind(owner)
        .bind(lease_until.as_millis())
        .bind(now.as_millis())
        .bind(now.as_millis())
        .bind(limit)
        .fetch_all(self.pool())
        .await?;
        Ok(claimed.iter().map(delivery).collect::<Result<_, _>>()?)
    }

    async fn next_webhook_delivery_due(&self) -> StoreResult<Option<Timestamp>> {
        // A leased delivery falls due again only when its lease runs out.
        let due: Option<i64> = sqlx::query_scalar(
            "SELECT MIN(MAX(next_attempt_at, COALESCE(lease_until, 0))) FROM webhook_deliveries \
             WHERE status = 'pending' AND next_attempt_at IS NOT NULL",
        )
        .fetch_one(self.pool())
        .await?;
        Ok(due.map(Timestamp::from_millis))
    }

    async fn finish_webhook_attempt(&self, owner: &str, a: &DeliveryAttempt, after: AfterAttempt) -> StoreResult<bool> {
        let mut tx = self.begin_write().await?;
        let (status, next, delivered_at) = match after {
            AfterAttempt::Delivered => {
                (DeliveryStatus::Delivered, None, Some(a.started_at.as_millis() + a.duration_ms))
            }
            AfterAttempt::RetryAt(at) => (DeliveryStatus::Pending, Some(at.as_millis()), None),
            AfterAttempt::GiveUp => (DeliveryStatus::Failed, None, None),
        };
        let done = sqlx::query(
            "UPDATE webhook_deliveries SET status = ?, attempts = ?, next_attempt_at = ?, lease_owner = NULL, \
             lease_until = NULL, last_status_code = ?, last_error = ?, delivered_at = COALESCE(?, delivered_at), \
             updated_at = ? WHERE id = ? AND lease_owner = ? AND status = 'pending'",
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
             VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (delivery_id, attempt) DO NOTHING",
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

    async fn release_webhook_leases(&self, owner: &str) -> StoreResult<()> {
        sqlx::query("UPDATE webhook_deliveries SET lease_owner = NULL, lease_until = NULL WHERE lease_owner = ?")
            .bind(owner)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    async fn requeue_webhook_delivery(&self, id: &str, now: Timestamp) -> StoreResult<WebhookDelivery> {
        let row = sqlx::query(
            "UPDATE webhook_deliveries SET status = 'pending', max_attempts = attempts + 1, next_attempt_at = ?, \
             lease_owner = NULL, lease_until = NULL, updated_at = ? WHERE id = ? AND status != 'pending' RETURNING *",
        )
        .bind(now.as_millis())
        .bind(now.as_millis())
        .bind(id)
        .fetch_optional(self.pool())
        .await?;
        match row {
            Some(r) => Ok(delivery(&r)?),
            None if self.webhook_delivery(id).await?.is_some() => {
                Err(StoreError::Conflict("delivery is already pending".into()))
            }
            None => Err(StoreError::NotFound),
        }
    }

    async fn prune_webhook_events(&self, before: Timestamp) -> StoreResult<u64> {
        let done = sqlx::query(
            "DELETE FROM webhook_events WHERE created_at < ? AND NOT EXISTS ( \
               SELECT 1 FROM webhook_deliveries d WHERE d.event_id = webhook_events.id AND d.status = 'pending')",
        )
        .bind(before.as_millis())
        .execute(self.pool())
        .await?;
        Ok(done.rows_affected())
    }
}
