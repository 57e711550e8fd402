//! The public statistics: what each message counts for (its first answer and latest verdict), and the
//! cells of counts kept as messages change (see `liuyan_domain::stats`). Cells are filled by
//! `serve` for rows written before (a one-time rebuild) and by `liuyan generate`.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const UP: &str = r#"
ALTER TABLE messages ADD COLUMN first_answered_at {ts} NULL;
ALTER TABLE messages ADD COLUMN first_answer_on_time BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE messages ADD COLUMN satisfaction VARCHAR(24) NULL;

CREATE TABLE stat_cells (
    scope VARCHAR(32) NOT NULL,
    facet VARCHAR(48) NOT NULL,
    grain VARCHAR(1) NOT NULL,
    period VARCHAR(10) NOT NULL,
    messages BIGINT NOT NULL,
    suggestions BIGINT NOT NULL,
    replied BIGINT NOT NULL,
    on_time BIGINT NOT NULL,
    handling_seconds BIGINT NOT NULL,
    rated BIGINT NOT NULL,
    satisfied BIGINT NOT NULL,
    basically_satisfied BIGINT NOT NULL,
    dissatisfied BIGINT NOT NULL,
    closed BIGINT NOT NULL,
    PRIMARY KEY (scope, facet, grain, period)
);
CREATE INDEX stat_cells_by_period ON stat_cells(grain, facet, period, scope);

CREATE TABLE stat_handling_days (
    scope VARCHAR(32) NOT NULL,
    facet VARCHAR(48) NOT NULL,
    grain VARCHAR(1) NOT NULL,
    period VARCHAR(10) NOT NULL,
    days INTEGER NOT NULL,
    messages BIGINT NOT NULL,
    PRIMARY KEY (scope, facet, grain, period, days)
);
CREATE INDEX stat_handling_days_by_period ON stat_handling_days(grain, facet, period, scope)
"#;

const BACKFILL: &str = r#"
UPDATE messages SET
    first_answered_at = (SELECT MIN(r.published_at) FROM replies r WHERE r.message_id = messages.id AND r.status = 'published'),
    satisfaction = (SELECT g.satisfaction FROM ratings g WHERE g.message_id = messages.id ORDER BY g.id DESC LIMIT 1);
UPDATE messages SET first_answer_on_time = (due_at IS NULL OR first_answered_at <= due_at)
    WHERE first_answered_at IS NOT NULL
"#;

const DOWN: &str = r#"
DROP TABLE stat_handling_days;
DROP TABLE stat_cells;
ALTER TABLE messages DROP COLUMN satisfaction;
ALTER TABLE messages DROP COLUMN first_answer_on_time;
ALTER TABLE messages DROP COLUMN first_answered_at
"#;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        crate::run_ddl(manager, UP).await?;
        // Messages answered before this migration: their first answer from the replies. Whether it was
        // on time is judged against the current deadline, the closest record there is.
        crate::run_ddl(manager, BACKFILL).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        crate::run_ddl(manager, DOWN).await
    }
}
