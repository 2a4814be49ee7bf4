//! Connecting to ingest, and turning errors into messages and exit codes.

use std::process::ExitCode;

use anyhow::Context as _;
use newsroom_platform::telemetry::TraceContextInterceptor;
use newsroom_proto::v1::ingest_service_client::IngestServiceClient;
use tonic::{
    service::interceptor::InterceptedService,
    transport::{Channel, Endpoint},
};

/// Largest message sent or accepted (a 2 MiB story plus envelope, with room).
const MAX_MESSAGE_BYTES: usize = 8 * 1024 * 1024;

/// A gRPC channel that sends the command's trace context (`traceparent`) with every call.
pub type TracedChannel = InterceptedService<Channel, TraceContextInterceptor>;

/// A channel to `addr` (`http://host:port`).
pub async fn channel(addr: &str) -> anyhow::Result<TracedChannel> {
    let endpoint =
        Endpoint::from_shared(addr.to_owned()).with_context(|| format!("invalid address {addr:?}"))?;
    let channel = endpoint.connect().await.with_context(|| format!("cannot connect to {addr}"))?;
    Ok(InterceptedService::new(channel, TraceContextInterceptor))
}

/// An ingest client on `addr`.
pub async fn ingest(addr: &str) -> anyhow::Result<IngestServiceClient<TracedChannel>> {
    Ok(IngestServiceClient::new(channel(addr).await?)
        .max_decoding_message_size(MAX_MESSAGE_BYTES)
        .max_encoding_message_size(MAX_MESSAGE_BYTES))
}

/// The user-facing text of an error: `<code>: <message>` for gRPC statuses.
pub fn describe(error: &anyhow::Error) -> String {
    match error.downcast_ref::<tonic::Status>() {
        Some(status) => format!("{:?}: {}", status.code(), status.message()),
        None => format!("{error:#}"),
    }
}

/// Exit code 2 for requests the server refused as invalid, 1 for everything else.
pub fn exit_code(error: &anyhow::Error) -> ExitCode {
    match error.downcast_ref::<tonic::Status>().map(tonic::Status::code) {
        Some(tonic::Code::InvalidArgument | tonic::Code::NotFound) => ExitCode::from(2),
        _ => ExitCode::FAILURE,
    }
}

/// RFC 3339 text of a protobuf timestamp ("-" when absent).
pub fn format_timestamp(timestamp: Option<&prost_types::Timestamp>) -> String {
    timestamp
        .and_then(|ts| chrono::DateTime::from_timestamp(ts.seconds, u32::try_from(ts.nanos).unwrap_or(0)))
        .map_or_else(|| "-".to_owned(), |at| at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
}
