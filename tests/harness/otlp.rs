//! A real OTLP/gRPC receiver inside the test: implements the collector's `TraceService` and
//! `MetricsService` with tonic, keeps every span it is sent, and answers like a collector.

use std::{
    net::SocketAddr,
    sync::{Arc, Mutex, PoisonError},
};

use opentelemetry_proto::tonic::collector::{
    metrics::v1::{
        ExportMetricsServiceRequest, ExportMetricsServiceResponse,
        metrics_service_server::{MetricsService, MetricsServiceServer},
    },
    trace::v1::{
        ExportTraceServiceRequest, ExportTraceServiceResponse,
        trace_service_server::{TraceService, TraceServiceServer},
    },
};
use tokio_stream::wrappers::TcpListenerStream;

/// One received span, flattened with its resource's `service.name`.
#[derive(Debug, Clone)]
pub struct ReceivedSpan {
    /// `service.name` of the resource that sent it.
    pub service_name: String,
    /// Span name.
    pub name: String,
    /// Trace id, lower-case hex.
    pub trace_id: String,
    /// Span id, hex.
    pub span_id: String,
    /// Parent span id, hex; empty for a root span.
    pub parent_span_id: String,
    /// Trace ids of the spans it links to.
    pub linked_trace_ids: Vec<String>,
    /// Attribute keys, for checking semantic conventions.
    pub attribute_keys: Vec<String>,
}

/// What the receiver has got so far.
#[derive(Debug, Default)]
struct Received {
    /// Every span, in arrival order.
    spans: Vec<ReceivedSpan>,
    /// How many metric export requests arrived.
    metric_exports: usize,
}

/// The receiver; stops when dropped (its task is aborted).
pub struct OtlpReceiver {
    /// Where it listens: export to `http://{addr}`.
    pub addr: SocketAddr,
    /// Shared with the gRPC services.
    received: Arc<Mutex<Received>>,
    /// The server task.
    task: tokio::task::JoinHandle<()>,
}

#[derive(Clone)]
struct Collector(Arc<Mutex<Received>>);

#[tonic::async_trait]
impl TraceService for Collector {
    async fn export(
        &self,
        request: tonic::Request<ExportTraceServiceRequest>,
    ) -> Result<tonic::Response<ExportTraceServiceResponse>, tonic::Status> {
        let mut received = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        for resource_spans in request.into_inner().resource_spans {
            let service_name = resource_spans
                .resource
                .as_ref()
                .and_then(|resource| resource.attributes.iter().find(|kv| kv.key == "service.name"))
                .and_then(|kv| kv.value.as_ref())
                .and_then(|value| match &value.value {
                    Some(opentelemetry_proto::tonic::common::v1::any_value::Value::StringValue(name)) => {
                        Some(name.clone())
                    }
                    _ => None,
                })
                .unwrap_or_default();
            for scope_spans in resource_spans.scope_spans {
                for span in scope_spans.spans {
                    received.spans.push(ReceivedSpan {
                        service_name: service_name.clone(),
                        name: span.name,
                        trace_id: hex(&span.trace_id),
                        span_id: hex(&span.span_id),
                        parent_span_id: hex(&span.parent_span_id),
                        linked_trace_ids: span.links.iter().map(|link| hex(&link.trace_id)).collect(),
                        attribute_keys: span.attributes.into_iter().map(|kv| kv.key).collect(),
                    });
                }
            }
        }
        Ok(tonic::Response::new(ExportTraceServiceResponse { partial_success: None }))
    }
}

#[tonic::async_trait]
impl MetricsService for Collector {
    async fn export(
        &self,
        _request: tonic::Request<ExportMetricsServiceRequest>,
    ) -> Result<tonic::Response<ExportMetricsServiceResponse>, tonic::Status> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner).metric_exports += 1;
        Ok(tonic::Response::new(ExportMetricsServiceResponse { partial_success: None }))
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

impl OtlpReceiver {
    /// Listen on a free loopback port.
    pub async fn start() -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .unwrap_or_else(|error| panic!("otlp receiver cannot bind: {error}"));
        let addr = listener.local_addr().unwrap_or_else(|error| panic!("otlp receiver address: {error}"));
        let received = Arc::new(Mutex::new(Received::default()));
        let collector = Collector(received.clone());
        let task = tokio::spawn(async move {
            let _ = tonic::transport::Server::builder()
                .add_service(TraceServiceServer::new(collector.clone()))
                .add_service(MetricsServiceServer::new(collector))
                .serve_with_incoming(TcpListenerStream::new(listener))
                .await;
        });
        Self { addr, received, task }
    }

    /// `http://host:port`, for `OTEL_EXPORTER_OTLP_ENDPOINT`.
    pub fn endpoint(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Every span received so far.
    pub fn spans(&self) -> Vec<ReceivedSpan> {
        self.received.lock().unwrap_or_else(PoisonError::into_inner).spans.clone()
    }

    /// How many metric export requests arrived.
    pub fn metric_exports(&self) -> usize {
        self.received.lock().unwrap_or_else(PoisonError::into_inner).metric_exports
    }
}

impl Drop for OtlpReceiver {
    fn drop(&mut self) {
        self.task.abort();
    }
}
