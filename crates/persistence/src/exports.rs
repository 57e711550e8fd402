//! Open data: the public board as rows for CSV and XLSX files, read a page at a time by key so an
//! export of any size holds one page in memory. Only what the public may read goes in: listed
//! messages, their masked text and the latest published reply (masked).

use chrono::{DateTime, Utc};
use liuyan_domain::masking::mask_public_text;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, FromQueryResult, QueryFilter, QueryOrder, QuerySelect};

use crate::entities::message;
use crate::error::StoreResult;
use crate::messages::{self, MessageFilter};
use crate::{Db, Page};

/// One exported message.
#[derive(Debug, Clone)]
pub struct ExportRow {
    pub id: i64,
    pub created_at: DateTime<Utc>,
    pub region_code: String,
    pub region: String,
    pub leader: String,
    pub unit: Option<String>,
    pub message_type: String,
    pub domain: String,
    pub status: String,
    pub title: String,
    pub body: String,
    /// The latest published reply.
    pub reply: Option<String>,
    pub first_answered_at: Option<DateTime<Utc>>,
    pub satisfaction: Option<String>,
    pub closed_at: Option<DateTime<Utc>>,
}

/// The names and the latest published reply come from correlated subqueries on primary keys and on
/// `replies(message_id, id)`, so a page is one statement whose text depends only on which filters are
/// set: no per-page `IN (…)` lists, which would each be a new prepared statement for the connections'
/// statement caches to hold.
const REGION: &str = "(SELECT name FROM regions WHERE regions.code = messages.region_code)";
const LEADER: &str = "(SELECT name FROM leaders WHERE leaders.id = messages.leader_id)";
const UNIT: &str = "(SELECT name FROM units WHERE units.id = messages.unit_id)";
const REPLY: &str = "(SELECT body FROM replies WHERE replies.message_id = messages.id \
    AND replies.status = 'published' ORDER BY replies.id DESC LIMIT 1)";

#[derive(FromQueryResult)]
struct Raw {
    id: i64,
    created_at: DateTime<Utc>,
    region_code: String,
    region: String,
    leader: String,
    unit: Option<String>,
    message_type: String,
    domain: String,
    status: String,
    title: String,
    body: String,
    reply: Option<String>,
    first_answered_at: Option<DateTime<Utc>>,
    satisfaction: Option<String>,
    closed_at: Option<DateTime<Utc>>,
}

/// The public messages matching `filter` with ids below `before`, newest first, `limit` of them.
pub async fn page(db: &Db, filter: &MessageFilter, before: Option<i64>, limit: u64) -> StoreResult<Page<ExportRow>> {
    use message::Column as C;
    let mut q = message::Entity::find()
        .select_only()
        .columns([C::Id, C::CreatedAt, C::RegionCode, C::MessageType, C::Domain, C::Status, C::Title, C::Body])
        .columns([C::FirstAnsweredAt, C::Satisfaction, C::ClosedAt])
        .column_as(Expr::cust(REGION), "region")
        .column_as(Expr::cust(LEADER), "leader")
        .column_as(Expr::cust(UNIT), "unit")
        .column_as(Expr::cust(REPLY), "reply")
        .filter(C::Listed.eq(true));
    q = messages::filtered(q, filter);
    if let Some(before) = before {
        q = q.filter(C::Id.lt(before));
    }
    let mut rows = q.order_by_desc(C::Id).limit(limit + 1).into_model::<Raw>().all(&db.read).await?;
    let next_after = if rows.len() as u64 > limit {
        rows.truncate(limit as usize);
        rows.last().map(|m| m.id)
    } else {
        None
    };
    let items = rows
        .into_iter()
        .map(|m| ExportRow {
            id: m.id,
            created_at: m.created_at,
            region_code: m.region_code,
            region: m.region,
            leader: m.leader,
            unit: m.unit,
            message_type: m.message_type,
            domain: m.domain,
            status: m.status,
            title: mask_public_text(&m.title),
            body: mask_public_text(&m.body),
            reply: m.reply.map(|b| mask_public_text(&b)),
            first_answered_at: m.first_answered_at,
            satisfaction: m.satisfaction,
            closed_at: m.closed_at,
        })
        .collect();
    Ok(Page { items, next_after })
}
