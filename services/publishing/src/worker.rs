//! The consumer side: applies `newsroom.story.enriched` events — render, store, release —
//! once each, whichever replica gets them and however often they are delivered.

use std::time::Duration;

use chrono::Utc;
use newsroom_platform::events;
use newsroom_platform::{
    consumer::{BatchEvent, ConsumerSpec, EventHandler, HandleError},
    db::is_unique_violation,
    metrics::KeyValue,
    nats::{streams, subjects},
    telemetry,
};
use newsroom_proto::v1::{EventEnvelope, StoryEnriched, StoryKilled, event_envelope::Payload};
use tracing::Instrument as _;

use crate::store::{Applied, BatchItem, PublishingStore, kills::KillApplied};

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
        max_batch: MAX_BATCH,
    }
}

/// Most enriched events applied in one transaction: under load a batch of new stories costs
/// one commit and a handful of multi-row statements instead of about a dozen statements and
/// a commit per story; a quiet stream still goes one event at a time.
pub const MAX_BATCH: usize = 16;

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
        let enriched = validate(event.payload, &event.event_id)?;
        let started = std::time::Instant::now();
        let transaction = telemetry::db_span(self.store.db(), "apply_enriched", "published_versions");
        let applied =
            telemetry::traced(transaction, self.store.apply_enriched(&event.event_id, &enriched, Utc::now()))
                .await;
        report(&enriched, applied, started)
    }

    /// Apply the enriched events of the batch in one transaction (kills and malformed
    /// events go one by one first). When the batch transaction fails, each event is applied
    /// on its own, so each gets its own outcome and nothing is applied twice (the batch
    /// rolled back).
    async fn handle_batch(&self, events: Vec<BatchEvent>) -> Vec<Result<(), HandleError>> {
        let mut outcomes: Vec<Option<Result<(), HandleError>>> = Vec::with_capacity(events.len());
        let mut valid = Vec::new();
        for BatchEvent { event, span } in events {
            if matches!(event.payload, Some(Payload::StoryEnriched(_))) {
                match validate(event.payload.clone(), &event.event_id) {
                    Ok(enriched) => {
                        valid.push((outcomes.len(), event.event_id, enriched, span));
                        outcomes.push(None);
                        continue;
                    }
                    Err(error) => {
                        telemetry::record_error(&span, &error);
                        outcomes.push(Some(Err(error)));
                        continue;
                    }
                }
            }
            outcomes.push(Some(telemetry::traced(span, self.handle(event)).await));
        }
        if !valid.is_empty() {
            for (index, outcome) in self.apply_all(valid).await {
                outcomes[index] = Some(outcome);
            }
        }
        newsroom_platform::consumer::batch_outcomes(outcomes)
    }
}

/// A validated enriched event of a batch: its place, event id, payload and span.
type Valid = (usize, String, StoryEnriched, tracing::Span);

impl EnrichedHandler {
    /// Apply `valid` in one transaction, or one by one when that fails; the outcome of
    /// each, by its place in the batch.
    async fn apply_all(&self, valid: Vec<Valid>) -> Vec<(usize, Result<(), HandleError>)> {
        let started = std::time::Instant::now();
        let items: Vec<BatchItem<'_>> = valid
            .iter()
            .map(|(_, event_id, enriched, span)| BatchItem { event_id, event: enriched, span })
            .collect();
        let transaction = telemetry::batch_db_span(
            self.store.db(),
            "apply_enriched_batch",
            "published_versions",
            valid.iter().map(|(_, _, _, span)| span),
        );
        let applied =
            telemetry::traced(transaction, self.store.apply_enriched_batch(&items, Utc::now())).await;
        drop(items);
        match applied {
            Ok(applied) if applied.len() == valid.len() => valid
                .into_iter()
                .zip(applied)
                .map(|((index, _, enriched, span), applied)| {
                    let outcome = span.in_scope(|| report(&enriched, Ok(applied), started));
                    if let Err(error) = &outcome {
                        telemetry::record_error(&span, error);
                    }
                    (index, outcome)
                })
                .collect(),
            other => {
                if let Err(error) = &other {
                    tracing::warn!(events = valid.len(), %error, "batch not applied, applying its events one by one");
                }
                let mut outcomes = Vec::with_capacity(valid.len());
                for (index, event_id, enriched, span) in valid {
                    let applied = self
                        .store
                        .apply_enriched(&event_id, &enriched, Utc::now())
                        .instrument(span.clone())
                        .await;
                    let outcome = span.in_scope(|| report(&enriched, applied, started));
                    if let Err(error) = &outcome {
                        telemetry::record_error(&span, error);
                    }
                    outcomes.push((index, outcome));
                }
                outcomes
            }
        }
    }
}

/// The enriched payload of an event, or why it can never be applied.
fn validate(payload: Option<Payload>, event_id: &str) -> Result<StoryEnriched, HandleError> {
    let Some(Payload::StoryEnriched(enriched)) = payload else {
        return Err(HandleError::Permanent(format!(
            "event {event_id} on {} carries no StoryEnriched payload",
            subjects::STORY_ENRICHED
        )));
    };
    if event_id.is_empty() {
        return Err(HandleError::Permanent("event has no event_id".into()));
    }
    let Some(enrichment) = enriched.enrichment.as_ref() else {
        return Err(HandleError::Permanent(format!("event {event_id} carries no enrichment")));
    };
    if enrichment.story_id.is_empty() || enrichment.story_version == 0 || enrichment.story.is_none() {
        return Err(HandleError::Permanent(format!(
            "event {event_id}: enrichment lacks story_id, story_version or story"
        )));
    }
    Ok(enriched)
}

/// Count, time and log what applying `enriched` did.
fn report(
    enriched: &StoryEnriched,
    applied: Result<Applied, sea_orm::DbErr>,
    started: std::time::Instant,
) -> Result<(), HandleError> {
    let (story_id, version) =
        enriched.enrichment.as_ref().map_or((String::new(), 0), |e| (e.story_id.clone(), e.story_version));
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
