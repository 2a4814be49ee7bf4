//! Ingest's schema: the platform outbox plus `stories` and `story_versions`.

use sea_orm_migration::{prelude::*, schema::*};

/// Every migration of ingest's database, in order.
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(newsroom_platform::outbox::migration::CreateOutbox),
            Box::new(CreateStories),
            Box::new(AddStoryKills),
            Box::new(newsroom_platform::db::Lz4Compression {
                name: "m20261206_000001_ingest_lz4_values",
                columns: &[("story_versions", "content"), ("outbox_events", "payload")],
            }),
        ]
    }
}

#[derive(DeriveIden)]
enum Stories {
    Table,
    Seq,
    Id,
    IdentityKey,
    Source,
    SourceId,
    CurrentVersion,
    RevisionHash,
    ContentType,
    ContentBytes,
    HeadlineHint,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum StoryVersions {
    Table,
    Id,
    StoryId,
    Version,
    Source,
    SourceId,
    Url,
    Content,
    ContentType,
    SubmittedBy,
    HeadlineHint,
    LanguageHint,
    EmbargoUntil,
    ContentHash,
    RevisionHash,
    EventId,
    ReceivedAt,
}

/// `m20261128_000002_ingest_stories`.
struct CreateStories;

impl MigrationName for CreateStories {
    fn name(&self) -> &str {
        "m20261128_000002_ingest_stories"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for CreateStories {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Stories::Table)
                    .if_not_exists()
                    .col(big_pk_auto(Stories::Seq))
                    .col(string_len_uniq(Stories::Id, 36))
                    .col(string_len_uniq(Stories::IdentityKey, 64))
                    .col(string_len(Stories::Source, 128))
                    .col(string_len_null(Stories::SourceId, 512))
                    .col(integer(Stories::CurrentVersion))
                    .col(string_len(Stories::RevisionHash, 64))
                    .col(string_len(Stories::ContentType, 64))
                    .col(big_integer(Stories::ContentBytes))
                    .col(text_null(Stories::HeadlineHint))
                    .col(timestamp_with_time_zone(Stories::CreatedAt))
                    .col(timestamp_with_time_zone(Stories::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .if_not_exists()
                    .name("idx_stories_source_seq")
                    .table(Stories::Table)
                    .col(Stories::Source)
                    .col(Stories::Seq)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(StoryVersions::Table)
                    .if_not_exists()
                    .col(big_pk_auto(StoryVersions::Id))
                    .col(string_len(StoryVersions::StoryId, 36))
                    .col(integer(StoryVersions::Version))
                    .col(string_len(StoryVersions::Source, 128))
                    .col(string_len_null(StoryVersions::SourceId, 512))
                    .col(text(StoryVersions::Url))
                    .col(text(StoryVersions::Content))
                    .col(string_len(StoryVersions::ContentType, 64))
                    .col(text(StoryVersions::SubmittedBy))
                    .col(text_null(StoryVersions::HeadlineHint))
                    .col(string_len_null(StoryVersions::LanguageHint, 16))
                    .col(timestamp_with_time_zone_null(StoryVersions::EmbargoUntil))
                    .col(string_len(StoryVersions::ContentHash, 64))
                    .col(string_len(StoryVersions::RevisionHash, 64))
                    .col(string_len(StoryVersions::EventId, 64))
                    .col(timestamp_with_time_zone(StoryVersions::ReceivedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_story_versions_story")
                            .from(StoryVersions::Table, StoryVersions::StoryId)
                            .to(Stories::Table, Stories::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .if_not_exists()
                    .name("idx_story_versions_story_version")
                    .table(StoryVersions::Table)
                    .col(StoryVersions::StoryId)
                    .col(StoryVersions::Version)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(StoryVersions::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(Stories::Table).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum StoryKills {
    KilledAt,
    KillReason,
}

/// `m20261128_000030_ingest_story_kills`: when and why a story was killed.
struct AddStoryKills;

impl MigrationName for AddStoryKills {
    fn name(&self) -> &str {
        "m20261128_000030_ingest_story_kills"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for AddStoryKills {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite alters one at a time.
        manager
            .alter_table(
                Table::alter()
                    .table(Stories::Table)
                    .add_column(timestamp_with_time_zone_null(StoryKills::KilledAt))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter().table(Stories::Table).add_column(text_null(StoryKills::KillReason)).to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(Table::alter().table(Stories::Table).drop_column(StoryKills::KillReason).to_owned())
            .await?;
        manager
            .alter_table(Table::alter().table(Stories::Table).drop_column(StoryKills::KilledAt).to_owned())
            .await
    }
}
