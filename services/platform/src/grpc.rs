//! The gRPC server every service runs: `grpc.health.v1` (NOT_SERVING until the
//! service says it is ready) and gRPC reflection over the newsroom descriptors.

use std::net::SocketAddr;

use anyhow::Context as _;

use tokio::net::TcpListener;
use tokio_stream::{StreamExt as _, wrappers::TcpListenerStream};
use tonic::transport::{Server, server::Router};
use tonic_health::{ServingStatus, server::HealthReporter};
use tower::layer::util::{Identity, Stack};

use crate::shutdown::Shutdown;

/// Health of one service process, as seen by `grpc.health.v1` clients and Kubernetes probes.
#[derive(Clone)]
pub struct Health {
    /// The tonic-health reporter behind the health service.
    reporter: HealthReporter,
    /// Fully qualified gRPC service names reported besides the overall "" entry.
    services: Vec<&'static str>,
}

impl Health {
    /// Mark the process and its services ready to take traffic.
    pub async fn set_serving(&self) {
        self.set(ServingStatus::Serving).await;
    }

    /// Mark the process and its services not ready (start-up, draining).
    pub async fn set_not_serving(&self) {
        self.set(ServingStatus::NotServing).await;
    }

    async fn set(&self, status: ServingStatus) {
        self.reporter.set_service_status("", status).await;
        for service in &self.services {
            self.reporter.set_service_status(*service, status).await;
        }
    }
}

/// The gRPC router of every service: each call gets a server span continuing the caller's
/// trace, and its duration and status in the metrics; then its bearer token is checked.
pub type GrpcRouter =
    Router<Stack<crate::auth::GrpcAuthLayer, Stack<crate::telemetry::GrpcServerTelemetryLayer, Identity>>>;

/// How a service's gRPC server guards and encrypts its calls.
pub struct GrpcSecurity<'a> {
    /// The token check shared with the service's HTTP routes.
    pub authenticator: crate::auth::Authenticator,
    /// Which scope each of the service's methods needs.
    pub policy: crate::auth::MethodPolicy,
    /// Certificate and key when the listener speaks TLS.
    pub tls: &'a crate::config::TlsConfig,
}

/// A router with health (all NOT_SERVING) and reflection already added; the service
/// adds its own gRPC services to it. `services` are the fully qualified names it will add.
pub async fn router(
    services: &[&'static str],
    security: GrpcSecurity<'_>,
) -> anyhow::Result<(GrpcRouter, Health)> {
    let (reporter, health_service) = tonic_health::server::health_reporter();
    let health = Health { reporter, services: services.to_vec() };
    health.set_not_serving().await;
    let reflection = tonic_reflection::server::Builder::configure()
        .register_encoded_file_descriptor_set(newsroom_proto::FILE_DESCRIPTOR_SET)
        .register_encoded_file_descriptor_set(tonic_health::pb::FILE_DESCRIPTOR_SET)
        .build_v1()?;
    let mut server = Server::builder();
    if let Some((cert_path, key_path)) = security.tls.paths() {
        let cert = read_pem(cert_path).await?;
        let key = read_pem(key_path).await?;
        server = server
            .tls_config(
                tonic::transport::ServerTlsConfig::new()
                    .identity(tonic::transport::Identity::from_pem(cert, key)),
            )
            .context("invalid TLS certificate or key")?;
    }
    let router = server
        .layer(crate::telemetry::GrpcServerTelemetryLayer)
        .layer(crate::auth::GrpcAuthLayer::new(security.authenticator, security.policy))
        .add_service(health_service)
        .add_service(reflection);
    Ok((router, health))
}

/// Read a PEM file, naming it in the error.
async fn read_pem(path: &std::path::Path) -> anyhow::Result<Vec<u8>> {
    tokio::fs::read(path).await.with_context(|| format!("cannot read {}", path.display()))
}

/// Bind a TCP listener, naming the address in the error.
///
/// "Address in use" is retried for a while: a fixed port in the ephemeral range can be
/// held for a moment by some outgoing connection's local end (or a previous instance
/// still closing), which is no reason to die.
pub async fn bind(addr: SocketAddr) -> anyhow::Result<TcpListener> {
    let deadline = tokio::time::Instant::now() + BIND_RETRY_FOR;
    let mut delay = std::time::Duration::from_millis(50);
    loop {
        match TcpListener::bind(addr).await {
            Ok(listener) => return Ok(listener),
            Err(error)
                if error.kind() == std::io::ErrorKind::AddrInUse
                    && tokio::time::Instant::now() < deadline =>
            {
                tracing::warn!(%addr, %error, retry_in_ms = delay.as_millis() as u64, "address in use, retrying");
                tokio::time::sleep(delay).await;
                delay = (delay * 2).min(std::time::Duration::from_secs(1));
            }
            Err(error) => return Err(anyhow::anyhow!("cannot bind {addr}: {error}")),
        }
    }
}

/// How long [`bind`] retries an address in use.
const BIND_RETRY_FOR: std::time::Duration = std::time::Duration::from_secs(15);

/// Serve `router` on `listener` until `shutdown`; in-flight calls finish first.
pub async fn serve(router: GrpcRouter, listener: TcpListener, shutdown: Shutdown) -> anyhow::Result<()> {
    // Every accepted connection gets TCP_NODELAY: a small response (an acknowledgement)
    // must not wait for Nagle's algorithm (40 ms stalls against delayed ACKs).
    let incoming = TcpListenerStream::new(listener).map(|accepted| {
        accepted.inspect(|stream| {
            if let Err(error) = stream.set_nodelay(true) {
                tracing::debug!(%error, "cannot set TCP_NODELAY");
            }
        })
    });
    router.serve_with_incoming_shutdown(incoming, async move { shutdown.wait().await }).await?;
    Ok(())
}
