//! `quire copy`: moves an embedded installation's database into a new PostgreSQL database, every row of every
//! table (key digests and the installation's secrets included), in one target transaction.

mod rows;
mod schema;

use sqlx::Connection;

use crate::{PostgresStore, SqliteStore, StoreError, StoreResult};

/// What a copy moved: each table and its row count, in the order they were written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CopyReport {
    pub tables: Vec<(String, u64)>,
    /// Keys of the document files the copied jobs reference (see [`copy_sqlite_to_postgres`]'s `before_commit`).
    pub file_keys: Vec<String>,
}

impl CopyReport {
    /// Rows copied into `table` (0 when it was empty or is unknown).
    pub fn rows(&self, table: &str) -> u64 {
        self.tables.iter().find(|(name, _)| name == table).map_or(0, |(_, n)| *n)
    }
}

/// Copies the database of `source` into `target`, which must hold no rows yet (both are migrated to the same
/// version by opening them).
///
/// The source is read inside one read transaction, so the copy is the state of one commit even while a server
/// keeps writing (what is written after that moment is not copied: stop the servers first for a move). The target
/// is written inside one transaction: a copy that fails part-way leaves the target as empty as it was.
///
/// `settings` are rows added to the target's `settings` table that the source keeps outside its database (the
/// dashboard's JWT signing secret lives in a file beside an embedded database, in `settings` on PostgreSQL).
///
/// `before_commit` gets the report (with the document file keys the copied jobs reference) once every row is
/// written and before the target commits; an error from it (e.g. copying the files to S3 failed) rolls the copy
/// back, so the target never references files that were not moved.
pub async fn copy_sqlite_to_postgres(
    source: &SqliteStore,
    target: &PostgresStore,
    settings: &[(&str, &str)],
    before_commit: impl AsyncFnOnce(&CopyReport) -> Result<(), String>,
) -> StoreResult<CopyReport> {
    let mut reader = source.pool().acquire().await?;
    let mut snapshot = reader.begin().await?;
    let mut writer = target.begin().await?;
    let tables = schema::tables_to_copy(&mut snapshot, &mut writer).await?;
    for table in &tables {
        let sql = sqlx::AssertSqlSafe(format!("SELECT EXISTS (SELECT 1 FROM {})", rows::quoted(&table.name)));
        let has_rows: bool = sqlx::query_scalar(sql).fetch_one(&mut *writer).await?;
        if has_rows {
            return Err(StoreError::Conflict(format!(
                "the target database is not empty (table {:?} has rows); quire copy only fills a new database",
                table.name
            )));
        }
    }
    let mut report = CopyReport::default();
    for table in &tables {
        let copied = rows::copy_table(table, &mut snapshot, &mut writer).await?;
        rows::advance_identities(table, &mut writer).await?;
        tracing::info!(table = %table.name, rows = copied, "copied");
        report.tables.push((table.name.clone(), copied));
    }
    for (name, value) in settings {
        sqlx::query("INSERT INTO settings (name, value) VALUES ($1, $2)")
            .bind(name)
            .bind(value)
            .execute(&mut *writer)
            .await?;
    }
    report.file_keys = crate::sqlite::snapshot::live_file_keys(&mut snapshot).await?;
    before_commit(&report).await.map_err(StoreError::Config)?;
    writer.commit().await?;
    snapshot.rollback().await?;
    Ok(report)
}
