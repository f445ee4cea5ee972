//! The metric families Quire exports, their labels, and the gauges read from the store at scrape time.

use std::sync::atomic::AtomicU64;

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;
use quire_core::Timestamp;
use quire_store::{JobStatus, Store};

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct RequestLabels {
    /// The route template (`/api/v1/documents/jobs/{jobId}`), never the raw path: ids would explode the series.
    pub route: String,
    pub method: String,
    pub status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct RouteLabels {
    pub route: String,
    pub method: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct AuthLabels {
    /// `api_key`, `jwt` or `session`.
    pub kind: &'static str,
    /// `ok` or the error code answered (`ERR_AKEY_003`, …).
    pub outcome: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct LimitLabels {
    /// `caller`, `ip`, `download_link` or `endpoint:<class>`.
    pub limit: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct FormatLabels {
    pub format: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct JobLabels {
    pub format: String,
    pub status: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct OutcomeLabels {
    pub outcome: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct OperationLabels {
    pub operation: &'static str,
}

fn latency_buckets() -> Histogram {
    // 0.5 ms … ~16 s: the hot path is sub-millisecond, long documents take seconds.
    Histogram::new(exponential_buckets(0.0005, 2.0, 16))
}

/// Every family, registered once.
pub struct Metrics {
    registry: Registry,
    pub http_requests: Family<RequestLabels, Counter>,
    pub http_duration: Family<RouteLabels, Histogram>,
    pub authentications: Family<AuthLabels, Counter>,
    pub rate_limited: Family<LimitLabels, Counter>,
    pub jobs_queued: Family<FormatLabels, Counter>,
    pub jobs_finished: Family<JobLabels, Counter>,
    jobs_current: Family<JobLabels, Gauge>,
    queue_oldest_age: Gauge<f64, AtomicU64>,
    pub render_duration: Family<FormatLabels, Histogram>,
    pub pages_rendered: Counter,
    pub webhook_deliveries: Family<OutcomeLabels, Counter>,
    pub store_errors: Family<OperationLabels, Counter>,
    pub file_store_errors: Family<OperationLabels, Counter>,
}

impl std::fmt::Debug for Metrics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Metrics")
    }
}

impl Metrics {
    /// Registers every family under the `quire_` prefix.
    pub fn new() -> Self {
        let mut registry = Registry::with_prefix("quire");
        let http_requests = Family::default();
        registry.register(
            "http_requests",
            "HTTP requests answered, by route template, method and status",
            http_requests.clone(),
        );
        let http_duration = Family::new_with_constructor(latency_buckets as fn() -> Histogram);
        registry.register("http_request_duration_seconds", "Time to answer an HTTP request", http_duration.clone());
        let authentications = Family::default();
        registry.register("authentications", "Credentials presented, by kind and outcome", authentications.clone());
        let rate_limited = Family::default();
        registry.register(
            "rate_limited",
            "Requests refused with 429 by a rate limit, by the limit that refused",
            rate_limited.clone(),
        );
        let jobs_queued = Family::default();
        registry.register("jobs_queued", "Document jobs queued, by format", jobs_queued.clone());
        let jobs_finished = Family::default();
        registry.register("jobs_finished", "Document jobs finished, by format and final status", jobs_finished.clone());
        let jobs_current = Family::default();
        registry.register(
            "jobs",
            "Jobs waiting or running now (all nodes sharing the database), by status and format",
            jobs_current.clone(),
        );
        let queue_oldest_age = Gauge::default();
        registry.register(
            "queue_oldest_age_seconds",
            "Age of the oldest queued job (0 when none waits)",
            queue_oldest_age.clone(),
        );
        let render_duration = Family::new_with_constructor(latency_buckets as fn() -> Histogram);
        registry.register("render_duration_seconds", "Time to render one document, by format", render_duration.clone());
        let pages_rendered = Counter::default();
        registry.register("pages_rendered", "PDF pages rendered", pages_rendered.clone());
        let webhook_deliveries = Family::default();
        registry.register("webhook_deliveries", "Webhook delivery attempts, by outcome", webhook_deliveries.clone());
        let store_errors = Family::default();
        registry.register("store_errors", "Failed database calls, by where they happened", store_errors.clone());
        let file_store_errors = Family::default();
        registry.register(
            "file_store_errors",
            "Failed document file operations, by operation",
            file_store_errors.clone(),
        );
        Self {
            registry,
            http_requests,
            http_duration,
            authentications,
            rate_limited,
            jobs_queued,
            jobs_finished,
            jobs_current,
            queue_oldest_age,
            render_duration,
            pages_rendered,
            webhook_deliveries,
            store_errors,
            file_store_errors,
        }
    }

    /// Reads the queue gauges from the store, then encodes everything (OpenMetrics text).
    pub async fn encode(&self, store: &Store) -> String {
        self.refresh_queue(store).await;
        let mut text = String::new();
        if let Err(e) = prometheus_client::encoding::text::encode(&mut text, &self.registry) {
            tracing::error!(error = %e, "encoding metrics failed");
        }
        text
    }

    async fn refresh_queue(&self, store: &Store) {
        let stats = match store.queue_stats().await {
            Ok(stats) => stats,
            Err(e) => {
                self.store_errors.get_or_create(&OperationLabels { operation: "metrics" }).inc();
                tracing::warn!(error = %e, "reading queue statistics for metrics failed");
                return;
            }
        };
        for status in [JobStatus::Queued, JobStatus::Processing] {
            for format in ["pdf", "xlsx", "csv"] {
                let count = stats.count(status, format);
                self.jobs_current
                    .get_or_create(&JobLabels { format: format.into(), status: status.as_str() })
                    .set(count);
            }
        }
        let age = stats
            .oldest_queued_at
            .map_or(0.0, |at| (Timestamp::now().as_millis() - at.as_millis()).max(0) as f64 / 1000.0);
        self.queue_oldest_age.set(age);
    }

    /// Counts `n` jobs queued in `format`.
    pub fn jobs_queued_of(&self, format: &str, n: u64) {
        self.jobs_queued.get_or_create(&FormatLabels { format: format.into() }).inc_by(n);
    }

    /// Observes one successful render.
    pub fn rendered(&self, format: &str, took: std::time::Duration, pages: Option<u32>) {
        self.render_duration.get_or_create(&FormatLabels { format: format.into() }).observe(took.as_secs_f64());
        self.pages_rendered.inc_by(u64::from(pages.unwrap_or(0)));
    }

    /// Counts a finished job.
    pub fn job_finished(&self, format: &str, status: JobStatus) {
        self.jobs_finished.get_or_create(&JobLabels { format: format.into(), status: status.as_str() }).inc();
    }

    /// Counts a failed store call made at `operation`.
    pub fn store_error(&self, operation: &'static str) {
        self.store_errors.get_or_create(&OperationLabels { operation }).inc();
    }

    /// Counts a failed file store call.
    pub fn file_store_error(&self, operation: &'static str) {
        self.file_store_errors.get_or_create(&OperationLabels { operation }).inc();
    }
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}
