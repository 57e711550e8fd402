use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "campaigns")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub title: String,
    pub description: String,
    pub topic_id: Option<i64>,
    /// The owner: a leader (office) or a unit, exactly one of the two.
    pub leader_id: Option<i64>,
    pub unit_id: Option<i64>,
    pub region_code: String,
    pub created_by: i64,
    pub status: String,
    pub opens_at: DateTimeUtc,
    pub closes_at: DateTimeUtc,
    pub max_per_account: i32,
    pub allow_citizens: bool,
    pub allow_enterprises: bool,
    pub real_name_required: bool,
    pub support_threshold: Option<i32>,
    /// The owner's words with the published results.
    pub results_summary: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub published_at: Option<DateTimeUtc>,
    pub closed_at: Option<DateTimeUtc>,
    pub results_published_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
