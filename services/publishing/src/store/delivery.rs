//! `deliveries`: the delivery queue, one row per (subscriber, destination, story, version,
//! pubstatus) — pending → delivered | retrying → … | dead.

use sea_orm::entity::prelude::*;

/// Waiting for its first attempt.
pub const PENDING: &str = "pending";
/// Failed at least once; another attempt is scheduled.
pub const RETRYING: &str = "retrying";
/// Acknowledged by the destination. Final.
pub const DELIVERED: &str = "delivered";
/// Out of attempts or refused for good. Final until a Redeliver.
pub const DEAD: &str = "dead";

/// One delivery.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "deliveries")]
pub struct Model {
    /// Id.
    #[sea_orm(primary_key)]
    pub id: i64,
    /// Subscriber.
    pub subscriber_id: String,
    /// Index of the destination in the subscriber's list.
    pub destination_index: i32,
    /// The destination as text, for operators.
    pub destination: String,
    /// Story.
    pub story_id: String,
    /// Story version.
    pub version: i32,
    /// ninjs pubstatus delivered.
    pub pubstatus: String,
    /// [`PENDING`], [`RETRYING`], [`DELIVERED`] or [`DEAD`].
    pub state: String,
    /// Attempts made.
    pub attempts: i32,
    /// When the next attempt is due.
    pub next_attempt_at: DateTimeUtc,
    /// A dispatcher holds it until then (lease; survives a crash by expiring).
    pub claimed_until: Option<DateTimeUtc>,
    /// Error of the last failed attempt.
    pub last_error: Option<String>,
    /// When the destination acknowledged it.
    pub delivered_at: Option<DateTimeUtc>,
    /// When it was queued.
    pub created_at: DateTimeUtc,
    /// Same for every attempt; receivers dedupe on it.
    pub idempotency_key: String,
    /// W3C trace context (JSON `(name, value)` pairs) of the release that queued it: every
    /// attempt continues the story's trace.
    pub trace_context: Option<String>,
}

/// No relations.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
