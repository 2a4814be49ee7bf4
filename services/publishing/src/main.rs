//! `newsroom-publishing` binary.

use clap::Parser;
use newsroom_platform::service::ServiceCommand;
use newsroom_publishing::{PublishingConfig, SERVICE_NAME};

/// Newsroom publishing service.
#[derive(Parser)]
#[command(name = "newsroom-publishing", version)]
struct Cli {
    #[command(flatten)]
    config: PublishingConfig,
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
        || newsroom_publishing::migrate(&cli.config),
        |shutdown| newsroom_publishing::start(config, shutdown),
    )
    .await
}
