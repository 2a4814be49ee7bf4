//! The one telemetry module: log lines (human, or JSON with trace ids) through `tracing`,
//! spans through OpenTelemetry with W3C trace context propagation, exported over OTLP/gRPC
//! when an endpoint is configured, and the metrics of [`crate::metrics`].
//!
//! Spans are always created (so trace context flows to the next hop and log lines carry
//! trace ids even when this process exports nothing); only the exporter is optional.

mod json_log;
mod propagation;
mod spans;

use opentelemetry::trace::TracerProvider as _;
use opentelemetry_sdk::{Resource, propagation::TraceContextPropagator, trace::SdkTracerProvider};
use tracing_subscriber::{EnvFilter, Layer, layer::SubscriberExt, util::SubscriberInitExt};

pub use json_log::JsonWithTraceIds;
pub use propagation::{
    TraceContextInterceptor, continue_trace_from_http, continue_trace_from_nats, continue_trace_from_pairs,
    continue_trace_from_stored, current_trace_headers, current_trace_id, current_traceparent,
    inject_into_metadata, link_to_current, stored_trace_context, traceparent_of_stored,
};
pub use spans::{
    GrpcServerTelemetry, GrpcServerTelemetryLayer, batch_db_span, db_span, http_server_span, record_error,
    traced,
};

use crate::config::LogFormat;

/// Keeps the providers alive; call [`TelemetryGuard::shutdown`] last to flush pending spans
/// and metrics.
#[must_use = "dropping the guard without shutdown() may lose the last spans"]
pub struct TelemetryGuard {
    /// The span pipeline (exporting only when OTLP is configured).
    tracer_provider: SdkTracerProvider,
    /// Whether this call installed the metrics (only then does it shut them down).
    owns_metrics: bool,
}

impl TelemetryGuard {
    /// Flush and stop the span exporter and the metrics readers.
    pub fn shutdown(self) {
        if let Err(error) = self.tracer_provider.shutdown() {
            eprintln!("telemetry shutdown failed: {error}");
        }
        if self.owns_metrics {
            crate::metrics::shutdown();
        }
    }
}

/// Where log lines go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogOutput {
    /// Services: standard output, filter from `RUST_LOG` (default `info`).
    Stdout,
    /// Command-line tools: standard error, filter from `RUST_LOG` (default `warn`), so the
    /// tool's own output stays clean.
    Stderr,
}

/// Install the global subscriber for `service_name`, logging to standard output. Safe to
/// call more than once (later calls keep the first subscriber), which in-process tests rely on.
pub fn init(
    service_name: &'static str,
    log_format: LogFormat,
    otlp_endpoint: Option<&str>,
) -> anyhow::Result<TelemetryGuard> {
    init_with_output(service_name, log_format, otlp_endpoint, LogOutput::Stdout)
}

/// [`init`] with the choice of log output.
pub fn init_with_output(
    service_name: &'static str,
    log_format: LogFormat,
    otlp_endpoint: Option<&str>,
    output: LogOutput,
) -> anyhow::Result<TelemetryGuard> {
    opentelemetry::global::set_text_map_propagator(TraceContextPropagator::new());
    let otlp_endpoint = otlp_endpoint.map(str::trim).filter(|endpoint| !endpoint.is_empty());

    // OpenTelemetry's own start-up notices are not news.
    let default_filter = match output {
        LogOutput::Stdout => "info,opentelemetry=warn,opentelemetry_sdk=warn",
        LogOutput::Stderr => "warn",
    };
    let env_filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(default_filter));
    let fmt_layer = match (log_format, output) {
        (LogFormat::Human, LogOutput::Stdout) => tracing_subscriber::fmt::layer()
            .compact()
            .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stdout()))
            .boxed(),
        (LogFormat::Human, LogOutput::Stderr) => tracing_subscriber::fmt::layer()
            .compact()
            .with_writer(std::io::stderr)
            .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
            .boxed(),
        (LogFormat::Json, LogOutput::Stdout) => tracing_subscriber::fmt::layer()
            .fmt_fields(tracing_subscriber::fmt::format::JsonFields::new())
            .event_format(JsonWithTraceIds)
            .boxed(),
        (LogFormat::Json, LogOutput::Stderr) => tracing_subscriber::fmt::layer()
            .fmt_fields(tracing_subscriber::fmt::format::JsonFields::new())
            .event_format(JsonWithTraceIds)
            .with_writer(std::io::stderr)
            .boxed(),
    };

    let tracer_provider = tracer_provider(service_name, otlp_endpoint)?;
    // Log verbosity (RUST_LOG) must not decide which spans exist: a quiet CLI still starts
    // the story's trace. Spans get their own filter, `info` unless NEWSROOM_TRACE_FILTER says.
    let span_filter = std::env::var("NEWSROOM_TRACE_FILTER")
        .ok()
        .and_then(|directives| EnvFilter::try_new(directives).ok())
        .unwrap_or_else(|| EnvFilter::new("info"));
    let otel_layer = tracing_opentelemetry::layer()
        .with_tracer(tracer_provider.tracer(service_name))
        .with_error_events_to_status(true)
        .with_filter(span_filter);

    let installed =
        tracing_subscriber::registry().with(fmt_layer.with_filter(env_filter)).with(otel_layer).try_init();
    if installed.is_ok() {
        opentelemetry::global::set_tracer_provider(tracer_provider.clone());
    }
    let owns_metrics = crate::metrics::install(service_name, otlp_endpoint)?;
    if let Some(endpoint) = otlp_endpoint {
        tracing::info!(service = service_name, endpoint, "exporting traces and metrics over otlp");
    }
    Ok(TelemetryGuard { tracer_provider, owns_metrics })
}

/// The OpenTelemetry resource of this process: its `service.name` (each service reports
/// its own) and version.
pub(crate) fn resource(service_name: &'static str) -> Resource {
    Resource::builder()
        .with_service_name(service_name)
        .with_attribute(opentelemetry::KeyValue::new("service.version", env!("CARGO_PKG_VERSION")))
        .build()
}

/// Spans are always sampled and given ids; they are exported (batched) only with an endpoint.
fn tracer_provider(
    service_name: &'static str,
    otlp_endpoint: Option<&str>,
) -> anyhow::Result<SdkTracerProvider> {
    use opentelemetry_otlp::WithExportConfig as _;
    let builder = SdkTracerProvider::builder().with_resource(resource(service_name));
    let builder = match otlp_endpoint {
        Some(endpoint) => builder.with_batch_exporter(
            opentelemetry_otlp::SpanExporter::builder().with_tonic().with_endpoint(endpoint).build()?,
        ),
        None => builder,
    };
    Ok(builder.build())
}
