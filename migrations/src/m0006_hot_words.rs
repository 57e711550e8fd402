//! Hot words (热词): each message's keywords, and their counts by scope (everything, a province, a
//! city) and period, kept with the other statistics (see `liuyan_domain::stats::word_cells`). The
//! keywords of messages written before are filled in at start-up (jieba runs in Rust, not in SQL).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const UP: &str = r#"
ALTER TABLE messages ADD COLUMN keywords TEXT NULL;

CREATE TABLE stat_words (
    scope VARCHAR(32) NOT NULL,
    grain VARCHAR(1) NOT NULL,
    period VARCHAR(10) NOT NULL,
    word VARCHAR(64) {bytes} NOT NULL,
    messages BIGINT NOT NULL,
    PRIMARY KEY (scope, grain, period, word)
);
CREATE INDEX stat_words_top ON stat_words(scope, grain, period, messages DESC, word)
"#;

const DOWN: &str = r#"
DROP TABLE stat_words;
ALTER TABLE messages DROP COLUMN keywords
"#;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // Words are ordered by their bytes on both stores (SQLite's default), so ties between words
        // rank the same everywhere and the index serves the order.
        let bytes = match manager.get_database_backend() {
            sea_orm_migration::sea_orm::DatabaseBackend::Postgres => r#"COLLATE "C""#,
            _ => "",
        };
        crate::run_ddl(manager, &UP.replace("{bytes}", bytes)).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        crate::run_ddl(manager, DOWN).await
    }
}
