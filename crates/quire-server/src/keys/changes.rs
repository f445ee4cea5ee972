//! Follows the store's feed of changed API keys and drops this node's cached copies, so a revoke, rotation,
//! update or delete made on another node — or by `quire keys revoke` straight in the database — takes
//! effect here within a second. Changes made through this node's API are dropped at once besides. Where the
//! store signals other nodes (PostgreSQL `LISTEN/NOTIFY`), a key change is dropped the moment it is announced and
//! a queued job wakes an idle worker here at once; the polls stay as the safety net.

use std::time::Duration;

use quire_core::Timestamp;
use quire_store::StoreSignal;
use tokio::sync::{broadcast, watch};
use tokio::task::JoinHandle;

use crate::app::stopped;
use crate::state::AppState;

/// Feed entries are kept this long (a node that falls further behind has bigger problems).
const KEEP_SECONDS: i64 = 3600;
/// Polls between two prunings of old feed entries (about ten minutes).
const PRUNE_EVERY: u32 = 1500;

/// Reads the feed from its current head on, and the store's signals when it sends any, until `stop`.
pub async fn spawn_change_follower(state: AppState, mut stop: watch::Receiver<bool>) -> anyhow::Result<JoinHandle<()>> {
    let mut signals = state.store.subscribe().await?;
    let mut seen = state.store.api_key_change_head().await?;
    Ok(tokio::spawn(async move {
        // `key_change_poll_ms` (400 by default: well inside the one second API.md allows).
        let mut tick = tokio::time::interval(Duration::from_millis(state.config.key_change_poll_ms));
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
                signal = next_signal(&mut signals) => match signal {
                    Some(StoreSignal::JobQueued) => state.job_wake.notify_one(),
                    Some(StoreSignal::ApiKeyChanged { digest }) => state.key_cache.invalidate_local(&digest),
                    // Signals were lost meanwhile: catch up from the store.
                    Some(StoreSignal::Reconnected) => {
                        seen = follow_once(&state, seen).await;
                        state.job_wake.notify_one();
                    }
                    None => signals = None,
                },
                _ = stopped(&mut stop) => return,
            }
        }
    }))
}

/// The next signal; `None` when the channel closed (the polls carry on alone). A receiver that fell behind
/// skipped some signals: answered as `Reconnected`, which makes the follower catch up.
async fn next_signal(signals: &mut Option<broadcast::Receiver<StoreSignal>>) -> Option<StoreSignal> {
    let Some(receiver) = signals else { return std::future::pending().await };
    match receiver.recv().await {
        Ok(signal) => Some(signal),
        Err(broadcast::error::RecvError::Lagged(_)) => Some(StoreSignal::Reconnected),
        Err(broadcast::error::RecvError::Closed) => None,
    }
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
