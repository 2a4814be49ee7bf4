//! The consumer side: applies `newsroom.story.enriched` events — render, store, release —
//! once each, whichever replica gets them and however often they are delivered.

use std::time::Duration;

use chrono::Utc;
use newsroom_platform::events;
use newsroom_platform::{
    consumer::{ConsumerSpec, EventHandler, HandleError},
    db::is_unique_violation,
    metrics::KeyValue,
    nats::{streams, subjects},
    telemetry,
};
use newsroom_proto::v1::{EventEnvelope, StoryKilled, event_envelope::Payload};

use crate::store::{Applied, PublishingStore, kills::KillApplied};

/// The durable consumer every publishing replica shares.
pub fn consumer_spec(concurrency: usize) -> ConsumerSpec {
    ConsumerSpec {
        stream: streams::ENRICHED,
        durable: "publishing",
        filter_subject: subjects::STORY_ENRICHED,
        stage: "publishing",
        max_deliver: 5,
        ack_wait: Duration::from_secs(30),
        concurrency,
        max_batch: 1,
    }
}

/// Applies enriched events and kills.
pub struct EnrichedHandler {
    /// Where versions go.
    store: PublishingStore,
}

impl EnrichedHandler {
    /// A handler storing into `store`.
    pub fn new(store: PublishingStore) -> Self {
        Self { store }
    }
}

impl EnrichedHandler {
    /// Apply a kill forwarded by enrichment.
    async fn handle_kill(&self, event: &EventEnvelope, kill: &StoryKilled) -> Result<(), HandleError> {
        if event.event_id.is_empty() || event.story_id.is_empty() {
            return Err(HandleError::Permanent("kill event without event_id or story_id".into()));
        }
        let killed_at = kill.killed_at.as_ref().and_then(events::from_timestamp).unwrap_or_else(Utc::now);
        let applied = self
            .store
            .apply_kill(&event.event_id, &event.story_id, event.version, &kill.reason, killed_at, Utc::now())
            .await
            .map_err(|error| HandleError::Transient(format!("storage: {error}")))?;
        match applied {
            KillApplied::Killed { channels, deliveries, dropped } => {
                newsroom_platform::metrics::get()
                    .stories_published
                    .add(1, &[KeyValue::new("outcome", "killed")]);
                tracing::info!(
                story_id = %event.story_id,
                channels = %channels.join(","),
                kill_deliveries = deliveries,
                dropped_deliveries = dropped,
                reason = %kill.reason,
                "story killed: canceled sent"
                )
            }
            KillApplied::KilledUnreleased => {
                tracing::info!(story_id = %event.story_id, reason = %kill.reason, "story killed before release")
            }
            KillApplied::Unchanged => {}
        }
        Ok(())
    }
}

#[async_trait::async_trait]
impl EventHandler for EnrichedHandler {
    async fn handle(&self, event: EventEnvelope) -> Result<(), HandleError> {
        if let Some(Payload::StoryKilled(kill)) = &event.payload {
            return self.handle_kill(&event, kill).await;
        }
        let Some(Payload::StoryEnriched(enriched)) = event.payload else {
            return Err(HandleError::Permanent(format!(
                "event {} on {} carries no StoryEnriched payload",
                event.event_id,
                subjects::STORY_ENRICHED
            )));
        };
        if event.event_id.is_empty() {
            return Err(HandleError::Permanent("event has no event_id".into()));
        }
        let Some(enrichment) = enriched.enrichment.as_ref() else {
            return Err(HandleError::Permanent(format!("event {} carries no enrichment", event.event_id)));
        };
        if enrichment.story_id.is_empty() || enrichment.story_version == 0 || enrichment.story.is_none() {
            return Err(HandleError::Permanent(format!(
                "event {}: enrichment lacks story_id, story_version or story",
                event.event_id
            )));
        }
        let (story_id, version) = (enrichment.story_id.clone(), enrichment.story_version);
        let started = std::time::Instant::now();
        let transaction = telemetry::db_span(self.store.db(), "apply_enriched", "published_versions");
        let applied =
            telemetry::traced(transaction, self.store.apply_enriched(&event.event_id, &enriched, Utc::now()))
                .await;
        let metrics = newsroom_platform::metrics::get();
        metrics.stage_duration.record(started.elapsed().as_secs_f64(), &[KeyValue::new("stage", "publish")]);
        let outcome = match &applied {
            Ok(Applied::Released(_)) => "released",
            Ok(Applied::Held(_)) => "held",
            Ok(Applied::Rerendered) => "rerendered",
            Ok(Applied::Unchanged) => "unchanged",
            Err(_) => "failed",
        };
        metrics.stories_published.add(1, &[KeyValue::new("outcome", outcome)]);
        match applied {
            Ok(Applied::Released(channels)) => {
                // From the push (ingest's commit) to this release: the pipeline's latency.
                if !enriched.ingested_event_id.is_empty()
                    && let Some(received_at) = enriched.received_at.as_ref().and_then(events::from_timestamp)
                {
                    let latency = (Utc::now() - received_at).to_std().unwrap_or_default();
                    metrics.push_to_publish.record(latency.as_secs_f64(), &[]);
                }
                tracing::info!(%story_id, version, channels = %channels.join(","), "story published");
                Ok(())
            }
            Ok(Applied::Held(until)) => {
                tracing::info!(%story_id, version, embargo_until = %until, "story held under embargo");
                Ok(())
            }
            Ok(Applied::Rerendered) => {
                tracing::info!(%story_id, version, "document re-rendered from a newer enrichment");
                Ok(())
            }
            Ok(Applied::Unchanged) => Ok(()),
            // Another replica stored the same version first: retry sees it.
            Err(error) if is_unique_violation(&error) => Err(HandleError::Transient(error.to_string())),
            Err(error) => Err(HandleError::Transient(format!("storage: {error}"))),
        }
    }
}
