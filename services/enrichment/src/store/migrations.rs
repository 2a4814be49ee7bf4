//! Enrichment's schema: the platform outbox and processed-events tables, enrichments,
//! and near-duplicate clusters.

use sea_orm_migration::{prelude::*, schema::*};

/// Every migration of enrichment's database, in order.
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(newsroom_platform::outbox::migration::CreateOutbox),
            Box::new(newsroom_platform::consumer::processed::CreateProcessedEvents),
            Box::new(CreateEnrichments),
            Box::new(newsroom_platform::db::Lz4Compression {
                name: "m20261206_000001_enrichment_lz4_values",
                columns: &[("enrichments", "input"), ("enrichments", "result"), ("outbox_events", "payload")],
            }),
        ]
    }
}

#[derive(DeriveIden)]
enum Enrichments {
    Table,
    Id,
    StoryId,
    StoryVersion,
    EnrichmentVersion,
    Source,
    Input,
    Result,
    Headline,
    Language,
    ClusterId,
    EventId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum StoryClusters {
    Table,
    StoryId,
    ClusterId,
    Fingerprint,
    UpdatedAt,
}

/// `m20261128_000010_enrichment_tables`.
struct CreateEnrichments;

impl MigrationName for CreateEnrichments {
    fn name(&self) -> &str {
        "m20261128_000010_enrichment_tables"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for CreateEnrichments {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Enrichments::Table)
                    .if_not_exists()
                    .col(big_pk_auto(Enrichments::Id))
                    .col(string_len(Enrichments::StoryId, 36))
                    .col(integer(Enrichments::StoryVersion))
                    .col(integer(Enrichments::EnrichmentVersion))
                    .col(string_len(Enrichments::Source, 128))
                    .col(blob(Enrichments::Input))
                    .col(blob(Enrichments::Result))
                    .col(text_null(Enrichments::Headline))
                    .col(string_len_null(Enrichments::Language, 16))
                    .col(string_len(Enrichments::ClusterId, 36))
                    .col(string_len(Enrichments::EventId, 64))
                    .col(timestamp_with_time_zone(Enrichments::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .if_not_exists()
                    .name("idx_enrichments_story_version")
                    .table(Enrichments::Table)
                    .col(Enrichments::StoryId)
                    .col(Enrichments::EnrichmentVersion)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(StoryClusters::Table)
                    .if_not_exists()
                    .col(string_len(StoryClusters::StoryId, 36).primary_key())
                    .col(string_len(StoryClusters::ClusterId, 36))
                    .col(text(StoryClusters::Fingerprint))
                    .col(timestamp_with_time_zone(StoryClusters::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .if_not_exists()
                    .name("idx_story_clusters_updated")
                    .table(StoryClusters::Table)
                    .col(StoryClusters::UpdatedAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(StoryClusters::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(Enrichments::Table).to_owned()).await
    }
}
