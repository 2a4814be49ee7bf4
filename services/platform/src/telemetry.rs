//! The one telemetry module: log lines (human or JSON) through `tracing`, and spans
//! exported over OTLP/gRPC when an endpoint is configured. W3C trace context is the
//! global propagator, so traces continue across gRPC and NATS hops.

use opentelemetry::trace::TracerProvider as _;
use opentelemetry_sdk::{Resource, propagation::TraceContextPropagator, trace::SdkTracerProvider};
use tracing_subscriber::{EnvFilter, Layer, layer::SubscriberExt, util::SubscriberInitExt};

use crate::config::LogFormat;

/// Keeps the exporter alive; call [`TelemetryGuard::shutdown`] last to flush pending spans.
#[must_use = "dropping the guard without shutdown() may lose the last spans"]
pub struct TelemetryGuard {
    /// Present only when OTLP export is on.
    tracer_provider: Option<SdkTracerProvider>,
}

impl TelemetryGuard {
    /// Flush and stop the span exporter (no-op without one).
    pub fn shutdown(self) {
        if let Some(provider) = self.tracer_provider
            && let Err(error) = provider.shutdown()
        {
            eprintln!("telemetry shutdown failed: {error}");
        }
    }
}

/// Install the global subscriber for `service_name`. Safe to call more than once
/// (later calls keep the first subscriber), which in-process tests rely on.
pub fn init(
    service_name: &'static str,
    log_format: LogFormat,
    otlp_endpoint: Option<&str>,
) -> anyhow::Result<TelemetryGuard> {
    opentelemetry::global::set_text_map_propagator(TraceContextPropagator::new());

    let env_filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let fmt_layer = match log_format {
        LogFormat::Human => tracing_subscriber::fmt::layer()
            .compact()
            .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stdout()))
            .boxed(),
        LogFormat::Json => {
            tracing_subscriber::fmt::layer().json().flatten_event(true).with_current_span(true).boxed()
        }
    };

    let tracer_provider = match otlp_endpoint.map(str::trim).filter(|e| !e.is_empty()) {
        Some(endpoint) => Some(otlp_tracer_provider(service_name, endpoint)?),
        None => None,
    };
    let otel_layer = tracer_provider
        .as_ref()
        .map(|provider| tracing_opentelemetry::layer().with_tracer(provider.tracer(service_name)));

    let _ = tracing_subscriber::registry().with(env_filter).with(fmt_layer).with(otel_layer).try_init();
    if let Some(provider) = &tracer_provider {
        opentelemetry::global::set_tracer_provider(provider.clone());
    }
    Ok(TelemetryGuard { tracer_provider })
}

fn otlp_tracer_provider(service_name: &'static str, endpoint: &str) -> anyhow::Result<SdkTracerProvider> {
    use opentelemetry_otlp::WithExportConfig as _;
    let exporter =
        opentelemetry_otlp::SpanExporter::builder().with_tonic().with_endpoint(endpoint).build()?;
    Ok(SdkTracerProvider::builder()
        .with_resource(Resource::builder().with_service_name(service_name).build())
        .with_batch_exporter(exporter)
        .build())
}

/// The current span's W3C context (`traceparent`, `tracestate`) as header pairs,
/// to store with an outbox event or put on an outgoing message.
pub fn current_trace_headers() -> Vec<(String, String)> {
    use tracing_opentelemetry::OpenTelemetrySpanExt as _;
    let context = tracing::Span::current().context();
    let mut carrier = std::collections::HashMap::new();
    opentelemetry::global::get_text_map_propagator(|propagator| {
        propagator.inject_context(&context, &mut carrier);
    });
    let mut headers: Vec<(String, String)> = carrier.into_iter().collect();
    headers.sort();
    headers
}

/// Reads W3C trace context out of HTTP / gRPC request headers.
struct HttpHeaderExtractor<'a>(&'a http::HeaderMap);

impl opentelemetry::propagation::Extractor for HttpHeaderExtractor<'_> {
    fn get(&self, key: &str) -> Option<&str> {
        self.0.get(key).and_then(|value| value.to_str().ok())
    }

    fn keys(&self) -> Vec<&str> {
        self.0.keys().map(http::HeaderName::as_str).collect()
    }
}

/// Reads W3C trace context out of NATS message headers.
struct NatsHeaderExtractor<'a>(&'a async_nats::HeaderMap);

impl opentelemetry::propagation::Extractor for NatsHeaderExtractor<'_> {
    fn get(&self, key: &str) -> Option<&str> {
        self.0.get(key).map(async_nats::HeaderValue::as_str)
    }

    fn keys(&self) -> Vec<&str> {
        self.0.iter().map(|(name, _)| name.as_ref()).collect()
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

fn set_remote_parent(span: &tracing::Span, context: opentelemetry::Context) {
    use opentelemetry::trace::TraceContextExt as _;
    use tracing_opentelemetry::OpenTelemetrySpanExt as _;
    if context.span().span_context().is_valid() {
        let _ = span.set_parent(context);
    }
}

/// The span of one inbound gRPC call, continuing the caller's trace (`traceparent` in the
/// request metadata). Named `<package.Service>/<Method>` with the `rpc.*` attributes.
pub fn grpc_server_span(request: &http::Request<()>) -> tracing::Span {
    let path = request.uri().path().trim_start_matches('/');
    let (service, method) = path.split_once('/').unwrap_or((path, ""));
    let span = tracing::info_span!(
        "grpc request",
        otel.name = %path,
        otel.kind = "server",
        rpc.system = "grpc",
        rpc.service = %service,
        rpc.method = %method,
    );
    continue_trace_from_http(&span, request.headers());
    span
}

/// Reads W3C trace context out of stored `(name, value)` pairs (an outbox row's context).
struct PairsExtractor<'a>(&'a [(String, String)]);

impl opentelemetry::propagation::Extractor for PairsExtractor<'_> {
    fn get(&self, key: &str) -> Option<&str> {
        self.0.iter().find(|(name, _)| name.eq_ignore_ascii_case(key)).map(|(_, value)| value.as_str())
    }

    fn keys(&self) -> Vec<&str> {
        self.0.iter().map(|(name, _)| name.as_str()).collect()
    }
}

/// Make `span` a child of the trace context stored as `(name, value)` pairs.
pub fn continue_trace_from_pairs(span: &tracing::Span, pairs: &[(String, String)]) {
    let context = opentelemetry::global::get_text_map_propagator(|propagator| {
        propagator.extract(&PairsExtractor(pairs))
    });
    set_remote_parent(span, context);
}

/// axum middleware: each HTTP request gets a server span continuing the caller's trace.
pub async fn http_server_span(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let span = tracing::info_span!(
        "http request",
        otel.name = %format!("{} {}", request.method(), request.uri().path()),
        otel.kind = "server",
        http.request.method = %request.method(),
        url.path = %request.uri().path(),
        http.response.status_code = tracing::field::Empty,
    );
    continue_trace_from_http(&span, request.headers());
    let response = tracing::Instrument::instrument(next.run(request), span.clone()).await;
    span.record("http.response.status_code", response.status().as_u16());
    response
}
