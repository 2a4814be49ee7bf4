//! The gRPC server every service runs: `grpc.health.v1` (NOT_SERVING until the
//! service says it is ready) and gRPC reflection over the newsroom descriptors.

use std::net::SocketAddr;

use tokio::net::TcpListener;
use tokio_stream::wrappers::TcpListenerStream;
use tonic::transport::{Server, server::Router};
use tonic_health::{ServingStatus, server::HealthReporter};

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

/// A router with health (all NOT_SERVING) and reflection already added; the service
/// adds its own gRPC services to it. `services` are the fully qualified names it will add.
pub async fn router(services: &[&'static str]) -> anyhow::Result<(Router, Health)> {
    let (reporter, health_service) = tonic_health::server::health_reporter();
    let health = Health { reporter, services: services.to_vec() };
    health.set_not_serving().await;
    let reflection = tonic_reflection::server::Builder::configure()
        .register_encoded_file_descriptor_set(newsroom_proto::FILE_DESCRIPTOR_SET)
        .register_encoded_file_descriptor_set(tonic_health::pb::FILE_DESCRIPTOR_SET)
        .build_v1()?;
    let router = Server::builder().add_service(health_service).add_service(reflection);
    Ok((router, health))
}

/// Bind a TCP listener, naming the address in the error.
pub async fn bind(addr: SocketAddr) -> anyhow::Result<TcpListener> {
    TcpListener::bind(addr).await.map_err(|error| anyhow::anyhow!("cannot bind {addr}: {error}"))
}

/// Serve `router` on `listener` until `shutdown`; in-flight calls finish first.
pub async fn serve(router: Router, listener: TcpListener, shutdown: Shutdown) -> anyhow::Result<()> {
    router
        .serve_with_incoming_shutdown(TcpListenerStream::new(listener), async move { shutdown.wait().await })
        .await?;
    Ok(())
}
