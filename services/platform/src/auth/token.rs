//! API tokens: their text form, how they are hashed, and the record the registry keeps.
//!
//! A token reads `nrt_<id>_<secret>`: `id` (16 hex digits) names the record and is safe to
//! log; `secret` (64 hex digits, 256 random bits) is shown once, at creation, and only its
//! SHA-256 is stored. A random 256-bit secret needs no slow password hash: nothing can be
//! guessed, so a fast digest compared in constant time is the right tool.

use std::fmt;

use chrono::{DateTime, Utc};
use rand::RngCore as _;
use serde::{Deserialize, Serialize};
use sha2::{Digest as _, Sha256};

use super::Scope;

/// Prefix of every token, so a leaked one is recognisable by secret scanners.
pub const TOKEN_PREFIX: &str = "nrt_";
/// Hex digits of a token id.
const ID_HEX_LEN: usize = 16;
/// Hex digits of a token secret.
const SECRET_HEX_LEN: usize = 64;

/// A token as the caller presents it: the record id and the secret.
#[derive(Clone, PartialEq, Eq)]
pub struct Token {
    /// Public id of the record (safe to log).
    pub id: String,
    /// The secret; never logged, never stored.
    secret: String,
}

impl fmt::Debug for Token {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "Token({}, secret redacted)", self.id)
    }
}

impl Token {
    /// A new random token.
    pub fn generate() -> Self {
        let mut id = [0u8; ID_HEX_LEN / 2];
        let mut secret = [0u8; SECRET_HEX_LEN / 2];
        let mut rng = rand::rng();
        rng.fill_bytes(&mut id);
        rng.fill_bytes(&mut secret);
        Self { id: hex::encode(id), secret: hex::encode(secret) }
    }

    /// Parse `nrt_<id>_<secret>`; `None` when the text is not shaped like a token.
    pub fn parse(text: &str) -> Option<Self> {
        let rest = text.trim().strip_prefix(TOKEN_PREFIX)?;
        let (id, secret) = rest.split_once('_')?;
        let is_hex =
            |part: &str, len: usize| part.len() == len && part.bytes().all(|b| b.is_ascii_hexdigit());
        if !is_hex(id, ID_HEX_LEN) || !is_hex(secret, SECRET_HEX_LEN) {
            return None;
        }
        Some(Self { id: id.to_ascii_lowercase(), secret: secret.to_ascii_lowercase() })
    }

    /// The text to hand to the tool (`nrt_<id>_<secret>`): shown once.
    pub fn reveal(&self) -> String {
        format!("{TOKEN_PREFIX}{}_{}", self.id, self.secret)
    }

    /// Hex SHA-256 of the secret: what the registry stores.
    pub fn secret_hash(&self) -> String {
        hex::encode(Sha256::digest(self.secret.as_bytes()))
    }

    /// Whether this token's secret hashes to `stored_hash`, compared in constant time.
    pub fn matches(&self, stored_hash: &str) -> bool {
        let presented = self.secret_hash();
        presented.len() == stored_hash.len()
            && presented.bytes().zip(stored_hash.bytes()).fold(0u8, |acc, (a, b)| acc | (a ^ b)) == 0
    }
}

/// What the registry keeps about one token (JSON in the NATS key-value bucket).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TokenRecord {
    /// Public id, also the key in the bucket.
    pub id: String,
    /// The tool the token was made for ("cms-plugin", "wire-scraper"): rate limits and logs
    /// name it.
    pub tool: String,
    /// What the token may do.
    pub scopes: Vec<Scope>,
    /// Hex SHA-256 of the secret.
    pub secret_sha256: String,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// Calls per second allowed to this token (per service replica); `None` takes the
    /// service's default.
    #[serde(default)]
    pub rate_per_second: Option<u32>,
    /// When it was revoked; a revoked token is refused everywhere within moments.
    #[serde(default)]
    pub revoked_at: Option<DateTime<Utc>>,
}

impl TokenRecord {
    /// A fresh record for `token`, made for `tool` with `scopes`.
    pub fn new(token: &Token, tool: &str, scopes: Vec<Scope>, rate_per_second: Option<u32>) -> Self {
        Self {
            id: token.id.clone(),
            tool: tool.to_owned(),
            scopes,
            secret_sha256: token.secret_hash(),
            created_at: Utc::now(),
            rate_per_second,
            revoked_at: None,
        }
    }

    /// Whether the token may act with `scope` (admin covers every scope).
    pub fn allows(&self, scope: Scope) -> bool {
        self.scopes.iter().any(|granted| *granted == scope || *granted == Scope::Admin)
    }
}

/// Check a tool name: 1–64 characters of letters, digits, `-`, `_`, `.`.
pub fn validate_tool_name(tool: &str) -> Result<(), String> {
    if tool.is_empty() || tool.len() > 64 {
        return Err(format!("tool name must be 1 to 64 characters, got {}", tool.len()));
    }
    if let Some(bad) = tool.chars().find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))) {
        return Err(format!("tool name may hold letters, digits, '-', '_' and '.', not {bad:?}"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_generated_token_parses_back_and_matches_only_its_own_hash() {
        let token = Token::generate();
        let parsed = Token::parse(&token.reveal()).unwrap_or_else(|| panic!("parses"));
        assert_eq!(parsed, token);
        assert!(parsed.matches(&token.secret_hash()));
        assert!(!Token::generate().matches(&token.secret_hash()));
        assert!(!format!("{token:?}").contains(&token.secret), "debug output hides the secret");
    }

    #[test]
    fn malformed_tokens_do_not_parse() {
        let good = Token::generate().reveal();
        for bad in [
            "",
            "Bearer x",
            "nrt_",
            &good[..good.len() - 1],
            &good.replace("nrt_", "xyz_"),
            &format!("{good}0"),
            "nrt_zzzzzzzzzzzzzzzz_0000000000000000000000000000000000000000000000000000000000000000",
        ] {
            assert!(Token::parse(bad).is_none(), "{bad:?} must not parse");
        }
    }

    #[test]
    fn admin_covers_every_scope_and_others_only_themselves() {
        let token = Token::generate();
        let push = TokenRecord::new(&token, "cms", vec![Scope::Push], None);
        assert!(push.allows(Scope::Push));
        assert!(!push.allows(Scope::Read));
        assert!(!push.allows(Scope::Admin));
        let admin = TokenRecord::new(&token, "ops", vec![Scope::Admin], None);
        assert!(admin.allows(Scope::Push) && admin.allows(Scope::Read) && admin.allows(Scope::Admin));
    }

    #[test]
    fn tool_names_are_checked() {
        assert!(validate_tool_name("cms-plugin_2.1").is_ok());
        assert!(validate_tool_name("").is_err());
        assert!(validate_tool_name("has space").is_err());
        assert!(validate_tool_name(&"x".repeat(65)).is_err());
    }
}
