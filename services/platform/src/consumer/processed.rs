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

/// Claim every id of `event_ids` in one statement (the batch form of [`claim`]): the ids this
/// transaction applies, in the order given; an id applied before, or repeated in the list,
/// is left out (its repeat would apply it twice).
pub async fn claim_many<C: ConnectionTrait>(
    connection: &C,
    event_ids: &[&str],
) -> Result<Vec<String>, DbErr> {
    let mut unique = Vec::with_capacity(event_ids.len());
    let mut seen = std::collections::HashSet::with_capacity(event_ids.len());
    for event_id in event_ids {
        if seen.insert(*event_id) {
            unique.push(*event_id);
        }
    }
    if unique.is_empty() {
        return Ok(Vec::new());
    }
    let now = chrono::Utc::now();
    let rows = unique
        .iter()
        .map(|event_id| ActiveModel { event_id: Set((*event_id).to_owned()), processed_at: Set(now) });
    let inserted = Entity::insert_many(rows)
        .on_conflict(sea_orm::sea_query::OnConflict::column(Column::EventId).do_nothing().to_owned())
        .exec_with_returning_keys(connection)
        .await;
    let inserted: std::collections::HashSet<String> = match inserted {
        Ok(keys) => keys.into_iter().collect(),
        // Every id was applied before: nothing inserted, nothing returned.
        Err(DbErr::RecordNotInserted) => std::collections::HashSet::new(),
        Err(error) => return Err(error),
    };
    Ok(unique.into_iter().filter(|event_id| inserted.contains(*event_id)).map(str::to_owned).collect())
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
