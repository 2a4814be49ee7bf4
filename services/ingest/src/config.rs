//! Ingest's configuration: the platform's common settings plus its own.

use std::net::SocketAddr;

use newsroom_platform::CommonConfig;

use crate::domain::DEFAULT_MAX_CONTENT_BYTES;

/// Default gRPC port of ingest.
pub const DEFAULT_GRPC_PORT: u16 = 50051;
/// Default HTTP port of ingest (JSON push).
pub const DEFAULT_HTTP_PORT: u16 = 8081;

/// Everything ingest reads from flags and environment.
#[derive(Debug, Clone, clap::Args)]
pub struct IngestConfig {
    /// Settings shared by every service.
    #[command(flatten)]
    pub common: CommonConfig,

    /// Address of the HTTP JSON push endpoint.
    #[arg(long, env = "NEWSROOM_HTTP_ADDR", default_value_t = SocketAddr::from(([127, 0, 0, 1], DEFAULT_HTTP_PORT)))]
    pub http_addr: SocketAddr,

    /// Largest accepted story content, in bytes of UTF-8.
    #[arg(long, env = "NEWSROOM_MAX_CONTENT_BYTES", default_value_t = DEFAULT_MAX_CONTENT_BYTES)]
    pub max_content_bytes: usize,
}
