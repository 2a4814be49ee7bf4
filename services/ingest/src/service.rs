//! The ingest use cases, shared by the gRPC and HTTP front ends: validate, then store.

use newsroom_platform::metrics::KeyValue;
use newsroom_proto::v1::{StorySubmission, StorySummary, StoryVersion, SubmitOutcome};

use crate::{
    domain::{self, Limits},
    error::IngestError,
    store::{Killed, StoryStore, Submitted},
};

/// Default and maximum `ListStories` page sizes.
pub const DEFAULT_PAGE_SIZE: u32 = 50;
/// Largest page a caller may ask for.
pub const MAX_PAGE_SIZE: u32 = 500;
/// Longest kill reason, in characters.
pub const MAX_KILL_REASON_CHARS: usize = 1000;
/// Longest `killed_by`, in characters.
pub const MAX_KILLED_BY_CHARS: usize = 200;

/// The ingest core: one per process, cloned into each front end.
#[derive(Clone)]
pub struct Ingest {
    /// Stories, versions and outbox.
    store: StoryStore,
    /// Operator-set limits.
    limits: Limits,
}

/// One page of stories.
#[derive(Debug)]
pub struct StoryPage {
    /// Stories, newest first.
    pub stories: Vec<StorySummary>,
    /// Opaque cursor of the next page; empty on the last.
    pub next_page_token: String,
}

impl Ingest {
    /// The core over `store` with `limits`.
    pub fn new(store: StoryStore, limits: Limits) -> Self {
        Self { store, limits }
    }

    /// Validate and store one pushed story (counted in `newsroom.stories.ingested` by
    /// outcome, timed in `newsroom.stage.duration{stage="ingest"}`).
    pub async fn submit(&self, story: &StorySubmission) -> Result<Submitted, IngestError> {
        let started = std::time::Instant::now();
        let result = match domain::validate(story, self.limits) {
            Ok(validated) => self.store.submit(validated).await,
            Err(error) => Err(error.into()),
        };
        let outcome = match &result {
            Ok(submitted) => match submitted.outcome {
                SubmitOutcome::Accepted => "accepted",
                SubmitOutcome::Updated => "updated",
                SubmitOutcome::Duplicate => "duplicate",
                SubmitOutcome::Rejected | SubmitOutcome::Unspecified => "rejected",
            },
            Err(IngestError::Storage(_) | IngestError::Contended { .. }) => "failed",
            Err(_) => "rejected",
        };
        match &result {
            Ok(submitted) => tracing::info!(
                story_id = %submitted.story_id,
                version = submitted.version,
                outcome,
                event_id = submitted.event_id.as_deref().unwrap_or(""),
                "story submitted"
            ),
            Err(error) => tracing::info!(outcome, %error, "story refused"),
        }
        let metrics = newsroom_platform::metrics::get();
        metrics.stories_ingested.add(1, &[KeyValue::new("outcome", outcome)]);
        metrics.stage_duration.record(started.elapsed().as_secs_f64(), &[KeyValue::new("stage", "ingest")]);
        result
    }

    /// A story and one of its versions (latest by default).
    pub async fn get(
        &self,
        story_id: &str,
        version: Option<u32>,
    ) -> Result<(StorySummary, StoryVersion), IngestError> {
        let story_id = story_id.trim();
        if uuid::Uuid::parse_str(story_id).is_err() {
            return Err(IngestError::BadRequest {
                field: "story_id",
                message: format!("{story_id:?} is not a story id (a UUID as returned by SubmitStory)"),
            });
        }
        if version == Some(0) {
            return Err(IngestError::BadRequest { field: "version", message: "versions start at 1".into() });
        }
        self.store.get(story_id, version).await
    }

    /// Kill a story (see `KillStory`): `reason` 1–1000 characters, `killed_by` at most 200.
    pub async fn kill(&self, story_id: &str, reason: &str, killed_by: &str) -> Result<Killed, IngestError> {
        let story_id = story_id.trim();
        if uuid::Uuid::parse_str(story_id).is_err() {
            return Err(IngestError::BadRequest {
                field: "story_id",
                message: format!("{story_id:?} is not a story id (a UUID as returned by SubmitStory)"),
            });
        }
        let reason = reason.trim();
        if reason.is_empty() || reason.chars().count() > MAX_KILL_REASON_CHARS {
            return Err(IngestError::BadRequest {
                field: "reason",
                message: format!(
                    "must be 1 to {MAX_KILL_REASON_CHARS} characters: say why the story is killed"
                ),
            });
        }
        let killed_by = killed_by.trim();
        if killed_by.chars().count() > MAX_KILLED_BY_CHARS {
            return Err(IngestError::BadRequest {
                field: "killed_by",
                message: format!("must be at most {MAX_KILLED_BY_CHARS} characters"),
            });
        }
        self.store.kill(story_id, reason, killed_by).await
    }

    /// A page of stories, newest first.
    pub async fn list(
        &self,
        page_size: u32,
        page_token: &str,
        source: Option<&str>,
    ) -> Result<StoryPage, IngestError> {
        let page_size = match page_size {
            0 => DEFAULT_PAGE_SIZE,
            size if size > MAX_PAGE_SIZE => {
                return Err(IngestError::BadRequest {
                    field: "page_size",
                    message: format!("{size} is over the maximum of {MAX_PAGE_SIZE}"),
                });
            }
            size => size,
        };
        let cursor = match page_token.trim() {
            "" => None,
            token => Some(parse_page_token(token)?),
        };
        let (stories, next) = self.store.list(u64::from(page_size), cursor, source).await?;
        Ok(StoryPage { stories, next_page_token: next.map(format_page_token).unwrap_or_default() })
    }
}

const PAGE_TOKEN_PREFIX: &str = "s";

fn format_page_token(seq: i64) -> String {
    format!("{PAGE_TOKEN_PREFIX}{seq}")
}

fn parse_page_token(token: &str) -> Result<i64, IngestError> {
    token
        .strip_prefix(PAGE_TOKEN_PREFIX)
        .and_then(|seq| seq.parse::<i64>().ok())
        .filter(|seq| *seq > 0)
        .ok_or_else(|| IngestError::BadRequest {
            field: "page_token",
            message: "is not a token returned by ListStories".into(),
        })
}
