//! Full-text search over public messages and their replies: the same jieba terms (see
//! `liuyan_domain::search`) in SQLite's FTS5 and in a weighted `tsvector` on PostgreSQL. Rows are
//! filled as messages are written and answered, and by `serve` for rows written before (see
//! `liuyan_persistence::search::index_missing`).

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DatabaseBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let conn = manager.get_connection();
        match manager.get_database_backend() {
            DatabaseBackend::Postgres => {
                conn.execute_unprepared("ALTER TABLE messages ADD COLUMN search_doc TSVECTOR NULL").await?;
                conn.execute_unprepared("CREATE INDEX messages_search ON messages USING GIN (search_doc)").await?;
            }
            _ => {
                // The title's terms and the body's (with the published replies'), space-separated; the
                // rowid is the message id.
                conn.execute_unprepared(
                    "CREATE VIRTUAL TABLE message_search USING fts5(title, body, tokenize = 'unicode61 remove_diacritics 0')",
                )
                .await?;
            }
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let conn = manager.get_connection();
        match manager.get_database_backend() {
            DatabaseBackend::Postgres => {
                conn.execute_unprepared("DROP INDEX messages_search").await?;
                conn.execute_unprepared("ALTER TABLE messages DROP COLUMN search_doc").await?;
            }
            _ => {
                conn.execute_unprepared("DROP TABLE message_search").await?;
            }
        }
        Ok(())
    }
}
