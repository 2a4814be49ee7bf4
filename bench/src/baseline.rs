//! The bare baseline: the pipeline's skeleton with no logic, on the same machine, NATS
//! server kind and PostgreSQL. Per story, as in the pipeline: a push commits a row and
//! publishes to JetStream (ingest); a durable pull consumer commits a row, publishes and
//! acks (enrichment); a second one does the same onto the published subject (publishing).
//! Three database commits and three JetStream publishes per story, two consumer hops, with
//! the pipeline's consumer concurrency. Its figures are this machine's ceiling.

use std::time::Duration;

use anyhow::Context as _;
use async_nats::jetstream::{self, consumer::pull, stream};
use futures::StreamExt as _;
use newsroom_proto::v1::StorySubmission;
use newsroom_tests::{Backend, NatsServer, TestDb};
use sea_orm::{
    ConnectOptions, ConnectionTrait as _, Database, DatabaseConnection, Statement, TransactionTrait as _,
};

/// Subjects the baseline's last stage publishes on.
pub const PUBLISHED_SUBJECTS: &str = "bench.published.>";

/// A stage: the stream it reads, the subject it writes, its concurrency (the pipeline's).
struct Stage {
    /// Stream read (durable consumer `bench`).
    stream: &'static str,
    /// Subject written after the commit.
    next_subject: &'static str,
    /// Messages handled at once (enrichment 4, publishing 8 by default).
    concurrency: usize,
}

const STAGES: [Stage; 2] = [
    Stage { stream: "BENCH_INGESTED", next_subject: "bench.enriched", concurrency: 4 },
    Stage { stream: "BENCH_ENRICHED", next_subject: "bench.published.all", concurrency: 8 },
];

/// The baseline's infrastructure and running stages.
pub struct Baseline {
    /// Its own nats-server (JetStream file store).
    pub nats: NatsServer,
    /// One database per stage, as each service owns one.
    databases: Vec<DatabaseConnection>,
    /// Dropped at the end.
    _owned: Vec<TestDb>,
    /// JetStream context.
    jetstream: jetstream::Context,
    /// The consumer stages while running.
    stages: Vec<tokio::task::JoinHandle<()>>,
}

impl Baseline {
    /// Fresh NATS with the three streams and three databases with a `rows` table.
    pub async fn prepare() -> anyhow::Result<Self> {
        let nats = NatsServer::start().await;
        let jetstream = jetstream::new(nats.client().await);
        for (name, subject) in [
            ("BENCH_INGESTED", "bench.ingested"),
            ("BENCH_ENRICHED", "bench.enriched"),
            ("BENCH_PUBLISHED", "bench.published.>"),
        ] {
            jetstream
                .get_or_create_stream(stream::Config {
                    name: name.to_owned(),
                    subjects: vec![subject.to_owned()],
                    storage: stream::StorageType::File,
                    duplicate_window: Duration::from_secs(600),
                    ..Default::default()
                })
                .await
                .map_err(|error| anyhow::anyhow!("stream {name}: {error}"))?;
        }
        let mut owned = Vec::new();
        let mut databases = Vec::new();
        for _ in 0..3 {
            let database = TestDb::new(Backend::Postgres).await;
            let mut options = ConnectOptions::new(database.url.clone());
            options.max_connections(16).sqlx_logging(false);
            let connection = Database::connect(options).await.context("baseline database")?;
            connection
                .execute_unprepared("CREATE TABLE rows (id TEXT PRIMARY KEY, body TEXT NOT NULL, at TIMESTAMPTZ NOT NULL DEFAULT now())")
                .await
                .context("baseline table")?;
            databases.push(connection);
            owned.push(database);
        }
        Ok(Self { nats, databases, _owned: owned, jetstream, stages: Vec::new() })
    }

    /// Start the two consumer stages.
    pub async fn start_stages(&mut self) -> anyhow::Result<()> {
        for (position, stage) in STAGES.iter().enumerate() {
            let consumer = self
                .jetstream
                .get_stream(stage.stream)
                .await
                .map_err(|error| anyhow::anyhow!("stream {}: {error}", stage.stream))?
                .get_or_create_consumer(
                    "bench",
                    pull::Config {
                        durable_name: Some("bench".to_owned()),
                        ack_policy: jetstream::consumer::AckPolicy::Explicit,
                        max_ack_pending: (stage.concurrency as i64 * 4).max(64),
                        ..Default::default()
                    },
                )
                .await
                .map_err(|error| anyhow::anyhow!("consumer on {}: {error}", stage.stream))?;
            let messages = consumer.messages().await.map_err(|error| anyhow::anyhow!("messages: {error}"))?;
            let database = self.databases[position + 1].clone();
            let jetstream = self.jetstream.clone();
            let (next_subject, concurrency) = (stage.next_subject, stage.concurrency);
            self.stages.push(tokio::spawn(async move {
                messages
                    .for_each_concurrent(concurrency, |message| {
                        let (database, jetstream) = (database.clone(), jetstream.clone());
                        async move {
                            let Ok(message) = message else { return };
                            let id = message
                                .headers
                                .as_ref()
                                .and_then(|headers| headers.get("Bench-Story"))
                                .map(|value| value.as_str().to_owned())
                                .unwrap_or_default();
                            let body = String::from_utf8_lossy(&message.payload).into_owned();
                            if let Err(error) =
                                commit_and_publish(&database, &jetstream, next_subject, &id, body).await
                            {
                                eprintln!("bench: baseline stage failed on {id}: {error:#}");
                                return;
                            }
                            let _ = message.ack().await;
                        }
                    })
                    .await;
            }));
        }
        Ok(())
    }

    /// A push lane: commit to the first database and publish, one story at a time.
    pub fn lane(&self) -> BaselineLane {
        BaselineLane { database: self.databases[0].clone(), jetstream: self.jetstream.clone() }
    }

    /// Messages on the first stream (to know the backlog is queued).
    pub async fn ingested_events(&self) -> u64 {
        newsroom_tests::events::count(&self.nats, "BENCH_INGESTED").await
    }
}

impl Drop for Baseline {
    fn drop(&mut self) {
        for stage in &self.stages {
            stage.abort();
        }
    }
}

/// The baseline's push: what ingest does for a story with no validation, dedupe or
/// versioning.
pub struct BaselineLane {
    /// The "ingest" database.
    database: DatabaseConnection,
    /// Where the "ingested" event goes.
    jetstream: jetstream::Context,
}

impl BaselineLane {
    /// Commit `story` and publish it; returns its id.
    pub async fn submit(&mut self, story: StorySubmission) -> anyhow::Result<String> {
        let id = story.source_id.unwrap_or_default();
        commit_and_publish(&self.database, &self.jetstream, "bench.ingested", &id, story.content).await?;
        Ok(id)
    }
}

/// One row committed in its own transaction, then one JetStream publish awaited.
async fn commit_and_publish(
    database: &DatabaseConnection,
    jetstream: &jetstream::Context,
    subject: &'static str,
    id: &str,
    body: String,
) -> anyhow::Result<()> {
    let transaction = database.begin().await?;
    transaction
        .execute_raw(Statement::from_sql_and_values(
            database.get_database_backend(),
            "INSERT INTO rows (id, body) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING",
            [id.into(), body.clone().into()],
        ))
        .await?;
    transaction.commit().await?;
    let mut headers = async_nats::HeaderMap::new();
    headers.insert("Bench-Story", id);
    headers.insert("Nats-Msg-Id", format!("{subject}:{id}").as_str());
    jetstream
        .publish_with_headers(subject, headers, body.into())
        .await
        .map_err(|error| anyhow::anyhow!("publish: {error}"))?
        .await
        .map_err(|error| anyhow::anyhow!("publish ack: {error}"))?;
    Ok(())
}
