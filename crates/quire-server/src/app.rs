//! Assembling the router and running the service: bind, serve, background tasks, graceful shutdown.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::middleware::{from_fn, from_fn_with_state};
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::config::Config;
use crate::http::error::{finish_error_body, not_found};
use crate::http::request_id::assign_request_id;
use crate::http::request_limits::enforce_request_limits;
use crate::ratelimit::{MemoryRateLimiter, RateLimiter, RedisRateLimiter};
use crate::state::AppState;
use crate::state::StateSecrets;
use crate::{auth, dashboard, documents, keys, metrics, oauth, openapi, routes, signing, templates, webhooks};

/// Every route, with the middleware stack.
pub fn build_router(state: AppState) -> Router {
    let max_body = state.config.max_body_bytes;
    Router::new()
        .merge(routes::health::router())
        .merge(routes::auth::router())
        .merge(routes::teams::router())
        .merge(routes::members::router())
        .merge(routes::environments::router())
        .merge(routes::activity::router())
        .merge(keys::routes::router())
        .merge(templates::router())
        .merge(documents::router())
        .merge(openapi::router())
        .merge(webhooks::router())
        .merge(signing::router())
        .merge(oauth::router())
        .merge(dashboard::router())
        .merge(metrics::router())
        .fallback(not_found)
        .layer(from_fn_with_state(state.clone(), auth::caller::authenticate))
        .layer(from_fn_with_state(state.clone(), enforce_request_limits))
        .layer(from_fn(metrics::track_request))
        .layer(DefaultBodyLimit::max(max_body))
        // A panicking handler becomes a bare 500, which `finish_error_body` turns into ERR_INTERNAL with the request id.
        .layer(tower_http::catch_panic::CatchPanicLayer::new())
        .layer(from_fn(finish_error_body))
        .layer(from_fn(assign_request_id))
        .with_state(state)
}

/// The probes and metrics only: what a worker node (`quire worker`) serves.
pub fn build_worker_router(state: AppState) -> Router {
    Router::new()
        .merge(routes::health::router())
        .merge(metrics::router())
        .fallback(not_found)
        .layer(from_fn(metrics::track_request))
        .layer(from_fn(finish_error_body))
        .layer(from_fn(assign_request_id))
        .with_state(state)
}

/// What a process does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NodeRole {
    /// The API, plus job workers unless `QUIRE_RUN_WORKERS=false` (an API-only node); `quire serve`.
    Api,
    /// Job workers, webhook delivery and the retention sweeper, with only `/health`, `/ready` and `/metrics` on the
    /// listener; `quire worker`.
    Worker,
}

/// A started service.
pub struct RunningServer {
    /// The address actually bound (useful with port 0).
    pub addr: SocketAddr,
    /// The address of the metrics listener, when `QUIRE_METRICS_LISTEN` is set.
    pub metrics_addr: Option<SocketAddr>,
    pub state: AppState,
    shutdown: watch::Sender<bool>,
    task: JoinHandle<anyhow::Result<()>>,
}

impl RunningServer {
    /// Stops accepting, drains requests, flushes usage and closes the store.
    pub async fn shutdown(self) -> anyhow::Result<()> {
        let _ = self.shutdown.send(true);
        self.task.await?
    }

    /// Waits until the service stops (after a signal, or [`RunningServer::shutdown`]).
    pub async fn wait(self) -> anyhow::Result<()> {
        self.task.await?
    }

    /// A handle that asks the service to stop.
    pub fn stopper(&self) -> watch::Sender<bool> {
        self.shutdown.clone()
    }
}

/// Opens the store, prepares secrets and the bootstrap admin, binds and serves the API in the background.
pub async fn start(config: Config) -> anyhow::Result<RunningServer> {
    start_node(config, NodeRole::Api).await
}

/// Starts a process in `role` (see [`NodeRole`]).
pub async fn start_node(mut config: Config, role: NodeRole) -> anyhow::Result<RunningServer> {
    if role == NodeRole::Worker {
        config.run_workers = true;
    }
    std::fs::create_dir_all(&config.data_dir)
        .map_err(|e| anyhow::anyhow!("cannot create data folder {}: {e}", config.data_dir.display()))?;
    let store = quire_store::open(&config.database_url()).await?;
    // The embedded store keeps the generated signing key in the data folder (as before); a shared database keeps it
    // in the database, so every node signs and accepts the same dashboard tokens.
    let secret = match (&config.jwt_secret, config.database_url().starts_with("sqlite:")) {
        (None, false) => {
            store.setting_insert_if_absent("jwt_secret", &quire_core::base62::random_string(64)).await?.into_bytes()
        }
        (configured, _) => crate::secrets::jwt_secret(configured.as_deref(), &config.data_dir)?,
    };
    let listener = TcpListener::bind(config.listen)
        .await
        .map_err(|e| anyhow::anyhow!("cannot listen on {}: {e}", config.listen))?;
    let addr = listener.local_addr()?;
    let public_url = config.public_url(addr);
    let download_links =
        store.setting_insert_if_absent("download_link_key", &quire_core::base62::random_string(64)).await?.into_bytes();
    let encryption = crate::secrets::encryption_key(config.encryption_key.as_ref(), &config.data_dir)?;
    if config.encryption_key.is_none() && !config.database_url().starts_with("sqlite:") {
        tracing::warn!(
            file = %config.data_dir.join("encryption-key").display(),
            "QUIRE_ENCRYPTION_KEY is unset: signing certificates are sealed with this node's generated key; give every \
             node sharing the database the same QUIRE_ENCRYPTION_KEY"
        );
    }
    let secrets = StateSecrets { jwt: secret, download_links, encryption };
    let files = match &config.s3 {
        Some(s3) => documents::files::FileStore::s3(s3).await?,
        None => documents::files::FileStore::local(&config.data_dir.join("files"))?,
    };
    let rate_limiter: Arc<dyn RateLimiter> = match &config.redis_url {
        Some(url) => Arc::new(RedisRateLimiter::connect(url).await?),
        None => Arc::new(MemoryRateLimiter::default()),
    };
    let state = AppState::with_rate_limiter(config, store, &secrets, public_url, files, rate_limiter);
    bootstrap_admin(&state).await?;
    let (shutdown, mut stop) = watch::channel(false);
    // Bound first: a taken metrics address fails the start before any background task runs.
    let metrics_listener = match state.config.metrics_listen {
        Some(address) => Some(metrics::serve_metrics_listener(state.clone(), address, stop.clone()).await?),
        None => None,
    };
    let metrics_addr = metrics_listener.as_ref().map(|(bound, _)| *bound);
    let flusher = spawn_usage_flusher(state.clone(), stop.clone());
    let key_changes = keys::changes::spawn_change_follower(state.clone(), stop.clone()).await?;
    let workers = documents::worker::spawn_workers(&state, stop.clone());
    let sweeper = documents::retention::spawn_sweeper(state.clone(), stop.clone());
    let webhook_worker = webhooks::spawn_delivery_worker(state.clone(), stop.clone());
    let router = match role {
        NodeRole::Api => build_router(state.clone()),
        NodeRole::Worker => build_worker_router(state.clone()),
    };
    let app = router.into_make_service_with_connect_info::<SocketAddr>();
    let task_state = state.clone();
    let task = tokio::spawn(async move {
        let served = axum::serve(listener, app)
            .with_graceful_shutdown(async move {
                stopped(&mut stop).await;
            })
            .await;
        let _ = flusher.await;
        let _ = key_changes.await;
        for worker in workers {
            let _ = worker.await;
        }
        let _ = sweeper.await;
        if let Some(worker) = webhook_worker {
            let _ = worker.await;
        }
        if let Some((_, listener)) = metrics_listener {
            let _ = listener.await;
        }
        if let Err(e) = task_state.usage.flush(&task_state.store).await {
            tracing::error!(error = %e, "final usage flush failed");
        }
        task_state.store.close().await;
        served.map_err(anyhow::Error::from)
    });
    tracing::info!(%addr, ?role, "quire listening");
    Ok(RunningServer { addr, metrics_addr, state, shutdown, task })
}

/// Writes counted key usage every `usage_flush_ms` until shutdown.
fn spawn_usage_flusher(state: AppState, mut stop: watch::Receiver<bool>) -> JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_millis(state.config.usage_flush_ms));
        loop {
            tokio::select! {
                _ = tick.tick() => {
                    if let Err(e) = state.usage.flush(&state.store).await {
                        tracing::warn!(error = %e, "usage flush failed; will retry");
                    }
                }
                _ = stopped(&mut stop) => break,
            }
        }
    })
}

/// Resolves once the stop flag is set (or its sender is gone).
pub async fn stopped(stop: &mut watch::Receiver<bool>) {
    loop {
        if *stop.borrow_and_update() {
            return;
        }
        if stop.changed().await.is_err() {
            return;
        }
    }
}

/// Creates the configured owner when no user exists yet.
async fn bootstrap_admin(state: &AppState) -> anyhow::Result<()> {
    let (Some(email), Some(password)) = (&state.config.admin_email, &state.config.admin_password) else {
        return Ok(());
    };
    if state.store.count_users().await? > 0 {
        return Ok(());
    }
    let user = routes::auth::create_account(state, email, password.clone(), "Admin")
        .await
        .map_err(|e| anyhow::anyhow!("cannot create the admin user: {}", e.0))?;
    tracing::info!(user_id = %user.id, email = %user.email, "created admin user from QUIRE_ADMIN_EMAIL");
    Ok(())
}
