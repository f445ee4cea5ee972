//! OpenTelemetry trace export over OTLP/HTTP against a real server, a real OTLP receiver and a real webhook
//! receiver: one document is one trace from the request through the queue to the render, the file and the
//! webhook; a caller's `traceparent` is honoured; a batch's documents each get a trace linked to the batch
//! request's; no secret reaches an attribute.
//!
//! One exporter and receiver serve the whole binary (the subscriber is process-wide, as in `quire serve`);
//! every test starts its own server and finds its spans by request id and trace id, after stopping the
//! server and flushing the exporter. gRPC export has its own binary (`tracing_grpc.rs`).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

#[path = "tracing/collector.rs"]
mod collector;
// Shared with the webhooks and documents suites; this one uses only part of each.
#[allow(dead_code)]
#[path = "webhooks/receiver.rs"]
mod receiver;
#[allow(dead_code)]
#[path = "documents/support.rs"]
mod support;
#[path = "tracing/trace_flow.rs"]
mod trace_flow;
