//! The outbox relay: claims pending events, publishes them to JetStream, marks them sent.

use std::{sync::Arc, time::Duration};

use bytes::Bytes;
use chrono::Utc;
use futures::StreamExt as _;
use sea_orm::{
    ColumnTrait as _, Condition, DatabaseConnection, DbBackend, DbErr, EntityTrait as _, QueryFilter as _,
    QueryOrder as _, QuerySelect as _, QueryTrait as _,
    sea_query::{Expr, LockBehavior, LockType},
};
use tokio::sync::Notify;

use super::entity::{self, Column};
use crate::shutdown::Shutdown;

/// Tuning of the relay; the defaults suit a single service replica and a backlog burst.
#[derive(Debug, Clone)]
pub struct RelayConfig {
    /// Events claimed per round trip to the database.
    pub batch_size: u64,
    /// Publishes in flight at once (JetStream acks awaited concurrently).
    pub max_in_flight: usize,
    /// How long a claim protects an event from other relays while it is being published.
    pub claim_lease: Duration,
    /// Fallback poll when no commit wakes the relay (other replicas' rows, retries).
    pub poll_interval: Duration,
    /// Retry delay of a failed event: doubles per attempt from this…
    pub retry_base: Duration,
    /// …up to this.
    pub retry_max: Duration,
    /// Sent events are deleted after this long.
    pub retention: Duration,
}

impl Default for RelayConfig {
    fn default() -> Self {
        Self {
            batch_size: 256,
            max_in_flight: 128,
            claim_lease: Duration::from_secs(30),
            poll_interval: Duration::from_secs(1),
            retry_base: Duration::from_millis(100),
            retry_max: Duration::from_secs(5),
            retention: Duration::from_secs(24 * 3600),
        }
    }
}

/// Publishes a service's outbox. Run one per process; several processes may share a
/// database (claims keep them from publishing the same event at the same time).
pub struct OutboxRelay {
    /// The service's database, where `outbox_events` lives.
    db: DatabaseConnection,
    /// Where events go.
    jetstream: async_nats::jetstream::Context,
    /// Woken by [`super::Outbox::notify_committed`].
    wake: Arc<Notify>,
    /// Tuning.
    config: RelayConfig,
}

/// Outcome of one claimed event.
struct Published {
    seq: i64,
    attempts: i32,
    result: Result<(), String>,
}

impl OutboxRelay {
    pub(super) fn new(
        db: DatabaseConnection,
        jetstream: async_nats::jetstream::Context,
        wake: Arc<Notify>,
        config: RelayConfig,
    ) -> Self {
        Self { db, jetstream, wake, config }
    }

    /// Publish until `shutdown` fires; the batch in flight then is finished first.
    pub async fn run(self, shutdown: Shutdown) {
        let mut last_cleanup = tokio::time::Instant::now();
        let mut last_backlog_report = tokio::time::Instant::now() - BACKLOG_REPORT_INTERVAL;
        let mut db_backoff = self.config.retry_base;
        loop {
            if shutdown.is_triggered() {
                break;
            }
            let claimed = match self.claim_batch().await {
                Ok(claimed) => {
                    db_backoff = self.config.retry_base;
                    claimed
                }
                Err(error) => {
                    tracing::warn!(%error, "outbox claim failed");
                    tokio::select! {
                        _ = shutdown.wait() => break,
                        _ = tokio::time::sleep(db_backoff) => {}
                    }
                    db_backoff = (db_backoff * 2).min(self.config.retry_max);
                    continue;
                }
            };
            let full_batch = claimed.len() as u64 >= self.config.batch_size;
            if !claimed.is_empty() {
                let outcomes = self.publish_all(claimed).await;
                if let Err(error) = self.record(outcomes).await {
                    tracing::warn!(%error, "outbox bookkeeping failed; claims will expire and events be re-sent (deduplicated)");
                }
            }
            if last_backlog_report.elapsed() > BACKLOG_REPORT_INTERVAL {
                last_backlog_report = tokio::time::Instant::now();
                match pending_count(&self.db).await {
                    Ok(backlog) => crate::metrics::get().outbox_backlog.record(backlog, &[]),
                    Err(error) => tracing::debug!(%error, "cannot count the outbox backlog"),
                }
            }
            if last_cleanup.elapsed() > Duration::from_secs(60) {
                last_cleanup = tokio::time::Instant::now();
                if let Err(error) = self.delete_old_sent().await {
                    tracing::warn!(%error, "outbox cleanup failed");
                }
            }
            if full_batch {
                continue;
            }
            tokio::select! {
                _ = shutdown.wait() => break,
                _ = self.wake.notified() => {}
                _ = tokio::time::sleep(self.config.poll_interval) => {}
            }
        }
        tracing::info!("outbox relay stopped");
    }

    /// Claim up to `batch_size` pending events whose claim is free or expired.
    async fn claim_batch(&self) -> Result<Vec<entity::Model>, DbErr> {
        let now_ms = Utc::now().timestamp_millis();
        let lease_until = now_ms + self.config.claim_lease.as_millis() as i64;
        let mut candidates = entity::Entity::find()
            .select_only()
            .column(Column::Seq)
            .filter(Column::SentAt.is_null())
            .filter(
                Condition::any().add(Column::ClaimedUntilMs.is_null()).add(Column::ClaimedUntilMs.lt(now_ms)),
            )
            .order_by_asc(Column::Seq)
            .limit(self.config.batch_size);
        if crate::db::backend(&self.db) == DbBackend::Postgres {
            candidates = candidates.lock_with_behavior(LockType::Update, LockBehavior::SkipLocked);
        }
        let mut claimed = entity::Entity::update_many()
            .col_expr(Column::ClaimedUntilMs, Expr::value(lease_until))
            .filter(Column::Seq.in_subquery(candidates.into_query()))
            .exec_with_returning(&self.db)
            .await?;
        claimed.sort_by_key(|event| event.seq);
        Ok(claimed)
    }

    async fn publish_all(&self, claimed: Vec<entity::Model>) -> Vec<Published> {
        futures::stream::iter(claimed)
            .map(|event| async move {
                let stored_context: Vec<(String, String)> = event
                    .trace_context
                    .as_deref()
                    .and_then(|json| serde_json::from_str(json).ok())
                    .unwrap_or_default();
                // The publish span continues the trace of the request that wrote the event;
                // its own context travels in the NATS headers to the consumer.
                let span = tracing::info_span!(
                    "publish",
                    otel.name = %format!("publish {}", event.subject),
                    otel.kind = "producer",
                    messaging.system = "nats",
                    messaging.operation.type = "publish",
                    messaging.destination.name = %event.subject,
                    messaging.message.id = %event.event_id,
                    otel.status_code = tracing::field::Empty,
                    error.type = tracing::field::Empty,
                    event_id = %event.event_id,
                    story_id = %event.story_id,
                );
                crate::telemetry::continue_trace_from_pairs(&span, &stored_context);
                let publish = async {
                    let trace_headers = crate::telemetry::current_trace_headers();
                    crate::nats::publish_event(
                        &self.jetstream,
                        &event.subject,
                        &event.event_id,
                        Bytes::from(event.payload),
                        &trace_headers,
                    )
                    .await
                    .map_err(|error| error.to_string())
                };
                let result = crate::telemetry::traced(span, publish).await;
                if let Err(error) = &result {
                    tracing::warn!(event_id = %event.event_id, subject = %event.subject, %error, "outbox publish failed, will retry");
                }
                Published { seq: event.seq, attempts: event.attempts, result }
            })
            .buffered(self.config.max_in_flight)
            .collect()
            .await
    }

    async fn record(&self, outcomes: Vec<Published>) -> Result<(), DbErr> {
        let sent: Vec<i64> = outcomes.iter().filter(|o| o.result.is_ok()).map(|o| o.seq).collect();
        if !sent.is_empty() {
            entity::Entity::update_many()
                .col_expr(Column::SentAt, Expr::value(Utc::now()))
                .col_expr(Column::ClaimedUntilMs, Expr::value(Option::<i64>::None))
                .filter(Column::Seq.is_in(sent.clone()))
                .exec(&self.db)
                .await?;
            tracing::debug!(count = sent.len(), "outbox events published");
        }
        for failed in outcomes.into_iter().filter(|o| o.result.is_err()) {
            let attempts = failed.attempts.saturating_add(1);
            let delay = retry_delay(&self.config, attempts);
            let error = failed.result.err().unwrap_or_default();
            entity::Entity::update_many()
                .col_expr(Column::Attempts, Expr::value(attempts))
                .col_expr(Column::LastError, Expr::value(error))
                .col_expr(
                    Column::ClaimedUntilMs,
                    Expr::value(Utc::now().timestamp_millis() + delay.as_millis() as i64),
                )
                .filter(Column::Seq.eq(failed.seq))
                .exec(&self.db)
                .await?;
        }
        Ok(())
    }

    async fn delete_old_sent(&self) -> Result<(), DbErr> {
        let cutoff = Utc::now()
            - chrono::Duration::from_std(self.config.retention).unwrap_or(chrono::Duration::days(1));
        entity::Entity::delete_many().filter(Column::SentAt.lt(cutoff)).exec(&self.db).await?;
        Ok(())
    }
}

/// How often the relay counts its backlog into the `newsroom.outbox.backlog` gauge.
const BACKLOG_REPORT_INTERVAL: Duration = Duration::from_secs(2);

/// Exponential backoff for the `attempts`-th failure, capped.
fn retry_delay(config: &RelayConfig, attempts: i32) -> Duration {
    let exponent = attempts.clamp(1, 16) as u32 - 1;
    config.retry_base.saturating_mul(2u32.saturating_pow(exponent)).min(config.retry_max)
}

/// Events not yet acknowledged by JetStream (the relay's backlog).
pub async fn pending_count(db: &DatabaseConnection) -> Result<u64, DbErr> {
    use sea_orm::PaginatorTrait as _;
    entity::Entity::find().filter(Column::SentAt.is_null()).count(db).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_delay_doubles_and_caps() {
        let config = RelayConfig::default();
        assert_eq!(retry_delay(&config, 1), Duration::from_millis(100));
        assert_eq!(retry_delay(&config, 2), Duration::from_millis(200));
        assert_eq!(retry_delay(&config, 4), Duration::from_millis(800));
        assert_eq!(retry_delay(&config, 30), Duration::from_secs(5));
    }
}
