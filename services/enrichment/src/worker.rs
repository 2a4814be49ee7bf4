//! The consumer side: applies `newsroom.story.ingested` events — enrich, store, announce —
//! once each, whichever replica gets them and however often they are delivered.

use std::time::Duration;

use newsroom_platform::{
    consumer::{ConsumerSpec, EventHandler, HandleError},
    db::is_unique_violation,
    nats::{streams, subjects},
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
        if self.store.already_processed(&event.event_id).await.map_err(transient)? {
            tracing::debug!(event_id = %event.event_id, "redelivered event skipped");
            return Ok(());
        }
        let result = enrich_input(input.clone()).await?;
        match self.store.record(&input, Some(&event.event_id), result).await {
            Ok(Recorded::Stored(enrichment)) => {
                tracing::info!(
                    story_id = %enrichment.story_id,
                    version = enrichment.story_version,
                    enrichment_version = enrichment.enrichment_version,
                    cluster_id = %enrichment.cluster_id,
                    "story enriched"
                );
                Ok(())
            }
            Ok(Recorded::AlreadyProcessed) => Ok(()),
            Ok(Recorded::Stale) => {
                tracing::info!(story_id = %input.story_id, version = input.version, "older version skipped");
                Ok(())
            }
            // Another replica applied the same event, or enriched the same story, first.
            Err(error) if is_unique_violation(&error) => Err(HandleError::Transient(error.to_string())),
            Err(error) => Err(transient(error)),
        }
    }
}

/// Run the pipeline on a stored input, off the async threads (it is CPU-bound).
pub async fn enrich_input(input: StoryVersion) -> Result<newsroom_proto::v1::EnrichedStory, HandleError> {
    tokio::task::spawn_blocking(move || {
        let submission = input.submission.unwrap_or_default();
        pipeline::run(&submission.content, &submission.content_type, &submission.url)
    })
    .await
    .map_err(|error| HandleError::Permanent(format!("pipeline failed: {error}")))
}

fn transient(error: sea_orm::DbErr) -> HandleError {
    HandleError::Transient(format!("storage: {error}"))
}
