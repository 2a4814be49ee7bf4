//! `newsroom-enrichment`: turns raw stories into clean, structured ones.
//!
//! [`worker`] consumes `newsroom.story.ingested` (a durable consumer shared by every
//! replica), runs the pure pipeline crate `newsroom-pipeline` through [`pipeline`], and
//! [`store`] commits the enrichment, its near-duplicate cluster, the processed-event mark
//! and the `newsroom.story.enriched` event together. [`api`] serves `EnrichmentService`.

pub mod api;
pub mod config;
pub mod convert;
pub mod error;
pub mod pipeline;
pub mod store;
pub mod worker;

use std::sync::Arc;

use anyhow::Context as _;
use newsroom_platform::{
    Shutdown, grpc,
    service::{Foundation, RunningService, spawn_consumer, spawn_http, spawn_readiness_and_relay},
};
use tokio::task::JoinSet;

pub use config::EnrichmentConfig;

use crate::{
    api::EnrichmentGrpc,
    store::{EnrichmentStore, migrations::Migrator},
    worker::IngestedHandler,
};

/// Service name used for the NATS client and telemetry.
pub const SERVICE_NAME: &str = "newsroom-enrichment";
/// Name of the service's database (the default SQLite file is `<data_dir>/enrichment.db`).
pub const DATABASE_NAME: &str = "enrichment";
/// Fully qualified gRPC service name, as health checks ask for it.
pub const GRPC_SERVICE: &str = "newsroom.v1.EnrichmentService";

/// Apply the service's migrations and return.
pub async fn migrate(config: &EnrichmentConfig) -> anyhow::Result<()> {
    newsroom_platform::service::migrate::<Migrator>(&config.common, DATABASE_NAME).await
}

/// Start the service; returns once it listens. Everything stops when `shutdown` fires.
pub async fn start(config: EnrichmentConfig, shutdown: Shutdown) -> anyhow::Result<RunningService> {
    let foundation = Foundation::open::<Migrator>(&config.common, DATABASE_NAME, SERVICE_NAME).await?;
    let store = EnrichmentStore::new(foundation.db.clone(), foundation.outbox.clone());
    let security = grpc::GrpcSecurity {
        authenticator: foundation.authenticator.clone(),
        policy: api::grpc_access,
        tls: &config.common.tls,
    };
    let (router, health) = grpc::router(&[GRPC_SERVICE], security).await?;
    let router = router.add_service(EnrichmentGrpc::server(store.clone(), config.max_content_bytes));
    let grpc_listener = grpc::bind(config.common.grpc_addr_or(config::DEFAULT_GRPC_PORT)).await?;
    let grpc_addr = grpc_listener.local_addr().context("grpc listener address")?;
    let mut tasks = JoinSet::new();
    tasks.spawn(grpc::serve(router, grpc_listener, shutdown.clone()));
    let http_listener = grpc::bind(config.http_addr).await?;
    let http_addr = http_listener.local_addr().context("http listener address")?;
    let http_router = axum::Router::new().route("/healthz", axum::routing::get(|| async { "ok" }));
    spawn_http(&mut tasks, http_listener, http_router, &config.common.tls, shutdown.clone())?;
    spawn_readiness_and_relay(&mut tasks, &foundation, health, shutdown.clone());
    spawn_consumer(
        &mut tasks,
        &foundation,
        worker::consumer_spec(config.concurrency),
        Arc::new(IngestedHandler::new(store)),
        shutdown,
    );
    tracing::info!(%grpc_addr, %http_addr, "enrichment listening");
    Ok(RunningService { grpc_addr, http_addr: Some(http_addr), tasks })
}
