//! Replies by message and status. Without it, "this message's published replies in order"
//! (`message_id = ? AND status = 'published' ORDER BY id`) could be planned on `replies_status`,
//! which gives that order without a sort but walks every published reply of the board: SQLite,
//! knowing no statistics, chose exactly that for the export's pages at a million messages. With both
//! equalities served by this index, no planner has a reason to.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        crate::run_ddl(manager, "CREATE INDEX replies_message_status ON replies(message_id, status, id)").await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        crate::run_ddl(manager, "DROP INDEX replies_message_status").await
    }
}
