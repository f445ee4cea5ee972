//! Online snapshots of the embedded database (for `quire backup`) and read-back checks of a snapshot (for
//! `quire restore`): what the snapshot holds and which document files it references.

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use sqlx::Connection;
use sqlx::sqlite::{SqliteConnectOptions, SqliteConnection};

use crate::{StoreError, StoreResult};

/// What a database snapshot holds, counted from the snapshot itself (never from the live database, which
/// keeps changing).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SnapshotSummary {
    /// The newest migration applied (`_sqlx_migrations`), 0 for an empty database.
    pub schema_version: i64,
    pub users: i64,
    pub projects: i64,
    pub api_keys: i64,
    pub templates: i64,
    pub jobs: i64,
    /// Keys of document files that completed jobs reference and the retention sweeper has not deleted.
    pub file_keys: Vec<String>,
}

/// The file behind a `sqlite:` URL.
pub fn sqlite_file(url: &str) -> StoreResult<PathBuf> {
    let options = SqliteConnectOptions::from_str(url)
        .map_err(|e| StoreError::Config(format!("invalid SQLite URL {url:?}: {e}")))?;
    Ok(options.get_filename().to_path_buf())
}

/// Writes a consistent copy of the live database at `url` to `dest` (which must not exist), while servers keep
/// writing to it.
///
/// `VACUUM INTO` runs inside one read transaction, so in WAL mode it copies exactly the state of one commit and
/// neither blocks writers nor is blocked by them. SQLite's page-by-page backup API would do the same, but sqlx
/// does not expose it and reaching it means unsafe FFI, which this workspace forbids.
pub async fn snapshot_into(url: &str, dest: &Path) -> StoreResult<()> {
    let source = sqlite_file(url)?;
    if !source.is_file() {
        return Err(StoreError::Config(format!("no database at {}", source.display())));
    }
    let dest =
        dest.to_str().ok_or_else(|| StoreError::Config(format!("{} is not a UTF-8 path", dest.display())))?.to_string();
    // Read-only and without migrations: a backup must never change the installation it copies.
    let options = SqliteConnectOptions::from_str(url)
        .map_err(|e| StoreError::Config(format!("invalid SQLite URL {url:?}: {e}")))?
        .read_only(true)
        .busy_timeout(Duration::from_secs(30));
    let mut conn = SqliteConnection::connect_with(&options).await?;
    let copied = sqlx::query("VACUUM INTO ?").bind(dest).execute(&mut conn).await;
    conn.close().await?;
    copied?;
    Ok(())
}

/// Opens a snapshot file alone (no WAL, no migrations, never written) and checks it page by page.
async fn open_snapshot(path: &Path) -> StoreResult<SqliteConnection> {
    let options = SqliteConnectOptions::new().filename(path).read_only(true).immutable(true);
    let mut conn = SqliteConnection::connect_with(&options).await?;
    let verdict: String = sqlx::query_scalar("PRAGMA integrity_check").fetch_one(&mut conn).await?;
    if verdict != "ok" {
        return Err(StoreError::Config(format!("the database copy is damaged: {verdict}")));
    }
    Ok(conn)
}

/// Checks the snapshot at `path` and summarises it.
pub async fn summarize_snapshot(path: &Path) -> StoreResult<SnapshotSummary> {
    let mut conn = open_snapshot(path).await?;
    let summary = summarize(&mut conn).await;
    conn.close().await?;
    summary
}

async fn summarize(conn: &mut SqliteConnection) -> StoreResult<SnapshotSummary> {
    let has_migrations: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '_sqlx_migrations'")
            .fetch_one(&mut *conn)
            .await?;
    if has_migrations == 0 {
        return Err(StoreError::Config("the database copy is not a Quire database (no migrations table)".into()));
    }
    let schema_version: i64 =
        sqlx::query_scalar("SELECT COALESCE(MAX(version), 0) FROM _sqlx_migrations WHERE success = 1")
            .fetch_one(&mut *conn)
            .await?;
    let (users, projects, api_keys, templates, jobs): (i64, i64, i64, i64, i64) = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM users), (SELECT COUNT(*) FROM projects), (SELECT COUNT(*) FROM api_keys), \
         (SELECT COUNT(*) FROM templates), (SELECT COUNT(*) FROM jobs)",
    )
    .fetch_one(&mut *conn)
    .await?;
    let file_keys = live_file_keys(conn).await?;
    Ok(SnapshotSummary { schema_version, users, projects, api_keys, templates, jobs, file_keys })
}

/// Keys of the document files that jobs reference and the retention sweeper has not deleted, sorted.
pub(crate) async fn live_file_keys(conn: &mut SqliteConnection) -> StoreResult<Vec<String>> {
    Ok(sqlx::query_scalar(
        "SELECT file_key FROM jobs WHERE file_key IS NOT NULL AND file_deleted_at IS NULL ORDER BY file_key",
    )
    .fetch_all(&mut *conn)
    .await?)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[tokio::test]
    async fn snapshot_of_a_fresh_store_is_summarised_from_the_copy() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("live.db").display());
        let store = crate::SqliteStore::open(&url).await.unwrap();
        let copy = dir.path().join("copy.db");
        snapshot_into(&url, &copy).await.unwrap();
        let summary = summarize_snapshot(&copy).await.unwrap();
        assert!(summary.schema_version >= 9);
        assert_eq!(summary.users, 0);
        assert!(summary.file_keys.is_empty());
        assert!(snapshot_into(&url, &copy).await.is_err(), "VACUUM INTO never overwrites");
        crate::Repository::close(&store).await;
    }

    #[tokio::test]
    async fn a_file_that_is_not_a_database_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("junk.db");
        std::fs::write(&path, b"this is not a database at all, just some bytes".repeat(200)).unwrap();
        assert!(summarize_snapshot(&path).await.is_err());
    }
}
