//! PostgreSQL: templates (draft writes conditional on the revision, under a row lock), published versions, soft deletion;
//! assets live in `templates/assets.rs`.

mod assets;
mod rows;

use async_trait::async_trait;
use quire_core::Timestamp;
use sqlx::AssertSqlSafe;

use self::rows::{formats_text, json_text};
use super::PostgresStore;
use crate::templates::{AssetRecord, DraftWrite, TemplateQuery, TemplateRecord, TemplateStore, TemplateVersion};
use crate::{StoreError, StoreResult};

/// `LIKE` pattern matching `text` anywhere, with the wildcards in `text` taken literally.
fn contains_pattern(text: &str) -> String {
    let escaped: String =
        text.chars().flat_map(|c| if matches!(c, '%' | '_' | '\\') { vec!['\\', c] } else { vec![c] }).collect();
    format!("%{escaped}%")
}

/// The live template `id` of an environment, inside a transaction, locked until it ends: the revision checked
/// is the revision written over, even with a writer on another node.
async fn live_template(
    tx: &mut sqlx::PgConnection,
    environment_id: &str,
    id: &str,
) -> StoreResult<Option<TemplateRecord>> {
    let row =
        sqlx::query("SELECT * FROM templates WHERE environment_id = $1 AND id = $2 AND deleted_at IS NULL FOR UPDATE")
            .bind(environment_id)
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
    Ok(row.map(|r| rows::template(&r)).transpose()?)
}

#[async_trait]
impl TemplateStore for PostgresStore {
    async fn create_template(&self, r: &TemplateRecord) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO templates (id, short_id, slug, project_id, environment_id, name, description, template_type, \
             output_formats, variables, schema, revision, published_version, created_by, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)",
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
            "SELECT * FROM templates WHERE environment_id = $1 AND deleted_at IS NULL \
             AND (id = $2 OR short_id = $3 OR slug = $4) LIMIT 1",
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
            "SELECT environment_id FROM templates WHERE (id = $1 OR short_id = $2) AND deleted_at IS NULL LIMIT 1",
        )
        .bind(key)
        .bind(key)
        .fetch_optional(self.pool())
        .await?)
    }

    async fn templates(&self, environment_id: &str, query: &TemplateQuery) -> StoreResult<(Vec<TemplateRecord>, i64)> {
        // SQLite's LIKE ignores ASCII case; ILIKE is PostgreSQL's case-insensitive match.
        let pattern = query.search.as_deref().map(contains_pattern);
        let filter = "environment_id = $1 AND deleted_at IS NULL \
                      AND ($2::TEXT IS NULL OR name ILIKE $2 ESCAPE '\\' OR slug ILIKE $2 ESCAPE '\\') \
                      AND (CARDINALITY($3::TEXT[]) = 0 OR template_type = ANY($3))";
        // Built only from the fixed fragment above; every value is bound.
        let count_sql = AssertSqlSafe(format!("SELECT COUNT(*) FROM templates WHERE {filter}"));
        let list_sql = AssertSqlSafe(format!(
            "SELECT * FROM templates WHERE {filter} ORDER BY created_at DESC, id LIMIT $4 OFFSET $5"
        ));
        let total = sqlx::query_scalar::<_, i64>(count_sql)
            .bind(environment_id)
            .bind(&pattern)
            .bind(&query.types)
            .fetch_one(self.pool())
            .await?;
        let found = sqlx::query(list_sql)
            .bind(environment_id)
            .bind(&pattern)
            .bind(&query.types)
            .bind(query.limit)
            .bind(query.offset)
            .fetch_all(self.pool())
            .await?;
        Ok((found.iter().map(rows::template).collect::<Result<_, _>>()?, total))
    }

    async fn update_template_draft(
        &self,
        d: &TemplateRecord,
        expected_revision: i64,
    ) -> StoreResult<DraftWrite<TemplateRecord>> {
        let mut tx = self.begin().await?;
        let Some(current) = live_template(&mut tx, &d.environment_id, &d.id).await? else {
            return Ok(DraftWrite::Missing);
        };
        if current.revision != expected_revision {
            return Ok(DraftWrite::Stale { current_revision: current.revision });
        }
        sqlx::query(
            "UPDATE templates SET name = $1, slug = $2, description = $3, template_type = $4, output_formats = $5, \
             variables = $6, schema = $7, revision = $8, updated_at = $9 WHERE id = $10 AND environment_id = $11",
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
        let mut tx = self.begin().await?;
        let Some(current) = live_template(&mut tx, environment_id, template_id).await? else {
            return Ok(DraftWrite::Missing);
        };
        if expected_revision.is_some_and(|r| r != current.revision) {
            return Ok(DraftWrite::Stale { current_revision: current.revision });
        }
        let last: Option<i64> = sqlx::query_scalar("SELECT MAX(version) FROM template_versions WHERE template_id = $1")
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
             published_by, published_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
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
        sqlx::query("UPDATE templates SET published_version = $1, updated_at = $2 WHERE id = $3")
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
        let mut tx = self.begin().await?;
        if live_template(&mut tx, environment_id, template_id).await?.is_none() {
            return Ok(None);
        }
        sqlx::query("UPDATE templates SET published_version = NULL, updated_at = $1 WHERE id = $2")
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
            "UPDATE templates SET deleted_at = $1, updated_at = $2 WHERE environment_id = $3 AND id = $4 \
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
        let row = sqlx::query("SELECT * FROM template_versions WHERE template_id = $1 AND version = $2")
            .bind(template_id)
            .bind(version)
            .fetch_optional(self.pool())
            .await?;
        Ok(row.map(|r| rows::version(&r)).transpose()?)
    }

    async fn template_versions(&self, template_id: &str) -> StoreResult<Vec<TemplateVersion>> {
        let found = sqlx::query("SELECT * FROM template_versions WHERE template_id = $1 ORDER BY version DESC")
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
