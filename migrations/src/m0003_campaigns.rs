//! Suggestion campaigns (征集) with their suggestions and supports, topics (专题) for messages and
//! campaigns, and the unit staff's right to run campaigns.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const UP: &str = r#"
ALTER TABLE accounts ADD COLUMN can_run_campaigns BOOLEAN NOT NULL DEFAULT FALSE;

CREATE TABLE topics (
    id {pk},
    slug VARCHAR(64) NOT NULL,
    name TEXT NOT NULL,
    description TEXT NOT NULL,
    writers VARCHAR(16) NOT NULL,
    domains TEXT NOT NULL,
    active BOOLEAN NOT NULL,
    sort_order INTEGER NOT NULL,
    created_at {ts} NOT NULL
);
CREATE UNIQUE INDEX topics_slug ON topics(slug);

ALTER TABLE messages ADD COLUMN topic_id BIGINT NULL REFERENCES topics(id);
CREATE INDEX messages_topic ON messages(topic_id, id);

CREATE TABLE campaigns (
    id {pk},
    title TEXT NOT NULL,
    description TEXT NOT NULL,
    topic_id BIGINT NULL REFERENCES topics(id),
    leader_id BIGINT NULL REFERENCES leaders(id),
    unit_id BIGINT NULL REFERENCES units(id),
    region_code VARCHAR(6) NOT NULL REFERENCES regions(code),
    created_by BIGINT NOT NULL REFERENCES accounts(id),
    status VARCHAR(24) NOT NULL,
    opens_at {ts} NOT NULL,
    closes_at {ts} NOT NULL,
    max_per_account INTEGER NOT NULL,
    allow_citizens BOOLEAN NOT NULL,
    allow_enterprises BOOLEAN NOT NULL,
    real_name_required BOOLEAN NOT NULL,
    support_threshold INTEGER NULL,
    results_summary TEXT NULL,
    created_at {ts} NOT NULL,
    updated_at {ts} NOT NULL,
    published_at {ts} NULL,
    closed_at {ts} NULL,
    results_published_at {ts} NULL
);
CREATE INDEX campaigns_status ON campaigns(status, id);
CREATE INDEX campaigns_topic ON campaigns(topic_id, id);
CREATE INDEX campaigns_leader ON campaigns(leader_id, id);
CREATE INDEX campaigns_unit ON campaigns(unit_id, id);

CREATE TABLE suggestions (
    id {pk},
    campaign_id BIGINT NOT NULL REFERENCES campaigns(id),
    author_id BIGINT NOT NULL REFERENCES accounts(id),
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    status VARCHAR(16) NOT NULL,
    reject_reason TEXT NULL,
    review_note TEXT NULL,
    support_count INTEGER NOT NULL DEFAULT 0,
    owes_response BOOLEAN NOT NULL DEFAULT FALSE,
    threshold_reached_at {ts} NULL,
    responded_at {ts} NULL,
    created_at {ts} NOT NULL,
    screened_at {ts} NULL,
    reviewed_at {ts} NULL
);
CREATE INDEX suggestions_campaign ON suggestions(campaign_id, status, id);
CREATE INDEX suggestions_support ON suggestions(campaign_id, support_count, id);
CREATE INDEX suggestions_author ON suggestions(author_id, campaign_id);
CREATE INDEX suggestions_owed ON suggestions(owes_response, campaign_id);

CREATE TABLE suggestion_supports (
    suggestion_id BIGINT NOT NULL REFERENCES suggestions(id),
    account_id BIGINT NOT NULL REFERENCES accounts(id),
    created_at {ts} NOT NULL,
    PRIMARY KEY (suggestion_id, account_id)
)
"#;

const DOWN: &str = r#"
DROP TABLE suggestion_supports; DROP TABLE suggestions; DROP TABLE campaigns;
DROP INDEX messages_topic; ALTER TABLE messages DROP COLUMN topic_id; DROP TABLE topics;
ALTER TABLE accounts DROP COLUMN can_run_campaigns
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
