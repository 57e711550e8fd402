//! The case library (精选案例): moderators feature answered public messages with a note (see
//! `liuyan_domain::case`); the public lists them, newest featured first.

use chrono::{DateTime, Utc};
use liuyan_domain::case::{CaseFacts, NoteError, check_featurable, clean_note, may_curate};
use liuyan_domain::masking::mask_public_text;
use liuyan_domain::{Actor, MessageStatus};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, IntoActiveModel, JoinType, QueryFilter,
    QueryOrder, QuerySelect, Set,
};

use crate::entities::{featured_case, message, reply};
use crate::error::{StoreError, StoreResult};
use crate::messages::{MessageRecord, with_names};
use crate::{Db, Page};

/// A case as the public reads it.
#[derive(Debug, Clone)]
pub struct Case {
    pub id: i64,
    pub note: String,
    pub featured_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub record: MessageRecord,
    /// The latest published reply, masked: the handling the case holds up.
    pub reply: Option<String>,
}

/// What the message page shows of its case.
#[derive(Debug, Clone)]
pub struct CaseNote {
    pub note: String,
    pub featured_at: DateTime<Utc>,
}

/// The case of a message, if it is one.
pub async fn note_of(conn: &impl ConnectionTrait, message_id: i64) -> StoreResult<Option<CaseNote>> {
    let found = featured_case::Entity::find().filter(featured_case::Column::MessageId.eq(message_id)).one(conn).await?;
    Ok(found.map(|c| CaseNote { note: c.note, featured_at: c.featured_at }))
}

/// Features a message with a note, or changes the note of one already featured. Answers the case and
/// whether it is new.
pub async fn feature(db: &Db, actor: &Actor, message_id: i64, note: String) -> StoreResult<(Case, bool)> {
    if !may_curate(actor.role) {
        return Err(StoreError::Forbidden("only moderators keep the case library".into()));
    }
    let note = clean_note(&note).map_err(|e| match e {
        NoteError::Blank => StoreError::invalid("note", "blank", "write what was done well"),
        NoteError::TooLong => StoreError::invalid("note", "length", "at most 500 characters"),
    })?;
    let at = db.now();
    let txn = db.begin_write().await?;
    let m = message::Entity::find_by_id(message_id).one(&txn).await?.ok_or(StoreError::NotFound("message"))?;
    check_featurable(CaseFacts {
        status: MessageStatus::parse(&m.status).unwrap_or(MessageStatus::Submitted),
        is_public: m.is_public,
        answered: m.first_answered_at.is_some(),
    })?;
    let existing =
        featured_case::Entity::find().filter(featured_case::Column::MessageId.eq(message_id)).one(&txn).await?;
    let created = existing.is_none();
    let saved = match existing {
        Some(c) => {
            let mut c = c.into_active_model();
            c.note = Set(note);
            c.updated_at = Set(at);
            c.update(&txn).await?
        }
        None => {
            featured_case::ActiveModel {
                message_id: Set(message_id),
                note: Set(note),
                featured_by: Set(actor.account_id),
                featured_at: Set(at),
                updated_at: Set(at),
                ..Default::default()
            }
            .insert(&txn)
            .await?
        }
    };
    let case = cases_of(&txn, vec![saved]).await?.pop().ok_or(StoreError::NotFound("case"))?;
    txn.commit().await?;
    Ok((case, created))
}

/// Takes a message out of the case library.
pub async fn unfeature(db: &Db, actor: &Actor, message_id: i64) -> StoreResult<()> {
    if !may_curate(actor.role) {
        return Err(StoreError::Forbidden("only moderators keep the case library".into()));
    }
    let txn = db.begin_write().await?;
    let res =
        featured_case::Entity::delete_many().filter(featured_case::Column::MessageId.eq(message_id)).exec(&txn).await?;
    if res.rows_affected == 0 {
        return Err(StoreError::NotFound("case"));
    }
    txn.commit().await?;
    Ok(())
}

/// Which cases a list shows: a region (a province with its cities) and a domain.
#[derive(Debug, Default, Clone)]
pub struct CaseFilter {
    pub region: Option<String>,
    pub domain: Option<liuyan_domain::Domain>,
}

/// A page of cases of messages on the board, newest featured first.
pub async fn list(db: &Db, filter: &CaseFilter, before: Option<i64>, limit: u64) -> StoreResult<Page<Case>> {
    use featured_case::Column as C;
    use message::Column as M;
    let conn = &db.read;
    let of_message = featured_case::Entity::belongs_to(message::Entity).from(C::MessageId).to(M::Id).into();
    let mut q = featured_case::Entity::find()
        .join(JoinType::InnerJoin, of_message)
        .filter(M::Listed.eq(true))
        .order_by_desc(C::Id);
    if let Some(region) = &filter.region {
        q = q.filter(Condition::any().add(M::RegionCode.eq(region.as_str())).add(M::ProvinceCode.eq(region.as_str())));
    }
    if let Some(d) = filter.domain {
        q = q.filter(M::Domain.eq(d.as_str()));
    }
    if let Some(b) = before {
        q = q.filter(C::Id.lt(b));
    }
    let mut out = q.limit(limit + 1).all(conn).await?;
    let next_after = if out.len() as u64 > limit {
        out.truncate(limit as usize);
        out.last().map(|c| c.id)
    } else {
        None
    };
    Ok(Page { items: cases_of(conn, out).await?, next_after })
}

/// The cases with their messages (named) and latest published replies, in the given order.
async fn cases_of(conn: &impl ConnectionTrait, cases: Vec<featured_case::Model>) -> StoreResult<Vec<Case>> {
    let ids: Vec<i64> = cases.iter().map(|c| c.message_id).collect();
    let messages = message::Entity::find().filter(message::Column::Id.is_in(ids.clone())).all(conn).await?;
    let mut records: std::collections::HashMap<i64, MessageRecord> =
        with_names(conn, messages).await?.into_iter().map(|r| (r.message.id, r)).collect();
    let mut replies: std::collections::HashMap<i64, String> = std::collections::HashMap::new();
    for r in reply::Entity::find()
        .filter(reply::Column::MessageId.is_in(ids))
        .filter(reply::Column::Status.eq("published"))
        // By message first, so the order comes from `replies_message_status` (see m0009).
        .order_by_asc(reply::Column::MessageId)
        .order_by_asc(reply::Column::Id)
        .all(conn)
        .await?
    {
        replies.insert(r.message_id, mask_public_text(&r.body));
    }
    cases
        .into_iter()
        .map(|c| {
            Ok(Case {
                record: records.remove(&c.message_id).ok_or(StoreError::NotFound("message"))?,
                reply: replies.remove(&c.message_id),
                id: c.id,
                note: c.note,
                featured_at: c.featured_at,
                updated_at: c.updated_at,
            })
        })
        .collect()
}
