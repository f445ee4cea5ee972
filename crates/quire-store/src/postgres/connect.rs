//! Connecting to PostgreSQL: URL parsing, pool limits and timeouts, and start-up errors that say where the
//! database was expected without ever showing the password.

use std::str::FromStr;
use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};

use crate::{StoreError, StoreResult};

/// How long a call waits for a connection before it fails. Short, so that a database that went away turns into
/// errors (answered 503 by the server) within seconds instead of requests that hang.
pub(crate) const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(5);

/// Connections per node. Render work, not SQL, is the bottleneck; this leaves room for many nodes under
/// PostgreSQL's default `max_connections` of 100.
const MAX_CONNECTIONS: u32 = 10;

/// Parses `url`; the error names the problem, never the URL (it may carry the password).
pub(crate) fn options(url: &str) -> StoreResult<PgConnectOptions> {
    let options = PgConnectOptions::from_str(url).map_err(|e| {
        StoreError::Config(format!("invalid PostgreSQL URL: {}", without_password(&e.to_string(), url)))
    })?;
    Ok(options.application_name("quire"))
}

/// Where `options` point, for messages: `host:port/database`.
pub(crate) fn describe(options: &PgConnectOptions) -> String {
    format!(
        "{}:{}/{}",
        options.get_host(),
        options.get_port(),
        options.get_database().unwrap_or(options.get_username())
    )
}

/// The pool; fails with a message naming host, port and database when nothing answers there.
pub(crate) async fn pool(options: &PgConnectOptions) -> StoreResult<PgPool> {
    PgPoolOptions::new()
        .max_connections(MAX_CONNECTIONS)
        .acquire_timeout(ACQUIRE_TIMEOUT)
        // Connections are checked before use, so after a database restart the pool replaces dead ones instead of
        // handing them out.
        .test_before_acquire(true)
        .idle_timeout(Duration::from_secs(600))
        .connect_with(options.clone())
        .await
        .map_err(|e| StoreError::Config(format!("cannot connect to PostgreSQL at {}: {}", describe(options), e)))
}

/// `text` with any password of `url` blanked out (drivers sometimes echo parts of what they parse).
fn without_password(text: &str, url: &str) -> String {
    match url::Url::parse(url).ok().and_then(|u| u.password().map(str::to_string)) {
        Some(password) if !password.is_empty() => text.replace(&password, "***"),
        _ => text.to_string(),
    }
}
