//! Every service starts on its own database, reports NOT_SERVING/SERVING through
//! `grpc.health.v1`, answers gRPC reflection, and stops cleanly on shutdown.

use std::time::Duration;

use futures::StreamExt as _;
use newsroom_platform::Shutdown;
use newsroom_tests::{
    Backend, NatsServer, TestDb,
    services::{common_config, publishing_config, wait_serving},
};
use tonic_reflection::pb::v1::{
    ServerReflectionRequest, server_reflection_client::ServerReflectionClient,
    server_reflection_request::MessageRequest, server_reflection_response::MessageResponse,
};

async fn reflected_services(addr: std::net::SocketAddr) -> Vec<String> {
    let channel = tonic::transport::Endpoint::from_shared(format!("http://{addr}"))
        .expect("endpoint")
        .connect()
        .await
        .expect("connect");
    let mut client = ServerReflectionClient::new(channel);
    let request = ServerReflectionRequest {
        host: String::new(),
        message_request: Some(MessageRequest::ListServices(String::new())),
    };
    let mut responses = client
        .server_reflection_info(futures::stream::iter(vec![request]))
        .await
        .expect("reflection call")
        .into_inner();
    let response = responses.next().await.expect("one response").expect("ok");
    match response.message_response {
        Some(MessageResponse::ListServicesResponse(list)) => {
            list.service.into_iter().map(|s| s.name).collect()
        }
        other => panic!("unexpected reflection response {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_service_serves_health_and_reflection_and_stops_cleanly() {
    let nats = NatsServer::start().await;
    let ingest_db = TestDb::new(Backend::Sqlite).await;
    let enrichment_db = TestDb::new(Backend::Sqlite).await;
    let publishing_db = TestDb::new(Backend::Postgres).await;
    let shutdown = Shutdown::new();

    let ingest = newsroom_ingest::start(
        newsroom_ingest::IngestConfig {
            common: common_config(&ingest_db.url, &nats.url()),
            http_addr: "127.0.0.1:0".parse().expect("addr"),
            max_content_bytes: 1024,
        },
        shutdown.clone(),
    )
    .await
    .expect("ingest starts");
    let enrichment = newsroom_enrichment::start(
        newsroom_enrichment::EnrichmentConfig {
            common: common_config(&enrichment_db.url, &nats.url()),
            http_addr: std::net::SocketAddr::from(([127, 0, 0, 1], 0)),
            concurrency: 2,
            max_content_bytes: 1024,
        },
        shutdown.clone(),
    )
    .await
    .expect("enrichment starts");
    let publishing = newsroom_publishing::start(
        publishing_config(&publishing_db.url, &nats.url(), None),
        shutdown.clone(),
    )
    .await
    .expect("publishing starts");

    for running in [&ingest, &enrichment, &publishing] {
        wait_serving(running.grpc_addr, "").await;
        let services = reflected_services(running.grpc_addr).await;
        assert!(services.iter().any(|s| s == "grpc.health.v1.Health"), "{services:?}");
    }
    wait_serving(ingest.grpc_addr, newsroom_ingest::GRPC_SERVICE).await;
    let ingest_services = reflected_services(ingest.grpc_addr).await;
    assert!(ingest_services.iter().any(|s| s == "newsroom.v1.IngestService"), "{ingest_services:?}");

    // Every stream of the pipeline exists once any service has started.
    let jetstream = async_nats::jetstream::new(nats.client().await);
    for spec in newsroom_platform::nats::STREAMS {
        jetstream.get_stream(spec.name).await.unwrap_or_else(|error| panic!("stream {}: {error}", spec.name));
    }

    shutdown.trigger();
    for running in [ingest, enrichment, publishing] {
        tokio::time::timeout(Duration::from_secs(15), running.wait())
            .await
            .expect("service stops within 15 s of shutdown")
            .expect("service stops without error");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn health_is_not_serving_until_nats_is_reachable() {
    let mut nats = NatsServer::start().await;
    nats.stop();
    let db = TestDb::new(Backend::Sqlite).await;
    let shutdown = Shutdown::new();
    let ingest = newsroom_ingest::start(
        newsroom_ingest::IngestConfig {
            common: common_config(&db.url, &nats.url()),
            http_addr: "127.0.0.1:0".parse().expect("addr"),
            max_content_bytes: 1024,
        },
        shutdown.clone(),
    )
    .await
    .expect("ingest starts without NATS");
    let channel = tonic::transport::Endpoint::from_shared(format!("http://{}", ingest.grpc_addr))
        .expect("endpoint")
        .connect()
        .await
        .expect("connect");
    let mut health = tonic_health::pb::health_client::HealthClient::new(channel);
    tokio::time::sleep(Duration::from_millis(300)).await;
    let status = health
        .check(tonic_health::pb::HealthCheckRequest { service: String::new() })
        .await
        .expect("health answers")
        .into_inner()
        .status;
    assert_eq!(status, tonic_health::pb::health_check_response::ServingStatus::NotServing as i32);

    nats.restart().await;
    wait_serving(ingest.grpc_addr, "").await;
    shutdown.trigger();
    tokio::time::timeout(Duration::from_secs(15), ingest.wait()).await.expect("stops").expect("clean stop");
}
