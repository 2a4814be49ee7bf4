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

    /// Attempts at a delivery before it is dead.
    #[arg(long, env = "NEWSROOM_DELIVERY_MAX_ATTEMPTS", default_value_t = 10)]
    pub delivery_max_attempts: u32,

    /// First retry delay of a failed delivery, in milliseconds (doubles per attempt, full jitter).
    #[arg(long, env = "NEWSROOM_DELIVERY_BACKOFF_MS", default_value_t = 1000)]
    pub delivery_backoff_ms: u64,

    /// Longest retry delay, in milliseconds.
    #[arg(long, env = "NEWSROOM_DELIVERY_BACKOFF_CAP_MS", default_value_t = 300_000)]
    pub delivery_backoff_cap_ms: u64,

    /// Timeout of one webhook request, in milliseconds.
    #[arg(long, env = "NEWSROOM_WEBHOOK_TIMEOUT_MS", default_value_t = 10_000)]
    pub webhook_timeout_ms: u64,

    /// Sends in flight per subscriber (a slow subscriber holds only these).
    #[arg(long, env = "NEWSROOM_DELIVERY_PER_SUBSCRIBER", default_value_t = 4)]
    pub delivery_per_subscriber: usize,

    /// Let webhooks reach loopback addresses (127.0.0.0/8, ::1, localhost): local receivers,
    /// tests and the demo. Off in production.
    #[arg(long, env = "NEWSROOM_WEBHOOK_ALLOW_LOOPBACK", default_value_t = false, action = clap::ArgAction::Set)]
    pub webhook_allow_loopback: bool,

    /// Let webhooks reach private and link-local addresses (10/8, 172.16/12, 192.168/16,
    /// 100.64/10, 169.254/16, fc00::/7, fe80::/10): receivers inside the cluster's network.
    #[arg(long, env = "NEWSROOM_WEBHOOK_ALLOW_PRIVATE", default_value_t = false, action = clap::ArgAction::Set)]
    pub webhook_allow_private: bool,
}

impl PublishingConfig {
    /// Which addresses webhooks may reach.
    pub fn webhook_network_policy(&self) -> crate::domain::webhook_targets::WebhookNetworkPolicy {
        crate::domain::webhook_targets::WebhookNetworkPolicy {
            allow_loopback: self.webhook_allow_loopback,
            allow_private: self.webhook_allow_private,
        }
    }

    /// The dispatcher's settings.
    pub fn delivery_settings(&self) -> crate::delivery::DeliverySettings {
        use std::time::Duration;
        crate::delivery::DeliverySettings {
            max_attempts: self.delivery_max_attempts.max(1),
            backoff_base: Duration::from_millis(self.delivery_backoff_ms.max(1)),
            backoff_cap: Duration::from_millis(
                self.delivery_backoff_cap_ms.max(self.delivery_backoff_ms.max(1)),
            ),
            request_timeout: Duration::from_millis(self.webhook_timeout_ms.max(100)),
            per_subscriber_in_flight: self.delivery_per_subscriber.max(1),
            poll: Duration::from_millis(self.embargo_poll_ms.max(10)),
            webhook_network: self.webhook_network_policy(),
        }
    }
}
