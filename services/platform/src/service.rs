//! What every service does around its own logic, written once: open its database and
//! NATS, serve gRPC (health + reflection), report SERVING once streams exist, run the
//! outbox relay, wait for every task on shutdown; and the `serve` / `migrate` commands.

use std::{future::Future, net::SocketAddr};

use anyhow::Context as _;
use sea_orm::DatabaseConnection;
use sea_orm_migration::MigratorTrait;
use tokio::task::JoinSet;

use crate::{
    CommonConfig, Shutdown, db,
    grpc::Health,
    nats,
    outbox::{Outbox, RelayConfig},
    telemetry,
};

/// The infrastructure a service stands on.
#[derive(Clone)]
pub struct Foundation {
    /// The service's own database, migrated.
    pub db: DatabaseConnection,
    /// JetStream context on the service's NATS connection.
    pub jetstream: async_nats::jetstream::Context,
    /// The service's outbox.
    pub outbox: Outbox,
    /// Replicas of the JetStream streams the service ensures.
    pub stream_replicas: usize,
    /// Checks the bearer tokens of the service's API calls (gRPC and HTTP).
    pub authenticator: crate::auth::Authenticator,
}

impl Foundation {
    /// Open and migrate the database `<db_name>` (see [`CommonConfig::database_url_for`]) with
    /// `M`, and configure the NATS client (which connects in the background).
    pub async fn open<M: MigratorTrait>(
        common: &CommonConfig,
        db_name: &str,
        client_name: &str,
    ) -> anyhow::Result<Self> {
        let database_url = common.database_url_for(db_name);
        let db = db::connect_and_migrate::<M>(&database_url)
            .await
            .with_context(|| format!("cannot open and migrate the {db_name} database"))?;
        let client = nats::connect(&common.nats_url, &common.nats_auth, client_name)
            .await
            .context("cannot configure the NATS client")?;
        Ok(Self {
            db,
            jetstream: async_nats::jetstream::new(client),
            outbox: Outbox::new(),
            stream_replicas: usize::from(common.stream_replicas),
            authenticator: crate::auth::Authenticator::new(&common.auth),
        })
    }
}

/// A running service: where it listens, and its tasks.
pub struct RunningService {
    /// Bound gRPC address (the real port when 0 was asked).
    pub grpc_addr: SocketAddr,
    /// Bound HTTP address, for services with HTTP.
    pub http_addr: Option<SocketAddr>,
    /// Every task of the service; all end after shutdown.
    pub tasks: JoinSet<anyhow::Result<()>>,
}

impl RunningService {
    /// Wait until every task has stopped (after shutdown); the first error wins.
    pub async fn wait(mut self) -> anyhow::Result<()> {
        let mut first_error = None;
        while let Some(joined) = self.tasks.join_next().await {
            let result = joined.map_err(anyhow::Error::from).and_then(|result| result);
            if let Err(error) = result {
                tracing::error!(error = %format!("{error:#}"), "service task failed");
                first_error.get_or_insert(error);
            }
        }
        first_error.map_or(Ok(()), Err)
    }
}

/// Spawn the task that ensures the streams, flips health to SERVING, then runs the
/// outbox relay until shutdown (health goes NOT_SERVING as it drains).
pub fn spawn_readiness_and_relay(
    tasks: &mut JoinSet<anyhow::Result<()>>,
    foundation: &Foundation,
    health: Health,
    shutdown: Shutdown,
) {
    let relay =
        foundation.outbox.relay(foundation.db.clone(), foundation.jetstream.clone(), RelayConfig::default());
    let jetstream = foundation.jetstream.clone();
    let replicas = foundation.stream_replicas;
    let authenticator = foundation.authenticator.clone();
    tasks.spawn(authenticator.clone().follow_registry_owned(jetstream.clone(), replicas, shutdown.clone()));
    tasks.spawn(async move {
        if nats::ensure_streams(&jetstream, replicas, &shutdown).await {
            // Serving means callers can be checked: wait for the token registry too.
            tokio::select! {
                _ = shutdown.wait() => {
                    health.set_not_serving().await;
                    return Ok(());
                }
                _ = authenticator.wait_loaded() => {}
            }
            health.set_serving().await;
            tracing::info!("service ready");
            relay.run(shutdown.clone()).await;
        }
        health.set_not_serving().await;
        Ok(())
    });
}

/// Spawn the service's durable consumer of `spec`, applying events with `handler` until
/// `shutdown` (it binds once the streams exist).
pub fn spawn_consumer(
    tasks: &mut JoinSet<anyhow::Result<()>>,
    foundation: &Foundation,
    spec: crate::consumer::ConsumerSpec,
    handler: std::sync::Arc<dyn crate::consumer::EventHandler>,
    shutdown: Shutdown,
) {
    let jetstream = foundation.jetstream.clone();
    let replicas = foundation.stream_replicas;
    tasks.spawn(async move {
        // The streams must exist before the consumer can bind; ensure_streams retries.
        if nats::ensure_streams(&jetstream, replicas, &shutdown).await {
            crate::consumer::run(jetstream, spec, handler, shutdown).await?;
        }
        Ok(())
    });
}

/// Spawn an axum HTTP server on `listener` that stops on `shutdown`, with the process's
/// Prometheus metrics added at `GET /metrics`; over TLS when `tls` is configured.
pub fn spawn_http(
    tasks: &mut JoinSet<anyhow::Result<()>>,
    listener: tokio::net::TcpListener,
    router: axum::Router,
    tls: &crate::config::TlsConfig,
    shutdown: Shutdown,
) -> anyhow::Result<()> {
    let router = router
        .route("/metrics", axum::routing::get(crate::metrics::prometheus_handler))
        .layer(axum::middleware::from_fn(crate::telemetry::http_server_span));
    let stop = async move { shutdown.wait().await };
    match crate::tls::server_config(tls)? {
        Some(config) => {
            let listener = crate::tls::TlsListener::new(listener, config)?;
            tasks.spawn(async move {
                axum::serve(listener, router)
                    .with_graceful_shutdown(stop)
                    .await
                    .context("https server failed")
            });
        }
        None => {
            // TCP_NODELAY on every connection, as on gRPC.
            let listener = axum::serve::ListenerExt::tap_io(listener, |stream| {
                if let Err(error) = stream.set_nodelay(true) {
                    tracing::debug!(%error, "cannot set TCP_NODELAY");
                }
            });
            tasks.spawn(async move {
                axum::serve(listener, router).with_graceful_shutdown(stop).await.context("http server failed")
            });
        }
    }
    Ok(())
}

/// The commands every service binary has.
#[derive(Debug, Clone, Copy, Default, clap::Subcommand)]
pub enum ServiceCommand {
    /// Serve until SIGTERM / Ctrl-C (the default).
    #[default]
    Serve,
    /// Apply database migrations and exit.
    Migrate,
}

/// The body of every service's `main`: telemetry, then `serve` or `migrate`, then flush.
pub async fn main<MigrateFut, StartFut>(
    service_name: &'static str,
    common: &CommonConfig,
    command: Option<ServiceCommand>,
    migrate: impl FnOnce() -> MigrateFut,
    start: impl FnOnce(Shutdown) -> StartFut,
) -> anyhow::Result<()>
where
    MigrateFut: Future<Output = anyhow::Result<()>>,
    StartFut: Future<Output = anyhow::Result<RunningService>>,
{
    crate::tune_allocator(crate::AllocatorPurge::AtOnce);
    let telemetry = telemetry::init(service_name, common.log_format, common.otlp_endpoint.as_deref())?;
    let result = match command.unwrap_or_default() {
        ServiceCommand::Migrate => migrate().await,
        ServiceCommand::Serve => match start(Shutdown::on_os_signals()).await {
            Ok(running) => running.wait().await,
            Err(error) => Err(error),
        },
    };
    match &result {
        Ok(()) => tracing::info!(service = service_name, "stopped"),
        Err(error) => {
            tracing::error!(service = service_name, error = %format!("{error:#}"), "stopped with an error")
        }
    }
    telemetry.shutdown();
    result
}

/// Apply migrations `M` to the database `<db_name>` and return.
pub async fn migrate<M: MigratorTrait>(common: &CommonConfig, db_name: &str) -> anyhow::Result<()> {
    let url = common.database_url_for(db_name);
    let db = db::connect(&url).await.with_context(|| format!("cannot open the {db_name} database"))?;
    db::migrate::<M>(&db).await.context("migrations failed")?;
    tracing::info!(database = db_name, "migrations applied");
    Ok(())
}

/// The whole `main` of a service binary: `service_main!(ConfigType, SERVICE_NAME, migrate_fn, start_fn)`
/// defines the clap CLI (the service's config flattened, plus `serve` / `migrate`) and
/// runs [`main`] with it, so the three binaries share one entry point.
#[macro_export]
macro_rules! service_main {
    ($config:ty, $service_name:expr, $migrate:path, $start:path $(,)?) => {
        #[global_allocator]
        static GLOBAL_ALLOCATOR: $crate::FastAllocator = $crate::FastAllocator;

        // The service's command line: its configuration and an optional subcommand; the
        // help text is the crate's description.
        #[derive(clap::Parser)]
        #[command(name = $service_name, version, about)]
        struct Cli {
            /// Flags and environment of the service.
            #[command(flatten)]
            config: $config,
            /// `serve` (default) or `migrate`.
            #[command(subcommand)]
            command: Option<$crate::service::ServiceCommand>,
        }

        #[tokio::main]
        async fn main() -> anyhow::Result<()> {
            let cli = <Cli as clap::Parser>::parse();
            let config = cli.config.clone();
            $crate::service::main(
                $service_name,
                &cli.config.common,
                cli.command,
                || $migrate(&cli.config),
                |shutdown| $start(config, shutdown),
            )
            .await
        }
    };
}
