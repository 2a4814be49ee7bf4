//! `processed_events`: the event ids a consumer has already applied, written in the same
//! transaction as the effect, so a redelivered event changes nothing.

use sea_orm::{ConnectionTrait, DbErr, Set, entity::prelude::*};
use sea_orm_migration::{prelude::*, schema::*};

/// One applied event.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "processed_events")]
pub struct Model {
    /// The applied event's id (primary key: a second insert fails).
    #[sea_orm(primary_key, auto_increment = false)]
    pub event_id: String,
    /// When it was applied.
    pub processed_at: DateTimeUtc,
}

/// No relations.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

/// Claim `event_id` as the first statement of the handler's transaction: `true` when this
/// transaction applies it, `false` when it was applied before. One `INSERT … ON CONFLICT DO
/// NOTHING` replaces a lookup plus a later insert (a round trip per event); a replica applying
/// the same event concurrently waits on the key until the first commits, then sees the row,
/// instead of doing the work twice and failing at the end. A rollback releases the claim.
pub async fn claim<C: ConnectionTrait>(connection: &C, event_id: &str) -> Result<bool, DbErr> {
    let row = ActiveModel { event_id: Set(event_id.to_owned()), processed_at: Set(chrono::Utc::now()) };
    let inserted = Entity::insert(row)
        .on_conflict(sea_orm::sea_query::OnConflict::column(Column::EventId).do_nothing().to_owned())
        .exec_without_returning(connection)
        .await?;
    Ok(inserted == 1)
}

/// `m20261128_000003_platform_processed_events`; consumers list it in their migrator.
pub struct CreateProcessedEvents;

impl MigrationName for CreateProcessedEvents {
    fn name(&self) -> &str {
        "m20261128_000003_platform_processed_events"
    }
}

#[derive(DeriveIden)]
enum ProcessedEvents {
    Table,
    EventId,
    ProcessedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for CreateProcessedEvents {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ProcessedEvents::Table)
                    .if_not_exists()
                    .col(string_len(ProcessedEvents::EventId, 64).primary_key())
                    .col(timestamp_with_time_zone(ProcessedEvents::ProcessedAt))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(ProcessedEvents::Table).to_owned()).await
    }
}
