//! The token registry: one NATS JetStream key-value bucket, `newsroom-tokens`, holding a
//! [`TokenRecord`] per token id (hashes only, never secrets).
//!
//! Why a bucket and not a table: every service checks tokens, and each owns its own
//! database. The bucket is replicated like the streams, every replica watches it into
//! memory (a check is a map lookup, a revocation reaches every replica within
//! moments), and the cached copy keeps answering while NATS is briefly away.
//! `newsroomctl token` writes to it; whoever may reach NATS with the operator's
//! credentials may manage tokens.

use std::time::Duration;

use anyhow::Context as _;
use async_nats::jetstream::{self, kv};
use futures::StreamExt as _;

use super::{Authenticator, Scope, Token, TokenRecord, token::validate_tool_name};
use crate::shutdown::Shutdown;

/// Name of the key-value bucket holding the token records.
pub const TOKEN_BUCKET: &str = "newsroom-tokens";
/// Revisions kept per token (creation and revocation stay visible for audit).
const HISTORY: i64 = 5;

/// Open the token bucket, creating it with `replicas` when it does not exist.
///
/// The bucket's stream is created here with the key-value layout (`KV_<bucket>` capturing
/// `$KV.<bucket>.>`, rollups, direct gets, history per key) rather than by
/// `create_key_value`, which first queries the account in a shape NATS 2.9 servers (such as
/// Debian's) do not answer, and so fails there.
pub async fn open_bucket(jetstream: &jetstream::Context, replicas: usize) -> anyhow::Result<kv::Store> {
    if let Ok(store) = jetstream.get_key_value(TOKEN_BUCKET).await {
        return Ok(store);
    }
    jetstream
        .get_or_create_stream(jetstream::stream::Config {
            name: format!("KV_{TOKEN_BUCKET}"),
            description: Some("newsroom API tokens (SHA-256 of the secrets only)".to_owned()),
            subjects: vec![format!("$KV.{TOKEN_BUCKET}.>")],
            max_messages_per_subject: HISTORY,
            storage: jetstream::stream::StorageType::File,
            num_replicas: replicas.max(1),
            allow_rollup: true,
            deny_delete: true,
            allow_direct: true,
            discard: jetstream::stream::DiscardPolicy::New,
            ..Default::default()
        })
        .await
        .with_context(|| format!("cannot create the {TOKEN_BUCKET} key-value bucket"))?;
    jetstream
        .get_key_value(TOKEN_BUCKET)
        .await
        .with_context(|| format!("cannot open the {TOKEN_BUCKET} key-value bucket"))
}

/// Create a token for `tool` with `scopes`; returns the token (its secret shown once) and
/// the stored record.
pub async fn create_token(
    store: &kv::Store,
    tool: &str,
    scopes: Vec<Scope>,
    rate_per_second: Option<u32>,
) -> anyhow::Result<(Token, TokenRecord)> {
    validate_tool_name(tool).map_err(anyhow::Error::msg)?;
    anyhow::ensure!(!scopes.is_empty(), "a token needs at least one scope (push, read, admin)");
    anyhow::ensure!(rate_per_second != Some(0), "a rate limit of 0 calls per second would refuse every call");
    let token = Token::generate();
    let record = TokenRecord::new(&token, tool, scopes, rate_per_second);
    put_record(store, &record).await?;
    Ok((token, record))
}

/// Store `record` as it is (creation, revocation, or a fixed record such as a test's).
pub async fn put_record(store: &kv::Store, record: &TokenRecord) -> anyhow::Result<()> {
    let value = serde_json::to_vec(record).context("cannot encode the token record")?;
    store.put(&record.id, value.into()).await.with_context(|| format!("cannot store token {}", record.id))?;
    Ok(())
}

/// Every token record, revoked ones included, oldest first.
pub async fn list_tokens(store: &kv::Store) -> anyhow::Result<Vec<TokenRecord>> {
    let mut records = Vec::new();
    let mut keys = store.keys().await.context("cannot list token ids")?;
    while let Some(key) = keys.next().await {
        let key = key.context("cannot list token ids")?;
        if let Some(record) = read_record(store, &key).await? {
            records.push(record);
        }
    }
    records.sort_by(|a, b| a.created_at.cmp(&b.created_at).then_with(|| a.id.cmp(&b.id)));
    Ok(records)
}

/// Revoke the token `id`; `Ok(None)` when there is no such token. Revoking twice keeps the
/// first revocation time.
pub async fn revoke_token(store: &kv::Store, id: &str) -> anyhow::Result<Option<TokenRecord>> {
    let Some(mut record) = read_record(store, id).await? else {
        return Ok(None);
    };
    if record.revoked_at.is_none() {
        record.revoked_at = Some(chrono::Utc::now());
        put_record(store, &record).await?;
    }
    Ok(Some(record))
}

async fn read_record(store: &kv::Store, id: &str) -> anyhow::Result<Option<TokenRecord>> {
    let Some(value) = store.get(id).await.with_context(|| format!("cannot read token {id}"))? else {
        return Ok(None);
    };
    let record = serde_json::from_slice(&value).with_context(|| format!("token record {id} is not valid"))?;
    Ok(Some(record))
}

/// Keep `authenticator`'s copy of the registry current until `shutdown`: load every
/// record, mark it loaded, then apply each change as it happens. Connection trouble is
/// retried; the last copy keeps serving meanwhile.
pub async fn watch_registry(
    authenticator: Authenticator,
    jetstream: jetstream::Context,
    replicas: usize,
    shutdown: Shutdown,
) {
    let mut backoff = Duration::from_millis(100);
    loop {
        let result = tokio::select! {
            _ = shutdown.wait() => return,
            result = load_and_follow(&authenticator, &jetstream, replicas, &shutdown) => result,
        };
        match result {
            Ok(()) => return,
            Err(error) => tracing::warn!(
                error = %format!("{error:#}"),
                retry_in_ms = backoff.as_millis() as u64,
                "token registry watch interrupted"
            ),
        }
        tokio::select! {
            _ = shutdown.wait() => return,
            _ = tokio::time::sleep(backoff) => {}
        }
        backoff = (backoff * 2).min(Duration::from_secs(5));
    }
}

/// One pass: snapshot then follow; returns `Ok` only on shutdown.
async fn load_and_follow(
    authenticator: &Authenticator,
    jetstream: &jetstream::Context,
    replicas: usize,
    shutdown: &Shutdown,
) -> anyhow::Result<()> {
    let store = open_bucket(jetstream, replicas).await?;
    // Watch first, then snapshot: a change made in between arrives on the watch.
    let mut changes = store.watch_all().await.context("cannot watch the token bucket")?;
    let records = list_tokens(&store).await?;
    tracing::info!(tokens = records.len(), "token registry loaded");
    authenticator.replace_all(records);
    loop {
        let change = tokio::select! {
            _ = shutdown.wait() => return Ok(()),
            change = changes.next() => change,
        };
        let Some(change) = change else {
            anyhow::bail!("token bucket watch ended");
        };
        let entry = change.context("token bucket watch failed")?;
        match entry.operation {
            kv::Operation::Put => match serde_json::from_slice::<TokenRecord>(&entry.value) {
                Ok(record) => authenticator.upsert(record),
                Err(error) => {
                    tracing::warn!(token_id = %entry.key, %error, "ignoring an invalid token record")
                }
            },
            kv::Operation::Delete | kv::Operation::Purge => authenticator.remove(&entry.key),
        }
    }
}
