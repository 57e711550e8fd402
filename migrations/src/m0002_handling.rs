//! Handling in depth: deadlines (SLA tiers and the working-day calendar), supervision, leader
//! instructions, follow-up questions, joint replies, routing rules, notifications and webhooks.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const UP: &str = r#"
ALTER TABLE messages ADD COLUMN sla_tier VARCHAR(32) NULL;
ALTER TABLE messages ADD COLUMN due_at {ts} NULL;
ALTER TABLE messages ADD COLUMN answered_at {ts} NULL;
ALTER TABLE messages ADD COLUMN priority VARCHAR(16) NOT NULL DEFAULT 'normal';
ALTER TABLE messages ADD COLUMN follow_up_count INTEGER NOT NULL DEFAULT 0;
CREATE INDEX messages_due ON messages(due_at);

CREATE TABLE calendar_days (
    day VARCHAR(10) PRIMARY KEY,
    kind VARCHAR(16) NOT NULL,
    name TEXT NOT NULL
);

CREATE TABLE sla_tiers (
    code VARCHAR(32) PRIMARY KEY,
    name TEXT NOT NULL,
    duration_unit VARCHAR(16) NOT NULL,
    amount INTEGER NOT NULL,
    escalate_after_hours INTEGER NOT NULL
);

CREATE TABLE sla_rules (
    id {pk},
    message_type VARCHAR(16) NULL,
    domain VARCHAR(32) NULL,
    tier_code VARCHAR(32) NOT NULL REFERENCES sla_tiers(code),
    created_at {ts} NOT NULL
);

CREATE TABLE supervisions (
    id {pk},
    message_id BIGINT NOT NULL REFERENCES messages(id),
    round INTEGER NOT NULL,
    unit_id BIGINT NULL REFERENCES units(id),
    leader_id BIGINT NOT NULL REFERENCES leaders(id),
    state VARCHAR(16) NOT NULL,
    due_at {ts} NOT NULL,
    escalate_at {ts} NOT NULL,
    opened_at {ts} NOT NULL,
    escalated_at {ts} NULL,
    response TEXT NULL,
    responded_at {ts} NULL,
    closed_at {ts} NULL,
    note TEXT NULL
);
CREATE UNIQUE INDEX supervisions_message_round ON supervisions(message_id, round);
CREATE INDEX supervisions_state ON supervisions(state, escalate_at);
CREATE INDEX supervisions_unit ON supervisions(unit_id, id);
CREATE INDEX supervisions_leader ON supervisions(leader_id, id);

CREATE TABLE instructions (
    id {pk},
    message_id BIGINT NOT NULL REFERENCES messages(id),
    author_id BIGINT NOT NULL REFERENCES accounts(id),
    author_role VARCHAR(16) NOT NULL,
    text TEXT NOT NULL,
    priority VARCHAR(16) NOT NULL,
    due_at {ts} NULL,
    created_at {ts} NOT NULL
);
CREATE INDEX instructions_message ON instructions(message_id, id);

CREATE TABLE follow_ups (
    id {pk},
    message_id BIGINT NOT NULL REFERENCES messages(id),
    round INTEGER NOT NULL,
    unit_id BIGINT NOT NULL REFERENCES units(id),
    question TEXT NOT NULL,
    asked_at {ts} NOT NULL,
    answer TEXT NULL,
    answered_by BIGINT NULL REFERENCES accounts(id),
    answered_at {ts} NULL
);
CREATE INDEX follow_ups_message ON follow_ups(message_id, id);

CREATE TABLE joint_replies (
    id {pk},
    unit_id BIGINT NOT NULL REFERENCES units(id),
    author_id BIGINT NOT NULL REFERENCES accounts(id),
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    status VARCHAR(16) NOT NULL,
    return_reason TEXT NULL,
    created_at {ts} NOT NULL,
    published_at {ts} NULL
);
CREATE INDEX joint_replies_status ON joint_replies(status, id);
ALTER TABLE replies ADD COLUMN joint_reply_id BIGINT NULL REFERENCES joint_replies(id);
CREATE INDEX replies_joint ON replies(joint_reply_id);

CREATE TABLE routing_rules (
    id {pk},
    region_code VARCHAR(6) NOT NULL REFERENCES regions(code),
    domain VARCHAR(32) NOT NULL,
    keywords TEXT NOT NULL,
    unit_id BIGINT NOT NULL REFERENCES units(id),
    created_at {ts} NOT NULL
);
CREATE INDEX routing_rules_region ON routing_rules(region_code, domain);

CREATE TABLE notifications (
    id {pk},
    account_id BIGINT NOT NULL REFERENCES accounts(id),
    kind VARCHAR(32) NOT NULL,
    message_id BIGINT NULL REFERENCES messages(id),
    text TEXT NOT NULL,
    created_at {ts} NOT NULL,
    read_at {ts} NULL
);
CREATE INDEX notifications_account ON notifications(account_id, id);

CREATE TABLE webhook_endpoints (
    id {pk},
    url TEXT NOT NULL,
    secret TEXT NOT NULL,
    event_types TEXT NOT NULL,
    active BOOLEAN NOT NULL,
    created_by BIGINT NOT NULL REFERENCES accounts(id),
    created_at {ts} NOT NULL
);

CREATE TABLE webhook_deliveries (
    id {pk},
    endpoint_id BIGINT NOT NULL REFERENCES webhook_endpoints(id),
    event_type VARCHAR(32) NOT NULL,
    message_id BIGINT NULL,
    payload TEXT NOT NULL,
    state VARCHAR(16) NOT NULL,
    attempts INTEGER NOT NULL,
    next_attempt_at {ts} NOT NULL,
    give_up_at {ts} NOT NULL,
    lease_until {ts} NULL,
    last_status INTEGER NULL,
    last_error TEXT NULL,
    created_at {ts} NOT NULL,
    delivered_at {ts} NULL
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries(state, next_attempt_at);
CREATE INDEX webhook_deliveries_order ON webhook_deliveries(endpoint_id, message_id, id);

CREATE TABLE webhook_attempts (
    id {pk},
    delivery_id BIGINT NOT NULL REFERENCES webhook_deliveries(id),
    attempt INTEGER NOT NULL,
    at {ts} NOT NULL,
    status_code INTEGER NULL,
    error TEXT NULL,
    duration_ms INTEGER NOT NULL
);
CREATE INDEX webhook_attempts_delivery ON webhook_attempts(delivery_id, id)
"#;

const DOWN: &str = r#"
DROP TABLE webhook_attempts; DROP TABLE webhook_deliveries; DROP TABLE webhook_endpoints;
DROP TABLE notifications; DROP TABLE routing_rules; DROP INDEX replies_joint;
ALTER TABLE replies DROP COLUMN joint_reply_id; DROP TABLE joint_replies; DROP TABLE follow_ups;
DROP TABLE instructions; DROP TABLE supervisions; DROP TABLE sla_rules; DROP TABLE sla_tiers;
DROP TABLE calendar_days; DROP INDEX messages_due;
ALTER TABLE messages DROP COLUMN follow_up_count; ALTER TABLE messages DROP COLUMN priority;
ALTER TABLE messages DROP COLUMN answered_at; ALTER TABLE messages DROP COLUMN due_at;
ALTER TABLE messages DROP COLUMN sla_tier
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
