//! The `LISTEN` side of the PostgreSQL store: one connection per process listening on `quire_jobs` and
//! `quire_key_changes`, a task that forwards what arrives to a broadcast channel and reconnects after a lost
//! connection (sending [`StoreSignal::Reconnected`] so subscribers catch up on what they missed).

use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgListener, PgNotification, PgPool, PgPoolOptions};
use tokio::sync::{Mutex, broadcast, watch};
use tokio::task::JoinHandle;

use super::connect::{ACQUIRE_TIMEOUT, describe};
use crate::{StoreError, StoreResult, StoreSignal};

/// Channel announcing runnable jobs (filled by triggers on `jobs`).
pub(crate) const JOBS_CHANNEL: &str = "quire_jobs";
/// Channel announcing changed API keys, the payload being the digest (filled by the change feed's trigger).
pub(crate) const KEY_CHANGES_CHANNEL: &str = "quire_key_changes";

/// Signals buffered per subscriber; one that falls further behind gets `RecvError::Lagged` and should catch up
/// from the store, as after [`StoreSignal::Reconnected`].
const SIGNAL_BUFFER: usize = 1024;

/// Longest pause between attempts to get the listening connection back.
const MAX_RETRY_PAUSE: Duration = Duration::from_secs(5);

/// The process's listener, started by the first `subscribe` and stopped by the store's `close`.
#[derive(Debug)]
pub(crate) struct SignalListener {
    options: PgConnectOptions,
    sender: broadcast::Sender<StoreSignal>,
    running: Mutex<Option<Running>>,
}

#[derive(Debug)]
struct Running {
    stop: watch::Sender<bool>,
    task: JoinHandle<()>,
    pool: PgPool,
}

impl SignalListener {
    pub(crate) fn new(options: PgConnectOptions) -> Self {
        let (sender, _) = broadcast::channel(SIGNAL_BUFFER);
        Self { options, sender, running: Mutex::new(None) }
    }

    /// A receiver of every signal from now on. The first call connects and `LISTEN`s before it returns, so a
    /// change committed after `subscribe` returns is always signalled.
    pub(crate) async fn subscribe(&self) -> StoreResult<broadcast::Receiver<StoreSignal>> {
        let mut running = self.running.lock().await;
        if running.is_none() {
            // Its own pool of one, so listening never takes a connection from the queries, and reconnecting has
            // the same acquire timeout as everything else.
            let pool = PgPoolOptions::new()
                .max_connections(1)
                .acquire_timeout(ACQUIRE_TIMEOUT)
                .max_lifetime(None)
                .idle_timeout(None)
                .connect_lazy_with(self.options.clone().application_name("quire-listener"));
            let listener = listen(&pool).await.map_err(|e| {
                StoreError::Config(format!("cannot listen on PostgreSQL at {}: {e}", describe(&self.options)))
            })?;
            let (stop, stopped) = watch::channel(false);
            let task = tokio::spawn(forward(listener, pool.clone(), self.sender.clone(), stopped));
            *running = Some(Running { stop, task, pool });
        }
        Ok(self.sender.subscribe())
    }

    /// Stops listening (at the store's `close`).
    pub(crate) async fn stop(&self) {
        if let Some(running) = self.running.lock().await.take() {
            let _ = running.stop.send(true);
            let _ = running.task.await;
            running.pool.close().await;
        }
    }
}

/// A listener on both channels.
async fn listen(pool: &PgPool) -> Result<PgListener, sqlx::Error> {
    let mut listener = PgListener::connect_with(pool).await?;
    listener.listen_all([JOBS_CHANNEL, KEY_CHANGES_CHANNEL]).await?;
    Ok(listener)
}

/// What a notification means.
fn signal(notification: &PgNotification) -> Option<StoreSignal> {
    match notification.channel() {
        JOBS_CHANNEL => Some(StoreSignal::JobQueued),
        KEY_CHANGES_CHANNEL => Some(StoreSignal::ApiKeyChanged { digest: notification.payload().to_string() }),
        _ => None,
    }
}

/// Forwards notifications until `stopped`, getting the connection back whenever it is lost.
async fn forward(
    listener: PgListener,
    pool: PgPool,
    sender: broadcast::Sender<StoreSignal>,
    mut stopped: watch::Receiver<bool>,
) {
    let mut listener = Some(listener);
    let mut pause = Duration::from_millis(100);
    loop {
        let Some(active) = listener.as_mut() else {
            // Lost and not yet back: try again after a pause that grows while the database stays away.
            tokio::select! {
                _ = stopped.changed() => return,
                _ = tokio::time::sleep(pause) => {}
            }
            match listen(&pool).await {
                Ok(back) => {
                    tracing::info!("listening on PostgreSQL again");
                    listener = Some(back);
                    pause = Duration::from_millis(100);
                    let _ = sender.send(StoreSignal::Reconnected);
                }
                Err(e) => {
                    tracing::warn!(error = %e, "cannot listen on PostgreSQL yet");
                    pause = (pause * 2).min(MAX_RETRY_PAUSE);
                }
            }
            continue;
        };
        let received = tokio::select! {
            _ = stopped.changed() => return,
            received = active.try_recv() => received,
        };
        match received {
            Ok(Some(notification)) => {
                if let Some(signal) = signal(&notification) {
                    // No receiver at the moment is fine: nobody is waiting.
                    let _ = sender.send(signal);
                }
            }
            // The connection broke and sqlx already opened and re-`LISTEN`ed a new one.
            Ok(None) => {
                tracing::warn!("the PostgreSQL listening connection was lost and is back");
                let _ = sender.send(StoreSignal::Reconnected);
            }
            Err(e) => {
                tracing::warn!(error = %e, "the PostgreSQL listening connection failed");
                listener = None;
            }
        }
    }
}
