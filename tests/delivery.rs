//! Subscribers and the delivery queue against real infrastructure: signed webhooks that
//! fail then recover (delivered once), targets that never recover (dead, then
//! Redeliver), NATS destinations, corrections delivered as new versions, pause / resume /
//! delete, a restart of publishing mid-queue (no loss, no double), and admin errors.

use std::{collections::HashSet, time::Duration};

use newsroom_proto::v1::{
    CreateSubscriberRequest, DeleteSubscriberRequest, Delivery, DeliveryState, Destination,
    ListDeliveriesRequest, ListSubscribersRequest, RedeliverRequest, SetSubscriberPausedRequest, StoryFilter,
    SubmitStoryRequest, destination::Target, publishing_service_client::PublishingServiceClient,
};
use newsroom_tests::services::TestChannel;
use newsroom_tests::{
    Backend, TestDb, eventually, ninjs,
    services::{TestPipeline, TestPublishing, publishing_config, text_story},
    webhook::TestWebhook,
};

const STORY: &str = "Harbour Ferry Workers Call Off Strike\n\nFerry workers at the port of Westhaven called off a three-day strike on Thursday after union leaders and the operator reached an agreement on pay, the union said.\n\n\"Our members wanted to be heard,\" union spokeswoman Maria Okafor said.";

const SECRET: &str = "a-test-secret-of-enough-length";

fn webhook_destination(url: &str) -> Destination {
    Destination { target: Some(Target::WebhookUrl(url.into())) }
}

async fn subscribe(
    client: &mut PublishingServiceClient<TestChannel>,
    name: &str,
    destinations: Vec<Destination>,
) -> String {
    client
        .create_subscriber(CreateSubscriberRequest {
            name: name.into(),
            filter: Some(StoryFilter::default()),
            destinations,
            webhook_secret: Some(SECRET.into()),
        })
        .await
        .unwrap_or_else(|status| panic!("create subscriber: {status}"))
        .into_inner()
        .id
}

async fn deliveries(client: &mut PublishingServiceClient<TestChannel>, subscriber_id: &str) -> Vec<Delivery> {
    client
        .list_deliveries(ListDeliveriesRequest { subscriber_id: subscriber_id.into(), ..Default::default() })
        .await
        .unwrap_or_else(|status| panic!("list deliveries: {status}"))
        .into_inner()
        .deliveries
}

async fn wait_states(
    client: &mut PublishingServiceClient<TestChannel>,
    subscriber_id: &str,
    expected: &[DeliveryState],
) -> Vec<Delivery> {
    let mut expected: Vec<i32> = expected.iter().map(|state| *state as i32).collect();
    expected.sort();
    let what = format!("deliveries of {subscriber_id} in states {expected:?}");
    eventually(Duration::from_secs(30), &what, || {
        let mut client = client.clone();
        let expected = expected.clone();
        async move {
            let rows = deliveries(&mut client, subscriber_id).await;
            let mut states: Vec<i32> = rows.iter().map(|row| row.state).collect();
            states.sort();
            (states == expected).then_some(rows)
        }
    })
    .await
}

async fn start(pipeline: &TestPipeline, db: &TestDb) -> TestPublishing {
    let publishing = TestPublishing::start(&db.url, &pipeline.nats.url(), None).await;
    publishing.wait_ready().await;
    publishing
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_webhook_that_fails_then_recovers_gets_each_version_once_signed() {
    let pipeline = TestPipeline::start().await;
    let db = TestDb::new(Backend::Sqlite).await;
    let publishing = start(&pipeline, &db).await;
    let mut client = publishing.client().await;
    let receiver = TestWebhook::start(503).await;
    receiver.set_secret(SECRET);
    let nats = pipeline.nats.client().await;
    let mut partner_feed = nats.subscribe("partner.feed").await.expect("subscribe");
    let subscriber_id = subscribe(
        &mut client,
        "desk",
        vec![
            webhook_destination(&receiver.url()),
            Destination { target: Some(Target::NatsSubject("partner.feed".into())) },
        ],
    )
    .await;

    let pushed = pipeline.push(text_story("wire", "ferry-1", STORY)).await;
    // The NATS destination gets it at once; the webhook is down.
    let message = tokio::time::timeout(Duration::from_secs(20), futures::StreamExt::next(&mut partner_feed))
        .await
        .expect("NATS delivery within 20 s")
        .expect("message");
    let document: serde_json::Value = serde_json::from_slice(&message.payload).expect("ninjs JSON");
    ninjs::assert_valid(&document);
    eventually(Duration::from_secs(20), "two failed webhook attempts", || async {
        (receiver.received().len() >= 2).then_some(())
    })
    .await;
    receiver.set_status(200);
    let rows =
        wait_states(&mut client, &subscriber_id, &[DeliveryState::Delivered, DeliveryState::Delivered]).await;

    let accepted = receiver.accepted();
    assert_eq!(accepted.len(), 1, "delivered exactly once");
    let all = receiver.received();
    assert!(all.len() >= 3, "failed attempts then success: {}", all.len());
    assert!(
        all.iter().all(|request| request.signature_ok),
        "every request is signed with the subscriber's secret"
    );
    let keys: HashSet<&str> = all.iter().map(|request| request.idempotency_key.as_str()).collect();
    assert_eq!(keys.len(), 1, "every attempt carries the same idempotency key");
    let document: serde_json::Value = serde_json::from_slice(&accepted[0].body).expect("ninjs JSON");
    ninjs::assert_valid(&document);
    assert_eq!(document["uri"], format!("https://news.example.com/stories/{}", pushed.story_id));
    assert_eq!(accepted[0].version, "1");
    let webhook_row =
        rows.iter().find(|row| row.destination.starts_with("webhook")).expect("webhook delivery");
    assert_eq!(webhook_row.attempts as usize, all.len());
    assert!(webhook_row.delivered_at.is_some());

    // A correction is a new version, delivered once more to every destination.
    let corrected = pipeline.push(text_story("wire", "ferry-1", &STORY.replace("Thursday", "Friday"))).await;
    assert_eq!(corrected.version, 2);
    wait_states(&mut client, &subscriber_id, &[DeliveryState::Delivered; 4]).await;
    let accepted = receiver.accepted();
    assert_eq!(accepted.len(), 2);
    assert_eq!(accepted[1].version, "2");
    let corrected_document: serde_json::Value = serde_json::from_slice(&accepted[1].body).expect("ninjs");
    assert!(corrected_document["bodies"][0]["value"].as_str().unwrap_or_default().contains("Friday"));
    ninjs::assert_valid(&corrected_document);

    publishing.stop().await;
    pipeline.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_target_that_never_recovers_goes_dead_and_redeliver_sends_it_again() {
    let pipeline = TestPipeline::start().await;
    let db = TestDb::new(Backend::Sqlite).await;
    let publishing = start(&pipeline, &db).await;
    let mut client = publishing.client().await;
    let broken = TestWebhook::start(500).await;
    broken.set_secret(SECRET);
    let healthy = TestWebhook::start(200).await;
    healthy.set_secret(SECRET);
    let broken_id = subscribe(&mut client, "broken", vec![webhook_destination(&broken.url())]).await;
    let healthy_id = subscribe(&mut client, "healthy", vec![webhook_destination(&healthy.url())]).await;

    pipeline.push(text_story("wire", "ferry-1", STORY)).await;
    // The healthy subscriber is not held up by the broken one.
    wait_states(&mut client, &healthy_id, &[DeliveryState::Delivered]).await;
    assert_eq!(healthy.accepted().len(), 1);
    let dead = wait_states(&mut client, &broken_id, &[DeliveryState::Dead]).await;
    assert_eq!(dead[0].attempts, 4, "max attempts in the test config");
    assert!(dead[0].last_error.contains("500"), "last error kept: {}", dead[0].last_error);
    assert_eq!(broken.received().len(), 4);
    let dead_listed = client
        .list_deliveries(ListDeliveriesRequest { state: DeliveryState::Dead as i32, ..Default::default() })
        .await
        .expect("list dead")
        .into_inner()
        .deliveries;
    assert_eq!(dead_listed.len(), 1);

    broken.set_status(200);
    let requeued =
        client.redeliver(RedeliverRequest { delivery_id: dead[0].id }).await.expect("redeliver").into_inner();
    assert_eq!(requeued.state, DeliveryState::Pending as i32);
    wait_states(&mut client, &broken_id, &[DeliveryState::Delivered]).await;
    assert_eq!(broken.accepted().len(), 1);
    assert!(broken.received().iter().all(|request| request.idempotency_key == dead[0].idempotency_key));

    let missing =
        client.redeliver(RedeliverRequest { delivery_id: 999_999 }).await.expect_err("no such delivery");
    assert_eq!(missing.code(), tonic::Code::NotFound);

    publishing.stop().await;
    pipeline.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn restarting_publishing_mid_queue_loses_and_doubles_nothing() {
    let pipeline = TestPipeline::start().await;
    let db = TestDb::new(Backend::Sqlite).await;
    // Enough attempts that nothing goes dead while the target is down.
    let patient = || newsroom_publishing::PublishingConfig {
        delivery_max_attempts: 1000,
        ..publishing_config(&db.url, &pipeline.nats.url(), None)
    };
    let publishing = TestPublishing::start_with(patient()).await;
    publishing.wait_ready().await;
    let mut client = publishing.client().await;
    let receiver = TestWebhook::start(503).await;
    receiver.set_secret(SECRET);
    let subscriber_id = subscribe(&mut client, "desk", vec![webhook_destination(&receiver.url())]).await;
    for index in 0..6 {
        pipeline
            .push(text_story(
                "wire",
                &format!("story-{index}"),
                &format!("{STORY}\n\nItem {index} of the series."),
            ))
            .await;
    }
    eventually(Duration::from_secs(30), "six queued deliveries tried", || {
        let mut client = client.clone();
        let subscriber_id = subscriber_id.clone();
        async move {
            let rows = deliveries(&mut client, &subscriber_id).await;
            (rows.len() == 6 && rows.iter().all(|row| row.attempts >= 1)).then_some(())
        }
    })
    .await;
    publishing.stop().await;

    receiver.set_status(200);
    let restarted = TestPublishing::start_with(patient()).await;
    restarted.wait_ready().await;
    let mut client = restarted.client().await;
    wait_states(&mut client, &subscriber_id, &[DeliveryState::Delivered; 6]).await;
    let accepted = receiver.accepted();
    let keys: HashSet<&str> = accepted.iter().map(|request| request.idempotency_key.as_str()).collect();
    assert_eq!(accepted.len(), 6, "each story delivered once");
    assert_eq!(keys.len(), 6, "six different deliveries");

    restarted.stop().await;
    pipeline.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn admin_calls_validate_pause_resume_and_delete() {
    let pipeline = TestPipeline::start().await;
    let db = TestDb::new(Backend::Sqlite).await;
    let publishing = start(&pipeline, &db).await;
    let mut client = publishing.client().await;
    let receiver = TestWebhook::start(200).await;

    // Bad input: INVALID_ARGUMENT naming the field.
    let cases = [
        (
            CreateSubscriberRequest {
                name: " ".into(),
                destinations: vec![webhook_destination(&receiver.url())],
                ..Default::default()
            },
            "name",
        ),
        (CreateSubscriberRequest { name: "x".into(), ..Default::default() }, "destinations"),
        (
            CreateSubscriberRequest {
                name: "x".into(),
                destinations: vec![webhook_destination("gopher://x")],
                ..Default::default()
            },
            "destinations[0].webhook_url",
        ),
        (
            CreateSubscriberRequest {
                name: "x".into(),
                destinations: vec![Destination {
                    target: Some(Target::NatsSubject("newsroom.story.enriched".into())),
                }],
                ..Default::default()
            },
            "destinations[0].nats_subject",
        ),
        (
            CreateSubscriberRequest {
                name: "x".into(),
                destinations: vec![webhook_destination(&receiver.url())],
                webhook_secret: Some("short".into()),
                ..Default::default()
            },
            "webhook_secret",
        ),
    ];
    for (request, field) in cases {
        let status = client.create_subscriber(request).await.expect_err("invalid subscriber");
        assert_eq!(status.code(), tonic::Code::InvalidArgument, "{field}: {status}");
        assert!(status.message().starts_with(field), "{field}: {}", status.message());
    }
    // A generated secret is returned once, never listed.
    let created = client
        .create_subscriber(CreateSubscriberRequest {
            name: "desk".into(),
            destinations: vec![webhook_destination(&receiver.url())],
            ..Default::default()
        })
        .await
        .expect("create")
        .into_inner();
    assert_eq!(created.webhook_secret.len(), 64);
    receiver.set_secret(&created.webhook_secret);
    let listed =
        client.list_subscribers(ListSubscribersRequest {}).await.expect("list").into_inner().subscribers;
    assert_eq!(listed.len(), 1);
    assert!(listed[0].webhook_secret.is_empty());
    let duplicate = client
        .create_subscriber(CreateSubscriberRequest {
            name: "desk".into(),
            destinations: vec![webhook_destination(&receiver.url())],
            ..Default::default()
        })
        .await
        .expect_err("duplicate name");
    assert_eq!(duplicate.code(), tonic::Code::AlreadyExists);

    // Paused: queued, not sent. Resumed: sent.
    client
        .set_subscriber_paused(SetSubscriberPausedRequest { subscriber_id: created.id.clone(), paused: true })
        .await
        .expect("pause");
    pipeline.push(text_story("wire", "ferry-1", STORY)).await;
    wait_states(&mut client, &created.id, &[DeliveryState::Pending]).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(receiver.received().is_empty(), "nothing sent while paused");
    client
        .set_subscriber_paused(SetSubscriberPausedRequest {
            subscriber_id: created.id.clone(),
            paused: false,
        })
        .await
        .expect("resume");
    wait_states(&mut client, &created.id, &[DeliveryState::Delivered]).await;
    assert_eq!(receiver.accepted().len(), 1);
    assert!(receiver.accepted()[0].signature_ok, "signed with the generated secret");

    // Delete, then it is gone.
    client
        .delete_subscriber(DeleteSubscriberRequest { subscriber_id: created.id.clone() })
        .await
        .expect("delete");
    let gone = client
        .set_subscriber_paused(SetSubscriberPausedRequest { subscriber_id: created.id.clone(), paused: true })
        .await
        .expect_err("deleted");
    assert_eq!(gone.code(), tonic::Code::NotFound);
    let bad_id = client
        .delete_subscriber(DeleteSubscriberRequest { subscriber_id: "nope".into() })
        .await
        .expect_err("bad id");
    assert_eq!(bad_id.code(), tonic::Code::InvalidArgument);
    let bad_page = client
        .list_deliveries(ListDeliveriesRequest { page_size: 5000, ..Default::default() })
        .await
        .expect_err("page too large");
    assert!(bad_page.message().contains("page_size"));

    publishing.stop().await;
    pipeline.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_kill_after_delivery_cancels_for_every_receiver_and_leaves_the_feed() {
    let pipeline = TestPipeline::start().await;
    let db = TestDb::new(Backend::Sqlite).await;
    let publishing = start(&pipeline, &db).await;
    let mut client = publishing.client().await;
    let receiver = TestWebhook::start(200).await;
    receiver.set_secret(SECRET);
    let french_only = TestWebhook::start(200).await;
    let subscriber_id = subscribe(&mut client, "desk", vec![webhook_destination(&receiver.url())]).await;
    client
        .create_subscriber(CreateSubscriberRequest {
            name: "french-desk".into(),
            filter: Some(StoryFilter { languages: vec!["fr".into()], ..Default::default() }),
            destinations: vec![webhook_destination(&french_only.url())],
            webhook_secret: Some(SECRET.into()),
        })
        .await
        .expect("second subscriber");

    let pushed = pipeline.push(text_story("wire", "ferry-1", STORY)).await;
    wait_states(&mut client, &subscriber_id, &[DeliveryState::Delivered]).await;
    let feed = newsroom_tests::http::request(publishing.http_addr, "GET", "/feeds/all.atom", b"").await;
    assert_eq!(feed_rs::parser::parse(feed.body.as_slice()).expect("Atom").entries.len(), 1);

    // Bad kills: specific errors.
    let mut ingest = pipeline.ingest.client().await;
    let no_reason = ingest
        .kill_story(newsroom_proto::v1::KillStoryRequest {
            story_id: pushed.story_id.clone(),
            reason: " ".into(),
            killed_by: "desk".into(),
        })
        .await
        .expect_err("reason required");
    assert_eq!(no_reason.code(), tonic::Code::InvalidArgument);
    assert!(no_reason.message().starts_with("reason"), "{}", no_reason.message());
    let unknown = ingest
        .kill_story(newsroom_proto::v1::KillStoryRequest {
            story_id: uuid::Uuid::now_v7().to_string(),
            reason: "legal".into(),
            killed_by: String::new(),
        })
        .await
        .expect_err("unknown story");
    assert_eq!(unknown.code(), tonic::Code::NotFound);

    let killed = ingest
        .kill_story(newsroom_proto::v1::KillStoryRequest {
            story_id: pushed.story_id.clone(),
            reason: "legal advice".into(),
            killed_by: "night editor".into(),
        })
        .await
        .expect("kill")
        .into_inner();
    assert!(!killed.already_killed);
    assert_eq!(killed.version, 1);

    // The subscriber that got it gets pubstatus canceled, signed, once.
    wait_states(&mut client, &subscriber_id, &[DeliveryState::Delivered, DeliveryState::Delivered]).await;
    let accepted = receiver.accepted();
    assert_eq!(accepted.len(), 2);
    assert_eq!(accepted[1].pubstatus, "canceled");
    assert!(accepted[1].signature_ok);
    let canceled: serde_json::Value = serde_json::from_slice(&accepted[1].body).expect("ninjs");
    ninjs::assert_valid(&canceled);
    assert_eq!(canceled["pubstatus"], "canceled");
    assert_eq!(canceled["uri"], format!("https://news.example.com/stories/{}", pushed.story_id));
    // The one that never got it gets nothing.
    assert!(french_only.received().is_empty());

    // Gone from the feed; the document now says canceled; the channel subject says so too.
    eventually(Duration::from_secs(10), "the feed to drop the killed story", || async {
        let feed = newsroom_tests::http::request(publishing.http_addr, "GET", "/feeds/all.atom", b"").await;
        feed_rs::parser::parse(feed.body.as_slice()).ok()?.entries.is_empty().then_some(())
    })
    .await;
    let served = newsroom_tests::http::request(
        publishing.http_addr,
        "GET",
        &format!("/stories/{}", pushed.story_id),
        b"",
    )
    .await
    .json();
    assert_eq!(served["pubstatus"], "canceled");
    newsroom_tests::events::wait_for(&pipeline.nats, newsroom_platform::nats::streams::PUBLISHED, 2).await;

    // A killed story takes no new versions; a second kill changes nothing.
    let repush = ingest
        .submit_story(SubmitStoryRequest {
            story: Some(text_story("wire", "ferry-1", &STORY.replace("Thursday", "Friday"))),
        })
        .await
        .expect_err("killed story refuses versions");
    assert_eq!(repush.code(), tonic::Code::FailedPrecondition);
    let again = ingest
        .kill_story(newsroom_proto::v1::KillStoryRequest {
            story_id: pushed.story_id.clone(),
            reason: "legal advice".into(),
            killed_by: String::new(),
        })
        .await
        .expect("second kill")
        .into_inner();
    assert!(again.already_killed);
    assert!(again.event_id.is_empty());

    publishing.stop().await;
    pipeline.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_subscribe_stream_is_live_and_resumes_after_a_disconnect() {
    use futures::StreamExt as _;
    use newsroom_proto::v1::{SubscribeEvent, SubscribeRequest};

    let pipeline = TestPipeline::start().await;
    let db = TestDb::new(Backend::Sqlite).await;
    let publishing = start(&pipeline, &db).await;
    let mut client = publishing.client().await;
    async fn next(stream: &mut tonic::Streaming<SubscribeEvent>) -> SubscribeEvent {
        tokio::time::timeout(Duration::from_secs(20), stream.next())
            .await
            .expect("an event within 20 s")
            .expect("stream open")
            .expect("event")
    }

    let mut stream = client
        .subscribe(SubscribeRequest { after_cursor: 0, ..Default::default() })
        .await
        .expect("subscribe")
        .into_inner();
    let first = pipeline.push(text_story("wire", "ferry-1", STORY)).await;
    let event = next(&mut stream).await;
    assert_eq!(
        (event.story_id.as_str(), event.version, event.pubstatus.as_str()),
        (first.story_id.as_str(), 1, "usable")
    );
    let document: serde_json::Value = serde_json::from_str(&event.ninjs_json).expect("ninjs");
    ninjs::assert_valid(&document);
    let last_seen = event.cursor;
    drop(stream); // the client goes away

    // While disconnected: a new story and a correction.
    let second =
        pipeline.push(text_story("wire", "bridge-1", &STORY.replace("Harbour Ferry", "River Bridge"))).await;
    pipeline.push(text_story("wire", "ferry-1", &STORY.replace("Thursday", "Friday"))).await;
    eventually(Duration::from_secs(20), "both released", || async {
        (newsroom_tests::events::count(&pipeline.nats, newsroom_platform::nats::streams::PUBLISHED).await
            >= 3)
            .then_some(())
    })
    .await;

    // Reconnect after the last cursor seen: exactly the two missed releases, in order.
    let mut resumed = client
        .subscribe(SubscribeRequest { after_cursor: last_seen, ..Default::default() })
        .await
        .expect("resubscribe")
        .into_inner();
    let missed = [next(&mut resumed).await, next(&mut resumed).await];
    let mut seen: Vec<(String, u32)> =
        missed.iter().map(|event| (event.story_id.clone(), event.version)).collect();
    seen.sort();
    let mut expected = vec![(first.story_id.clone(), 2), (second.story_id.clone(), 1)];
    expected.sort();
    assert_eq!(seen, expected, "the missed releases, nothing from before the cursor");
    assert!(missed[0].cursor > last_seen && missed[1].cursor > missed[0].cursor, "cursors increase");

    // Live again: a kill arrives as canceled.
    pipeline
        .ingest
        .client()
        .await
        .kill_story(newsroom_proto::v1::KillStoryRequest {
            story_id: first.story_id.clone(),
            reason: "legal".into(),
            killed_by: String::new(),
        })
        .await
        .expect("kill");
    let killed = next(&mut resumed).await;
    assert_eq!((killed.story_id.as_str(), killed.pubstatus.as_str()), (first.story_id.as_str(), "canceled"));
    ninjs::assert_valid(&serde_json::from_str(&killed.ninjs_json).expect("ninjs"));

    // A filtered stream from the start sees only what matches.
    let mut french = client
        .subscribe(SubscribeRequest {
            filter: Some(StoryFilter { languages: vec!["fr".into()], ..Default::default() }),
            ..Default::default()
        })
        .await
        .expect("filtered subscribe")
        .into_inner();
    assert!(
        tokio::time::timeout(Duration::from_millis(800), french.next()).await.is_err(),
        "no English story on a French stream"
    );
    let bad = client
        .subscribe(SubscribeRequest { subscriber_id: "nope".into(), ..Default::default() })
        .await
        .expect_err("bad subscriber id");
    assert_eq!(bad.code(), tonic::Code::InvalidArgument);

    publishing.stop().await;
    pipeline.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_publishing_replicas_on_postgres_publish_and_deliver_each_story_once() {
    let pipeline = TestPipeline::start().await;
    let db = TestDb::new(Backend::Postgres).await;
    let first = start(&pipeline, &db).await;
    let second = start(&pipeline, &db).await;
    let mut client = first.client().await;
    let receiver = TestWebhook::start(200).await;
    receiver.set_secret(SECRET);
    let subscriber_id = subscribe(&mut client, "desk", vec![webhook_destination(&receiver.url())]).await;

    let stories = 20;
    for index in 0..stories {
        pipeline
            .push(text_story(
                "wire",
                &format!("story-{index}"),
                &format!("{STORY}\n\nItem {index} of the series."),
            ))
            .await;
    }
    wait_states(&mut client, &subscriber_id, &vec![DeliveryState::Delivered; stories]).await;
    newsroom_tests::events::wait_for(
        &pipeline.nats,
        newsroom_platform::nats::streams::PUBLISHED,
        stories as u64,
    )
    .await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(
        newsroom_tests::events::count(&pipeline.nats, newsroom_platform::nats::streams::PUBLISHED).await,
        stories as u64,
        "each story released once across both replicas"
    );
    let accepted = receiver.accepted();
    let keys: HashSet<&str> = accepted.iter().map(|request| request.idempotency_key.as_str()).collect();
    assert_eq!(accepted.len(), stories, "each story delivered once");
    assert_eq!(keys.len(), stories);

    first.stop().await;
    second.stop().await;
    pipeline.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn webhooks_to_loopback_are_refused_unless_configured() {
    let pipeline = TestPipeline::start().await;
    let db = TestDb::new(Backend::Sqlite).await;
    let receiver = TestWebhook::start(200).await;
    receiver.set_secret(SECRET);

    // Registered while loopback was allowed (the harness default)...
    let publishing = start(&pipeline, &db).await;
    let mut client = publishing.client().await;
    let subscriber_id = subscribe(&mut client, "inward", vec![webhook_destination(&receiver.url())]).await;
    publishing.stop().await;

    // ...then publishing runs with the production default: loopback refused.
    let strict = newsroom_publishing::PublishingConfig {
        webhook_allow_loopback: false,
        ..publishing_config(&db.url, &pipeline.nats.url(), None)
    };
    let publishing = TestPublishing::start_with(strict).await;
    publishing.wait_ready().await;
    let mut client = publishing.client().await;
    for url in [
        receiver.url(),
        "http://localhost:9/hook".to_owned(),
        "http://10.0.0.7/hook".to_owned(),
        "http://[::1]:9/hook".to_owned(),
    ] {
        let status = client
            .create_subscriber(CreateSubscriberRequest {
                name: "inward-2".into(),
                filter: Some(StoryFilter::default()),
                destinations: vec![webhook_destination(&url)],
                webhook_secret: Some(SECRET.into()),
            })
            .await
            .expect_err("an inward webhook is refused");
        assert_eq!(status.code(), tonic::Code::InvalidArgument, "{url}: {status:?}");
        assert!(status.message().contains("destinations[0].webhook_url"), "{url}: {}", status.message());
        assert!(status.message().contains("NEWSROOM_WEBHOOK_ALLOW_"), "{url}: {}", status.message());
    }

    // The existing subscriber's delivery is refused at send time: dead at once, nothing sent.
    pipeline.push(text_story("wire", "inward-1", STORY)).await;
    let rows = wait_states(&mut client, &subscriber_id, &[DeliveryState::Dead]).await;
    assert!(rows[0].last_error.contains("loopback"), "{}", rows[0].last_error);
    assert_eq!(rows[0].attempts, 1, "a refused target is not retried");
    assert!(receiver.received().is_empty(), "no request reached the loopback receiver");
    publishing.stop().await;
}
