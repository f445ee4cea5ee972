//! Structured logs (tracing): text for people, JSON for collectors; `RUST_LOG` filters. When trace export
//! is on, the same spans also go to OpenTelemetry, filtered on their own so `RUST_LOG` cannot drop them.

use quire_server::telemetry::Telemetry;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::{EnvFilter, Layer};

/// Installs the global subscriber: the log layer, plus the trace exporter's layer when there is one.
pub fn init(format: &str, telemetry: Option<&Telemetry>) {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn"));
    let logs = tracing_subscriber::fmt::layer().with_target(false);
    let logs = if format == "json" { logs.json().boxed() } else { logs.boxed() };
    let traces = telemetry.map(|t| t.layer());
    let _ = tracing_subscriber::registry().with(logs.with_filter(filter)).with(traces).try_init();
}
