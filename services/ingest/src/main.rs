//! `newsroom-ingest`: takes pushed stories over gRPC and HTTP JSON.

use clap::Parser;
use newsroom_ingest::{IngestConfig, SERVICE_NAME};
use newsroom_platform::service::ServiceCommand;

/// Newsroom ingest service: takes pushed stories over gRPC and HTTP.
#[derive(Parser)]
#[command(name = "newsroom-ingest", version)]
struct Cli {
    #[command(flatten)]
    config: IngestConfig,
    #[command(subcommand)]
    command: Option<ServiceCommand>,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let config = cli.config.clone();
    newsroom_platform::service::main(
        SERVICE_NAME,
        &cli.config.common,
        cli.command,
        || newsroom_ingest::migrate(&cli.config),
        |shutdown| newsroom_ingest::start(config, shutdown),
    )
    .await
}
