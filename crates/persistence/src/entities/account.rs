use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "accounts")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub role: String,
    pub display_name: String,
    pub username: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub enterprise_name: Option<String>,
    pub uscc: Option<String>,
    pub password_hash: String,
    pub unit_id: Option<i64>,
    pub leader_id: Option<i64>,
    pub disabled: bool,
    /// Unit staff given the right to run suggestion campaigns for their unit.
    pub can_run_campaigns: bool,
    /// Bumped whenever earlier sessions must end (disabled, moved, new password); tokens carry it.
    pub session_version: i64,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
