//! Follows the store's feed of changed API keys and drops this node's cached copies, so a revoke, rotation,
//! update or delete made on another node — or by `quire keys revoke` straight in the database — takes
//! effect here within a second. Changes made through this node's API are dropped at once besides.

use std::time::Duration;

use quire_core::Timestamp;
use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::app::stopped;
use crate::state::AppState;

/// How often the feed is read: well inside the one second API.md allows.
pub const POLL_INTERVAL: Duration = Duration::from_millis(400);
/// Feed entries are kept this long (a node that falls further behind has bigger problems).
const KEEP_SECONDS: i64 = 3600;
/// Polls between two prunings of old feed entries (about ten minutes).
const PRUNE_EVERY: u32 = 1500;

/// Reads the feed from its current head on, until `stop`.
pub async fn spawn_change_follower(state: AppState, mut stop: watch::Receiver<bool>) -> anyhow::Result<JoinHandle<()>> {
    let mut seen = state.store.api_key_change_head().await?;
    Ok(tokio::spawn(async move {
        let mut tick = tokio::time::interval(POLL_INTERVAL);
        let mut polls: u32 = 0;
        loop {
            tokio::select! {
                _ = tick.tick() => {
                    seen = follow_once(&state, seen).await;
                    polls = polls.wrapping_add(1);
                    if polls.is_multiple_of(PRUNE_EVERY) {
                        prune(&state).await;
                    }
                }
                _ = stopped(&mut stop) => return,
            }
        }
    }))
}

/// Drops the cached records changed after `seen`; answers the new position (unchanged after an error).
async fn follow_once(state: &AppState, seen: i64) -> i64 {
    match state.store.api_key_changes_since(seen).await {
        Ok((head, digests)) => {
            for digest in &digests {
                state.key_cache.invalidate_local(digest);
            }
            head
        }
        Err(e) => {
            tracing::warn!(error = %e, "reading the API key change feed failed; will retry");
            seen
        }
    }
}

async fn prune(state: &AppState) {
    if let Err(e) = state.store.prune_api_key_changes(Timestamp::now().plus_seconds(-KEEP_SECONDS)).await {
        tracing::warn!(error = %e, "pruning the API key change feed failed");
    }
}
