//! The platform's durable consumer against a real nats-server: transient failures are
//! retried, then dead-lettered with the error after the maximum deliveries, and the
//! messages after it keep flowing.

use std::{
    sync::{Arc, Mutex},
    time::Duration,
};

use newsroom_platform::{
    Shutdown,
    consumer::{
        BatchEvent, ConsumerSpec, DLQ_DELIVERIES_HEADER, DLQ_ERROR_HEADER, DLQ_SUBJECT_HEADER, EventHandler,
        HandleError,
    },
    nats::{self as platform_nats, streams, subjects},
};
use newsroom_proto::v1::EventEnvelope;
use newsroom_tests::{NatsServer, events, eventually};
use prost::Message as _;

/// Fails every event whose story id starts with "bad", records the others.
struct Flaky {
    /// (story id, attempt) of every call.
    calls: Mutex<Vec<String>>,
}

#[async_trait::async_trait]
impl EventHandler for Flaky {
    async fn handle(&self, event: EventEnvelope) -> Result<(), HandleError> {
        if let Ok(mut calls) = self.calls.lock() {
            calls.push(event.story_id.clone());
        }
        if event.story_id.starts_with("bad") {
            return Err(HandleError::Transient("database is on fire".into()));
        }
        Ok(())
    }
}

/// Handles whole batches: records each batch's story ids, fails "bad" events permanently
/// and the others succeed, one outcome per event.
struct Batching {
    /// The story ids of every batch, in arrival order.
    batches: Mutex<Vec<Vec<String>>>,
}

#[async_trait::async_trait]
impl EventHandler for Batching {
    async fn handle(&self, event: EventEnvelope) -> Result<(), HandleError> {
        self.handle_batch(vec![BatchEvent { event, span: tracing::Span::none() }])
            .await
            .pop()
            .unwrap_or_else(|| Err(HandleError::Transient("no outcome".into())))
    }

    async fn handle_batch(&self, events: Vec<BatchEvent>) -> Vec<Result<(), HandleError>> {
        let ids: Vec<String> = events.iter().map(|batch_event| batch_event.event.story_id.clone()).collect();
        if let Ok(mut batches) = self.batches.lock() {
            batches.push(ids.clone());
        }
        ids.iter()
            .map(
                |id| {
                    if id.starts_with("bad") {
                        Err(HandleError::Permanent("bad event".into()))
                    } else {
                        Ok(())
                    }
                },
            )
            .collect()
    }
}

async fn publish(jetstream: &async_nats::jetstream::Context, story_id: &str) {
    let envelope = EventEnvelope {
        event_id: newsroom_platform::events::new_event_id(),
        story_id: story_id.into(),
        version: 1,
        ..Default::default()
    };
    platform_nats::publish_event(
        jetstream,
        subjects::STORY_INGESTED,
        &envelope.event_id,
        envelope.encode_to_vec().into(),
        &[],
    )
    .await
    .expect("publish");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn transient_failures_are_retried_then_dead_lettered_and_the_rest_flows() {
    let nats = NatsServer::start().await;
    let jetstream = async_nats::jetstream::new(nats.client().await);
    let shutdown = Shutdown::new();
    assert!(platform_nats::ensure_streams(&jetstream, 1, &shutdown).await);
    let handler = Arc::new(Flaky { calls: Mutex::new(Vec::new()) });
    let spec = ConsumerSpec {
        stream: streams::INGESTED,
        durable: "test-consumer",
        filter_subject: subjects::STORY_INGESTED,
        stage: "test",
        max_deliver: 3,
        ack_wait: Duration::from_secs(30),
        concurrency: 2,
        max_batch: 1,
    };
    let consumer = tokio::spawn(newsroom_platform::consumer::run(
        jetstream.clone(),
        spec,
        handler.clone(),
        shutdown.clone(),
    ));

    publish(&jetstream, "bad-1").await;
    publish(&jetstream, "good-1").await;
    publish(&jetstream, "good-2").await;

    events::wait_for(&nats, streams::DLQ, 1).await;
    eventually(Duration::from_secs(10), "both good events handled", || {
        let handler = handler.clone();
        async move {
            let calls = handler.calls.lock().ok()?;
            (calls.iter().filter(|id| id.starts_with("good")).count() == 2).then_some(())
        }
    })
    .await;
    let dead = events::messages(&nats, streams::DLQ).await;
    assert_eq!(dead.len(), 1);
    let (headers, body) = &dead[0];
    let header = |name: &str| headers.get(name).map(|v| v.as_str().to_owned()).unwrap_or_default();
    assert!(header(DLQ_ERROR_HEADER).contains("database is on fire"));
    assert_eq!(header(DLQ_SUBJECT_HEADER), subjects::STORY_INGESTED);
    assert_eq!(header(DLQ_DELIVERIES_HEADER), "3");
    assert_eq!(EventEnvelope::decode(body.clone()).expect("original event").story_id, "bad-1");
    let bad_calls = handler.calls.lock().expect("calls").iter().filter(|id| id.starts_with("bad")).count();
    assert_eq!(bad_calls, 3, "tried exactly max_deliver times");

    // Nothing is redelivered after the dead letter.
    tokio::time::sleep(Duration::from_secs(2)).await;
    let bad_calls = handler.calls.lock().expect("calls").iter().filter(|id| id.starts_with("bad")).count();
    assert_eq!(bad_calls, 3);
    shutdown.trigger();
    tokio::time::timeout(Duration::from_secs(10), consumer)
        .await
        .expect("consumer stops")
        .expect("join")
        .expect("ok");
}

/// Events already pulled are handed over together (up to `max_batch`), each settled by its
/// own outcome: the bad one goes to the DLQ, the others are acked once and never redelivered.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn events_pulled_together_are_handled_as_a_batch_and_settled_one_by_one() {
    let nats = NatsServer::start().await;
    let jetstream = async_nats::jetstream::new(nats.client().await);
    let shutdown = Shutdown::new();
    assert!(platform_nats::ensure_streams(&jetstream, 1, &shutdown).await);
    // Queued before the consumer starts, so its first pulls find them waiting.
    for i in 0..40 {
        let story_id = if i == 17 { "bad-17".to_owned() } else { format!("good-{i}") };
        publish(&jetstream, &story_id).await;
    }
    let handler = Arc::new(Batching { batches: Mutex::new(Vec::new()) });
    let spec = ConsumerSpec {
        stream: streams::INGESTED,
        durable: "test-batching",
        filter_subject: subjects::STORY_INGESTED,
        stage: "test",
        max_deliver: 3,
        ack_wait: Duration::from_secs(2),
        concurrency: 1,
        max_batch: 8,
    };
    let consumer = tokio::spawn(newsroom_platform::consumer::run(
        jetstream.clone(),
        spec,
        handler.clone(),
        shutdown.clone(),
    ));
    events::wait_for(&nats, streams::DLQ, 1).await;
    eventually(Duration::from_secs(10), "every event handled", || {
        let handler = handler.clone();
        async move {
            let batches = handler.batches.lock().ok()?;
            (batches.iter().map(Vec::len).sum::<usize>() >= 40).then_some(())
        }
    })
    .await;
    // Past the ack wait: an event that was not acked would come back now.
    tokio::time::sleep(Duration::from_secs(4)).await;
    let batches = handler.batches.lock().expect("batches").clone();
    assert!(batches.iter().all(|batch| batch.len() <= 8), "no batch over max_batch: {batches:?}");
    assert!(batches.iter().any(|batch| batch.len() > 1), "waiting events were batched: {batches:?}");
    let mut seen: Vec<String> = batches.into_iter().flatten().collect();
    assert_eq!(seen.len(), 40, "each event handled once, none redelivered");
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), 40);
    let dead = events::messages(&nats, streams::DLQ).await;
    assert_eq!(dead.len(), 1);
    assert_eq!(EventEnvelope::decode(dead[0].1.clone()).expect("original event").story_id, "bad-17");
    shutdown.trigger();
    tokio::time::timeout(Duration::from_secs(10), consumer)
        .await
        .expect("consumer stops")
        .expect("join")
        .expect("ok");
}
