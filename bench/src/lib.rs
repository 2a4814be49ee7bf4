//! `just bench`: the end-to-end load benchmark. Each scenario runs on fresh infrastructure
//! (its own nats-server with a JetStream file store, fresh PostgreSQL databases): first
//! the pipeline (the three release binaries), then the bare baseline (`baseline`), which
//! does the same JetStream hops and commits with no logic. Figures: ingest-ack and
//! push→published latency (p50/p95/p99/max), throughput, backlog drain time, each
//! service's peak RSS, and the pipeline as a ratio of the baseline.

pub mod baseline;
pub mod load;
pub mod pipeline;
pub mod report;
pub mod stories;

use std::{path::PathBuf, time::Duration};

use anyhow::Context as _;
use newsroom_proto::v1::EventEnvelope;
use prost::Message as _;
use tokio::time::Instant;

use crate::{
    baseline::Baseline,
    load::{Lane, Observer, Pace},
    pipeline::{Pipeline, Service},
    report::{RunFigures, ScenarioReport},
};

/// A scenario of the benchmark.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Scenario {
    /// Maximum sustained throughput: `--stories` pushed on `--concurrency` lanes as fast as
    /// acknowledgements allow.
    Throughput,
    /// Latency at a fixed rate: `--rate` stories/s for `--seconds`.
    Latency,
    /// Backlog drain: `--stories` queued while enrichment and publishing are stopped, then
    /// both started; time until the last one is published.
    Backlog,
}

/// Settings of a benchmark run.
#[derive(Debug, Clone, clap::Parser)]
#[command(name = "newsroom-bench", about = "End-to-end load benchmark of the newsroom pipeline")]
pub struct BenchArgs {
    /// Scenarios to run (default: all three).
    #[arg(long = "scenario", value_enum)]
    pub scenarios: Vec<Scenario>,
    /// Stories for the throughput and backlog scenarios.
    #[arg(long, default_value_t = 10_000)]
    pub stories: usize,
    /// Concurrent push streams for the throughput and backlog scenarios.
    #[arg(long, default_value_t = 16)]
    pub concurrency: usize,
    /// Stories per second in the latency scenario.
    #[arg(long, default_value_t = 100.0)]
    pub rate: f64,
    /// Length of the latency scenario, seconds.
    #[arg(long, default_value_t = 60)]
    pub seconds: u64,
    /// Share of the generated stories that are HTML pages, percent.
    #[arg(long, default_value_t = 20)]
    pub html_percent: u32,
    /// Directory holding the release binaries.
    #[arg(long, default_value = "target/release")]
    pub bin_dir: PathBuf,
    /// Where the JSON report goes.
    #[arg(long, default_value = "target/bench/report.json")]
    pub report: PathBuf,
    /// Skip the bare baseline.
    #[arg(long)]
    pub no_baseline: bool,
    /// Only write the generated stories (`--stories` of them) to this file as
    /// `newsroomctl enrich --jsonl` input, for profiling the pipeline alone, and exit.
    #[arg(long)]
    pub write_stories: Option<PathBuf>,
    /// Longest wait for the last story of a scenario to be published, seconds.
    #[arg(long, default_value_t = 600)]
    pub patience: u64,
}

/// Which system a run measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum System {
    Pipeline,
    Baseline,
}

/// Run the chosen scenarios, print the table, write the JSON report.
pub async fn run(args: BenchArgs) -> anyhow::Result<Vec<ScenarioReport>> {
    if let Some(path) = &args.write_stories {
        let lines: Vec<String> = stories::generate("bench-wire", args.stories, args.html_percent, 2026)
            .into_iter()
            .map(|story| {
                serde_json::json!({
                    "id": story.source_id, "content": story.content,
                    "content_type": story.content_type, "url": story.url,
                })
                .to_string()
            })
            .collect();
        std::fs::write(path, lines.join("\n") + "\n").with_context(|| format!("write {}", path.display()))?;
        eprintln!("bench: wrote {} stories to {}", args.stories, path.display());
        return Ok(Vec::new());
    }
    let scenarios = if args.scenarios.is_empty() {
        vec![Scenario::Throughput, Scenario::Latency, Scenario::Backlog]
    } else {
        args.scenarios.clone()
    };
    let mut reports = Vec::new();
    for scenario in scenarios {
        eprintln!("bench: {scenario:?} on the pipeline");
        let pipeline = run_once(&args, scenario, System::Pipeline).await?;
        let baseline = if args.no_baseline {
            None
        } else {
            eprintln!("bench: {scenario:?} on the bare baseline");
            Some(run_once(&args, scenario, System::Baseline).await?)
        };
        let report = ScenarioReport {
            name: name(scenario),
            description: describe(&args, scenario),
            pipeline,
            baseline,
        };
        eprint!("{}", report::table(std::slice::from_ref(&report)));
        reports.push(report);
    }
    println!("{}", report::table(&reports));
    let json = serde_json::json!({
        "machine": machine(),
        "settings": {
            "stories": args.stories, "concurrency": args.concurrency, "rate": args.rate,
            "seconds": args.seconds, "html_percent": args.html_percent,
        },
        "scenarios": reports.iter().map(ScenarioReport::json).collect::<Vec<_>>(),
    });
    if let Some(dir) = args.report.parent() {
        std::fs::create_dir_all(dir).with_context(|| format!("create {}", dir.display()))?;
    }
    std::fs::write(&args.report, serde_json::to_string_pretty(&json)?)
        .with_context(|| format!("write {}", args.report.display()))?;
    println!("report: {}", args.report.display());
    Ok(reports)
}

fn name(scenario: Scenario) -> &'static str {
    match scenario {
        Scenario::Throughput => "throughput",
        Scenario::Latency => "latency",
        Scenario::Backlog => "backlog",
    }
}

fn describe(args: &BenchArgs, scenario: Scenario) -> String {
    match scenario {
        Scenario::Throughput => {
            format!("{} stories on {} push streams, as fast as acked", args.stories, args.concurrency)
        }
        Scenario::Latency => format!("{} stories/s for {} s", args.rate, args.seconds),
        Scenario::Backlog => {
            format!("{} stories queued with enrichment and publishing stopped, then drained", args.stories)
        }
    }
}

/// The two systems behind one interface.
enum Rig {
    Pipeline(Pipeline),
    Baseline(Baseline),
}

impl Rig {
    async fn lane(&self) -> anyhow::Result<Lane> {
        Ok(match self {
            Rig::Pipeline(pipeline) => Lane::Pipeline(pipeline.lane().await?),
            Rig::Baseline(baseline) => Lane::Baseline(baseline.lane()),
        })
    }

    /// Start what follows the push: enrichment and publishing, or the baseline's stages.
    async fn start_downstream(&mut self) -> anyhow::Result<()> {
        match self {
            Rig::Pipeline(pipeline) => {
                pipeline.start(Service::Enrichment).await?;
                pipeline.start(Service::Publishing).await
            }
            Rig::Baseline(baseline) => baseline.start_stages().await,
        }
    }

    async fn ingested_events(&self) -> u64 {
        match self {
            Rig::Pipeline(pipeline) => pipeline.ingested_events().await,
            Rig::Baseline(baseline) => baseline.ingested_events().await,
        }
    }

    async fn observer(&self, expected: usize, patience: Duration) -> anyhow::Result<Observer> {
        let (client, subject, story_id_of): (_, _, load::StoryIdOf) = match self {
            Rig::Pipeline(pipeline) => {
                (pipeline.nats.client().await, pipeline::PUBLISHED_SUBJECTS, pipeline_story_id)
            }
            Rig::Baseline(baseline) => {
                (baseline.nats.client().await, baseline::PUBLISHED_SUBJECTS, baseline_story_id)
            }
        };
        Observer::start(client, subject, expected, patience, story_id_of).await
    }
}

/// Story id of a pipeline publication (the event envelope's).
fn pipeline_story_id(message: &async_nats::Message) -> Option<String> {
    EventEnvelope::decode(message.payload.clone()).ok().map(|event| event.story_id)
}

/// Story id of a baseline publication (its header).
fn baseline_story_id(message: &async_nats::Message) -> Option<String> {
    Some(message.headers.as_ref()?.get("Bench-Story")?.as_str().to_owned())
}

async fn run_once(args: &BenchArgs, scenario: Scenario, system: System) -> anyhow::Result<RunFigures> {
    let (count, lanes, pace) = match scenario {
        Scenario::Throughput | Scenario::Backlog => (args.stories, args.concurrency, Pace::Saturate),
        Scenario::Latency => {
            let count = (args.rate * args.seconds as f64).round() as usize;
            // Enough lanes that a lane is free when a story is due (a push takes a few ms).
            (count, (args.rate / 25.0).ceil().max(4.0) as usize, Pace::Rate(args.rate))
        }
    };
    let stories = stories::generate("bench-wire", count, args.html_percent, 2026);
    let mut rig = match system {
        System::Pipeline => {
            let mut pipeline = Pipeline::prepare(args.bin_dir.clone()).await?;
            pipeline.start(Service::Ingest).await?;
            Rig::Pipeline(pipeline)
        }
        System::Baseline => Rig::Baseline(Baseline::prepare().await?),
    };
    let backlog = scenario == Scenario::Backlog;
    if !backlog {
        rig.start_downstream().await?;
    }
    let patience = Duration::from_secs(args.patience);
    let observer = rig.observer(count, patience).await?;
    let mut push_lanes = Vec::new();
    for _ in 0..lanes {
        push_lanes.push(rig.lane().await?);
    }
    let (pushed, refused) = load::push_all(push_lanes, stories, pace).await?;
    if refused > 0 {
        eprintln!("bench: {refused} pushes failed");
    }
    let drain_started = if backlog {
        let deadline = Instant::now() + patience;
        while rig.ingested_events().await < pushed.len() as u64 {
            anyhow::ensure!(Instant::now() < deadline, "the backlog was not queued within {patience:?}");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let started = Instant::now();
        rig.start_downstream().await?;
        Some(started)
    } else {
        None
    };
    let published = observer.finish().await?;
    let label = match system {
        System::Pipeline => "pipeline",
        System::Baseline => "baseline",
    };
    let mut figures = RunFigures::compute(label, count, &pushed, &published, drain_started);
    if let Rig::Pipeline(pipeline) = &rig {
        let published = figures.published.max(1) as f64;
        figures.services = pipeline
            .usage()
            .into_iter()
            .map(|(service, usage)| report::ServiceUsage {
                name: service.binary(),
                peak_rss_mib: usage.peak_rss_kib.map(|kib| kib as f64 / 1024.0),
                cpu_ms_per_story: usage.cpu_seconds.map(|seconds| seconds * 1000.0 / published),
            })
            .collect();
    }
    Ok(figures)
}

/// The machine, for the report.
fn machine() -> serde_json::Value {
    let cpu = std::fs::read_to_string("/proc/cpuinfo").ok().and_then(|info| {
        info.lines()
            .find(|l| l.starts_with("model name"))
            .map(|l| l.split(':').nth(1).unwrap_or("").trim().to_owned())
    });
    let memory_kib = std::fs::read_to_string("/proc/meminfo").ok().and_then(|info| {
        info.lines().find(|l| l.starts_with("MemTotal:"))?.split_whitespace().nth(1)?.parse::<u64>().ok()
    });
    serde_json::json!({
        "cores": std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1),
        "cpu": cpu,
        "memory_gib": memory_kib.map(|kib| (kib as f64 / 1024.0 / 1024.0 * 10.0).round() / 10.0),
        "date": chrono::Utc::now().to_rfc3339(),
    })
}
