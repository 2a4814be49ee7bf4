//! Creates the `outbox_events` table. Every service lists this migration in its own
//! migrator, so each service's database has its own outbox.

use sea_orm_migration::{prelude::*, schema::*};

/// `m20261128_000001_platform_outbox`.
pub struct CreateOutbox;

impl MigrationName for CreateOutbox {
    fn name(&self) -> &str {
        "m20261128_000001_platform_outbox"
    }
}

#[derive(DeriveIden)]
enum OutboxEvents {
    Table,
    Seq,
    EventId,
    Subject,
    StoryId,
    Payload,
    TraceContext,
    CreatedAt,
    SentAt,
    ClaimedUntilMs,
    Attempts,
    LastError,
}

#[async_trait::async_trait]
impl MigrationTrait for CreateOutbox {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(OutboxEvents::Table)
                    .if_not_exists()
                    .col(big_pk_auto(OutboxEvents::Seq))
                    .col(string_len_uniq(OutboxEvents::EventId, 64))
                    .col(string_len(OutboxEvents::Subject, 255))
                    .col(string_len(OutboxEvents::StoryId, 64))
                    .col(blob(OutboxEvents::Payload))
                    .col(text_null(OutboxEvents::TraceContext))
                    .col(timestamp_with_time_zone(OutboxEvents::CreatedAt))
                    .col(timestamp_with_time_zone_null(OutboxEvents::SentAt))
                    .col(big_integer_null(OutboxEvents::ClaimedUntilMs))
                    .col(integer(OutboxEvents::Attempts).default(0))
                    .col(text_null(OutboxEvents::LastError))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .if_not_exists()
                    .name("idx_outbox_events_pending")
                    .table(OutboxEvents::Table)
                    .col(OutboxEvents::SentAt)
                    .col(OutboxEvents::Seq)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(OutboxEvents::Table).to_owned()).await
    }
}
