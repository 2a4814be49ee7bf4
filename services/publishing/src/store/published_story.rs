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
    /// When the story was killed; a killed story is never released or delivered again.
    pub killed_at: Option<DateTimeUtc>,
    /// Why.
    pub kill_reason: Option<String>,
    /// The ninjs document of the kill (pubstatus `canceled`), when any version had gone out.
    pub canceled_ninjs: Option<String>,
}

/// No relations.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
