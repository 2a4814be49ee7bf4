//! The pipeline's metrics, defined once: OpenTelemetry instruments, read by Prometheus on
//! each service's `GET /metrics` and, when an OTLP endpoint is configured, pushed over OTLP
//! every 10 s. Names follow OpenTelemetry conventions (`newsroom.stories.ingested`);
//! Prometheus sees them with dots as underscores, a unit suffix and `_total` on counters
//! (`newsroom_stories_ingested_total`).

use std::{
    fmt::Write as _,
    sync::{Arc, OnceLock, Weak},
    time::Duration,
};

pub use opentelemetry::KeyValue;
use opentelemetry::metrics::{Counter, Gauge, Histogram, Meter, MeterProvider as _};
use opentelemetry_sdk::{
    error::OTelSdkResult,
    metrics::{
        InstrumentKind, ManualReader, Pipeline, SdkMeterProvider, Temporality,
        data::{AggregatedMetrics, MetricData, ResourceMetrics},
        reader::MetricReader,
    },
};

/// Histogram buckets for durations in seconds: 0.5 ms to 10 s.
const DURATION_BUCKETS: &[f64] =
    &[0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0];

/// How often metrics are pushed over OTLP.
const OTLP_EXPORT_INTERVAL: Duration = Duration::from_secs(10);

/// Every instrument of the pipeline. Attributes are named on each field.
#[derive(Debug)]
pub struct Metrics {
    /// Stories pushed to ingest, by `outcome` (created, new_version, duplicate, rejected).
    pub stories_ingested: Counter<u64>,
    /// Stories enrichment handled, by `outcome` (enriched, failed).
    pub stories_enriched: Counter<u64>,
    /// Story versions publishing handled, by `outcome` (released, held, rerendered,
    /// unchanged, killed).
    pub stories_published: Counter<u64>,
    /// Seconds each stage spent on one story, by `stage` (ingest, enrich, publish, deliver).
    pub stage_duration: Histogram<f64>,
    /// Seconds from a story's push at ingest to its release by publishing.
    pub push_to_publish: Histogram<f64>,
    /// Outbox events not yet acknowledged by JetStream, by `service`.
    pub outbox_backlog: Gauge<u64>,
    /// Messages waiting for or held by a durable consumer (JetStream's pending plus
    /// ack-pending), by `consumer`.
    pub consumer_pending: Gauge<u64>,
    /// Events parked on `newsroom.dlq.<stage>`, by `stage`.
    pub events_dead_lettered: Counter<u64>,
    /// Delivery attempts to subscribers, by `outcome` (delivered, retry, dead) and `kind`
    /// (webhook, nats).
    pub delivery_attempts: Counter<u64>,
    /// Failed delivery attempts, by `kind` and `permanent` (true when not worth retrying).
    pub delivery_failures: Counter<u64>,
    /// Deliveries given up on (dead letters of the delivery queue), by `kind`.
    pub delivery_dead_letters: Counter<u64>,
    /// Seconds per inbound gRPC call, by `rpc.service`, `rpc.method`, `rpc.grpc.status_code`.
    pub rpc_server_duration: Histogram<f64>,
}

impl Metrics {
    fn new(meter: &Meter) -> Self {
        let duration = |name: &'static str, description: &'static str| {
            meter
                .f64_histogram(name)
                .with_unit("s")
                .with_description(description)
                .with_boundaries(DURATION_BUCKETS.to_vec())
                .build()
        };
        Self {
            stories_ingested: meter
                .u64_counter("newsroom.stories.ingested")
                .with_description("Stories pushed to ingest, by outcome.")
                .build(),
            stories_enriched: meter
                .u64_counter("newsroom.stories.enriched")
                .with_description("Stories enrichment handled, by outcome.")
                .build(),
            stories_published: meter
                .u64_counter("newsroom.stories.published")
                .with_description("Story versions publishing handled, by outcome.")
                .build(),
            stage_duration: duration("newsroom.stage.duration", "Seconds each stage spent on one story."),
            push_to_publish: duration(
                "newsroom.push_to_publish.duration",
                "Seconds from a story's push at ingest to its release by publishing.",
            ),
            outbox_backlog: meter
                .u64_gauge("newsroom.outbox.backlog")
                .with_description("Outbox events not yet acknowledged by JetStream.")
                .build(),
            consumer_pending: meter
                .u64_gauge("newsroom.consumer.pending")
                .with_description("Messages pending or unacknowledged on a durable consumer.")
                .build(),
            events_dead_lettered: meter
                .u64_counter("newsroom.events.dead_lettered")
                .with_description("Events parked on a dead-letter subject, by stage.")
                .build(),
            delivery_attempts: meter
                .u64_counter("newsroom.delivery.attempts")
                .with_description("Delivery attempts to subscribers, by outcome and kind.")
                .build(),
            delivery_failures: meter
                .u64_counter("newsroom.delivery.failures")
                .with_description("Failed delivery attempts, by kind and permanence.")
                .build(),
            delivery_dead_letters: meter
                .u64_counter("newsroom.delivery.dead_letters")
                .with_description("Deliveries given up on after their last attempt.")
                .build(),
            rpc_server_duration: duration("rpc.server.call.duration", "Seconds per inbound gRPC call."),
        }
    }
}

/// The process's metric pipeline.
struct State {
    /// Owns the readers; shut down on exit to push the last OTLP batch.
    provider: SdkMeterProvider,
    /// What `/metrics` collects from.
    prometheus: Arc<ManualReader>,
    /// The instruments.
    metrics: Metrics,
}

static STATE: OnceLock<State> = OnceLock::new();

/// Set up the metric pipeline for `service_name` (OTLP export when `otlp_endpoint` is set).
/// Returns whether this call installed it: only the first call of a process does (later
/// ones, and in-process tests that never call it, share the first pipeline).
pub fn install(service_name: &'static str, otlp_endpoint: Option<&str>) -> anyhow::Result<bool> {
    if STATE.get().is_some() {
        return Ok(false);
    }
    let state = build(service_name, otlp_endpoint)?;
    let installed_here = STATE.set(state).is_ok();
    if installed_here && let Some(state) = STATE.get() {
        opentelemetry::global::set_meter_provider(state.provider.clone());
    }
    Ok(installed_here)
}

/// The instruments (installing a local-only pipeline on first use if nobody did).
pub fn get() -> &'static Metrics {
    &state().metrics
}

fn state() -> &'static State {
    STATE.get_or_init(|| match build("newsroom", None) {
        Ok(state) => state,
        Err(_) => local_only("newsroom"),
    })
}

fn build(service_name: &'static str, otlp_endpoint: Option<&str>) -> anyhow::Result<State> {
    use opentelemetry_otlp::WithExportConfig as _;
    let prometheus = Arc::new(ManualReader::builder().build());
    let mut builder = SdkMeterProvider::builder()
        .with_resource(crate::telemetry::resource(service_name))
        .with_reader(SharedReader(prometheus.clone()));
    if let Some(endpoint) = otlp_endpoint {
        let exporter =
            opentelemetry_otlp::MetricExporter::builder().with_tonic().with_endpoint(endpoint).build()?;
        builder = builder.with_reader(
            opentelemetry_sdk::metrics::PeriodicReader::builder(exporter)
                .with_interval(OTLP_EXPORT_INTERVAL)
                .build(),
        );
    }
    let provider = builder.build();
    let metrics = Metrics::new(&provider.meter("newsroom"));
    Ok(State { provider, prometheus, metrics })
}

fn local_only(service_name: &'static str) -> State {
    let prometheus = Arc::new(ManualReader::builder().build());
    let provider = SdkMeterProvider::builder()
        .with_resource(crate::telemetry::resource(service_name))
        .with_reader(SharedReader(prometheus.clone()))
        .build();
    let metrics = Metrics::new(&provider.meter("newsroom"));
    State { provider, prometheus, metrics }
}

/// Push the last OTLP batch and stop the readers.
pub(crate) fn shutdown() {
    if let Some(state) = STATE.get()
        && let Err(error) = state.provider.shutdown()
    {
        eprintln!("metrics shutdown failed: {error}");
    }
}

/// The manual reader, shared between the provider (which registers it) and `/metrics`.
#[derive(Debug)]
struct SharedReader(Arc<ManualReader>);

impl MetricReader for SharedReader {
    fn register_pipeline(&self, pipeline: Weak<Pipeline>) {
        self.0.register_pipeline(pipeline);
    }

    fn collect(&self, metrics: &mut ResourceMetrics) -> OTelSdkResult {
        self.0.collect(metrics)
    }

    fn force_flush(&self) -> OTelSdkResult {
        self.0.force_flush()
    }

    fn shutdown_with_timeout(&self, timeout: Duration) -> OTelSdkResult {
        self.0.shutdown_with_timeout(timeout)
    }

    fn temporality(&self, kind: InstrumentKind) -> Temporality {
        self.0.temporality(kind)
    }
}

/// The current values in the Prometheus text exposition format (version 0.0.4).
pub fn render_prometheus() -> String {
    let state = state();
    let mut collected = ResourceMetrics::default();
    if let Err(error) = state.prometheus.collect(&mut collected) {
        return format!("# metrics collection failed: {error}\n");
    }
    let mut text = String::new();
    for scope in collected.scope_metrics() {
        for metric in scope.metrics() {
            write_metric(&mut text, metric.name(), metric.description(), metric.unit(), metric.data());
        }
    }
    text
}

/// The content type of [`render_prometheus`]'s text.
pub const PROMETHEUS_CONTENT_TYPE: &str = "text/plain; version=0.0.4; charset=utf-8";

fn write_metric(text: &mut String, name: &str, description: &str, unit: &str, data: &AggregatedMetrics) {
    match data {
        AggregatedMetrics::F64(data) => write_data(text, name, description, unit, data, |v| *v),
        AggregatedMetrics::U64(data) => write_data(text, name, description, unit, data, |v| *v as f64),
        AggregatedMetrics::I64(data) => write_data(text, name, description, unit, data, |v| *v as f64),
    }
}

fn write_data<T: Copy>(
    text: &mut String,
    name: &str,
    description: &str,
    unit: &str,
    data: &MetricData<T>,
    as_f64: impl Fn(&T) -> f64,
) {
    let base = prometheus_name(name, unit);
    match data {
        MetricData::Sum(sum) => {
            let (name, kind) =
                if sum.is_monotonic() { (format!("{base}_total"), "counter") } else { (base, "gauge") };
            let _ = writeln!(text, "# HELP {name} {}\n# TYPE {name} {kind}", escape_help(description));
            for point in sum.data_points() {
                let _ =
                    writeln!(text, "{name}{} {}", labels(point.attributes(), None), as_f64(&point.value()));
            }
        }
        MetricData::Gauge(gauge) => {
            let _ = writeln!(text, "# HELP {base} {}\n# TYPE {base} gauge", escape_help(description));
            for point in gauge.data_points() {
                let _ =
                    writeln!(text, "{base}{} {}", labels(point.attributes(), None), as_f64(&point.value()));
            }
        }
        MetricData::Histogram(histogram) => {
            let _ = writeln!(text, "# HELP {base} {}\n# TYPE {base} histogram", escape_help(description));
            for point in histogram.data_points() {
                let mut cumulative = 0u64;
                let counts: Vec<u64> = point.bucket_counts().collect();
                for (bound, count) in point.bounds().zip(counts.iter()) {
                    cumulative += count;
                    let le = format!("{bound}");
                    let _ =
                        writeln!(text, "{base}_bucket{} {cumulative}", labels(point.attributes(), Some(&le)));
                }
                let _ = writeln!(
                    text,
                    "{base}_bucket{} {}",
                    labels(point.attributes(), Some("+Inf")),
                    point.count()
                );
                let _ =
                    writeln!(text, "{base}_sum{} {}", labels(point.attributes(), None), as_f64(&point.sum()));
                let _ = writeln!(text, "{base}_count{} {}", labels(point.attributes(), None), point.count());
            }
        }
        MetricData::ExponentialHistogram(_) => {}
    }
}

/// `newsroom.stage.duration` + `s` → `newsroom_stage_duration_seconds`.
fn prometheus_name(name: &str, unit: &str) -> String {
    let mut out: String = name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || c == '_' || c == ':' { c } else { '_' })
        .collect();
    let suffix = match unit {
        "s" => "_seconds",
        "By" => "_bytes",
        _ => "",
    };
    if !suffix.is_empty() && !out.ends_with(suffix) {
        out.push_str(suffix);
    }
    out
}

fn labels<'a>(attributes: impl Iterator<Item = &'a KeyValue>, le: Option<&str>) -> String {
    let mut pairs: Vec<String> = attributes
        .map(|kv| {
            let key: String = kv
                .key
                .as_str()
                .chars()
                .map(|c| if c.is_ascii_alphanumeric() || c == '_' { c } else { '_' })
                .collect();
            format!("{key}=\"{}\"", escape_label(&kv.value.to_string()))
        })
        .collect();
    pairs.sort();
    if let Some(le) = le {
        pairs.push(format!("le=\"{le}\""));
    }
    if pairs.is_empty() { String::new() } else { format!("{{{}}}", pairs.join(",")) }
}

fn escape_label(value: &str) -> String {
    value.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n")
}

fn escape_help(value: &str) -> String {
    value.replace('\\', "\\\\").replace('\n', "\\n")
}

/// axum handler for `GET /metrics`.
pub async fn prometheus_handler() -> impl axum::response::IntoResponse {
    ([(http::header::CONTENT_TYPE, PROMETHEUS_CONTENT_TYPE)], render_prometheus())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prometheus_names_carry_units() {
        assert_eq!(prometheus_name("newsroom.stage.duration", "s"), "newsroom_stage_duration_seconds");
        assert_eq!(prometheus_name("newsroom.stories.ingested", ""), "newsroom_stories_ingested");
    }

    #[test]
    fn counters_and_histograms_render_in_text_format() {
        let metrics = get();
        metrics.stories_ingested.add(2, &[KeyValue::new("outcome", "created")]);
        metrics.stage_duration.record(0.003, &[KeyValue::new("stage", "ingest")]);
        let text = render_prometheus();
        assert!(text.contains("# TYPE newsroom_stories_ingested_total counter"), "{text}");
        assert!(text.contains("newsroom_stories_ingested_total{outcome=\"created\"}"), "{text}");
        assert!(
            text.contains("newsroom_stage_duration_seconds_bucket{stage=\"ingest\",le=\"0.005\"}"),
            "{text}"
        );
        assert!(
            text.contains("newsroom_stage_duration_seconds_bucket{stage=\"ingest\",le=\"+Inf\"}"),
            "{text}"
        );
        assert!(text.contains("newsroom_stage_duration_seconds_count{stage=\"ingest\"}"), "{text}");
    }

    #[test]
    fn label_values_are_escaped() {
        let attributes = [KeyValue::new("rpc.method", "a\"b\\c")];
        assert_eq!(labels(attributes.iter(), None), "{rpc_method=\"a\\\"b\\\\c\"}");
    }
}
