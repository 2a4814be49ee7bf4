//! The tests' API token: one admin token, registered in each test's NATS before the
//! services start, sent by every harness client and HTTP request.

use newsroom_platform::auth::{Scope, Token, TokenRecord, registry};

/// The tests' admin token (fixed, so every process of a test can use it).
pub const TEST_TOKEN: &str =
    "nrt_7e57000000000001_7e577e577e577e577e577e577e577e577e577e577e577e577e577e577e577e57";

/// `authorization` header value carrying [`TEST_TOKEN`].
pub fn bearer() -> String {
    format!("Bearer {TEST_TOKEN}")
}

/// Register [`TEST_TOKEN`] (admin, no practical rate limit) in the NATS at `nats_url`;
/// idempotent.
pub async fn register_test_token(nats_url: &str) {
    let token = Token::parse(TEST_TOKEN).unwrap_or_else(|| panic!("the test token is well-formed"));
    let record = TokenRecord::new(&token, "tests", vec![Scope::Admin], Some(1_000_000));
    register(nats_url, &record).await;
}

/// Store `record` in the token registry of the NATS at `nats_url`.
pub async fn register(nats_url: &str, record: &TokenRecord) {
    let client =
        async_nats::connect(nats_url).await.unwrap_or_else(|error| panic!("connect to nats: {error}"));
    let jetstream = async_nats::jetstream::new(client);
    let store =
        registry::open_bucket(&jetstream, 1).await.unwrap_or_else(|error| panic!("token bucket: {error:#}"));
    registry::put_record(&store, record).await.unwrap_or_else(|error| panic!("register token: {error:#}"));
}

/// A new token for `tool` with `scopes` and an optional rate, registered at `nats_url`.
pub async fn create_token(nats_url: &str, tool: &str, scopes: Vec<Scope>, rate: Option<u32>) -> Token {
    let token = Token::generate();
    register(nats_url, &TokenRecord::new(&token, tool, scopes, rate)).await;
    token
}
