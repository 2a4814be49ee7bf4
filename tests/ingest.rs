//! Ingest against real infrastructure: a test-owned nats-server and both SQLite and
//! PostgreSQL. Identity, duplicates, versions, validation, bulk streaming, the HTTP
//! push, and the outbox surviving a NATS outage.

use std::{collections::HashSet, time::Duration};

use futures::StreamExt as _;
use newsroom_platform::nats::{self as platform_nats, subjects};
use newsroom_proto::v1::{
    EventEnvelope, GetStoryRequest, ListStoriesRequest, StoryHints, StorySubmission, SubmitOutcome,
    SubmitStoriesRequest, SubmitStoryRequest, event_envelope::Payload,
};
use newsroom_tests::{Backend, NatsServer, TestDb, both_backends, eventually, http, services::TestIngest};
use prost::Message as _;

const INGESTED_STREAM: &str = "NEWSROOM_INGESTED";
const SEED_LIKE_STORY: &str = "Markets | Weather | Sport |\n\nCouncil Approves New Bridge\n\nCITY: The council voted on Tuesday to build a bridge, the mayor said.\n\n\"It will open in 2028,\" she said.\n\nRelated News";

fn story(source: &str, source_id: Option<&str>, content: &str) -> StorySubmission {
    StorySubmission {
        source: source.into(),
        source_id: source_id.map(Into::into),
        content: content.into(),
        content_type: "text/plain".into(),
        submitted_by: "test".into(),
        ..Default::default()
    }
}

/// Every event on `newsroom.story.ingested`, decoded (claim-checked bodies fetched).
async fn ingested_events(nats: &NatsServer) -> Vec<EventEnvelope> {
    let jetstream = async_nats::jetstream::new(nats.client().await);
    let mut stream = jetstream.get_stream(INGESTED_STREAM).await.expect("ingested stream exists");
    let count = stream.info().await.expect("stream info").state.messages;
    let consumer = stream
        .create_consumer(async_nats::jetstream::consumer::pull::OrderedConfig::default())
        .await
        .expect("ordered consumer");
    let mut messages = consumer.messages().await.expect("messages");
    let mut events = Vec::new();
    while (events.len() as u64) < count {
        let message = tokio::time::timeout(Duration::from_secs(10), messages.next())
            .await
            .expect("message within 10s")
            .expect("stream open")
            .expect("message ok");
        let body = platform_nats::message_body(&jetstream, &message).await.expect("event body");
        events.push(EventEnvelope::decode(body).expect("envelope decodes"));
    }
    events
}

async fn stream_message_count(nats: &NatsServer) -> u64 {
    let jetstream = async_nats::jetstream::new(nats.client().await);
    match jetstream.get_stream(INGESTED_STREAM).await {
        Ok(mut stream) => stream.info().await.map(|info| info.state.messages).unwrap_or(0),
        Err(_) => 0,
    }
}

async fn wait_for_events(nats: &NatsServer, expected: u64) {
    eventually(Duration::from_secs(30), &format!("{expected} events on the stream"), || async {
        (stream_message_count(nats).await >= expected).then_some(())
    })
    .await;
}

async fn identity_duplicates_and_versions(backend: Backend) {
    let nats = NatsServer::start().await;
    let db = TestDb::new(backend).await;
    let ingest = TestIngest::start(&db.url, &nats.url()).await;
    ingest.wait_ready().await;
    let mut client = ingest.client().await;

    let first = client
        .submit_story(SubmitStoryRequest { story: Some(story("wire", Some("A-1"), SEED_LIKE_STORY)) })
        .await
        .expect("first push")
        .into_inner();
    assert_eq!(first.outcome(), SubmitOutcome::Accepted);
    assert_eq!(first.version, 1);
    assert!(!first.event_id.is_empty());

    let again = client
        .submit_story(SubmitStoryRequest { story: Some(story("wire", Some("A-1"), SEED_LIKE_STORY)) })
        .await
        .expect("re-push")
        .into_inner();
    assert_eq!(again.outcome(), SubmitOutcome::Duplicate);
    assert_eq!(again.story_id, first.story_id);
    assert_eq!(again.version, 1);
    assert!(again.event_id.is_empty(), "a duplicate emits no event");

    let changed = SEED_LIKE_STORY.replace("Tuesday", "Wednesday");
    let updated = client
        .submit_story(SubmitStoryRequest { story: Some(story("wire", Some("A-1"), &changed)) })
        .await
        .expect("changed push")
        .into_inner();
    assert_eq!(updated.outcome(), SubmitOutcome::Updated);
    assert_eq!(updated.story_id, first.story_id);
    assert_eq!(updated.version, 2);

    // Without a source id, identity is the content: whitespace changes are duplicates,
    // other sources are other stories.
    let by_content = client
        .submit_story(SubmitStoryRequest { story: Some(story("scraper", None, "Body of a scraped story.")) })
        .await
        .expect("content identity")
        .into_inner();
    assert_eq!(by_content.outcome(), SubmitOutcome::Accepted);
    let reformatted = client
        .submit_story(SubmitStoryRequest {
            story: Some(story("scraper", None, "  Body of a   scraped story.\r\n")),
        })
        .await
        .expect("reformatted")
        .into_inner();
    assert_eq!(reformatted.outcome(), SubmitOutcome::Duplicate);
    assert_eq!(reformatted.story_id, by_content.story_id);
    let other_source = client
        .submit_story(SubmitStoryRequest { story: Some(story("other", None, "Body of a scraped story.")) })
        .await
        .expect("other source")
        .into_inner();
    assert_eq!(other_source.outcome(), SubmitOutcome::Accepted);
    assert_ne!(other_source.story_id, by_content.story_id);

    // Exactly one event per stored version, carrying the version's content.
    wait_for_events(&nats, 4).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let events = ingested_events(&nats).await;
    assert_eq!(events.len(), 4, "v1, v2 and two content-identified stories");
    let versions: Vec<(String, u32)> = events.iter().map(|e| (e.story_id.clone(), e.version)).collect();
    assert!(versions.contains(&(first.story_id.clone(), 1)));
    assert!(versions.contains(&(first.story_id.clone(), 2)));
    let v2 = events.iter().find(|e| e.story_id == first.story_id && e.version == 2).expect("v2 event");
    assert_eq!(v2.event_id, updated.event_id);
    assert_eq!(v2.producer, "newsroom-ingest");
    let Some(Payload::StoryIngested(payload)) = &v2.payload else { panic!("payload is StoryIngested") };
    let content = &payload.story.as_ref().and_then(|s| s.submission.as_ref()).expect("submission").content;
    assert!(content.contains("Wednesday"));

    // Both versions stay readable.
    let v1 = client
        .get_story(GetStoryRequest { story_id: first.story_id.clone(), version: Some(1) })
        .await
        .expect("get v1")
        .into_inner();
    assert!(v1.story.and_then(|s| s.submission).expect("v1").content.contains("Tuesday"));
    let latest = client
        .get_story(GetStoryRequest { story_id: first.story_id.clone(), version: None })
        .await
        .expect("get latest")
        .into_inner();
    assert_eq!(latest.summary.expect("summary").current_version, 2);
    ingest.stop().await;
}
both_backends!(identity_duplicates_and_versions_on, identity_duplicates_and_versions);

async fn every_validation_error(backend: Backend) {
    let nats = NatsServer::start().await;
    let db = TestDb::new(backend).await;
    let ingest = TestIngest::start_with(&db.url, &nats.url(), 1024).await;
    let mut client = ingest.client().await;

    let mut no_source = story("", None, "body");
    no_source.source = "   ".into();
    let mut bad_type = story("wire", None, "body");
    bad_type.content_type = "application/pdf".into();
    let mut bad_language = story("wire", None, "body");
    bad_language.hints = Some(StoryHints { language: Some("english".into()), ..Default::default() });
    let mut bad_url = story("wire", None, "body");
    bad_url.url = "ftp://example.org/x".into();
    let cases: Vec<(StorySubmission, &str, &str)> = vec![
        (no_source, "source", "is required"),
        (story("wire", None, ""), "content", "must not be empty"),
        (story("wire", None, " \n\t "), "content", "must not be empty"),
        (story("wire", None, &"x".repeat(1025)), "content", "over the limit of 1024 bytes"),
        (bad_type, "content_type", "accepted: text/plain, text/html"),
        (bad_language, "hints.language", "ISO 639-1"),
        (bad_url, "url", "http:// or https://"),
        (story("wire", Some("  "), "body"), "source_id", "must not be blank"),
        (story(&"s".repeat(129), None, "body"), "source", "over the limit of 128"),
    ];
    for (submission, field, needle) in cases {
        let status = client
            .submit_story(SubmitStoryRequest { story: Some(submission) })
            .await
            .expect_err("invalid story is refused");
        assert_eq!(status.code(), tonic::Code::InvalidArgument, "{field}: {}", status.message());
        assert!(
            status.message().starts_with(&format!("{field}: ")),
            "message names {field}: {}",
            status.message()
        );
        assert!(status.message().contains(needle), "message {:?} mentions {needle:?}", status.message());
    }
    let missing = client.submit_story(SubmitStoryRequest { story: None }).await.expect_err("no story");
    assert_eq!(missing.code(), tonic::Code::InvalidArgument);

    // Nothing was stored.
    let listed = client.list_stories(ListStoriesRequest::default()).await.expect("list").into_inner();
    assert!(listed.stories.is_empty());

    // Lookups with bad arguments are specific too.
    let bad_id = client
        .get_story(GetStoryRequest { story_id: "nope".into(), version: None })
        .await
        .expect_err("bad id");
    assert_eq!(bad_id.code(), tonic::Code::InvalidArgument);
    let unknown = client
        .get_story(GetStoryRequest { story_id: uuid::Uuid::now_v7().to_string(), version: None })
        .await
        .expect_err("unknown id");
    assert_eq!(unknown.code(), tonic::Code::NotFound);
    let big_page = client
        .list_stories(ListStoriesRequest { page_size: 501, ..Default::default() })
        .await
        .expect_err("page too big");
    assert_eq!(big_page.code(), tonic::Code::InvalidArgument);
    assert!(big_page.message().contains("maximum of 500"));
    ingest.stop().await;
}
both_backends!(every_validation_error_on, every_validation_error);

async fn nothing_lost_when_nats_is_down(backend: Backend) {
    let mut nats = NatsServer::start().await;
    let db = TestDb::new(backend).await;
    let ingest = TestIngest::start(&db.url, &nats.url()).await;
    ingest.wait_ready().await;
    let mut client = ingest.client().await;

    nats.stop();
    let mut event_ids = HashSet::new();
    for i in 0..100 {
        let response = client
            .submit_story(SubmitStoryRequest {
                story: Some(story("outage", Some(&format!("story-{i}")), &format!("Story number {i}."))),
            })
            .await
            .expect("push succeeds while NATS is down")
            .into_inner();
        assert_eq!(response.outcome(), SubmitOutcome::Accepted);
        event_ids.insert(response.event_id);
    }
    nats.restart().await;

    wait_for_events(&nats, 100).await;
    // Let any late re-publish land before counting: JetStream must have dropped it.
    tokio::time::sleep(Duration::from_secs(2)).await;
    let events = ingested_events(&nats).await;
    assert_eq!(events.len(), 100, "exactly 100 events: none lost, none doubled");
    let published: HashSet<String> = events.into_iter().map(|e| e.event_id).collect();
    assert_eq!(published, event_ids);
    ingest.stop().await;
}
both_backends!(nothing_lost_when_nats_is_down_on, nothing_lost_when_nats_is_down);

async fn bulk_stream_reports_each_item_in_order(backend: Backend) {
    let nats = NatsServer::start().await;
    let db = TestDb::new(backend).await;
    let ingest = TestIngest::start(&db.url, &nats.url()).await;
    ingest.wait_ready().await;
    let mut client = ingest.client().await;

    let mut items = Vec::new();
    for i in 0..30 {
        let submission = match i {
            7 => story("bulk", None, "   "),
            13 => {
                let mut bad = story("bulk", None, "body");
                bad.content_type = "image/png".into();
                bad
            }
            17 => story("bulk", Some("too-big"), &"x".repeat(3 * 1024 * 1024)),
            20 => story("bulk", Some("item-3"), "Item 3 body."), // duplicate of item 3
            21 => story("bulk", Some("item-4"), "Item 4 body, corrected."), // new version of item 4
            _ => story("bulk", Some(&format!("item-{i}")), &format!("Item {i} body.")),
        };
        items.push(SubmitStoriesRequest { story: Some(submission) });
    }
    let responses: Vec<_> = client
        .submit_stories(futures::stream::iter(items))
        .await
        .expect("bulk call")
        .into_inner()
        .collect()
        .await;
    assert_eq!(responses.len(), 30, "one result per item");
    for (i, response) in responses.into_iter().enumerate() {
        let response = response.expect("item result");
        assert_eq!(response.index, i as u64, "results in request order");
        match i {
            7 | 13 | 17 => {
                assert_eq!(response.outcome(), SubmitOutcome::Rejected);
                let error = response.error.expect("error for a rejected item");
                assert_eq!(error.code, tonic::Code::InvalidArgument as i32);
                assert_eq!(error.field, if i == 13 { "content_type" } else { "content" });
                if i == 17 {
                    assert!(error.message.contains("over the limit of 2097152 bytes"), "{}", error.message);
                }
            }
            20 => assert_eq!(response.outcome(), SubmitOutcome::Duplicate),
            21 => {
                assert_eq!(response.outcome(), SubmitOutcome::Updated);
                assert_eq!(response.version, 2);
            }
            _ => assert_eq!(response.outcome(), SubmitOutcome::Accepted),
        }
    }
    wait_for_events(&nats, 26).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(stream_message_count(&nats).await, 26, "25 new stories + 1 new version");
    ingest.stop().await;
}
both_backends!(bulk_stream_reports_each_item_in_order_on, bulk_stream_reports_each_item_in_order);

async fn list_pages_with_a_cursor(backend: Backend) {
    let nats = NatsServer::start().await;
    let db = TestDb::new(backend).await;
    let ingest = TestIngest::start(&db.url, &nats.url()).await;
    let mut client = ingest.client().await;
    for i in 0..7 {
        let source = if i % 2 == 0 { "even" } else { "odd" };
        client
            .submit_story(SubmitStoryRequest { story: Some(story(source, None, &format!("Story {i}"))) })
            .await
            .expect("push");
    }
    let mut seen = Vec::new();
    let mut token = String::new();
    loop {
        let page = client
            .list_stories(ListStoriesRequest { page_size: 3, page_token: token.clone(), source: None })
            .await
            .expect("page")
            .into_inner();
        assert!(page.stories.len() <= 3);
        seen.extend(page.stories.into_iter().map(|s| s.story_id));
        if page.next_page_token.is_empty() {
            break;
        }
        token = page.next_page_token;
    }
    assert_eq!(seen.len(), 7, "every story once");
    let mut sorted = seen.clone();
    sorted.sort();
    sorted.reverse();
    assert_eq!(seen, sorted, "newest first (ids are time-ordered)");
    let odd = client
        .list_stories(ListStoriesRequest {
            page_size: 10,
            page_token: String::new(),
            source: Some("odd".into()),
        })
        .await
        .expect("filtered")
        .into_inner();
    assert_eq!(odd.stories.len(), 3);
    let bad_token = client
        .list_stories(ListStoriesRequest { page_size: 3, page_token: "garbage".into(), source: None })
        .await
        .expect_err("bad token");
    assert_eq!(bad_token.code(), tonic::Code::InvalidArgument);
    ingest.stop().await;
}
both_backends!(list_pages_with_a_cursor_on, list_pages_with_a_cursor);

async fn concurrent_first_pushes_make_one_story(backend: Backend) {
    let nats = NatsServer::start().await;
    let db = TestDb::new(backend).await;
    let ingest = TestIngest::start(&db.url, &nats.url()).await;
    ingest.wait_ready().await;
    let mut tasks = Vec::new();
    for _ in 0..12 {
        let mut client = ingest.client().await;
        tasks.push(tokio::spawn(async move {
            client
                .submit_story(SubmitStoryRequest {
                    story: Some(story("race", Some("same"), "Same story body.")),
                })
                .await
                .map(|response| response.into_inner())
        }));
    }
    let mut ids = HashSet::new();
    let mut accepted = 0;
    for task in tasks {
        let response = task.await.expect("task").expect("push");
        ids.insert(response.story_id.clone());
        if response.outcome() == SubmitOutcome::Accepted {
            accepted += 1;
        } else {
            assert_eq!(response.outcome(), SubmitOutcome::Duplicate);
        }
    }
    assert_eq!(accepted, 1, "exactly one push creates the story");
    assert_eq!(ids.len(), 1, "all pushes agree on the story id");
    wait_for_events(&nats, 1).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(stream_message_count(&nats).await, 1);
    ingest.stop().await;
}
both_backends!(concurrent_first_pushes_make_one_story_on, concurrent_first_pushes_make_one_story);

/// Pushes that arrive together are committed together (group commit), yet each gets the
/// outcome it would get alone: per identity one story, one Accepted, and the other push an
/// Updated (new content, version 2) or a Duplicate (same content); one event per stored
/// version, none for duplicates.
async fn concurrent_pushes_each_get_their_own_outcome(backend: Backend) {
    let nats = NatsServer::start().await;
    let db = TestDb::new(backend).await;
    let ingest = TestIngest::start(&db.url, &nats.url()).await;
    ingest.wait_ready().await;
    let mut tasks = Vec::new();
    for i in 0..20 {
        let mut pushes = vec![format!("Story {i}\n\nThe first text of story {i}.")];
        pushes.push(if i % 2 == 0 {
            format!("Story {i}\n\nThe second, corrected text of story {i}.")
        } else {
            pushes[0].clone()
        });
        for content in pushes {
            let mut client = ingest.client().await;
            tasks.push(tokio::spawn(async move {
                let response = client
                    .submit_story(SubmitStoryRequest {
                        story: Some(story("group", Some(&format!("s-{i}")), &content)),
                    })
                    .await
                    .map(|response| response.into_inner());
                (i, response)
            }));
        }
    }
    let mut per_identity: std::collections::HashMap<i32, Vec<(SubmitOutcome, String, u32)>> =
        Default::default();
    for task in tasks {
        let (i, response) = task.await.expect("task");
        let response = response.expect("push");
        per_identity.entry(i).or_default().push((response.outcome(), response.story_id, response.version));
    }
    for (i, mut outcomes) in per_identity {
        outcomes.sort_by_key(|(_, _, version)| *version);
        assert_eq!(outcomes.len(), 2);
        assert_eq!(outcomes[0].1, outcomes[1].1, "story {i}: both pushes name the same story");
        let kinds: Vec<SubmitOutcome> = {
            let mut kinds: Vec<SubmitOutcome> = outcomes.iter().map(|(outcome, _, _)| *outcome).collect();
            kinds.sort_by_key(|outcome| *outcome as i32);
            kinds
        };
        if i % 2 == 0 {
            assert_eq!(kinds, vec![SubmitOutcome::Accepted, SubmitOutcome::Updated], "story {i}");
            assert_eq!((outcomes[0].2, outcomes[1].2), (1, 2), "story {i}: versions 1 and 2");
        } else {
            assert_eq!(kinds, vec![SubmitOutcome::Accepted, SubmitOutcome::Duplicate], "story {i}");
            assert_eq!((outcomes[0].2, outcomes[1].2), (1, 1), "story {i}: one version");
        }
    }
    wait_for_events(&nats, 30).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(stream_message_count(&nats).await, 30, "20 first versions and 10 second versions");
    ingest.stop().await;
}
both_backends!(concurrent_pushes_each_get_their_own_outcome_on, concurrent_pushes_each_get_their_own_outcome);

async fn http_push_has_the_same_rules(backend: Backend) {
    let nats = NatsServer::start().await;
    let db = TestDb::new(backend).await;
    let ingest = TestIngest::start_with(&db.url, &nats.url(), 4096).await;
    ingest.wait_ready().await;
    let addr = ingest.http_addr;

    let body = serde_json::json!({
        "source": "cms", "source_id": "post-9", "content": SEED_LIKE_STORY,
        "content_type": "text/plain", "hints": {"headline": "Council Approves New Bridge", "language": "en",
        "embargo_until": "2030-01-01T09:00:00Z"}
    });
    let created = http::request(addr, "POST", "/v1/stories", body.to_string().as_bytes()).await;
    assert_eq!(created.status, 201, "{}", String::from_utf8_lossy(&created.body));
    let created = created.json();
    assert_eq!(created["outcome"], "accepted");
    assert_eq!(created["version"], 1);
    let story_id = created["story_id"].as_str().expect("story id").to_owned();

    let duplicate = http::request(addr, "POST", "/v1/stories", body.to_string().as_bytes()).await;
    assert_eq!(duplicate.status, 200);
    assert_eq!(duplicate.json()["outcome"], "duplicate");

    let fetched = http::request(addr, "GET", &format!("/v1/stories/{story_id}"), b"").await;
    assert_eq!(fetched.status, 200);
    let fetched = fetched.json();
    assert_eq!(fetched["embargo_until"], "2030-01-01T09:00:00+00:00");
    assert_eq!(fetched["language_hint"], "en");

    // Same messages as gRPC, JSON bodies, right statuses.
    let empty = http::request(addr, "POST", "/v1/stories", br#"{"source":"cms","content":"  "}"#).await;
    assert_eq!(empty.status, 400);
    let error = &empty.json()["error"];
    assert_eq!(error["code"], "INVALID_ARGUMENT");
    assert_eq!(error["field"], "content");
    assert_eq!(error["message"], "content: must not be empty or only whitespace");

    let big = serde_json::json!({"source": "cms", "content": "x".repeat(4097)});
    let too_large = http::request(addr, "POST", "/v1/stories", big.to_string().as_bytes()).await;
    assert_eq!(too_large.status, 413);
    assert!(too_large.json()["error"]["message"].as_str().expect("message").contains("limit of 4096 bytes"));

    let malformed = http::request(addr, "POST", "/v1/stories", b"{\"source\": ").await;
    assert_eq!(malformed.status, 400);
    assert_eq!(malformed.json()["error"]["field"], "body");

    let invalid_utf8 =
        http::request(addr, "POST", "/v1/stories", b"{\"source\":\"cms\",\"content\":\"\xff\xfe\"}").await;
    assert_eq!(invalid_utf8.status, 400);

    let bad_embargo = http::request(
        addr,
        "POST",
        "/v1/stories",
        br#"{"source":"cms","content":"x","hints":{"embargo_until":"tomorrow"}}"#,
    )
    .await;
    assert_eq!(bad_embargo.status, 400);
    assert_eq!(bad_embargo.json()["error"]["field"], "hints.embargo_until");

    let unknown = http::request(addr, "GET", &format!("/v1/stories/{}", uuid::Uuid::now_v7()), b"").await;
    assert_eq!(unknown.status, 404);
    assert_eq!(unknown.json()["error"]["code"], "NOT_FOUND");

    // Only the one valid story was stored.
    let mut client = ingest.client().await;
    let listed = client.list_stories(ListStoriesRequest::default()).await.expect("list").into_inner();
    assert_eq!(listed.stories.len(), 1);
    ingest.stop().await;
}
both_backends!(http_push_has_the_same_rules_on, http_push_has_the_same_rules);

/// A story bigger than NATS's max payload (1 MiB) still flows: its event body goes
/// through the payload object store and comes back whole.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stories_over_the_nats_max_payload_still_flow() {
    let nats = NatsServer::start().await;
    let db = TestDb::new(Backend::Sqlite).await;
    let ingest = TestIngest::start(&db.url, &nats.url()).await;
    ingest.wait_ready().await;
    let mut client = ingest.client().await;
    let paragraph = "The quick brown fox jumps over the lazy dog in the council chamber. ";
    let content = paragraph.repeat((1536 * 1024) / paragraph.len());
    assert!(content.len() > 1024 * 1024 + 512 * 1024 - 100);
    let response = client
        .submit_story(SubmitStoryRequest { story: Some(story("big", Some("big-1"), &content)) })
        .await
        .expect("1.5 MiB push")
        .into_inner();
    wait_for_events(&nats, 1).await;
    let events = ingested_events(&nats).await;
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].event_id, response.event_id);
    let Some(Payload::StoryIngested(payload)) = &events[0].payload else { panic!("payload") };
    assert_eq!(
        payload.story.as_ref().and_then(|s| s.submission.as_ref()).expect("submission").content,
        content
    );
    ingest.stop().await;
}

/// The subjects the README promises are the ones the platform uses.
#[test]
fn subjects_are_the_documented_ones() {
    assert_eq!(subjects::STORY_INGESTED, "newsroom.story.ingested");
    assert_eq!(subjects::STORY_ENRICHED, "newsroom.story.enriched");
    assert_eq!(subjects::story_published("sport"), "newsroom.story.published.sport");
    assert_eq!(subjects::dlq("enrichment"), "newsroom.dlq.enrichment");
}
