//! Open data: the public board as rows for CSV and XLSX files, read a page at a time by key so an
//! export of any size holds one page in memory. Only what the public may read goes in: listed
//! messages, their masked text and the latest published reply (masked).

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use liuyan_domain::masking::mask_public_text;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

use crate::entities::reply;
use crate::error::StoreResult;
use crate::messages::{self, MessageFilter, Scope};
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

/// The public messages matching `filter` with ids below `before`, newest first, `limit` of them.
pub async fn page(db: &Db, filter: &MessageFilter, before: Option<i64>, limit: u64) -> StoreResult<Page<ExportRow>> {
    let page = messages::list(db, Scope::Public, filter, before, limit).await?;
    let ids: Vec<i64> = page.items.iter().map(|r| r.message.id).collect();
    let mut latest: HashMap<i64, String> = HashMap::new();
    if !ids.is_empty() {
        for r in reply::Entity::find()
            .filter(reply::Column::MessageId.is_in(ids))
            .filter(reply::Column::Status.eq("published"))
            .order_by_asc(reply::Column::Id)
            .all(&db.read)
            .await?
        {
            latest.insert(r.message_id, r.body);
        }
    }
    let items = page
        .items
        .into_iter()
        .map(|r| {
            let m = r.message;
            ExportRow {
                id: m.id,
                created_at: m.created_at,
                region_code: m.region_code,
                region: r.region.name,
                leader: r.leader.name,
                unit: r.unit.map(|u| u.name),
                message_type: m.message_type,
                domain: m.domain,
                status: m.status,
                title: mask_public_text(&m.title),
                body: mask_public_text(&m.body),
                reply: latest.remove(&m.id).map(|b| mask_public_text(&b)),
                first_answered_at: m.first_answered_at,
                satisfaction: m.satisfaction,
                closed_at: m.closed_at,
            }
        })
        .collect();
    Ok(Page { items, next_after: page.next_after })
}
