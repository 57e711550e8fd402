use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "suggestions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub campaign_id: i64,
    pub author_id: i64,
    pub title: String,
    pub body: String,
    pub status: String,
    pub reject_reason: Option<String>,
    /// The owner's public note with its review.
    pub review_note: Option<String>,
    /// Kept in step with `suggestion_supports` in the same transaction.
    pub support_count: i32,
    /// Crossed the campaign's support threshold and not answered yet: on the owner's queue.
    pub owes_response: bool,
    pub threshold_reached_at: Option<DateTimeUtc>,
    pub responded_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub screened_at: Option<DateTimeUtc>,
    pub reviewed_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
