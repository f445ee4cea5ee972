//! SQLite: which finished jobs and closed batches were announced (the code is shared, see
//! `crate::announcements`).

use super::SqliteStore;

crate::announcements::define_announcements!(SqliteStore, sqlx::Sqlite, super::jobs::job, super::jobs::batch);
