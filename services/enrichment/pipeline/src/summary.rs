//! Extractive summary. (Placeholder until the summary work lands.)

/// 2–3 sentences of `body`.
pub fn summarise(_body: &str, _headline: Option<&str>) -> String {
    String::new()
}
