//! Durable JetStream consumers shared by every replica of a service: pull in batches,
//! hand each event to the service's handler, ack only after the handler committed,
//! retry transient failures with backoff, and park what keeps failing (or cannot be
//! decoded) on `newsroom.dlq.<stage>` with its error so the next messages keep flowing.

pub mod processed;

use std::{sync::Arc, time::Duration};

use async_nats::jetstream::{self, AckKind, consumer::pull};
use futures::StreamExt as _;
use newsroom_proto::v1::EventEnvelope;
use prost::Message as _;

use crate::{nats, shutdown::Shutdown};

/// Header on a dead letter: why it failed.
pub const DLQ_ERROR_HEADER: &str = "Newsroom-Error";
/// Header on a dead letter: the subject it came from.
pub const DLQ_SUBJECT_HEADER: &str = "Newsroom-Original-Subject";
/// Header on a dead letter: how many deliveries were tried.
pub const DLQ_DELIVERIES_HEADER: &str = "Newsroom-Deliveries";
/// Header on a dead letter: its sequence in the source stream.
pub const DLQ_SEQUENCE_HEADER: &str = "Newsroom-Stream-Sequence";

/// What a handler says about an event it could not apply.
#[derive(Debug, thiserror::Error)]
pub enum HandleError {
    /// Might work later (database busy, dependency down): redeliver with backoff, then DLQ.
    #[error("transient: {0}")]
    Transient(String),
    /// Will never work (malformed input): straight to the DLQ.
    #[error("permanent: {0}")]
    Permanent(String),
}

/// One event of a batch, with the span it is processed in (which continues the producer's
/// trace), so a handler that commits several events together still writes each one's
/// trace context with its effect.
#[derive(Debug)]
pub struct BatchEvent {
    /// The decoded event.
    pub event: EventEnvelope,
    /// `process <subject>`, a consumer span in the event's own trace.
    pub span: tracing::Span,
}

/// Applies events. Implementations commit their effect together with
/// [`processed::claim`] (or [`processed::claim_many`]) so a redelivery is a no-op.
#[async_trait::async_trait]
pub trait EventHandler: Send + Sync + 'static {
    /// Apply `event`. Return `Ok` only after the effect is committed.
    async fn handle(&self, event: EventEnvelope) -> Result<(), HandleError>;

    /// Apply the events of one pull (up to [`ConsumerSpec::max_batch`]): one outcome per
    /// event, in order. The default applies them one by one, concurrently, each in its span;
    /// a handler overrides it to commit a whole batch in one transaction.
    async fn handle_batch(&self, events: Vec<BatchEvent>) -> Vec<Result<(), HandleError>> {
        futures::future::join_all(
            events.into_iter().map(|batch_event| {
                crate::telemetry::traced(batch_event.span, self.handle(batch_event.event))
            }),
        )
        .await
    }
}

/// The outcomes of a batch a handler filled in by position: an event left without one is
/// reported as a transient failure (redelivered), never silently acked.
pub fn batch_outcomes(outcomes: Vec<Option<Result<(), HandleError>>>) -> Vec<Result<(), HandleError>> {
    outcomes
        .into_iter()
        .map(|outcome| outcome.unwrap_or_else(|| Err(HandleError::Transient("event was not handled".into()))))
        .collect()
}

/// Where a consumer reads and how hard it tries.
#[derive(Debug, Clone)]
pub struct ConsumerSpec {
    /// Stream to read, e.g. `NEWSROOM_INGESTED`.
    pub stream: &'static str,
    /// Durable consumer name, shared by every replica of the service.
    pub durable: &'static str,
    /// Subject filter inside the stream.
    pub filter_subject: &'static str,
    /// Stage name for the DLQ subject `newsroom.dlq.<stage>`.
    pub stage: &'static str,
    /// Deliveries before a message is dead-lettered.
    pub max_deliver: i64,
    /// How long the server waits for an ack before redelivering.
    pub ack_wait: Duration,
    /// Batches handled concurrently by one replica.
    pub concurrency: usize,
    /// Most events handed to [`EventHandler::handle_batch`] at once: the messages already
    /// pulled when the handler is free, never a wait for more (so a quiet stream still
    /// goes one event at a time, at once). 1 handles events one by one.
    pub max_batch: usize,
}

/// Create (or update) the durable consumer of `spec`.
pub async fn ensure_consumer(
    jetstream: &jetstream::Context,
    spec: &ConsumerSpec,
) -> Result<jetstream::consumer::Consumer<pull::Config>, async_nats::Error> {
    let stream = jetstream.get_stream(spec.stream).await?;
    let config = pull::Config {
        durable_name: Some(spec.durable.to_owned()),
        filter_subject: spec.filter_subject.to_owned(),
        ack_policy: jetstream::consumer::AckPolicy::Explicit,
        ack_wait: spec.ack_wait,
        // One more than ours: our own count decides when to dead-letter.
        max_deliver: spec.max_deliver + 1,
        max_ack_pending: (spec.concurrency as i64 * spec.max_batch.max(1) as i64 * 2).max(64),
        ..Default::default()
    };
    Ok(stream.create_consumer(config).await?)
}

/// Consume until `shutdown`; the events in hand then are finished first.
pub async fn run(
    jetstream: jetstream::Context,
    spec: ConsumerSpec,
    handler: Arc<dyn EventHandler>,
    shutdown: Shutdown,
) -> anyhow::Result<()> {
    let mut backoff = Duration::from_millis(200);
    while !shutdown.is_triggered() {
        match consume(&jetstream, &spec, handler.clone(), &shutdown).await {
            Ok(()) => break,
            Err(error) => {
                tracing::warn!(stage = spec.stage, %error, retry_in_ms = backoff.as_millis() as u64, "consumer interrupted, restarting");
                tokio::select! {
                    _ = shutdown.wait() => break,
                    _ = tokio::time::sleep(backoff) => {}
                }
                backoff = (backoff * 2).min(Duration::from_secs(5));
            }
        }
    }
    tracing::info!(stage = spec.stage, "consumer stopped");
    Ok(())
}

async fn consume(
    jetstream: &jetstream::Context,
    spec: &ConsumerSpec,
    handler: Arc<dyn EventHandler>,
    shutdown: &Shutdown,
) -> Result<(), async_nats::Error> {
    let consumer = ensure_consumer(jetstream, spec).await?;
    let messages = consumer.messages().await?;
    let stop = shutdown.clone();
    let report_pending = report_pending(consumer.clone(), spec.durable, shutdown.clone());
    let consume_all = messages
        .take_until(async move { stop.wait().await })
        .ready_chunks(spec.max_batch.max(1))
        .for_each_concurrent(spec.concurrency, |pulled| {
            let handler = handler.clone();
            async move {
                let mut messages = Vec::with_capacity(pulled.len());
                for message in pulled {
                    match message {
                        Ok(message) => messages.push(message),
                        Err(error) => tracing::warn!(stage = spec.stage, %error, "consumer stream error"),
                    }
                }
                process(jetstream, spec, handler.as_ref(), messages).await;
            }
        });
    // The pending-count reporter only ends with shutdown; consuming decides when we return.
    tokio::select! {
        () = consume_all => {}
        () = report_pending => {}
    }
    if shutdown.is_triggered() { Ok(()) } else { Err("consumer message stream ended".into()) }
}

/// How often a consumer's pending count is read into the `newsroom.consumer.pending` gauge.
const PENDING_REPORT_INTERVAL: Duration = Duration::from_secs(2);

/// Record the consumer's backlog (pending + unacknowledged) every few seconds until shutdown.
async fn report_pending(
    consumer: jetstream::consumer::Consumer<pull::Config>,
    durable: &'static str,
    shutdown: Shutdown,
) {
    let attributes = [opentelemetry::KeyValue::new("consumer", durable)];
    loop {
        match consumer.get_info().await {
            Ok(info) => crate::metrics::get()
                .consumer_pending
                .record(info.num_pending + info.num_ack_pending as u64, &attributes),
            Err(error) => tracing::debug!(consumer = durable, %error, "cannot read consumer info"),
        }
        tokio::select! {
            _ = shutdown.wait() => return,
            _ = tokio::time::sleep(PENDING_REPORT_INTERVAL) => {}
        }
    }
}

/// Decode `messages`, hand the events to the handler as one batch, then ack, retry or
/// dead-letter each message by its own outcome.
async fn process(
    jetstream: &jetstream::Context,
    spec: &ConsumerSpec,
    handler: &dyn EventHandler,
    messages: Vec<jetstream::Message>,
) {
    let mut decoded = Vec::with_capacity(messages.len());
    let mut batch = Vec::with_capacity(messages.len());
    for message in messages {
        match decode(jetstream, spec, &message).await {
            Ok(batch_event) => {
                batch.push(batch_event);
                decoded.push(message);
            }
            // Unreadable or not an envelope: settled on its own, the others go on.
            Err(error) => settle(jetstream, spec, &message, Err(error)).await,
        }
    }
    if batch.is_empty() {
        return;
    }
    let expected = batch.len();
    let mut outcomes = handler.handle_batch(batch).await;
    if outcomes.len() != expected {
        tracing::error!(
            stage = spec.stage,
            expected,
            returned = outcomes.len(),
            "handler returned the wrong number of outcomes; the batch will be retried"
        );
        outcomes = (0..expected)
            .map(|_| Err(HandleError::Transient("handler returned no outcome for this event".into())))
            .collect();
    }
    futures::future::join_all(
        decoded.iter().zip(outcomes).map(|(message, outcome)| settle(jetstream, spec, message, outcome)),
    )
    .await;
}

/// The event in `message`, with the span continuing its producer's trace.
async fn decode(
    jetstream: &jetstream::Context,
    spec: &ConsumerSpec,
    message: &jetstream::Message,
) -> Result<BatchEvent, HandleError> {
    let body = nats::message_body(jetstream, message)
        .await
        .map_err(|error| HandleError::Transient(format!("cannot read event body: {error}")))?;
    let event = EventEnvelope::decode(body)
        .map_err(|error| HandleError::Permanent(format!("not a newsroom.v1.EventEnvelope: {error}")))?;
    let span = tracing::info_span!(
        "process event",
        otel.name = %format!("process {}", message.subject),
        otel.kind = "consumer",
        otel.status_code = tracing::field::Empty,
        error.type = tracing::field::Empty,
        messaging.system = "nats",
        messaging.operation.type = "process",
        messaging.message.id = %event.event_id,
        messaging.destination.name = %message.subject,
        messaging.consumer.group.name = spec.durable,
        event_id = %event.event_id,
        story_id = %event.story_id,
        version = event.version,
    );
    crate::telemetry::continue_trace_from_nats(&span, message.headers.as_ref());
    Ok(BatchEvent { event, span })
}

/// Ack `message` when handled; on failure, redeliver with backoff while deliveries remain,
/// else park it on the DLQ with its error.
async fn settle(
    jetstream: &jetstream::Context,
    spec: &ConsumerSpec,
    message: &jetstream::Message,
    outcome: Result<(), HandleError>,
) {
    let deliveries = message.info().map(|info| info.delivered).unwrap_or(1);
    let stream_sequence = message.info().map(|info| info.stream_sequence).unwrap_or(0);
    let ack = match outcome {
        Ok(()) => AckKind::Ack,
        Err(HandleError::Transient(error)) if deliveries < spec.max_deliver => {
            let delay = Duration::from_millis(200)
                .saturating_mul(2u32.saturating_pow(deliveries.clamp(1, 8) as u32 - 1));
            tracing::warn!(stage = spec.stage, deliveries, %error, retry_in_ms = delay.as_millis() as u64, "event failed, will retry");
            AckKind::Nak(Some(delay.min(Duration::from_secs(30))))
        }
        Err(error) => {
            let error = error.to_string();
            tracing::error!(stage = spec.stage, deliveries, %error, "event dead-lettered");
            match dead_letter(jetstream, spec, message, stream_sequence, deliveries, &error).await {
                Ok(()) => {
                    crate::metrics::get()
                        .events_dead_lettered
                        .add(1, &[opentelemetry::KeyValue::new("stage", spec.stage)]);
                    AckKind::Term
                }
                Err(dlq_error) => {
                    tracing::error!(stage = spec.stage, error = %dlq_error, "cannot publish dead letter; will retry");
                    AckKind::Nak(Some(Duration::from_secs(5)))
                }
            }
        }
    };
    if let Err(error) = message.ack_with(ack).await {
        tracing::warn!(stage = spec.stage, %error, "ack failed; the event will be redelivered (and deduplicated)");
    }
}

async fn dead_letter(
    jetstream: &jetstream::Context,
    spec: &ConsumerSpec,
    message: &jetstream::Message,
    stream_sequence: u64,
    deliveries: i64,
    error: &str,
) -> Result<(), async_nats::Error> {
    let mut headers = message.headers.clone().unwrap_or_default();
    headers.insert(DLQ_ERROR_HEADER, error.chars().take(1024).collect::<String>().as_str());
    headers.insert(DLQ_SUBJECT_HEADER, message.subject.as_str());
    headers.insert(DLQ_DELIVERIES_HEADER, deliveries.to_string().as_str());
    headers.insert(DLQ_SEQUENCE_HEADER, stream_sequence.to_string().as_str());
    let dead_letter_id = format!("dlq-{}-{}-{stream_sequence}", spec.stage, spec.stream);
    headers.insert("Nats-Msg-Id", dead_letter_id.as_str());
    let ack = jetstream
        .send_publish(
            crate::nats::subjects::dlq(spec.stage),
            jetstream::message::PublishMessage::build().payload(message.payload.clone()).headers(headers),
        )
        .await?;
    ack.await?;
    Ok(())
}
