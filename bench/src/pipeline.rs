//! The system under test: the three release binaries as processes (configured only by
//! their environment, as a deployment would) on PostgreSQL and a JetStream file store, fed
//! over the streaming gRPC push API.

use std::{net::SocketAddr, path::PathBuf, time::Duration};

use anyhow::Context as _;
use newsroom_proto::v1::{
    StorySubmission, SubmitOutcome, SubmitStoriesRequest, SubmitStoriesResponse,
    ingest_service_client::IngestServiceClient,
};
use newsroom_tests::{
    Backend, NatsServer, TestDb, free_port, processes::ServiceProcess, services::TestChannel,
};
use tonic::Streaming;

/// Subjects the pipeline publishes released stories on.
pub const PUBLISHED_SUBJECTS: &str = "newsroom.story.published.>";

/// One service of the pipeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Service {
    /// `newsroom-ingest`.
    Ingest,
    /// `newsroom-enrichment`.
    Enrichment,
    /// `newsroom-publishing`.
    Publishing,
}

impl Service {
    /// Every service, in pipeline order.
    pub const ALL: [Service; 3] = [Service::Ingest, Service::Enrichment, Service::Publishing];

    /// Binary name.
    pub fn binary(self) -> &'static str {
        match self {
            Service::Ingest => "newsroom-ingest",
            Service::Enrichment => "newsroom-enrichment",
            Service::Publishing => "newsroom-publishing",
        }
    }

    /// gRPC health service name, to wait for SERVING.
    fn health_name(self) -> &'static str {
        match self {
            Service::Ingest => newsroom_ingest::GRPC_SERVICE,
            Service::Enrichment => newsroom_enrichment::GRPC_SERVICE,
            Service::Publishing => newsroom_publishing::GRPC_SERVICE,
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// A running (or partly stopped) pipeline with its own NATS and databases.
pub struct Pipeline {
    /// Test-owned nats-server with a JetStream file store.
    pub nats: NatsServer,
    /// One PostgreSQL database per service, dropped at the end.
    databases: Vec<TestDb>,
    /// Where the binaries are (target/release).
    bin_dir: PathBuf,
    /// Logs and data directory of the services.
    work_dir: tempfile::TempDir,
    /// The processes, by [`Service::index`].
    processes: [Option<ServiceProcess>; 3],
    /// gRPC addresses, by [`Service::index`].
    grpc_addrs: [SocketAddr; 3],
    /// Peak RSS (VmHWM, KiB) and CPU seconds of services already stopped, by [`Service::index`].
    stopped_usage: [Option<Usage>; 3],
}

/// What a service process used over its life.
#[derive(Debug, Clone, Copy, Default)]
pub struct Usage {
    /// Peak resident set (VmHWM), KiB.
    pub peak_rss_kib: Option<u64>,
    /// User + system CPU time, seconds.
    pub cpu_seconds: Option<f64>,
}

impl Usage {
    /// Read from /proc for process `pid`.
    fn of(pid: u32) -> Self {
        Self { peak_rss_kib: peak_rss_kib(pid), cpu_seconds: cpu_seconds(pid) }
    }
}

impl Pipeline {
    /// Fresh infrastructure (NATS, three PostgreSQL databases, the bench token); no
    /// service started yet.
    pub async fn prepare(bin_dir: PathBuf) -> anyhow::Result<Self> {
        for service in Service::ALL {
            let path = bin_dir.join(service.binary());
            anyhow::ensure!(
                path.exists(),
                "{} is missing: build with `cargo build --release`",
                path.display()
            );
        }
        let nats = NatsServer::start().await;
        newsroom_tests::auth::register_test_token(&nats.url()).await;
        let mut databases = Vec::new();
        for _ in Service::ALL {
            databases.push(TestDb::new(Backend::Postgres).await);
        }
        let loopback = |port| SocketAddr::from(([127, 0, 0, 1], port));
        Ok(Self {
            nats,
            databases,
            bin_dir,
            // BENCH_KEEP_LOGS=1 keeps the services' logs (JSON lines) for a look afterwards.
            work_dir: {
                let mut dir =
                    tempfile::Builder::new().prefix("newsroom-bench-").tempdir().context("work dir")?;
                if std::env::var_os("BENCH_KEEP_LOGS").is_some() {
                    eprintln!("bench: service logs in {}", dir.path().display());
                    dir.disable_cleanup(true);
                }
                dir
            },
            processes: [None, None, None],
            grpc_addrs: [loopback(free_port()), loopback(free_port()), loopback(free_port())],
            stopped_usage: [None; 3],
        })
    }

    /// Start `service` and wait until it reports SERVING.
    pub async fn start(&mut self, service: Service) -> anyhow::Result<()> {
        let env: Vec<(String, String)> = [
            ("NATS_URL", self.nats.url()),
            // BENCH_DB_PARAMS (e.g. `?sslmode=require`) is appended to each DATABASE_URL.
            ("DATABASE_URL", format!("{}{}", self.databases[service.index()].url, db_params())),
            ("NEWSROOM_GRPC_ADDR", self.grpc_addrs[service.index()].to_string()),
            ("NEWSROOM_HTTP_ADDR", format!("127.0.0.1:{}", free_port())),
            ("NEWSROOM_DATA_DIR", self.work_dir.path().display().to_string()),
            ("RUST_LOG", std::env::var("BENCH_SERVICE_LOG").unwrap_or_else(|_| "info".to_owned())),
            ("NEWSROOM_LOG_FORMAT", "json".to_owned()),
        ]
        .into_iter()
        .map(|(name, value)| (name.to_owned(), value))
        .collect();
        let log = self.work_dir.path().join(format!("{}.log", service.binary()));
        let process = ServiceProcess::start_binary(&self.bin_dir.join(service.binary()), &env, &log);
        self.processes[service.index()] = Some(process);
        newsroom_tests::services::wait_serving(self.grpc_addrs[service.index()], service.health_name()).await;
        Ok(())
    }

    /// Stop `service` (SIGTERM, drain), keeping its usage for the report.
    pub fn stop(&mut self, service: Service) {
        if let Some(process) = self.processes[service.index()].take() {
            self.stopped_usage[service.index()] = Some(Usage::of(process.pid()));
            let _ = process.stop(Duration::from_secs(30));
        }
    }

    /// Peak RSS and CPU time of each service over its life so far.
    pub fn usage(&self) -> Vec<(Service, Usage)> {
        Service::ALL
            .into_iter()
            .map(|service| {
                let running =
                    self.processes[service.index()].as_ref().map(|process| Usage::of(process.pid()));
                (service, running.or(self.stopped_usage[service.index()]).unwrap_or_default())
            })
            .collect()
    }

    /// A new push lane: one `SubmitStories` stream.
    pub async fn lane(&self) -> anyhow::Result<GrpcLane> {
        let channel = newsroom_tests::services::test_channel(self.grpc_addrs[Service::Ingest.index()]).await;
        let mut client = IngestServiceClient::new(channel);
        let (sender, receiver) = tokio::sync::mpsc::channel(16);
        let responses = client
            .submit_stories(tokio_stream::wrappers::ReceiverStream::new(receiver))
            .await
            .context("open SubmitStories stream")?
            .into_inner();
        Ok(GrpcLane { sender, responses, _client: client })
    }

    /// Events on the pipeline's ingested stream (to know the backlog is queued).
    pub async fn ingested_events(&self) -> u64 {
        newsroom_tests::events::count(&self.nats, "NEWSROOM_INGESTED").await
    }
}

impl Drop for Pipeline {
    fn drop(&mut self) {
        for service in Service::ALL {
            self.stop(service);
        }
    }
}

/// One `SubmitStories` stream, used one story at a time (ingest handles a stream's items
/// in order; concurrency comes from several lanes, as from several tools).
pub struct GrpcLane {
    /// Items out.
    sender: tokio::sync::mpsc::Sender<SubmitStoriesRequest>,
    /// Results in, in request order.
    responses: Streaming<SubmitStoriesResponse>,
    /// Keeps the connection's client alive with the stream.
    _client: IngestServiceClient<TestChannel>,
}

impl GrpcLane {
    /// Push one story and wait for its acknowledgement; returns the story id.
    pub async fn submit(&mut self, story: StorySubmission) -> anyhow::Result<String> {
        self.sender
            .send(SubmitStoriesRequest { story: Some(story) })
            .await
            .map_err(|_| anyhow::anyhow!("the push stream closed"))?;
        let response = self.responses.message().await?.context("the push stream ended early")?;
        if response.outcome != SubmitOutcome::Accepted as i32 {
            anyhow::bail!(
                "item {} not accepted: outcome {} {:?}",
                response.index,
                response.outcome,
                response.error
            );
        }
        Ok(response.story_id)
    }
}

/// Query parameters added to the services' database URLs (`BENCH_DB_PARAMS`).
fn db_params() -> String {
    std::env::var("BENCH_DB_PARAMS").unwrap_or_default()
}

/// User + system CPU seconds of process `pid` (fields 14 and 15 of /proc/<pid>/stat, in
/// clock ticks of 1/100 s on Linux).
fn cpu_seconds(pid: u32) -> Option<f64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
    let after_name = &stat[stat.rfind(')')? + 1..];
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    let ticks = |at: usize| fields.get(at)?.parse::<u64>().ok();
    // After ")", field 3 (state) is index 0, so utime (14) is 11 and stime (15) is 12.
    Some((ticks(11)? + ticks(12)?) as f64 / 100.0)
}

/// VmHWM (peak resident set, KiB) of process `pid`.
fn peak_rss_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}
