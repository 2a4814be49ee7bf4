//! Shared plumbing for every newsroom service, written once.
//!
//! A service is a library plus a thin `main`; everything that is not the service's own
//! domain lives here: configuration ([`config`]), logs and traces ([`telemetry`]), metrics ([`metrics`]),
//! graceful shutdown ([`shutdown`]), its database ([`db`]), NATS JetStream streams and
//! subjects ([`nats`]), the event envelope ([`events`]), the transactional outbox and its
//! relay ([`outbox`]), and the gRPC server with health and reflection ([`grpc`]).

pub mod auth;
pub mod config;
pub mod consumer;
pub mod db;
pub mod events;
pub mod grpc;
pub mod http_error;
pub mod metrics;
pub mod nats;
pub mod outbox;
pub mod service;
pub mod shutdown;
pub mod telemetry;
pub mod tls;
pub mod webhook_signature;

pub use config::CommonConfig;
/// The allocator every binary installs (`#[global_allocator]`, done by [`service_main!`] for
/// the services): under load glibc's malloc/free took 8-10 % of each service's CPU. Libraries
/// never install it, so fuzzing and sanitizers keep the system allocator.
pub use mimalloc::MiMalloc as FastAllocator;
pub use shutdown::Shutdown;
