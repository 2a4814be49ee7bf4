//! Test harness shared by the cross-service tests: a test-owned `nats-server`, a
//! database per test (SQLite file or a fresh PostgreSQL database), and the services
//! started in-process against them.

pub mod auth;
pub mod db;
pub mod events;
pub mod http;
pub mod nats;
pub mod ninjs;
pub mod otlp;
pub mod postgres;
pub mod processes;
pub mod services;
pub mod webhook;

pub use db::{Backend, TestDb};
pub use nats::NatsServer;

use std::time::Duration;

/// Poll `check` every 50 ms until it returns `Some`, or panic after `timeout` with `what`.
pub async fn eventually<T, F, Fut>(timeout: Duration, what: &str, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    let deadline = tokio::time::Instant::now() + timeout;
    loop {
        if let Some(value) = check().await {
            return value;
        }
        if tokio::time::Instant::now() > deadline {
            panic!("timed out after {timeout:?} waiting for {what}");
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// A free TCP port on loopback (bound then released).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|addr| addr.port())
        .unwrap_or_else(|error| panic!("no free port: {error}"))
}

/// Run one async test body against both SQLite and PostgreSQL:
/// `both_backends!(name, async_fn)` defines `name_sqlite` and `name_postgres`.
#[macro_export]
macro_rules! both_backends {
    ($name:ident, $body:ident) => {
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                super::$body($crate::Backend::Sqlite).await;
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                super::$body($crate::Backend::Postgres).await;
            }
        }
    };
}
