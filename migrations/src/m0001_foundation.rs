use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const UP: &str = r#"
CREATE TABLE settings (
    name VARCHAR(64) PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE regions (
    code VARCHAR(6) PRIMARY KEY,
    name TEXT NOT NULL,
    parent_code VARCHAR(6) NULL REFERENCES regions(code),
    level VARCHAR(16) NOT NULL
);
CREATE INDEX regions_parent ON regions(parent_code);

CREATE TABLE leaders (
    id {pk},
    region_code VARCHAR(6) NOT NULL REFERENCES regions(code),
    title TEXT NOT NULL,
    name TEXT NOT NULL,
    sort_order INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX leaders_region ON leaders(region_code);

CREATE TABLE units (
    id {pk},
    region_code VARCHAR(6) NOT NULL REFERENCES regions(code),
    name TEXT NOT NULL,
    parent_id BIGINT NULL REFERENCES units(id),
    domains TEXT NOT NULL DEFAULT ''
);
CREATE INDEX units_region ON units(region_code);
CREATE UNIQUE INDEX units_region_name ON units(region_code, name);

CREATE TABLE accounts (
    id {pk},
    role VARCHAR(16) NOT NULL,
    display_name TEXT NOT NULL,
    username VARCHAR(64) NULL UNIQUE,
    phone VARCHAR(20) NULL UNIQUE,
    email VARCHAR(254) NULL UNIQUE,
    enterprise_name TEXT NULL,
    uscc VARCHAR(18) NULL UNIQUE,
    password_hash TEXT NOT NULL,
    unit_id BIGINT NULL REFERENCES units(id),
    leader_id BIGINT NULL REFERENCES leaders(id),
    disabled BOOLEAN NOT NULL DEFAULT FALSE,
    created_at {ts} NOT NULL,
    updated_at {ts} NOT NULL
);
CREATE INDEX accounts_role ON accounts(role, id);

CREATE TABLE refresh_tokens (
    id {pk},
    account_id BIGINT NOT NULL REFERENCES accounts(id),
    family VARCHAR(64) NOT NULL,
    token_hash VARCHAR(64) NOT NULL UNIQUE,
    expires_at {ts} NOT NULL,
    created_at {ts} NOT NULL,
    used_at {ts} NULL,
    revoked_at {ts} NULL
);
CREATE INDEX refresh_tokens_family ON refresh_tokens(family);

CREATE TABLE messages (
    id {pk},
    writer_id BIGINT NOT NULL REFERENCES accounts(id),
    leader_id BIGINT NOT NULL REFERENCES leaders(id),
    region_code VARCHAR(6) NOT NULL REFERENCES regions(code),
    province_code VARCHAR(6) NOT NULL REFERENCES regions(code),
    unit_id BIGINT NULL REFERENCES units(id),
    message_type VARCHAR(16) NOT NULL,
    domain VARCHAR(32) NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    is_public BOOLEAN NOT NULL,
    listed BOOLEAN NOT NULL,
    status VARCHAR(20) NOT NULL,
    round INTEGER NOT NULL,
    reopen_count INTEGER NOT NULL,
    version INTEGER NOT NULL,
    created_at {ts} NOT NULL,
    updated_at {ts} NOT NULL,
    accepted_at {ts} NULL,
    closed_at {ts} NULL
);
CREATE INDEX messages_listed ON messages(listed, id);
CREATE INDEX messages_writer ON messages(writer_id, id);
CREATE INDEX messages_leader ON messages(leader_id, id);
CREATE INDEX messages_unit ON messages(unit_id, id);
CREATE INDEX messages_region ON messages(region_code, id);
CREATE INDEX messages_province ON messages(province_code, id);
CREATE INDEX messages_status ON messages(status, id);

CREATE TABLE replies (
    id {pk},
    message_id BIGINT NOT NULL REFERENCES messages(id),
    round INTEGER NOT NULL,
    unit_id BIGINT NOT NULL REFERENCES units(id),
    author_id BIGINT NOT NULL REFERENCES accounts(id),
    body TEXT NOT NULL,
    status VARCHAR(16) NOT NULL,
    return_reason TEXT NULL,
    created_at {ts} NOT NULL,
    updated_at {ts} NOT NULL,
    submitted_at {ts} NULL,
    reviewed_at {ts} NULL,
    published_at {ts} NULL
);
CREATE INDEX replies_message ON replies(message_id, id);
CREATE INDEX replies_status ON replies(status, id);

CREATE TABLE ratings (
    id {pk},
    message_id BIGINT NOT NULL REFERENCES messages(id),
    reply_id BIGINT NOT NULL REFERENCES replies(id),
    round INTEGER NOT NULL,
    writer_id BIGINT NOT NULL REFERENCES accounts(id),
    satisfaction VARCHAR(24) NOT NULL,
    speed SMALLINT NOT NULL,
    attitude SMALLINT NOT NULL,
    result SMALLINT NOT NULL,
    comment TEXT NOT NULL,
    created_at {ts} NOT NULL
);
CREATE UNIQUE INDEX ratings_reply ON ratings(reply_id);
CREATE INDEX ratings_message ON ratings(message_id, id);

CREATE TABLE message_events (
    id {pk},
    message_id BIGINT NOT NULL REFERENCES messages(id),
    kind VARCHAR(32) NOT NULL,
    actor_id BIGINT NULL REFERENCES accounts(id),
    actor_role VARCHAR(16) NOT NULL,
    visibility VARCHAR(16) NOT NULL,
    note TEXT NULL,
    unit_id BIGINT NULL REFERENCES units(id),
    created_at {ts} NOT NULL
);
CREATE INDEX message_events_message ON message_events(message_id, id);

CREATE TABLE idempotency_keys (
    account_id BIGINT NOT NULL REFERENCES accounts(id),
    idempotency_key VARCHAR(255) NOT NULL,
    request_hash VARCHAR(64) NOT NULL,
    message_id BIGINT NOT NULL REFERENCES messages(id),
    created_at {ts} NOT NULL,
    PRIMARY KEY (account_id, idempotency_key)
)
"#;

const DOWN: &str = r#"
DROP TABLE idempotency_keys; DROP TABLE message_events; DROP TABLE ratings; DROP TABLE replies;
DROP TABLE messages; DROP TABLE refresh_tokens; DROP TABLE accounts; DROP TABLE units;
DROP TABLE leaders; DROP TABLE regions; DROP TABLE settings
"#;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        crate::run_ddl(manager, UP).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        crate::run_ddl(manager, DOWN).await
    }
}
