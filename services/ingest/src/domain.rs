//! Ingest's rules, free of I/O: what a valid submission is, what identifies a story,
//! and when a re-push is "the same" (duplicate) or "changed" (new version).

use chrono::{DateTime, Utc};
use newsroom_proto::v1::StorySubmission;
use sha2::{Digest as _, Sha256};

/// Longest accepted `source`, in characters.
pub const MAX_SOURCE_CHARS: usize = 128;
/// Longest accepted `source_id`, in characters.
pub const MAX_SOURCE_ID_CHARS: usize = 512;
/// Longest accepted `url`, in characters.
pub const MAX_URL_CHARS: usize = 2048;
/// Longest accepted `submitted_by`, in characters.
pub const MAX_SUBMITTED_BY_CHARS: usize = 256;
/// Longest accepted headline hint, in characters.
pub const MAX_HEADLINE_CHARS: usize = 1024;
/// Default content limit: 2 MiB of UTF-8.
pub const DEFAULT_MAX_CONTENT_BYTES: usize = 2 * 1024 * 1024;
/// Content types ingest accepts (after dropping parameters and lowercasing).
pub const ACCEPTED_CONTENT_TYPES: &[&str] = &["text/plain", "text/html"];

/// Why a submission was refused: the field (path inside the story) and a message that
/// names the limit. Both APIs report it verbatim.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {message}")]
pub struct ValidationError {
    /// Field path, e.g. `content` or `hints.language`.
    pub field: &'static str,
    /// What is wrong and what the limit is.
    pub message: String,
    /// Whether the problem is size (HTTP 413) rather than shape (HTTP 400).
    pub too_large: bool,
}

impl ValidationError {
    pub(crate) fn new(field: &'static str, message: impl Into<String>) -> Self {
        Self { field, message: message.into(), too_large: false }
    }
}

/// Limits that operators may change.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Largest accepted `content`, in UTF-8 bytes.
    pub max_content_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self { max_content_bytes: DEFAULT_MAX_CONTENT_BYTES }
    }
}

/// A submission that passed validation, with the hashes that drive identity and versioning.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidatedStory {
    /// Trimmed source.
    pub source: String,
    /// Trimmed source id, when given.
    pub source_id: Option<String>,
    /// Trimmed URL ("" when none).
    pub url: String,
    /// Content exactly as pushed.
    pub content: String,
    /// `text/plain` or `text/html`.
    pub content_type: &'static str,
    /// Trimmed submitter ("" when not said).
    pub submitted_by: String,
    /// Trimmed headline hint.
    pub headline_hint: Option<String>,
    /// Language hint, lowercased language and uppercased region (`en`, `en-GB`).
    pub language_hint: Option<String>,
    /// Embargo hint.
    pub embargo_until: Option<DateTime<Utc>>,
    /// SHA-256 (hex) of the normalised content.
    pub content_hash: String,
    /// SHA-256 (hex) over the content hash and every stored field that may change:
    /// equal revision hashes mean a re-push changes nothing.
    pub revision_hash: String,
    /// SHA-256 (hex) of the identity tuple; unique per story.
    pub identity_key: String,
}

/// Check a pushed story against the rules and limits; the first problem found is returned.
pub fn validate(story: &StorySubmission, limits: Limits) -> Result<ValidatedStory, ValidationError> {
    let source = story.source.trim();
    if source.is_empty() {
        return Err(ValidationError::new("source", "is required (the name of the pushing tool or feed)"));
    }
    check_text("source", source, MAX_SOURCE_CHARS)?;

    let source_id = match story.source_id.as_deref().map(str::trim) {
        None => None,
        Some("") => {
            return Err(ValidationError::new("source_id", "must not be blank when set (omit it instead)"));
        }
        Some(id) => {
            check_text("source_id", id, MAX_SOURCE_ID_CHARS)?;
            Some(id.to_owned())
        }
    };

    let url = story.url.trim();
    check_text("url", url, MAX_URL_CHARS)?;
    if !(url.is_empty() || url.starts_with("http://") || url.starts_with("https://")) {
        return Err(ValidationError::new("url", "must be an absolute http:// or https:// URL"));
    }

    if story.content.len() > limits.max_content_bytes {
        return Err(ValidationError {
            field: "content",
            message: format!(
                "is {} bytes, over the limit of {} bytes ({})",
                story.content.len(),
                limits.max_content_bytes,
                human_bytes(limits.max_content_bytes)
            ),
            too_large: true,
        });
    }
    if story.content.trim().is_empty() {
        return Err(ValidationError::new("content", "must not be empty or only whitespace"));
    }
    if story.content.contains('\0') {
        return Err(ValidationError::new(
            "content",
            "must not contain NUL characters (binary data is not a story)",
        ));
    }

    let content_type = parse_content_type(&story.content_type)?;

    let submitted_by = story.submitted_by.trim();
    check_text("submitted_by", submitted_by, MAX_SUBMITTED_BY_CHARS)?;

    let hints = story.hints.clone().unwrap_or_default();
    let headline_hint = match hints.headline.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(headline) => {
            check_text("hints.headline", headline, MAX_HEADLINE_CHARS)?;
            Some(headline.to_owned())
        }
    };
    let language_hint = match hints.language.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(language) => Some(normalise_language(language)?),
    };
    let embargo_until = match &hints.embargo_until {
        None => None,
        Some(timestamp) => Some(newsroom_platform::events::from_timestamp(timestamp).ok_or_else(|| {
            ValidationError::new(
                "hints.embargo_until",
                "is not a valid instant (seconds or nanos out of range)",
            )
        })?),
    };

    let content_hash = sha256_hex([normalise_content(&story.content).as_bytes()]);
    let embargo_text = embargo_until.map(|at| at.to_rfc3339()).unwrap_or_default();
    let revision_hash = sha256_hex([
        content_hash.as_bytes(),
        content_type.as_bytes(),
        url.as_bytes(),
        headline_hint.as_deref().unwrap_or("").as_bytes(),
        language_hint.as_deref().unwrap_or("").as_bytes(),
        embargo_text.as_bytes(),
    ]);
    let identity_key = match &source_id {
        Some(id) => sha256_hex([b"source-id".as_slice(), source.as_bytes(), id.as_bytes()]),
        None => sha256_hex([b"content".as_slice(), source.as_bytes(), content_hash.as_bytes()]),
    };

    Ok(ValidatedStory {
        source: source.to_owned(),
        source_id,
        url: url.to_owned(),
        content: story.content.clone(),
        content_type,
        submitted_by: submitted_by.to_owned(),
        headline_hint,
        language_hint,
        embargo_until,
        content_hash,
        revision_hash,
        identity_key,
    })
}

/// Content as compared for identity and duplicates: line endings unified, runs of
/// spaces and tabs collapsed, trailing spaces and blank-line runs dropped, trimmed.
/// Re-pushes that differ only in such whitespace are the same story.
pub fn normalise_content(content: &str) -> String {
    let mut out = String::with_capacity(content.len());
    let mut blank_lines = 0usize;
    for line in content.split('\n') {
        let collapsed = line.split_whitespace().collect::<Vec<_>>().join(" ");
        if collapsed.is_empty() {
            blank_lines += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank_lines > 0 { "\n\n" } else { "\n" });
        }
        blank_lines = 0;
        out.push_str(&collapsed);
    }
    out
}

fn parse_content_type(raw: &str) -> Result<&'static str, ValidationError> {
    let essence = raw.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    if essence.is_empty() {
        return Ok("text/plain");
    }
    match essence.as_str() {
        "text/plain" => Ok("text/plain"),
        "text/html" | "application/xhtml+xml" => Ok("text/html"),
        _ => Err(ValidationError::new(
            "content_type",
            format!(
                "{:?} is not supported; accepted: {} (or empty for text/plain)",
                truncate_chars(raw, 64),
                ACCEPTED_CONTENT_TYPES.join(", ")
            ),
        )),
    }
}

fn normalise_language(language: &str) -> Result<String, ValidationError> {
    let invalid = || {
        ValidationError::new(
            "hints.language",
            format!(
                "{:?} is not an ISO 639-1 code such as \"en\" or \"en-GB\"",
                truncate_chars(language, 32)
            ),
        )
    };
    let mut parts = language.split(['-', '_']);
    let primary = parts.next().unwrap_or("");
    if primary.len() != 2 || !primary.chars().all(|c| c.is_ascii_alphabetic()) {
        return Err(invalid());
    }
    let mut normalised = primary.to_ascii_lowercase();
    match (parts.next(), parts.next()) {
        (None, _) => {}
        (Some(region), None) if region.len() == 2 && region.chars().all(|c| c.is_ascii_alphabetic()) => {
            normalised.push('-');
            normalised.push_str(&region.to_ascii_uppercase());
        }
        _ => return Err(invalid()),
    }
    Ok(normalised)
}

fn check_text(field: &'static str, value: &str, max_chars: usize) -> Result<(), ValidationError> {
    let chars = value.chars().count();
    if chars > max_chars {
        return Err(ValidationError::new(
            field,
            format!("is {chars} characters, over the limit of {max_chars}"),
        ));
    }
    if value.chars().any(char::is_control) {
        return Err(ValidationError::new(field, "must not contain control characters"));
    }
    Ok(())
}

fn sha256_hex<'a>(parts: impl IntoIterator<Item = &'a [u8]>) -> String {
    let mut hasher = Sha256::new();
    for part in parts {
        // Length-prefix each part so ("ab","c") and ("a","bc") hash differently.
        hasher.update((part.len() as u64).to_be_bytes());
        hasher.update(part);
    }
    hex::encode(hasher.finalize())
}

fn human_bytes(bytes: usize) -> String {
    const MIB: usize = 1024 * 1024;
    const KIB: usize = 1024;
    if bytes.is_multiple_of(MIB) {
        format!("{} MiB", bytes / MIB)
    } else if bytes.is_multiple_of(KIB) {
        format!("{} KiB", bytes / KIB)
    } else {
        format!("{bytes} B")
    }
}

fn truncate_chars(value: &str, max: usize) -> String {
    value.chars().take(max).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use newsroom_proto::v1::StoryHints;

    fn story(content: &str) -> StorySubmission {
        StorySubmission { source: "wire".into(), content: content.into(), ..Default::default() }
    }

    #[test]
    fn whitespace_variants_normalise_to_the_same_content() {
        assert_eq!(
            normalise_content("  Headline\r\n\r\n\r\nBody   text\t here  \n"),
            normalise_content("Headline\n\nBody text here")
        );
        assert_ne!(normalise_content("Headline\nBody"), normalise_content("Headline\n\nBody"));
    }

    #[test]
    fn identity_without_source_id_follows_content() {
        let limits = Limits::default();
        let a = validate(&story("Body one"), limits).unwrap();
        let b = validate(&story("Body   one\n"), limits).unwrap();
        let c = validate(&story("Body two"), limits).unwrap();
        assert_eq!(a.identity_key, b.identity_key);
        assert_ne!(a.identity_key, c.identity_key);
    }

    #[test]
    fn identity_with_source_id_ignores_content_but_revision_does_not() {
        let limits = Limits::default();
        let mut first = story("Body one");
        first.source_id = Some("42".into());
        let mut second = story("Body two");
        second.source_id = Some("42".into());
        let (a, b) = (validate(&first, limits).unwrap(), validate(&second, limits).unwrap());
        assert_eq!(a.identity_key, b.identity_key);
        assert_ne!(a.revision_hash, b.revision_hash);
    }

    #[test]
    fn a_changed_embargo_is_a_new_revision() {
        let limits = Limits::default();
        let plain = validate(&story("Body"), limits).unwrap();
        let mut embargoed = story("Body");
        embargoed.hints = Some(StoryHints {
            embargo_until: Some(newsroom_proto::Timestamp { seconds: 1_900_000_000, nanos: 0 }),
            ..Default::default()
        });
        let embargoed = validate(&embargoed, limits).unwrap();
        assert_eq!(plain.identity_key, embargoed.identity_key);
        assert_ne!(plain.revision_hash, embargoed.revision_hash);
    }

    #[test]
    fn errors_name_the_field_and_the_limit() {
        let limits = Limits { max_content_bytes: 10 };
        let error = validate(&story("01234567890"), limits).unwrap_err();
        assert_eq!(error.field, "content");
        assert!(error.too_large);
        assert_eq!(error.message, "is 11 bytes, over the limit of 10 bytes (10 B)");

        let mut no_source = story("x");
        no_source.source = "  ".into();
        assert_eq!(validate(&no_source, limits).unwrap_err().field, "source");

        let mut bad_type = story("x");
        bad_type.content_type = "application/pdf".into();
        let error = validate(&bad_type, limits).unwrap_err();
        assert_eq!(error.field, "content_type");
        assert!(error.message.contains("text/plain, text/html"), "{}", error.message);
    }

    #[test]
    fn content_types_are_normalised() {
        let limits = Limits::default();
        let mut html = story("<p>x</p>");
        html.content_type = "Text/HTML; charset=utf-8".into();
        assert_eq!(validate(&html, limits).unwrap().content_type, "text/html");
        assert_eq!(validate(&story("x"), limits).unwrap().content_type, "text/plain");
    }

    #[test]
    fn language_hints_are_checked_and_normalised() {
        let limits = Limits::default();
        let mut with_language = story("x");
        with_language.hints = Some(StoryHints { language: Some("en_gb".into()), ..Default::default() });
        assert_eq!(validate(&with_language, limits).unwrap().language_hint.as_deref(), Some("en-GB"));
        with_language.hints = Some(StoryHints { language: Some("english".into()), ..Default::default() });
        assert_eq!(validate(&with_language, limits).unwrap_err().field, "hints.language");
    }

    #[test]
    fn default_limit_message_uses_mib() {
        let limits = Limits::default();
        let big = "a".repeat(DEFAULT_MAX_CONTENT_BYTES + 1);
        let error = validate(&story(&big), limits).unwrap_err();
        assert!(error.message.ends_with("over the limit of 2097152 bytes (2 MiB)"), "{}", error.message);
    }
}
