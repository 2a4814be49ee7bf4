//! Webhook signatures: publishing signs every webhook request, receivers (such as
//! `newsroomctl listen-webhook`) verify them. Kept here so both sides share one definition.
//!
//! Header `Newsroom-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`.
//! The timestamp is signed with the body, so a captured request cannot be replayed later
//! than the receiver's tolerance.

use hmac::{Hmac, KeyInit as _, Mac as _};
use sha2::Sha256;

/// Header carrying the signature.
pub const SIGNATURE_HEADER: &str = "Newsroom-Signature";
/// Header carrying the idempotency key: the same for every attempt at one delivery.
pub const IDEMPOTENCY_KEY_HEADER: &str = "Newsroom-Idempotency-Key";

type HmacSha256 = Hmac<Sha256>;

/// Why a signature was refused.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum SignatureError {
    /// The header is not `t=…,v1=…`.
    #[error("malformed {SIGNATURE_HEADER} header: expected t=<unix seconds>,v1=<hex>")]
    Malformed,
    /// The timestamp is too far from now.
    #[error("signature timestamp {timestamp} is more than {tolerance_seconds} s from now")]
    Stale {
        /// Signed timestamp.
        timestamp: i64,
        /// Allowed distance.
        tolerance_seconds: i64,
    },
    /// The HMAC does not match.
    #[error("signature does not match the body and secret")]
    Mismatch,
}

fn mac(secret: &[u8], timestamp: i64, body: &[u8]) -> HmacSha256 {
    // HMAC accepts keys of any length.
    let mut mac =
        HmacSha256::new_from_slice(secret).unwrap_or_else(|_| unreachable!("hmac takes any key length"));
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    mac
}

/// The header value signing `body` at `timestamp` (unix seconds) with `secret`.
pub fn sign(secret: &[u8], timestamp: i64, body: &[u8]) -> String {
    let signature = mac(secret, timestamp, body).finalize().into_bytes();
    format!("t={timestamp},v1={}", hex::encode(signature))
}

/// Check `header` against `body` and `secret`, with the timestamp within
/// `tolerance_seconds` of `now` (unix seconds). Constant-time comparison.
pub fn verify(
    secret: &[u8],
    header: &str,
    body: &[u8],
    now: i64,
    tolerance_seconds: i64,
) -> Result<(), SignatureError> {
    let mut timestamp = None;
    let mut signature = None;
    for part in header.split(',') {
        match part.trim().split_once('=') {
            Some(("t", value)) => timestamp = value.parse::<i64>().ok(),
            Some(("v1", value)) => signature = hex::decode(value).ok(),
            _ => {}
        }
    }
    let (Some(timestamp), Some(signature)) = (timestamp, signature) else {
        return Err(SignatureError::Malformed);
    };
    if (now - timestamp).abs() > tolerance_seconds {
        return Err(SignatureError::Stale { timestamp, tolerance_seconds });
    }
    mac(secret, timestamp, body).verify_slice(&signature).map_err(|_| SignatureError::Mismatch)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signed_bodies_verify_and_tampering_does_not() {
        let header = sign(b"s3cret", 1_700_000_000, b"{\"uri\":\"x\"}");
        assert!(header.starts_with("t=1700000000,v1="));
        assert_eq!(verify(b"s3cret", &header, b"{\"uri\":\"x\"}", 1_700_000_010, 300), Ok(()));
        assert_eq!(
            verify(b"s3cret", &header, b"{\"uri\":\"y\"}", 1_700_000_010, 300),
            Err(SignatureError::Mismatch)
        );
        assert_eq!(
            verify(b"other", &header, b"{\"uri\":\"x\"}", 1_700_000_010, 300),
            Err(SignatureError::Mismatch)
        );
        assert!(matches!(
            verify(b"s3cret", &header, b"{\"uri\":\"x\"}", 1_700_001_000, 300),
            Err(SignatureError::Stale { .. })
        ));
        assert_eq!(verify(b"s3cret", "v1=abc", b"", 0, 300), Err(SignatureError::Malformed));
    }
}
