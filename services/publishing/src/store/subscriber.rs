//! `subscribers`: who gets which stories, and where.

use sea_orm::entity::prelude::*;

/// A subscriber.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "subscribers")]
pub struct Model {
    /// Id (UUID).
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    /// Unique human name.
    pub name: String,
    /// JSON of its `StoryFilter`.
    pub filter: String,
    /// JSON list of its destinations.
    pub destinations: String,
    /// Key of its webhook signatures.
    pub webhook_secret: String,
    /// Paused subscribers keep their queue and get nothing until resumed.
    pub paused: bool,
    /// When it was created.
    pub created_at: DateTimeUtc,
}

/// No relations.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
