//! `publication_log`: every release (a version going out, or a kill) in order. Its `seq`
//! is the cursor of the `Subscribe` stream.

use sea_orm::entity::prelude::*;

/// One release.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "publication_log")]
pub struct Model {
    /// Cursor: increases with every release.
    #[sea_orm(primary_key)]
    pub seq: i64,
    /// Story.
    pub story_id: String,
    /// Story version.
    pub version: i32,
    /// `usable` or `canceled`.
    pub pubstatus: String,
    /// JSON of the version's `StoryFacts` (what filters look at).
    pub facts: String,
    /// When it was released.
    pub released_at: DateTimeUtc,
    /// W3C trace context (JSON `(name, value)` pairs) of the work that wrote the row, so later
    /// work on it continues the story's trace.
    pub trace_context: Option<String>,
}

/// No relations.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
