//! Enrichment's configuration: the platform's common settings (its own settings join
//! them as the service grows).

use newsroom_platform::CommonConfig;

/// Default gRPC port of enrichment.
pub const DEFAULT_GRPC_PORT: u16 = 50052;

/// Everything enrichment reads from flags and environment.
#[derive(Debug, Clone, clap::Args)]
pub struct EnrichmentConfig {
    /// Settings shared by every service.
    #[command(flatten)]
    pub common: CommonConfig,
}
