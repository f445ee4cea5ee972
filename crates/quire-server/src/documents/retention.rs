//! The retention sweeper: deletes document files past their environment's retention; job records stay.

use std::time::Duration;

use quire_core::Timestamp;
use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::app::stopped;
use crate::state::AppState;

/// Deletes expired files in batches; returns how many were deleted.
pub async fn sweep_once(state: &AppState) -> anyhow::Result<usize> {
    let mut deleted = 0;
    loop {
        let expired = state.store.expired_files(Timestamp::now(), 200).await?;
        if expired.is_empty() {
            return Ok(deleted);
        }
        for job in expired {
            if let Some(key) = &job.file_key {
                state.files.delete(key).await?;
            }
            state.store.mark_file_deleted(&job.id, Timestamp::now()).await?;
            deleted += 1;
        }
    }
}

/// Runs [`sweep_once`] every `retention_sweep_seconds` until shutdown.
pub fn spawn_sweeper(state: AppState, mut stop: watch::Receiver<bool>) -> JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(state.config.retention_sweep_seconds.max(1)));
        loop {
            tokio::select! {
                _ = tick.tick() => {
                    match sweep_once(&state).await {
                        Ok(0) => {}
                        Ok(n) => tracing::info!(files = n, "deleted document files past retention"),
                        Err(e) => tracing::warn!(error = %e, "retention sweep failed"),
                    }
                    // Only the current month's synchronous renders count toward quotas (a day of slack).
                    let before = super::quota::month_start(Timestamp::now()).plus_seconds(-86400);
                    if let Err(e) = state.store.prune_sync_renders(before).await {
                        tracing::warn!(error = %e, "pruning old synchronous render records failed");
                    }
                }
                _ = stopped(&mut stop) => return,
            }
        }
    })
}
