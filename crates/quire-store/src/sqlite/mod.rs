//! The SQLite store: one file, WAL journal, foreign keys on, embedded migrations.

mod accounts;
mod activity;
mod announcements;
mod api_keys;
mod jobs;
mod oauth;
mod projects;
mod rows;
mod signing_certificates;
pub mod snapshot;
mod templates;
mod webhooks;

use std::str::FromStr;
use std::time::Duration;

use async_trait::async_trait;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous};

use crate::{Repository, StoreError, StoreResult, StoreSignal};

/// Migrations compiled into the binary.
pub static MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");

/// The embedded store.
#[derive(Debug, Clone)]
pub struct SqliteStore {
    pool: SqlitePool,
}

impl SqliteStore {
    /// Opens (creating if needed) the database at `url` and runs pending migrations.
    pub async fn open(url: &str) -> StoreResult<Self> {
        let options = SqliteConnectOptions::from_str(url)
            .map_err(|e| StoreError::Config(format!("invalid SQLite URL: {e}")))?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10));
        let pool = SqlitePoolOptions::new().max_connections(8).connect_with(options).await?;
        MIGRATIONS.run(&pool).await?;
        Ok(Self { pool })
    }

    /// A write transaction that takes SQLite's write lock up front (`BEGIN IMMEDIATE`): a deferred transaction
    /// that reads before it writes fails with `SQLITE_BUSY` when another writer commits in between, which
    /// `busy_timeout` cannot wait out. Every transaction of this store writes, so all of them start here.
    pub(crate) async fn begin_write(&self) -> Result<sqlx::Transaction<'static, sqlx::Sqlite>, sqlx::Error> {
        self.pool.begin_with("BEGIN IMMEDIATE").await
    }

    /// The connection pool, for the implementation modules.
    pub(crate) fn pool(&self) -> &SqlitePool {
        &self.pool
    }
}

#[async_trait]
impl Repository for SqliteStore {
    async fn ping(&self) -> StoreResult<()> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    async fn setting(&self, name: &str) -> StoreResult<Option<String>> {
        Ok(sqlx::query_scalar("SELECT value FROM settings WHERE name = ?")
            .bind(name)
            .fetch_optional(&self.pool)
            .await?)
    }

    async fn setting_insert_if_absent(&self, name: &str, value: &str) -> StoreResult<String> {
        sqlx::query("INSERT INTO settings (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING")
            .bind(name)
            .bind(value)
            .execute(&self.pool)
            .await?;
        Ok(sqlx::query_scalar("SELECT value FROM settings WHERE name = ?").bind(name).fetch_one(&self.pool).await?)
    }

    async fn subscribe(&self) -> StoreResult<Option<tokio::sync::broadcast::Receiver<StoreSignal>>> {
        // One process owns the file: there is nobody else to hear from.
        Ok(None)
    }

    async fn close(&self) {
        self.pool.close().await;
    }
}
