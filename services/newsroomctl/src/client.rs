//! Connecting to ingest, and turning errors into messages and exit codes.

use std::process::ExitCode;

use anyhow::Context as _;
use std::sync::OnceLock;

use newsroom_platform::auth::ClientCredentials;
use newsroom_proto::v1::ingest_service_client::IngestServiceClient;
use tonic::{
    service::interceptor::InterceptedService,
    transport::{Certificate, Channel, ClientTlsConfig, Endpoint},
};

/// Largest message sent or accepted (a 2 MiB story plus envelope, with room).
const MAX_MESSAGE_BYTES: usize = 8 * 1024 * 1024;

/// A gRPC channel that sends the command's trace context (`traceparent`) and bearer token
/// with every call.
pub type TracedChannel = InterceptedService<Channel, ClientCredentials>;

/// How this run connects: set once by `main` from `--token` and `--ca-file`.
struct Connection {
    /// Token sent with every call.
    credentials: ClientCredentials,
    /// TLS settings for `https://` addresses.
    tls: Option<ClientTlsConfig>,
}

/// The run's connection settings.
static CONNECTION: OnceLock<Connection> = OnceLock::new();

/// Record the token and CA file every client of this run uses.
pub fn configure(token: Option<&str>, ca_file: Option<&std::path::Path>) -> anyhow::Result<()> {
    let credentials =
        ClientCredentials::new(token).context("--token / NEWSROOM_TOKEN is not a valid header value")?;
    let tls = match ca_file {
        Some(path) => {
            let pem =
                std::fs::read(path).with_context(|| format!("cannot read --ca-file {}", path.display()))?;
            Some(ClientTlsConfig::new().ca_certificate(Certificate::from_pem(pem)))
        }
        None => None,
    };
    let _ = CONNECTION.set(Connection { credentials, tls });
    Ok(())
}

/// A channel to `addr` (`http://host:port`, or `https://` with `--ca-file`).
pub async fn channel(addr: &str) -> anyhow::Result<TracedChannel> {
    let mut endpoint =
        Endpoint::from_shared(addr.to_owned()).with_context(|| format!("invalid address {addr:?}"))?;
    let connection = CONNECTION.get();
    if let Some(tls) = connection.and_then(|connection| connection.tls.clone()) {
        endpoint = endpoint.tls_config(tls).context("TLS settings")?;
    }
    let channel = endpoint.connect().await.with_context(|| format!("cannot connect to {addr}"))?;
    let credentials = connection.map(|connection| connection.credentials.clone()).unwrap_or_default();
    Ok(InterceptedService::new(channel, credentials))
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

/// Exit code 2 for requests the server refused as invalid, 3 for a missing, bad or
/// under-scoped token, 1 for everything else.
pub fn exit_code(error: &anyhow::Error) -> ExitCode {
    match error.downcast_ref::<tonic::Status>().map(tonic::Status::code) {
        Some(tonic::Code::InvalidArgument | tonic::Code::NotFound) => ExitCode::from(2),
        Some(tonic::Code::Unauthenticated | tonic::Code::PermissionDenied) => ExitCode::from(3),
        _ => ExitCode::FAILURE,
    }
}

/// RFC 3339 text of a protobuf timestamp ("-" when absent).
pub fn format_timestamp(timestamp: Option<&prost_types::Timestamp>) -> String {
    timestamp
        .and_then(|ts| chrono::DateTime::from_timestamp(ts.seconds, u32::try_from(ts.nanos).unwrap_or(0)))
        .map_or_else(|| "-".to_owned(), |at| at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
}
