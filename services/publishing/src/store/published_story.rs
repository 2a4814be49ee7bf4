//! `published_stories`: one row per story publishing has seen.

use sea_orm::entity::prelude::*;

/// A story as publishing knows it.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "published_stories")]
pub struct Model {
    /// Story id (from ingest).
    #[sea_orm(primary_key, auto_increment = false)]
    pub story_id: String,
    /// When its first version reached publishing (ninjs `firstcreated`).
    pub first_created_at: DateTimeUtc,
    /// Highest story version stored.
    pub latest_version: i32,
}

/// No relations.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
