//! W3C trace context across boundaries: the `traceparent` of a span as text (stored on a job or a webhook
//! delivery), and a span that continues, or links to, such text or an incoming request's headers.

use axum::http::HeaderMap;
use opentelemetry::Context;
use opentelemetry::propagation::{Extractor, Injector, TextMapPropagator};
use opentelemetry::trace::TraceContextExt;
use opentelemetry_sdk::propagation::TraceContextPropagator;
use tracing_opentelemetry::OpenTelemetrySpanExt;

const TRACEPARENT: &str = "traceparent";

/// Holds just the `traceparent` the propagator writes (a vendor `tracestate` is not carried through the queue).
struct TraceParentOut(Option<String>);

impl Injector for TraceParentOut {
    fn set(&mut self, key: &str, value: String) {
        if key == TRACEPARENT {
            self.0 = Some(value);
        }
    }
}

/// A stored `traceparent`, read back.
struct TraceParentIn<'a>(&'a str);

impl Extractor for TraceParentIn<'_> {
    fn get(&self, key: &str) -> Option<&str> {
        (key == TRACEPARENT).then_some(self.0)
    }

    fn keys(&self) -> Vec<&str> {
        vec![TRACEPARENT]
    }
}

/// Request headers; values that are not visible ASCII are treated as absent.
struct Headers<'a>(&'a HeaderMap);

impl Extractor for Headers<'_> {
    fn get(&self, key: &str) -> Option<&str> {
        self.0.get(key).and_then(|v| v.to_str().ok())
    }

    fn keys(&self) -> Vec<&str> {
        self.0.keys().map(|k| k.as_str()).collect()
    }
}

/// The `traceparent` of `span`, to store with work that continues elsewhere; `None` when trace export is off.
/// Building the context starts the span, so call it after the span's parent and links are set.
pub fn trace_parent(span: &tracing::Span) -> Option<String> {
    if !super::enabled() {
        return None;
    }
    let cx = span.context();
    if !cx.span().span_context().is_valid() {
        return None;
    }
    let mut out = TraceParentOut(None);
    TraceContextPropagator::new().inject_context(&cx, &mut out);
    out.0
}

/// The `traceparent` of the span the caller runs in.
pub fn current_trace_parent() -> Option<String> {
    trace_parent(&tracing::Span::current())
}

fn stored_context(trace_parent: Option<&str>) -> Option<Context> {
    let cx = TraceContextPropagator::new().extract(&TraceParentIn(trace_parent?));
    cx.span().span_context().is_valid().then_some(cx)
}

/// Makes `span` (not yet entered) a child of a stored `traceparent`; a missing or malformed one leaves it as is.
pub fn continue_trace(span: &tracing::Span, trace_parent: Option<&str>) {
    if let Some(cx) = stored_context(trace_parent) {
        // Fails only when no OpenTelemetry layer is installed or the span already started: nothing to join then.
        let _ = span.set_parent(cx);
    }
}

/// Links `span` (not yet entered) to a stored `traceparent` without joining its trace: a batch's jobs each
/// get a trace of their own that points back at the batch request.
pub fn link_trace(span: &tracing::Span, trace_parent: Option<&str>) {
    if let Some(cx) = stored_context(trace_parent) {
        span.add_link(cx.span().span_context().clone());
    }
}

/// Makes `span` (not yet entered) a child of the caller's span when the request carries a valid W3C
/// `traceparent` header.
pub fn continue_from_headers(span: &tracing::Span, headers: &HeaderMap) {
    let cx = TraceContextPropagator::new().extract(&Headers(headers));
    if cx.span().span_context().is_valid() {
        let _ = span.set_parent(cx);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stored_trace_parent_reads_back_only_when_well_formed() {
        let good = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        let cx = stored_context(Some(good));
        let trace_id = cx.map(|cx| cx.span().span_context().trace_id().to_string());
        assert_eq!(trace_id.as_deref(), Some("4bf92f3577b34da6a3ce929d0e0e4736"));
        for bad in ["", "00-zz-00f067aa0ba902b7-01", "00-00000000000000000000000000000000-00f067aa0ba902b7-01"] {
            assert!(stored_context(Some(bad)).is_none(), "{bad:?}");
        }
        assert!(stored_context(None).is_none());
    }
}
