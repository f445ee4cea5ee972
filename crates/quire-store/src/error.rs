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
            return StoreError::Conflict(db.message().to_string());
        }
        StoreError::Database(err)
    }
}
