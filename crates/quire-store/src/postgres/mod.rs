//! The PostgreSQL store: many nodes on one database. Job and outbox claims use `FOR UPDATE SKIP LOCKED`, quotas
//! and idempotency keys are serialised by transaction-scoped advisory locks, and `LISTEN/NOTIFY` announces new jobs
//! and key changes (see [`crate::StoreSignal`]).

mod accounts;
mod activity;
mod announcements;
mod api_keys;
mod connect;
mod jobs;
mod listener;
mod oauth;
mod projects;
mod rows;
mod scratch;
mod signing_certificates;
mod templates;
mod webhooks;

use std::sync::Arc;

use async_trait::async_trait;
use sqlx::postgres::PgPool;
use tokio::sync::broadcast;

use self::listener::SignalListener;
pub use self::scratch::scratch_database;
use crate::{Repository, StoreResult, StoreSignal};

/// Migrations compiled into the binary.
pub static MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

/// The shared store.
#[derive(Debug, Clone)]
pub struct PostgresStore {
    pool: PgPool,
    signals: Arc<SignalListener>,
}

impl PostgresStore {
    /// Connects to the database at `url` (`postgres://` or `postgresql://`) and runs pending migrations. An
    /// unreachable database is a [`crate::StoreError::Config`] naming host, port and database (never the password).
    pub async fn open(url: &str) -> StoreResult<Self> {
        let options = connect::options(url)?;
        let pool = connect::pool(&options).await?;
        // sqlx holds an advisory lock while migrating, so nodes starting together migrate once.
        MIGRATIONS.run(&pool).await?;
        Ok(Self { pool, signals: Arc::new(SignalListener::new(options)) })
    }

    /// A transaction (READ COMMITTED: every statement sees what committed before it started).
    pub(crate) async fn begin(&self) -> Result<sqlx::Transaction<'static, sqlx::Postgres>, sqlx::Error> {
        self.pool.begin().await
    }

    /// The connection pool, for the implementation modules.
    pub(crate) fn pool(&self) -> &PgPool {
        &self.pool
    }
}

#[async_trait]
impl Repository for PostgresStore {
    async fn ping(&self) -> StoreResult<()> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    async fn setting(&self, name: &str) -> StoreResult<Option<String>> {
        Ok(sqlx::query_scalar("SELECT value FROM settings WHERE name = $1")
            .bind(name)
            .fetch_optional(&self.pool)
            .await?)
    }

    async fn setting_insert_if_absent(&self, name: &str, value: &str) -> StoreResult<String> {
        sqlx::query("INSERT INTO settings (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING")
            .bind(name)
            .bind(value)
            .execute(&self.pool)
            .await?;
        Ok(sqlx::query_scalar("SELECT value FROM settings WHERE name = $1").bind(name).fetch_one(&self.pool).await?)
    }

    async fn subscribe(&self) -> StoreResult<Option<broadcast::Receiver<StoreSignal>>> {
        Ok(Some(self.signals.subscribe().await?))
    }

    async fn close(&self) {
        self.signals.stop().await;
        self.pool.close().await;
    }
}
