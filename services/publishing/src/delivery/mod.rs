//! The delivery dispatcher: sends queued deliveries to webhooks and NATS subjects, with
//! retries (exponential backoff, full jitter, a cap and a maximum count) and a dead state
//! with the last error.
//!
//! Every replica runs one. A delivery is taken with a lease (a conditional update), so
//! two replicas never send it at once, and a crashed replica's deliveries come back when
//! their lease expires. A delivered row is final: it is never sent again. Each subscriber
//! has at most [`DeliverySettings::per_subscriber_in_flight`] sends at a time, so a slow or
//! failing subscriber only ever holds its own slots, never the others'. Deliveries of one
//! story to one destination go in order (a version, its correction, its kill).

pub mod backoff;
pub mod webhook;

use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
    time::Duration,
};

use chrono::Utc;
use newsroom_platform::{Shutdown, metrics::KeyValue};
use tokio::task::JoinSet;
use tracing::Instrument as _;

use crate::{
    domain::subscribers::Destination,
    store::{PublishingStore, subscribers::DeliveryJob},
};

/// How deliveries are attempted.
#[derive(Debug, Clone)]
pub struct DeliverySettings {
    /// Attempts before a delivery is dead.
    pub max_attempts: u32,
    /// First retry delay (before jitter); doubles per attempt.
    pub backoff_base: Duration,
    /// Longest retry delay.
    pub backoff_cap: Duration,
    /// Timeout of one webhook request.
    pub request_timeout: Duration,
    /// Sends in flight per subscriber.
    pub per_subscriber_in_flight: usize,
    /// Longest sleep between queue scans (a commit wakes the dispatcher sooner).
    pub poll: Duration,
    /// Which addresses webhooks may reach (checked after DNS resolution on every send).
    pub webhook_network: crate::domain::webhook_targets::WebhookNetworkPolicy,
}

impl Default for DeliverySettings {
    fn default() -> Self {
        Self {
            max_attempts: 10,
            backoff_base: Duration::from_secs(1),
            backoff_cap: Duration::from_secs(300),
            request_timeout: Duration::from_secs(10),
            per_subscriber_in_flight: 4,
            poll: Duration::from_secs(1),
            webhook_network: Default::default(),
        }
    }
}

/// Where a send went wrong.
#[derive(Debug)]
pub struct SendError {
    /// What happened.
    pub message: String,
    /// No retry can help (e.g. webhook 400, 404, 410).
    pub permanent: bool,
}

/// Run the dispatcher until `shutdown`; sends in flight then are finished first.
pub async fn run(
    store: PublishingStore,
    nats: async_nats::Client,
    settings: DeliverySettings,
    shutdown: Shutdown,
) -> anyhow::Result<()> {
    let http = webhook::client(settings.request_timeout, settings.webhook_network)?;
    let settings = Arc::new(settings);
    let in_flight: Arc<Mutex<HashMap<String, usize>>> = Arc::default();
    let wake = store.deliveries_queued().clone();
    let mut sends = JoinSet::new();
    let lease = chrono::Duration::from_std(settings.request_timeout * 3 + Duration::from_secs(5))
        .unwrap_or_else(|_| chrono::Duration::seconds(60));
    loop {
        while sends.try_join_next().is_some() {}
        let now = Utc::now();
        match store.due_deliveries(now, 256).await {
            Ok(due) => {
                for row in due {
                    let busy = in_flight
                        .lock()
                        .map(|counts| counts.get(&row.subscriber_id).copied().unwrap_or(0))
                        .unwrap_or(usize::MAX);
                    if busy >= settings.per_subscriber_in_flight {
                        continue;
                    }
                    match store.earlier_delivery_open(&row).await {
                        Ok(false) => {}
                        Ok(true) => continue,
                        Err(error) => {
                            tracing::warn!(%error, delivery_id = row.id, "cannot check delivery order");
                            continue;
                        }
                    }
                    let job = match store.claim_delivery(&row, now, lease).await {
                        Ok(Some(job)) => job,
                        Ok(None) => continue,
                        Err(error) => {
                            tracing::warn!(%error, delivery_id = row.id, "cannot take delivery");
                            let attempts = row.attempts + 1;
                            let _ = store.mark_failed(row.id, attempts, &error.to_string(), None).await;
                            continue;
                        }
                    };
                    if let Ok(mut counts) = in_flight.lock() {
                        *counts.entry(row.subscriber_id.clone()).or_default() += 1;
                    }
                    let (store, http, nats, settings, in_flight, wake) = (
                        store.clone(),
                        http.clone(),
                        nats.clone(),
                        settings.clone(),
                        in_flight.clone(),
                        wake.clone(),
                    );
                    sends.spawn(async move {
                        let subscriber_id = job.row.subscriber_id.clone();
                        attempt(&store, &http, &nats, &settings, job).await;
                        if let Ok(mut counts) = in_flight.lock()
                            && let Some(count) = counts.get_mut(&subscriber_id)
                        {
                            *count = count.saturating_sub(1);
                        }
                        // A freed slot or a finished predecessor may make more deliveries eligible.
                        wake.notify_one();
                    });
                }
            }
            Err(error) => tracing::warn!(%error, "cannot read the delivery queue"),
        }
        let sleep = match store.next_delivery_due().await {
            Ok(Some(next)) => (next - Utc::now()).to_std().unwrap_or(Duration::ZERO).min(settings.poll),
            _ => settings.poll,
        }
        .max(Duration::from_millis(5));
        tokio::select! {
            _ = shutdown.wait() => break,
            _ = wake.notified() => {}
            _ = tokio::time::sleep(sleep) => {}
        }
    }
    // Finish what is in flight, so a graceful restart neither loses nor repeats a send.
    while sends.join_next().await.is_some() {}
    tracing::info!("delivery dispatcher stopped");
    Ok(())
}

/// One attempt at one delivery, and its bookkeeping, in a span that continues the trace of
/// the release that queued it (its context travels on in the request's `traceparent`).
async fn attempt(
    store: &PublishingStore,
    http: &reqwest::Client,
    nats: &async_nats::Client,
    settings: &DeliverySettings,
    job: DeliveryJob,
) {
    let (kind, span_kind, operation) = match &job.destination {
        Destination::WebhookUrl(_) => ("webhook", "client", "POST"),
        Destination::NatsSubject(_) => ("nats", "producer", "publish"),
    };
    let span = tracing::info_span!(
        "deliver",
        otel.name = %format!("deliver {kind} {operation}"),
        otel.kind = span_kind,
        otel.status_code = tracing::field::Empty,
        error.type = tracing::field::Empty,
        delivery_id = job.row.id,
        delivery.attempt = job.row.attempts + 1,
        subscriber_id = %job.row.subscriber_id,
        story_id = %job.row.story_id,
        version = job.row.version,
        destination = %job.destination,
    );
    newsroom_platform::telemetry::continue_trace_from_stored(&span, job.row.trace_context.as_deref());
    send_and_record(store, http, nats, settings, job, kind).instrument(span).await;
}

/// Send `job` once and record the outcome (inside the delivery's span).
async fn send_and_record(
    store: &PublishingStore,
    http: &reqwest::Client,
    nats: &async_nats::Client,
    settings: &DeliverySettings,
    job: DeliveryJob,
    kind: &'static str,
) {
    let started = std::time::Instant::now();
    let metrics = newsroom_platform::metrics::get();
    let attempts = job.row.attempts + 1;
    let result = match &job.destination {
        Destination::WebhookUrl(url) => webhook::send(http, url, &settings.webhook_network, &job).await,
        Destination::NatsSubject(subject) => send_nats(nats, subject, &job).await,
    };
    metrics.stage_duration.record(started.elapsed().as_secs_f64(), &[KeyValue::new("stage", "deliver")]);
    let recorded = match result {
        Ok(()) => {
            tracing::info!(attempts, "delivered");
            metrics
                .delivery_attempts
                .add(1, &[KeyValue::new("outcome", "delivered"), KeyValue::new("kind", kind)]);
            store.mark_delivered(job.row.id, attempts, Utc::now()).await
        }
        Err(error) => {
            newsroom_platform::telemetry::record_error(&tracing::Span::current(), &error.message);
            metrics
                .delivery_failures
                .add(1, &[KeyValue::new("kind", kind), KeyValue::new("permanent", error.permanent)]);
            let out_of_attempts = attempts as u32 >= settings.max_attempts;
            let next = (!error.permanent && !out_of_attempts).then(|| {
                Utc::now()
                    + chrono::Duration::from_std(backoff::full_jitter(
                        attempts as u32,
                        settings.backoff_base,
                        settings.backoff_cap,
                    ))
                    .unwrap_or_default()
            });
            let outcome = if next.is_some() { "retry" } else { "dead" };
            metrics
                .delivery_attempts
                .add(1, &[KeyValue::new("outcome", outcome), KeyValue::new("kind", kind)]);
            match next {
                Some(at) => {
                    tracing::warn!(attempts, error = %error.message, retry_at = %at, "delivery failed, will retry")
                }
                None => {
                    metrics.delivery_dead_letters.add(1, &[KeyValue::new("kind", kind)]);
                    tracing::error!(attempts, error = %error.message, permanent = error.permanent, "delivery dead")
                }
            }
            store.mark_failed(job.row.id, attempts, &error.message, next).await
        }
    };
    if let Err(error) = recorded {
        // The lease expires and the delivery is attempted again (same idempotency key).
        tracing::error!(%error, "cannot record the delivery attempt");
    }
}

/// Publish the document on a NATS subject, headers as for webhooks.
async fn send_nats(nats: &async_nats::Client, subject: &str, job: &DeliveryJob) -> Result<(), SendError> {
    let mut headers = async_nats::HeaderMap::new();
    headers.insert(
        newsroom_platform::webhook_signature::IDEMPOTENCY_KEY_HEADER,
        job.row.idempotency_key.as_str(),
    );
    headers.insert("Newsroom-Story-Id", job.row.story_id.as_str());
    headers.insert("Newsroom-Story-Version", job.row.version.to_string().as_str());
    headers.insert("Newsroom-Pubstatus", job.row.pubstatus.as_str());
    headers.insert("Content-Type", "application/json");
    for (name, value) in newsroom_platform::telemetry::current_trace_headers() {
        headers.insert(name.as_str(), value.as_str());
    }
    nats.publish_with_headers(subject.to_owned(), headers, job.document.clone().into())
        .await
        .map_err(|error| SendError { message: format!("nats publish: {error}"), permanent: false })?;
    nats.flush()
        .await
        .map_err(|error| SendError { message: format!("nats flush: {error}"), permanent: false })
}
