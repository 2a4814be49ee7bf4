//! The consumer side: applies `newsroom.story.ingested` events — enrich, store, announce —
//! once each, whichever replica gets them and however often they are delivered.

use std::time::Duration;

use tracing::Instrument as _;

use newsroom_platform::{
    consumer::{BatchEvent, ConsumerSpec, EventHandler, HandleError},
    db::is_unique_violation,
    metrics::KeyValue,
    nats::{streams, subjects},
    telemetry,
};
use newsroom_proto::v1::{EventEnvelope, StoryIngested, StoryVersion, event_envelope::Payload};

use crate::{
    pipeline,
    store::{BatchItem, EnrichmentStore, Recorded},
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
        max_batch: MAX_BATCH,
    }
}

/// Most ingested events enriched together and recorded in one transaction: under load a
/// batch costs one commit and a handful of multi-row statements instead of about nine
/// statements and a commit per story; a quiet stream still goes one event at a time.
pub const MAX_BATCH: usize = 16;

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
    /// One event is a batch of one: the same path as under load.
    async fn handle(&self, event: EventEnvelope) -> Result<(), HandleError> {
        let batch = vec![BatchEvent { event, span: tracing::Span::current() }];
        self.handle_batch(batch)
            .await
            .pop()
            .unwrap_or_else(|| Err(HandleError::Transient("event was not handled".into())))
    }

    /// Enrich the ingested events of the batch in parallel (each pipeline on a blocking
    /// thread, in its event's span), then record them all in one transaction. Kills and
    /// malformed events go the one-by-one way. When the batch transaction fails (a replica
    /// racing on the same story, a deadlock, a bad row), every item is recorded on its own,
    /// so each gets its own outcome and nothing is recorded twice (the batch rolled back).
    async fn handle_batch(&self, events: Vec<BatchEvent>) -> Vec<Result<(), HandleError>> {
        let mut outcomes: Vec<Option<Result<(), HandleError>>> = Vec::with_capacity(events.len());
        let mut work = Vec::new();
        for batch_event in events {
            let BatchEvent { event, span } = batch_event;
            match event.payload {
                Some(Payload::StoryIngested(StoryIngested { story: Some(input) }))
                    if !event.event_id.is_empty() =>
                {
                    work.push((outcomes.len(), event.event_id, input, span));
                    outcomes.push(None);
                }
                payload => {
                    let event = EventEnvelope { payload, ..event };
                    outcomes.push(Some(telemetry::traced(span, self.handle_not_ingested(event)).await));
                }
            }
        }
        let started = std::time::Instant::now();
        let results = futures::future::join_all(
            work.iter().map(|(_, _, input, span)| enrich_input(input.clone()).instrument(span.clone())),
        )
        .await;
        let mut enriched = Vec::with_capacity(work.len());
        for ((index, event_id, input, span), result) in work.into_iter().zip(results) {
            match result {
                Ok(result) => enriched.push((index, event_id, input, span, result)),
                Err(error) => {
                    telemetry::record_error(&span, &error);
                    count("failed", started);
                    outcomes[index] = Some(Err(error));
                }
            }
        }
        if !enriched.is_empty() {
            for (index, outcome) in self.record_all(enriched, started).await {
                outcomes[index] = Some(outcome);
            }
        }
        newsroom_platform::consumer::batch_outcomes(outcomes)
    }
}

/// An enriched event waiting to be recorded: its place in the batch, event id, input, span
/// and the pipeline's result.
type Enriched = (usize, String, StoryVersion, tracing::Span, newsroom_proto::v1::EnrichedStory);

impl IngestedHandler {
    /// Record `enriched` in one transaction, or one by one when that fails; the outcome
    /// of each, by its place in the batch.
    async fn record_all(
        &self,
        enriched: Vec<Enriched>,
        started: std::time::Instant,
    ) -> Vec<(usize, Result<(), HandleError>)> {
        let items: Vec<BatchItem<'_>> = enriched
            .iter()
            .map(|(_, event_id, input, span, result)| BatchItem {
                input,
                ingested_event_id: event_id,
                result,
                trace_context: span.in_scope(telemetry::stored_trace_context),
            })
            .collect();
        let transaction = telemetry::batch_db_span(
            self.store.db(),
            "record_batch",
            "enrichments",
            enriched.iter().map(|(_, _, _, span, _)| span),
        );
        let recorded = telemetry::traced(transaction, self.store.record_batch(&items)).await;
        drop(items);
        match recorded {
            Ok(recorded) if recorded.len() == enriched.len() => enriched
                .into_iter()
                .zip(recorded)
                .map(|((index, _, input, span, _), recorded)| {
                    let outcome = span.in_scope(|| report(&input, Ok(recorded)));
                    (index, finish(&span, outcome, started))
                })
                .collect(),
            other => {
                if let Err(error) = &other {
                    tracing::warn!(events = enriched.len(), %error, "batch not recorded, recording its events one by one");
                }
                let mut outcomes = Vec::with_capacity(enriched.len());
                for (index, event_id, input, span, result) in enriched {
                    let outcome =
                        self.record_result(&event_id, &input, result).instrument(span.clone()).await;
                    outcomes.push((index, finish(&span, outcome, started)));
                }
                outcomes
            }
        }
    }
}

/// Count one handled event and its time, mark its span failed when it failed.
fn finish(
    span: &tracing::Span,
    outcome: Result<&'static str, HandleError>,
    started: std::time::Instant,
) -> Result<(), HandleError> {
    match &outcome {
        Ok(name) => count(name, started),
        Err(error) => {
            telemetry::record_error(span, error);
            count("failed", started);
        }
    }
    outcome.map(|_| ())
}

/// `newsroom.stories.enriched{outcome}` and the enrich stage time.
fn count(outcome: &'static str, started: std::time::Instant) {
    let metrics = newsroom_platform::metrics::get();
    metrics.stories_enriched.add(1, &[KeyValue::new("outcome", outcome)]);
    metrics.stage_duration.record(started.elapsed().as_secs_f64(), &[KeyValue::new("stage", "enrich")]);
}

impl IngestedHandler {
    /// An event with nothing to enrich: a kill is passed on to publishing (in order with the
    /// story's versions); anything else can never be applied.
    async fn handle_not_ingested(&self, event: EventEnvelope) -> Result<(), HandleError> {
        if let Some(Payload::StoryKilled(_)) = &event.payload {
            if event.event_id.is_empty() || event.story_id.is_empty() {
                return Err(HandleError::Permanent("kill event without event_id or story_id".into()));
            }
            let forwarded = self.store.forward_kill(&event).await.map_err(transient)?;
            if forwarded {
                tracing::info!(story_id = %event.story_id, version = event.version, "kill forwarded");
            }
            return Ok(());
        }
        if matches!(event.payload, Some(Payload::StoryIngested(_))) {
            return Err(HandleError::Permanent(format!(
                "event {} carries no story or no event_id",
                event.event_id
            )));
        }
        Err(HandleError::Permanent(format!(
            "event {} on {} carries no StoryIngested payload",
            event.event_id,
            subjects::STORY_INGESTED
        )))
    }

    /// Store one pipeline result with its event, in its own transaction.
    async fn record_result(
        &self,
        event_id: &str,
        input: &StoryVersion,
        result: newsroom_proto::v1::EnrichedStory,
    ) -> Result<&'static str, HandleError> {
        let transaction = telemetry::db_span(self.store.db(), "record", "enrichments");
        let recorded = telemetry::traced(transaction, self.store.record(input, Some(event_id), result)).await;
        report(input, recorded)
    }
}

/// Log what recording did; names the outcome for the `newsroom.stories.enriched` counter.
fn report(
    input: &StoryVersion,
    recorded: Result<Recorded, sea_orm::DbErr>,
) -> Result<&'static str, HandleError> {
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

/// Run the pipeline on a stored input, off the async threads (it is CPU-bound), one run
/// per core at a time.
pub async fn enrich_input(input: StoryVersion) -> Result<newsroom_proto::v1::EnrichedStory, HandleError> {
    let span = tracing::info_span!(
        "enrich pipeline",
        story_id = %input.story_id,
        version = input.version,
        content_bytes = input.submission.as_ref().map_or(0, |submission| submission.content.len()),
    );
    let submission = input.submission.unwrap_or_default();
    pipeline::run_on_a_core(submission.content, submission.content_type, submission.url)
        .instrument(span)
        .await
        .map_err(|error| HandleError::Permanent(format!("pipeline failed: {error}")))
}

fn transient(error: sea_orm::DbErr) -> HandleError {
    HandleError::Transient(format!("storage: {error}"))
}
