//! Near-duplicate fingerprint. (Placeholder until the fingerprint work lands.)

/// Hex fingerprint of `body`.
pub fn fingerprint(_body: &str) -> String {
    String::new()
}

/// Similarity of two fingerprints, 0 (unrelated) to 1 (same). (Placeholder.)
pub fn similarity(a: &str, b: &str) -> f32 {
    if !a.is_empty() && a == b { 1.0 } else { 0.0 }
}
