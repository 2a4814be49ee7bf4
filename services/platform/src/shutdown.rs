//! Graceful shutdown: one token, cancelled on SIGTERM / Ctrl-C (or by a test), that every
//! long-running task selects on. Tasks stop taking new work when it fires and finish
//! what is in flight; `main` then flushes telemetry.

use tokio_util::sync::CancellationToken;

/// A cloneable shutdown signal. Cancelling any clone cancels them all.
#[derive(Debug, Clone, Default)]
pub struct Shutdown {
    /// The underlying token; cancelled exactly once.
    token: CancellationToken,
}

impl Shutdown {
    /// A signal that has not fired yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Fire the signal (idempotent).
    pub fn trigger(&self) {
        self.token.cancel();
    }

    /// Whether the signal has fired.
    pub fn is_triggered(&self) -> bool {
        self.token.is_cancelled()
    }

    /// Resolves once the signal fires.
    pub async fn wait(&self) {
        self.token.cancelled().await;
    }

    /// A signal that fires on SIGTERM or Ctrl-C, and whenever `trigger` is called.
    pub fn on_os_signals() -> Self {
        let shutdown = Self::new();
        let trigger = shutdown.clone();
        tokio::spawn(async move {
            wait_for_os_signal().await;
            tracing::info!("shutdown signal received, draining");
            trigger.trigger();
        });
        shutdown
    }
}

#[cfg(unix)]
async fn wait_for_os_signal() {
    use tokio::signal::unix::{SignalKind, signal};
    match signal(SignalKind::terminate()) {
        Ok(mut sigterm) => {
            tokio::select! {
                _ = sigterm.recv() => {}
                _ = tokio::signal::ctrl_c() => {}
            }
        }
        Err(error) => {
            tracing::warn!(%error, "cannot listen for sigterm, ctrl-c only");
            let _ = tokio::signal::ctrl_c().await;
        }
    }
}

#[cfg(not(unix))]
async fn wait_for_os_signal() {
    let _ = tokio::signal::ctrl_c().await;
}
