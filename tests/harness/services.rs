//! The services started in-process, on free ports, against test-owned infrastructure.

use std::{net::SocketAddr, time::Duration};

use newsroom_platform::{
    CommonConfig, Shutdown,
    auth::{AuthConfig, ClientCredentials},
    config::LogFormat,
};
use newsroom_proto::v1::ingest_service_client::IngestServiceClient;
use tonic::{service::interceptor::InterceptedService, transport::Channel};

/// The channel of every harness client: it sends the tests' bearer token.
pub type TestChannel = InterceptedService<Channel, ClientCredentials>;

/// A channel to `addr` carrying the tests' token.
pub async fn test_channel(addr: SocketAddr) -> TestChannel {
    channel_with_token(addr, Some(crate::auth::TEST_TOKEN)).await
}

/// A channel to `addr` sending `token` (`nrt_…`), or no token at all.
pub async fn channel_with_token(addr: SocketAddr, token: Option<&str>) -> TestChannel {
    let channel = tonic::transport::Endpoint::from_shared(format!("http://{addr}"))
        .unwrap_or_else(|error| panic!("endpoint: {error}"))
        .connect()
        .await
        .unwrap_or_else(|error| panic!("connect to {addr}: {error}"));
    let credentials = ClientCredentials::new(token).unwrap_or_else(|error| panic!("token header: {error}"));
    InterceptedService::new(channel, credentials)
}

/// A running in-process ingest; shut down on drop.
pub struct TestIngest {
    /// gRPC address.
    pub grpc_addr: SocketAddr,
    /// HTTP address.
    pub http_addr: SocketAddr,
    /// Stops it.
    pub shutdown: Shutdown,
    /// Its tasks, to await a clean stop.
    running: Option<newsroom_platform::service::RunningService>,
}

/// A plain-text story from `source` with its own id.
pub fn text_story(source: &str, source_id: &str, content: &str) -> newsroom_proto::v1::StorySubmission {
    newsroom_proto::v1::StorySubmission {
        source: source.into(),
        source_id: Some(source_id.into()),
        content: content.into(),
        content_type: "text/plain".into(),
        ..Default::default()
    }
}

/// Settings every in-process service gets in tests.
pub fn common_config(database_url: &str, nats_url: &str) -> CommonConfig {
    CommonConfig {
        grpc_addr: Some(SocketAddr::from(([127, 0, 0, 1], 0))),
        data_dir: std::env::temp_dir(),
        nats_url: nats_url.to_owned(),
        database_url: Some(database_url.to_owned()),
        stream_replicas: 1,
        nats_auth: Default::default(),
        auth: AuthConfig::default(),
        tls: Default::default(),
        otlp_endpoint: None,
        log_format: LogFormat::Human,
    }
}

impl TestIngest {
    /// Start ingest on `database_url` and `nats_url` with the default limits.
    pub async fn start(database_url: &str, nats_url: &str) -> Self {
        Self::start_with(database_url, nats_url, newsroom_ingest::domain::DEFAULT_MAX_CONTENT_BYTES).await
    }

    /// Start ingest with a given content limit.
    pub async fn start_with(database_url: &str, nats_url: &str, max_content_bytes: usize) -> Self {
        Self::start_config(newsroom_ingest::IngestConfig {
            common: common_config(database_url, nats_url),
            http_addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            max_content_bytes,
        })
        .await
    }

    /// Start ingest with `config` (see [`common_config`] for the test defaults).
    pub async fn start_config(config: newsroom_ingest::IngestConfig) -> Self {
        crate::auth::register_test_token(&config.common.nats_url).await;
        let plain_text = config.common.tls.paths().is_none();
        let shutdown = Shutdown::new();
        let running = newsroom_ingest::start(config, shutdown.clone())
            .await
            .unwrap_or_else(|error| panic!("ingest failed to start: {error:#}"));
        let http_addr = running.http_addr.unwrap_or_else(|| panic!("ingest has an HTTP address"));
        let ingest = Self { grpc_addr: running.grpc_addr, http_addr, shutdown, running: Some(running) };
        // Calls are checked against the token registry, which is read before SERVING (a
        // TLS test waits with its own TLS client).
        if plain_text {
            ingest.wait_ready().await;
        }
        ingest
    }

    /// A gRPC client of this ingest.
    pub async fn client(&self) -> IngestServiceClient<TestChannel> {
        IngestServiceClient::new(test_channel(self.grpc_addr).await)
            .max_decoding_message_size(16 << 20)
            .max_encoding_message_size(16 << 20)
    }

    /// Wait until the health service reports SERVING (streams exist, relay running).
    pub async fn wait_ready(&self) {
        wait_serving(self.grpc_addr, newsroom_ingest::GRPC_SERVICE).await;
    }

    /// Shut down and wait for every task to finish.
    pub async fn stop(mut self) {
        self.shutdown.trigger();
        if let Some(running) = self.running.take() {
            let _ = tokio::time::timeout(Duration::from_secs(20), running.wait()).await;
        }
    }
}

impl Drop for TestIngest {
    fn drop(&mut self) {
        self.shutdown.trigger();
    }
}

/// Wait until the gRPC health service at `addr` reports `service` ("" = the process) SERVING.
pub async fn wait_serving(addr: SocketAddr, service: &str) {
    let timeout = crate::processes::START_TIMEOUT;
    if !serving_within(addr, service, timeout).await {
        panic!("{service:?} at {addr} did not report SERVING within {timeout:?}");
    }
}

/// Whether the health service at `addr` reports `service` SERVING within `timeout`
/// (a loaded CI machine starts debug binaries slowly, hence generous callers).
pub async fn serving_within(addr: SocketAddr, service: &str, timeout: Duration) -> bool {
    let url = format!("http://{addr}");
    let waited = tokio::time::timeout(timeout, async {
        loop {
            if health_is_serving(&url, service).await.is_some() {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    });
    waited.await.is_ok()
}

async fn health_is_serving(url: &str, service: &str) -> Option<()> {
    let channel = tonic::transport::Endpoint::from_shared(url.to_owned()).ok()?.connect().await.ok()?;
    let mut health = tonic_health::pb::health_client::HealthClient::new(channel);
    let response =
        health.check(tonic_health::pb::HealthCheckRequest { service: service.to_owned() }).await.ok()?;
    (response.into_inner().status == tonic_health::pb::health_check_response::ServingStatus::Serving as i32)
        .then_some(())
}

/// A running in-process enrichment; shut down on drop.
pub struct TestEnrichment {
    /// gRPC address.
    pub grpc_addr: SocketAddr,
    /// HTTP address (`/metrics`, `/healthz`).
    pub http_addr: SocketAddr,
    /// Stops it.
    pub shutdown: Shutdown,
    /// Its tasks, to await a clean stop.
    running: Option<newsroom_platform::service::RunningService>,
}

impl TestEnrichment {
    /// Start enrichment on `database_url` and `nats_url`.
    pub async fn start(database_url: &str, nats_url: &str) -> Self {
        let config = newsroom_enrichment::EnrichmentConfig {
            common: common_config(database_url, nats_url),
            http_addr: std::net::SocketAddr::from(([127, 0, 0, 1], 0)),
            concurrency: 4,
            max_content_bytes: newsroom_ingest::domain::DEFAULT_MAX_CONTENT_BYTES,
        };
        crate::auth::register_test_token(nats_url).await;
        let shutdown = Shutdown::new();
        let running = newsroom_enrichment::start(config, shutdown.clone())
            .await
            .unwrap_or_else(|error| panic!("enrichment failed to start: {error:#}"));
        let http_addr = running.http_addr.unwrap_or_else(|| panic!("enrichment has an HTTP address"));
        Self { grpc_addr: running.grpc_addr, http_addr, shutdown, running: Some(running) }
    }

    /// A gRPC client of this enrichment.
    pub async fn client(
        &self,
    ) -> newsroom_proto::v1::enrichment_service_client::EnrichmentServiceClient<TestChannel> {
        newsroom_proto::v1::enrichment_service_client::EnrichmentServiceClient::new(
            test_channel(self.grpc_addr).await,
        )
        .max_decoding_message_size(16 << 20)
        .max_encoding_message_size(16 << 20)
    }

    /// Wait until SERVING.
    pub async fn wait_ready(&self) {
        wait_serving(self.grpc_addr, newsroom_enrichment::GRPC_SERVICE).await;
    }

    /// Shut down and wait for every task to finish.
    pub async fn stop(mut self) {
        self.shutdown.trigger();
        if let Some(running) = self.running.take() {
            let _ = tokio::time::timeout(Duration::from_secs(20), running.wait()).await;
        }
    }
}

impl Drop for TestEnrichment {
    fn drop(&mut self) {
        self.shutdown.trigger();
    }
}

/// Ingest and enrichment running against one test-owned NATS, each on its own SQLite
/// database, both ready.
pub struct TestPipeline {
    /// The NATS server both use.
    pub nats: crate::NatsServer,
    /// Ingest.
    pub ingest: TestIngest,
    /// Enrichment.
    pub enrichment: TestEnrichment,
    /// Keeps the databases alive.
    _databases: (crate::TestDb, crate::TestDb),
}

impl TestPipeline {
    /// Start NATS, ingest and enrichment and wait until both report SERVING.
    pub async fn start() -> Self {
        let nats = crate::NatsServer::start().await;
        let ingest_db = crate::TestDb::new(crate::Backend::Sqlite).await;
        let enrichment_db = crate::TestDb::new(crate::Backend::Sqlite).await;
        let ingest = TestIngest::start(&ingest_db.url, &nats.url()).await;
        let enrichment = TestEnrichment::start(&enrichment_db.url, &nats.url()).await;
        ingest.wait_ready().await;
        enrichment.wait_ready().await;
        Self { nats, ingest, enrichment, _databases: (ingest_db, enrichment_db) }
    }

    /// Push one story at ingest (panics on an error status).
    pub async fn push(
        &self,
        story: newsroom_proto::v1::StorySubmission,
    ) -> newsroom_proto::v1::SubmitStoryResponse {
        self.ingest
            .client()
            .await
            .submit_story(newsroom_proto::v1::SubmitStoryRequest { story: Some(story) })
            .await
            .unwrap_or_else(|status| panic!("push: {status}"))
            .into_inner()
    }

    /// Stop both services cleanly.
    pub async fn stop(self) {
        self.enrichment.stop().await;
        self.ingest.stop().await;
    }
}

/// Publishing's test settings: free ports, a public base URL, a fast embargo poll.
pub fn publishing_config(
    database_url: &str,
    nats_url: &str,
    channels_file: Option<std::path::PathBuf>,
) -> newsroom_publishing::PublishingConfig {
    newsroom_publishing::PublishingConfig {
        common: common_config(database_url, nats_url),
        http_addr: SocketAddr::from(([127, 0, 0, 1], 0)),
        channels_file,
        public_base_url: Some("https://news.example.com".into()),
        feed_size: 20,
        concurrency: 4,
        embargo_poll_ms: 200,
        delivery_max_attempts: 4,
        delivery_backoff_ms: 100,
        delivery_backoff_cap_ms: 400,
        webhook_timeout_ms: 2000,
        delivery_per_subscriber: 4,
        // The test receivers listen on loopback; production refuses it.
        webhook_allow_loopback: true,
        webhook_allow_private: false,
    }
}

/// A running in-process publishing; shut down on drop.
pub struct TestPublishing {
    /// gRPC address.
    pub grpc_addr: SocketAddr,
    /// HTTP address (feeds and documents).
    pub http_addr: SocketAddr,
    /// Stops it.
    pub shutdown: Shutdown,
    /// Its tasks, to await a clean stop.
    running: Option<newsroom_platform::service::RunningService>,
}

impl TestPublishing {
    /// Start publishing on `database_url` and `nats_url`, with the channels of
    /// `channels_file` (one channel, `all`, without) and a public base URL.
    pub async fn start(
        database_url: &str,
        nats_url: &str,
        channels_file: Option<std::path::PathBuf>,
    ) -> Self {
        Self::start_with(publishing_config(database_url, nats_url, channels_file)).await
    }

    /// Start publishing with `config` (see [`publishing_config`] for the test defaults).
    pub async fn start_with(config: newsroom_publishing::PublishingConfig) -> Self {
        crate::auth::register_test_token(&config.common.nats_url).await;
        let shutdown = Shutdown::new();
        let running = newsroom_publishing::start(config, shutdown.clone())
            .await
            .unwrap_or_else(|error| panic!("publishing failed to start: {error:#}"));
        let http_addr = running.http_addr.unwrap_or_else(|| panic!("publishing has an HTTP address"));
        Self { grpc_addr: running.grpc_addr, http_addr, shutdown, running: Some(running) }
    }

    /// A gRPC client of this publishing.
    pub async fn client(
        &self,
    ) -> newsroom_proto::v1::publishing_service_client::PublishingServiceClient<TestChannel> {
        newsroom_proto::v1::publishing_service_client::PublishingServiceClient::new(
            test_channel(self.grpc_addr).await,
        )
        .max_decoding_message_size(64 << 20)
    }

    /// Wait until SERVING.
    pub async fn wait_ready(&self) {
        wait_serving(self.grpc_addr, newsroom_publishing::GRPC_SERVICE).await;
    }

    /// Shut down and wait for every task to finish.
    pub async fn stop(mut self) {
        self.shutdown.trigger();
        if let Some(running) = self.running.take() {
            let _ = tokio::time::timeout(Duration::from_secs(20), running.wait()).await;
        }
    }
}

impl Drop for TestPublishing {
    fn drop(&mut self) {
        self.shutdown.trigger();
    }
}

/// Register a subscriber of every story with one signed webhook `url`; returns its id.
pub async fn subscribe_webhook(publishing: &TestPublishing, name: &str, url: &str, secret: &str) -> String {
    use newsroom_proto::v1::{CreateSubscriberRequest, Destination, StoryFilter, destination::Target};
    publishing
        .client()
        .await
        .create_subscriber(CreateSubscriberRequest {
            name: name.into(),
            filter: Some(StoryFilter::default()),
            destinations: vec![Destination { target: Some(Target::WebhookUrl(url.into())) }],
            webhook_secret: Some(secret.into()),
        })
        .await
        .unwrap_or_else(|status| panic!("create subscriber: {status}"))
        .into_inner()
        .id
}
