//! Fresh, empty databases for test suites: every test gets its own, so tests run in parallel on one server.

use sqlx::postgres::PgConnection;
use sqlx::{AssertSqlSafe, Connection};

use super::connect::{self, describe};
use crate::{StoreError, StoreResult};

/// Creates an empty database `quire_t_<random>` on the server of `admin_url` (a role allowed to create
/// databases) and answers the URL of the new database: `admin_url` with the database name replaced.
///
/// Nothing drops the database again: a test suite leaves one small database per test behind. Remove them with
/// `SELECT 'DROP DATABASE ' || datname || ';' FROM pg_database WHERE datname LIKE 'quire_t_%' \gexec` in `psql`.
pub async fn scratch_database(admin_url: &str) -> StoreResult<String> {
    let options = connect::options(admin_url)?;
    let mut admin = PgConnection::connect_with(&options)
        .await
        .map_err(|e| StoreError::Config(format!("cannot connect to PostgreSQL at {}: {e}", describe(&options))))?;
    // Lower-case letters and digits only, so the name needs no quoting and cannot inject anything.
    let name = format!("quire_t_{}", quire_core::base62::random_string(16).to_lowercase());
    sqlx::query(AssertSqlSafe(format!("CREATE DATABASE {name}"))).execute(&mut admin).await?;
    admin.close().await?;
    with_database(admin_url, &name)
}

/// `url` naming database `name` instead of its own.
fn with_database(url: &str, name: &str) -> StoreResult<String> {
    let mut parsed = url::Url::parse(url).map_err(|e| StoreError::Config(format!("invalid PostgreSQL URL: {e}")))?;
    parsed.set_path(&format!("/{name}"));
    Ok(parsed.to_string())
}

#[cfg(test)]
mod tests {
    use super::with_database;

    #[test]
    fn the_database_name_is_replaced_and_the_rest_kept() {
        let url = with_database("postgres://u:p@db.example:6543/admin?sslmode=disable", "quire_t_abc").ok();
        assert_eq!(url.as_deref(), Some("postgres://u:p@db.example:6543/quire_t_abc?sslmode=disable"));
    }

    #[test]
    fn a_url_without_database_gets_one() {
        let url = with_database("postgresql://root@127.0.0.1:5432", "quire_t_x").ok();
        assert_eq!(url.as_deref(), Some("postgresql://root@127.0.0.1:5432/quire_t_x"));
    }
}
