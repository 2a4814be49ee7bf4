//! `newsroom-ingest`: the front door of the pipeline.
//!
//! Newsroom tools push raw stories over gRPC ([`api::grpc`]) or HTTP JSON ([`api::http`]);
//! [`domain`] validates them and decides identity and versions; [`store`] keeps stories,
//! versions and the outbox in ingest's own database; the platform's outbox relay emits
//! `newsroom.story.ingested` to JetStream.

pub mod api;
pub mod config;
pub mod domain;
pub mod error;
pub mod service;
pub mod store;

use anyhow::Context as _;
use newsroom_platform::{
    Shutdown, grpc,
    service::{Foundation, RunningService, spawn_http, spawn_readiness_and_relay},
};
use tokio::task::JoinSet;

pub use config::IngestConfig;

use crate::{
    api::grpc::IngestGrpc,
    domain::Limits,
    service::Ingest,
    store::{StoryStore, migrations::Migrator},
};

/// Service name used for the NATS client and telemetry.
pub const SERVICE_NAME: &str = "newsroom-ingest";
/// Name of ingest's database (the default SQLite file is `<data_dir>/ingest.db`).
pub const DATABASE_NAME: &str = "ingest";
/// Fully qualified gRPC service name, as health checks ask for it.
pub const GRPC_SERVICE: &str = "newsroom.v1.IngestService";

/// Apply ingest's migrations and return.
pub async fn migrate(config: &IngestConfig) -> anyhow::Result<()> {
    newsroom_platform::service::migrate::<Migrator>(&config.common, DATABASE_NAME).await
}

/// Start ingest: migrate, bind, serve; returns once it listens. Everything stops when
/// `shutdown` fires (in-flight calls and the relay's current batch finish first).
pub async fn start(config: IngestConfig, shutdown: Shutdown) -> anyhow::Result<RunningService> {
    let foundation = Foundation::open::<Migrator>(&config.common, DATABASE_NAME, SERVICE_NAME).await?;
    let limits = Limits { max_content_bytes: config.max_content_bytes };
    let ingest = Ingest::new(StoryStore::new(foundation.db.clone(), foundation.outbox.clone()), limits);

    let security = grpc::GrpcSecurity {
        authenticator: foundation.authenticator.clone(),
        policy: api::grpc_access,
        tls: &config.common.tls,
    };
    let (router, health) = grpc::router(&[GRPC_SERVICE], security).await?;
    // Far above the content limit, so an oversized item in a bulk stream reaches the
    // per-item check (and is rejected by index) instead of ending the whole stream.
    let max_message_bytes = config.max_content_bytes.saturating_mul(4).max(16 * 1024 * 1024);
    let router = router.add_service(IngestGrpc::server(ingest.clone(), max_message_bytes));
    let grpc_listener = grpc::bind(config.common.grpc_addr_or(config::DEFAULT_GRPC_PORT)).await?;
    let http_listener = grpc::bind(config.http_addr).await?;
    let grpc_addr = grpc_listener.local_addr().context("grpc listener address")?;
    let http_addr = http_listener.local_addr().context("http listener address")?;

    let mut tasks = JoinSet::new();
    tasks.spawn(grpc::serve(router, grpc_listener, shutdown.clone()));
    spawn_http(
        &mut tasks,
        http_listener,
        api::http::router(ingest, config.max_content_bytes, foundation.authenticator.clone()),
        &config.common.tls,
        shutdown.clone(),
    )?;
    spawn_readiness_and_relay(&mut tasks, &foundation, health, shutdown);
    tracing::info!(%grpc_addr, %http_addr, "ingest listening");
    Ok(RunningService { grpc_addr, http_addr: Some(http_addr), tasks })
}
