//! Who may call the services: bearer tokens per tool, with scopes and a rate limit.
//!
//! Every call of a newsroom API (gRPC metadata `authorization: Bearer <token>`, or the
//! same HTTP header) is checked against the method's [`Access`] by one tower layer
//! ([`GrpcAuthLayer`]) and one axum middleware ([`require_http`]), so the services never
//! see an unauthenticated request. Health, reflection, `/healthz` and `/metrics` stay
//! open for probes and scrapers.
//!
//! | refusal | gRPC | HTTP |
//! |---|---|---|
//! | no token, malformed, unknown or revoked | `UNAUTHENTICATED` | 401 |
//! | token lacks the method's scope | `PERMISSION_DENIED` | 403 |
//! | the tool's rate limit is spent | `RESOURCE_EXHAUSTED` | 429 + `Retry-After` |
//! | registry not loaded yet (NATS unreachable since start) | `UNAVAILABLE` | 503 |
//!
//! Tokens live in the [`registry`] (a NATS key-value bucket), hashed.

mod client;
mod layer;
mod rate_limit;
pub mod registry;
mod token;

use std::{
    collections::HashMap,
    sync::{Arc, RwLock},
    time::Duration,
};

pub use client::ClientCredentials;
pub use layer::{GrpcAuthLayer, GrpcAuthService, MethodPolicy, require_http};
pub use token::{TOKEN_PREFIX, Token, TokenRecord};

use rate_limit::RateLimiter;

/// What a token may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    /// Push, re-push and kill stories (the CMS, wire scrapers).
    Push,
    /// Read stories, enrichments, publications and the live stream.
    Read,
    /// Manage subscribers and deliveries, reprocess stories; covers push and read too.
    Admin,
}

impl Scope {
    /// The scope's name as tokens and errors spell it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Push => "push",
            Self::Read => "read",
            Self::Admin => "admin",
        }
    }
}

impl std::fmt::Display for Scope {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str(self.as_str())
    }
}

/// Who may call a method.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone (health checks, reflection, metrics).
    Public,
    /// A token holding this scope.
    Requires(Scope),
}

/// How a service checks callers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum AuthMode {
    /// Every API call needs a valid token (the default).
    Required,
    /// No checks at all: only for a laptop, and loudly logged at start.
    Disabled,
}

/// Authentication settings every service reads the same way (flattened into
/// [`crate::CommonConfig`]).
#[derive(Debug, Clone, clap::Args)]
pub struct AuthConfig {
    /// `required` (default): API calls need a bearer token; `disabled`: no checks (local
    /// experiments only).
    #[arg(long = "auth", env = "NEWSROOM_AUTH", default_value = "required", value_enum)]
    pub mode: AuthMode,

    /// Calls per second each token may make to this replica when its record sets no rate
    /// (bursts up to twice that); beyond it calls get RESOURCE_EXHAUSTED / 429.
    #[arg(long, env = "NEWSROOM_RATE_LIMIT_PER_SECOND", default_value_t = 100, value_parser = clap::value_parser!(u32).range(1..))]
    pub rate_limit_per_second: u32,
}

impl Default for AuthConfig {
    fn default() -> Self {
        Self { mode: AuthMode::Required, rate_limit_per_second: 100 }
    }
}

/// The caller of an authorised request, put in the request's extensions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    /// Id of the token used.
    pub token_id: String,
    /// Tool the token was made for.
    pub tool: String,
}

/// Why a call was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AuthError {
    /// No `authorization` header / metadata.
    #[error(
        "missing bearer token: send 'authorization: Bearer nrt_…' (create one with `newsroomctl token create`)"
    )]
    Missing,
    /// The header is not `Bearer <token>` with a well-formed token.
    #[error("malformed bearer token: expected 'authorization: Bearer nrt_<id>_<secret>'")]
    Malformed,
    /// No such token, or the secret does not match.
    #[error("unknown token")]
    Unknown,
    /// The token was revoked.
    #[error("token {token_id} was revoked")]
    Revoked {
        /// Its id.
        token_id: String,
    },
    /// The token lacks the scope the method needs.
    #[error("token {token_id} of tool {tool} lacks the {needed} scope this call needs")]
    Forbidden {
        /// Its id.
        token_id: String,
        /// Its tool.
        tool: String,
        /// The scope needed.
        needed: Scope,
    },
    /// The tool spent its rate limit.
    #[error("rate limit of {rate_per_second} calls/s exceeded for tool {tool}; retry in {retry_after_ms} ms")]
    RateLimited {
        /// Its tool.
        tool: String,
        /// The limit.
        rate_per_second: u32,
        /// When a call will pass again.
        retry_after_ms: u64,
    },
    /// The registry has not been read yet (NATS unreachable since this process started).
    #[error("token registry not loaded yet: cannot check tokens, retry shortly")]
    NotLoaded,
}

impl AuthError {
    /// The gRPC status of this refusal.
    pub fn code(&self) -> tonic::Code {
        match self {
            Self::Missing | Self::Malformed | Self::Unknown | Self::Revoked { .. } => {
                tonic::Code::Unauthenticated
            }
            Self::Forbidden { .. } => tonic::Code::PermissionDenied,
            Self::RateLimited { .. } => tonic::Code::ResourceExhausted,
            Self::NotLoaded => tonic::Code::Unavailable,
        }
    }
}

impl From<AuthError> for tonic::Status {
    fn from(error: AuthError) -> Self {
        tonic::Status::new(error.code(), error.to_string())
    }
}

/// Checks callers against the registry's records, kept in memory; cheap to clone.
#[derive(Clone)]
pub struct Authenticator {
    /// Shared by every clone: one copy of the registry per process.
    inner: Arc<Inner>,
}

/// The state behind an [`Authenticator`].
struct Inner {
    /// Whether checks run at all.
    mode: AuthMode,
    /// Calls per second for records that set none.
    default_rate_per_second: u32,
    /// Token records by id (a copy of the registry bucket).
    records: RwLock<HashMap<String, TokenRecord>>,
    /// Becomes true once the registry has been read: until then calls get UNAVAILABLE.
    loaded: tokio::sync::watch::Sender<bool>,
    /// Per-token buckets.
    limiter: RateLimiter,
}

impl Authenticator {
    /// An authenticator configured by `config`, with an empty, not yet loaded registry.
    pub fn new(config: &AuthConfig) -> Self {
        if config.mode == AuthMode::Disabled {
            tracing::warn!("authentication is DISABLED: every API call is allowed (NEWSROOM_AUTH=disabled)");
        }
        Self {
            inner: Arc::new(Inner {
                mode: config.mode,
                default_rate_per_second: config.rate_limit_per_second,
                records: RwLock::new(HashMap::new()),
                loaded: tokio::sync::watch::Sender::new(false),
                limiter: RateLimiter::default(),
            }),
        }
    }

    /// Whether every call is allowed without a token.
    pub fn is_disabled(&self) -> bool {
        self.inner.mode == AuthMode::Disabled
    }

    /// Check the `authorization` header value against `access`; `Ok(None)` for public
    /// methods and when auth is disabled.
    pub fn authorize(
        &self,
        authorization: Option<&str>,
        access: Access,
    ) -> Result<Option<Caller>, AuthError> {
        let Access::Requires(needed) = access else {
            return Ok(None);
        };
        if self.is_disabled() {
            return Ok(None);
        }
        let header = authorization.ok_or(AuthError::Missing)?;
        let (kind, credentials) = header.trim().split_once(' ').ok_or(AuthError::Malformed)?;
        if !kind.eq_ignore_ascii_case("bearer") {
            return Err(AuthError::Malformed);
        }
        let token = Token::parse(credentials).ok_or(AuthError::Malformed)?;
        if !*self.inner.loaded.borrow() {
            return Err(AuthError::NotLoaded);
        }
        let (tool, rate_per_second) = {
            let records = self.inner.records.read().unwrap_or_else(std::sync::PoisonError::into_inner);
            let record = records.get(&token.id).ok_or(AuthError::Unknown)?;
            if !token.matches(&record.secret_sha256) {
                return Err(AuthError::Unknown);
            }
            if record.revoked_at.is_some() {
                return Err(AuthError::Revoked { token_id: token.id.clone() });
            }
            if !record.allows(needed) {
                return Err(AuthError::Forbidden {
                    token_id: token.id.clone(),
                    tool: record.tool.clone(),
                    needed,
                });
            }
            (record.tool.clone(), record.rate_per_second.unwrap_or(self.inner.default_rate_per_second))
        };
        if let Err(wait) = self.inner.limiter.take(&token.id, rate_per_second) {
            return Err(AuthError::RateLimited {
                tool,
                rate_per_second,
                retry_after_ms: u64::try_from(wait.as_millis()).unwrap_or(u64::MAX).max(1),
            });
        }
        Ok(Some(Caller { token_id: token.id, tool }))
    }

    /// Wait until the registry has been read once (immediately when auth is disabled).
    pub async fn wait_loaded(&self) {
        if self.is_disabled() {
            return;
        }
        let mut loaded = self.inner.loaded.subscribe();
        let _ = loaded.wait_for(|loaded| *loaded).await;
    }

    /// Keep the registry copy current from NATS until `shutdown` (see
    /// [`registry::watch_registry`]); does nothing when auth is disabled.
    pub async fn follow_registry_owned(
        self,
        jetstream: async_nats::jetstream::Context,
        replicas: usize,
        shutdown: crate::Shutdown,
    ) -> anyhow::Result<()> {
        if !self.is_disabled() {
            registry::watch_registry(self, jetstream, replicas, shutdown).await;
        }
        Ok(())
    }

    fn replace_all(&self, records: Vec<TokenRecord>) {
        let map = records.into_iter().map(|record| (record.id.clone(), record)).collect();
        *self.inner.records.write().unwrap_or_else(std::sync::PoisonError::into_inner) = map;
        self.inner.loaded.send_replace(true);
    }

    fn upsert(&self, record: TokenRecord) {
        tracing::info!(token_id = %record.id, tool = %record.tool, revoked = record.revoked_at.is_some(), "token record changed");
        self.inner
            .records
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .insert(record.id.clone(), record);
    }

    fn remove(&self, token_id: &str) {
        tracing::info!(%token_id, "token record deleted");
        self.inner.records.write().unwrap_or_else(std::sync::PoisonError::into_inner).remove(token_id);
    }
}

/// The `Retry-After` seconds for a refusal that has one.
fn retry_after_seconds(error: &AuthError) -> Option<u64> {
    match error {
        AuthError::RateLimited { retry_after_ms, .. } => {
            Some(Duration::from_millis(*retry_after_ms).as_secs_f64().ceil() as u64)
        }
        AuthError::NotLoaded => Some(1),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn authenticator_with(records: Vec<TokenRecord>, rate: u32) -> Authenticator {
        let authenticator =
            Authenticator::new(&AuthConfig { mode: AuthMode::Required, rate_limit_per_second: rate });
        authenticator.replace_all(records);
        authenticator
    }

    fn bearer(token: &Token) -> String {
        format!("Bearer {}", token.reveal())
    }

    #[test]
    fn each_refusal_has_its_own_code() {
        let push = Token::generate();
        let revoked = Token::generate();
        let mut revoked_record = TokenRecord::new(&revoked, "old", vec![Scope::Admin], None);
        revoked_record.revoked_at = Some(chrono::Utc::now());
        let auth = authenticator_with(
            vec![TokenRecord::new(&push, "cms", vec![Scope::Push], None), revoked_record],
            100,
        );
        let push_access = Access::Requires(Scope::Push);

        assert_eq!(auth.authorize(None, Access::Public), Ok(None));
        assert_eq!(auth.authorize(None, push_access), Err(AuthError::Missing));
        assert_eq!(auth.authorize(Some("Basic abc"), push_access), Err(AuthError::Malformed));
        assert_eq!(auth.authorize(Some("Bearer nope"), push_access), Err(AuthError::Malformed));
        assert_eq!(auth.authorize(Some(&bearer(&Token::generate())), push_access), Err(AuthError::Unknown));
        assert!(matches!(
            auth.authorize(Some(&bearer(&revoked)), push_access),
            Err(AuthError::Revoked { .. })
        ));
        let caller = auth.authorize(Some(&bearer(&push)), push_access).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(caller.map(|c| c.tool), Some("cms".to_owned()));
        let forbidden = auth.authorize(Some(&bearer(&push)), Access::Requires(Scope::Admin));
        assert!(matches!(forbidden, Err(AuthError::Forbidden { needed: Scope::Admin, .. })));
        assert_eq!(forbidden.map_err(|e| e.code()), Err(tonic::Code::PermissionDenied));

        // A secret that does not match its id is as unknown as a made-up id.
        let forged = format!("Bearer {TOKEN_PREFIX}{}_{}", push.id, "0".repeat(64));
        assert_eq!(auth.authorize(Some(&forged), push_access), Err(AuthError::Unknown));
    }

    #[test]
    fn the_rate_limit_is_per_token() {
        let busy = Token::generate();
        let calm = Token::generate();
        let auth = authenticator_with(
            vec![
                TokenRecord::new(&busy, "busy", vec![Scope::Push], None),
                TokenRecord::new(&calm, "calm", vec![Scope::Push], Some(1000)),
            ],
            5,
        );
        let access = Access::Requires(Scope::Push);
        let passed = (0..50).filter(|_| auth.authorize(Some(&bearer(&busy)), access).is_ok()).count();
        assert!((10..=11).contains(&passed), "burst of twice 5/s passes, then refusals; got {passed}");
        let refused = auth.authorize(Some(&bearer(&busy)), access).expect_err("spent");
        assert_eq!(refused.code(), tonic::Code::ResourceExhausted);
        assert!(auth.authorize(Some(&bearer(&calm)), access).is_ok(), "other tools are unaffected");
    }

    #[test]
    fn nothing_passes_before_the_registry_is_loaded_unless_auth_is_disabled() {
        let token = Token::generate();
        let auth = Authenticator::new(&AuthConfig::default());
        assert_eq!(
            auth.authorize(Some(&bearer(&token)), Access::Requires(Scope::Read)),
            Err(AuthError::NotLoaded)
        );
        let open = Authenticator::new(&AuthConfig { mode: AuthMode::Disabled, rate_limit_per_second: 1 });
        assert_eq!(open.authorize(None, Access::Requires(Scope::Admin)), Ok(None));
    }
}
