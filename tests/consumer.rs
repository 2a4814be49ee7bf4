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
        ConsumerSpec, DLQ_DELIVERIES_HEADER, DLQ_ERROR_HEADER, DLQ_SUBJECT_HEADER, EventHandler, HandleError,
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
