use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "messages")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub writer_id: i64,
    pub leader_id: i64,
    pub region_code: String,
    pub province_code: String,
    pub unit_id: Option<i64>,
    pub message_type: String,
    pub domain: String,
    pub title: String,
    pub body: String,
    pub is_public: bool,
    /// `is_public` and past screening: on the public board. Kept as a column so the board is one index.
    pub listed: bool,
    pub status: String,
    pub round: i32,
    pub reopen_count: i32,
    /// Bumped by every state change; updates check it so two racing moves cannot both win.
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub accepted_at: Option<DateTimeUtc>,
    pub closed_at: Option<DateTimeUtc>,
    /// The SLA tier its deadline was counted by.
    pub sla_tier: Option<String>,
    /// When the unit's answer for the current round is due.
    pub due_at: Option<DateTimeUtc>,
    /// When the current round's answer was published.
    pub answered_at: Option<DateTimeUtc>,
    /// Set by a leader's instruction.
    pub priority: String,
    pub follow_up_count: i32,
    /// The topic (专题) it was written in.
    pub topic_id: Option<i64>,
    /// When the first round's answer was published: the end of "handling days" in the statistics.
    pub first_answered_at: Option<DateTimeUtc>,
    /// Whether that answer came by the deadline in force then.
    pub first_answer_on_time: bool,
    /// The latest rating's verdict.
    pub satisfaction: Option<String>,
    /// Its keywords for hot words, space-separated (`liuyan_domain::words::keywords` of the masked
    /// title and text); NULL until computed for rows written before they existed.
    pub keywords: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
