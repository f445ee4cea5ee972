//! The shared application state handed to every handler.

use std::ops::Deref;
use std::sync::Arc;
use std::time::Duration;

use quire_store::Store;

use crate::auth::jwt::JwtKeys;
use crate::auth::throttle::LoginThrottle;
use crate::config::Config;
use crate::documents::files::FileStore;
use crate::documents::links::LinkSigner;
use crate::keys::cache::KeyCache;
use crate::keys::usage::UsageRecorder;
use crate::ratelimit::{MemoryRateLimiter, RateLimiter};
use crate::render_pool::RenderPool;

/// Everything handlers share; cheap to clone.
#[derive(Clone)]
pub struct AppState(Arc<AppInner>);

/// The parts of [`AppState`].
pub struct AppInner {
    pub config: Config,
    pub store: Store,
    pub jwt: JwtKeys,
    /// Base of links handed out, without a trailing slash.
    pub public_url: String,
    pub login_throttle: LoginThrottle,
    pub key_cache: KeyCache,
    pub rate_limiter: Arc<dyn RateLimiter>,
    pub usage: UsageRecorder,
    /// The render engine behind a bounded pool of render threads.
    pub renderer: RenderPool,
    /// Finished document files.
    pub files: FileStore,
    /// Signs and checks download links.
    pub links: LinkSigner,
    /// Wakes an idle worker when a job is queued.
    pub job_wake: tokio::sync::Notify,
    /// Reverse proxies allowed to name the client (`QUIRE_TRUSTED_PROXIES`).
    pub trusted_proxies: crate::http::client_ip::TrustedProxies,
    /// Fetches `http(s)` image sources; `None` unless `QUIRE_REMOTE_IMAGES` allows them.
    pub remote_images: Option<Arc<crate::templates::remote_images::RemoteImages>>,
    /// Seals signing certificates and keeps opened signers for renders.
    pub signing: crate::signing::CertificateVault,
    /// Seals a job's PDF passwords for its worker, with the same key.
    pub job_secrets: crate::signing::sealing::Sealer,
}

impl AppState {
    /// Assembles the state with in-memory rate limits.
    pub fn new(config: Config, store: Store, secrets: &StateSecrets, public_url: String, files: FileStore) -> Self {
        Self::with_rate_limiter(config, store, secrets, public_url, files, Arc::new(MemoryRateLimiter::default()))
    }

    /// Assembles the state with the given rate limiter (shared through Redis on multi-node deployments).
    pub fn with_rate_limiter(
        config: Config,
        store: Store,
        secrets: &StateSecrets,
        public_url: String,
        files: FileStore,
        rate_limiter: Arc<dyn RateLimiter>,
    ) -> Self {
        let jwt = JwtKeys::new(&secrets.jwt, config.access_token_ttl_seconds);
        let links = LinkSigner::new(&secrets.download_links, config.download_link_ttl_seconds as i64);
        let config_render_threads = config.render_threads();
        let key_cache = KeyCache::new(100_000, Duration::from_secs(config.key_cache_ttl_seconds));
        // Checked by `Config::validate` before the state is built.
        let trusted_proxies =
            crate::http::client_ip::TrustedProxies::parse(&config.trusted_proxies).unwrap_or_default();
        let remote_images = crate::templates::remote_images::RemoteImages::from_config(&config.remote_images);
        let signing = crate::signing::CertificateVault::new(&secrets.encryption);
        let job_secrets = crate::signing::sealing::Sealer::new(&secrets.encryption);
        AppState(Arc::new(AppInner {
            config,
            store,
            jwt,
            public_url,
            login_throttle: LoginThrottle::default(),
            key_cache,
            rate_limiter,
            usage: UsageRecorder::default(),
            renderer: RenderPool::new(
                quire_render::Engine::new(quire_render::Limits::default()),
                config_render_threads,
            ),
            files,
            links,
            job_wake: tokio::sync::Notify::new(),
            trusted_proxies,
            remote_images,
            signing,
            job_secrets,
        }))
    }
}

/// Signing keys the state is built with.
pub struct StateSecrets {
    /// HS256 key of dashboard tokens.
    pub jwt: Vec<u8>,
    /// HMAC key of download links (shared by every node through the store).
    pub download_links: Vec<u8>,
    /// AES-256 key sealing signing certificates (`QUIRE_ENCRYPTION_KEY`, else the data folder's `encryption-key`).
    pub encryption: crate::config::EncryptionKey,
}

impl Deref for AppState {
    type Target = AppInner;

    fn deref(&self) -> &AppInner {
        &self.0
    }
}
