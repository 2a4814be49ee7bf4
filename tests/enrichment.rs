//! Enrichment against real infrastructure: from a push at ingest to the enriched event,
//! shared durable consumption by two replicas, idempotence on redelivery, the DLQ for
//! poison messages, stories over the NATS max payload, GetEnrichment and Reprocess.

use std::{collections::HashMap, time::Duration};

use newsroom_platform::{
    consumer::DLQ_ERROR_HEADER,
    nats::{streams, subjects},
};
use newsroom_proto::v1::{
    EnrichRequest, EventEnvelope, GetEnrichmentRequest, ReprocessRequest, StorySubmission, SubmitOutcome,
    SubmitStoryRequest, event_envelope::Payload,
};
use newsroom_tests::{
    Backend, NatsServer, TestDb, events,
    services::{TestEnrichment, TestIngest, TestPipeline},
};
use prost::Message as _;

const STORY: &str = "Markets | Weather | Sport |\n\nCouncil Approves New Bridge\n\nCITY: The council voted on Tuesday to build a bridge over the river, the mayor said.\n\n\"It will open in 2028,\" Mayor Anna Berg said.\n\nRelated News";

fn story(source_id: &str, content: &str) -> StorySubmission {
    StorySubmission {
        source: "wire".into(),
        source_id: Some(source_id.into()),
        content: content.into(),
        content_type: "text/plain".into(),
        ..Default::default()
    }
}

fn enriched_payload(event: &EventEnvelope) -> &newsroom_proto::v1::StoryEnriched {
    match &event.payload {
        Some(Payload::StoryEnriched(payload)) => payload,
        other => panic!("expected StoryEnriched, got {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pushed_story_comes_out_enriched_once() {
    let pipeline = TestPipeline::start().await;
    let (nats, ingest, enrichment) = (&pipeline.nats, &pipeline.ingest, &pipeline.enrichment);

    let pushed = ingest
        .client()
        .await
        .submit_story(SubmitStoryRequest { story: Some(story("bridge-1", STORY)) })
        .await
        .expect("push")
        .into_inner();
    assert_eq!(pushed.outcome(), SubmitOutcome::Accepted);

    events::wait_for(nats, streams::ENRICHED, 1).await;
    let enriched = events::envelopes(nats, streams::ENRICHED).await;
    assert_eq!(enriched.len(), 1);
    let event = &enriched[0];
    assert_eq!(event.story_id, pushed.story_id);
    assert_eq!(event.version, 1);
    assert_eq!(event.producer, "newsroom-enrichment");
    let payload = enriched_payload(event);
    assert_eq!(payload.ingested_event_id, pushed.event_id);
    let enrichment_record = payload.enrichment.as_ref().expect("enrichment");
    assert_eq!(enrichment_record.enrichment_version, 1);
    assert_eq!(enrichment_record.cluster_id, pushed.story_id, "a new story starts its own cluster");
    assert_eq!(enrichment_record.source, "wire");
    let result = enrichment_record.story.as_ref().expect("enriched story");
    assert!(result.body_text.starts_with("The council voted on Tuesday"), "{}", result.body_text);
    assert!(!result.body_text.contains("Markets | Weather"), "menu line dropped");
    assert!(!result.body_text.contains("Related News"), "footer dropped");
    assert_eq!(result.headline.as_deref(), Some("Council Approves New Bridge"));
    assert_eq!(result.section.as_deref(), Some("CITY"));
    assert_eq!(result.language.as_deref(), Some("en"));

    let mut client = enrichment.client().await;
    let stored = client
        .get_enrichment(GetEnrichmentRequest { story_id: pushed.story_id.clone() })
        .await
        .expect("get enrichment")
        .into_inner();
    assert_eq!(stored.event_id, event.event_id);

    let redone = client
        .reprocess(ReprocessRequest { story_id: pushed.story_id.clone() })
        .await
        .expect("reprocess")
        .into_inner();
    assert_eq!(redone.enrichment_version, 2);
    assert_eq!(redone.cluster_id, enrichment_record.cluster_id, "a story keeps its cluster");
    events::wait_for(nats, streams::ENRICHED, 2).await;

    let unknown = client
        .get_enrichment(GetEnrichmentRequest { story_id: uuid::Uuid::now_v7().to_string() })
        .await
        .expect_err("unknown story");
    assert_eq!(unknown.code(), tonic::Code::NotFound);
    let bad = client.reprocess(ReprocessRequest { story_id: "x".into() }).await.expect_err("bad id");
    assert_eq!(bad.code(), tonic::Code::InvalidArgument);
    let empty = client.enrich(EnrichRequest::default()).await.expect_err("empty content");
    assert_eq!(empty.code(), tonic::Code::InvalidArgument);
    assert!(empty.message().starts_with("content: "));
    let direct = client
        .enrich(EnrichRequest {
            content: STORY.into(),
            content_type: "text/plain".into(),
            url: String::new(),
        })
        .await
        .expect("enrich")
        .into_inner();
    assert!(direct.story.expect("story").body_text.contains("council voted"));
    assert_eq!(events::count(nats, streams::ENRICHED).await, 2, "Enrich stores and emits nothing");

    pipeline.stop().await;
}

/// Two replicas share the durable consumer: every story is enriched exactly once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_replicas_enrich_each_story_once() {
    let nats = NatsServer::start().await;
    let ingest_db = TestDb::new(Backend::Sqlite).await;
    let enrichment_db = TestDb::new(Backend::Postgres).await;
    let ingest = TestIngest::start(&ingest_db.url, &nats.url()).await;
    let first = TestEnrichment::start(&enrichment_db.url, &nats.url()).await;
    let second = TestEnrichment::start(&enrichment_db.url, &nats.url()).await;
    ingest.wait_ready().await;
    first.wait_ready().await;
    second.wait_ready().await;

    let mut client = ingest.client().await;
    for i in 0..40 {
        client
            .submit_story(SubmitStoryRequest {
                story: Some(story(
                    &format!("s-{i}"),
                    &format!("Headline {i}\n\nStory body number {i} about the council."),
                )),
            })
            .await
            .expect("push");
    }
    events::wait_for(&nats, streams::ENRICHED, 40).await;
    tokio::time::sleep(Duration::from_secs(1)).await;
    let enriched = events::envelopes(&nats, streams::ENRICHED).await;
    assert_eq!(enriched.len(), 40, "each story enriched once, no more");
    let mut per_story: HashMap<String, usize> = HashMap::new();
    for event in &enriched {
        *per_story.entry(event.story_id.clone()).or_default() += 1;
    }
    assert_eq!(per_story.len(), 40);
    assert!(per_story.values().all(|count| *count == 1));
    first.stop().await;
    second.stop().await;
    ingest.stop().await;
}

/// A redelivered event (same event id, even under a new NATS message id) changes nothing;
/// a poison message goes to the DLQ with its reason and the next messages keep flowing.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn redelivery_is_idempotent_and_poison_goes_to_the_dlq() {
    let pipeline = TestPipeline::start().await;
    let (nats, ingest) = (&pipeline.nats, &pipeline.ingest);
    let mut client = ingest.client().await;
    client.submit_story(SubmitStoryRequest { story: Some(story("first", STORY)) }).await.expect("push");
    events::wait_for(nats, streams::INGESTED, 1).await;
    events::wait_for(nats, streams::ENRICHED, 1).await;

    // Re-publish the ingested event under another Nats-Msg-Id: JetStream keeps it, the
    // consumer must recognise the event id.
    let (_, body) = events::messages(nats, streams::INGESTED).await.remove(0);
    let jetstream = async_nats::jetstream::new(nats.client().await);
    let mut headers = async_nats::HeaderMap::new();
    headers.insert("Nats-Msg-Id", "redelivery-copy");
    jetstream
        .publish_with_headers(subjects::STORY_INGESTED, headers, body)
        .await
        .expect("publish copy")
        .await
        .expect("ack");
    // Poison: not an envelope at all.
    jetstream
        .publish(subjects::STORY_INGESTED, bytes::Bytes::from_static(b"\xff\xff not protobuf \x00"))
        .await
        .expect("publish poison")
        .await
        .expect("ack");
    // And a good story after it.
    client
        .submit_story(SubmitStoryRequest { story: Some(story("second", "Second story\n\nAnother body.")) })
        .await
        .expect("push after poison");

    events::wait_for(nats, streams::ENRICHED, 2).await;
    events::wait_for(nats, streams::DLQ, 1).await;
    tokio::time::sleep(Duration::from_secs(1)).await;
    assert_eq!(events::count(nats, streams::ENRICHED).await, 2, "the copy was not enriched again");
    let dead = events::messages(nats, streams::DLQ).await;
    assert_eq!(dead.len(), 1);
    let (headers, body) = &dead[0];
    let reason = headers.get(DLQ_ERROR_HEADER).map(|v| v.as_str().to_owned()).unwrap_or_default();
    assert!(reason.contains("not a newsroom.v1.EventEnvelope"), "reason: {reason}");
    assert_eq!(body.as_ref(), b"\xff\xff not protobuf \x00", "the dead letter keeps the original body");
    pipeline.stop().await;
}

/// A 1.5 MiB story (over NATS's 1 MiB max payload) flows through enrichment too.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_story_over_the_max_payload_is_enriched() {
    let pipeline = TestPipeline::start().await;
    let (nats, ingest) = (&pipeline.nats, &pipeline.ingest);
    let paragraph =
        "The council met again on Tuesday to discuss the bridge and the budget for next year.\n\n";
    let content = format!("Big Council Story\n\n{}", paragraph.repeat((1536 * 1024) / paragraph.len()));
    let pushed = ingest
        .client()
        .await
        .submit_story(SubmitStoryRequest { story: Some(story("big", &content)) })
        .await
        .expect("1.5 MiB push")
        .into_inner();
    events::wait_for(nats, streams::ENRICHED, 1).await;
    let enriched = events::envelopes(nats, streams::ENRICHED).await;
    assert_eq!(enriched[0].story_id, pushed.story_id);
    let body = &enriched_payload(&enriched[0])
        .enrichment
        .as_ref()
        .and_then(|e| e.story.as_ref())
        .expect("story")
        .body_text;
    assert!(body.len() > 1024 * 1024, "the whole body came through ({} bytes)", body.len());
    let decoded_again = EventEnvelope::decode(enriched[0].encode_to_vec().as_slice()).expect("round trip");
    assert_eq!(decoded_again.event_id, enriched[0].event_id);
    pipeline.stop().await;
}

/// The same story re-sent by another source with small edits joins the first story's
/// cluster; a different story starts its own.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn near_duplicates_share_a_cluster() {
    let pipeline = TestPipeline::start().await;
    let (nats, ingest) = (&pipeline.nats, &pipeline.ingest);
    let original = "Harbour Ferry Workers Call Off Strike\n\nBUSINESS: Ferry workers at the port of Westhaven called off a three-day strike on Thursday after union leaders and the operator reached an agreement on pay shortly before midnight, the union said.\n\nUnion spokeswoman Maria Okafor said the deal gave crews a pay rise of 6 percent over two years and new limits on overtime. \"Our members wanted to be heard, and tonight they were,\" Okafor told reporters outside the harbour office.\n\nHarbour Lines chief executive Tom Brennan said services would run normally from Friday morning. \"We are glad passengers will not be stranded over the holiday weekend,\" Brennan said.\n\nThe strike would have halted crossings used by about 12,000 commuters a day. Okafor said members would vote on the agreement next week.\n\nRelated News";
    let resent = format!(
        "Top Stories | Weather | Sport |\n\n{}\n\nShare this article: Facebook | Twitter",
        original.replace("Related News", "").replace(
            "Okafor said members would vote on the agreement next week.",
            "Members will vote on the deal next week, Okafor said."
        )
    );
    let different = "Flood Warning Issued as River Rises\n\nNATIONAL: Authorities issued a flood warning for towns along the Aldern River on Monday after two days of heavy rain pushed water levels to their highest point in a decade.\n\n\"We are asking residents in low-lying streets to move valuables upstairs and be ready to leave,\" said Priya Nandakumar, head of the regional emergency service. She said shelters had been opened in three school halls.\n\nMeteorologists said more rain was forecast for the weekend.";
    let mut client = ingest.client().await;
    let mut ids = Vec::new();
    for (source, content) in
        [("wire-a", original.to_owned()), ("wire-b", resent), ("wire-c", different.to_owned())]
    {
        let submission = StorySubmission { source: source.into(), ..story("x", &content) };
        let pushed = client
            .submit_story(SubmitStoryRequest { story: Some(submission) })
            .await
            .expect("push")
            .into_inner();
        ids.push(pushed.story_id);
        // One at a time, so each story sees the ones before it.
        events::wait_for(nats, streams::ENRICHED, ids.len() as u64).await;
    }
    let clusters: HashMap<String, String> = events::envelopes(nats, streams::ENRICHED)
        .await
        .iter()
        .map(|event| {
            let enrichment = enriched_payload(event).enrichment.clone().expect("enrichment");
            (enrichment.story_id, enrichment.cluster_id)
        })
        .collect();
    assert_eq!(clusters[&ids[0]], ids[0], "the first story starts a cluster");
    assert_eq!(clusters[&ids[1]], ids[0], "the edited re-send joins it");
    assert_eq!(clusters[&ids[2]], ids[2], "a different story starts its own");
    pipeline.stop().await;
}

/// A consumer batch recorded in one transaction gives each event the outcome it would get
/// alone: a story twice in the batch gets two enrichment versions, a near-duplicate joins
/// a cluster started earlier in the same batch, an event id repeated in the batch and an
/// older version than the stored one change nothing; recording the batch again (a
/// redelivery) changes nothing at all. On both backends.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_batch_records_each_event_as_alone_and_once() {
    for backend in [Backend::Postgres, Backend::Sqlite] {
        batch_outcomes_on(backend).await;
    }
}

async fn batch_outcomes_on(backend: Backend) {
    use newsroom_enrichment::store::{BatchItem, EnrichmentStore, Recorded, migrations::Migrator};
    use newsroom_proto::v1::StoryVersion;
    use sea_orm::{ConnectionTrait as _, Statement};

    let test_db = TestDb::new(backend).await;
    let db = newsroom_platform::db::connect_and_migrate::<Migrator>(&test_db.url).await.expect("migrate");
    let store = EnrichmentStore::new(db.clone(), newsroom_platform::outbox::Outbox::new());
    let version = |story_id: &str, version: u32, content: &str| StoryVersion {
        story_id: story_id.into(),
        version,
        submission: Some(story(story_id, content)),
        ..Default::default()
    };
    let original = "Harbour Ferry Workers Call Off Strike\n\nBUSINESS: Ferry workers at the port of Westhaven called off a three-day strike on Thursday after union leaders and the operator reached an agreement on pay shortly before midnight, the union said.\n\nUnion spokeswoman Maria Okafor said the deal gave crews a pay rise of 6 percent over two years and new limits on overtime. \"Our members wanted to be heard, and tonight they were,\" Okafor told reporters outside the harbour office.\n\nHarbour Lines chief executive Tom Brennan said services would run normally from Friday morning.\n\nRelated News";
    let near_duplicate = format!(
        "Top Stories | Weather | Sport |\n\n{}",
        original.replace("Related News", "Share this article")
    );
    let inputs = [
        version("a", 1, original),
        version(
            "b",
            1,
            "Flood Warning Issued\n\nNATIONAL: Authorities issued a flood warning for towns along the river on Monday after two days of heavy rain.",
        ),
        version("a", 2, &format!("{original}\n\nMembers will vote next week.")),
        version("c", 1, &near_duplicate),
        version("a", 1, original),
        version("d", 1, "Old Version\n\nThe first text of story d."),
    ];
    let results: Vec<_> = inputs
        .iter()
        .map(|input| {
            let submission = input.submission.as_ref().expect("submission");
            newsroom_enrichment::pipeline::run(&submission.content, &submission.content_type, &submission.url)
        })
        .collect();
    // Story d is at version 2 already.
    let newer_d = version("d", 2, "New Version\n\nThe second text of story d.");
    let newer_d_result = newsroom_enrichment::pipeline::run(
        &newer_d.submission.as_ref().expect("d").content,
        "text/plain",
        "",
    );
    assert!(matches!(
        store.record(&newer_d, Some("event-d2"), newer_d_result).await.expect("record d v2"),
        Recorded::Stored(_)
    ));
    let event_ids = ["event-a1", "event-b1", "event-a2", "event-c1", "event-a1", "event-d1"];
    let items: Vec<BatchItem<'_>> = inputs
        .iter()
        .zip(&results)
        .zip(event_ids)
        .map(|((input, result), event_id)| BatchItem {
            input,
            ingested_event_id: event_id,
            result,
            trace_context: None,
        })
        .collect();

    let outcomes = store.record_batch(&items).await.expect("record batch");
    let stored: Vec<(String, u32, u32, String)> = outcomes
        .iter()
        .filter_map(|outcome| match outcome {
            Recorded::Stored(enrichment) => Some((
                enrichment.story_id.clone(),
                enrichment.story_version,
                enrichment.enrichment_version,
                enrichment.cluster_id.clone(),
            )),
            _ => None,
        })
        .collect();
    assert_eq!(
        stored,
        vec![
            ("a".to_owned(), 1, 1, "a".to_owned()),
            ("b".to_owned(), 1, 1, "b".to_owned()),
            ("a".to_owned(), 2, 2, "a".to_owned()),
            ("c".to_owned(), 1, 1, "a".to_owned()),
        ],
        "{backend:?}: versions, enrichment versions and clusters as if recorded one by one"
    );
    assert!(
        matches!(outcomes[4], Recorded::AlreadyProcessed),
        "{backend:?}: a repeated event id is applied once"
    );
    assert!(
        matches!(outcomes[5], Recorded::Stale),
        "{backend:?}: an older version than the stored one is skipped"
    );

    let count = |table: &'static str| {
        let db = db.clone();
        async move {
            let row = db
                .query_one_raw(Statement::from_string(
                    db.get_database_backend(),
                    format!("SELECT COUNT(*) AS n FROM {table}"),
                ))
                .await
                .expect("count")
                .expect("a row");
            row.try_get::<i64>("", "n").expect("n")
        }
    };
    assert_eq!(count("outbox_events").await, 5, "{backend:?}: d v2 plus four enriched events");
    assert_eq!(count("enrichments").await, 5);
    assert_eq!(count("story_clusters").await, 4, "{backend:?}: one cluster row per story");
    assert_eq!(count("processed_events").await, 6);

    if backend == Backend::Postgres {
        // Large values are stored with lz4 (pglz was a tenth of the CPU under load).
        let row = db
            .query_one_raw(Statement::from_string(
                db.get_database_backend(),
                "SELECT attcompression::text AS compression FROM pg_attribute \
                 WHERE attrelid = 'enrichments'::regclass AND attname = 'result'",
            ))
            .await
            .expect("pg_attribute")
            .expect("a row");
        assert_eq!(row.try_get::<String>("", "compression").expect("compression"), "l");
    }

    let again = store.record_batch(&items).await.expect("record the batch again");
    assert!(
        again.iter().all(|outcome| matches!(outcome, Recorded::AlreadyProcessed)),
        "{backend:?}: a redelivered batch changes nothing: {again:?}"
    );
    assert_eq!(count("outbox_events").await, 5);
    assert_eq!(count("enrichments").await, 5);
    drop(store);
    db.close().await.expect("close");
}
