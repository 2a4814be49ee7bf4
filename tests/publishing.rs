//! Publishing against real infrastructure: from a push at ingest to a valid ninjs 2.2
//! document on the channel subjects, over HTTP and gRPC and in the Atom feed; channel
//! rules; embargo release with nobody acting; corrections as new versions; idempotence
//! on redelivered events; clear errors for bad requests.

use std::time::Duration;

use chrono::Utc;
use newsroom_platform::{
    events as platform_events,
    nats::{streams, subjects},
};
use newsroom_proto::v1::{
    EventEnvelope, GetPublishedStoryRequest, ListChannelsRequest, StoryHints, StoryPublished, SubmitOutcome,
    event_envelope::Payload,
};
use newsroom_tests::{
    Backend, TestDb, events, eventually, http, ninjs,
    services::{TestPipeline, TestPublishing, text_story},
};
use prost::Message as _;

/// A seed-shaped story written for these tests: a menu line, headline, section, a
/// dateline, quotes, and a "Related News" footer.
const NATO_STORY: &str = "Home | World | Business | Sport | Opinion\n\nNATO Chief Says Rift with Russia Will Be Hard to Close\n\nINTERNATIONAL\n\nGENEVA, March 3 - NATO Secretary-General Jens Stoltenberg said on Monday that the differences between the alliance and Russia over Ukraine would be hard to bridge after talks in Geneva.\n\n\"We are ready to listen, but we will not compromise on core principles,\" Stoltenberg told reporters. The NATO head said allies stood with Georgia and Moldova.\n\nRussia annexed Crimea in 2014.\n\nRelated News\nMarkets rally on rate hopes";

/// A plain story in French, for the language filters.
const FRENCH_STORY: &str = "Le conseil municipal approuve un nouveau pont\n\nLe conseil municipal a voté mardi la construction d'un pont sur la rivière, a annoncé la maire. Les travaux commenceront au printemps et dureront deux ans, selon la mairie.";

/// Every `newsroom.story.published.*` event, with its subject.
async fn published(pipeline: &TestPipeline) -> Vec<(String, EventEnvelope, StoryPublished)> {
    let jetstream = async_nats::jetstream::new(pipeline.nats.client().await);
    let mut stream = jetstream.get_stream(streams::PUBLISHED).await.expect("published stream");
    let total = stream.info().await.expect("stream info").state.messages;
    let mut out = Vec::new();
    for sequence in 1..=total {
        let raw = stream.get_raw_message(sequence).await.expect("raw message");
        let envelope = EventEnvelope::decode(raw.payload.as_ref()).expect("envelope");
        let Some(Payload::StoryPublished(payload)) = envelope.payload.clone() else {
            panic!("expected StoryPublished on {}, got {:?}", raw.subject, envelope.payload);
        };
        out.push((raw.subject.to_string(), envelope, payload));
    }
    out
}

async fn start_publishing(
    pipeline: &TestPipeline,
    db: &TestDb,
    channels_json: Option<&str>,
) -> (TestPublishing, Option<tempfile::TempDir>) {
    let (channels_file, dir) = match channels_json {
        Some(json) => {
            let dir = tempfile::tempdir().expect("temp dir");
            let path = dir.path().join("channels.json");
            std::fs::write(&path, json).expect("write channels");
            (Some(path), Some(dir))
        }
        None => (None, None),
    };
    let publishing = TestPublishing::start(&db.url, &pipeline.nats.url(), channels_file).await;
    publishing.wait_ready().await;
    (publishing, dir)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pushed_story_is_published_as_valid_ninjs_everywhere() {
    let pipeline = TestPipeline::start().await;
    let db = TestDb::new(Backend::Sqlite).await;
    let (publishing, _dir) = start_publishing(&pipeline, &db, None).await;

    let pushed = pipeline.push(text_story("wire", "nato-1", NATO_STORY)).await;
    assert_eq!(pushed.outcome(), SubmitOutcome::Accepted);
    events::wait_for(&pipeline.nats, streams::PUBLISHED, 1).await;

    // The channel event: subject, envelope, and a valid ninjs document as payload.
    let events = published(&pipeline).await;
    assert_eq!(events.len(), 1);
    let (subject, envelope, payload) = &events[0];
    assert_eq!(subject, &subjects::story_published("all"));
    assert_eq!(envelope.story_id, pushed.story_id);
    assert_eq!(envelope.version, 1);
    assert_eq!(envelope.producer, "newsroom-publishing");
    assert_eq!(payload.channel, "all");
    assert_eq!(payload.pubstatus, "usable");
    let document: serde_json::Value = serde_json::from_str(&payload.ninjs_json).expect("ninjs JSON");
    ninjs::assert_valid(&document);
    assert_eq!(document["uri"], format!("https://news.example.com/stories/{}", pushed.story_id));
    assert_eq!(document["version"], "1");
    assert_eq!(document["pubstatus"], "usable");
    assert_eq!(document["language"], "en");
    assert_eq!(document["headlines"][0]["value"], "NATO Chief Says Rift with Russia Will Be Hard to Close");
    let body = document["bodies"][0]["value"].as_str().expect("plain body");
    assert!(
        body.starts_with("NATO Secretary-General Jens Stoltenberg said")
            || body.contains("Jens Stoltenberg said"),
        "{body}"
    );
    assert!(!body.contains("Related News") && !body.contains("Home | World"), "boilerplate left: {body}");
    let names = |key: &str| -> Vec<String> {
        document[key]
            .as_array()
            .map(|items| items.iter().filter_map(|item| item["name"].as_str().map(str::to_owned)).collect())
            .unwrap_or_default()
    };
    assert!(names("people").contains(&"Jens Stoltenberg".to_owned()), "people: {:?}", names("people"));
    assert!(
        names("organisations").contains(&"NATO".to_owned()),
        "organisations: {:?}",
        names("organisations")
    );
    for place in ["Russia", "Geneva", "Crimea"] {
        assert!(names("places").contains(&place.to_owned()), "{place} not in places: {:?}", names("places"));
    }
    let topic_uris: Vec<&str> = document["subjects"]
        .as_array()
        .expect("subjects")
        .iter()
        .filter_map(|subject| subject["uri"].as_str())
        .collect();
    assert!(
        topic_uris.iter().any(|uri| uri.starts_with("http://cv.iptc.org/newscodes/mediatopic/")),
        "{topic_uris:?}"
    );

    // HTTP: the document, and the feed parsed back with a feed library.
    let response =
        http::request(publishing.http_addr, "GET", &format!("/stories/{}", pushed.story_id), b"").await;
    assert_eq!(response.status, 200);
    let served = response.json();
    ninjs::assert_valid(&served);
    assert_eq!(served, document);
    let feed_response = http::request(publishing.http_addr, "GET", "/feeds/all.atom", b"").await;
    assert_eq!(feed_response.status, 200);
    let feed = feed_rs::parser::parse(feed_response.body.as_slice()).expect("valid Atom");
    assert_eq!(feed.feed_type, feed_rs::model::FeedType::Atom);
    assert_eq!(feed.entries.len(), 1);
    let entry = &feed.entries[0];
    assert_eq!(entry.id, document["uri"].as_str().unwrap_or_default());
    assert_eq!(
        entry.title.as_ref().map(|title| title.content.as_str()),
        Some("NATO Chief Says Rift with Russia Will Be Hard to Close")
    );
    assert!(
        entry
            .content
            .as_ref()
            .and_then(|content| content.body.as_deref())
            .is_some_and(|html| html.contains("<p>"))
    );

    // gRPC.
    let mut client = publishing.client().await;
    let story = client
        .get_published_story(GetPublishedStoryRequest { story_id: pushed.story_id.clone(), version: 0 })
        .await
        .expect("GetPublishedStory")
        .into_inner();
    assert_eq!(story.version, 1);
    assert_eq!(story.channels, vec!["all"]);
    assert!(story.released_at.is_some());
    let channels = client.list_channels(ListChannelsRequest {}).await.expect("ListChannels").into_inner();
    assert_eq!(channels.channels.len(), 1);

    // Bad requests: specific codes and fields.
    let bad_id = http::request(publishing.http_addr, "GET", "/stories/not-a-story", b"").await;
    assert_eq!(bad_id.status, 400);
    assert_eq!(bad_id.json()["error"]["field"], "story_id");
    let unknown =
        http::request(publishing.http_addr, "GET", &format!("/stories/{}", uuid::Uuid::now_v7()), b"").await;
    assert_eq!(unknown.status, 404);
    assert_eq!(unknown.json()["error"]["code"], "NOT_FOUND");
    let bad_version = http::request(
        publishing.http_addr,
        "GET",
        &format!("/stories/{}?version=first", pushed.story_id),
        b"",
    )
    .await;
    assert_eq!(bad_version.status, 400);
    assert_eq!(bad_version.json()["error"]["field"], "version");
    let missing_version =
        http::request(publishing.http_addr, "GET", &format!("/stories/{}?version=7", pushed.story_id), b"")
            .await;
    assert_eq!(missing_version.status, 404);
    let no_feed = http::request(publishing.http_addr, "GET", "/feeds/sport.atom", b"").await;
    assert_eq!(no_feed.status, 404);
    let grpc_bad = client
        .get_published_story(GetPublishedStoryRequest { story_id: "x".into(), version: 0 })
        .await
        .expect_err("bad id");
    assert_eq!(grpc_bad.code(), tonic::Code::InvalidArgument);
    assert!(grpc_bad.message().contains("story_id"), "{}", grpc_bad.message());

    publishing.stop().await;
    pipeline.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn channel_rules_select_by_language_topic_entity_and_source() {
    let pipeline = TestPipeline::start().await;
    let db = TestDb::new(Backend::Sqlite).await;
    let channels = r#"[
      {"name": "everything"},
      {"name": "english", "languages": ["en"]},
      {"name": "french", "languages": ["fr"]},
      {"name": "nato-watch", "entities": ["nato"]},
      {"name": "desk-only", "sources": ["desk"]},
      {"name": "sport", "topics": ["medtop:15000000"]}
    ]"#;
    let (publishing, _dir) = start_publishing(&pipeline, &db, Some(channels)).await;

    let english = pipeline.push(text_story("wire", "nato-1", NATO_STORY)).await;
    let french = pipeline.push(text_story("desk", "pont-1", FRENCH_STORY)).await;
    // english → everything, english, nato-watch; french → everything, french, desk-only.
    events::wait_for(&pipeline.nats, streams::PUBLISHED, 6).await;
    let mut routed: Vec<(String, String)> = published(&pipeline)
        .await
        .into_iter()
        .map(|(subject, envelope, payload)| {
            assert_eq!(subject, subjects::story_published(&payload.channel));
            let which = if envelope.story_id == english.story_id {
                "english-story"
            } else if envelope.story_id == french.story_id {
                "french-story"
            } else {
                "?"
            };
            (which.to_owned(), payload.channel)
        })
        .collect();
    routed.sort();
    let expected: Vec<(String, String)> = [
        ("english-story", "english"),
        ("english-story", "everything"),
        ("english-story", "nato-watch"),
        ("french-story", "desk-only"),
        ("french-story", "everything"),
        ("french-story", "french"),
    ]
    .iter()
    .map(|(story, channel)| (story.to_string(), channel.to_string()))
    .collect();
    assert_eq!(routed, expected);

    let french_feed = http::request(publishing.http_addr, "GET", "/feeds/french.atom", b"").await;
    let feed = feed_rs::parser::parse(french_feed.body.as_slice()).expect("valid Atom");
    assert_eq!(feed.entries.len(), 1);
    assert!(feed.entries[0].id.ends_with(&french.story_id));
    let sport_feed = http::request(publishing.http_addr, "GET", "/feeds/sport.atom", b"").await;
    assert_eq!(sport_feed.status, 200);
    assert!(feed_rs::parser::parse(sport_feed.body.as_slice()).expect("valid Atom").entries.is_empty());

    publishing.stop().await;
    pipeline.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_embargoed_story_is_held_then_released_on_time_by_itself() {
    let pipeline = TestPipeline::start().await;
    let db = TestDb::new(Backend::Sqlite).await;
    let (publishing, _dir) = start_publishing(&pipeline, &db, None).await;

    let embargo_until = Utc::now() + chrono::Duration::seconds(3);
    let mut story = text_story("wire", "embargoed-1", NATO_STORY);
    story.hints = Some(StoryHints {
        embargo_until: Some(platform_events::timestamp(embargo_until)),
        ..Default::default()
    });
    let pushed = pipeline.push(story).await;
    events::wait_for(&pipeline.nats, streams::ENRICHED, 1).await;

    // Held: not on any subject, not served, not in the feed.
    let consumer_idle = || async {
        let jetstream = async_nats::jetstream::new(pipeline.nats.client().await);
        let mut consumer: async_nats::jetstream::consumer::PullConsumer =
            jetstream.get_consumer_from_stream("publishing", streams::ENRICHED).await.ok()?;
        let info = consumer.info().await.ok()?;
        (info.num_pending == 0 && info.num_ack_pending == 0 && info.delivered.consumer_sequence >= 1)
            .then_some(())
    };
    eventually(Duration::from_secs(10), "publishing to take the enriched event", consumer_idle).await;
    if Utc::now() < embargo_until - chrono::Duration::milliseconds(500) {
        assert_eq!(
            events::count(&pipeline.nats, streams::PUBLISHED).await,
            0,
            "nothing released before the embargo"
        );
        let hidden =
            http::request(publishing.http_addr, "GET", &format!("/stories/{}", pushed.story_id), b"").await;
        assert_eq!(hidden.status, 404, "an embargoed story is not served");
        let feed = http::request(publishing.http_addr, "GET", "/feeds/all.atom", b"").await;
        assert!(feed_rs::parser::parse(feed.body.as_slice()).expect("valid Atom").entries.is_empty());
    }

    // Released by the scheduler, at (not before) the embargo time.
    events::wait_for(&pipeline.nats, streams::PUBLISHED, 1).await;
    let events = published(&pipeline).await;
    assert_eq!(events.len(), 1);
    let released_at =
        events[0].1.occurred_at.as_ref().and_then(platform_events::from_timestamp).expect("occurred_at");
    assert!(released_at >= embargo_until, "released at {released_at}, embargo until {embargo_until}");
    assert!(
        released_at - embargo_until < chrono::Duration::seconds(2),
        "released late: {released_at} vs {embargo_until}"
    );
    let document: serde_json::Value = serde_json::from_str(&events[0].2.ninjs_json).expect("ninjs");
    ninjs::assert_valid(&document);
    assert_eq!(document["embargoed"], newsroom_publishing::domain::ninjs::format_time(embargo_until));
    let served =
        http::request(publishing.http_addr, "GET", &format!("/stories/{}", pushed.story_id), b"").await;
    assert_eq!(served.status, 200);

    publishing.stop().await;
    pipeline.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_correction_is_a_new_version_and_redeliveries_change_nothing() {
    let pipeline = TestPipeline::start().await;
    let db = TestDb::new(Backend::Sqlite).await;
    let (publishing, _dir) = start_publishing(&pipeline, &db, None).await;

    let first = pipeline.push(text_story("wire", "nato-1", NATO_STORY)).await;
    events::wait_for(&pipeline.nats, streams::PUBLISHED, 1).await;
    let corrected_text = NATO_STORY.replace("on Monday", "on Tuesday");
    let corrected = pipeline.push(text_story("wire", "nato-1", &corrected_text)).await;
    assert_eq!(corrected.outcome(), SubmitOutcome::Updated);
    assert_eq!(corrected.story_id, first.story_id);
    events::wait_for(&pipeline.nats, streams::PUBLISHED, 2).await;

    let latest =
        http::request(publishing.http_addr, "GET", &format!("/stories/{}", first.story_id), b"").await.json();
    ninjs::assert_valid(&latest);
    assert_eq!(latest["version"], "2");
    assert!(latest["bodies"][0]["value"].as_str().unwrap_or_default().contains("on Tuesday"));
    let original =
        http::request(publishing.http_addr, "GET", &format!("/stories/{}?version=1", first.story_id), b"")
            .await
            .json();
    assert_eq!(original["version"], "1");
    assert!(original["bodies"][0]["value"].as_str().unwrap_or_default().contains("on Monday"));
    assert_eq!(
        latest["firstcreated"], original["firstcreated"],
        "firstcreated is the story's, not the version's"
    );
    let feed = http::request(publishing.http_addr, "GET", "/feeds/all.atom", b"").await;
    let feed = feed_rs::parser::parse(feed.body.as_slice()).expect("valid Atom");
    assert_eq!(feed.entries.len(), 1, "one entry per story, at its latest version");

    // Redeliver both enriched events (new message ids, so JetStream does not drop them):
    // publishing has applied them already and must not publish again.
    let client = pipeline.nats.client().await;
    let jetstream = async_nats::jetstream::new(client);
    for event in events::envelopes(&pipeline.nats, streams::ENRICHED).await {
        let mut headers = async_nats::HeaderMap::new();
        headers.insert("Nats-Msg-Id", format!("redelivery-{}", event.event_id).as_str());
        jetstream
            .publish_with_headers(subjects::STORY_ENRICHED, headers, event.encode_to_vec().into())
            .await
            .expect("publish")
            .await
            .expect("ack");
    }
    eventually(Duration::from_secs(10), "publishing to take the redelivered events", || async {
        let jetstream = async_nats::jetstream::new(pipeline.nats.client().await);
        let mut consumer: async_nats::jetstream::consumer::PullConsumer =
            jetstream.get_consumer_from_stream("publishing", streams::ENRICHED).await.ok()?;
        let info = consumer.info().await.ok()?;
        (info.num_pending == 0 && info.num_ack_pending == 0 && info.delivered.stream_sequence >= 4)
            .then_some(())
    })
    .await;
    assert_eq!(events::count(&pipeline.nats, streams::PUBLISHED).await, 2, "redeliveries published nothing");

    publishing.stop().await;
    pipeline.stop().await;
}

/// The schema check is real: it refuses what ninjs 2.2 forbids (a property outside the
/// standard, a pubstatus outside its enumeration, a non-URI `uri`).
#[test]
fn the_schema_check_rejects_what_ninjs_forbids() {
    if !ninjs::schema_available() {
        eprintln!("warning: ninjs 2.2 schema not found: rejection check skipped");
        return;
    }
    let valid = serde_json::json!({
        "uri": "https://news.example.com/stories/s1", "version": "1", "versioncreated": "2026-11-28T10:00:00Z",
        "pubstatus": "usable", "bodies": [{"value": "x"}],
        "standard": {"name": "ninjs", "version": "2.2", "schema": "http://www.iptc.org/std/ninjs/ninjs-schema_2.2.json"}
    });
    ninjs::assert_valid(&valid);
    for (key, value) in [
        ("keywords", serde_json::json!(["not", "in", "2.2"])),
        ("pubstatus", serde_json::json!("published")),
        ("uri", serde_json::json!("not a uri")),
    ] {
        let mut invalid = valid.clone();
        invalid[key] = value;
        let rejected = std::panic::catch_unwind(|| ninjs::assert_valid(&invalid)).is_err();
        assert!(rejected, "{key} should make the document invalid");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_poison_enriched_event_goes_to_the_publishing_dlq_and_the_rest_flows() {
    let pipeline = TestPipeline::start().await;
    let db = TestDb::new(Backend::Sqlite).await;
    let (_publishing, _dir) = start_publishing(&pipeline, &db, None).await;

    // An envelope on the enriched subject without a usable payload: permanent, straight to the DLQ.
    let poison = EventEnvelope {
        event_id: "poison-1".into(),
        story_id: uuid::Uuid::now_v7().to_string(),
        version: 1,
        ..Default::default()
    };
    let jetstream = async_nats::jetstream::new(pipeline.nats.client().await);
    jetstream
        .publish(subjects::STORY_ENRICHED, poison.encode_to_vec().into())
        .await
        .expect("publish poison")
        .await
        .expect("ack");
    let pushed = pipeline.push(text_story("wire", "nato-1", NATO_STORY)).await;

    events::wait_for(&pipeline.nats, streams::PUBLISHED, 1).await;
    events::wait_for(&pipeline.nats, streams::DLQ, 1).await;
    let published = published(&pipeline).await;
    assert_eq!(published[0].1.story_id, pushed.story_id, "the next story flowed");
    let dead = events::messages(&pipeline.nats, streams::DLQ).await;
    assert_eq!(dead.len(), 1);
    let (headers, body) = &dead[0];
    let original_subject = headers.get("Newsroom-Original-Subject").map(|value| value.as_str().to_owned());
    assert_eq!(original_subject.as_deref(), Some(subjects::STORY_ENRICHED));
    let reason = headers
        .get(newsroom_platform::consumer::DLQ_ERROR_HEADER)
        .map(|value| value.as_str().to_owned())
        .unwrap_or_default();
    assert!(reason.contains("no StoryEnriched payload"), "reason: {reason}");
    assert_eq!(EventEnvelope::decode(body.as_ref()).expect("original body kept").event_id, "poison-1");
    let jetstream = async_nats::jetstream::new(pipeline.nats.client().await);
    let dlq = jetstream.get_stream(streams::DLQ).await.expect("dlq stream");
    let raw = dlq.get_raw_message(1).await.expect("dead letter");
    assert_eq!(raw.subject.as_str(), subjects::dlq("publishing"));

    pipeline.stop().await;
}

/// A consumer batch applied in one transaction gives each event the outcome it would get
/// alone: new stories are released (or held under embargo), a new version of a known story,
/// a story twice in the batch and a killed story take the one-by-one path inside the same
/// transaction, a repeated event id changes nothing, and applying the batch again (a
/// redelivery) changes nothing at all. On both backends.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_batch_applies_each_event_as_alone_and_once() {
    for backend in [Backend::Postgres, Backend::Sqlite] {
        batch_outcomes_on(backend).await;
    }
}

async fn batch_outcomes_on(backend: Backend) {
    use std::sync::Arc;

    use newsroom_proto::v1::{Enrichment, StoryEnriched};
    use newsroom_publishing::{
        domain::channels::Channels,
        store::{Applied, BatchItem, PublishingStore, migrations::Migrator},
    };
    use sea_orm::{ConnectionTrait as _, Statement};

    let test_db = TestDb::new(backend).await;
    let db = newsroom_platform::db::connect_and_migrate::<Migrator>(&test_db.url).await.expect("migrate");
    let store = PublishingStore::new(
        db.clone(),
        newsroom_platform::outbox::Outbox::new(),
        Arc::new(Channels::default()),
        None,
    );
    let now = Utc::now();
    let enriched = |story_id: &str, version: u32, embargoed: bool| {
        let story = newsroom_enrichment::pipeline::run(NATO_STORY, "text/plain", "");
        StoryEnriched {
            enrichment: Some(Enrichment {
                story_id: story_id.into(),
                story_version: version,
                enrichment_version: version,
                cluster_id: story_id.into(),
                source: "wire".into(),
                story: Some(story),
                event_id: format!("enriched-{story_id}-{version}"),
            }),
            ingested_event_id: format!("ingested-{story_id}-{version}"),
            hints: embargoed.then(|| StoryHints {
                embargo_until: Some(platform_events::timestamp(now + chrono::Duration::hours(1))),
                ..Default::default()
            }),
            content_type: "text/plain".into(),
            ..Default::default()
        }
    };
    // Known before the batch: c at version 1, and e, killed.
    for (story_id, event_id) in [("c", "event-c1"), ("e", "event-e1")] {
        let applied =
            store.apply_enriched(event_id, &enriched(story_id, 1, false), now).await.expect("apply");
        assert!(matches!(applied, Applied::Released(_)), "{backend:?}: {applied:?}");
    }
    store.apply_kill("kill-e", "e", 1, "legal", now, now).await.expect("kill e");

    let events = [
        ("event-a1", enriched("a", 1, false)),
        ("event-b1", enriched("b", 1, true)),
        ("event-c2", enriched("c", 2, false)),
        ("event-d1", enriched("d", 1, false)),
        ("event-d2", enriched("d", 2, false)),
        ("event-a1", enriched("a", 1, false)),
        ("event-e2", enriched("e", 2, false)),
    ];
    let count = |sql: &'static str| {
        let db = db.clone();
        async move {
            let row = db
                .query_one_raw(Statement::from_string(db.get_database_backend(), sql.to_owned()))
                .await
                .expect("count")
                .expect("a row");
            row.try_get::<i64>("", "n").expect("n")
        }
    };
    let totals = || async {
        (
            count("SELECT COUNT(*) AS n FROM published_versions").await,
            count("SELECT COUNT(*) AS n FROM publication_log").await,
            count("SELECT COUNT(*) AS n FROM channel_entries").await,
            count("SELECT COUNT(*) AS n FROM outbox_events").await,
        )
    };
    let before = totals().await;
    let span = tracing::Span::none();
    let items: Vec<BatchItem<'_>> =
        events.iter().map(|(event_id, event)| BatchItem { event_id, event, span: &span }).collect();
    let applied = store.apply_enriched_batch(&items, now).await.expect("apply batch");
    let default_channel = vec![Channels::default().all()[0].name.clone()];
    assert_eq!(
        applied,
        vec![
            Applied::Released(default_channel.clone()),
            Applied::Held(now + chrono::Duration::hours(1)),
            Applied::Released(default_channel.clone()),
            Applied::Released(default_channel.clone()),
            Applied::Released(default_channel.clone()),
            Applied::Unchanged,
            Applied::Unchanged,
        ],
        "{backend:?}: each event as if applied alone"
    );

    // The batch stores a1, b1, c2, d1 and d2 and releases all but b1 (held) to the one
    // channel; e2 (killed story) and the repeated a1 are never stored.
    let after = totals().await;
    assert_eq!(
        (after.0 - before.0, after.1 - before.1, after.2 - before.2, after.3 - before.3),
        (5, 4, 4, 4),
        "{backend:?}: new versions, publications, channel entries, channel events"
    );
    assert_eq!(
        count("SELECT CAST(latest_version AS BIGINT) AS n FROM published_stories WHERE story_id = 'd'").await,
        2
    );

    let again = store.apply_enriched_batch(&items, now).await.expect("apply the batch again");
    assert!(again.iter().all(|applied| *applied == Applied::Unchanged), "{backend:?}: {again:?}");
    assert_eq!(totals().await, after, "{backend:?}: a redelivered batch changes nothing");
    drop(store);
    db.close().await.expect("close");
}
