//! Transactional outbox: nothing lost, nothing doubled.
//!
//! A service writes its change and the event announcing it in ONE database transaction
//! ([`Outbox::enqueue`]); after the commit it wakes the [`relay`] ([`Outbox::notify_committed`]),
//! which publishes the event to JetStream with `Nats-Msg-Id` = event id, waits for the
//! ack and only then marks the row sent. If NATS is down the rows wait and go out when
//! it returns; a re-publish after a crash is dropped by JetStream's duplicate window,
//! and consumers dedupe on the event id for anything older.

pub mod entity;
pub mod migration;
pub mod relay;

use std::sync::Arc;

use chrono::Utc;
use newsroom_proto::v1::EventEnvelope;
use prost::Message as _;
use sea_orm::{ActiveModelTrait as _, ConnectionTrait, DbErr, EntityTrait as _, Set};
use tokio::sync::Notify;

pub use relay::{OutboxRelay, RelayConfig};

/// Handle to write events into the outbox and wake the relay. Cheap to clone.
#[derive(Debug, Clone, Default)]
pub struct Outbox {
    /// Wakes the relay right after a commit, so events leave in milliseconds instead of
    /// on the next poll. `Notify` keeps one permit, so no wake-up is lost.
    wake: Arc<Notify>,
}

impl Outbox {
    /// A new outbox handle (one per service process).
    pub fn new() -> Self {
        Self::default()
    }

    /// Write `envelope` for publication on `subject`, inside the caller's transaction.
    /// The current span's trace context is stored with it.
    pub async fn enqueue<C: ConnectionTrait>(
        &self,
        connection: &C,
        subject: &str,
        envelope: &EventEnvelope,
    ) -> Result<(), DbErr> {
        row(subject, envelope, crate::telemetry::stored_trace_context()).insert(connection).await?;
        Ok(())
    }

    /// Write several events in one statement, inside the caller's transaction (a consumer
    /// committing a batch). Each comes with the trace context of the work that made it, as
    /// [`crate::telemetry::stored_trace_context`] gives it inside that work's span, so every
    /// story's event continues its own trace.
    pub async fn enqueue_many<C: ConnectionTrait>(
        &self,
        connection: &C,
        subject: &str,
        events: impl IntoIterator<Item = (&EventEnvelope, Option<String>)>,
    ) -> Result<(), DbErr> {
        let rows = events.into_iter().map(|(envelope, trace_context)| row(subject, envelope, trace_context));
        entity::Entity::insert_many(rows).exec_without_returning(connection).await?;
        Ok(())
    }

    /// Tell the relay that events were committed. Call after the transaction commits.
    pub fn notify_committed(&self) {
        self.wake.notify_one();
    }

    /// The relay for this outbox.
    pub fn relay(
        &self,
        db: sea_orm::DatabaseConnection,
        jetstream: async_nats::jetstream::Context,
        config: RelayConfig,
    ) -> OutboxRelay {
        OutboxRelay::new(db, jetstream, self.wake.clone(), config)
    }
}

/// The outbox row announcing `envelope` on `subject`, pending.
fn row(subject: &str, envelope: &EventEnvelope, trace_context: Option<String>) -> entity::ActiveModel {
    entity::ActiveModel {
        event_id: Set(envelope.event_id.clone()),
        subject: Set(subject.to_owned()),
        story_id: Set(envelope.story_id.clone()),
        payload: Set(envelope.encode_to_vec()),
        trace_context: Set(trace_context),
        created_at: Set(Utc::now()),
        sent_at: Set(None),
        claimed_until_ms: Set(None),
        attempts: Set(0),
        last_error: Set(None),
        ..Default::default()
    }
}
