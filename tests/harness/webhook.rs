//! A webhook receiver for tests: a real HTTP server that records every request, checks
//! its signature, and answers with a status the test sets (to play a target that is down,
//! then heals).

use std::{
    net::SocketAddr,
    sync::{
        Arc, Mutex,
        atomic::{AtomicU16, Ordering},
    },
};

use axum::{Router, body::Bytes, extract::State, http::HeaderMap, routing::post};
use newsroom_platform::webhook_signature::{IDEMPOTENCY_KEY_HEADER, SIGNATURE_HEADER, verify};

/// One request received.
#[derive(Debug, Clone)]
pub struct Received {
    /// The idempotency key header.
    pub idempotency_key: String,
    /// Whether the signature verified with the expected secret.
    pub signature_ok: bool,
    /// Status answered.
    pub status: u16,
    /// Body (the ninjs JSON).
    pub body: Vec<u8>,
    /// `Newsroom-Story-Version` header.
    pub version: String,
    /// `Newsroom-Pubstatus` header.
    pub pubstatus: String,
    /// `traceparent` header, when sent.
    pub traceparent: Option<String>,
}

#[derive(Clone)]
struct ReceiverState {
    secret: Arc<Mutex<String>>,
    status: Arc<AtomicU16>,
    received: Arc<Mutex<Vec<Received>>>,
}

/// The running receiver; stops on drop.
pub struct TestWebhook {
    /// Where it listens.
    pub addr: SocketAddr,
    state: ReceiverState,
    _server: tokio::task::JoinHandle<()>,
}

impl TestWebhook {
    /// Start answering `status` to every request.
    pub async fn start(status: u16) -> Self {
        let state = ReceiverState {
            secret: Arc::default(),
            status: Arc::new(AtomicU16::new(status)),
            received: Arc::default(),
        };
        let router = Router::new().route("/hook", post(receive)).with_state(state.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .unwrap_or_else(|error| panic!("bind: {error}"));
        let addr = listener.local_addr().unwrap_or_else(|error| panic!("addr: {error}"));
        let server = tokio::spawn(async move {
            let _ = axum::serve(listener, router).await;
        });
        Self { addr, state, _server: server }
    }

    /// The URL to subscribe.
    pub fn url(&self) -> String {
        format!("http://{}/hook", self.addr)
    }

    /// The secret signatures are checked with.
    pub fn set_secret(&self, secret: &str) {
        if let Ok(mut current) = self.state.secret.lock() {
            *current = secret.to_owned();
        }
    }

    /// The status answered from now on.
    pub fn set_status(&self, status: u16) {
        self.state.status.store(status, Ordering::SeqCst);
    }

    /// Every request so far.
    pub fn received(&self) -> Vec<Received> {
        self.state.received.lock().map(|received| received.clone()).unwrap_or_default()
    }

    /// Requests answered 2xx.
    pub fn accepted(&self) -> Vec<Received> {
        self.received().into_iter().filter(|request| (200..300).contains(&request.status)).collect()
    }
}

impl Drop for TestWebhook {
    fn drop(&mut self) {
        self._server.abort();
    }
}

async fn receive(
    State(state): State<ReceiverState>,
    headers: HeaderMap,
    body: Bytes,
) -> axum::http::StatusCode {
    let header =
        |name: &str| headers.get(name).and_then(|value| value.to_str().ok()).unwrap_or_default().to_owned();
    let secret = state.secret.lock().map(|secret| secret.clone()).unwrap_or_default();
    let signature_ok =
        verify(secret.as_bytes(), &header(SIGNATURE_HEADER), &body, chrono::Utc::now().timestamp(), 300)
            .is_ok();
    let status = state.status.load(Ordering::SeqCst);
    if let Ok(mut received) = state.received.lock() {
        received.push(Received {
            idempotency_key: header(IDEMPOTENCY_KEY_HEADER),
            signature_ok,
            status,
            body: body.to_vec(),
            version: header("Newsroom-Story-Version"),
            pubstatus: header("Newsroom-Pubstatus"),
            traceparent: headers.get("traceparent").and_then(|value| value.to_str().ok()).map(str::to_owned),
        });
    }
    axum::http::StatusCode::from_u16(status).unwrap_or(axum::http::StatusCode::INTERNAL_SERVER_ERROR)
}
