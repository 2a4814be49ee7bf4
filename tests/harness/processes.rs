//! The real service binaries as child processes, configured only through their environment
//! (as a deployment would), stopped with SIGTERM so they drain and flush like in production.

use std::{
    path::PathBuf,
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
}

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
        Self { name: binary, child }
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
