//! NATS JetStream: the subjects and streams of the pipeline (named here and nowhere
//! else), connecting with retry, and publishing an event with de-duplication and
//! the claim-check for events larger than the server's max payload.

use std::time::Duration;

use async_nats::{
    HeaderMap,
    jetstream::{self, message::PublishMessage, object_store, stream},
};
use bytes::Bytes;

use crate::shutdown::Shutdown;

/// Subjects of the pipeline. Every event on them is a protobuf `EventEnvelope`.
pub mod subjects {
    /// Ingest stored a new story or a new version.
    pub const STORY_INGESTED: &str = "newsroom.story.ingested";
    /// Enrichment produced the structured story.
    pub const STORY_ENRICHED: &str = "newsroom.story.enriched";
    /// Prefix of per-channel publication subjects: `newsroom.story.published.<channel>`.
    pub const STORY_PUBLISHED_PREFIX: &str = "newsroom.story.published";
    /// Prefix of dead-letter subjects: `newsroom.dlq.<stage>`.
    pub const DLQ_PREFIX: &str = "newsroom.dlq";

    /// `newsroom.story.published.<channel>`.
    pub fn story_published(channel: &str) -> String {
        format!("{STORY_PUBLISHED_PREFIX}.{channel}")
    }

    /// `newsroom.dlq.<stage>`.
    pub fn dlq(stage: &str) -> String {
        format!("{DLQ_PREFIX}.{stage}")
    }
}

/// Stream names of the pipeline (see [`STREAMS`]).
pub mod streams {
    /// Captures `newsroom.story.ingested`.
    pub const INGESTED: &str = "NEWSROOM_INGESTED";
    /// Captures `newsroom.story.enriched`.
    pub const ENRICHED: &str = "NEWSROOM_ENRICHED";
    /// Captures `newsroom.story.published.>`.
    pub const PUBLISHED: &str = "NEWSROOM_PUBLISHED";
    /// Captures `newsroom.dlq.>`.
    pub const DLQ: &str = "NEWSROOM_DLQ";
}

/// Header carrying the object-store key when an event's body was too large for a message.
pub const PAYLOAD_OBJECT_HEADER: &str = "Newsroom-Payload-Object";
/// Object-store bucket holding oversized event bodies (claim-check).
pub const PAYLOAD_BUCKET: &str = "newsroom-payloads";

/// A JetStream stream of the pipeline.
#[derive(Debug, Clone, Copy)]
pub struct StreamSpec {
    /// Stream name.
    pub name: &'static str,
    /// Subjects it captures.
    pub subjects: &'static [&'static str],
    /// How long messages are kept.
    pub max_age: Duration,
}

/// Every stream of the pipeline; services ensure all of them at start (idempotent).
pub const STREAMS: &[StreamSpec] = &[
    StreamSpec {
        name: streams::INGESTED,
        subjects: &[subjects::STORY_INGESTED],
        max_age: Duration::from_secs(14 * 24 * 3600),
    },
    StreamSpec {
        name: streams::ENRICHED,
        subjects: &[subjects::STORY_ENRICHED],
        max_age: Duration::from_secs(14 * 24 * 3600),
    },
    StreamSpec {
        name: streams::PUBLISHED,
        subjects: &["newsroom.story.published.>"],
        max_age: Duration::from_secs(14 * 24 * 3600),
    },
    StreamSpec {
        name: streams::DLQ,
        subjects: &["newsroom.dlq.>"],
        max_age: Duration::from_secs(30 * 24 * 3600),
    },
];

/// Window in which JetStream drops a re-published `Nats-Msg-Id`. Longer than any retry
/// burst of the outbox relay after an outage.
pub const DUPLICATE_WINDOW: Duration = Duration::from_secs(10 * 60);

/// Connect to NATS; the client keeps reconnecting in the background for ever, so a
/// NATS outage only delays events (they wait in the outbox) and never stops a service.
pub async fn connect(
    nats_url: &str,
    auth: &crate::config::NatsAuthConfig,
    client_name: &str,
) -> anyhow::Result<async_nats::Client> {
    let options = connect_options(auth, client_name).await?;
    Ok(options.connect(nats_url).await?)
}

/// The client options: retry for ever, plus whatever credentials and TLS `auth` names.
async fn connect_options(
    auth: &crate::config::NatsAuthConfig,
    client_name: &str,
) -> std::io::Result<async_nats::ConnectOptions> {
    let mut options = match &auth.nats_creds_file {
        Some(path) => async_nats::ConnectOptions::with_credentials_file(path).await.map_err(|error| {
            std::io::Error::new(error.kind(), format!("NATS_CREDS_FILE {}: {error}", path.display()))
        })?,
        None => async_nats::ConnectOptions::new(),
    };
    if let (Some(user), Some(password)) = (&auth.nats_user, &auth.nats_password) {
        options = options.user_and_password(user.clone(), password.clone());
    }
    if let Some(token) = &auth.nats_token {
        options = options.token(token.clone());
    }
    if let Some(ca_file) = &auth.nats_ca_file {
        options = options.add_root_certificates(ca_file.clone()).require_tls(true);
    }
    if let (Some(cert), Some(key)) = (&auth.nats_tls_cert, &auth.nats_tls_key) {
        options = options.add_client_certificate(cert.clone(), key.clone());
    }
    if auth.nats_tls_required {
        options = options.require_tls(true);
    }
    Ok(options
        .name(client_name)
        .retry_on_initial_connect()
        .max_reconnects(None)
        .connection_timeout(Duration::from_secs(5))
        .request_timeout(Some(Duration::from_secs(5))))
}

/// Create or update every stream of [`STREAMS`] and the payload bucket; retries until
/// success or shutdown (returns `false` on shutdown).
pub async fn ensure_streams(jetstream: &jetstream::Context, replicas: usize, shutdown: &Shutdown) -> bool {
    let mut backoff = Duration::from_millis(100);
    loop {
        match try_ensure_streams(jetstream, replicas).await {
            Ok(()) => return true,
            Err(error) => {
                tracing::warn!(%error, retry_in_ms = backoff.as_millis() as u64, "cannot ensure jetstream streams yet")
            }
        }
        tokio::select! {
            _ = shutdown.wait() => return false,
            _ = tokio::time::sleep(backoff) => {}
        }
        backoff = (backoff * 2).min(Duration::from_secs(5));
    }
}

async fn try_ensure_streams(
    jetstream: &jetstream::Context,
    replicas: usize,
) -> Result<(), async_nats::Error> {
    for spec in STREAMS {
        jetstream
            .create_or_update_stream(stream::Config {
                name: spec.name.to_owned(),
                subjects: spec.subjects.iter().map(|s| (*s).to_owned()).collect(),
                storage: stream::StorageType::File,
                retention: stream::RetentionPolicy::Limits,
                max_age: spec.max_age,
                duplicate_window: DUPLICATE_WINDOW,
                num_replicas: replicas.max(1),
                ..Default::default()
            })
            .await?;
    }
    payload_store(jetstream, replicas).await?;
    Ok(())
}

/// The payload store; created (with `replicas`) only when missing. [`ensure_streams`]
/// creates it with the configured replicas before anything publishes.
async fn payload_store(
    jetstream: &jetstream::Context,
    replicas: usize,
) -> Result<object_store::ObjectStore, async_nats::Error> {
    if let Ok(store) = jetstream.get_object_store(PAYLOAD_BUCKET).await {
        return Ok(store);
    }
    Ok(jetstream
        .create_object_store(object_store::Config {
            bucket: PAYLOAD_BUCKET.to_owned(),
            description: Some("event bodies larger than the NATS max payload (claim-check)".to_owned()),
            max_age: Duration::from_secs(14 * 24 * 3600),
            storage: stream::StorageType::File,
            num_replicas: replicas.max(1),
            ..Default::default()
        })
        .await?)
}

/// Room kept for headers and protocol overhead when deciding whether a body fits a message.
const HEADER_ALLOWANCE: usize = 8 * 1024;

/// Publish one event and wait for JetStream's ack. `event_id` becomes `Nats-Msg-Id`, so a
/// re-publish (relay retry, second replica) is dropped by the stream. A body larger
/// than the server's max payload goes to the payload object store under `event_id` and
/// the message carries only the key in [`PAYLOAD_OBJECT_HEADER`].
pub async fn publish_event(
    jetstream: &jetstream::Context,
    subject: &str,
    event_id: &str,
    body: Bytes,
    trace_headers: &[(String, String)],
) -> Result<(), async_nats::Error> {
    let mut headers = HeaderMap::new();
    for (name, value) in trace_headers {
        headers.insert(name.as_str(), value.as_str());
    }
    let max_payload = jetstream.client().max_payload();
    let body = if body.len() + HEADER_ALLOWANCE > max_payload {
        let store = payload_store(jetstream, 1).await?;
        let mut reader = body.as_ref();
        store.put(event_id, &mut reader).await?;
        headers.insert(PAYLOAD_OBJECT_HEADER, event_id);
        Bytes::new()
    } else {
        body
    };
    let ack = jetstream
        .send_publish(
            subject.to_owned(),
            PublishMessage::build().payload(body).headers(headers).message_id(event_id),
        )
        .await?;
    ack.await?;
    Ok(())
}

/// The event body of a received message, fetching it from the payload store when the
/// message carries only a claim-check key.
pub async fn message_body(
    jetstream: &jetstream::Context,
    message: &async_nats::Message,
) -> Result<Bytes, async_nats::Error> {
    let key = message
        .headers
        .as_ref()
        .and_then(|headers| headers.get(PAYLOAD_OBJECT_HEADER))
        .map(|value| value.as_str().to_owned());
    let Some(key) = key else {
        return Ok(message.payload.clone());
    };
    use tokio::io::AsyncReadExt as _;
    let store = payload_store(jetstream, 1).await?;
    let mut object = store.get(&key).await?;
    let mut body = Vec::new();
    object.read_to_end(&mut body).await?;
    Ok(Bytes::from(body))
}
