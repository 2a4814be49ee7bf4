//! Shared by `push_json` and `push_protobuf`: what ingest does with a parsed submission
//! (`domain::validate`, as `Ingest::submit` calls it before touching storage), with the
//! invariants of a validated story and of a refusal.

use newsroom_ingest::{
    domain::{self, Limits, ValidatedStory},
    error::IngestError,
};
use newsroom_proto::v1::{StoryHints, StorySubmission};

/// Validate `story` as the server does (default limits, and a tiny content limit so the
/// size path is exercised too) and check the outcome.
pub fn validate(story: &StorySubmission) {
    for limits in [Limits::default(), Limits { max_content_bytes: 64 }] {
        match domain::validate(story, limits) {
            Ok(validated) => check_valid(story, &validated, limits),
            Err(error) => check_refusal(IngestError::from(error)),
        }
    }
}

/// A refusal is reported as INVALID_ARGUMENT naming a field, with a message; HTTP 400 or 413.
pub fn check_refusal(error: IngestError) {
    assert_eq!(error.code(), tonic::Code::InvalidArgument, "{error:?}");
    assert!(error.field().is_some_and(|field| !field.is_empty()), "{error:?}");
    let status = error.http_status().as_u16();
    assert!(status == 400 || status == 413, "status {status} for {error:?}");
    let message = error.to_string();
    assert!(message.starts_with(error.field().unwrap_or_default()), "{message:?}");
}

fn check_valid(story: &StorySubmission, validated: &ValidatedStory, limits: Limits) {
    assert!(!validated.source.is_empty() && validated.source == validated.source.trim(), "{validated:?}");
    assert!(matches!(validated.content_type, "text/plain" | "text/html"), "{validated:?}");
    assert_eq!(validated.content, story.content);
    assert!(validated.content.len() <= limits.max_content_bytes);
    assert!(!validated.content.trim().is_empty() && !validated.content.contains('\0'));
    for hash in [&validated.content_hash, &validated.revision_hash, &validated.identity_key] {
        assert!(hash.len() == 64 && hash.bytes().all(|b| b.is_ascii_hexdigit()), "hash {hash:?}");
    }
    if let Some(language) = &validated.language_hint {
        assert!(language.len() == 2 || (language.len() == 5 && &language[2..3] == "-"), "{language:?}");
    }
    // Validation is pure, and its normalisation idempotent: the validated fields pushed
    // again are the same story at the same revision.
    assert_eq!(&domain::validate(story, limits).expect("valid twice"), validated);
    let again = StorySubmission {
        source: validated.source.clone(),
        source_id: validated.source_id.clone(),
        url: validated.url.clone(),
        content: validated.content.clone(),
        content_type: validated.content_type.to_owned(),
        submitted_by: validated.submitted_by.clone(),
        hints: Some(StoryHints {
            headline: validated.headline_hint.clone(),
            language: validated.language_hint.clone(),
            embargo_until: validated.embargo_until.map(|at| newsroom_proto::Timestamp {
                seconds: at.timestamp(),
                nanos: at.timestamp_subsec_nanos() as i32,
            }),
        }),
    };
    let revalidated = domain::validate(&again, limits).expect("a validated story re-validates");
    assert_eq!(revalidated, *validated, "normalisation is not idempotent");
}
