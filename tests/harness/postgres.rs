//! A PostgreSQL server owned by one test (Debian's `initdb` / `postgres`, run as the
//! `postgres` user when the tests run as root), stoppable and restartable on the same port
//! and data directory to play a database outage.

use std::{
    path::PathBuf,
    process::{Child, Command, Stdio},
    time::Duration,
};

/// A running (or stopped) test PostgreSQL.
pub struct TestPostgres {
    /// Loopback port, stable across restarts.
    pub port: u16,
    /// Holds the data directory and the socket.
    dir: tempfile::TempDir,
    /// The server while it runs.
    child: Option<Child>,
}

/// Directory of Debian's PostgreSQL server binaries (the newest installed major version).
fn bin_dir() -> PathBuf {
    let mut versions: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .unwrap_or_else(|error| panic!("PostgreSQL server binaries (Debian package postgresql): {error}"))
        .filter_map(|entry| entry.ok().map(|entry| entry.path().join("bin")))
        .filter(|bin| bin.join("postgres").exists())
        .collect();
    versions.sort();
    versions.pop().unwrap_or_else(|| panic!("no /usr/lib/postgresql/*/bin/postgres"))
}

/// Whether this process runs as root (PostgreSQL refuses to, so it runs as `postgres`).
fn is_root() -> bool {
    Command::new("id").arg("-u").output().is_ok_and(|output| output.stdout.trim_ascii() == b"0")
}

/// `program args…`, as the `postgres` user when we are root.
fn as_server_user(program: PathBuf) -> Command {
    if is_root() {
        let mut command = Command::new("runuser");
        command.args(["-u", "postgres", "--"]).arg(program);
        command
    } else {
        Command::new(program)
    }
}

impl TestPostgres {
    /// initdb a fresh cluster on a free port and start it.
    pub async fn start() -> Self {
        let dir = tempfile::tempdir().unwrap_or_else(|error| panic!("temp dir: {error}"));
        if is_root() {
            let status = Command::new("chown")
                .args(["-R", "postgres:postgres"])
                .arg(dir.path())
                .status()
                .unwrap_or_else(|error| panic!("chown: {error}"));
            assert!(status.success(), "chown the test PostgreSQL directory");
        }
        let data = dir.path().join("data");
        let output = as_server_user(bin_dir().join("initdb"))
            .args(["-D"])
            .arg(&data)
            .args(["-U", "postgres", "--auth=trust", "--no-sync", "-E", "UTF8"])
            .output()
            .unwrap_or_else(|error| panic!("run initdb: {error}"));
        assert!(output.status.success(), "initdb: {}", String::from_utf8_lossy(&output.stderr));
        let mut server = Self { port: crate::free_port(), dir, child: None };
        server.restart().await;
        server
    }

    /// `postgres://postgres@127.0.0.1:<port>/postgres`.
    pub fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)
    }

    /// Stop the server at once: `pg_ctl stop -m immediate` ends every backend without a
    /// checkpoint (as a crash would; the restart runs crash recovery).
    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let status = as_server_user(bin_dir().join("pg_ctl"))
                .arg("-D")
                .arg(self.dir.path().join("data"))
                .args(["stop", "-m", "immediate", "-w"])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status();
            if !status.is_ok_and(|status| status.success()) {
                let _ = child.kill();
            }
            let _ = child.wait();
        }
    }

    /// Start it again on the same port and data; returns once it accepts connections.
    pub async fn restart(&mut self) {
        self.stop();
        let data = self.dir.path().join("data");
        let child = as_server_user(bin_dir().join("postgres"))
            .arg("-D")
            .arg(&data)
            .args(["-p", &self.port.to_string(), "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off"])
            .arg("-k")
            .arg(self.dir.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|error| panic!("start postgres: {error}"));
        self.child = Some(child);
        let addr = format!("127.0.0.1:{}", self.port);
        crate::eventually(Duration::from_secs(30), "the test PostgreSQL to accept connections", || {
            let addr = addr.clone();
            async move { tokio::net::TcpStream::connect(addr).await.ok().map(|_| ()) }
        })
        .await;
        // Accepting TCP comes a moment before accepting logins (recovery after a kill).
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
}

impl Drop for TestPostgres {
    fn drop(&mut self) {
        self.stop();
    }
}
