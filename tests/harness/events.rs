//! Reading what the pipeline put on its streams.

use std::time::Duration;

use futures::StreamExt as _;
use newsroom_proto::v1::EventEnvelope;
use prost::Message as _;

use crate::NatsServer;

/// Messages currently stored in `stream` (0 when it does not exist yet).
pub async fn count(nats: &NatsServer, stream: &str) -> u64 {
    let jetstream = async_nats::jetstream::new(nats.client().await);
    match jetstream.get_stream(stream).await {
        Ok(mut stream) => stream.info().await.map(|info| info.state.messages).unwrap_or(0),
        Err(_) => 0,
    }
}

/// Wait until `stream` holds at least `expected` messages.
pub async fn wait_for(nats: &NatsServer, stream: &str, expected: u64) {
    crate::eventually(Duration::from_secs(30), &format!("{expected} messages on {stream}"), || async {
        (count(nats, stream).await >= expected).then_some(())
    })
    .await;
}

/// Every message of `stream` with its headers, bodies resolved through the claim-check.
pub async fn messages(nats: &NatsServer, stream: &str) -> Vec<(async_nats::HeaderMap, bytes::Bytes)> {
    let jetstream = async_nats::jetstream::new(nats.client().await);
    let mut handle =
        jetstream.get_stream(stream).await.unwrap_or_else(|error| panic!("stream {stream}: {error}"));
    let total = handle.info().await.map(|info| info.state.messages).unwrap_or(0);
    let consumer = handle
        .create_consumer(async_nats::jetstream::consumer::pull::OrderedConfig::default())
        .await
        .unwrap_or_else(|error| panic!("ordered consumer on {stream}: {error}"));
    let mut messages = consumer.messages().await.unwrap_or_else(|error| panic!("messages: {error}"));
    let mut out = Vec::new();
    while (out.len() as u64) < total {
        let message = tokio::time::timeout(Duration::from_secs(10), messages.next())
            .await
            .unwrap_or_else(|_| panic!("message {} of {stream} within 10 s", out.len() + 1))
            .unwrap_or_else(|| panic!("{stream} ended early"))
            .unwrap_or_else(|error| panic!("message error: {error}"));
        let body = newsroom_platform::nats::message_body(&jetstream, &message)
            .await
            .unwrap_or_else(|error| panic!("event body: {error}"));
        out.push((message.headers.clone().unwrap_or_default(), body));
    }
    out
}

/// Every event of `stream`, decoded.
pub async fn envelopes(nats: &NatsServer, stream: &str) -> Vec<EventEnvelope> {
    messages(nats, stream)
        .await
        .into_iter()
        .map(|(_, body)| EventEnvelope::decode(body).unwrap_or_else(|error| panic!("envelope: {error}")))
        .collect()
}
