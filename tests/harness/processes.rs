//! The real service binaries as child processes, configured only through their environment
//! (as a deployment would), stopped with SIGTERM so they drain and flush like in production.

use std::{
    net::SocketAddr,
    path::{Path, PathBuf},
    process::{Child, Command, Stdio},
    sync::OnceLock,
    time::Duration,
};

/// Build the binaries once per test process (a no-op when they are fresh) and return the
/// directory holding them (`target/debug`).
pub fn binaries() -> PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
        let status = Command::new(cargo)
            // The same build as `just build` and `just demo` (same features, so no rebuild).
            .args(["build", "--workspace", "--bins", "--locked"])
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .status()
            .unwrap_or_else(|error| panic!("cannot run cargo build: {error}"));
        assert!(status.success(), "cargo build of the service binaries failed");
        // This test runs from target/<profile>/deps/; the binaries sit one level up.
        let exe = std::env::current_exe().unwrap_or_else(|error| panic!("current exe: {error}"));
        exe.parent()
            .and_then(|deps| deps.parent())
            .map(PathBuf::from)
            .unwrap_or_else(|| panic!("unexpected test binary location {}", exe.display()))
    })
    .clone()
}

/// A running service binary; killed if still running when dropped.
pub struct ServiceProcess {
    /// Which binary, for messages.
    pub name: String,
    /// The child.
    child: Child,
    /// Where its stdout and stderr go, quoted when it dies before it is ready.
    log_file: PathBuf,
}

/// Where a service process listens, as it logged once bound.
#[derive(Debug, Clone, Copy)]
pub struct Listening {
    /// The gRPC address.
    pub grpc: SocketAddr,
    /// The HTTP address (`/metrics`, `/healthz`, ingest's JSON API).
    pub http: SocketAddr,
}

/// How long a service process may take to log its addresses or report SERVING: a CI run with
/// nine debug service processes of three tests starting at once on two cores once took over
/// 60 s to bring one up.
pub const START_TIMEOUT: Duration = Duration::from_secs(120);

impl ServiceProcess {
    /// Start `binary` (a file name in [`binaries`]) with exactly `env` added to a cleared
    /// newsroom environment; its output goes to `log_file`.
    pub fn start(binary: &str, env: &[(String, String)], log_file: &std::path::Path) -> Self {
        Self::start_binary(&binaries().join(binary), env, log_file)
    }

    /// Start the binary at `path` (e.g. a release build) like [`Self::start`].
    pub fn start_binary(
        path: &std::path::Path,
        env: &[(String, String)],
        log_file: &std::path::Path,
    ) -> Self {
        let binary = path
            .file_name()
            .map_or_else(|| path.display().to_string(), |name| name.to_string_lossy().into_owned());
        let log = std::fs::File::create(log_file).unwrap_or_else(|error| panic!("log file: {error}"));
        let log_err = log.try_clone().unwrap_or_else(|error| panic!("log file: {error}"));
        let mut command = Command::new(path);
        for (name, _) in std::env::vars() {
            if name.starts_with("NEWSROOM_")
                || name.starts_with("OTEL_")
                || name == "DATABASE_URL"
                || name == "NATS_URL"
            {
                command.env_remove(name);
            }
        }
        let child = command
            .envs(env.iter().map(|(name, value)| (name.as_str(), value.as_str())))
            .stdout(Stdio::from(log))
            .stderr(Stdio::from(log_err))
            .spawn()
            .unwrap_or_else(|error| panic!("cannot start {binary}: {error}"));
        Self { name: binary, child, log_file: log_file.to_owned() }
    }

    /// Start `binary` like [`Self::start`] on ports the kernel picks (`127.0.0.1:0`), and wait
    /// until its log names them.
    ///
    /// Ports picked by the test and released before the service binds them can be taken in
    /// between by another test's server or client; binding port 0 has no such window.
    pub async fn start_listening(
        binary: &str,
        env: &[(String, String)],
        log_file: &Path,
    ) -> (Self, Listening) {
        let any_port = [
            ("NEWSROOM_GRPC_ADDR".to_owned(), "127.0.0.1:0".to_owned()),
            ("NEWSROOM_HTTP_ADDR".to_owned(), "127.0.0.1:0".to_owned()),
        ];
        let mut process = Self::start(binary, &[env, &any_port].concat(), log_file);
        let deadline = tokio::time::Instant::now() + START_TIMEOUT;
        loop {
            let log = std::fs::read_to_string(&process.log_file).unwrap_or_default();
            if let Some(listening) = log.lines().find_map(listening_line) {
                return (process, listening);
            }
            process.assert_running("logging its addresses");
            assert!(
                tokio::time::Instant::now() < deadline,
                "{} did not log its addresses within {START_TIMEOUT:?}; its log:\n{log}",
                process.name
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Wait until its gRPC health service at `addr` reports `service` ("" = the process)
    /// SERVING; fails at once, quoting its log, if the process exits first.
    pub async fn wait_serving(&mut self, addr: SocketAddr, service: &str) {
        let deadline = tokio::time::Instant::now() + START_TIMEOUT;
        loop {
            if crate::services::serving_within(addr, service, Duration::from_secs(1)).await {
                return;
            }
            self.assert_running("reporting SERVING");
            assert!(
                tokio::time::Instant::now() < deadline,
                "{} at {addr} did not report {service:?} SERVING within {START_TIMEOUT:?}; its log:\n{}",
                self.name,
                std::fs::read_to_string(&self.log_file).unwrap_or_default()
            );
        }
    }

    /// Panic with its log if it has exited (`waiting_for` says what for, in the message).
    fn assert_running(&mut self, waiting_for: &str) {
        if let Ok(Some(status)) = self.child.try_wait() {
            panic!(
                "{} exited ({status}) before {waiting_for}; its log:\n{}",
                self.name,
                std::fs::read_to_string(&self.log_file).unwrap_or_default()
            );
        }
    }

    /// SIGTERM, then wait up to `timeout` for a clean exit (panics if it does not stop).
    pub fn stop(mut self, timeout: Duration) -> std::process::ExitStatus {
        let pid = self.child.id().to_string();
        let _ = Command::new("kill").args(["-TERM", &pid]).status();
        let deadline = std::time::Instant::now() + timeout;
        loop {
            match self.child.try_wait() {
                Ok(Some(status)) => return status,
                Ok(None) if std::time::Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(50))
                }
                _ => {
                    let _ = self.child.kill();
                    panic!("{} did not stop within {timeout:?} of SIGTERM", self.name);
                }
            }
        }
    }

    /// SIGKILL: the process dies mid-work, with no chance to drain (a crash, an OOM kill).
    pub fn kill(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// Its process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Whether it is still running.
    pub fn is_running(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }
}

impl Drop for ServiceProcess {
    fn drop(&mut self) {
        if matches!(self.child.try_wait(), Ok(None)) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// The addresses in a service's "… listening" log line, in the human or the JSON log format
/// (`grpc_addr=127.0.0.1:4711` or `"grpc_addr":"127.0.0.1:4711"`).
fn listening_line(line: &str) -> Option<Listening> {
    if !line.contains("listening") {
        return None;
    }
    let addr_after = |key: &str| -> Option<SocketAddr> {
        let rest = &line[line.find(key)? + key.len()..];
        let rest = rest.trim_start_matches(['=', '"', ':']);
        let end = rest.find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ':')).unwrap_or(rest.len());
        rest[..end].parse().ok()
    };
    Some(Listening { grpc: addr_after("grpc_addr")?, http: addr_after("http_addr")? })
}

#[cfg(test)]
mod tests {
    use super::listening_line;

    #[test]
    fn listening_lines_give_their_addresses_in_both_log_formats() {
        let human = "2026-12-07T20:54:43Z  INFO newsroom_ingest: ingest listening grpc_addr=127.0.0.1:4711 http_addr=127.0.0.1:4712";
        let json = r#"{"level":"INFO","grpc_addr":"127.0.0.1:4711","http_addr":"127.0.0.1:4712","message":"ingest listening"}"#;
        for line in [human, json] {
            let listening = listening_line(line).unwrap_or_else(|| panic!("no addresses in {line}"));
            assert_eq!((listening.grpc.port(), listening.http.port()), (4711, 4712), "{line}");
        }
        assert!(listening_line("ingest listening").is_none());
        assert!(
            listening_line(
                r#"{"grpc_addr":"127.0.0.1:4711","http_addr":"127.0.0.1:4712","message":"ready"}"#
            )
            .is_none()
        );
    }
}
