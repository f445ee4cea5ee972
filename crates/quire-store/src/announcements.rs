//! Which finished jobs and closed batches have had their webhook event recorded (`announced_at`), written once
//! for both stores: the SQL is the same (SQLite takes `$N` placeholders too), only the transaction and row
//! types differ, so each backend instantiates [`define_announcements`] for its own.

/// Defines `mark` (inside the outbox write, false when the subject was already announced) and the store's
/// `unannounced_jobs_before` / `unannounced_batches_before` for the store type `$store` on database `$db`,
/// mapping rows with `$job` and `$batch`.
macro_rules! define_announcements {
    ($store:ty, $db:ty, $job:path, $batch:path) => {
        use quire_core::Timestamp;

        use crate::StoreResult;
        use crate::jobs::{BatchRecord, JobRecord};
        use crate::webhooks::EventSubject;

        /// Marks `subject` announced inside the outbox write; false when it already was.
        pub(crate) async fn mark(
            tx: &mut sqlx::Transaction<'static, $db>,
            subject: &EventSubject,
            at: Timestamp,
        ) -> StoreResult<bool> {
            let (sql, id) = match subject {
                EventSubject::Job(id) => {
                    ("UPDATE jobs SET announced_at = $1 WHERE id = $2 AND announced_at IS NULL", id)
                }
                EventSubject::Batch(id) => {
                    ("UPDATE batches SET announced_at = $1 WHERE id = $2 AND announced_at IS NULL", id)
                }
            };
            let done = sqlx::query(sql).bind(at.as_millis()).bind(id).execute(&mut **tx).await?;
            Ok(done.rows_affected() == 1)
        }

        impl $store {
            pub(crate) async fn unannounced_jobs_before(
                &self,
                before: Timestamp,
                limit: i64,
            ) -> StoreResult<Vec<JobRecord>> {
                let rows = sqlx::query(
                    "SELECT * FROM jobs WHERE announced_at IS NULL AND status IN ('completed', 'failed') \
                     AND completed_at < $1 ORDER BY completed_at LIMIT $2",
                )
                .bind(before.as_millis())
                .bind(limit)
                .fetch_all(self.pool())
                .await?;
                Ok(rows.iter().map($job).collect::<Result<_, _>>()?)
            }

            pub(crate) async fn unannounced_batches_before(
                &self,
                before: Timestamp,
                limit: i64,
            ) -> StoreResult<Vec<BatchRecord>> {
                let rows = sqlx::query(
                    "SELECT * FROM batches WHERE announced_at IS NULL AND completed_at IS NOT NULL \
                     AND completed_at < $1 ORDER BY completed_at LIMIT $2",
                )
                .bind(before.as_millis())
                .bind(limit)
                .fetch_all(self.pool())
                .await?;
                Ok(rows.iter().map($batch).collect::<Result<_, _>>()?)
            }
        }
    };
}

pub(crate) use define_announcements;
