//! Each statistics cell keeps the median of its own handling-days histogram, refreshed when the
//! histogram changes, so a figure of one cell (a trend's point, a single period) reads no histogram.
//! Filled at start-up for the cells already there.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DatabaseBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let float = match manager.get_database_backend() {
            DatabaseBackend::Postgres => "DOUBLE PRECISION",
            _ => "REAL",
        };
        crate::run_ddl(manager, &format!("ALTER TABLE stat_cells ADD COLUMN median_days {float} NULL")).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        crate::run_ddl(manager, "ALTER TABLE stat_cells DROP COLUMN median_days").await
    }
}
