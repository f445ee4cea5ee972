//! The store's error type.

/// Why a store call failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The row does not exist (or is outside the caller's scope).
    #[error("not found")]
    NotFound,
    /// A uniqueness rule was broken; the string names the constraint.
    #[error("conflict: {0}")]
    Conflict(String),
    /// Queueing would go over a monthly document quota (of an API key, or of the environment).
    #[error("monthly document quota of {limit} used up ({used} this month)")]
    QuotaExceeded { used: i64, limit: i64, environment: bool },
    /// The configuration is unusable.
    #[error("{0}")]
    Config(String),
    /// The database failed.
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    /// Migrations failed.
    #[error("migration error: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

impl StoreError {
    /// Maps unique-constraint violations to [`StoreError::Conflict`], in one place.
    pub fn from_sqlx(err: sqlx::Error) -> Self {
        if let sqlx::Error::Database(db) = &err
            && db.is_unique_violation()
        {
            // SQLite names the columns in its message, PostgreSQL the constraint: callers look for a column name
            // (`slug`, `short_id`) in either, which the PostgreSQL constraint names are chosen to contain.
            let what = match db.constraint() {
                Some(constraint) if !db.message().contains(constraint) => format!("{} ({constraint})", db.message()),
                _ => db.message().to_string(),
            };
            return StoreError::Conflict(what);
        }
        StoreError::Database(err)
    }

    /// Whether the database could not be reached (down, restarting, every connection busy past the timeout):
    /// worth a `503` and a retry, unlike a query that failed.
    pub fn is_unavailable(&self) -> bool {
        match self {
            StoreError::Database(
                sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_) | sqlx::Error::Tls(_),
            ) => true,
            // PostgreSQL's classes 08 (connection exception) and 57P (shutting down, starting up), and a database
            // an administrator closed to connections (55000 with this message, e.g. during maintenance).
            StoreError::Database(sqlx::Error::Database(db)) => db.code().is_some_and(|code| {
                code.starts_with("08")
                    || code.starts_with("57P")
                    || (code == "55000" && db.message().contains("not currently accepting connections"))
            }),
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::StoreError;

    #[test]
    fn a_pool_timeout_is_unavailability_and_a_conflict_is_not() {
        assert!(StoreError::Database(sqlx::Error::PoolTimedOut).is_unavailable());
        assert!(!StoreError::Conflict("slug".into()).is_unavailable());
        assert!(!StoreError::Database(sqlx::Error::RowNotFound).is_unavailable());
    }
}
