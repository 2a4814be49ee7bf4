//! `newsroomctl listen-webhook`: a webhook receiver for demos and checks — verifies each
//! request's signature with the subscriber's secret and prints the story it carries.

use std::{
    net::SocketAddr,
    process::ExitCode,
    sync::{
        Arc,
        atomic::{AtomicUsize, Ordering},
    },
};

use axum::{Router, body::Bytes, extract::State, http::HeaderMap, http::StatusCode, routing::post};
use newsroom_platform::webhook_signature::{IDEMPOTENCY_KEY_HEADER, SIGNATURE_HEADER, verify};

/// Arguments of `listen-webhook`.
#[derive(Debug, clap::Args)]
pub struct ListenWebhookArgs {
    /// Address to listen on (POST to any path).
    #[arg(long, default_value = "127.0.0.1:9090")]
    pub addr: SocketAddr,
    /// The subscriber's webhook secret.
    #[arg(long, env = "NEWSROOM_WEBHOOK_SECRET")]
    pub secret: String,
    /// Exit after this many verified deliveries.
    #[arg(long)]
    pub count: Option<usize>,
    /// Tolerated clock distance of the signature timestamp, in seconds.
    #[arg(long, default_value_t = 300)]
    pub tolerance: i64,
}

#[derive(Clone)]
struct Listener {
    secret: Arc<String>,
    tolerance: i64,
    verified: Arc<AtomicUsize>,
    done: Arc<tokio::sync::Notify>,
    count: Option<usize>,
}

/// Listen until interrupted (or `--count` verified deliveries).
pub async fn run(args: ListenWebhookArgs) -> anyhow::Result<ExitCode> {
    let listener_state = Listener {
        secret: Arc::new(args.secret),
        tolerance: args.tolerance,
        verified: Arc::default(),
        done: Arc::default(),
        count: args.count,
    };
    let done = listener_state.done.clone();
    let router = Router::new().fallback(post(receive)).with_state(listener_state);
    let listener = tokio::net::TcpListener::bind(args.addr).await?;
    eprintln!("listening for webhooks on http://{}", listener.local_addr()?);
    axum::serve(listener, router)
        .with_graceful_shutdown(async move {
            tokio::select! {
                _ = done.notified() => {}
                _ = tokio::signal::ctrl_c() => {}
            }
        })
        .await?;
    Ok(ExitCode::SUCCESS)
}

async fn receive(State(state): State<Listener>, headers: HeaderMap, body: Bytes) -> StatusCode {
    let header = |name: &str| headers.get(name).and_then(|value| value.to_str().ok()).unwrap_or_default();
    let now = chrono::Utc::now().timestamp();
    if let Err(error) = verify(state.secret.as_bytes(), header(SIGNATURE_HEADER), &body, now, state.tolerance)
    {
        println!("REJECTED  {error}");
        return StatusCode::UNAUTHORIZED;
    }
    let document: serde_json::Value = serde_json::from_slice(&body).unwrap_or_default();
    // traceparent = 00-<trace id>-<span id>-<flags>: the story's trace id.
    let trace_id = header("traceparent").split('-').nth(1).unwrap_or("-");
    println!(
        "verified  {}  version {}  {}  \"{}\"  (idempotency key {}, trace {trace_id})",
        document["uri"].as_str().unwrap_or("?"),
        document["version"].as_str().unwrap_or("?"),
        document["pubstatus"].as_str().unwrap_or("?"),
        document["headlines"][0]["value"].as_str().unwrap_or(""),
        header(IDEMPOTENCY_KEY_HEADER),
    );
    let verified = state.verified.fetch_add(1, Ordering::SeqCst) + 1;
    if state.count.is_some_and(|count| verified >= count) {
        state.done.notify_one();
    }
    StatusCode::NO_CONTENT
}
