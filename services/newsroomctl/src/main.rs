//! `newsroomctl`: the command-line tool of the newsroom pipeline.

mod client;
mod commands;

use std::process::ExitCode;

/// The services' allocator, with a bump arena in front that the batch (`enrich --jsonl`)
/// adopts for its thread: the pipeline allocates per token and frees it all per page.
#[global_allocator]
static GLOBAL_ALLOCATOR: newsroom_platform::bump_arena::BumpArena<newsroom_platform::FastAllocator> =
    newsroom_platform::bump_arena::BumpArena::new(newsroom_platform::FastAllocator);

use clap::{Parser, Subcommand};

use commands::{
    enrich::EnrichArgs, enriched::EnrichedArgs, get::GetArgs, health::HealthArgs, list::ListArgs,
    listen_webhook::ListenWebhookArgs, published::PublishedArgs, push::PushArgs, subscriber::SubscriberArgs,
    token::TokenArgs,
};

/// Push, read and check stories in the newsroom pipeline.
#[derive(Parser)]
#[command(name = "newsroomctl", version)]
struct Cli {
    /// Ingest gRPC address.
    #[arg(long, global = true, env = "NEWSROOM_INGEST_URL", default_value = "http://127.0.0.1:50051")]
    ingest: String,
    /// Bearer token for the services' APIs (`nrt_…`, from `newsroomctl token create`).
    #[arg(long, global = true, env = "NEWSROOM_TOKEN", hide_env_values = true)]
    token: Option<String>,
    /// PEM file of the CA that signed the services' certificates, for `https://` addresses.
    #[arg(long, global = true, env = "NEWSROOM_CA_FILE")]
    ca_file: Option<std::path::PathBuf>,
    /// What to do.
    #[command(subcommand)]
    command: Command,
}

/// The subcommands.
#[derive(Subcommand)]
enum Command {
    /// Push a story file, every .txt/.html/.htm file of a directory (bulk stream), or stdin (`-`).
    Push(PushArgs),
    /// Show a story (latest version, or --version N): summary fields, then the content.
    Get(GetArgs),
    /// List stories, newest first.
    List(ListArgs),
    /// Run the enrichment pipeline in-process: JSONL stories on stdin, enriched JSONL on stdout.
    Enrich(EnrichArgs),
    /// Show what enrichment understood of stories: headline, section, language, entities,
    /// quotes, topics.
    Enriched(EnrichedArgs),
    /// Print the ninjs 2.2 document publishing made of a story.
    Published(PublishedArgs),
    /// Manage publishing's subscribers and their delivery queue.
    Subscriber(SubscriberArgs),
    /// Receive webhooks, verify their signatures, print the stories.
    ListenWebhook(ListenWebhookArgs),
    /// Check a service's grpc.health.v1 status; with --wait, wait until SERVING.
    Health(HealthArgs),
    /// Create, list and revoke the API tokens of newsroom tools (talks to NATS).
    Token(TokenArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    // The batch runs the pipeline in-process on stdin and stdout: it talks to no service, so
    // it starts no async runtime and no telemetry (their worker threads and exporters were
    // a few milliseconds of every run, 1–2 % of a batch of a hundred pages), and a story that
    // fails is its own output line.
    if let Command::Enrich(args) = &cli.command {
        return finish(commands::enrich::run(args));
    }
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("error: cannot start the async runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(run_with_telemetry(cli))
}

/// Run a command that talks to the services, as one span (the root of a story's trace for
/// `push`); spans are exported when OTEL_EXPORTER_OTLP_ENDPOINT is set, logs go to stderr.
async fn run_with_telemetry(cli: Cli) -> ExitCode {
    let otlp_endpoint = std::env::var("OTEL_EXPORTER_OTLP_ENDPOINT").ok();
    let telemetry = match newsroom_platform::telemetry::init_with_output(
        "newsroomctl",
        newsroom_platform::config::LogFormat::Human,
        otlp_endpoint.as_deref(),
        newsroom_platform::telemetry::LogOutput::Stderr,
    ) {
        Ok(telemetry) => Some(telemetry),
        Err(error) => {
            eprintln!("warning: telemetry is off: {error:#}");
            None
        }
    };
    let span = tracing::info_span!("newsroomctl", otel.name = %format!("newsroomctl {}", cli.command.name()), otel.kind = "client");
    let result = tracing::Instrument::instrument(run(cli), span).await;
    if let Some(telemetry) = telemetry {
        telemetry.shutdown();
    }
    finish(result)
}

/// The process's exit code for a command's result; an error is printed first.
fn finish(result: anyhow::Result<ExitCode>) -> ExitCode {
    match result {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {}", client::describe(&error));
            client::exit_code(&error)
        }
    }
}

/// Run a command that talks to the services ([`Command::Enrich`] runs in [`main`]).
async fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    client::configure(cli.token.as_deref(), cli.ca_file.as_deref())?;
    match cli.command {
        Command::Push(args) => commands::push::run(&cli.ingest, args).await,
        Command::Get(args) => commands::get::run(&cli.ingest, args).await,
        Command::List(args) => commands::list::run(&cli.ingest, args).await,
        Command::Enrich(args) => commands::enrich::run(&args),
        Command::Enriched(args) => commands::enriched::run(args).await,
        Command::Published(args) => commands::published::run(args).await,
        Command::Subscriber(args) => commands::subscriber::run(args).await,
        Command::ListenWebhook(args) => commands::listen_webhook::run(args).await,
        Command::Health(args) => commands::health::run(&cli.ingest, args).await,
        Command::Token(args) => commands::token::run(args).await,
    }
}

impl Command {
    /// The subcommand's name, for its span.
    fn name(&self) -> &'static str {
        match self {
            Command::Push(_) => "push",
            Command::Get(_) => "get",
            Command::List(_) => "list",
            Command::Enrich(_) => "enrich",
            Command::Enriched(_) => "enriched",
            Command::Published(_) => "published",
            Command::Subscriber(_) => "subscriber",
            Command::ListenWebhook(_) => "listen-webhook",
            Command::Health(_) => "health",
            Command::Token(_) => "token",
        }
    }
}
