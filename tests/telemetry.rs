//! Telemetry end to end: the real binaries export to an OTLP receiver inside the test, and
//! one pushed story is one trace from `newsroomctl push` to the subscriber's webhook; the
//! services' `/metrics` counters move with a push; JSON log lines carry the trace id.

use std::{collections::HashMap, time::Duration};

use newsroom_proto::v1::{
    CreateSubscriberRequest, Destination, StoryFilter, destination::Target,
    publishing_service_client::PublishingServiceClient,
};
use newsroom_tests::{
    Backend, NatsServer, TestDb, eventually, http,
    otlp::{OtlpReceiver, ReceivedSpan},
    processes::{ServiceProcess, binaries},
    services::{TestPipeline, TestPublishing, text_story},
    webhook::TestWebhook,
};

const SECRET: &str = "telemetry-test-secret";

const STORY: &str = "Harbour Ferry Workers Call Off Strike\n\nFerry workers at the port of Westhaven called off a three-day strike on Thursday after union leaders and the operator reached an agreement on pay, the union said.\n\n\"Our members wanted to be heard,\" union spokeswoman Maria Okafor said.";

fn env(pairs: &[(&str, String)]) -> Vec<(String, String)> {
    pairs.iter().map(|(name, value)| ((*name).to_owned(), value.clone())).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_story_is_one_trace_from_push_to_webhook() {
    // Build first (outside the timed waits below).
    tokio::task::spawn_blocking(binaries).await.unwrap_or_else(|error| panic!("build: {error}"));
    let nats = NatsServer::start().await;
    newsroom_tests::auth::register_test_token(&nats.url()).await;
    let receiver = OtlpReceiver::start().await;
    let webhook = TestWebhook::start(200).await;
    webhook.set_secret(SECRET);
    let dir = tempfile::tempdir().unwrap_or_else(|error| panic!("tempdir: {error}"));
    let data_dir = dir.path().display().to_string();

    let service_env = || {
        env(&[
            ("NEWSROOM_DATA_DIR", data_dir.clone()),
            ("NATS_URL", nats.url()),
            ("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint()),
            ("NEWSROOM_LOG_FORMAT", "json".to_owned()),
            ("RUST_LOG", "info".to_owned()),
        ])
    };
    let log = |name: &str| dir.path().join(format!("{name}.log"));
    let (ingest, ingest_addrs) =
        ServiceProcess::start_listening("newsroom-ingest", &service_env(), &log("ingest")).await;
    let (enrichment, enrichment_addrs) =
        ServiceProcess::start_listening("newsroom-enrichment", &service_env(), &log("enrichment")).await;
    let (publishing, publishing_addrs) = ServiceProcess::start_listening(
        "newsroom-publishing",
        &[service_env(), env(&[("NEWSROOM_WEBHOOK_ALLOW_LOOPBACK", "true".to_owned())])].concat(),
        &log("publishing"),
    )
    .await;
    let mut services =
        vec![(ingest, ingest_addrs), (enrichment, enrichment_addrs), (publishing, publishing_addrs)];
    for (service, addrs) in &mut services {
        service.wait_serving(addrs.grpc, "").await;
    }

    PublishingServiceClient::new(newsroom_tests::services::test_channel(publishing_addrs.grpc).await)
        .create_subscriber(CreateSubscriberRequest {
            name: "trace-desk".into(),
            filter: Some(StoryFilter::default()),
            destinations: vec![Destination { target: Some(Target::WebhookUrl(webhook.url())) }],
            webhook_secret: Some(SECRET.into()),
        })
        .await
        .unwrap_or_else(|status| panic!("create subscriber: {status}"));

    // The CLI starts the trace and prints its id.
    let story_file = dir.path().join("ferry.txt");
    std::fs::write(&story_file, STORY).unwrap_or_else(|error| panic!("write story: {error}"));
    let cli = binaries().join("newsroomctl");
    let ingest_url = format!("http://{}", ingest_addrs.grpc);
    let endpoint = receiver.endpoint();
    let output = tokio::task::spawn_blocking(move || {
        std::process::Command::new(cli)
            .args([
                "push",
                &story_file.display().to_string(),
                "--source",
                "telemetry-test",
                "--source-id",
                "ferry-1",
            ])
            .env("NEWSROOM_INGEST_URL", ingest_url)
            .env("NEWSROOM_TOKEN", newsroom_tests::auth::TEST_TOKEN)
            .env("OTEL_EXPORTER_OTLP_ENDPOINT", endpoint)
            .output()
    })
    .await
    .unwrap_or_else(|error| panic!("join: {error}"))
    .unwrap_or_else(|error| panic!("run newsroomctl: {error}"));
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(output.status.success(), "push failed: {stdout} {}", String::from_utf8_lossy(&output.stderr));
    let trace_id = stdout
        .split_whitespace()
        .skip_while(|word| *word != "trace")
        .nth(1)
        .unwrap_or_else(|| panic!("push printed no trace id: {stdout}"))
        .to_owned();
    assert_eq!(trace_id.len(), 32, "trace id {trace_id:?}");

    // The subscriber's webhook request continues the same trace.
    let delivered = eventually(Duration::from_secs(30), "the webhook delivery", || {
        let accepted = webhook.accepted();
        async move { accepted.into_iter().next() }
    })
    .await;
    let traceparent = delivered.traceparent.clone().unwrap_or_else(|| panic!("webhook had no traceparent"));
    assert!(traceparent.contains(&trace_id), "webhook traceparent {traceparent} is not in trace {trace_id}");

    // SIGTERM: every service drains and flushes its last spans to the receiver.
    for (service, _) in services.drain(..) {
        let name = service.name.clone();
        let status = service.stop(Duration::from_secs(20));
        assert!(status.success(), "{name} exited with {status}");
    }
    let spans: Vec<ReceivedSpan> =
        receiver.spans().into_iter().filter(|span| span.trace_id == trace_id).collect();
    let service_names: std::collections::BTreeSet<&str> =
        spans.iter().map(|span| span.service_name.as_str()).collect();
    for expected in ["newsroomctl", "newsroom-ingest", "newsroom-enrichment", "newsroom-publishing"] {
        assert!(
            service_names.contains(expected),
            "no span of {expected} in trace {trace_id}: {service_names:?}"
        );
    }

    // An unbroken parent chain from the webhook delivery back to the CLI's root span.
    let by_id: HashMap<&str, &ReceivedSpan> =
        spans.iter().map(|span| (span.span_id.as_str(), span)).collect();
    let delivery = spans
        .iter()
        .find(|span| span.name.starts_with("deliver webhook"))
        .unwrap_or_else(|| panic!("no delivery span in {:#?}", names(&spans)));
    assert!(traceparent.contains(&delivery.span_id), "the webhook's parent is the delivery span");
    let mut chain = vec![delivery];
    let mut current = delivery;
    while !current.parent_span_id.is_empty() {
        current = by_id.get(current.parent_span_id.as_str()).copied().unwrap_or_else(|| {
            panic!(
                "span {} ({}) has parent {} which was not received; chain so far {:?}",
                current.name,
                current.service_name,
                current.parent_span_id,
                chain.iter().map(|span| (&span.service_name, &span.name)).collect::<Vec<_>>()
            )
        });
        chain.push(current);
    }
    let root = chain.last().copied().unwrap_or(delivery);
    assert_eq!(root.service_name, "newsroomctl", "the trace starts at the CLI: {chain:#?}");
    let chain_services: std::collections::BTreeSet<&str> =
        chain.iter().map(|span| span.service_name.as_str()).collect();
    assert_eq!(chain_services.len(), 4, "the chain crosses every service: {chain_services:?}");

    // Semantic conventions on the way.
    let has = |key: &str| spans.iter().any(|span| span.attribute_keys.iter().any(|k| k == key));
    for key in
        ["rpc.system", "rpc.grpc.status_code", "messaging.system", "db.system.name", "story_id", "event_id"]
    {
        assert!(has(key), "no span carries {key}");
    }

    // JSON log lines inside the story's spans carry its trace id.
    let ingest_log = std::fs::read_to_string(log("ingest")).unwrap_or_default();
    let traced_line = ingest_log
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .find(|line| line["trace_id"] == trace_id.as_str());
    let traced_line =
        traced_line.unwrap_or_else(|| panic!("no ingest log line with trace {trace_id}:\n{ingest_log}"));
    assert!(traced_line["span_id"].as_str().is_some_and(|id| id.len() == 16), "{traced_line}");
    assert!(receiver.metric_exports() > 0, "metrics were exported over OTLP on shutdown");
}

fn names(spans: &[ReceivedSpan]) -> Vec<(String, String, String)> {
    spans
        .iter()
        .map(|span| (span.service_name.clone(), span.name.clone(), span.parent_span_id.clone()))
        .collect()
}

/// Value of one counter sample in Prometheus text (0 when absent).
fn sample(text: &str, series: &str) -> f64 {
    text.lines()
        .filter(|line| !line.starts_with('#'))
        .find_map(|line| line.strip_prefix(series).and_then(|rest| rest.trim().parse::<f64>().ok()))
        .unwrap_or(0.0)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_counters_move_with_a_push() {
    let pipeline = TestPipeline::start().await;
    let publishing_db = TestDb::new(Backend::Sqlite).await;
    let publishing = TestPublishing::start(&publishing_db.url, &pipeline.nats.url(), None).await;
    publishing.wait_ready().await;
    let scrape = |addr| async move {
        let response = http::request(addr, "GET", "/metrics", b"").await;
        assert_eq!(response.status, 200);
        String::from_utf8_lossy(&response.body).into_owned()
    };
    let ingested = "newsroom_stories_ingested_total{outcome=\"accepted\"}";
    let published = "newsroom_stories_published_total{outcome=\"released\"}";
    let before = scrape(pipeline.ingest.http_addr).await;
    let published_before = sample(&scrape(publishing.http_addr).await, published);

    pipeline.push(text_story("metrics-test", "m-1", STORY)).await;
    let after = scrape(pipeline.ingest.http_addr).await;
    assert_eq!(sample(&after, ingested), sample(&before, ingested) + 1.0, "{after}");
    assert!(after.contains("newsroom_stage_duration_seconds_count{stage=\"ingest\"}"), "{after}");
    assert!(after.contains("rpc_server_call_duration_seconds_count{"), "{after}");

    let publishing_addr = publishing.http_addr;
    eventually(Duration::from_secs(20), "the release to show in publishing's /metrics", || async move {
        let text = http::request(publishing_addr, "GET", "/metrics", b"").await;
        let text = String::from_utf8_lossy(&text.body).into_owned();
        (sample(&text, published) >= published_before + 1.0).then_some(())
    })
    .await;
    let enrichment = scrape(pipeline.enrichment.http_addr).await;
    assert!(
        sample(&enrichment, "newsroom_stories_enriched_total{outcome=\"enriched\"}") >= 1.0,
        "{enrichment}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_callers_traceparent_is_continued_over_grpc_and_http() {
    // This test process gets the services' telemetry (spans, no export).
    let _telemetry = newsroom_platform::telemetry::init(
        "newsroom-tests",
        newsroom_platform::config::LogFormat::Json,
        None,
    )
    .unwrap_or_else(|error| panic!("telemetry: {error}"));
    let pipeline = TestPipeline::start().await;

    let trace_id = "4bf92f3577b34da6a3ce929d0e0e4736";
    let traceparent = format!("00-{trace_id}-00f067aa0ba902b7-01");
    let mut request = tonic::Request::new(newsroom_proto::v1::SubmitStoryRequest {
        story: Some(text_story("trace-test", "grpc-1", STORY)),
    });
    request
        .metadata_mut()
        .insert("traceparent", traceparent.parse().unwrap_or_else(|error| panic!("metadata: {error}")));
    let response = pipeline
        .ingest
        .client()
        .await
        .submit_story(request)
        .await
        .unwrap_or_else(|status| panic!("push: {status}"))
        .into_inner();
    assert_eq!(response.trace_id, trace_id, "gRPC push joins the caller's trace");

    let body = serde_json::json!({"source": "trace-test", "source_id": "http-1", "content": STORY});
    let created = http::request_with_headers(
        pipeline.ingest.http_addr,
        "POST",
        "/v1/stories",
        &[("traceparent", &traceparent)],
        body.to_string().as_bytes(),
    )
    .await;
    assert_eq!(created.status, 201, "{}", String::from_utf8_lossy(&created.body));
    assert_eq!(created.json()["trace_id"], trace_id, "HTTP push joins the caller's trace");

    // Without a traceparent each push starts its own trace.
    let fresh = pipeline.push(text_story("trace-test", "grpc-2", STORY)).await;
    assert_eq!(fresh.trace_id.len(), 32);
    assert_ne!(fresh.trace_id, trace_id);
}
