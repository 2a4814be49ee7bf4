//! `stories`: one row per story identity, pointing at its current version.

use sea_orm::entity::prelude::*;

/// A story's identity and current state.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "stories")]
pub struct Model {
    /// Insertion order; the `ListStories` cursor.
    #[sea_orm(primary_key)]
    pub seq: i64,
    /// Public story id (UUIDv7).
    #[sea_orm(unique)]
    pub id: String,
    /// SHA-256 of the identity tuple: (source, source_id) or (source, content hash).
    /// Unique, so two concurrent first pushes cannot create two stories.
    #[sea_orm(unique)]
    pub identity_key: String,
    /// Source as pushed (trimmed).
    pub source: String,
    /// Source's own id, when given.
    pub source_id: Option<String>,
    /// Latest version number (1-based).
    pub current_version: i32,
    /// Revision hash of the latest version: a re-push with the same hash is a duplicate.
    pub revision_hash: String,
    /// Content type of the latest version.
    pub content_type: String,
    /// Size of the latest version's content in bytes.
    pub content_bytes: i64,
    /// Headline hint of the latest version.
    pub headline_hint: Option<String>,
    /// When version 1 was stored.
    pub created_at: DateTimeUtc,
    /// When the latest version was stored.
    pub updated_at: DateTimeUtc,
    /// When the story was killed; killed stories take no new versions.
    pub killed_at: Option<DateTimeUtc>,
    /// Why it was killed.
    pub kill_reason: Option<String>,
}

/// A story has many versions.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// Every stored version of the story.
    #[sea_orm(has_many = "super::story_version::Entity")]
    Versions,
}

impl Related<super::story_version::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Versions.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
