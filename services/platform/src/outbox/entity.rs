//! The `outbox_events` table: events written in the same transaction as the change
//! they announce, waiting for the relay to publish them.

use sea_orm::entity::prelude::*;

/// One event waiting for (or done with) publication.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "outbox_events")]
pub struct Model {
    /// Insertion order; the relay publishes in this order.
    #[sea_orm(primary_key)]
    pub seq: i64,
    /// The envelope's event id, also sent as `Nats-Msg-Id`.
    #[sea_orm(unique)]
    pub event_id: String,
    /// NATS subject to publish on.
    pub subject: String,
    /// Story the event is about, for operators looking at a backlog.
    pub story_id: String,
    /// The protobuf-encoded `EventEnvelope`.
    pub payload: Vec<u8>,
    /// W3C trace context of the request that wrote the event, as JSON `[[name, value], …]`,
    /// so the publish continues the story's trace.
    pub trace_context: Option<String>,
    /// When the event was written.
    pub created_at: DateTimeUtc,
    /// When JetStream acknowledged it; `NULL` while pending.
    pub sent_at: Option<DateTimeUtc>,
    /// A relay holds the event until this instant (Unix ms) while publishing it; another
    /// relay may take it after, so a crashed relay never strands an event.
    pub claimed_until_ms: Option<i64>,
    /// Failed publish attempts so far.
    pub attempts: i32,
    /// Last publish error, for operators.
    pub last_error: Option<String>,
}

/// No relations: the outbox stands alone.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
