//! PostgreSQL: the activity log.

use async_trait::async_trait;

use super::{PostgresStore, rows};
use crate::StoreResult;
use crate::activity::{ActivityEntry, ActivityStore};

#[async_trait]
impl ActivityStore for PostgresStore {
    async fn record_activity(&self, entry: &ActivityEntry) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO activity (id, project_id, environment_id, actor_id, actor_type, actor_label, action, \
             target_type, target_id, details, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        )
        .bind(&entry.id)
        .bind(&entry.project_id)
        .bind(&entry.environment_id)
        .bind(&entry.actor_id)
        .bind(entry.actor_type.as_str())
        .bind(&entry.actor_label)
        .bind(&entry.action)
        .bind(&entry.target_type)
        .bind(&entry.target_id)
        .bind(entry.details.as_ref().map(|d| d.to_string()))
        .bind(entry.created_at.as_millis())
        .execute(self.pool())
        .await?;
        Ok(())
    }

    async fn activity(&self, project_id: &str, offset: i64, limit: i64) -> StoreResult<(Vec<ActivityEntry>, i64)> {
        let total: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM activity WHERE project_id = $1")
            .bind(project_id)
            .fetch_one(self.pool())
            .await?;
        let found = sqlx::query("SELECT * FROM activity WHERE project_id = $1 ORDER BY seq DESC LIMIT $2 OFFSET $3")
            .bind(project_id)
            .bind(limit)
            .bind(offset)
            .fetch_all(self.pool())
            .await?;
        let entries = found.iter().map(rows::activity).collect::<Result<_, _>>()?;
        Ok((entries, total))
    }
}
