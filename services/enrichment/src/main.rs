//! `newsroom-enrichment` binary.

use clap::Parser;
use newsroom_enrichment::{EnrichmentConfig, SERVICE_NAME};
use newsroom_platform::service::ServiceCommand;

/// Newsroom enrichment service.
#[derive(Parser)]
#[command(name = "newsroom-enrichment", version)]
struct Cli {
    #[command(flatten)]
    config: EnrichmentConfig,
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
        || newsroom_enrichment::migrate(&cli.config),
        |shutdown| newsroom_enrichment::start(config, shutdown),
    )
    .await
}
