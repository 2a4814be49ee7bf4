//! `story_versions`: every version of every story, exactly as pushed.

use sea_orm::entity::prelude::*;

/// One stored version.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "story_versions")]
pub struct Model {
    /// Row id.
    #[sea_orm(primary_key)]
    pub id: i64,
    /// Owning story (`stories.id`).
    pub story_id: String,
    /// Version number; (story_id, version) is unique.
    pub version: i32,
    /// Source as pushed.
    pub source: String,
    /// Source's own id, when given.
    pub source_id: Option<String>,
    /// URL at the source ("" when none).
    pub url: String,
    /// The raw content as pushed.
    pub content: String,
    /// Normalised MIME type: `text/plain` or `text/html`.
    pub content_type: String,
    /// Who pushed it ("" when not said).
    pub submitted_by: String,
    /// Headline hint.
    pub headline_hint: Option<String>,
    /// Language hint (ISO 639-1, optional region).
    pub language_hint: Option<String>,
    /// Embargo hint.
    pub embargo_until: Option<DateTimeUtc>,
    /// SHA-256 of the normalised content.
    pub content_hash: String,
    /// SHA-256 over content hash and metadata; what "changed" means for versioning.
    pub revision_hash: String,
    /// Id of the `newsroom.story.ingested` event announcing this version.
    pub event_id: String,
    /// When ingest stored it.
    pub received_at: DateTimeUtc,
}

/// Each version belongs to one story.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// The owning story.
    #[sea_orm(belongs_to = "super::story::Entity", from = "Column::StoryId", to = "super::story::Column::Id")]
    Story,
}

impl Related<super::story::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Story.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
