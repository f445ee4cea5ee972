//! The operator's basics over HTTP: Prometheus metrics, per-endpoint limits, download links' own limit, and the
//! URL and header caps.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
#[path = "operations/downloads.rs"]
mod downloads;
#[path = "operations/endpoint_limits.rs"]
mod endpoint_limits;
#[path = "operations/metrics.rs"]
mod metrics;
#[path = "operations/request_caps.rs"]
mod request_caps;
#[allow(dead_code)]
#[path = "documents/support.rs"]
mod support;
