//! Prometheus metrics: one registry for the process, counted where things happen, encoded at `GET /metrics`.

mod endpoint;
pub mod families;

use std::sync::LazyLock;

pub use endpoint::{router, serve_metrics_listener, track_request};
pub use families::Metrics;

/// The process's metrics (a process serves one Quire; tests that start several servers read deltas).
pub static METRICS: LazyLock<Metrics> = LazyLock::new(Metrics::new);

/// The process's metrics.
pub fn metrics() -> &'static Metrics {
    &METRICS
}
