//! The embargo scheduler: releases held versions when their embargo ends, with nobody
//! acting. It sleeps until the next embargo end (or the poll interval, whichever is
//! sooner), so releases go out on time; every replica runs it, and the conditional
//! release in the store makes sure each version is released once.

use std::time::Duration;

use chrono::Utc;
use newsroom_platform::Shutdown;

use crate::store::PublishingStore;

/// Run until `shutdown`.
pub async fn run(store: PublishingStore, poll: Duration, shutdown: Shutdown) -> anyhow::Result<()> {
    loop {
        if let Err(error) = store.release_due(Utc::now()).await {
            tracing::warn!(%error, "embargo release failed, retrying");
        }
        let wait = match store.next_embargo_end().await {
            Ok(Some(next)) => (next - Utc::now()).to_std().unwrap_or(Duration::ZERO).min(poll),
            Ok(None) => poll,
            Err(error) => {
                tracing::warn!(%error, "cannot read the next embargo end");
                poll
            }
        };
        tokio::select! {
            _ = shutdown.wait() => break,
            _ = tokio::time::sleep(wait.max(Duration::from_millis(5))) => {}
        }
    }
    tracing::info!("embargo scheduler stopped");
    Ok(())
}
