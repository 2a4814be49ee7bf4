//! `newsroom-publishing`: renders enriched stories as IPTC ninjs 2.2 and Atom and
//! publishes them to channels.
//!
//! [`worker`] consumes `newsroom.story.enriched` (a durable consumer shared by every
//! replica); [`store`] keeps each version's ninjs document and releases it — now, or
//! when its embargo ends ([`embargo`]) — to every matching channel ([`domain::channels`]):
//! a `newsroom.story.published.<channel>` event through the outbox and an entry in the
//! channel's Atom feed — and queues it for every matching subscriber, whose deliveries
//! (signed webhooks, NATS subjects) [`delivery`] sends with retries. [`api`] serves `PublishingService` over gRPC and the feeds and
//! documents over HTTP. [`domain`] is the pure part: filters, ninjs, Atom.

pub mod api;
pub mod config;
pub mod delivery;
pub mod domain;
pub mod embargo;
pub mod error;
pub mod store;
pub mod worker;

use std::{sync::Arc, time::Duration};

use anyhow::Context as _;
use newsroom_platform::{
    Shutdown, grpc,
    service::{Foundation, RunningService, spawn_consumer, spawn_http, spawn_readiness_and_relay},
};
use tokio::task::JoinSet;

pub use config::PublishingConfig;

use crate::{
    api::{Publishing, grpc::PublishingGrpc},
    domain::channels::Channels,
    store::{PublishingStore, migrations::Migrator},
    worker::EnrichedHandler,
};

/// Service name used for the NATS client and telemetry.
pub const SERVICE_NAME: &str = "newsroom-publishing";
/// Name of the service's database (the default SQLite file is `<data_dir>/publishing.db`).
pub const DATABASE_NAME: &str = "publishing";
/// Fully qualified gRPC service name, as health checks ask for it.
pub const GRPC_SERVICE: &str = "newsroom.v1.PublishingService";

/// Apply the service's migrations and return.
pub async fn migrate(config: &PublishingConfig) -> anyhow::Result<()> {
    newsroom_platform::service::migrate::<Migrator>(&config.common, DATABASE_NAME).await
}

/// Start the service; returns once it listens. Everything stops when `shutdown` fires.
pub async fn start(config: PublishingConfig, shutdown: Shutdown) -> anyhow::Result<RunningService> {
    let channels = match &config.channels_file {
        Some(path) => Channels::load(path)?,
        None => Channels::default(),
    };
    let foundation = Foundation::open::<Migrator>(&config.common, DATABASE_NAME, SERVICE_NAME).await?;
    let store = PublishingStore::new(
        foundation.db.clone(),
        foundation.outbox.clone(),
        Arc::new(channels),
        config.public_base_url.clone(),
    );
    let publishing =
        Publishing::new(store.clone(), config.feed_size, shutdown.clone(), config.webhook_network_policy());
    let security = grpc::GrpcSecurity {
        authenticator: foundation.authenticator.clone(),
        policy: api::grpc_access,
        tls: &config.common.tls,
    };
    let (router, health) = grpc::router(&[GRPC_SERVICE], security).await?;
    let router = router.add_service(PublishingGrpc::server(publishing.clone()));
    let grpc_listener = grpc::bind(config.common.grpc_addr_or(config::DEFAULT_GRPC_PORT)).await?;
    let grpc_addr = grpc_listener.local_addr().context("grpc listener address")?;
    let http_listener = grpc::bind(config.http_addr).await?;
    let http_addr = http_listener.local_addr().context("http listener address")?;
    let mut tasks = JoinSet::new();
    tasks.spawn(grpc::serve(router, grpc_listener, shutdown.clone()));
    spawn_http(
        &mut tasks,
        http_listener,
        api::http::router(publishing),
        &config.common.tls,
        shutdown.clone(),
    )?;
    spawn_readiness_and_relay(&mut tasks, &foundation, health, shutdown.clone());
    tasks.spawn(embargo::run(
        store.clone(),
        Duration::from_millis(config.embargo_poll_ms.max(10)),
        shutdown.clone(),
    ));
    tasks.spawn(delivery::run(
        store.clone(),
        foundation.jetstream.client(),
        config.delivery_settings(),
        shutdown.clone(),
    ));
    spawn_consumer(
        &mut tasks,
        &foundation,
        worker::consumer_spec(config.concurrency),
        Arc::new(EnrichedHandler::new(store)),
        shutdown,
    );
    tracing::info!(%grpc_addr, %http_addr, "publishing listening");
    Ok(RunningService { grpc_addr, http_addr: Some(http_addr), tasks })
}
