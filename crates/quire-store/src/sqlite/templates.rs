//! SQLite: templates (draft writes conditional on the revision), published versions, soft deletion;
//! assets live in `templates/assets.rs`.

mod assets;
mod rows;

use async_trait::async_trait;
use quire_core::Timestamp;
use sqlx::AssertSqlSafe;

use self::rows::{formats_text, json_text};
use super::SqliteStore;
use crate::templates::{AssetRecord, DraftWrite, TemplateQuery, TemplateRecord, TemplateStore, TemplateVersion};
use crate::{StoreError, StoreResult};

/// `LIKE` pattern matching `text` anywhere, with the wildcards in `text` taken literally.
fn contains_pattern(text: &str) -> String {
    let escaped: String =
        text.chars().flat_map(|c| if matches!(c, '%' | '_' | '\\') { vec!['\\', c] } else { vec![c] }).collect();
    format!("%{escaped}%")
}

/// The live template `id` of an environment, inside a transaction.
async fn live_template(
    tx: &mut sqlx::SqliteConnection,
    environment_id: &str,
    id: &str,
) -> StoreResult<Option<TemplateRecord>> {
    let row = sqlx::query("SELECT * FROM templates WHERE environment_id = ? AND id = ? AND deleted_at IS NULL")
        .bind(environment_id)
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
    Ok(row.map(|r| rows::template(&r)).transpose()?)
}

#[async_trait]
impl TemplateStore for SqliteStore {
    async fn create_template(&self, r: &TemplateRecord) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO templates (id, short_id, slug, project_id, environment_id, name, description, template_type, \
             output_formats, variables, schema, revision, published_version, created_by, created_at, updated_at) \
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(&r.id)
        .bind(&r.short_id)
        .bind(&r.slug)
        .bind(&r.project_id)
        .bind(&r.environment_id)
        .bind(&r.name)
        .bind(&r.description)
        .bind(&r.template_type)
        .bind(formats_text(&r.output_formats))
        .bind(json_text(&r.variables))
        .bind(json_text(&r.schema))
        .bind(r.revision)
        .bind(r.published_version)
        .bind(&r.created_by)
        .bind(r.created_at.as_millis())
        .bind(r.updated_at.as_millis())
        .execute(self.pool())
        .await
        .map_err(StoreError::from_sqlx)?;
        Ok(())
    }

    async fn template(&self, environment_id: &str, key: &str) -> StoreResult<Option<TemplateRecord>> {
        let row = sqlx::query(
            "SELECT * FROM templates WHERE environment_id = ? AND deleted_at IS NULL \
             AND (id = ? OR short_id = ? OR slug = ?) LIMIT 1",
        )
        .bind(environment_id)
        .bind(key)
        .bind(key)
        .bind(key)
        .fetch_optional(self.pool())
        .await?;
        Ok(row.map(|r| rows::template(&r)).transpose()?)
    }

    async fn template_environment(&self, key: &str) -> StoreResult<Option<String>> {
        Ok(sqlx::query_scalar(
            "SELECT environment_id FROM templates WHERE (id = ? OR short_id = ?) AND deleted_at IS NULL LIMIT 1",
        )
        .bind(key)
        .bind(key)
        .fetch_optional(self.pool())
        .await?)
    }

    async fn templates(&self, environment_id: &str, query: &TemplateQuery) -> StoreResult<(Vec<TemplateRecord>, i64)> {
        let mut filter = String::from("environment_id = ? AND deleted_at IS NULL");
        if query.search.is_some() {
            filter.push_str(" AND (name LIKE ? ESCAPE '\\' OR slug LIKE ? ESCAPE '\\')");
        }
        if !query.types.is_empty() {
            let marks = vec!["?"; query.types.len()].join(", ");
            filter.push_str(&format!(" AND template_type IN ({marks})"));
        }
        let pattern = query.search.as_deref().map(contains_pattern);
        // Built only from the fixed fragments above; every value is bound.
        let count_sql = AssertSqlSafe(format!("SELECT COUNT(*) FROM templates WHERE {filter}"));
        let list_sql = AssertSqlSafe(format!(
            "SELECT * FROM templates WHERE {filter} ORDER BY created_at DESC, id LIMIT ? OFFSET ?"
        ));
        let mut count = sqlx::query_scalar::<_, i64>(count_sql).bind(environment_id);
        let mut list = sqlx::query(list_sql).bind(environment_id);
        if let Some(p) = &pattern {
            count = count.bind(p.clone()).bind(p.clone());
            list = list.bind(p.clone()).bind(p.clone());
        }
        for t in &query.types {
            count = count.bind(t.clone());
            list = list.bind(t.clone());
        }
        let total = count.fetch_one(self.pool()).await?;
        let found = list.bind(query.limit).bind(query.offset).fetch_all(self.pool()).await?;
        Ok((found.iter().map(rows::template).collect::<Result<_, _>>()?, total))
    }

    async fn update_template_draft(
        &self,
        d: &TemplateRecord,
        expected_revision: i64,
    ) -> StoreResult<DraftWrite<TemplateRecord>> {
        let mut tx = self.begin_write().await?;
        let Some(current) = live_template(&mut tx, &d.environment_id, &d.id).await? else {
            return Ok(DraftWrite::Missing);
        };
        if current.revision != expected_revision {
            return Ok(DraftWrite::Stale { current_revision: current.revision });
        }
        sqlx::query(
            "UPDATE templates SET name = ?, slug = ?, description = ?, template_type = ?, output_formats = ?, \
             variables = ?, schema = ?, revision = ?, updated_at = ? WHERE id = ? AND environment_id = ?",
        )
        .bind(&d.name)
        .bind(&d.slug)
        .bind(&d.description)
        .bind(&d.template_type)
        .bind(formats_text(&d.output_formats))
        .bind(json_text(&d.variables))
        .bind(json_text(&d.schema))
        .bind(expected_revision + 1)
        .bind(d.updated_at.as_millis())
        .bind(&d.id)
        .bind(&d.environment_id)
        .execute(&mut *tx)
        .await
        .map_err(StoreError::from_sqlx)?;
        let updated = live_template(&mut tx, &d.environment_id, &d.id).await?.ok_or(StoreError::NotFound)?;
        tx.commit().await?;
        Ok(DraftWrite::Done(updated))
    }

    async fn publish_template(
        &self,
        environment_id: &str,
        template_id: &str,
        expected_revision: Option<i64>,
        published_by: &str,
        at: Timestamp,
    ) -> StoreResult<DraftWrite<TemplateVersion>> {
        let mut tx = self.begin_write().await?;
        let Some(current) = live_template(&mut tx, environment_id, template_id).await? else {
            return Ok(DraftWrite::Missing);
        };
        if expected_revision.is_some_and(|r| r != current.revision) {
            return Ok(DraftWrite::Stale { current_revision: current.revision });
        }
        let last: Option<i64> = sqlx::query_scalar("SELECT MAX(version) FROM template_versions WHERE template_id = ?")
            .bind(template_id)
            .fetch_one(&mut *tx)
            .await?;
        let version = TemplateVersion {
            template_id: current.id.clone(),
            version: last.unwrap_or(0) + 1,
            name: current.name.clone(),
            output_formats: current.output_formats.clone(),
            variables: current.variables.clone(),
            schema: current.schema.clone(),
            published_by: published_by.to_string(),
            published_at: at,
        };
        sqlx::query(
            "INSERT INTO template_versions (template_id, version, name, output_formats, variables, schema, \
             published_by, published_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(&version.template_id)
        .bind(version.version)
        .bind(&version.name)
        .bind(formats_text(&version.output_formats))
        .bind(json_text(&version.variables))
        .bind(json_text(&version.schema))
        .bind(&version.published_by)
        .bind(at.as_millis())
        .execute(&mut *tx)
        .await
        .map_err(StoreError::from_sqlx)?;
        sqlx::query("UPDATE templates SET published_version = ?, updated_at = ? WHERE id = ?")
            .bind(version.version)
            .bind(at.as_millis())
            .bind(template_id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(DraftWrite::Done(version))
    }

    async fn unpublish_template(
        &self,
        environment_id: &str,
        template_id: &str,
        at: Timestamp,
    ) -> StoreResult<Option<TemplateRecord>> {
        let mut tx = self.begin_write().await?;
        if live_template(&mut tx, environment_id, template_id).await?.is_none() {
            return Ok(None);
        }
        sqlx::query("UPDATE templates SET published_version = NULL, updated_at = ? WHERE id = ?")
            .bind(at.as_millis())
            .bind(template_id)
            .execute(&mut *tx)
            .await?;
        let updated = live_template(&mut tx, environment_id, template_id).await?;
        tx.commit().await?;
        Ok(updated)
    }

    async fn delete_template(&self, environment_id: &str, template_id: &str, at: Timestamp) -> StoreResult<()> {
        let done = sqlx::query(
            "UPDATE templates SET deleted_at = ?, updated_at = ? WHERE environment_id = ? AND id = ? \
             AND deleted_at IS NULL",
        )
        .bind(at.as_millis())
        .bind(at.as_millis())
        .bind(environment_id)
        .bind(template_id)
        .execute(self.pool())
        .await?;
        if done.rows_affected() == 0 { Err(StoreError::NotFound) } else { Ok(()) }
    }

    async fn template_version(&self, template_id: &str, version: i64) -> StoreResult<Option<TemplateVersion>> {
        let row = sqlx::query("SELECT * FROM template_versions WHERE template_id = ? AND version = ?")
            .bind(template_id)
            .bind(version)
            .fetch_optional(self.pool())
            .await?;
        Ok(row.map(|r| rows::version(&r)).transpose()?)
    }

    async fn template_versions(&self, template_id: &str) -> StoreResult<Vec<TemplateVersion>> {
        let found = sqlx::query("SELECT * FROM template_versions WHERE template_id = ? ORDER BY version DESC")
            .bind(template_id)
            .fetch_all(self.pool())
            .await?;
        Ok(found.iter().map(rows::version).collect::<Result<_, _>>()?)
    }

    async fn create_asset(&self, record: &AssetRecord, content: &[u8]) -> StoreResult<()> {
        assets::create(self.pool(), record, content).await
    }

    async fn assets(&self, environment_id: &str, offset: i64, limit: i64) -> StoreResult<(Vec<AssetRecord>, i64)> {
        assets::list(self.pool(), environment_id, offset, limit).await
    }

    async fn asset(&self, environment_id: &str, id: &str) -> StoreResult<Option<AssetRecord>> {
        assets::one(self.pool(), environment_id, id).await
    }

    async fn asset_contents(&self, environment_id: &str, ids: &[String]) -> StoreResult<Vec<(AssetRecord, Vec<u8>)>> {
        assets::contents(self.pool(), environment_id, ids).await
    }

    async fn delete_asset(&self, environment_id: &str, id: &str) -> StoreResult<()> {
        assets::delete(self.pool(), environment_id, id).await
    }
}
