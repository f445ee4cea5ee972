//! PostgreSQL: which finished jobs and closed batches were announced (the code is shared, see
//! `crate::announcements`).

use super::PostgresStore;

crate::announcements::define_announcements!(PostgresStore, sqlx::Postgres, super::jobs::job, super::jobs::batch);
