//! PostgreSQL: uploaded assets (metadata and bytes), always filtered by environment.

use sqlx::PgPool;

use super::rows;
use crate::templates::AssetRecord;
use crate::{StoreError, StoreResult};

/// `SELECT` of the metadata columns (everything but the bytes), for lists.
macro_rules! select_meta {
    ($rest:literal) => {
        concat!(
            "SELECT id, project_id, environment_id, name, content_type, kind, size_bytes, sha256, created_by, \
             created_at FROM assets ",
            $rest
        )
    };
}

pub(super) async fn create(pool: &PgPool, r: &AssetRecord, content: &[u8]) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO assets (id, project_id, environment_id, name, content_type, kind, size_bytes, sha256, content, \
         created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(&r.id)
    .bind(&r.project_id)
    .bind(&r.environment_id)
    .bind(&r.name)
    .bind(&r.content_type)
    .bind(&r.kind)
    .bind(r.size_bytes)
    .bind(&r.sha256)
    .bind(content)
    .bind(&r.created_by)
    .bind(r.created_at.as_millis())
    .execute(pool)
    .await
    .map_err(StoreError::from_sqlx)?;
    Ok(())
}

pub(super) async fn list(
    pool: &PgPool,
    environment_id: &str,
    offset: i64,
    limit: i64,
) -> StoreResult<(Vec<AssetRecord>, i64)> {
    let total: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM assets WHERE environment_id = $1")
        .bind(environment_id)
        .fetch_one(pool)
        .await?;
    let found = sqlx::query(select_meta!("WHERE environment_id = $1 ORDER BY created_at DESC, id LIMIT $2 OFFSET $3"))
        .bind(environment_id)
        .bind(limit)
        .bind(offset)
        .fetch_all(pool)
        .await?;
    Ok((found.iter().map(rows::asset).collect::<Result<_, _>>()?, total))
}

pub(super) async fn one(pool: &PgPool, environment_id: &str, id: &str) -> StoreResult<Option<AssetRecord>> {
    let row = sqlx::query(select_meta!("WHERE environment_id = $1 AND id = $2"))
        .bind(environment_id)
        .bind(id)
        .fetch_optional(pool)
        .await?;
    Ok(row.map(|r| rows::asset(&r)).transpose()?)
}

pub(super) async fn contents(
    pool: &PgPool,
    environment_id: &str,
    ids: &[String],
) -> StoreResult<Vec<(AssetRecord, Vec<u8>)>> {
    let mut found = Vec::with_capacity(ids.len());
    for id in ids {
        let row = sqlx::query("SELECT * FROM assets WHERE environment_id = $1 AND id = $2")
            .bind(environment_id)
            .bind(id)
            .fetch_optional(pool)
            .await?;
        if let Some(row) = row {
            let content: Vec<u8> = sqlx::Row::try_get(&row, "content")?;
            found.push((rows::asset(&row)?, content));
        }
    }
    Ok(found)
}

pub(super) async fn delete(pool: &PgPool, environment_id: &str, id: &str) -> StoreResult<()> {
    let done = sqlx::query("DELETE FROM assets WHERE environment_id = $1 AND id = $2")
        .bind(environment_id)
        .bind(id)
        .execute(pool)
        .await?;
    if done.rows_affected() == 0 { Err(StoreError::NotFound) } else { Ok(()) }
}
