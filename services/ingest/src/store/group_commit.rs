//! Group commit: pushes that arrive while a transaction is running are stored together in
//! the next one. Each push still gets the outcome it would get alone (accepted, updated,
//! duplicate, killed), but many pushes share one transaction, one commit (one WAL flush)
//! and, for stories seen for the first time, one multi-row statement per table.
//!
//! There is no background task to start or stop: the first push that finds no writer
//! spawns one, which drains the queue and ends when it is empty. A push waits on its own
//! reply, so a caller that goes away never strands the others.

use std::collections::HashSet;

use chrono::Utc;
use newsroom_platform::{db, db::is_unique_violation, nats::subjects, telemetry};
use newsroom_proto::v1::SubmitOutcome;
use sea_orm::{
    ColumnTrait as _, DbBackend, DbErr, EntityTrait as _, QueryFilter as _, QueryOrder as _,
    QuerySelect as _, RuntimeErr, TransactionTrait as _,
};
use tokio::sync::oneshot;
use tracing::Instrument as _;

use super::{
    Attempt, StoryStore, Submitted, ingested_event, new_story_row, story, story_version, version_model,
};
use crate::{domain::ValidatedStory, error::IngestError};

/// Most pushes stored in one transaction.
const MAX_GROUP: usize = 64;

/// Pushes waiting for a writer, and whether one is running.
#[derive(Default)]
pub(super) struct Queue {
    /// Waiting pushes, in arrival order.
    pending: Vec<Pending>,
    /// A writer task is draining `pending`: new pushes only join the queue.
    writing: bool,
}

/// One push waiting for its transaction.
struct Pending {
    /// The story to store.
    story: ValidatedStory,
    /// The push's span: its event continues this trace, its retries run in it.
    span: tracing::Span,
    /// Where the outcome goes.
    reply: oneshot::Sender<Result<Submitted, IngestError>>,
}

impl StoryStore {
    /// Queue `story` for the next group transaction and wait for its outcome.
    pub(super) async fn submit_in_group(&self, story: ValidatedStory) -> Result<Submitted, IngestError> {
        let (reply, outcome) = oneshot::channel();
        let start_writer = {
            let mut queue = lock(&self.queue);
            queue.pending.push(Pending { story, span: tracing::Span::current(), reply });
            !std::mem::replace(&mut queue.writing, true)
        };
        if start_writer {
            let store = self.clone();
            tokio::spawn(async move { store.write_queue().await });
        }
        outcome.await.map_err(|_| {
            IngestError::Storage(DbErr::Custom("the group commit stopped before storing the push".into()))
        })?
    }

    /// Store queued pushes, a group at a time, until the queue is empty.
    async fn write_queue(self) {
        // Should this task panic, a later push must still be able to start a writer.
        let _writer = WriterFlag(&self.queue);
        loop {
            let group: Vec<Pending> = {
                let mut queue = lock(&self.queue);
                if queue.pending.is_empty() {
                    queue.writing = false;
                    return;
                }
                let take = queue.pending.len().min(MAX_GROUP);
                queue.pending.drain(..take).collect()
            };
            self.write_group(group).await;
        }
    }

    /// Store one group and answer every push in it.
    async fn write_group(&self, group: Vec<Pending>) {
        if group.is_empty() {
            return;
        }
        let transaction = telemetry::batch_db_span(
            &self.db,
            "submit_group",
            "stories",
            group.iter().map(|pending| &pending.span),
        );
        let outcomes = telemetry::traced(transaction, self.try_submit_group(&group)).await;
        match outcomes {
            Ok(outcomes) => {
                if outcomes
                    .iter()
                    .any(|outcome| matches!(outcome, Ok(Attempt::Done(Submitted { event_id: Some(_), .. }))))
                {
                    self.outbox.notify_committed();
                }
                for (pending, outcome) in group.into_iter().zip(outcomes) {
                    let result = match outcome {
                        Ok(Attempt::Done(submitted)) => Ok(submitted),
                        // A concurrent writer moved the story: retried on its own.
                        Ok(Attempt::LostRace) => {
                            self.submit_alone(&pending.story).instrument(pending.span.clone()).await
                        }
                        Err(error) => Err(error),
                    };
                    let _ = pending.reply.send(result);
                }
            }
            // A push racing another replica for the same story: each push on its own.
            Err(error) if is_unique_violation(&error) => {
                tracing::debug!(%error, pushes = group.len(), "group not stored together, storing its pushes one by one");
                for pending in group {
                    let result = self.submit_alone(&pending.story).instrument(pending.span.clone()).await;
                    let _ = pending.reply.send(result);
                }
            }
            // The database is failing: every push of the group gets the error at once
            // (trying each alone would hold the last one for the whole group's timeouts).
            Err(error) => {
                for pending in group {
                    let _ = pending.reply.send(Err(IngestError::Storage(copy_of(&error))));
                }
            }
        }
    }

    /// One transaction for the whole group: the outcome of each push, in order. Stories
    /// seen for the first time (once in the group) are written with multi-row statements;
    /// the other pushes go through the one-push path inside the same transaction, after
    /// them. `Err` when the transaction as a whole failed (nothing was stored).
    async fn try_submit_group(&self, group: &[Pending]) -> Result<Vec<Result<Attempt, IngestError>>, DbErr> {
        let txn = self.db.begin().await?;
        db::prefer_index_scans(&txn).await?;
        let mut keys: Vec<&str> = group.iter().map(|pending| pending.story.identity_key.as_str()).collect();
        keys.sort_unstable();
        keys.dedup();
        let mut known_query = story::Entity::find()
            .filter(story::Column::IdentityKey.is_in(keys.iter().copied()))
            .order_by_asc(story::Column::IdentityKey);
        if db::backend(&self.db) == DbBackend::Postgres {
            known_query = known_query.lock_exclusive();
        }
        let known: HashSet<String> =
            known_query.all(&txn).await?.into_iter().map(|row| row.identity_key).collect();

        let now = Utc::now();
        let mut first_seen: HashSet<&str> = HashSet::new();
        let mut outcomes: Vec<Option<Result<Attempt, IngestError>>> = Vec::with_capacity(group.len());
        let mut later = Vec::new();
        let mut stories = Vec::new();
        let mut versions = Vec::new();
        let mut events = Vec::new();
        for (index, pending) in group.iter().enumerate() {
            let story = &pending.story;
            let key = story.identity_key.as_str();
            if known.contains(key) || !first_seen.insert(key) {
                later.push(index);
                outcomes.push(None);
                continue;
            }
            let story_id = uuid::Uuid::now_v7().to_string();
            stories.push(new_story_row(story, &story_id, now));
            let version = version_model(story, &story_id, 1, now);
            let mut row: story_version::ActiveModel = version.clone().into();
            row.id = sea_orm::ActiveValue::NotSet;
            versions.push(row);
            events.push((
                ingested_event(&version, now),
                pending.span.in_scope(telemetry::stored_trace_context),
            ));
            outcomes.push(Some(Ok(Attempt::Done(Submitted {
                story_id,
                version: 1,
                outcome: SubmitOutcome::Accepted,
                event_id: Some(version.event_id),
            }))));
        }
        if !stories.is_empty() {
            story::Entity::insert_many(stories).exec_without_returning(&txn).await?;
            story_version::Entity::insert_many(versions).exec_without_returning(&txn).await?;
            self.outbox
                .enqueue_many(
                    &txn,
                    subjects::STORY_INGESTED,
                    events.iter().map(|(envelope, trace_context)| (envelope, trace_context.clone())),
                )
                .await?;
        }
        for index in later {
            let Some(pending) = group.get(index) else { continue };
            let trace_context = pending.span.in_scope(telemetry::stored_trace_context);
            let outcome = self
                .try_submit_in(&txn, &pending.story, trace_context)
                .instrument(pending.span.clone())
                .await;
            // A failed statement ends the transaction (PostgreSQL refuses the rest).
            let outcome = match outcome {
                Err(IngestError::Storage(error)) => return Err(error),
                outcome => outcome,
            };
            if let Some(slot) = outcomes.get_mut(index) {
                *slot = Some(outcome);
            }
        }
        txn.commit().await?;
        Ok(outcomes.into_iter().map(|outcome| outcome.unwrap_or(Ok(Attempt::LostRace))).collect())
    }
}

/// Clears the queue's writer flag when the writer panics, so a later push starts a new one
/// (a writer that ends normally clears it itself, under the same lock that found the
/// queue empty).
struct WriterFlag<'a>(&'a std::sync::Mutex<Queue>);

impl Drop for WriterFlag<'_> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            lock(self.0).writing = false;
        }
    }
}

/// The queue, even if a writer panicked while holding it (it holds no invariant a panic
/// could break: the pending pushes' replies are dropped with their writer's group).
fn lock(queue: &std::sync::Mutex<Queue>) -> std::sync::MutexGuard<'_, Queue> {
    queue.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// The same database error for another push of the group: unreachable stays unreachable
/// (UNAVAILABLE), anything else is internal.
fn copy_of(error: &DbErr) -> DbErr {
    match error {
        DbErr::ConnectionAcquire(_) | DbErr::Conn(_) => DbErr::Conn(RuntimeErr::Internal(error.to_string())),
        other => DbErr::Custom(other.to_string()),
    }
}
