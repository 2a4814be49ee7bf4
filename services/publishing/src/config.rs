//! Publishing's configuration: the platform's common settings plus its own.

use std::{net::SocketAddr, path::PathBuf};

use newsroom_platform::CommonConfig;

/// Default gRPC port of publishing.
pub const DEFAULT_GRPC_PORT: u16 = 50053;
/// Default HTTP port of publishing (feeds and ninjs documents).
pub const DEFAULT_HTTP_PORT: u16 = 8083;

/// Everything publishing reads from flags and environment.
#[derive(Debug, Clone, clap::Args)]
pub struct PublishingConfig {
    /// Settings shared by every service.
    #[command(flatten)]
    pub common: CommonConfig,

    /// Address of the HTTP endpoint serving `/feeds/<channel>.atom` and `/stories/<id>`.
    #[arg(long, env = "NEWSROOM_HTTP_ADDR", default_value_t = SocketAddr::from(([127, 0, 0, 1], DEFAULT_HTTP_PORT)))]
    pub http_addr: SocketAddr,

    /// JSON file of channel rules (`[{"name": "world", "languages": ["en"], ...}]`); without
    /// it there is one channel, `all`, taking every story.
    #[arg(long, env = "NEWSROOM_CHANNELS_FILE")]
    pub channels_file: Option<PathBuf>,

    /// Public base URL of this service (e.g. `https://news.example.com`): ninjs `uri`s and
    /// feed links are built on it. Without it, stories are named `urn:newsroom:story:<id>`.
    #[arg(long, env = "NEWSROOM_PUBLIC_BASE_URL")]
    pub public_base_url: Option<String>,

    /// Entries in each Atom feed (newest first).
    #[arg(long, env = "NEWSROOM_FEED_SIZE", default_value_t = 50)]
    pub feed_size: u64,

    /// Events applied at once by this replica.
    #[arg(long, env = "NEWSROOM_PUBLISH_CONCURRENCY", default_value_t = 8)]
    pub concurrency: usize,

    /// How often embargoed versions are checked for release, in milliseconds (a release is
    /// also scheduled for the exact embargo time; this is the safety net across replicas).
    #[arg(long, env = "NEWSROOM_EMBARGO_POLL_MS", default_value_t = 1000)]
    pub embargo_poll_ms: u64,
}
