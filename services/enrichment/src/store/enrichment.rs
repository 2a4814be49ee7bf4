//! `enrichments`: every enrichment of every story version, with the input it was made
//! from (so `Reprocess` needs nothing from ingest's database).

use sea_orm::entity::prelude::*;

/// One enrichment.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "enrichments")]
pub struct Model {
    /// Row id.
    #[sea_orm(primary_key)]
    pub id: i64,
    /// Story id (from ingest).
    pub story_id: String,
    /// Story version enriched.
    pub story_version: i32,
    /// 1, 2, … per story; (story_id, enrichment_version) is unique.
    pub enrichment_version: i32,
    /// Source of the story.
    pub source: String,
    /// The input as received: protobuf `StoryVersion` (content, hints, url…).
    pub input: Vec<u8>,
    /// The result: protobuf `EnrichedStory`.
    pub result: Vec<u8>,
    /// Headline found, for operators' queries.
    pub headline: Option<String>,
    /// Language found.
    pub language: Option<String>,
    /// Near-duplicate cluster.
    pub cluster_id: String,
    /// Id of the `newsroom.story.enriched` event emitted for it.
    pub event_id: String,
    /// When it was made.
    pub created_at: DateTimeUtc,
}

/// No relations.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
