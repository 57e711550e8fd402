//! Sessions that end at once, and abuse limits every instance agrees on.
//!
//! - `accounts.session_version`: access tokens carry the version they were issued under, and every
//!   authenticated request compares it with this column; disabling an account, moving staff to
//!   another unit or leader and changing a password bump it, so earlier tokens stop working at once.
//! - `refresh_tokens(family, revoked_at)`: access tokens also name their login (the refresh-token
//!   family); one probe of this index tells whether it was logged out.
//! - `rate_limits`: one row per (action, scope, who) with its theoretical arrival time in ms since the
//!   epoch (see `liuyan_domain::limits::Rate`).
//! - `login_failures`: failed logins per login name and per address, and until when they are locked.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        crate::run_ddl(
            manager,
            "ALTER TABLE accounts ADD COLUMN session_version BIGINT NOT NULL DEFAULT 0;
             CREATE TABLE rate_limits (key TEXT PRIMARY KEY, tat BIGINT NOT NULL);
             CREATE TABLE login_failures (
                 key TEXT PRIMARY KEY,
                 failures BIGINT NOT NULL,
                 last_failure_at BIGINT NOT NULL,
                 locked_until BIGINT NOT NULL
             )",
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        crate::run_ddl(
            manager,
            "DROP TABLE login_failures; DROP TABLE rate_limits; DROP INDEX refresh_tokens_family_revoked; \
             ALTER TABLE accounts DROP COLUMN session_version",
        )
        .await
    }
}
