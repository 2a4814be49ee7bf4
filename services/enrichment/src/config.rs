//! Enrichment's configuration: the platform's common settings plus its own.

use newsroom_platform::CommonConfig;

use std::net::SocketAddr;

/// Default gRPC port of enrichment.
pub const DEFAULT_GRPC_PORT: u16 = 50052;

/// Default HTTP port of enrichment (`/metrics`, `/healthz`).
pub const DEFAULT_HTTP_PORT: u16 = 8082;

/// Everything enrichment reads from flags and environment.
#[derive(Debug, Clone, clap::Args)]
pub struct EnrichmentConfig {
    /// Settings shared by every service.
    #[command(flatten)]
    pub common: CommonConfig,

    /// Address of the HTTP endpoint serving Prometheus `/metrics` and `/healthz`.
    #[arg(long, env = "NEWSROOM_HTTP_ADDR", default_value_t = SocketAddr::from(([127, 0, 0, 1], DEFAULT_HTTP_PORT)))]
    pub http_addr: SocketAddr,

    /// Events enriched at once by this replica (the pipeline runs on blocking threads).
    #[arg(long, env = "NEWSROOM_ENRICH_CONCURRENCY", default_value_t = 4)]
    pub concurrency: usize,

    /// Largest content accepted by the `Enrich` RPC, in bytes.
    #[arg(long, env = "NEWSROOM_MAX_CONTENT_BYTES", default_value_t = 2 * 1024 * 1024)]
    pub max_content_bytes: usize,
}
