//! Ingest's storage: stories, their versions, and the outbox, in one database that
//! only ingest touches. A new story or version and its event commit together.

mod group_commit;
pub mod migrations;
pub mod story;
pub mod story_version;

use chrono::Utc;
use newsroom_platform::{
    db::{self, is_unique_violation},
    events,
    nats::subjects,
    outbox::Outbox,
};
use newsroom_proto::v1::{
    EventEnvelope, StoryHints, StoryIngested, StoryKilled, StorySubmission, StorySummary, StoryVersion,
    SubmitOutcome, event_envelope::Payload,
};
use sea_orm::{
    ColumnTrait as _, DatabaseConnection, DatabaseTransaction, DbBackend, EntityTrait as _, QueryFilter as _,
    QueryOrder as _, QuerySelect as _, Set, TransactionTrait as _,
};

use crate::{domain::ValidatedStory, error::IngestError};

/// Producer name written into every event ingest emits.
pub const PRODUCER: &str = "newsroom-ingest";
/// How many times a push is retried when a concurrent push of the same story wins a race.
const MAX_ATTEMPTS: u32 = 5;

/// What a kill did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Killed {
    /// The story's latest version.
    pub version: u32,
    /// The kill event; `None` when the story had been killed before.
    pub event_id: Option<String>,
}

/// What a push did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Submitted {
    /// The story's id.
    pub story_id: String,
    /// The version now current.
    pub version: u32,
    /// Accepted, updated or duplicate.
    pub outcome: SubmitOutcome,
    /// The emitted event's id; `None` for a duplicate.
    pub event_id: Option<String>,
}

/// Ingest's tables behind one handle. Cheap to clone.
#[derive(Clone)]
pub struct StoryStore {
    /// Ingest's own database.
    db: DatabaseConnection,
    /// Where the `newsroom.story.ingested` events go, in the same transaction.
    outbox: Outbox,
    /// Pushes waiting for the group commit (shared by every clone: one per process).
    queue: std::sync::Arc<std::sync::Mutex<group_commit::Queue>>,
}

/// Outcome of one transaction attempt.
enum Attempt {
    Done(Submitted),
    LostRace,
}

impl StoryStore {
    /// A store over `db`, emitting through `outbox`.
    pub fn new(db: DatabaseConnection, outbox: Outbox) -> Self {
        Self { db, outbox, queue: std::sync::Arc::default() }
    }

    /// The database (for health checks and tests).
    pub fn db(&self) -> &DatabaseConnection {
        &self.db
    }

    /// Store a validated story: a new story, a new version, or nothing (duplicate).
    ///
    /// Concurrent pushes commit together ([`group_commit`]): the push waits for the
    /// transaction holding it, and gets the same outcome it would get alone.
    #[tracing::instrument(skip_all, fields(source = %story.source, story_id, version, event_id, outcome))]
    pub async fn submit(&self, story: ValidatedStory) -> Result<Submitted, IngestError> {
        let submitted = self.submit_in_group(story).await?;
        let span = tracing::Span::current();
        span.record("story_id", submitted.story_id.as_str());
        span.record("version", submitted.version);
        span.record("outcome", submitted.outcome.as_str_name());
        if let Some(event_id) = &submitted.event_id {
            span.record("event_id", event_id.as_str());
        }
        Ok(submitted)
    }

    /// Store one story in transactions of its own, retrying lost races (the path of a
    /// push whose group could not commit together).
    async fn submit_alone(&self, story: &ValidatedStory) -> Result<Submitted, IngestError> {
        for _ in 0..MAX_ATTEMPTS {
            let transaction = newsroom_platform::telemetry::db_span(&self.db, "submit", "stories");
            let attempt = newsroom_platform::telemetry::traced(transaction, self.try_submit(story)).await?;
            if let Attempt::Done(submitted) = attempt {
                if submitted.event_id.is_some() {
                    self.outbox.notify_committed();
                }
                return Ok(submitted);
            }
        }
        Err(IngestError::Contended { identity: story.identity_key.clone(), attempts: MAX_ATTEMPTS })
    }

    async fn try_submit(&self, story: &ValidatedStory) -> Result<Attempt, IngestError> {
        let txn = self.db.begin().await?;
        let trace_context = newsroom_platform::telemetry::stored_trace_context();
        match self.try_submit_in(&txn, story, trace_context).await {
            Ok(Attempt::Done(submitted)) if submitted.event_id.is_some() => {
                txn.commit().await?;
                Ok(Attempt::Done(submitted))
            }
            // A duplicate wrote nothing; a lost race is retried.
            Ok(attempt) => {
                txn.rollback().await?;
                Ok(attempt)
            }
            Err(IngestError::Storage(error)) if is_unique_violation(&error) => {
                txn.rollback().await?;
                Ok(Attempt::LostRace)
            }
            Err(error) => {
                // Dropping the transaction rolls it back; the error is the one to report.
                let _ = txn.rollback().await;
                Err(error)
            }
        }
    }

    /// Apply one push inside `txn` (the caller commits): a new story, a new version of a
    /// known one, a duplicate, or a refusal (killed). `LostRace` when a concurrent writer
    /// moved the story's version; a unique violation comes back as a storage error (the
    /// transaction is then unusable on PostgreSQL).
    async fn try_submit_in(
        &self,
        txn: &DatabaseTransaction,
        story: &ValidatedStory,
        trace_context: Option<String>,
    ) -> Result<Attempt, IngestError> {
        let mut existing_query =
            story::Entity::find().filter(story::Column::IdentityKey.eq(&story.identity_key));
        if db::backend(&self.db) == DbBackend::Postgres {
            existing_query = existing_query.lock_exclusive();
        }
        let existing = existing_query.one(txn).await?;
        let now = Utc::now();

        let (story_id, version, outcome) = match existing {
            Some(current) if current.killed_at.is_some() => {
                return Err(IngestError::Killed {
                    story_id: current.id,
                    killed_at: current.killed_at.map(|at| at.to_rfc3339()).unwrap_or_default(),
                });
            }
            Some(current) if current.revision_hash == story.revision_hash => {
                return Ok(Attempt::Done(Submitted {
                    story_id: current.id,
                    version: current.current_version as u32,
                    outcome: SubmitOutcome::Duplicate,
                    event_id: None,
                }));
            }
            Some(current) => {
                let next_version = current.current_version + 1;
                let updated = story::Entity::update_many()
                    .filter(story::Column::Id.eq(&current.id))
                    .filter(story::Column::CurrentVersion.eq(current.current_version))
                    .col_expr(story::Column::CurrentVersion, next_version.into())
                    .col_expr(story::Column::RevisionHash, story.revision_hash.clone().into())
                    .col_expr(story::Column::ContentType, story.content_type.into())
                    .col_expr(story::Column::ContentBytes, (story.content.len() as i64).into())
                    .col_expr(story::Column::HeadlineHint, story.headline_hint.clone().into())
                    .col_expr(story::Column::UpdatedAt, now.into())
                    .exec(txn)
                    .await?;
                if updated.rows_affected != 1 {
                    return Ok(Attempt::LostRace);
                }
                (current.id, next_version, SubmitOutcome::Updated)
            }
            None => {
                let story_id = uuid::Uuid::now_v7().to_string();
                story::Entity::insert(new_story_row(story, &story_id, now))
                    .exec_without_returning(txn)
                    .await?;
                (story_id, 1, SubmitOutcome::Accepted)
            }
        };
        let version_row = version_model(story, &story_id, version, now);
        let mut insert: story_version::ActiveModel = version_row.clone().into();
        insert.id = sea_orm::ActiveValue::NotSet;
        story_version::Entity::insert(insert).exec_without_returning(txn).await?;
        let envelope = ingested_event(&version_row, now);
        self.outbox.enqueue_many(txn, subjects::STORY_INGESTED, [(&envelope, trace_context)]).await?;
        Ok(Attempt::Done(Submitted {
            story_id,
            version: version as u32,
            outcome,
            event_id: Some(version_row.event_id),
        }))
    }

    /// Kill `story_id`: record it and announce `story_killed` on `newsroom.story.ingested`,
    /// in one transaction. A second kill changes nothing.
    #[tracing::instrument(skip_all, fields(story_id = %story_id))]
    pub async fn kill(&self, story_id: &str, reason: &str, killed_by: &str) -> Result<Killed, IngestError> {
        let txn = self.db.begin().await?;
        let mut query = story::Entity::find().filter(story::Column::Id.eq(story_id));
        if db::backend(&self.db) == DbBackend::Postgres {
            query = query.lock_exclusive();
        }
        let Some(current) = query.one(&txn).await? else {
            txn.rollback().await?;
            return Err(IngestError::NotFound(format!("story {story_id} does not exist")));
        };
        if current.killed_at.is_some() {
            txn.rollback().await?;
            return Ok(Killed { version: current.current_version as u32, event_id: None });
        }
        let now = Utc::now();
        story::Entity::update_many()
            .filter(story::Column::Id.eq(story_id))
            .col_expr(story::Column::KilledAt, Some(now).into())
            .col_expr(story::Column::KillReason, Some(reason.to_owned()).into())
            .exec(&txn)
            .await?;
        let event_id = events::new_event_id();
        let envelope = EventEnvelope {
            event_id: event_id.clone(),
            story_id: story_id.to_owned(),
            version: current.current_version as u32,
            occurred_at: Some(events::timestamp(now)),
            producer: PRODUCER.to_owned(),
            payload: Some(Payload::StoryKilled(StoryKilled {
                reason: reason.to_owned(),
                killed_by: killed_by.to_owned(),
                killed_at: Some(events::timestamp(now)),
            })),
        };
        self.outbox.enqueue(&txn, subjects::STORY_INGESTED, &envelope).await?;
        txn.commit().await?;
        self.outbox.notify_committed();
        tracing::info!(%story_id, version = current.current_version, %reason, "story killed");
        Ok(Killed { version: current.current_version as u32, event_id: Some(event_id) })
    }

    /// A story's summary and one version (the latest when `version` is `None`).
    pub async fn get(
        &self,
        story_id: &str,
        version: Option<u32>,
    ) -> Result<(StorySummary, StoryVersion), IngestError> {
        let Some(story) = story::Entity::find().filter(story::Column::Id.eq(story_id)).one(&self.db).await?
        else {
            return Err(IngestError::NotFound(format!("story {story_id} not found")));
        };
        let wanted = version.map_or(story.current_version, |v| v as i32);
        let Some(row) = story_version::Entity::find()
            .filter(story_version::Column::StoryId.eq(story_id))
            .filter(story_version::Column::Version.eq(wanted))
            .one(&self.db)
            .await?
        else {
            return Err(IngestError::NotFound(format!(
                "story {story_id} has no version {wanted} (latest is {})",
                story.current_version
            )));
        };
        Ok((to_proto_summary(&story), to_proto_version(&row)))
    }

    /// Up to `limit` stories older than the `before_seq` cursor (newest first), optionally
    /// from one source; also the cursor of the next page when there is one.
    pub async fn list(
        &self,
        limit: u64,
        before_seq: Option<i64>,
        source: Option<&str>,
    ) -> Result<(Vec<StorySummary>, Option<i64>), IngestError> {
        let mut query = story::Entity::find().order_by_desc(story::Column::Seq).limit(limit + 1);
        if let Some(cursor) = before_seq {
            query = query.filter(story::Column::Seq.lt(cursor));
        }
        if let Some(source) = source {
            query = query.filter(story::Column::Source.eq(source));
        }
        let mut rows = query.all(&self.db).await?;
        let next = if rows.len() as u64 > limit {
            rows.truncate(limit as usize);
            rows.last().map(|row| row.seq)
        } else {
            None
        };
        Ok((rows.iter().map(to_proto_summary).collect(), next))
    }
}

fn to_proto_summary(story: &story::Model) -> StorySummary {
    StorySummary {
        story_id: story.id.clone(),
        source: story.source.clone(),
        source_id: story.source_id.clone(),
        current_version: story.current_version as u32,
        headline_hint: story.headline_hint.clone(),
        content_type: story.content_type.clone(),
        content_bytes: story.content_bytes as u64,
        created_at: Some(events::timestamp(story.created_at)),
        updated_at: Some(events::timestamp(story.updated_at)),
    }
}

/// The `stories` row of a story pushed for the first time.
fn new_story_row(story: &ValidatedStory, story_id: &str, now: chrono::DateTime<Utc>) -> story::ActiveModel {
    story::ActiveModel {
        id: Set(story_id.to_owned()),
        identity_key: Set(story.identity_key.clone()),
        source: Set(story.source.clone()),
        source_id: Set(story.source_id.clone()),
        current_version: Set(1),
        revision_hash: Set(story.revision_hash.clone()),
        content_type: Set(story.content_type.to_owned()),
        content_bytes: Set(story.content.len() as i64),
        headline_hint: Set(story.headline_hint.clone()),
        created_at: Set(now),
        updated_at: Set(now),
        killed_at: Set(None),
        kill_reason: Set(None),
        ..Default::default()
    }
}

/// Version `version` of `story_id` as stored (its `id` is the database's to assign: the
/// value here is never written).
fn version_model(
    story: &ValidatedStory,
    story_id: &str,
    version: i32,
    now: chrono::DateTime<Utc>,
) -> story_version::Model {
    story_version::Model {
        id: 0,
        story_id: story_id.to_owned(),
        version,
        source: story.source.clone(),
        source_id: story.source_id.clone(),
        url: story.url.clone(),
        content: story.content.clone(),
        content_type: story.content_type.to_owned(),
        submitted_by: story.submitted_by.clone(),
        headline_hint: story.headline_hint.clone(),
        language_hint: story.language_hint.clone(),
        embargo_until: story.embargo_until,
        content_hash: story.content_hash.clone(),
        revision_hash: story.revision_hash.clone(),
        event_id: events::new_event_id(),
        received_at: now,
    }
}

/// `newsroom.story.ingested` for a stored version.
fn ingested_event(version: &story_version::Model, now: chrono::DateTime<Utc>) -> EventEnvelope {
    EventEnvelope {
        event_id: version.event_id.clone(),
        story_id: version.story_id.clone(),
        version: version.version as u32,
        occurred_at: Some(events::timestamp(now)),
        producer: PRODUCER.to_owned(),
        payload: Some(Payload::StoryIngested(StoryIngested { story: Some(to_proto_version(version)) })),
    }
}

fn to_proto_version(row: &story_version::Model) -> StoryVersion {
    StoryVersion {
        story_id: row.story_id.clone(),
        version: row.version as u32,
        submission: Some(StorySubmission {
            source: row.source.clone(),
            source_id: row.source_id.clone(),
            url: row.url.clone(),
            content: row.content.clone(),
            content_type: row.content_type.clone(),
            submitted_by: row.submitted_by.clone(),
            hints: Some(StoryHints {
                headline: row.headline_hint.clone(),
                language: row.language_hint.clone(),
                embargo_until: row.embargo_until.map(events::timestamp),
            }),
        }),
        content_hash: row.content_hash.clone(),
        received_at: Some(events::timestamp(row.received_at)),
    }
}
