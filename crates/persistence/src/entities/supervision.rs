use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "supervisions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub message_id: i64,
    pub round: i32,
    pub unit_id: Option<i64>,
    pub leader_id: i64,
    pub state: String,
    pub due_at: DateTimeUtc,
    pub escalate_at: DateTimeUtc,
    pub opened_at: DateTimeUtc,
    pub escalated_at: Option<DateTimeUtc>,
    pub response: Option<String>,
    pub responded_at: Option<DateTimeUtc>,
    pub closed_at: Option<DateTimeUtc>,
    pub note: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
