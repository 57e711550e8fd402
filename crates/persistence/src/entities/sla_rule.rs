use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "sla_rules")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub message_type: Option<String>,
    pub domain: Option<String>,
    pub tier_code: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
