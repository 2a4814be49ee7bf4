//! `newsroomctl`: the command-line tool of the newsroom pipeline.

mod client;
mod commands;

use std::{process::ExitCode, time::Duration};

use clap::{Parser, Subcommand};

/// Push, read and check stories in the newsroom pipeline.
#[derive(Parser)]
#[command(name = "newsroomctl", version)]
struct Cli {
    /// Ingest gRPC address.
    #[arg(long, global = true, env = "NEWSROOM_INGEST_URL", default_value = "http://127.0.0.1:50051")]
    ingest: String,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Push a story file, every .txt/.html file of a directory (bulk stream), or stdin (`-`).
    Push(commands::push::PushArgs),
    /// Show a story (latest version, or --version N).
    Get {
        /// Story id.
        story_id: String,
        /// A specific version.
        #[arg(long)]
        version: Option<u32>,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// List stories, newest first.
    List {
        /// Stories per page (1–500).
        #[arg(long, default_value_t = 20)]
        page_size: u32,
        /// Only stories from this source.
        #[arg(long)]
        source: Option<String>,
        /// Follow every page.
        #[arg(long)]
        all: bool,
        /// Print only story ids, one per line (for scripts).
        #[arg(long)]
        ids: bool,
    },
    /// Run the enrichment pipeline in-process: JSONL stories on stdin, enriched JSONL on stdout.
    Enrich {
        /// Read and write JSON Lines (the only mode for now).
        #[arg(long)]
        jsonl: bool,
    },
    /// Show what enrichment understood of stories: headline, section, language, entities,
    /// quotes, topics.
    Enriched {
        /// Story ids.
        #[arg(required = true)]
        story_ids: Vec<String>,
        /// Enrichment gRPC address.
        #[arg(long, env = "NEWSROOM_ENRICHMENT_URL", default_value = "http://127.0.0.1:50052")]
        enrichment: String,
        /// Wait up to this many seconds for each enrichment.
        #[arg(long)]
        wait: Option<u64>,
    },
    /// Check a service's grpc.health.v1 status; with --wait, wait until SERVING.
    Health {
        /// Service gRPC address (defaults to the ingest address).
        #[arg(long)]
        addr: Option<String>,
        /// Service name to ask about ("" = the whole process).
        #[arg(long, default_value = "")]
        service: String,
        /// Wait up to this many seconds for SERVING.
        #[arg(long)]
        wait: Option<u64>,
    },
}

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Push(args) => commands::push::run(&cli.ingest, args).await,
        Command::Get { story_id, version, json } => {
            commands::get::run(&cli.ingest, &story_id, version, json).await
        }
        Command::List { page_size, source, all, ids } => {
            commands::list::run(&cli.ingest, page_size, source, all, ids).await
        }
        Command::Enrich { jsonl: _ } => commands::enrich::run(),
        Command::Enriched { story_ids, enrichment, wait } => {
            commands::enriched::run(&enrichment, &story_ids, wait.map(Duration::from_secs)).await
        }
        Command::Health { addr, service, wait } => {
            let addr = addr.unwrap_or(cli.ingest);
            commands::health::run(&addr, &service, wait.map(Duration::from_secs)).await
        }
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {}", client::describe(&error));
            client::exit_code(&error)
        }
    }
}
