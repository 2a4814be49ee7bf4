//! Fault injection across the whole pipeline, each test ending in an exact count: every
//! story acknowledged at ingest reaches the test subscriber's webhook exactly once.
//! NATS killed and restarted mid-push, an enrichment worker SIGKILLed mid-batch, and the
//! ingest database (a test-owned PostgreSQL) killed and restarted. (Publishing restarted
//! mid-delivery, poison messages and a webhook target that heals are in delivery.rs,
//! enrichment.rs and publishing.rs; docs/RELIABILITY.md maps every fault to its test.)

use std::{collections::HashMap, time::Duration};

use newsroom_proto::v1::{SubmitOutcome, SubmitStoriesRequest, SubmitStoryRequest};
use newsroom_tests::{
    Backend, NatsServer, TestDb, eventually,
    postgres::TestPostgres,
    processes::{ServiceProcess, binaries},
    services::{
        TestEnrichment, TestIngest, TestPublishing, publishing_config, subscribe_webhook, text_story,
    },
    webhook::TestWebhook,
};
use tokio_stream::wrappers::ReceiverStream;

const SECRET: &str = "fault-injection-secret";

/// The fault tests run one at a time: each loads the machine on purpose, and their exact
/// counts should not depend on how the others' outages overlap.
static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// A story body of realistic length, different for each `index`.
fn body(index: usize) -> String {
    format!(
        "Harbour Update {index}\n\nPORT TOWN: Crews finished repair job {index} on the north quay on Monday, \
         the harbour master said. \"Work number {index} is done,\" she told reporters.\n\n\
         Ferries will resume their normal timetable, the operator said in a statement."
    )
}

/// Publishing that retries for ever (nothing goes dead while the test plays an outage).
async fn patient_publishing(database_url: &str, nats_url: &str) -> TestPublishing {
    TestPublishing::start_with(newsroom_publishing::PublishingConfig {
        delivery_max_attempts: 1000,
        ..publishing_config(database_url, nats_url, None)
    })
    .await
}

/// Enrichment and a patient publishing on `nats_url`, both SERVING.
async fn enrichment_and_publishing(
    enrichment_db: &str,
    publishing_db: &str,
    nats_url: &str,
) -> (TestEnrichment, TestPublishing) {
    let enrichment = TestEnrichment::start(enrichment_db, nats_url).await;
    let publishing = patient_publishing(publishing_db, nats_url).await;
    enrichment.wait_ready().await;
    publishing.wait_ready().await;
    (enrichment, publishing)
}

/// A webhook receiver answering 200, subscribed to every story of `publishing`.
async fn subscribed_webhook(publishing: &TestPublishing) -> TestWebhook {
    let webhook = TestWebhook::start(200).await;
    webhook.set_secret(SECRET);
    subscribe_webhook(publishing, "fault-desk", &webhook.url(), SECRET).await;
    webhook
}

/// Wait until `webhook` has accepted `expected` different deliveries, let late duplicates
/// arrive, then check each delivery came exactly once.
async fn assert_each_delivered_once(webhook: &TestWebhook, expected: usize, within: Duration) {
    let deadline = tokio::time::Instant::now() + within;
    loop {
        let accepted = webhook.accepted().len();
        if accepted >= expected {
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "only {accepted} of {expected} stories reached the webhook within {within:?}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    tokio::time::sleep(Duration::from_secs(3)).await;
    let mut per_key: HashMap<String, usize> = HashMap::new();
    for request in webhook.accepted() {
        assert!(request.signature_ok, "every delivery is signed");
        *per_key.entry(request.idempotency_key).or_default() += 1;
    }
    let doubled: Vec<_> = per_key.iter().filter(|(_, count)| **count > 1).collect();
    assert!(doubled.is_empty(), "delivered more than once: {doubled:?}");
    assert_eq!(per_key.len(), expected, "each acknowledged story exactly once");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nats_killed_and_restarted_during_a_1000_story_push_loses_and_doubles_nothing() {
    let _serial = ONE_AT_A_TIME.lock().await;
    let mut nats = NatsServer::start().await;
    let (ingest_db, enrichment_db, publishing_db) = (
        TestDb::new(Backend::Sqlite).await,
        TestDb::new(Backend::Sqlite).await,
        TestDb::new(Backend::Sqlite).await,
    );
    let ingest = TestIngest::start(&ingest_db.url, &nats.url()).await;
    let (_enrichment, publishing) =
        enrichment_and_publishing(&enrichment_db.url, &publishing_db.url, &nats.url()).await;
    let webhook = subscribed_webhook(&publishing).await;

    // One bulk stream of 1,000 stories; NATS is killed after 400 and restarted after 700.
    let (items, receiver) = tokio::sync::mpsc::channel(64);
    let mut results = ingest
        .client()
        .await
        .submit_stories(ReceiverStream::new(receiver))
        .await
        .unwrap_or_else(|status| panic!("open bulk stream: {status}"))
        .into_inner();
    let mut acknowledged = 0;
    for (start, end) in [(0, 400), (400, 700), (700, 1000)] {
        match start {
            400 => nats.stop(),
            700 => nats.restart().await,
            _ => {}
        }
        for index in start..end {
            let story = text_story("fault-wire", &format!("nats-{index}"), &body(index));
            items
                .send(SubmitStoriesRequest { story: Some(story) })
                .await
                .unwrap_or_else(|_| panic!("stream open"));
        }
        for _ in start..end {
            let result = results
                .message()
                .await
                .unwrap_or_else(|status| panic!("bulk result: {status}"))
                .unwrap_or_else(|| panic!("stream ended early"));
            assert_eq!(result.outcome(), SubmitOutcome::Accepted, "{result:?}");
            acknowledged += 1;
        }
    }
    drop(items);
    assert_eq!(acknowledged, 1000);
    assert_each_delivered_once(&webhook, 1000, Duration::from_secs(480)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_enrichment_worker_killed_mid_batch_loses_and_doubles_nothing() {
    let _serial = ONE_AT_A_TIME.lock().await;
    let bins = tokio::task::spawn_blocking(binaries).await.unwrap_or_else(|error| panic!("build: {error}"));
    let nats = NatsServer::start().await;
    let (ingest_db, publishing_db) = (TestDb::new(Backend::Sqlite).await, TestDb::new(Backend::Sqlite).await);
    // Two replicas share one enrichment database, as in production.
    let enrichment_db = TestDb::new(Backend::Postgres).await;
    let ingest = TestIngest::start(&ingest_db.url, &nats.url()).await;
    let publishing = patient_publishing(&publishing_db.url, &nats.url()).await;
    ingest.wait_ready().await;
    publishing.wait_ready().await;
    let webhook = subscribed_webhook(&publishing).await;

    let dir = tempfile::tempdir().unwrap_or_else(|error| panic!("tempdir: {error}"));
    let worker = |name: &str| {
        let env: Vec<(String, String)> = [
            ("NATS_URL", nats.url()),
            ("DATABASE_URL", enrichment_db.url.clone()),
            ("NEWSROOM_DATA_DIR", dir.path().display().to_string()),
        ]
        .into_iter()
        .map(|(key, value)| (key.to_owned(), value))
        .collect();
        let log_file = dir.path().join(format!("{name}.log"));
        async move { ServiceProcess::start_listening("newsroom-enrichment", &env, &log_file).await.0 }
    };
    assert!(bins.join("newsroom-enrichment").exists());
    let doomed = worker("doomed").await;
    let survivor = worker("survivor").await;

    let mut client = ingest.client().await;
    for index in 0..300 {
        client
            .submit_story(SubmitStoryRequest {
                story: Some(text_story("fault-wire", &format!("kill-{index}"), &body(index))),
            })
            .await
            .unwrap_or_else(|status| panic!("push {index}: {status}"));
    }
    // Kill one worker while the batch is half through, with events in its hands.
    eventually(Duration::from_secs(120), "the batch to be under way", || {
        let delivered = webhook.accepted().len();
        async move { (delivered >= 30).then_some(()) }
    })
    .await;
    doomed.kill();
    // Its unacknowledged events come back to the survivor after the ack wait (60 s); a
    // loaded CI machine runs the debug binaries slowly, hence the generous bound.
    assert_each_delivered_once(&webhook, 300, Duration::from_secs(480)).await;
    let _ = survivor.stop(Duration::from_secs(20));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_postgres_outage_at_ingest_loses_nothing_it_acknowledged() {
    let _serial = ONE_AT_A_TIME.lock().await;
    let mut postgres = TestPostgres::start().await;
    let nats = NatsServer::start().await;
    let (enrichment_db, publishing_db) =
        (TestDb::new(Backend::Sqlite).await, TestDb::new(Backend::Sqlite).await);
    let ingest = TestIngest::start(&postgres.url(), &nats.url()).await;
    let (_enrichment, publishing) =
        enrichment_and_publishing(&enrichment_db.url, &publishing_db.url, &nats.url()).await;
    let webhook = subscribed_webhook(&publishing).await;

    let client = ingest.client().await;
    let mut acknowledged = 0;
    let push = |index: usize| {
        let mut client = client.clone();
        async move {
            client
                .submit_story(SubmitStoryRequest {
                    story: Some(text_story("fault-wire", &format!("pg-{index}"), &body(index))),
                })
                .await
        }
    };
    for index in 0..40 {
        push(index).await.unwrap_or_else(|status| panic!("push {index}: {status}"));
        acknowledged += 1;
    }
    postgres.stop();
    let mut refused = 0;
    // Each refused call waits for the pool's 5 s acquire timeout: a few are enough.
    for index in 40..45 {
        match push(index).await {
            Ok(_) => acknowledged += 1,
            Err(status) => {
                assert_eq!(
                    status.code(),
                    tonic::Code::Unavailable,
                    "a database outage is UNAVAILABLE: {status:?}"
                );
                refused += 1;
            }
        }
    }
    assert!(refused > 0, "pushes during the outage are refused, not faked");
    postgres.restart().await;
    let pushed_after = eventually(Duration::from_secs(60), "ingest to reach its database again", || {
        let attempt = push(60);
        async move { attempt.await.ok() }
    })
    .await;
    assert_eq!(pushed_after.into_inner().version, 1);
    acknowledged += 1;
    for index in 61..100 {
        push(index).await.unwrap_or_else(|status| panic!("push {index}: {status}"));
        acknowledged += 1;
    }
    assert_each_delivered_once(&webhook, acknowledged, Duration::from_secs(180)).await;
}
