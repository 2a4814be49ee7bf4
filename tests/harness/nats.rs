//! A `nats-server -js` owned by one test: free port, temp store dir, killed on drop,
//! and stoppable / restartable on the same port and store to simulate outages.

use std::{
    path::PathBuf,
    process::{Child, Command, Stdio},
    time::Duration,
};

/// A running (or stopped) test NATS server.
pub struct NatsServer {
    /// Loopback port it listens on, stable across restarts.
    pub port: u16,
    /// JetStream store directory, kept across restarts.
    store_dir: tempfile::TempDir,
    /// The server process while it runs.
    child: Option<Child>,
}

/// The nats-server binary: `$NATS_SERVER_BIN`, else `nats-server` on PATH, else Debian's path.
fn binary() -> PathBuf {
    if let Ok(path) = std::env::var("NATS_SERVER_BIN") {
        return PathBuf::from(path);
    }
    let debian = PathBuf::from("/usr/sbin/nats-server");
    if debian.exists() {
        return debian;
    }
    PathBuf::from("nats-server")
}

impl NatsServer {
    /// Start a fresh server with JetStream on a free port.
    pub async fn start() -> Self {
        let store_dir = tempfile::tempdir().unwrap_or_else(|error| panic!("temp dir: {error}"));
        let mut server = Self { port: crate::free_port(), store_dir, child: None };
        server.restart().await;
        server
    }

    /// `nats://127.0.0.1:<port>`.
    pub fn url(&self) -> String {
        format!("nats://127.0.0.1:{}", self.port)
    }

    /// Kill the server (as an outage would).
    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Start it again on the same port and store; returns once it accepts connections.
    pub async fn restart(&mut self) {
        self.stop();
        let child = Command::new(binary())
            .args(["-js", "-a", "127.0.0.1", "-p", &self.port.to_string(), "-sd"])
            .arg(self.store_dir.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|error| panic!("cannot start nats-server ({}): {error}", binary().display()));
        self.child = Some(child);
        let addr = format!("127.0.0.1:{}", self.port);
        crate::eventually(Duration::from_secs(10), "nats-server to listen", || {
            let addr = addr.clone();
            async move { tokio::net::TcpStream::connect(addr).await.ok().map(|_| ()) }
        })
        .await;
    }

    /// A plain client of this server.
    pub async fn client(&self) -> async_nats::Client {
        async_nats::connect(self.url()).await.unwrap_or_else(|error| panic!("connect to test nats: {error}"))
    }
}

impl Drop for NatsServer {
    fn drop(&mut self) {
        self.stop();
    }
}
