//! `newsroomctl health`: ask a service's `grpc.health.v1`.

use std::{process::ExitCode, time::Duration};

use tonic_health::pb::{
    HealthCheckRequest, health_check_response::ServingStatus, health_client::HealthClient,
};

/// Print the status; with `wait`, poll until SERVING or the time is up.
pub async fn run(addr: &str, service: &str, wait: Option<Duration>) -> anyhow::Result<ExitCode> {
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

async fn check(addr: &str, service: &str) -> anyhow::Result<ServingStatus> {
    let mut client = HealthClient::new(crate::client::channel(addr).await?);
    let response = client.check(HealthCheckRequest { service: service.to_owned() }).await?;
    Ok(ServingStatus::try_from(response.into_inner().status).unwrap_or(ServingStatus::Unknown))
}
