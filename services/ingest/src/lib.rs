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

use std::net::SocketAddr;

use anyhow::Context as _;
use newsroom_platform::{Shutdown, db, grpc, nats, outbox::{Outbox, RelayConfig}};
use sea_orm_migration::MigratorTrait as _;
use tokio::task::JoinSet;

pub use config::IngestConfig;

use crate::{api::grpc::IngestGrpc, domain::Limits, service::Ingest, store::{StoryStore, migrations::Migrator}};

/// Service name used for the database file, NATS client and telemetry.
pub const SERVICE_NAME: &str = "newsroom-ingest";
/// Fully qualified gRPC service name, as health checks ask for it.
pub const GRPC_SERVICE: &str = "newsroom.v1.IngestService";

/// A running ingest: where it listens, and its tasks.
pub struct RunningIngest {
    /// Bound gRPC address (the real port when 0 was asked).
    pub grpc_addr: SocketAddr,
    /// Bound HTTP address.
    pub http_addr: SocketAddr,
    /// gRPC server, HTTP server, stream setup and outbox relay.
    tasks: JoinSet<anyhow::Result<()>>,
}

impl RunningIngest {
    /// Wait until every task has stopped (after shutdown); the first error wins.
    pub async fn wait(mut self) -> anyhow::Result<()> {
        let mut first_error = None;
        while let Some(joined) = self.tasks.join_next().await {
            let result = joined.map_err(anyhow::Error::from).and_then(|result| result);
            if let Err(error) = result {
                tracing::error!(error = %format!("{error:#}"), "ingest task failed");
                first_error.get_or_insert(error);
            }
        }
        first_error.map_or(Ok(()), Err)
    }
}

/// Apply ingest's migrations and return.
pub async fn migrate(config: &IngestConfig) -> anyhow::Result<()> {
    let url = config.common.database_url_for("ingest");
    let db = db::connect(&url).await.with_context(|| "cannot open ingest database")?;
    Migrator::up(&db, None).await.context("migrations failed")?;
    tracing::info!("ingest migrations applied");
    Ok(())
}

/// Start ingest: migrate, bind, serve; returns once it listens. Everything stops when
/// `shutdown` fires (in-flight calls and the relay's current batch finish first).
pub async fn start(config: IngestConfig, shutdown: Shutdown) -> anyhow::Result<RunningIngest> {
    let database_url = config.common.database_url_for("ingest");
    let db = db::connect_and_migrate::<Migrator>(&database_url)
        .await
        .context("cannot open and migrate the ingest database")?;
    let client = nats::connect(&config.common.nats_url, SERVICE_NAME)
        .await
        .context("cannot configure the NATS client")?;
    let jetstream = async_nats::jetstream::new(client);

    let outbox = Outbox::new();
    let limits = Limits { max_content_bytes: config.max_content_bytes };
    let ingest = Ingest::new(StoryStore::new(db.clone(), outbox.clone()), limits);

    let (router, health) = grpc::router(&[GRPC_SERVICE]).await?;
    // Room for the largest content plus the rest of the message.
    let max_message_bytes = config.max_content_bytes.saturating_add(1024 * 1024);
    let router = router.add_service(IngestGrpc::server(ingest.clone(), max_message_bytes));
    let grpc_listener = grpc::bind(config.common.grpc_addr_or(config::DEFAULT_GRPC_PORT)).await?;
    let http_listener = grpc::bind(config.http_addr).await?;
    let grpc_addr = grpc_listener.local_addr()?;
    let http_addr = http_listener.local_addr()?;

    let mut tasks = JoinSet::new();
    tasks.spawn(grpc::serve(router, grpc_listener, shutdown.clone()));
    let http_router = api::http::router(ingest, config.max_content_bytes);
    let http_shutdown = shutdown.clone();
    tasks.spawn(async move {
        axum::serve(http_listener, http_router)
            .with_graceful_shutdown(async move { http_shutdown.wait().await })
            .await
            .context("http server failed")
    });
    let relay = outbox.relay(db, jetstream.clone(), RelayConfig::default());
    let relay_shutdown = shutdown.clone();
    tasks.spawn(async move {
        if nats::ensure_streams(&jetstream, &relay_shutdown).await {
            health.set_serving().await;
            tracing::info!("ingest ready");
            relay.run(relay_shutdown.clone()).await;
        }
        health.set_not_serving().await;
        Ok(())
    });
    tracing::info!(%grpc_addr, %http_addr, "ingest listening");
    Ok(RunningIngest { grpc_addr, http_addr, tasks })
}
