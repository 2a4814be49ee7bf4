//! Publishing's schema: the platform outbox and processed-events tables, published
//! stories and versions, and channel entries.

use sea_orm_migration::{prelude::*, schema::*};

/// Every migration of publishing's database, in order.
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(newsroom_platform::outbox::migration::CreateOutbox),
            Box::new(newsroom_platform::consumer::processed::CreateProcessedEvents),
            Box::new(CreatePublishingTables),
            Box::new(CreateSubscribersAndDeliveries),
            Box::new(CreatePublicationLog),
            Box::new(AddTraceContext),
            Box::new(newsroom_platform::db::Lz4Compression {
                name: "m20261206_000001_publishing_lz4_values",
                columns: &[
                    ("published_versions", "ninjs"),
                    ("published_versions", "facts"),
                    ("publication_log", "facts"),
                    ("outbox_events", "payload"),
                ],
            }),
        ]
    }
}

#[derive(DeriveIden)]
enum PublishedStories {
    Table,
    StoryId,
    FirstCreatedAt,
    LatestVersion,
    KilledAt,
    KillReason,
    CanceledNinjs,
}

#[derive(DeriveIden)]
enum PublishedVersions {
    Table,
    Id,
    StoryId,
    Version,
    EnrichmentVersion,
    Ninjs,
    Pubstatus,
    Facts,
    EmbargoUntil,
    CreatedAt,
    ReleasedAt,
    Channels,
}

#[derive(DeriveIden)]
enum ChannelEntries {
    Table,
    Id,
    Channel,
    StoryId,
    Version,
    ReleasedAt,
}

/// `m20261128_000020_publishing_tables`.
struct CreatePublishingTables;

impl MigrationName for CreatePublishingTables {
    fn name(&self) -> &str {
        "m20261128_000020_publishing_tables"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for CreatePublishingTables {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(PublishedStories::Table)
                    .if_not_exists()
                    .col(string_len(PublishedStories::StoryId, 36).primary_key())
                    .col(timestamp_with_time_zone(PublishedStories::FirstCreatedAt))
                    .col(integer(PublishedStories::LatestVersion))
                    .col(timestamp_with_time_zone_null(PublishedStories::KilledAt))
                    .col(text_null(PublishedStories::KillReason))
                    .col(text_null(PublishedStories::CanceledNinjs))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(PublishedVersions::Table)
                    .if_not_exists()
                    .col(big_pk_auto(PublishedVersions::Id))
                    .col(string_len(PublishedVersions::StoryId, 36))
                    .col(integer(PublishedVersions::Version))
                    .col(integer(PublishedVersions::EnrichmentVersion))
                    .col(text(PublishedVersions::Ninjs))
                    .col(string_len(PublishedVersions::Pubstatus, 16))
                    .col(text(PublishedVersions::Facts))
                    .col(timestamp_with_time_zone_null(PublishedVersions::EmbargoUntil))
                    .col(timestamp_with_time_zone(PublishedVersions::CreatedAt))
                    .col(timestamp_with_time_zone_null(PublishedVersions::ReleasedAt))
                    .col(text(PublishedVersions::Channels))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .if_not_exists()
                    .name("idx_published_versions_story_version")
                    .table(PublishedVersions::Table)
                    .col(PublishedVersions::StoryId)
                    .col(PublishedVersions::Version)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .if_not_exists()
                    .name("idx_published_versions_held")
                    .table(PublishedVersions::Table)
                    .col(PublishedVersions::ReleasedAt)
                    .col(PublishedVersions::EmbargoUntil)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ChannelEntries::Table)
                    .if_not_exists()
                    .col(big_pk_auto(ChannelEntries::Id))
                    .col(string_len(ChannelEntries::Channel, 64))
                    .col(string_len(ChannelEntries::StoryId, 36))
                    .col(integer(ChannelEntries::Version))
                    .col(timestamp_with_time_zone(ChannelEntries::ReleasedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .if_not_exists()
                    .name("idx_channel_entries_unique")
                    .table(ChannelEntries::Table)
                    .col(ChannelEntries::Channel)
                    .col(ChannelEntries::StoryId)
                    .col(ChannelEntries::Version)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .if_not_exists()
                    .name("idx_channel_entries_feed")
                    .table(ChannelEntries::Table)
                    .col(ChannelEntries::Channel)
                    .col(ChannelEntries::ReleasedAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(ChannelEntries::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(PublishedVersions::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(PublishedStories::Table).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum Subscribers {
    Table,
    Id,
    Name,
    Filter,
    Destinations,
    WebhookSecret,
    Paused,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Deliveries {
    Table,
    Id,
    SubscriberId,
    DestinationIndex,
    Destination,
    StoryId,
    Version,
    Pubstatus,
    State,
    Attempts,
    NextAttemptAt,
    ClaimedUntil,
    LastError,
    DeliveredAt,
    CreatedAt,
    IdempotencyKey,
}

/// `m20261128_000030_subscribers_and_deliveries`.
struct CreateSubscribersAndDeliveries;

impl MigrationName for CreateSubscribersAndDeliveries {
    fn name(&self) -> &str {
        "m20261128_000030_subscribers_and_deliveries"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for CreateSubscribersAndDeliveries {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Subscribers::Table)
                    .if_not_exists()
                    .col(string_len(Subscribers::Id, 36).primary_key())
                    .col(string_len(Subscribers::Name, 128).unique_key())
                    .col(text(Subscribers::Filter))
                    .col(text(Subscribers::Destinations))
                    .col(text(Subscribers::WebhookSecret))
                    .col(boolean(Subscribers::Paused))
                    .col(timestamp_with_time_zone(Subscribers::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Deliveries::Table)
                    .if_not_exists()
                    .col(big_pk_auto(Deliveries::Id))
                    .col(string_len(Deliveries::SubscriberId, 36))
                    .col(integer(Deliveries::DestinationIndex))
                    .col(text(Deliveries::Destination))
                    .col(string_len(Deliveries::StoryId, 36))
                    .col(integer(Deliveries::Version))
                    .col(string_len(Deliveries::Pubstatus, 16))
                    .col(string_len(Deliveries::State, 16))
                    .col(integer(Deliveries::Attempts))
                    .col(timestamp_with_time_zone(Deliveries::NextAttemptAt))
                    .col(timestamp_with_time_zone_null(Deliveries::ClaimedUntil))
                    .col(text_null(Deliveries::LastError))
                    .col(timestamp_with_time_zone_null(Deliveries::DeliveredAt))
                    .col(timestamp_with_time_zone(Deliveries::CreatedAt))
                    .col(string_len(Deliveries::IdempotencyKey, 200))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .if_not_exists()
                    .name("idx_deliveries_unique")
                    .table(Deliveries::Table)
                    .col(Deliveries::SubscriberId)
                    .col(Deliveries::DestinationIndex)
                    .col(Deliveries::StoryId)
                    .col(Deliveries::Version)
                    .col(Deliveries::Pubstatus)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .if_not_exists()
                    .name("idx_deliveries_due")
                    .table(Deliveries::Table)
                    .col(Deliveries::State)
                    .col(Deliveries::NextAttemptAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(Deliveries::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(Subscribers::Table).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum PublicationLog {
    Table,
    Seq,
    StoryId,
    Version,
    Pubstatus,
    Facts,
    ReleasedAt,
}

/// `m20261128_000040_publication_log`.
struct CreatePublicationLog;

impl MigrationName for CreatePublicationLog {
    fn name(&self) -> &str {
        "m20261128_000040_publication_log"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for CreatePublicationLog {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(PublicationLog::Table)
                    .if_not_exists()
                    .col(big_pk_auto(PublicationLog::Seq))
                    .col(string_len(PublicationLog::StoryId, 36))
                    .col(integer(PublicationLog::Version))
                    .col(string_len(PublicationLog::Pubstatus, 16))
                    .col(text(PublicationLog::Facts))
                    .col(timestamp_with_time_zone(PublicationLog::ReleasedAt))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(PublicationLog::Table).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum TraceContext {
    TraceContext,
}

/// `m20261128_000050_trace_context`: the W3C trace context of the work that created a
/// held version, a delivery or a release, so the embargo release, each delivery attempt
/// and each Subscribe message continue the story's trace.
struct AddTraceContext;

impl MigrationName for AddTraceContext {
    fn name(&self) -> &str {
        "m20261128_000050_trace_context"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for AddTraceContext {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite adds a single column per ALTER TABLE.
        for table in [
            PublishedVersions::Table.into_iden(),
            Deliveries::Table.into_iden(),
            PublicationLog::Table.into_iden(),
        ] {
            manager
                .alter_table(
                    Table::alter().table(table).add_column(text_null(TraceContext::TraceContext)).to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            PublishedVersions::Table.into_iden(),
            Deliveries::Table.into_iden(),
            PublicationLog::Table.into_iden(),
        ] {
            manager
                .alter_table(Table::alter().table(table).drop_column(TraceContext::TraceContext).to_owned())
                .await?;
        }
        Ok(())
    }
}
