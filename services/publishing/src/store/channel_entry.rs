//! `channel_entries`: which story versions went to which channel, and when (the feeds).

use sea_orm::entity::prelude::*;

/// A story version released to a channel.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "channel_entries")]
pub struct Model {
    /// Row id.
    #[sea_orm(primary_key)]
    pub id: i64,
    /// Channel name; (channel, story_id, version) is unique.
    pub channel: String,
    /// Story id.
    pub story_id: String,
    /// Story version.
    pub version: i32,
    /// When it was released to the channel.
    pub released_at: DateTimeUtc,
}

/// No relations.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
