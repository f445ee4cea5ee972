//! A throwaway OTLP receiver on 127.0.0.1, as a collector would be: `POST /v1/traces` protobuf batches
//! (an axum server) or the gRPC `TraceService` (tonic); it keeps every span it was sent.
// Shared by the http/protobuf and gRPC binaries; each uses one transport.
#![allow(dead_code)]

use std::future::Future;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::post;
use opentelemetry_proto::tonic::collector::trace::v1::trace_service_server::{TraceService, TraceServiceServer};
use opentelemetry_proto::tonic::collector::trace::v1::{ExportTraceServiceRequest, ExportTraceServiceResponse};
use opentelemetry_proto::tonic::common::v1::any_value::Value as AnyValue;
use opentelemetry_proto::tonic::common::v1::{AnyValue as AnyValueMessage, KeyValue};
use opentelemetry_proto::tonic::trace::v1::Span;
use prost::Message;
use tokio::net::TcpListener;
use tokio::sync::oneshot;

/// One exported span, with the resource attributes of its batch.
#[derive(Debug, Clone)]
pub struct Exported {
    pub span: Span,
    pub resource: Vec<KeyValue>,
}

impl Exported {
    pub fn name(&self) -> &str {
        &self.span.name
    }

    pub fn trace_id(&self) -> String {
        hex::encode(&self.span.trace_id)
    }

    pub fn span_id(&self) -> String {
        hex::encode(&self.span.span_id)
    }

    pub fn parent_span_id(&self) -> String {
        hex::encode(&self.span.parent_span_id)
    }

    /// A span attribute as text (strings as they are, numbers and booleans printed).
    pub fn attribute(&self, key: &str) -> Option<String> {
        self.span.attributes.iter().find(|kv| kv.key == key).and_then(|kv| text(kv.value.as_ref()))
    }

    /// Every attribute value anywhere on the span (its own, its events', its links', its resource's) as text.
    pub fn all_values(&self) -> Vec<String> {
        let events = self.span.events.iter().flat_map(|e| e.attributes.iter());
        let links = self.span.links.iter().flat_map(|l| l.attributes.iter());
        let names = self.span.events.iter().map(|e| e.name.clone());
        self.span
            .attributes
            .iter()
            .chain(events)
            .chain(links)
            .chain(self.resource.iter())
            .filter_map(|kv| text(kv.value.as_ref()))
            .chain(names)
            .chain([self.span.name.clone()])
            .collect()
    }
}

fn text(value: Option<&AnyValueMessage>) -> Option<String> {
    match value?.value.as_ref()? {
        AnyValue::StringValue(s) => Some(s.clone()),
        AnyValue::IntValue(i) => Some(i.to_string()),
        AnyValue::BoolValue(b) => Some(b.to_string()),
        AnyValue::DoubleValue(d) => Some(d.to_string()),
        other => Some(format!("{other:?}")),
    }
}

/// A running receiver on a thread (and Tokio runtime) of its own, so it outlives any one test's runtime;
/// stops when dropped.
pub struct Collector {
    pub addr: SocketAddr,
    spans: Kept,
    stop: Option<oneshot::Sender<()>>,
}

type Kept = Arc<Mutex<Vec<Exported>>>;

fn keep(spans: &Kept, request: ExportTraceServiceRequest) {
    let mut kept = spans.lock().unwrap();
    for resource_spans in request.resource_spans {
        let resource = resource_spans.resource.map(|r| r.attributes).unwrap_or_default();
        for span in resource_spans.scope_spans.into_iter().flat_map(|s| s.spans) {
            kept.push(Exported { span, resource: resource.clone() });
        }
    }
}

async fn http_traces(State(spans): State<Kept>, body: Bytes) -> impl IntoResponse {
    let Ok(request) = ExportTraceServiceRequest::decode(body) else {
        return (StatusCode::BAD_REQUEST, Vec::new()).into_response();
    };
    keep(&spans, request);
    let answer = ExportTraceServiceResponse { partial_success: None }.encode_to_vec();
    ([(header::CONTENT_TYPE, "application/x-protobuf")], answer).into_response()
}

struct GrpcTraces(Kept);

#[tonic::async_trait]
impl TraceService for GrpcTraces {
    async fn export(
        &self,
        request: tonic::Request<ExportTraceServiceRequest>,
    ) -> Result<tonic::Response<ExportTraceServiceResponse>, tonic::Status> {
        keep(&self.0, request.into_inner());
        Ok(tonic::Response::new(ExportTraceServiceResponse { partial_success: None }))
    }
}

impl Collector {
    /// An OTLP/HTTP receiver on a free loopback port.
    pub fn start_http() -> Self {
        Self::start(|listener, spans, stop| {
            Box::pin(async move {
                let app = Router::new().route("/v1/traces", post(http_traces)).with_state(spans);
                let stopped = async move {
                    let _ = stop.await;
                };
                axum::serve(listener, app).with_graceful_shutdown(stopped).await.unwrap();
            })
        })
    }

    /// An OTLP/gRPC receiver on a free loopback port.
    pub fn start_grpc() -> Self {
        Self::start(|listener, spans, stop| {
            Box::pin(async move {
                let service = TraceServiceServer::new(GrpcTraces(spans));
                let incoming = tonic::transport::server::TcpIncoming::from(listener);
                let stopped = async move {
                    let _ = stop.await;
                };
                tonic::transport::Server::builder()
                    .add_service(service)
                    .serve_with_incoming_shutdown(incoming, stopped)
                    .await
                    .unwrap();
            })
        })
    }

    fn start(
        serve: impl FnOnce(TcpListener, Kept, oneshot::Receiver<()>) -> Pin<Box<dyn Future<Output = ()>>> + Send + 'static,
    ) -> Self {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let addr = listener.local_addr().unwrap();
        let spans = Kept::default();
        let (stop, stopped) = oneshot::channel();
        let kept = spans.clone();
        std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
            runtime.block_on(async move {
                let listener = TcpListener::from_std(listener).unwrap();
                serve(listener, kept, stopped).await;
            });
        });
        Collector { addr, spans, stop: Some(stop) }
    }

    /// The base URL to give as `QUIRE_OTLP_ENDPOINT` (either protocol).
    pub fn endpoint(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Every span received so far.
    pub fn spans(&self) -> Vec<Exported> {
        self.spans.lock().unwrap().clone()
    }
}

impl Drop for Collector {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}
