//! `newsroomctl health`: ask a service's `grpc.health.v1`.

use std::{process::ExitCode, time::Duration};

use tonic_health::pb::{
    HealthCheckRequest, health_check_response::ServingStatus, health_client::HealthClient,
};

/// Arguments of `health`.
#[derive(Debug, clap::Args)]
pub struct HealthArgs {
    /// Service gRPC address (defaults to the ingest address).
    #[arg(long)]
    pub addr: Option<String>,
    /// Service name to ask about ("" = the whole process).
    #[arg(long, default_value = "")]
    pub service: String,
    /// Wait up to this many seconds for SERVING.
    #[arg(long)]
    pub wait: Option<u64>,
}

/// Print the status of `--addr` (else `ingest`); with `--wait`, poll until SERVING or the
/// time is up.
pub async fn run(ingest: &str, args: HealthArgs) -> anyhow::Result<ExitCode> {
    let addr = args.addr.as_deref().unwrap_or(ingest);
    let service = args.service.as_str();
    let wait = args.wait.map(Duration::from_secs);
    let deadline = wait.map(|wait| tokio::time::Instant::now() + wait);
    loop {
        let status = check(addr, service).await;
        let serving = matches!(status, Ok(ServingStatus::Serving));
        let done = serving || deadline.is_none_or(|deadline| tokio::time::Instant::now() >= deadline);
        if done {
            return match status {
                Ok(status) => {
                    println!(
                        "{addr} {}: {}",
                        if service.is_empty() { "(process)" } else { service },
                        status.as_str_name()
                    );
                    Ok(if serving { ExitCode::SUCCESS } else { ExitCode::FAILURE })
                }
                Err(error) => Err(error),
            };
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// One health check.
async fn check(addr: &str, service: &str) -> anyhow::Result<ServingStatus> {
    let mut client = HealthClient::new(crate::client::channel(addr).await?);
    let response = client.check(HealthCheckRequest { service: service.to_owned() }).await?;
    Ok(ServingStatus::try_from(response.into_inner().status).unwrap_or(ServingStatus::Unknown))
}
