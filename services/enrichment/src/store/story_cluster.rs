//! `story_clusters`: each story's latest fingerprint and its near-duplicate cluster.

use sea_orm::entity::prelude::*;

/// A story's place among near-duplicates.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "story_clusters")]
pub struct Model {
    /// Story id.
    #[sea_orm(primary_key, auto_increment = false)]
    pub story_id: String,
    /// Cluster id: the story id of the cluster's first story.
    pub cluster_id: String,
    /// Fingerprint of the story's latest enriched body.
    pub fingerprint: String,
    /// When the fingerprint was last updated (recent stories are compared first).
    pub updated_at: DateTimeUtc,
}

/// No relations.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
