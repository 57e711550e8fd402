//! The case library (精选案例): answered public messages moderators feature, with their note. Listed
//! newest featured first, by `id`.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const UP: &str = r#"
CREATE TABLE featured_cases (
    id {pk},
    message_id BIGINT NOT NULL UNIQUE REFERENCES messages(id),
    note TEXT NOT NULL,
    featured_by BIGINT NOT NULL REFERENCES accounts(id),
    featured_at {ts} NOT NULL,
    updated_at {ts} NOT NULL
)
"#;

const DOWN: &str = "DROP TABLE featured_cases";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        crate::run_ddl(manager, UP).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        crate::run_ddl(manager, DOWN).await
    }
}
