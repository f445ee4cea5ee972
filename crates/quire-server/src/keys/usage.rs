//! Key usage counted in memory and flushed to the store in batches (at most a few seconds behind).

use std::collections::HashMap;
use std::sync::Mutex;

use quire_core::Timestamp;
use quire_store::{Store, StoreResult, UsageDelta};

/// Requests per (key, UTC day) not yet written.
#[derive(Debug, Default)]
pub struct UsageRecorder {
    pending: Mutex<HashMap<(String, String), UsageDelta>>,
    /// Held while a batch is written: a flush waits for one in flight, so a management read that flushes
    /// first never reads the store before counts already taken by the background flusher are committed.
    writing: tokio::sync::Mutex<()>,
}

impl UsageRecorder {
    /// Counts one request by `key_id` answered with `status`.
    pub fn record(&self, key_id: &str, status: u16) {
        let now = Timestamp::now();
        let day = now.day();
        let mut pending = self.pending.lock().unwrap_or_else(|p| p.into_inner());
        let delta = pending.entry((key_id.to_string(), day.clone())).or_insert_with(|| UsageDelta {
            key_id: key_id.to_string(),
            day,
            requests: 0,
            status_2xx: 0,
            status_4xx: 0,
            status_5xx: 0,
            last_used_at: now,
        });
        delta.requests += 1;
        match status {
            200..=399 => delta.status_2xx += 1,
            400..=499 => delta.status_4xx += 1,
            _ => delta.status_5xx += 1,
        }
        delta.last_used_at = now;
    }

    /// Writes everything counted so far in one transaction; on failure the counts are put back.
    pub async fn flush(&self, store: &Store) -> StoreResult<usize> {
        let _writing = self.writing.lock().await;
        let batch: Vec<UsageDelta> = {
            let mut pending = self.pending.lock().unwrap_or_else(|p| p.into_inner());
            pending.drain().map(|(_, v)| v).collect()
        };
        if batch.is_empty() {
            return Ok(0);
        }
        if let Err(e) = store.add_api_key_usage(&batch).await {
            let mut pending = self.pending.lock().unwrap_or_else(|p| p.into_inner());
            for d in batch {
                let entry = pending.entry((d.key_id.clone(), d.day.clone())).or_insert_with(|| UsageDelta {
                    requests: 0,
                    status_2xx: 0,
                    status_4xx: 0,
                    status_5xx: 0,
                    ..d.clone()
                });
                entry.requests += d.requests;
                entry.status_2xx += d.status_2xx;
                entry.status_4xx += d.status_4xx;
                entry.status_5xx += d.status_5xx;
                entry.last_used_at = entry.last_used_at.max(d.last_used_at);
            }
            return Err(e);
        }
        Ok(batch.len())
    }
}
