//! W3C trace context (`traceparent`, `tracestate`) in and out of every carrier the pipeline
//! uses: HTTP and gRPC headers, tonic metadata, NATS message headers, and the `(name, value)`
//! pairs stored with a database row (an outbox event, a delivery). Written once here; the
//! services only call [`continue_trace_from_http`], [`continue_trace_from_nats`],
//! [`continue_trace_from_stored`], [`current_trace_headers`] and [`stored_trace_context`].

use opentelemetry::{
    propagation::{Extractor, Injector},
    trace::TraceContextExt as _,
};
use tracing_opentelemetry::OpenTelemetrySpanExt as _;

/// Reads trace context out of HTTP / gRPC request headers.
struct HttpHeaderExtractor<'a>(&'a http::HeaderMap);

impl Extractor for HttpHeaderExtractor<'_> {
    fn get(&self, key: &str) -> Option<&str> {
        self.0.get(key).and_then(|value| value.to_str().ok())
    }

    fn keys(&self) -> Vec<&str> {
        self.0.keys().map(http::HeaderName::as_str).collect()
    }
}

/// Reads trace context out of NATS message headers.
struct NatsHeaderExtractor<'a>(&'a async_nats::HeaderMap);

impl Extractor for NatsHeaderExtractor<'_> {
    fn get(&self, key: &str) -> Option<&str> {
        self.0.get(key).map(async_nats::HeaderValue::as_str)
    }

    fn keys(&self) -> Vec<&str> {
        self.0.iter().map(|(name, _)| name.as_ref()).collect()
    }
}

/// Reads trace context out of stored `(name, value)` pairs.
struct PairsExtractor<'a>(&'a [(String, String)]);

impl Extractor for PairsExtractor<'_> {
    fn get(&self, key: &str) -> Option<&str> {
        self.0.iter().find(|(name, _)| name.eq_ignore_ascii_case(key)).map(|(_, value)| value.as_str())
    }

    fn keys(&self) -> Vec<&str> {
        self.0.iter().map(|(name, _)| name.as_str()).collect()
    }
}

/// Writes trace context into outgoing tonic request metadata.
struct MetadataInjector<'a>(&'a mut tonic::metadata::MetadataMap);

impl Injector for MetadataInjector<'_> {
    fn set(&mut self, key: &str, value: String) {
        if let (Ok(key), Ok(value)) = (
            tonic::metadata::MetadataKey::from_bytes(key.as_bytes()),
            tonic::metadata::MetadataValue::try_from(value.as_str()),
        ) {
            self.0.insert(key, value);
        }
    }
}

/// The current span's W3C context as header pairs (empty outside a sampled span), to put
/// on an outgoing message or request.
pub fn current_trace_headers() -> Vec<(String, String)> {
    let context = tracing::Span::current().context();
    let mut carrier = std::collections::HashMap::new();
    opentelemetry::global::get_text_map_propagator(|propagator| {
        propagator.inject_context(&context, &mut carrier);
    });
    let mut headers: Vec<(String, String)> = carrier.into_iter().collect();
    headers.sort();
    headers
}

/// The current span's context as the JSON text stored with a row (an outbox event, a
/// delivery, a held version), so work done later by another task continues this trace.
/// `None` outside a span.
pub fn stored_trace_context() -> Option<String> {
    let headers = current_trace_headers();
    if headers.is_empty() {
        return None;
    }
    serde_json::to_string(&headers).ok()
}

/// The `traceparent` of the current span, if any (what a Subscribe message carries).
pub fn current_traceparent() -> Option<String> {
    current_trace_headers().into_iter().find(|(name, _)| name == "traceparent").map(|(_, value)| value)
}

/// The `traceparent` inside a stored context (see [`stored_trace_context`]).
pub fn traceparent_of_stored(stored: Option<&str>) -> Option<String> {
    let pairs: Vec<(String, String)> = serde_json::from_str(stored?).ok()?;
    pairs.into_iter().find(|(name, _)| name.eq_ignore_ascii_case("traceparent")).map(|(_, value)| value)
}

/// Hex trace id of the current span (`None` when there is no valid one): printed by the
/// CLI so an editor can look the story up in Jaeger / Tempo.
pub fn current_trace_id() -> Option<String> {
    let context = tracing::Span::current().context();
    let span = context.span();
    let span_context = span.span_context();
    span_context.is_valid().then(|| span_context.trace_id().to_string())
}

/// Put the current span's trace context into outgoing gRPC request metadata.
pub fn inject_into_metadata(metadata: &mut tonic::metadata::MetadataMap) {
    let context = tracing::Span::current().context();
    opentelemetry::global::get_text_map_propagator(|propagator| {
        propagator.inject_context(&context, &mut MetadataInjector(metadata));
    });
}

/// A tonic interceptor that sends the caller's trace context with every request:
/// `Client::with_interceptor(channel, TraceContextInterceptor)`.
#[derive(Debug, Clone, Copy, Default)]
pub struct TraceContextInterceptor;

impl tonic::service::Interceptor for TraceContextInterceptor {
    fn call(&mut self, mut request: tonic::Request<()>) -> Result<tonic::Request<()>, tonic::Status> {
        inject_into_metadata(request.metadata_mut());
        Ok(request)
    }
}

/// Make `span` a child of the trace context carried by HTTP / gRPC `headers`, if any.
pub fn continue_trace_from_http(span: &tracing::Span, headers: &http::HeaderMap) {
    let context = opentelemetry::global::get_text_map_propagator(|propagator| {
        propagator.extract(&HttpHeaderExtractor(headers))
    });
    set_remote_parent(span, context);
}

/// Make `span` a child of the trace context carried by NATS `headers`, if any.
pub fn continue_trace_from_nats(span: &tracing::Span, headers: Option<&async_nats::HeaderMap>) {
    let Some(headers) = headers else { return };
    let context = opentelemetry::global::get_text_map_propagator(|propagator| {
        propagator.extract(&NatsHeaderExtractor(headers))
    });
    set_remote_parent(span, context);
}

/// Make `span` a child of the trace context stored as `(name, value)` pairs.
pub fn continue_trace_from_pairs(span: &tracing::Span, pairs: &[(String, String)]) {
    let context = opentelemetry::global::get_text_map_propagator(|propagator| {
        propagator.extract(&PairsExtractor(pairs))
    });
    set_remote_parent(span, context);
}

/// Make `span` a child of a context stored by [`stored_trace_context`] (no-op for `None`
/// or unreadable text: the span then starts its own trace).
pub fn continue_trace_from_stored(span: &tracing::Span, stored: Option<&str>) {
    let pairs: Vec<(String, String)> =
        stored.and_then(|json| serde_json::from_str(json).ok()).unwrap_or_default();
    if !pairs.is_empty() {
        continue_trace_from_pairs(span, &pairs);
    }
}

/// Add a link from `span` to the current span: used where one request carries many stories
/// (a bulk stream), each story starting its own trace that points back at the request.
pub fn link_to_current(span: &tracing::Span) {
    let context = tracing::Span::current().context();
    let current = context.span();
    let span_context = current.span_context();
    if span_context.is_valid() {
        span.add_link(span_context.clone());
    }
}

fn set_remote_parent(span: &tracing::Span, context: opentelemetry::Context) {
    if context.span().span_context().is_valid() {
        let _ = span.set_parent(context);
    }
}
