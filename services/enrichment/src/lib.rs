//! `newsroom-enrichment`: turns raw stories into clean, structured ones (skeleton: the pipeline arrives with the enrichment issue).
//!
//! Today it stands up what every service has — its own database with the outbox,
//! NATS JetStream streams, gRPC health and reflection — so the deployment and the
//! demo already run it.

pub mod config;
pub mod store;

use anyhow::Context as _;
use newsroom_platform::{
    Shutdown, grpc,
    service::{Foundation, RunningService, spawn_readiness_and_relay},
};
use tokio::task::JoinSet;

pub use config::EnrichmentConfig;

use crate::store::migrations::Migrator;

/// Service name used for the NATS client and telemetry.
pub const SERVICE_NAME: &str = "newsroom-enrichment";
/// Name of the service's database (the default SQLite file is `<data_dir>/enrichment.db`).
pub const DATABASE_NAME: &str = "enrichment";

/// Apply the service's migrations and return.
pub async fn migrate(config: &EnrichmentConfig) -> anyhow::Result<()> {
    newsroom_platform::service::migrate::<Migrator>(&config.common, DATABASE_NAME).await
}

/// Start the service; returns once it listens. Everything stops when `shutdown` fires.
pub async fn start(config: EnrichmentConfig, shutdown: Shutdown) -> anyhow::Result<RunningService> {
    let foundation = Foundation::open::<Migrator>(&config.common, DATABASE_NAME, SERVICE_NAME).await?;
    let (router, health) = grpc::router(&[]).await?;
    let grpc_listener = grpc::bind(config.common.grpc_addr_or(config::DEFAULT_GRPC_PORT)).await?;
    let grpc_addr = grpc_listener.local_addr().context("grpc listener address")?;
    let mut tasks = JoinSet::new();
    tasks.spawn(grpc::serve(router, grpc_listener, shutdown.clone()));
    spawn_readiness_and_relay(&mut tasks, &foundation, health, shutdown);
    tracing::info!(%grpc_addr, "enrichment listening");
    Ok(RunningService { grpc_addr, http_addr: None, tasks })
}
