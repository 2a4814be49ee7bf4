//! Enrichment's schema: for now the platform outbox.

use sea_orm_migration::prelude::*;

/// Every migration of enrichment's database, in order.
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![Box::new(newsroom_platform::outbox::migration::CreateOutbox)]
    }
}
