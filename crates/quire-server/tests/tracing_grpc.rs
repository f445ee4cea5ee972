//! OpenTelemetry trace export over OTLP/gRPC against a real server and a real gRPC `TraceService` receiver:
//! the same trace arrives as over http/protobuf, and a graceful shutdown of the exporter flushes it, as
//! `quire serve` does on SIGTERM.
//!
//! Its own binary: the subscriber is process-wide, and the http/protobuf suite (`tracing.rs`) has its own.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

#[path = "tracing/collector.rs"]
mod collector;
#[allow(dead_code)]
#[path = "documents/support.rs"]
mod support;

use quire_server::telemetry::{OtlpConfig, OtlpProtocol, Telemetry};
use serde_json::json;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;

use collector::Collector;
use common::TestServer;
use support::{invoice_variables, setup, wait_for_job};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn grpc_export_carries_the_document_trace_and_is_flushed_on_shutdown() {
    let collector = Collector::start_grpc();
    let otlp =
        OtlpConfig { endpoint: Some(collector.endpoint()), protocol: OtlpProtocol::Grpc, ..OtlpConfig::default() };
    let telemetry = Telemetry::start(&otlp).unwrap().expect("an endpoint starts the exporter");
    tracing_subscriber::registry().with(telemetry.layer()).init();
    let server = TestServer::start_with(|config| config.otlp = otlp).await;
    let s = setup(&server, "grpc@example.com").await;
    let body = json!({ "templateId": s.template_id, "format": "csv", "variables": invoice_variables("Eve") });
    let answer = server.post("/api/v1/documents/generate", &s.key, body).await;
    assert_eq!(answer.status.as_u16(), 202, "{}", answer.body);
    let request_id = answer.header("x-request-id").unwrap();
    wait_for_job(&server, &s.key, answer.body["jobId"].as_str().unwrap()).await;
    server.stop().await;
    telemetry.shutdown().await;
    let spans = collector.spans();

    let request = spans
        .iter()
        .find(|s| s.attribute("request_id").as_deref() == Some(request_id.as_str()))
        .expect("the request span");
    assert_eq!(request.name(), "POST /api/v1/documents/generate");
    let in_trace =
        |name: &str| spans.iter().find(|s| s.name() == name && s.trace_id() == request.trace_id()).expect(name).clone();
    let enqueue = in_trace("document.enqueue");
    assert_eq!(enqueue.parent_span_id(), request.span_id());
    let job = in_trace("document.job");
    assert_eq!(job.parent_span_id(), enqueue.span_id());
    assert_eq!(in_trace("document.render").parent_span_id(), job.span_id());
}
