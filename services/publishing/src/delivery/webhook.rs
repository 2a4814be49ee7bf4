//! Webhook sends: a POST of the ninjs JSON, signed with the subscriber's secret
//! (`Newsroom-Signature`), with the delivery's idempotency key and the trace context.

use std::time::Duration;

use newsroom_platform::webhook_signature::{IDEMPOTENCY_KEY_HEADER, SIGNATURE_HEADER, sign};

use super::SendError;
use crate::domain::webhook_targets::{PolicyResolver, WebhookNetworkPolicy};
use crate::store::subscribers::DeliveryJob;

/// The HTTP client of the dispatcher: its resolver drops addresses `network` refuses.
pub fn client(timeout: Duration, network: WebhookNetworkPolicy) -> anyhow::Result<reqwest::Client> {
    Ok(reqwest::Client::builder()
        .dns_resolver(std::sync::Arc::new(PolicyResolver { policy: network }))
        .timeout(timeout)
        .connect_timeout(timeout.min(Duration::from_secs(5)))
        .redirect(reqwest::redirect::Policy::none())
        .user_agent(concat!("newsroom-publishing/", env!("CARGO_PKG_VERSION")))
        .build()?)
}

/// POST the document. 2xx is delivered; 408, 429 and 5xx are worth retrying, as are
/// network errors; any other status is permanent.
pub async fn send(
    http: &reqwest::Client,
    url: &str,
    network: &WebhookNetworkPolicy,
    job: &DeliveryJob,
) -> Result<(), SendError> {
    // IP literals never reach the resolver: check them here (the policy may have changed
    // since the subscriber was registered).
    let parsed = reqwest::Url::parse(url)
        .map_err(|error| SendError { message: format!("{url:?} is not a URL: {error}"), permanent: true })?;
    if let Some(host) = parsed.host()
        && let Err(reason) = network.check_host(&host)
    {
        return Err(SendError { message: format!("POST {url}: refused: {reason}"), permanent: true });
    }
    let timestamp = chrono::Utc::now().timestamp();
    let mut request = http
        .post(url)
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .header(SIGNATURE_HEADER, sign(job.webhook_secret.as_bytes(), timestamp, job.document.as_bytes()))
        .header(IDEMPOTENCY_KEY_HEADER, &job.row.idempotency_key)
        .header("Newsroom-Story-Id", &job.row.story_id)
        .header("Newsroom-Story-Version", job.row.version.to_string())
        .header("Newsroom-Pubstatus", &job.row.pubstatus);
    for (name, value) in newsroom_platform::telemetry::current_trace_headers() {
        request = request.header(name, value);
    }
    let response = request
        .body(job.document.clone())
        .send()
        .await
        .map_err(|error| SendError { message: format!("POST {url}: {error}"), permanent: false })?;
    let status = response.status();
    if status.is_success() {
        return Ok(());
    }
    let retryable = status.is_server_error()
        || status == reqwest::StatusCode::REQUEST_TIMEOUT
        || status == reqwest::StatusCode::TOO_MANY_REQUESTS;
    let body: String = response.text().await.unwrap_or_default().chars().take(200).collect();
    Err(SendError { message: format!("POST {url}: HTTP {status}: {body}"), permanent: !retryable })
}
