//! `published_versions`: the rendered ninjs document of every story version, held while
//! under embargo and released (to channels) once.

use sea_orm::entity::prelude::*;

/// One story version.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "published_versions")]
pub struct Model {
    /// Row id.
    #[sea_orm(primary_key)]
    pub id: i64,
    /// Story id; (story_id, version) is unique.
    pub story_id: String,
    /// Story version.
    pub version: i32,
    /// Enrichment version the document was rendered from (a Reprocess re-renders it).
    pub enrichment_version: i32,
    /// The ninjs 2.2 document, JSON text.
    pub ninjs: String,
    /// ninjs pubstatus of the document.
    pub pubstatus: String,
    /// What channel filters look at, JSON of `StoryFacts` (evaluated at release time).
    pub facts: String,
    /// Embargo end; the version is released at or after it.
    pub embargo_until: Option<DateTimeUtc>,
    /// When publishing stored it (ninjs `versioncreated`).
    pub created_at: DateTimeUtc,
    /// When it was released to channels; `None` while held. Set exactly once.
    pub released_at: Option<DateTimeUtc>,
    /// Channels it was released to, comma-separated.
    pub channels: String,
    /// W3C trace context (JSON `(name, value)` pairs) of the work that wrote the row, so later
    /// work on it continues the story's trace.
    pub trace_context: Option<String>,
}

/// No relations.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
