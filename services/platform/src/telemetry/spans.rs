//! Server and client spans named and attributed after the OpenTelemetry semantic
//! conventions: `rpc.*` for gRPC calls (a tower layer on every service's gRPC server),
//! `http.*` for the HTTP endpoints (an axum middleware) and `db.*` for storage work.

use std::{
    pin::Pin,
    task::{Context, Poll},
    time::Instant,
};

use tracing::Instrument as _;

use super::propagation::continue_trace_from_http;
use crate::metrics;

/// Tower layer giving every inbound gRPC call a server span that continues the caller's
/// trace, records `rpc.grpc.status_code` (an error status marks the span as failed) and
/// the call's duration in `rpc.server.call.duration`.
#[derive(Debug, Clone, Copy, Default)]
pub struct GrpcServerTelemetryLayer;

impl<S> tower::Layer<S> for GrpcServerTelemetryLayer {
    type Service = GrpcServerTelemetry<S>;

    fn layer(&self, inner: S) -> Self::Service {
        GrpcServerTelemetry { inner }
    }
}

/// The service made by [`GrpcServerTelemetryLayer`].
#[derive(Debug, Clone)]
pub struct GrpcServerTelemetry<S> {
    /// The routes of the server.
    inner: S,
}

impl<S, RequestBody, ResponseBody> tower::Service<http::Request<RequestBody>> for GrpcServerTelemetry<S>
where
    S: tower::Service<http::Request<RequestBody>, Response = http::Response<ResponseBody>>
        + Clone
        + Send
        + 'static,
    S::Future: Send + 'static,
    RequestBody: Send + 'static,
{
    type Response = S::Response;
    type Error = S::Error;
    type Future = Pin<Box<dyn std::future::Future<Output = Result<Self::Response, Self::Error>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: http::Request<RequestBody>) -> Self::Future {
        // The clone that was polled ready serves this call (tower's usual swap).
        let clone = self.inner.clone();
        let mut inner = std::mem::replace(&mut self.inner, clone);
        let path = request.uri().path().trim_start_matches('/').to_owned();
        let (service, method) = path.split_once('/').unwrap_or((path.as_str(), ""));
        let (service, method) = (service.to_owned(), method.to_owned());
        let span = tracing::info_span!(
            "grpc request",
            otel.name = %path,
            otel.kind = "server",
            otel.status_code = tracing::field::Empty,
            rpc.system = "grpc",
            rpc.service = %service,
            rpc.method = %method,
            rpc.grpc.status_code = tracing::field::Empty,
        );
        continue_trace_from_http(&span, request.headers());
        let started = Instant::now();
        Box::pin(async move {
            let result = inner.call(request).instrument(span.clone()).await;
            // Errors come back "trailers-only": the status is in the response headers.
            // A call that succeeds (or streams) has no status there yet: it is OK so far.
            let status_code = match &result {
                Ok(response) => response
                    .headers()
                    .get("grpc-status")
                    .and_then(|value| value.to_str().ok())
                    .and_then(|value| value.parse::<i64>().ok())
                    .unwrap_or(0),
                Err(_) => tonic::Code::Unknown as i64,
            };
            span.record("rpc.grpc.status_code", status_code);
            if is_server_error(status_code) {
                span.record("otel.status_code", "ERROR");
            }
            metrics::get().rpc_server_duration.record(
                started.elapsed().as_secs_f64(),
                &[
                    opentelemetry::KeyValue::new("rpc.service", service),
                    opentelemetry::KeyValue::new("rpc.method", method),
                    opentelemetry::KeyValue::new("rpc.grpc.status_code", status_code),
                ],
            );
            result
        })
    }
}

/// gRPC status codes that are the server's fault (OpenTelemetry's rule for server spans:
/// a caller's mistake such as INVALID_ARGUMENT is not a server error).
fn is_server_error(code: i64) -> bool {
    use tonic::Code;
    [
        Code::Unknown,
        Code::DeadlineExceeded,
        Code::Unimplemented,
        Code::Internal,
        Code::Unavailable,
        Code::DataLoss,
    ]
    .iter()
    .any(|server_code| *server_code as i64 == code)
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
        otel.status_code = tracing::field::Empty,
        http.request.method = %request.method(),
        url.path = %request.uri().path(),
        http.response.status_code = tracing::field::Empty,
    );
    continue_trace_from_http(&span, request.headers());
    let response = next.run(request).instrument(span.clone()).await;
    span.record("http.response.status_code", response.status().as_u16());
    if response.status().is_server_error() {
        span.record("otel.status_code", "ERROR");
    }
    response
}

/// A client span for one unit of storage work (`operation` on `collection`), with the
/// `db.*` attributes. Instrument the future doing the work with it; [`record_error`] it
/// when the work fails.
pub fn db_span(
    db: &sea_orm::DatabaseConnection,
    operation: &'static str,
    collection: &'static str,
) -> tracing::Span {
    let system = match crate::db::backend(db) {
        sea_orm::DbBackend::Postgres => "postgresql",
        sea_orm::DbBackend::Sqlite => "sqlite",
        _ => "other_sql",
    };
    tracing::info_span!(
        "db",
        otel.name = %format!("{operation} {collection}"),
        otel.kind = "client",
        otel.status_code = tracing::field::Empty,
        error.type = tracing::field::Empty,
        db.system.name = system,
        db.operation.name = operation,
        db.collection.name = collection,
        db.operation.batch.size = tracing::field::Empty,
    )
}

/// A [`db_span`] for work done for several stories at once (a batch, a group commit): a
/// child of the first story's span and linked from the others', so each story's trace
/// shows the transaction that stored it.
pub fn batch_db_span<'a>(
    db: &sea_orm::DatabaseConnection,
    operation: &'static str,
    collection: &'static str,
    stories: impl IntoIterator<Item = &'a tracing::Span>,
) -> tracing::Span {
    let mut stories = stories.into_iter();
    let span = match stories.next() {
        Some(first) => first.in_scope(|| db_span(db, operation, collection)),
        None => db_span(db, operation, collection),
    };
    let mut size = 1usize;
    for story in stories {
        story.in_scope(|| crate::telemetry::link_to_current(&span));
        size += 1;
    }
    span.record("db.operation.batch.size", size);
    span
}

/// Mark `span` failed with `error` (OpenTelemetry status ERROR, `error.type`, and an
/// `exception` event through the log line).
pub fn record_error(span: &tracing::Span, error: &dyn std::fmt::Display) {
    span.record("otel.status_code", "ERROR");
    span.record("error.type", tracing::field::display(error));
}

/// Run `work` inside `span`, marking the span failed when it returns an error.
pub async fn traced<T, E: std::fmt::Display>(
    span: tracing::Span,
    work: impl std::future::Future<Output = Result<T, E>>,
) -> Result<T, E> {
    let result = work.instrument(span.clone()).await;
    if let Err(error) = &result {
        record_error(&span, error);
    }
    result
}
