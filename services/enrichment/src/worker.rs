//! The consumer side: applies `newsroom.story.ingested` events — enrich, store, announce —
//! once each, whichever replica gets them and however often they are delivered.

use std::time::Duration;

use newsroom_platform::{
    consumer::{ConsumerSpec, EventHandler, HandleError},
    db::is_unique_violation,
    metrics::KeyValue,
    nats::{streams, subjects},
    telemetry,
};
use newsroom_proto::v1::{EventEnvelope, StoryIngested, StoryVersion, event_envelope::Payload};

use crate::{
    pipeline,
    store::{EnrichmentStore, Recorded},
};

/// The durable consumer every enrichment replica shares.
pub fn consumer_spec(concurrency: usize) -> ConsumerSpec {
    ConsumerSpec {
        stream: streams::INGESTED,
        durable: "enrichment",
        filter_subject: subjects::STORY_INGESTED,
        stage: "enrichment",
        max_deliver: 5,
        ack_wait: Duration::from_secs(60),
        concurrency,
    }
}

/// Applies ingested events.
pub struct IngestedHandler {
    /// Where results go.
    store: EnrichmentStore,
}

impl IngestedHandler {
    /// A handler storing into `store`.
    pub fn new(store: EnrichmentStore) -> Self {
        Self { store }
    }
}

#[async_trait::async_trait]
impl EventHandler for IngestedHandler {
    async fn handle(&self, event: EventEnvelope) -> Result<(), HandleError> {
        if let Some(Payload::StoryKilled(_)) = &event.payload {
            if event.event_id.is_empty() || event.story_id.is_empty() {
                return Err(HandleError::Permanent("kill event without event_id or story_id".into()));
            }
            // Nothing to enrich: pass the kill on, in order with the story's versions.
            let forwarded = self.store.forward_kill(&event).await.map_err(transient)?;
            if forwarded {
                tracing::info!(story_id = %event.story_id, version = event.version, "kill forwarded");
            }
            return Ok(());
        }
        let Some(Payload::StoryIngested(StoryIngested { story: Some(input) })) = event.payload else {
            return Err(HandleError::Permanent(format!(
                "event {} on {} carries no StoryIngested payload",
                event.event_id,
                subjects::STORY_INGESTED
            )));
        };
        if event.event_id.is_empty() {
            return Err(HandleError::Permanent("event has no event_id".into()));
        }
        // A redelivered event is recognised when its result is recorded (the transaction's
        // first statement claims the event id): redeliveries are rare, and a lookup here cost
        // every story a round trip.
        let started = std::time::Instant::now();
        let outcome = self.enrich_and_record(&event.event_id, input).await;
        let outcome_name = match &outcome {
            Ok(name) => *name,
            Err(_) => "failed",
        };
        let metrics = newsroom_platform::metrics::get();
        metrics.stories_enriched.add(1, &[KeyValue::new("outcome", outcome_name)]);
        metrics.stage_duration.record(started.elapsed().as_secs_f64(), &[KeyValue::new("stage", "enrich")]);
        outcome.map(|_| ())
    }
}

impl IngestedHandler {
    /// Enrich `input` and store the result with its event; names the outcome for the
    /// `newsroom.stories.enriched` counter.
    async fn enrich_and_record(
        &self,
        event_id: &str,
        input: StoryVersion,
    ) -> Result<&'static str, HandleError> {
        let result = enrich_input(input.clone()).await?;
        let transaction = telemetry::db_span(self.store.db(), "record", "enrichments");
        let recorded =
            telemetry::traced(transaction, self.store.record(&input, Some(event_id), result)).await;
        match recorded {
            Ok(Recorded::Stored(enrichment)) => {
                tracing::info!(
                    story_id = %enrichment.story_id,
                    version = enrichment.story_version,
                    enrichment_version = enrichment.enrichment_version,
                    cluster_id = %enrichment.cluster_id,
                    "story enriched"
                );
                Ok("enriched")
            }
            Ok(Recorded::AlreadyProcessed) => Ok("duplicate"),
            Ok(Recorded::Stale) => {
                tracing::info!(story_id = %input.story_id, version = input.version, "older version skipped");
                Ok("stale")
            }
            // Another replica applied the same event, or enriched the same story, first.
            Err(error) if is_unique_violation(&error) => Err(HandleError::Transient(error.to_string())),
            Err(error) => Err(transient(error)),
        }
    }
}

/// Run the pipeline on a stored input, off the async threads (it is CPU-bound).
pub async fn enrich_input(input: StoryVersion) -> Result<newsroom_proto::v1::EnrichedStory, HandleError> {
    let span = tracing::info_span!(
        "enrich pipeline",
        story_id = %input.story_id,
        version = input.version,
        content_bytes = input.submission.as_ref().map_or(0, |submission| submission.content.len()),
    );
    tokio::task::spawn_blocking(move || {
        let _entered = span.enter();
        let submission = input.submission.unwrap_or_default();
        pipeline::run(&submission.content, &submission.content_type, &submission.url)
    })
    .await
    .map_err(|error| HandleError::Permanent(format!("pipeline failed: {error}")))
}

fn transient(error: sea_orm::DbErr) -> HandleError {
    HandleError::Transient(format!("storage: {error}"))
}
