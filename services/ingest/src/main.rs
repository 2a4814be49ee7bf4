//! `newsroom-ingest` binary: parse config, init telemetry, run until SIGTERM / Ctrl-C.

use clap::{Parser, Subcommand};
use newsroom_ingest::{IngestConfig, SERVICE_NAME};
use newsroom_platform::{Shutdown, telemetry};

/// Newsroom ingest service: takes pushed stories over gRPC and HTTP.
#[derive(Parser)]
#[command(name = "newsroom-ingest", version)]
struct Cli {
    #[command(flatten)]
    config: IngestConfig,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve gRPC and HTTP (the default).
    Serve,
    /// Apply database migrations and exit.
    Migrate,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let common = &cli.config.common;
    let telemetry = telemetry::init(SERVICE_NAME, common.log_format, common.otlp_endpoint.as_deref())?;
    let result = match cli.command.unwrap_or(Command::Serve) {
        Command::Migrate => newsroom_ingest::migrate(&cli.config).await,
        Command::Serve => {
            let shutdown = Shutdown::on_os_signals();
            match newsroom_ingest::start(cli.config, shutdown).await {
                Ok(running) => running.wait().await,
                Err(error) => Err(error),
            }
        }
    };
    if let Err(error) = &result {
        tracing::error!(error = %format!("{error:#}"), "ingest stopped with an error");
    }
    telemetry.shutdown();
    result
}
