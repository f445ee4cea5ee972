//! PostgreSQL: API keys, their usage counters, and the change feed (filled by triggers, see migration 0006).

use async_trait::async_trait;
use quire_core::Timestamp;
use quire_core::scope::encode_scopes;
use sqlx::Row;

use super::{PostgresStore, rows};
use crate::api_keys::{ApiKeyPatch, ApiKeyRecord, ApiKeyStore, KeyUsageDay, UsageDelta};
use crate::{StoreError, StoreResult};

async fn insert_key<'e, E: sqlx::Executor<'e, Database = sqlx::Postgres>>(
    executor: E,
    r: &ApiKeyRecord,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO api_keys (id, digest, prefix, name, project_id, environment_id, scopes, status, expires_at, \
         rate_limit_per_minute, monthly_document_quota, created_by, created_at, updated_at, last_used_at, \
         total_requests, rotated_to, rotated_from, grace_until) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, \
         $17, $18, $19)",
    )
    .bind(&r.id)
    .bind(&r.digest)
    .bind(&r.prefix)
    .bind(&r.name)
    .bind(&r.project_id)
    .bind(&r.environment_id)
    .bind(encode_scopes(&r.scopes))
    .bind(r.status.as_str())
    .bind(r.expires_at.map(Timestamp::as_millis))
    .bind(r.rate_limit_per_minute)
    .bind(r.monthly_document_quota)
    .bind(&r.created_by)
    .bind(r.created_at.as_millis())
    .bind(r.updated_at.as_millis())
    .bind(r.last_used_at.map(Timestamp::as_millis))
    .bind(r.total_requests)
    .bind(&r.rotated_to)
    .bind(&r.rotated_from)
    .bind(r.grace_until.map(Timestamp::as_millis))
    .execute(executor)
    .await
    .map_err(StoreError::from_sqlx)?;
    Ok(())
}

#[async_trait]
impl ApiKeyStore for PostgresStore {
    async fn create_api_key(&self, record: &ApiKeyRecord) -> StoreResult<()> {
        insert_key(self.pool(), record).await
    }

    async fn api_key_by_digest(&self, digest: &str) -> StoreResult<Option<ApiKeyRecord>> {
        let row =
            sqlx::query("SELECT * FROM api_keys WHERE digest = $1").bind(digest).fetch_optional(self.pool()).await?;
        Ok(row.map(|r| rows::api_key(&r)).transpose()?)
    }

    async fn api_key(&self, id: &str) -> StoreResult<Option<ApiKeyRecord>> {
        let row = sqlx::query("SELECT * FROM api_keys WHERE id = $1").bind(id).fetch_optional(self.pool()).await?;
        Ok(row.map(|r| rows::api_key(&r)).transpose()?)
    }

    async fn api_keys(&self, environment_id: &str) -> StoreResult<Vec<ApiKeyRecord>> {
        let found = sqlx::query("SELECT * FROM api_keys WHERE environment_id = $1 ORDER BY created_at DESC, id")
            .bind(environment_id)
            .fetch_all(self.pool())
            .await?;
        Ok(found.iter().map(rows::api_key).collect::<Result<_, _>>()?)
    }

    async fn update_api_key(&self, id: &str, patch: &ApiKeyPatch, at: Timestamp) -> StoreResult<ApiKeyRecord> {
        let mut tx = self.begin().await?;
        // Locked until commit: a concurrent patch (another node) applies on top of this one, not beside it.
        let row =
            sqlx::query("SELECT * FROM api_keys WHERE id = $1 FOR UPDATE").bind(id).fetch_optional(&mut *tx).await?;
        let mut record = rows::api_key(&row.ok_or(StoreError::NotFound)?)?;
        if let Some(name) = &patch.name {
            record.name = name.clone();
        }
        if let Some(scopes) = &patch.scopes {
            record.scopes = scopes.clone();
        }
        if let Some(expires_at) = patch.expires_at {
            record.expires_at = expires_at;
        }
        if let Some(limit) = patch.rate_limit_per_minute {
            record.rate_limit_per_minute = limit;
        }
        if let Some(quota) = patch.monthly_document_quota {
            record.monthly_document_quota = quota;
        }
        if let Some(status) = patch.status {
            record.status = status;
        }
        record.updated_at = at;
        sqlx::query(
            "UPDATE api_keys SET name = $1, scopes = $2, expires_at = $3, rate_limit_per_minute = $4, \
             monthly_document_quota = $5, status = $6, updated_at = $7 WHERE id = $8",
        )
        .bind(&record.name)
        .bind(encode_scopes(&record.scopes))
        .bind(record.expires_at.map(Timestamp::as_millis))
        .bind(record.rate_limit_per_minute)
        .bind(record.monthly_document_quota)
        .bind(record.status.as_str())
        .bind(at.as_millis())
        .bind(id)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(record)
    }

    async fn delete_api_key(&self, id: &str) -> StoreResult<()> {
        let done = sqlx::query("DELETE FROM api_keys WHERE id = $1").bind(id).execute(self.pool()).await?;
        if done.rows_affected() == 0 { Err(StoreError::NotFound) } else { Ok(()) }
    }

    async fn rotate_api_key(&self, old_id: &str, grace_until: Timestamp, successor: &ApiKeyRecord) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        insert_key(&mut *tx, successor).await?;
        let done = sqlx::query(
            "UPDATE api_keys SET rotated_to = $1, grace_until = $2, updated_at = $3 WHERE id = $4 AND rotated_to IS NULL",
        )
        .bind(&successor.id)
        .bind(grace_until.as_millis())
        .bind(successor.created_at.as_millis())
        .bind(old_id)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::Conflict("key was already rotated".into()));
        }
        tx.commit().await?;
        Ok(())
    }

    async fn add_api_key_usage(&self, deltas: &[UsageDelta]) -> StoreResult<()> {
        // Rows are locked in one order (key, then day) on every node, so two nodes flushing the same keys
        // wait for each other instead of deadlocking.
        let mut ordered: Vec<&UsageDelta> = deltas.iter().collect();
        ordered.sort_by(|a, b| (&a.key_id, &a.day).cmp(&(&b.key_id, &b.day)));
        let mut tx = self.begin().await?;
        for d in ordered {
            sqlx::query(
                "UPDATE api_keys SET total_requests = total_requests + $1, \
                 last_used_at = GREATEST(COALESCE(last_used_at, 0), $2) WHERE id = $3",
            )
            .bind(d.requests)
            .bind(d.last_used_at.as_millis())
            .bind(&d.key_id)
            .execute(&mut *tx)
            .await?;
            // A key deleted since the requests were counted has nothing left to count against.
            sqlx::query(
                "INSERT INTO api_key_usage (key_id, day, requests, status_2xx, status_4xx, status_5xx) \
                 SELECT $1, $2, $3, $4, $5, $6 WHERE EXISTS (SELECT 1 FROM api_keys WHERE id = $7) \
                 ON CONFLICT (key_id, day) DO UPDATE SET requests = api_key_usage.requests + excluded.requests, \
                 status_2xx = api_key_usage.status_2xx + excluded.status_2xx, \
                 status_4xx = api_key_usage.status_4xx + excluded.status_4xx, \
                 status_5xx = api_key_usage.status_5xx + excluded.status_5xx",
            )
            .bind(&d.key_id)
            .bind(&d.day)
            .bind(d.requests)
            .bind(d.status_2xx)
            .bind(d.status_4xx)
            .bind(d.status_5xx)
            .bind(&d.key_id)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    async fn api_key_usage(&self, key_id: &str, from_day: &str, to_day: &str) -> StoreResult<Vec<KeyUsageDay>> {
        let found =
            sqlx::query("SELECT * FROM api_key_usage WHERE key_id = $1 AND day >= $2 AND day <= $3 ORDER BY day")
                .bind(key_id)
                .bind(from_day)
                .bind(to_day)
                .fetch_all(self.pool())
                .await?;
        found
            .iter()
            .map(|row| {
                Ok(KeyUsageDay {
                    date: row.try_get("day")?,
                    requests: row.try_get("requests")?,
                    status_2xx: row.try_get("status_2xx")?,
                    status_4xx: row.try_get("status_4xx")?,
                    status_5xx: row.try_get("status_5xx")?,
                })
            })
            .collect::<Result<_, sqlx::Error>>()
            .map_err(StoreError::Database)
    }

    async fn api_key_change_head(&self) -> StoreResult<i64> {
        let row =
            sqlx::query("SELECT COALESCE(MAX(seq), 0) AS head FROM api_key_changes").fetch_one(self.pool()).await?;
        Ok(row.try_get("head")?)
    }

    async fn api_key_changes_since(&self, after: i64) -> StoreResult<(i64, Vec<String>)> {
        let found = sqlx::query("SELECT seq, digest FROM api_key_changes WHERE seq > $1 ORDER BY seq")
            .bind(after)
            .fetch_all(self.pool())
            .await?;
        let mut head = after;
        let mut digests = Vec::with_capacity(found.len());
        for row in &found {
            head = head.max(row.try_get::<i64, _>("seq")?);
            digests.push(row.try_get("digest")?);
        }
        Ok((head, digests))
    }

    async fn prune_api_key_changes(&self, before: Timestamp) -> StoreResult<u64> {
        let done = sqlx::query("DELETE FROM api_key_changes WHERE changed_at < $1")
            .bind(before.as_millis())
            .execute(self.pool())
            .await?;
        Ok(done.rows_affected())
    }
}
