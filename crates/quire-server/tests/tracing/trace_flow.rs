//! The document's trace, end to end, and what rides on it.

use std::sync::OnceLock;
use std::time::Duration;

use opentelemetry_proto::tonic::trace::v1::span::SpanKind;
use quire_server::telemetry::{OtlpConfig, Telemetry};
use reqwest::Method;
use serde_json::json;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;

use crate::collector::{Collector, Exported};
use crate::common::TestServer;
use crate::receiver::Receiver;
use crate::support::{invoice_variables, setup, wait_for_job};

const WEBHOOK_SECRET: &str = "whsec_trace_test_do_not_export_0123456789";

/// The process's exporter and the receiver it sends to, shared by the tests of this binary (a subscriber is
/// process-wide, as in `quire serve`: the SQLite worker threads enter request spans too). Tests tell their
/// spans apart by trace id.
struct Exporting {
    collector: Collector,
    telemetry: Telemetry,
    otlp: OtlpConfig,
}

static EXPORTING: OnceLock<Exporting> = OnceLock::new();

fn exporting() -> &'static Exporting {
    EXPORTING.get_or_init(|| {
        let collector = Collector::start_http();
        let otlp = OtlpConfig { endpoint: Some(collector.endpoint()), ..OtlpConfig::default() };
        let telemetry = Telemetry::start(&otlp).unwrap().expect("an endpoint starts the exporter");
        tracing_subscriber::registry().with(telemetry.layer()).init();
        Exporting { collector, telemetry, otlp }
    })
}

/// A server exporting its spans to the shared receiver.
async fn traced_server() -> TestServer {
    let otlp = exporting().otlp.clone();
    TestServer::start_with(|config| {
        config.webhooks_allow_private = true;
        config.otlp = otlp;
    })
    .await
}

/// Stops the server (draining workers and deliveries), flushes the exporter, returns what arrived.
async fn finish(server: TestServer) -> Vec<Exported> {
    server.stop().await;
    exporting().telemetry.flush().await;
    exporting().collector.spans()
}

/// The request span of the call that answered with `request_id`.
fn request_span<'a>(spans: &'a [Exported], request_id: &str) -> &'a Exported {
    spans
        .iter()
        .find(|s| s.attribute("request_id").as_deref() == Some(request_id))
        .unwrap_or_else(|| panic!("no request span with request_id {request_id}"))
}

fn one<'a>(spans: &'a [Exported], name: &str, trace_id: &str) -> &'a Exported {
    let found: Vec<_> = spans.iter().filter(|s| s.name() == name && s.trace_id() == trace_id).collect();
    assert_eq!(found.len(), 1, "spans named {name:?} in trace {trace_id}: {found:#?}");
    found[0]
}

/// Polls the job until its per-request webhook was delivered (failing after 20 s).
async fn wait_for_webhook_sent(server: &TestServer, key: &str, job_id: &str) {
    for _ in 0..400 {
        let job = server.get(&format!("/api/v1/documents/jobs/{job_id}"), key).await;
        if job.body["webhookSent"] == true {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the webhook of {job_id} was never delivered");
}

#[tokio::test]
async fn one_document_is_one_trace_from_the_request_to_the_webhook() {
    let server = traced_server().await;
    let s = setup(&server, "tracer@example.com").await;
    let hooks = Receiver::start().await;
    let body = json!({
        "templateId": s.template_id, "format": "pdf", "variables": invoice_variables("Ada"),
        "webhookUrl": hooks.url("/done"), "webhookSecret": WEBHOOK_SECRET,
    });
    let generated = server.post("/api/v1/documents/generate", &s.key, body).await;
    assert_eq!(generated.status.as_u16(), 202, "{}", generated.body);
    let request_id = generated.header("x-request-id").unwrap();
    let job_id = generated.body["jobId"].as_str().unwrap().to_string();
    assert_eq!(wait_for_job(&server, &s.key, &job_id).await.body["status"], "completed");
    hooks.wait_for(1).await;
    wait_for_webhook_sent(&server, &s.key, &job_id).await;
    let spans = finish(server).await;

    let request = request_span(&spans, &request_id);
    let trace = request.trace_id();
    assert_eq!(request.name(), "POST /api/v1/documents/generate");
    assert_eq!(request.span.kind, SpanKind::Server as i32);
    assert_eq!(request.attribute("request_id").as_deref(), Some(request_id.as_str()));
    assert_eq!(request.attribute("http.route").as_deref(), Some("/api/v1/documents/generate"));
    assert_eq!(request.attribute("http.request.method").as_deref(), Some("POST"));
    assert_eq!(request.attribute("http.response.status_code").as_deref(), Some("202"));
    assert!(request.parent_span_id().is_empty(), "the request starts the trace");

    let enqueue = one(&spans, "document.enqueue", &trace);
    let job = one(&spans, "document.job", &trace);
    let render = one(&spans, "document.render", &trace);
    let write = one(&spans, "document.file.write", &trace);
    let delivery = one(&spans, "webhook.delivery", &trace);
    assert_eq!(enqueue.parent_span_id(), request.span_id());
    assert_eq!(job.parent_span_id(), enqueue.span_id(), "the worker continues the queued trace");
    assert_eq!(job.attribute("job_id").as_deref(), Some(job_id.as_str()));
    assert_eq!(render.parent_span_id(), job.span_id());
    assert_eq!(render.attribute("format").as_deref(), Some("pdf"));
    assert_eq!(write.parent_span_id(), job.span_id());
    assert_eq!(delivery.parent_span_id(), job.span_id(), "the delivery joins the job that published it");
    assert_eq!(delivery.attribute("event_type").as_deref(), Some("document.generated"));
    assert_eq!(delivery.attribute("http.response.status_code").as_deref(), Some("200"));
    assert_eq!(delivery.span.kind, SpanKind::Client as i32);
    let service = request.resource.iter().find(|kv| kv.key == "service.name").and_then(|kv| kv.value.clone());
    assert!(format!("{service:?}").contains("\"quire\""), "{service:?}");

    let secrets = [s.key.as_str(), WEBHOOK_SECRET, s.account.token.as_str(), s.account.refresh_token.as_str()];
    // Every span the server sent, not only this trace's: the sign-up, key and template calls carry secrets too.
    for span in &spans {
        for value in span.all_values() {
            for secret in secrets {
                assert!(!value.contains(secret), "span {} carries a secret in {value:?}", span.name());
            }
        }
    }
}

#[tokio::test]
async fn a_callers_traceparent_becomes_the_parent_of_the_request_span() {
    let server = traced_server().await;
    let s = setup(&server, "caller@example.com").await;
    let parent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    let body = json!({ "templateId": s.template_id, "format": "csv", "variables": invoice_variables("Bob") });
    let bearer = format!("Bearer {}", s.key);
    let headers = [("authorization", bearer.as_str()), ("content-type", "application/json"), ("traceparent", parent)];
    let answer =
        server.raw(Method::POST, "/api/v1/documents/generate", &headers, Some(body.to_string().into_bytes())).await;
    assert_eq!(answer.status.as_u16(), 202, "{}", answer.body);
    let job_id = answer.body["jobId"].as_str().unwrap().to_string();
    wait_for_job(&server, &s.key, &job_id).await;
    let spans = finish(server).await;

    let trace = "0af7651916cd43dd8448eb211c80319c";
    let request = one(&spans, "POST /api/v1/documents/generate", trace);
    assert_eq!(request.parent_span_id(), "b7ad6b7169203331");
    let job = one(&spans, "document.job", trace);
    assert_eq!(job.attribute("job_id").as_deref(), Some(job_id.as_str()));
}

#[tokio::test]
async fn each_batch_document_gets_its_own_trace_linked_to_the_batch_request() {
    let server = traced_server().await;
    let s = setup(&server, "batch@example.com").await;
    let documents = json!([{ "variables": invoice_variables("One") }, { "variables": invoice_variables("Two") }]);
    let body = json!({ "templateId": s.template_id, "format": "csv", "documents": documents });
    let answer = server.post("/api/v1/documents/generate/batch", &s.key, body).await;
    assert_eq!(answer.status.as_u16(), 202, "{}", answer.body);
    let request_id = answer.header("x-request-id").unwrap();
    let batch_id = answer.body["batchId"].as_str().unwrap().to_string();
    let jobs = server.get(&format!("/api/v1/documents/jobs?batchId={batch_id}"), &s.key).await;
    let job_ids: Vec<String> =
        jobs.body["jobs"].as_array().unwrap().iter().map(|j| j["jobId"].as_str().unwrap().to_string()).collect();
    assert_eq!(job_ids.len(), 2, "{}", jobs.body);
    for job_id in &job_ids {
        wait_for_job(&server, &s.key, job_id).await;
    }
    let spans = finish(server).await;

    let request = request_span(&spans, &request_id);
    assert_eq!(request.name(), "POST /api/v1/documents/generate/batch");
    let enqueue = one(&spans, "document.enqueue", &request.trace_id());
    let job_spans: Vec<_> = spans
        .iter()
        .filter(|s| s.name() == "document.job" && job_ids.contains(&s.attribute("job_id").unwrap_or_default()))
        .collect();
    assert_eq!(job_spans.len(), 2, "{job_spans:#?}");
    assert_ne!(job_spans[0].trace_id(), job_spans[1].trace_id(), "one trace per document");
    for job in job_spans {
        assert_ne!(job.trace_id(), request.trace_id());
        assert!(job.parent_span_id().is_empty(), "a batch job starts its own trace");
        let link = job.span.links.first().expect("a link to the batch request");
        assert_eq!(hex::encode(&link.trace_id), request.trace_id());
        assert_eq!(hex::encode(&link.span_id), enqueue.span_id());
        one(&spans, "document.render", &job.trace_id());
    }
}
