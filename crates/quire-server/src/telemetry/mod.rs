//! Optional OpenTelemetry trace export: one trace per document, from the HTTP request through the job queue
//! to the render, the file write and the webhook delivery. Off (and free) unless `QUIRE_OTLP_ENDPOINT` is set.
//!
//! Our `tracing` spans become OpenTelemetry spans through `tracing-opentelemetry`; a batch span processor
//! sends them over OTLP from its own thread and is flushed by [`Telemetry::shutdown`].

pub mod config;
pub mod http;
pub mod propagation;

use std::sync::atomic::{AtomicBool, Ordering};

use opentelemetry::trace::TracerProvider as _;
use opentelemetry_otlp::{Protocol, SpanExporter, WithExportConfig, WithTonicConfig};
use opentelemetry_sdk::Resource;
use opentelemetry_sdk::trace::{Sampler, SdkTracerProvider};
use tracing::Subscriber;
use tracing_subscriber::Layer;
use tracing_subscriber::filter::Targets;
use tracing_subscriber::registry::LookupSpan;

pub use config::{OtlpConfig, OtlpProtocol};

/// Set once an exporter runs, so the request path skips the OpenTelemetry bookkeeping when export is off.
static ENABLED: AtomicBool = AtomicBool::new(false);

/// Whether spans are exported in this process.
pub fn enabled() -> bool {
    ENABLED.load(Ordering::Relaxed)
}

/// Marks `span` failed for the trace viewer. `code` is one of our error codes, never a message (messages can
/// quote a URL or user data).
pub fn mark_error(span: &tracing::Span, code: &str) {
    if enabled() {
        use tracing_opentelemetry::OpenTelemetrySpanExt;
        span.set_status(opentelemetry::trace::Status::error(code.to_string()));
    }
}

/// A running trace exporter. Keep it for the life of the process and call [`Telemetry::shutdown`] at the end,
/// or the last few seconds of spans are lost.
#[derive(Debug)]
pub struct Telemetry {
    provider: SdkTracerProvider,
}

impl Telemetry {
    /// Starts the exporter `config` names; `None` when no endpoint is set. Call it inside the Tokio runtime
    /// (the gRPC channel lives there). Nothing is sent before the first batch of spans.
    pub fn start(config: &OtlpConfig) -> anyhow::Result<Option<Telemetry>> {
        let Some(url) = config.export_url() else { return Ok(None) };
        let exporter = match config.protocol {
            OtlpProtocol::HttpProtobuf => {
                SpanExporter::builder().with_http().with_protocol(Protocol::HttpBinary).with_endpoint(url).build()
            }
            OtlpProtocol::Grpc => {
                let mut builder = SpanExporter::builder().with_tonic();
                if url.starts_with("https://") {
                    let tls = opentelemetry_otlp::tonic_types::transport::ClientTlsConfig::new().with_enabled_roots();
                    builder = builder.with_tls_config(tls);
                }
                builder.with_endpoint(url).build()
            }
        }
        .map_err(|e| anyhow::anyhow!("QUIRE_OTLP_ENDPOINT: cannot set up the trace exporter: {e}"))?;
        let sampler = Sampler::ParentBased(Box::new(Sampler::TraceIdRatioBased(config.sample_ratio)));
        let resource = Resource::builder()
            .with_service_name(config.service_name.clone())
            .with_attribute(opentelemetry::KeyValue::new("service.version", env!("CARGO_PKG_VERSION")))
            .build();
        let provider = SdkTracerProvider::builder()
            .with_batch_exporter(exporter)
            .with_sampler(sampler)
            .with_resource(resource)
            .build();
        ENABLED.store(true, Ordering::Relaxed);
        Ok(Some(Telemetry { provider }))
    }

    /// The layer that turns Quire's spans into OpenTelemetry spans. Only Quire's own spans and events pass:
    /// the exporter's HTTP/gRPC client must not trace its own sends.
    ///
    /// Install it in the *global* subscriber: sqlx enters the request's span on its SQLite worker threads,
    /// and the registry closes spans through the default subscriber of the thread that exits them, so under
    /// a thread-local subscriber request spans that ran a query would never end (and never be exported).
    pub fn layer<S>(&self) -> impl Layer<S> + Send + Sync + 'static
    where
        S: Subscriber + for<'span> LookupSpan<'span> + Send + Sync + 'static,
    {
        let filter = Targets::new().with_target("quire", tracing::Level::INFO);
        tracing_opentelemetry::layer()
            .with_tracer(self.provider.tracer("quire"))
            .with_threads(false)
            .with_tracked_inactivity(false)
            // Nothing here reads `Context::current()`; parents come from our spans and `set_parent`, so
            // skip attaching a context on every enter/exit (every poll of an instrumented future).
            .with_context_activation(false)
            .with_filter(filter)
    }

    /// Sends every finished span now (the batch processor otherwise waits for its next tick).
    pub async fn flush(&self) {
        let provider = self.provider.clone();
        // The processor blocks until its thread has exported; keep that off the async workers.
        match tokio::task::spawn_blocking(move || provider.force_flush()).await {
            Ok(Ok(())) => {}
            Ok(Err(e)) => tracing::warn!(error = %e, "flushing traces failed"),
            Err(e) => tracing::warn!(error = %e, "flushing traces failed"),
        }
    }

    /// Flushes what is left and stops the exporter (graceful shutdown).
    pub async fn shutdown(self) {
        let provider = self.provider;
        match tokio::task::spawn_blocking(move || provider.shutdown()).await {
            Ok(Ok(())) => {}
            Ok(Err(e)) => tracing::warn!(error = %e, "shutting the trace exporter down failed"),
            Err(e) => tracing::warn!(error = %e, "shutting the trace exporter down failed"),
        }
    }
}
