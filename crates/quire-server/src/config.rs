//! Service configuration: built-in defaults, then an optional TOML file, then `QUIRE_…` environment variables.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use serde::Deserialize;

mod encryption_key;
mod endpoint_limits;
mod remote_images;
use crate::telemetry::OtlpConfig;
pub use encryption_key::EncryptionKey;
pub use endpoint_limits::{EndpointAllowance, EndpointLimits};
pub use remote_images::RemoteImageConfig;

/// Everything the service needs to start. Field docs name the environment variable.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// `QUIRE_LISTEN`: address to listen on.
    pub listen: SocketAddr,
    /// `QUIRE_DATA_DIR`: folder for the SQLite file, generated secrets and document files.
    pub data_dir: PathBuf,
    /// `QUIRE_DATABASE_URL`: `sqlite://…`, or `postgres://…` for several nodes on one database; defaults to
    /// `sqlite://<data_dir>/quire.db`.
    pub database_url: Option<String>,
    /// `QUIRE_PUBLIC_URL`: base of links the API hands out; defaults to `http://<listen>`.
    pub public_url: Option<String>,
    /// `QUIRE_ADMIN_EMAIL`: owner created at start when no user exists.
    pub admin_email: Option<String>,
    /// `QUIRE_ADMIN_PASSWORD`: that owner's password.
    pub admin_password: Option<String>,
    /// `QUIRE_JWT_SECRET`: HS256 signing secret; generated once and kept in the data folder when unset.
    pub jwt_secret: Option<String>,
    /// `QUIRE_ENCRYPTION_KEY`: seals signing certificates at rest (32 bytes as 64 hex characters or base64); generated
    /// once into `<data_dir>/encryption-key` when unset. Every node sharing a database needs the same key.
    pub encryption_key: Option<EncryptionKey>,
    /// `QUIRE_ALLOW_SIGNUP`: let anyone register (the first user and invited emails always can).
    pub allow_signup: bool,
    /// `QUIRE_ACCESS_TOKEN_TTL_SECONDS`: lifetime of dashboard access tokens.
    pub access_token_ttl_seconds: u64,
    /// `QUIRE_REFRESH_TOKEN_TTL_SECONDS`: lifetime of refresh tokens.
    pub refresh_token_ttl_seconds: u64,
    /// `QUIRE_MAX_BODY_BYTES`: largest accepted request body.
    pub max_body_bytes: usize,
    /// `QUIRE_LOG_FORMAT`: `text` or `json`.
    pub log_format: String,
    /// `QUIRE_OTLP_ENDPOINT` and friends: OpenTelemetry trace export (off unless an endpoint is set).
    pub otlp: OtlpConfig,
    /// `QUIRE_S3_BUCKET` and friends: keep document files in S3 instead of `<data_dir>/files`.
    pub s3: Option<S3Config>,
    /// `QUIRE_REDIS_URL`: Redis shared by every node for rate-limit counters (`redis://host:6379/0`). Unset: each
    /// node counts in its own memory.
    pub redis_url: Option<String>,
    /// `QUIRE_TRUSTED_PROXIES`: comma-separated addresses or networks of reverse proxies whose
    /// `X-Forwarded-For` names the client (for per-IP rate limits and the sign-in throttle). Empty: none.
    pub trusted_proxies: Vec<String>,
    /// Requests per minute (`QUIRE_RATE_LIMIT_API_KEY`, `_JWT`, `_OAUTH`, `_UNAUTHENTICATED`, `_DOWNLOAD_LINK`).
    pub rate_limits: RateLimits,
    /// Requests per minute per class of endpoint (`QUIRE_ENDPOINT_LIMIT_…`), on top of `rate_limits`.
    pub endpoint_limits: EndpointLimits,
    /// The `QUIRE_REMOTE_IMAGES…` settings.
    pub remote_images: RemoteImageConfig,
    /// `QUIRE_MAX_URL_BYTES`: longest request target (path and query); longer → 414 `ERR_VALID_004`.
    pub max_url_bytes: usize,
    /// `QUIRE_MAX_HEADER_BYTES`: largest sum of header names and values; larger → 431 `ERR_VALID_005`.
    pub max_header_bytes: usize,
    /// `QUIRE_MAX_RUNNING_JOBS_PER_ENVIRONMENT`: jobs of one environment rendering at once across every worker
    /// sharing the database (0: no cap), so one environment cannot take every worker.
    pub max_running_jobs_per_environment: u32,
    /// `QUIRE_METRICS_TOKEN`: serve `GET /metrics` on the main listener to `Authorization: Bearer <token>`.
    pub metrics_token: Option<String>,
    /// `QUIRE_METRICS_LISTEN`: serve `GET /metrics` (no token) on this address of its own, e.g. `127.0.0.1:9090`.
    pub metrics_listen: Option<SocketAddr>,
    /// `QUIRE_USAGE_FLUSH_MS`: how often counted key usage is written (at most 5000).
    pub usage_flush_ms: u64,
    /// `QUIRE_KEY_CACHE_TTL_SECONDS`: how long a key record stays cached (changes invalidate at once).
    pub key_cache_ttl_seconds: u64,
    /// `QUIRE_RENDER_THREADS`: renders running at once (0 = number of CPU cores).
    pub render_threads: usize,
    /// `QUIRE_WORKERS`: job workers in this process (0 = number of CPU cores).
    pub workers: usize,
    /// `QUIRE_WEBHOOKS_ALLOW_PRIVATE`: let webhooks reach loopback, private, link-local and CGNAT addresses.
    pub webhooks_allow_private: bool,
    /// `QUIRE_WEBHOOKS_TIMEOUT_MS`: delivery timeout for per-request targets (`webhookUrl`).
    pub webhooks_timeout_ms: u64,
    /// `QUIRE_WEBHOOKS_BACKOFF_BASE_MS`: wait before the first retry; doubles per attempt, ±20 % jitter.
    pub webhooks_backoff_base_ms: u64,
    /// `QUIRE_WEBHOOKS_BACKOFF_MAX_MS`: longest wait between two attempts.
    pub webhooks_backoff_max_ms: u64,
    /// `QUIRE_WEBHOOKS_CONCURRENCY`: deliveries in flight at once in this process (0: no delivery worker here).
    pub webhooks_concurrency: usize,
    /// `QUIRE_RUN_WORKERS`: run job workers in this process (false: an API-only node).
    pub run_workers: bool,
    /// `QUIRE_WORKER_POLL_MS`: how often idle workers look for jobs whose lease expired (new jobs wake them at once).
    pub worker_poll_ms: u64,
    /// `QUIRE_KEY_CHANGE_POLL_MS`: how often each node reads the feed of changed API keys (the safety net behind
    /// PostgreSQL's `LISTEN/NOTIFY`, and the only carrier on SQLite).
    pub key_change_poll_ms: u64,
    /// `QUIRE_JOB_LEASE_SECONDS`: a job whose worker stops heartbeating is claimed again after this.
    pub job_lease_seconds: u64,
    /// `QUIRE_RETENTION_SECONDS`: how long document files are kept (default 3 days); job records stay.
    pub retention_seconds: u64,
    /// `QUIRE_RETENTION_SWEEP_SECONDS`: how often expired files are deleted.
    pub retention_sweep_seconds: u64,
    /// `QUIRE_DOWNLOAD_LINK_TTL_SECONDS`: lifetime of a signed download link (a fresh one on every job read).
    pub download_link_ttl_seconds: u64,
}

/// An S3 bucket for document files (`QUIRE_S3_BUCKET`, `QUIRE_S3_REGION`, `QUIRE_S3_ENDPOINT`,
/// `QUIRE_S3_PREFIX`, `QUIRE_S3_ACCESS_KEY_ID`, `QUIRE_S3_SECRET_ACCESS_KEY`; without keys, the standard
/// `AWS_*` variables and instance credentials are used).
#[derive(Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct S3Config {
    pub bucket: String,
    /// Default `us-east-1`.
    pub region: String,
    /// For S3-compatible services (MinIO, R2, …); `http://` endpoints are allowed.
    pub endpoint: Option<String>,
    /// Key prefix inside the bucket.
    pub prefix: Option<String>,
    pub access_key_id: Option<String>,
    pub secret_access_key: Option<String>,
}

impl Default for S3Config {
    fn default() -> Self {
        Self {
            bucket: String::new(),
            region: "us-east-1".into(),
            endpoint: None,
            prefix: None,
            access_key_id: None,
            secret_access_key: None,
        }
    }
}

/// Never prints the secret key.
impl std::fmt::Debug for S3Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("S3Config")
            .field("bucket", &self.bucket)
            .field("region", &self.region)
            .field("endpoint", &self.endpoint)
            .field("prefix", &self.prefix)
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &self.secret_access_key.as_ref().map(|_| "…"))
            .finish()
    }
}

/// Per-minute request allowances by kind of caller (API.md §2).
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RateLimits {
    /// Per API key, unless the key has its own limit.
    pub api_key_per_minute: u32,
    /// Per OAuth client and user.
    pub oauth_per_minute: u32,
    /// Per dashboard user.
    pub jwt_per_minute: u32,
    /// Per client IP without credentials.
    pub unauthenticated_per_minute: u32,
    /// Per document, for signed download links fetched without credentials (the signature is the authority,
    /// so they do not count against the client IP's allowance).
    pub download_link_per_minute: u32,
}

impl Default for RateLimits {
    fn default() -> Self {
        Self {
            api_key_per_minute: 100,
            oauth_per_minute: 120,
            jwt_per_minute: 200,
            unauthenticated_per_minute: 30,
            download_link_per_minute: 300,
        }
    }
}

impl Default for Config {
    fn default() -> Self {
        Self {
            listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
            data_dir: PathBuf::from("./quire-data"),
            database_url: None,
            public_url: None,
            admin_email: None,
            admin_password: None,
            jwt_secret: None,
            encryption_key: None,
            allow_signup: false,
            access_token_ttl_seconds: 3600,
            refresh_token_ttl_seconds: 30 * 24 * 3600,
            max_body_bytes: 10 * 1024 * 1024,
            log_format: "text".into(),
            otlp: OtlpConfig::default(),
            trusted_proxies: Vec::new(),
            redis_url: None,
            s3: None,
            rate_limits: RateLimits::default(),
            endpoint_limits: EndpointLimits::default(),
            remote_images: RemoteImageConfig::default(),
            max_url_bytes: 8 * 1024,
            max_header_bytes: 16 * 1024,
            max_running_jobs_per_environment: 0,
            metrics_token: None,
            metrics_listen: None,
            usage_flush_ms: 2000,
            key_cache_ttl_seconds: 60,
            render_threads: 0,
            workers: 0,
            webhooks_allow_private: false,
            webhooks_timeout_ms: 30_000,
            webhooks_backoff_base_ms: 5_000,
            webhooks_backoff_max_ms: 3_600_000,
            webhooks_concurrency: 16,
            run_workers: true,
            worker_poll_ms: 1000,
            key_change_poll_ms: 400,
            job_lease_seconds: 60,
            retention_seconds: 3 * 24 * 3600,
            retention_sweep_seconds: 60,
            download_link_ttl_seconds: 3600,
        }
    }
}

/// A configuration problem, with a message meant for the operator.
#[derive(Debug, thiserror::Error)]
#[error("configuration error: {0}")]
pub struct ConfigError(pub String);

impl Config {
    /// Defaults, then `file` (if given), then the process environment.
    pub fn load(file: Option<&Path>) -> Result<Config, ConfigError> {
        let mut config = match file {
            Some(path) => {
                let text = std::fs::read_to_string(path)
                    .map_err(|e| ConfigError(format!("cannot read {}: {e}", path.display())))?;
                toml::from_str(&text).map_err(|e| ConfigError(format!("{}: {e}", path.display())))?
            }
            None => Config::default(),
        };
        config.apply_env(|name| std::env::var(name).ok())?;
        config.validate()?;
        Ok(config)
    }

    /// Overrides fields from `QUIRE_…` variables read through `get`.
    pub fn apply_env(&mut self, get: impl Fn(&str) -> Option<String>) -> Result<(), ConfigError> {
        let var = |name: &str| get(name).filter(|v| !v.trim().is_empty());
        if let Some(v) = var("QUIRE_LISTEN") {
            self.listen = v
                .parse()
                .map_err(|_| ConfigError(format!("QUIRE_LISTEN={v:?} is not an address like 127.0.0.1:8080")))?;
        }
        if let Some(v) = var("QUIRE_DATA_DIR") {
            self.data_dir = PathBuf::from(v);
        }
        set_opt(&mut self.database_url, var("QUIRE_DATABASE_URL"));
        set_opt(&mut self.public_url, var("QUIRE_PUBLIC_URL"));
        set_opt(&mut self.admin_email, var("QUIRE_ADMIN_EMAIL"));
        set_opt(&mut self.admin_password, var("QUIRE_ADMIN_PASSWORD"));
        set_opt(&mut self.jwt_secret, var("QUIRE_JWT_SECRET"));
        if let Some(v) = var("QUIRE_ENCRYPTION_KEY") {
            let key = EncryptionKey::parse(&v).map_err(|e| ConfigError(format!("QUIRE_ENCRYPTION_KEY {e}")))?;
            self.encryption_key = Some(key);
        }
        set_opt(&mut self.redis_url, var("QUIRE_REDIS_URL"));
        if let Some(bucket) = var("QUIRE_S3_BUCKET") {
            let s3 = self.s3.get_or_insert_with(S3Config::default);
            s3.bucket = bucket;
            if let Some(region) = var("QUIRE_S3_REGION") {
                s3.region = region;
            }
            set_opt(&mut s3.endpoint, var("QUIRE_S3_ENDPOINT"));
            set_opt(&mut s3.prefix, var("QUIRE_S3_PREFIX"));
            set_opt(&mut s3.access_key_id, var("QUIRE_S3_ACCESS_KEY_ID"));
            set_opt(&mut s3.secret_access_key, var("QUIRE_S3_SECRET_ACCESS_KEY"));
        }
        if let Some(v) = var("QUIRE_ALLOW_SIGNUP") {
            self.allow_signup = parse_bool("QUIRE_ALLOW_SIGNUP", &v)?;
        }
        parse_into(
            &mut self.access_token_ttl_seconds,
            "QUIRE_ACCESS_TOKEN_TTL_SECONDS",
            var("QUIRE_ACCESS_TOKEN_TTL_SECONDS"),
        )?;
        parse_into(
            &mut self.refresh_token_ttl_seconds,
            "QUIRE_REFRESH_TOKEN_TTL_SECONDS",
            var("QUIRE_REFRESH_TOKEN_TTL_SECONDS"),
        )?;
        parse_into(&mut self.max_body_bytes, "QUIRE_MAX_BODY_BYTES", var("QUIRE_MAX_BODY_BYTES"))?;
        let limits = &mut self.rate_limits;
        parse_into(&mut limits.api_key_per_minute, "QUIRE_RATE_LIMIT_API_KEY", var("QUIRE_RATE_LIMIT_API_KEY"))?;
        parse_into(&mut limits.oauth_per_minute, "QUIRE_RATE_LIMIT_OAUTH", var("QUIRE_RATE_LIMIT_OAUTH"))?;
        parse_into(&mut limits.jwt_per_minute, "QUIRE_RATE_LIMIT_JWT", var("QUIRE_RATE_LIMIT_JWT"))?;
        parse_into(
            &mut limits.unauthenticated_per_minute,
            "QUIRE_RATE_LIMIT_UNAUTHENTICATED",
            var("QUIRE_RATE_LIMIT_UNAUTHENTICATED"),
        )?;
        parse_into(
            &mut limits.download_link_per_minute,
            "QUIRE_RATE_LIMIT_DOWNLOAD_LINK",
            var("QUIRE_RATE_LIMIT_DOWNLOAD_LINK"),
        )?;
        self.endpoint_limits.apply_env(&var)?;
        self.remote_images.apply_env(&var)?;
        self.apply_operations_env(&var)?;
        parse_into(&mut self.usage_flush_ms, "QUIRE_USAGE_FLUSH_MS", var("QUIRE_USAGE_FLUSH_MS"))?;
        parse_into(&mut self.key_cache_ttl_seconds, "QUIRE_KEY_CACHE_TTL_SECONDS", var("QUIRE_KEY_CACHE_TTL_SECONDS"))?;
        parse_into(&mut self.render_threads, "QUIRE_RENDER_THREADS", var("QUIRE_RENDER_THREADS"))?;
        parse_into(&mut self.workers, "QUIRE_WORKERS", var("QUIRE_WORKERS"))?;
        self.apply_webhook_env(&var)?;
        if let Some(v) = var("QUIRE_RUN_WORKERS") {
            self.run_workers = parse_bool("QUIRE_RUN_WORKERS", &v)?;
        }
        parse_into(&mut self.worker_poll_ms, "QUIRE_WORKER_POLL_MS", var("QUIRE_WORKER_POLL_MS"))?;
        parse_into(&mut self.key_change_poll_ms, "QUIRE_KEY_CHANGE_POLL_MS", var("QUIRE_KEY_CHANGE_POLL_MS"))?;
        parse_into(&mut self.job_lease_seconds, "QUIRE_JOB_LEASE_SECONDS", var("QUIRE_JOB_LEASE_SECONDS"))?;
        parse_into(&mut self.retention_seconds, "QUIRE_RETENTION_SECONDS", var("QUIRE_RETENTION_SECONDS"))?;
        parse_into(
            &mut self.retention_sweep_seconds,
            "QUIRE_RETENTION_SWEEP_SECONDS",
            var("QUIRE_RETENTION_SWEEP_SECONDS"),
        )?;
        parse_into(
            &mut self.download_link_ttl_seconds,
            "QUIRE_DOWNLOAD_LINK_TTL_SECONDS",
            var("QUIRE_DOWNLOAD_LINK_TTL_SECONDS"),
        )?;
        self.otlp.apply_env(&var)?;
        if let Some(v) = var("QUIRE_LOG_FORMAT") {
            self.log_format = v;
        }
        if let Some(v) = var("QUIRE_TRUSTED_PROXIES") {
            self.trusted_proxies = v.split(',').map(|e| e.trim().to_string()).filter(|e| !e.is_empty()).collect();
        }
        Ok(())
    }

    /// Checks the values together; every message says what to change.
    pub fn validate(&self) -> Result<(), ConfigError> {
        if let Some(s3) = &self.s3
            && (s3.bucket.trim().is_empty() || s3.access_key_id.is_some() != s3.secret_access_key.is_some())
        {
            return Err(ConfigError(
                "QUIRE_S3_BUCKET must name a bucket, and QUIRE_S3_ACCESS_KEY_ID and QUIRE_S3_SECRET_ACCESS_KEY go together"
                    .into(),
            ));
        }
        crate::http::client_ip::TrustedProxies::parse(&self.trusted_proxies)
            .map_err(|e| ConfigError(format!("QUIRE_TRUSTED_PROXIES: {e}")))?;
        if self.admin_email.is_some() != self.admin_password.is_some() {
            return Err(ConfigError("set QUIRE_ADMIN_EMAIL and QUIRE_ADMIN_PASSWORD together".into()));
        }
        if let Some(email) = &self.admin_email
            && !crate::routes::auth::is_plausible_email(email)
        {
            return Err(ConfigError(format!("QUIRE_ADMIN_EMAIL={email:?} is not an email address")));
        }
        if let Some(password) = &self.admin_password
            && password.chars().count() < crate::routes::auth::MIN_PASSWORD_LEN
        {
            return Err(ConfigError(format!(
                "QUIRE_ADMIN_PASSWORD must have at least {} characters",
                crate::routes::auth::MIN_PASSWORD_LEN
            )));
        }
        if let Some(secret) = &self.jwt_secret
            && secret.len() < 32
        {
            return Err(ConfigError("QUIRE_JWT_SECRET must have at least 32 characters".into()));
        }
        if let Some(url) = &self.public_url {
            let parsed = url::Url::parse(url).map_err(|e| ConfigError(format!("QUIRE_PUBLIC_URL={url:?}: {e}")))?;
            if !matches!(parsed.scheme(), "http" | "https") {
                return Err(ConfigError("QUIRE_PUBLIC_URL must start with http:// or https://".into()));
            }
        }
        if let Some(url) = &self.database_url
            && !["sqlite:", "postgres://", "postgresql://"].iter().any(|scheme| url.starts_with(scheme))
        {
            return Err(ConfigError(format!(
                "QUIRE_DATABASE_URL must be a sqlite://, postgres:// or postgresql:// URL (got scheme {:?})",
                url.split(':').next().unwrap_or("")
            )));
        }
        if !matches!(self.log_format.as_str(), "text" | "json") {
            return Err(ConfigError("QUIRE_LOG_FORMAT must be text or json".into()));
        }
        if !(1..=5000).contains(&self.usage_flush_ms) {
            return Err(ConfigError("QUIRE_USAGE_FLUSH_MS must be between 1 and 5000".into()));
        }
        let l = &self.rate_limits;
        let allowances = [
            l.api_key_per_minute,
            l.oauth_per_minute,
            l.jwt_per_minute,
            l.unauthenticated_per_minute,
            l.download_link_per_minute,
        ];
        if allowances.contains(&0) {
            return Err(ConfigError("rate limits must be at least 1 request per minute".into()));
        }
        self.endpoint_limits.validate()?;
        self.remote_images.validate()?;
        if self.max_url_bytes < 256 || self.max_header_bytes < 1024 {
            return Err(ConfigError(
                "QUIRE_MAX_URL_BYTES must be at least 256 and QUIRE_MAX_HEADER_BYTES at least 1024".into(),
            ));
        }
        if self.metrics_token.as_ref().is_some_and(|t| t.len() < 16) {
            return Err(ConfigError("QUIRE_METRICS_TOKEN must have at least 16 characters".into()));
        }
        if self.job_lease_seconds == 0
            || self.worker_poll_ms == 0
            || self.key_change_poll_ms == 0
            || self.download_link_ttl_seconds == 0
        {
            return Err(ConfigError(
                "QUIRE_JOB_LEASE_SECONDS, QUIRE_WORKER_POLL_MS, QUIRE_KEY_CHANGE_POLL_MS and QUIRE_DOWNLOAD_LINK_TTL_SECONDS \
                 must be positive"
                    .into(),
            ));
        }
        self.validate_webhooks()?;
        self.otlp.validate()?;
        if self.access_token_ttl_seconds == 0 || self.refresh_token_ttl_seconds == 0 {
            return Err(ConfigError("token lifetimes must be positive".into()));
        }
        Ok(())
    }

    /// Request caps, the running-jobs cap and the metrics endpoint.
    fn apply_operations_env(&mut self, var: &impl Fn(&str) -> Option<String>) -> Result<(), ConfigError> {
        parse_into(&mut self.max_url_bytes, "QUIRE_MAX_URL_BYTES", var("QUIRE_MAX_URL_BYTES"))?;
        parse_into(&mut self.max_header_bytes, "QUIRE_MAX_HEADER_BYTES", var("QUIRE_MAX_HEADER_BYTES"))?;
        parse_into(
            &mut self.max_running_jobs_per_environment,
            "QUIRE_MAX_RUNNING_JOBS_PER_ENVIRONMENT",
            var("QUIRE_MAX_RUNNING_JOBS_PER_ENVIRONMENT"),
        )?;
        set_opt(&mut self.metrics_token, var("QUIRE_METRICS_TOKEN"));
        if let Some(v) = var("QUIRE_METRICS_LISTEN") {
            let address = v.parse().map_err(|_| {
                ConfigError(format!("QUIRE_METRICS_LISTEN={v:?} is not an address like 127.0.0.1:9090"))
            })?;
            self.metrics_listen = Some(address);
        }
        Ok(())
    }

    /// The `QUIRE_WEBHOOKS_…` variables.
    fn apply_webhook_env(&mut self, var: &impl Fn(&str) -> Option<String>) -> Result<(), ConfigError> {
        if let Some(v) = var("QUIRE_WEBHOOKS_ALLOW_PRIVATE") {
            self.webhooks_allow_private = parse_bool("QUIRE_WEBHOOKS_ALLOW_PRIVATE", &v)?;
        }
        parse_into(&mut self.webhooks_timeout_ms, "QUIRE_WEBHOOKS_TIMEOUT_MS", var("QUIRE_WEBHOOKS_TIMEOUT_MS"))?;
        let base = var("QUIRE_WEBHOOKS_BACKOFF_BASE_MS");
        parse_into(&mut self.webhooks_backoff_base_ms, "QUIRE_WEBHOOKS_BACKOFF_BASE_MS", base)?;
        parse_into(
            &mut self.webhooks_backoff_max_ms,
            "QUIRE_WEBHOOKS_BACKOFF_MAX_MS",
            var("QUIRE_WEBHOOKS_BACKOFF_MAX_MS"),
        )?;
        parse_into(&mut self.webhooks_concurrency, "QUIRE_WEBHOOKS_CONCURRENCY", var("QUIRE_WEBHOOKS_CONCURRENCY"))
    }

    /// Checks the webhook settings.
    fn validate_webhooks(&self) -> Result<(), ConfigError> {
        if !(1_000..=120_000).contains(&self.webhooks_timeout_ms) {
            return Err(ConfigError("QUIRE_WEBHOOKS_TIMEOUT_MS must be between 1000 and 120000".into()));
        }
        if self.webhooks_backoff_base_ms == 0 || self.webhooks_backoff_max_ms < self.webhooks_backoff_base_ms {
            return Err(ConfigError(
                "QUIRE_WEBHOOKS_BACKOFF_BASE_MS must be positive and at most QUIRE_WEBHOOKS_BACKOFF_MAX_MS".into(),
            ));
        }
        Ok(())
    }

    /// Render threads in force.
    pub fn render_threads(&self) -> usize {
        if self.render_threads == 0 { cores() } else { self.render_threads }
    }

    /// Job workers in force.
    pub fn workers(&self) -> usize {
        if self.workers == 0 { cores() } else { self.workers }
    }

    /// The database URL in force.
    pub fn database_url(&self) -> String {
        self.database_url.clone().unwrap_or_else(|| format!("sqlite://{}", self.data_dir.join("quire.db").display()))
    }

    /// The public base URL without a trailing slash, given the address actually bound.
    pub fn public_url(&self, bound: SocketAddr) -> String {
        self.public_url.clone().unwrap_or_else(|| format!("http://{bound}")).trim_end_matches('/').to_string()
    }
}

fn cores() -> usize {
    std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2)
}

fn set_opt(field: &mut Option<String>, value: Option<String>) {
    if value.is_some() {
        *field = value;
    }
}

fn parse_bool(name: &str, value: &str) -> Result<bool, ConfigError> {
    match value.to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "on" => Ok(true),
        "0" | "false" | "no" | "off" => Ok(false),
        _ => Err(ConfigError(format!("{name}={value:?} must be true or false"))),
    }
}

fn parse_into<T: std::str::FromStr>(field: &mut T, name: &str, value: Option<String>) -> Result<(), ConfigError> {
    if let Some(v) = value {
        *field = v.parse().map_err(|_| ConfigError(format!("{name}={v:?} must be a whole number")))?;
    }
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn with_env(pairs: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let mut config = Config::default();
        config.apply_env(|name| pairs.iter().find(|(k, _)| *k == name).map(|(_, v)| v.to_string()))?;
        config.validate()?;
        Ok(config)
    }

    #[test]
    fn defaults_are_valid_and_local() {
        let config = with_env(&[]).unwrap();
        assert_eq!(config.listen.to_string(), "127.0.0.1:8080");
        assert!(config.database_url().starts_with("sqlite://"));
    }

    #[test]
    fn bad_values_are_refused_with_the_variable_name() {
        let err = with_env(&[("QUIRE_LISTEN", "nowhere")]).unwrap_err();
        assert!(err.0.contains("QUIRE_LISTEN"));
        let err = with_env(&[("QUIRE_ADMIN_EMAIL", "a@b.co")]).unwrap_err();
        assert!(err.0.contains("QUIRE_ADMIN_PASSWORD"));
        let err = with_env(&[("QUIRE_ALLOW_SIGNUP", "maybe")]).unwrap_err();
        assert!(err.0.contains("QUIRE_ALLOW_SIGNUP"));
        let err = with_env(&[("QUIRE_JWT_SECRET", "short")]).unwrap_err();
        assert!(err.0.contains("32"));
        let err = with_env(&[("QUIRE_ENCRYPTION_KEY", "too-short-to-be-a-key")]).unwrap_err();
        assert!(err.0.starts_with("QUIRE_ENCRYPTION_KEY must be 32 bytes"), "{}", err.0);
        assert!(!err.0.contains("too-short"), "the value is not echoed: {}", err.0);
    }

    #[test]
    fn the_encryption_key_is_read_from_the_environment_and_kept_out_of_debug() {
        let hex = "ab".repeat(32);
        let config = with_env(&[("QUIRE_ENCRYPTION_KEY", &hex)]).unwrap();
        assert_eq!(config.encryption_key.as_ref().map(|k| k.as_bytes()[0]), Some(0xab));
        assert!(!format!("{config:?}").contains("abab"), "Debug of the config hides the key");
        let from_file: Config = toml::from_str(&format!("encryption_key = \"{hex}\"")).unwrap();
        assert_eq!(from_file.encryption_key, config.encryption_key);
        assert!(toml::from_str::<Config>("encryption_key = \"nope\"").is_err());
    }
}
