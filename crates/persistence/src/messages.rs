//! Messages, replies, ratings and their events: every state change loads the message, asks
//! `liuyan-domain` whether the move is allowed, and writes the new state and its event in one transaction.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use liuyan_domain::message::{Inbox, inbox_of, visibility};
use liuyan_domain::{
    Action, Actor, Audience, Domain, DomainError, EventKind, MessageFacts, MessageStatus, MessageType, ReplyStatus,
    Satisfaction, Visibility,
};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait,
    IntoActiveModel, QueryFilter, QueryOrder, QuerySelect, TransactionTrait, TryIntoModel,
};

use crate::entities::{
    account, follow_up, idempotency_key, instruction, leader, message, message_event, rating, region, reply, unit,
};
use crate::error::StoreResult;
use crate::reference::{self, Leader, Region, Unit};
use crate::{Db, Page, StoreError, events, handling};

pub use crate::entities::message::Model as Message;
pub use crate::entities::message_event::Model as Event;
pub use crate::entities::rating::Model as Rating;
pub use crate::entities::reply::Model as Reply;

impl Message {
    pub fn status(&self) -> MessageStatus {
        MessageStatus::parse(&self.status).unwrap_or(MessageStatus::Submitted)
    }

    pub fn facts(&self) -> MessageFacts {
        MessageFacts {
            status: self.status(),
            writer_id: self.writer_id,
            leader_id: self.leader_id,
            unit_id: self.unit_id,
            reopen_count: self.reopen_count.clamp(0, u8::MAX as i32) as u8,
        }
    }

    pub fn visibility_for(&self, viewer: Option<&Actor>) -> Visibility {
        visibility(&self.facts(), self.is_public, viewer)
    }
}

#[derive(Debug, Clone)]
pub struct NewMessage {
    pub leader_id: i64,
    pub region_code: String,
    pub message_type: MessageType,
    pub domain: Domain,
    pub title: String,
    pub body: String,
    pub is_public: bool,
    /// The topic (专题) it is written in, if any; the topic's rules apply.
    pub topic_id: Option<i64>,
}

/// The writer as the public may know them: nothing for a citizen, the name for an enterprise.
#[derive(Debug, Clone)]
pub struct WriterInfo {
    pub role: String,
    pub enterprise_name: Option<String>,
    pub uscc: Option<String>,
}

/// A message with the names a reader needs next to it.
#[derive(Debug, Clone)]
pub struct MessageRecord {
    pub message: Message,
    pub region: Region,
    pub leader: Leader,
    pub unit: Option<Unit>,
}

#[derive(Debug, Clone)]
pub struct MessageDetail {
    pub record: MessageRecord,
    pub follow_ups: Vec<handling::FollowUp>,
    pub instructions: Vec<handling::Instruction>,
    /// The latest supervision, for the staff only.
    pub supervision: Option<handling::Supervision>,
    pub visibility: Visibility,
    pub audience: Audience,
    pub writer: WriterInfo,
    pub replies: Vec<Reply>,
    pub ratings: Vec<Rating>,
    pub events: Vec<Event>,
    /// Names of every unit a reply or event mentions.
    pub units: HashMap<i64, Unit>,
    /// Its note in the case library (精选案例), if featured.
    pub case: Option<crate::cases::CaseNote>,
}

#[derive(Debug, Default, Clone)]
pub struct MessageFilter {
    /// A region code; a province also matches its cities.
    pub region: Option<String>,
    pub leader: Option<i64>,
    pub unit: Option<i64>,
    pub message_type: Option<MessageType>,
    pub domain: Option<Domain>,
    pub status: Option<MessageStatus>,
    pub topic: Option<i64>,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
}

/// Whose messages a list shows.
#[derive(Debug, Clone, Copy)]
pub enum Scope {
    /// The public board.
    Public,
    /// One writer's own messages.
    Writer(i64),
    /// What a staff member works on: their unit's, their leader's, or everything for the platform.
    Inbox(Actor),
}

pub async fn list(
    db: &Db,
    scope: Scope,
    filter: &MessageFilter,
    before: Option<i64>,
    limit: u64,
) -> StoreResult<Page<MessageRecord>> {
    use message::Column as C;
    let mut q = message::Entity::find().order_by_desc(C::Id);
    q = match scope {
        Scope::Public => q.filter(C::Listed.eq(true)),
        Scope::Writer(id) => q.filter(C::WriterId.eq(id)),
        Scope::Inbox(actor) => match inbox_of(&actor) {
            Some(Inbox::Unit(id)) => q.filter(C::UnitId.eq(id)),
            Some(Inbox::Leader(id)) => q.filter(C::LeaderId.eq(id)),
            Some(Inbox::Everything) => q,
            None => return Err(StoreError::NotFound("inbox")),
        },
    };
    q = filtered(q, filter);
    if let Some(before) = before {
        q = q.filter(C::Id.lt(before));
    }
    let mut rows = q.limit(limit + 1).all(&db.read).await?;
    let next_after = if rows.len() as u64 > limit {
        rows.truncate(limit as usize);
        rows.last().map(|m| m.id)
    } else {
        None
    };
    let items = with_names(&db.read, rows).await?;
    Ok(Page { items, next_after })
}

/// The list filters applied to a query of messages.
pub(crate) fn filtered(
    mut q: sea_orm::Select<message::Entity>,
    filter: &MessageFilter,
) -> sea_orm::Select<message::Entity> {
    use message::Column as C;
    if let Some(region) = &filter.region {
        q = q.filter(
            sea_orm::Condition::any().add(C::RegionCode.eq(region.as_str())).add(C::ProvinceCode.eq(region.as_str())),
        );
    }
    if let Some(v) = filter.leader {
        q = q.filter(C::LeaderId.eq(v));
    }
    if let Some(v) = filter.unit {
        q = q.filter(C::UnitId.eq(v));
    }
    if let Some(v) = filter.message_type {
        q = q.filter(C::MessageType.eq(v.as_str()));
    }
    if let Some(v) = filter.domain {
        q = q.filter(C::Domain.eq(v.as_str()));
    }
    if let Some(v) = filter.status {
        q = q.filter(C::Status.eq(v.as_str()));
    }
    if let Some(v) = filter.topic {
        q = q.filter(C::TopicId.eq(v));
    }
    if let Some(v) = filter.from {
        q = q.filter(C::CreatedAt.gte(v));
    }
    if let Some(v) = filter.to {
        q = q.filter(C::CreatedAt.lt(v));
    }
    q
}

/// Attaches region, leader and unit names to a page of messages, three queries for the whole page.
pub(crate) async fn with_names(conn: &impl ConnectionTrait, rows: Vec<Message>) -> StoreResult<Vec<MessageRecord>> {
    let region_codes: HashSet<String> = rows.iter().map(|m| m.region_code.clone()).collect();
    let leader_ids: HashSet<i64> = rows.iter().map(|m| m.leader_id).collect();
    let unit_ids: HashSet<i64> = rows.iter().filter_map(|m| m.unit_id).collect();
    let regions: HashMap<String, Region> = region::Entity::find()
        .filter(region::Column::Code.is_in(region_codes))
        .all(conn)
        .await?
        .into_iter()
        .map(|r| (r.code.clone(), r))
        .collect();
    let leaders: HashMap<i64, Leader> = leader::Entity::find()
        .filter(leader::Column::Id.is_in(leader_ids))
        .all(conn)
        .await?
        .into_iter()
        .map(|l| (l.id, l))
        .collect();
    let units = units_by_id(conn, unit_ids).await?;
    rows.into_iter()
        .map(|m| {
            Ok(MessageRecord {
                region: regions.get(&m.region_code).cloned().ok_or(StoreError::NotFound("region"))?,
                leader: leaders.get(&m.leader_id).cloned().ok_or(StoreError::NotFound("leader"))?,
                unit: m.unit_id.and_then(|id| units.get(&id).cloned()),
                message: m,
            })
        })
        .collect()
}

async fn units_by_id(conn: &impl ConnectionTrait, ids: HashSet<i64>) -> StoreResult<HashMap<i64, Unit>> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(unit::Entity::find()
        .filter(unit::Column::Id.is_in(ids))
        .all(conn)
        .await?
        .into_iter()
        .map(|u| (u.id, u))
        .collect())
}

/// A message as `viewer` may see it; hidden messages are "not found".
pub async fn detail(db: &Db, id: i64, viewer: Option<&Actor>) -> StoreResult<MessageDetail> {
    detail_in(&db.read, id, viewer).await
}

async fn detail_in(conn: &impl ConnectionTrait, id: i64, viewer: Option<&Actor>) -> StoreResult<MessageDetail> {
    let m = message::Entity::find_by_id(id).one(conn).await?.ok_or(StoreError::NotFound("message"))?;
    let visibility = m.visibility_for(viewer);
    if visibility == Visibility::Hidden {
        return Err(StoreError::NotFound("message"));
    }
    let audience = Audience::of_viewer(&m.facts(), viewer);
    let audiences: Vec<&str> = Audience::visible_to(audience).iter().map(|a| a.as_str()).collect();
    let events = message_event::Entity::find()
        .filter(message_event::Column::MessageId.eq(id))
        .filter(message_event::Column::Visibility.is_in(audiences))
        .order_by_asc(message_event::Column::Id)
        .all(conn)
        .await?;
    let mut replies_q = reply::Entity::find().filter(reply::Column::MessageId.eq(id)).order_by_asc(reply::Column::Id);
    if audience != Audience::Staff {
        replies_q = replies_q.filter(reply::Column::Status.eq(ReplyStatus::Published.as_str()));
    }
    let replies = replies_q.all(conn).await?;
    let ratings = rating::Entity::find()
        .filter(rating::Column::MessageId.eq(id))
        .order_by_asc(rating::Column::Id)
        .all(conn)
        .await?;
    let writer = account::Entity::find_by_id(m.writer_id).one(conn).await?.ok_or(StoreError::NotFound("account"))?;
    let unit_ids = replies.iter().map(|r| r.unit_id).chain(events.iter().filter_map(|e| e.unit_id)).collect();
    let units = units_by_id(conn, unit_ids).await?;
    let follow_ups = follow_up::Entity::find()
        .filter(follow_up::Column::MessageId.eq(id))
        .order_by_asc(follow_up::Column::Id)
        .all(conn)
        .await?;
    let instructions = instruction::Entity::find()
        .filter(instruction::Column::MessageId.eq(id))
        .order_by_asc(instruction::Column::Id)
        .all(conn)
        .await?;
    let supervision = if audience == Audience::Staff { handling::current_supervision(conn, &m).await? } else { None };
    let record = with_names(conn, vec![m]).await?.remove(0);
    Ok(MessageDetail {
        record,
        follow_ups,
        instructions,
        supervision,
        visibility,
        audience,
        writer: WriterInfo { role: writer.role, enterprise_name: writer.enterprise_name, uscc: writer.uscc },
        replies,
        ratings,
        events,
        units,
        case: crate::cases::note_of(conn, id).await?,
    })
}

/// Writes a message. With an idempotency key, the same key and the same request give back the first
/// message (`false` = not newly created); the same key with a different request is a conflict.
pub async fn create(
    db: &Db,
    writer: &Actor,
    new: NewMessage,
    idempotency: Option<(String, String)>,
) -> StoreResult<(MessageDetail, bool)> {
    let txn = db.begin_write().await?;
    let at = db.now();
    if let Some((key, hash)) = &idempotency
        && let Some(existing) = find_idempotent(&txn, writer.account_id, key, hash).await?
    {
        let detail = detail_in(&txn, existing, Some(writer)).await?;
        return Ok((detail, false));
    }
    let leader = reference::get_leader(&txn, new.leader_id)
        .await
        .map_err(|_| StoreError::invalid("leader_id", "unknown", "no such leader"))?;
    let region = reference::get_region(&txn, &new.region_code)
        .await
        .map_err(|_| StoreError::invalid("region_code", "unknown", "no such region"))?;
    let within =
        region.code == leader.region_code || region.parent_code.as_deref() == Some(leader.region_code.as_str());
    if !within {
        return Err(StoreError::invalid(
            "region_code",
            "outside_leader_region",
            "the region is not within the leader's region",
        ));
    }
    if let Some(topic_id) = new.topic_id {
        crate::campaigns::check_message_topic(&txn, topic_id, writer.role, new.domain).await?;
    }
    let province_code = region.parent_code.clone().unwrap_or_else(|| region.code.clone());
    let keywords = crate::stats::keywords_of(&new.title, &new.body);
    let m = message::ActiveModel {
        writer_id: Set(writer.account_id),
        leader_id: Set(leader.id),
        region_code: Set(region.code.clone()),
        province_code: Set(province_code),
        unit_id: Set(None),
        message_type: Set(new.message_type.as_str().to_owned()),
        domain: Set(new.domain.as_str().to_owned()),
        title: Set(new.title),
        body: Set(new.body),
        is_public: Set(new.is_public),
        topic_id: Set(new.topic_id),
        keywords: Set(Some(keywords)),
        listed: Set(false),
        status: Set(MessageStatus::Submitted.as_str().to_owned()),
        round: Set(1),
        reopen_count: Set(0),
        version: Set(0),
        created_at: Set(at),
        updated_at: Set(at),
        accepted_at: Set(None),
        closed_at: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    events::record(&txn, at, m.as_ref(), EventKind::Submitted, Some(writer), None, None).await?;
    crate::search::index_message(&txn, m.id).await?;
    if let Some((key, hash)) = idempotency {
        let stored = idempotency_key::ActiveModel {
            account_id: Set(writer.account_id),
            idempotency_key: Set(key.clone()),
            request_hash: Set(hash.clone()),
            message_id: Set(m.id),
            created_at: Set(at),
        }
        .insert(&txn)
        .await;
        if let Err(err) = stored {
            // Another request with the same key won the race: ours is rolled back, theirs answers.
            if matches!(err.sql_err(), Some(sea_orm::SqlErr::UniqueConstraintViolation(_))) {
                txn.rollback().await?;
                let conn = &db.write;
                let existing =
                    find_idempotent(conn, writer.account_id, &key, &hash).await?.ok_or(StoreError::Db(err))?;
                return Ok((detail_in(conn, existing, Some(writer)).await?, false));
            }
            return Err(err.into());
        }
    }
    let detail = detail_in(&txn, m.id, Some(writer)).await?;
    txn.commit().await?;
    Ok((detail, true))
}

async fn find_idempotent(
    conn: &impl ConnectionTrait,
    account_id: i64,
    key: &str,
    hash: &str,
) -> StoreResult<Option<i64>> {
    let found = idempotency_key::Entity::find_by_id((account_id, key.to_owned())).one(conn).await?;
    match found {
        Some(k) if k.request_hash == hash => Ok(Some(k.message_id)),
        Some(_) => Err(StoreError::conflict(
            "idempotency_key_reused",
            "this Idempotency-Key was already used with a different request",
        )),
        None => Ok(None),
    }
}

/// Loads a message for a move by `actor`: a message they may not even see is "not found".
pub(crate) async fn load_for(txn: &DatabaseTransaction, id: i64, actor: &Actor) -> StoreResult<Message> {
    let m = message::Entity::find_by_id(id).one(txn).await?.ok_or(StoreError::NotFound("message"))?;
    if m.visibility_for(Some(actor)) == Visibility::Hidden {
        return Err(StoreError::NotFound("message"));
    }
    Ok(m)
}

/// Saves the new state with a version check, so of two racing moves only one lands.
pub(crate) async fn save_status(
    txn: &DatabaseTransaction,
    at: DateTime<Utc>,
    current: &Message,
    to: MessageStatus,
    change: impl FnOnce(&mut message::ActiveModel),
) -> StoreResult<()> {
    let mut am = current.clone().into_active_model();
    am.status = Set(to.as_str().to_owned());
    am.listed = Set(current.is_public && to.is_listed());
    am.version = Set(current.version + 1);
    am.updated_at = Set(at);
    change(&mut am);
    let after = am.clone().try_into_model()?;
    let res = message::Entity::update_many()
        .set(am)
        .filter(message::Column::Id.eq(current.id))
        .filter(message::Column::Version.eq(current.version))
        .exec(txn)
        .await?;
    if res.rows_affected == 0 {
        return Err(StoreError::conflict("concurrent_update", "the message changed meanwhile; reload and try again"));
    }
    crate::stats::record(txn, Some(current), &after).await
}

/// Screening: accept.
pub async fn accept(
    db: &Db,
    actor: &Actor,
    id: i64,
    note: Option<String>,
    sla_tier: Option<String>,
) -> StoreResult<MessageDetail> {
    let txn = db.begin_write().await?;
    let at = db.now();
    let m = load_for(&txn, id, actor).await?;
    let t = m.facts().apply(actor, Action::Accept, None)?;
    let (tier, due) = handling::deadline_for(&txn, &m, sla_tier.as_deref(), at).await?;
    // A routing rule sends it straight to its unit; without one it waits for the leader's office or a
    // moderator to assign it (the routing queue).
    let routed = handling::routed_unit(&txn, &m).await?;
    let to = match routed {
        Some(_) => {
            m.facts()
                .next(Action::Accept, None)
                .and_then(|_| MessageFacts { status: t.to, ..m.facts() }.next(Action::Assign, None))?
                .to
        }
        None => t.to,
    };
    let unit_id = routed.map(|(unit, _)| unit).or(m.unit_id);
    save_status(&txn, at, &m, to, |am| {
        am.accepted_at = Set(Some(at));
        am.sla_tier = Set(Some(tier.code.clone()));
        am.due_at = Set(Some(due));
        am.unit_id = Set(unit_id);
    })
    .await?;
    events::record(&txn, at, m.after(t.to, m.unit_id), EventKind::Accepted, Some(actor), note, None).await?;
    if let Some((unit, rule)) = routed {
        let note = Some(format!("routing rule #{rule}"));
        events::record(&txn, at, m.after(to, Some(unit)), EventKind::Assigned, None, note, Some(unit)).await?;
    }
    finish(txn, id, actor).await
}

/// Screening: reject with a reason the writer sees.
pub async fn reject(db: &Db, actor: &Actor, id: i64, reason: String) -> StoreResult<MessageDetail> {
    let txn = db.begin_write().await?;
    let at = db.now();
    let m = load_for(&txn, id, actor).await?;
    let t = m.facts().apply(actor, Action::Reject, None)?;
    save_status(&txn, at, &m, t.to, |am| am.closed_at = Set(Some(at))).await?;
    events::record(&txn, at, m.after(t.to, m.unit_id), EventKind::Rejected, Some(actor), Some(reason), None).await?;
    finish(txn, id, actor).await
}

/// Hands the message to a unit (assign from `accepted`, transfer while with a unit).
#[allow(clippy::too_many_arguments)] // one step with everything a leader's office may say along with it
pub async fn route(
    db: &Db,
    actor: &Actor,
    id: i64,
    action: Action,
    unit_id: i64,
    note: Option<String>,
    instruction: Option<handling::NewInstruction>,
) -> StoreResult<Option<MessageDetail>> {
    let txn = db.begin_write().await?;
    let at = db.now();
    let m = load_for(&txn, id, actor).await?;
    let t = m.facts().apply(actor, action, None)?;
    reference::get_unit(&txn, unit_id).await.map_err(|_| StoreError::invalid("unit_id", "unknown", "no such unit"))?;
    if m.unit_id == Some(unit_id) {
        return Err(DomainError::SameUnit.into());
    }
    if let Some(due) = instruction.as_ref().and_then(|i| i.due_at)
        && due <= at
    {
        return Err(StoreError::invalid("instruction.due_at", "range", "the deadline must be in the future"));
    }
    save_status(&txn, at, &m, t.to, |am| {
        am.unit_id = Set(Some(unit_id));
        if let Some(i) = &instruction {
            am.priority = Set(i.priority.as_str().to_owned());
            if let Some(due) = i.due_at {
                am.due_at = Set(Some(due));
            }
        }
    })
    .await?;
    let kind = if action == Action::Transfer { EventKind::Transferred } else { EventKind::Assigned };
    if action == Action::Transfer {
        // What the old unit had open goes with the message: the new unit answers the supervision and
        // signs the draft it takes over; the old unit keeps neither.
        crate::entities::supervision::Entity::update_many()
            .col_expr(crate::entities::supervision::Column::UnitId, sea_orm::sea_query::Expr::value(unit_id))
            .filter(crate::entities::supervision::Column::MessageId.eq(id))
            .filter(
                crate::entities::supervision::Column::State
                    .ne(liuyan_domain::supervision::SupervisionState::Closed.as_str()),
            )
            .exec(&txn)
            .await?;
        reply::Entity::update_many()
            .col_expr(reply::Column::UnitId, sea_orm::sea_query::Expr::value(unit_id))
            .filter(reply::Column::MessageId.eq(id))
            .filter(reply::Column::Status.eq(ReplyStatus::Draft.as_str()))
            .exec(&txn)
            .await?;
    }
    let after = m.after(t.to, Some(unit_id));
    events::record(&txn, at, after, kind, Some(actor), note, Some(unit_id)).await?;
    if let Some(i) = instruction {
        instruction::ActiveModel {
            message_id: Set(id),
            author_id: Set(actor.account_id),
            author_role: Set(actor.role.as_str().to_owned()),
            text: Set(i.text.clone()),
            priority: Set(i.priority.as_str().to_owned()),
            due_at: Set(i.due_at),
            created_at: Set(at),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        events::record(&txn, at, after, EventKind::Instructed, Some(actor), Some(i.text), Some(unit_id)).await?;
    }
    finish_seen(txn, id, actor).await
}

async fn finish_seen(txn: DatabaseTransaction, id: i64, actor: &Actor) -> StoreResult<Option<MessageDetail>> {
    let detail = match detail_in(&txn, id, Some(actor)).await {
        Err(StoreError::NotFound(_)) => None,
        other => Some(other?),
    };
    txn.commit().await?;
    Ok(detail)
}

/// Commits and answers the message; for moves after which the mover is still a participant.
async fn finish(txn: DatabaseTransaction, id: i64, actor: &Actor) -> StoreResult<MessageDetail> {
    finish_seen(txn, id, actor).await?.ok_or(StoreError::NotFound("message"))
}

/// Drafts (or replaces the draft of) the unit's reply; with `submit` it goes to review at once.
pub async fn write_reply(db: &Db, actor: &Actor, message_id: i64, body: String, submit: bool) -> StoreResult<Reply> {
    let txn = db.begin_write().await?;
    let at = db.now();
    let m = load_for(&txn, message_id, actor).await?;
    let action = if submit { Action::SubmitReply } else { Action::DraftReply };
    let t = m.facts().apply(actor, action, None)?;
    let unit_id = m.unit_id.ok_or(StoreError::NotFound("unit"))?;
    let draft = reply::Entity::find()
        .filter(reply::Column::MessageId.eq(message_id))
        .filter(reply::Column::Status.eq(ReplyStatus::Draft.as_str()))
        .one(&txn)
        .await?;
    let status = if submit { ReplyStatus::InReview } else { ReplyStatus::Draft };
    let mut am = match draft {
        Some(d) => d.into_active_model(),
        None => reply::ActiveModel {
            message_id: Set(message_id),
            created_at: Set(at),
            return_reason: Set(None),
            reviewed_at: Set(None),
            published_at: Set(None),
            ..Default::default()
        },
    };
    am.round = Set(m.round);
    am.unit_id = Set(unit_id);
    am.author_id = Set(actor.account_id);
    am.body = Set(body);
    am.status = Set(status.as_str().to_owned());
    am.updated_at = Set(at);
    am.submitted_at = Set(submit.then_some(at));
    let saved = am.save(&txn).await?;
    let reply_id = match saved.id {
        sea_orm::ActiveValue::Set(id) | sea_orm::ActiveValue::Unchanged(id) => id,
        sea_orm::ActiveValue::NotSet => return Err(StoreError::NotFound("reply")),
    };
    if submit {
        save_status(&txn, at, &m, t.to, |_| ()).await?;
    }
    let kind = if submit { EventKind::ReplySubmitted } else { EventKind::ReplyDrafted };
    events::record(&txn, at, m.after(t.to, m.unit_id), kind, Some(actor), None, Some(unit_id)).await?;
    let reply = reply::Entity::find_by_id(reply_id).one(&txn).await?.ok_or(StoreError::NotFound("reply"))?;
    txn.commit().await?;
    Ok(reply)
}

/// Edits a draft, or submits it for review (`body` may be left as it is).
pub async fn update_reply(
    db: &Db,
    actor: &Actor,
    reply_id: i64,
    body: Option<String>,
    submit: bool,
) -> StoreResult<Reply> {
    let txn = db.begin_write().await?;
    let at = db.now();
    let (r, _) = load_reply(&txn, reply_id, Some(actor), true).await?;
    let m = load_for(&txn, r.message_id, actor).await?;
    let action = if submit { Action::SubmitReply } else { Action::DraftReply };
    let facts = m.facts();
    if !facts.may(actor, action) {
        return Err(DomainError::Forbidden { action }.into());
    }
    if r.status != ReplyStatus::Draft.as_str() {
        return Err(StoreError::conflict("reply_not_draft", "only a draft reply can be edited or submitted"));
    }
    let t = facts.next(action, None)?;
    let mut am = r.into_active_model();
    if let Some(body) = body {
        am.body = Set(body);
    }
    am.author_id = Set(actor.account_id);
    am.updated_at = Set(at);
    if submit {
        am.status = Set(ReplyStatus::InReview.as_str().to_owned());
        am.submitted_at = Set(Some(at));
        save_status(&txn, at, &m, t.to, |_| ()).await?;
    }
    let saved = am.update(&txn).await?;
    let kind = if submit { EventKind::ReplySubmitted } else { EventKind::ReplyDrafted };
    events::record(&txn, at, m.after(t.to, m.unit_id), kind, Some(actor), None, Some(saved.unit_id)).await?;
    txn.commit().await?;
    Ok(saved)
}

/// Loads a reply for `actor`. To read it, an unpublished reply exists only for the staff. To act on it,
/// anyone who can see the message gets as far as the rules, which then say 403 or 409.
async fn load_reply(
    txn: &DatabaseTransaction,
    reply_id: i64,
    actor: Option<&Actor>,
    to_act: bool,
) -> StoreResult<(Reply, Audience)> {
    let r = reply::Entity::find_by_id(reply_id).one(txn).await?.ok_or(StoreError::NotFound("reply"))?;
    let m = message::Entity::find_by_id(r.message_id).one(txn).await?.ok_or(StoreError::NotFound("message"))?;
    let sees_message = m.visibility_for(actor) != Visibility::Hidden;
    let audience = Audience::of_viewer(&m.facts(), actor);
    let staff = audience == Audience::Staff;
    let visible = sees_message && (to_act || staff || r.status == ReplyStatus::Published.as_str());
    if !visible {
        return Err(StoreError::NotFound("reply"));
    }
    Ok((r, audience))
}

/// A reply as `viewer` may read it, with what kind of viewer they are.
pub async fn get_reply(db: &Db, reply_id: i64, viewer: Option<&Actor>) -> StoreResult<(Reply, Audience)> {
    let txn = db.read.begin().await?;
    let found = load_reply(&txn, reply_id, viewer, false).await?;
    txn.commit().await?;
    Ok(found)
}

/// Review by a moderator: publish the reply, or return it to the unit with a reason.
pub async fn review_reply(
    db: &Db,
    actor: &Actor,
    reply_id: i64,
    approve: bool,
    note: Option<String>,
) -> StoreResult<Reply> {
    let txn = db.begin_write().await?;
    let at = db.now();
    let (r, _) = load_reply(&txn, reply_id, Some(actor), true).await?;
    let m = load_for(&txn, r.message_id, actor).await?;
    if r.joint_reply_id.is_some() {
        return Err(StoreError::conflict("part_of_joint_reply", "this reply is reviewed with its joint reply"));
    }
    let saved = review_in(&txn, at, actor, &m, r, approve, note).await?;
    txn.commit().await?;
    Ok(saved)
}

/// Publishes or returns one reply in review, inside the caller's transaction.
pub(crate) async fn review_in(
    txn: &DatabaseTransaction,
    at: DateTime<Utc>,
    actor: &Actor,
    m: &Message,
    r: Reply,
    approve: bool,
    note: Option<String>,
) -> StoreResult<Reply> {
    let action = if approve { Action::ApproveReply } else { Action::ReturnReply };
    let facts = m.facts();
    if !facts.may(actor, action) {
        return Err(DomainError::Forbidden { action }.into());
    }
    if r.status != ReplyStatus::InReview.as_str() {
        return Err(StoreError::conflict("reply_not_in_review", "only a reply in review can be approved or returned"));
    }
    let t = facts.next(action, None)?;
    let mut am = r.into_active_model();
    am.reviewed_at = Set(Some(at));
    am.updated_at = Set(at);
    if approve {
        am.status = Set(ReplyStatus::Published.as_str().to_owned());
        am.published_at = Set(Some(at));
    } else {
        am.status = Set(ReplyStatus::Returned.as_str().to_owned());
        am.return_reason = Set(note.clone());
    }
    let saved = am.update(txn).await?;
    let answered_at = m.answered_at.or(Some(at));
    save_status(txn, at, m, t.to, |am| {
        if approve {
            am.answered_at = Set(answered_at);
            if m.first_answered_at.is_none() {
                am.first_answered_at = Set(Some(at));
                am.first_answer_on_time = Set(m.due_at.is_none_or(|due| at <= due));
            }
        }
    })
    .await?;
    let kind = if approve { EventKind::ReplyPublished } else { EventKind::ReplyReturned };
    events::record(txn, at, m.after(t.to, m.unit_id), kind, Some(actor), note, Some(saved.unit_id)).await?;
    if approve {
        handling::close_for_answer(txn, at, m).await?;
        crate::search::index_message(txn, m.id).await?;
    }
    Ok(saved)
}

#[derive(Debug, Clone)]
pub struct NewRating {
    pub satisfaction: Satisfaction,
    pub speed: i16,
    pub attitude: i16,
    pub result: i16,
    pub comment: String,
}

/// The writer rates the latest published reply. Dissatisfied reopens the message to its unit for another
/// round (while rounds are left); otherwise it closes.
pub async fn rate(db: &Db, actor: &Actor, message_id: i64, new: NewRating) -> StoreResult<MessageDetail> {
    let txn = db.begin_write().await?;
    let at = db.now();
    let m = load_for(&txn, message_id, actor).await?;
    let facts = m.facts();
    if !facts.may(actor, Action::Rate) {
        return Err(DomainError::Forbidden { action: Action::Rate }.into());
    }
    let latest = reply::Entity::find()
        .filter(reply::Column::MessageId.eq(message_id))
        .filter(reply::Column::Status.eq(ReplyStatus::Published.as_str()))
        .order_by_desc(reply::Column::Id)
        .one(&txn)
        .await?;
    if let Some(latest) = &latest {
        let rated = rating::Entity::find().filter(rating::Column::ReplyId.eq(latest.id)).one(&txn).await?;
        if rated.is_some() {
            return Err(DomainError::AlreadyRated.into());
        }
    }
    let t = facts.next(Action::Rate, Some(new.satisfaction))?;
    let latest = latest.ok_or(StoreError::NotFound("reply"))?;
    rating::ActiveModel {
        message_id: Set(message_id),
        reply_id: Set(latest.id),
        round: Set(m.round),
        writer_id: Set(actor.account_id),
        satisfaction: Set(new.satisfaction.as_str().to_owned()),
        speed: Set(new.speed),
        attitude: Set(new.attitude),
        result: Set(new.result),
        comment: Set(new.comment),
        created_at: Set(at),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(|e| match e.sql_err() {
        Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) => StoreError::Domain(DomainError::AlreadyRated),
        _ => StoreError::Db(e),
    })?;
    let round = m.round;
    let reopen_count = m.reopen_count;
    // A new round gets a new deadline, counted from the reopening by the same tier.
    let new_due =
        if t.reopened { Some(handling::deadline_for(&txn, &m, m.sla_tier.as_deref(), at).await?.1) } else { None };
    save_status(&txn, at, &m, t.to, |am| {
        am.satisfaction = Set(Some(new.satisfaction.as_str().to_owned()));
        if t.reopened {
            am.round = Set(round + 1);
            am.reopen_count = Set(reopen_count + 1);
            am.due_at = Set(new_due);
            am.answered_at = Set(None);
        } else {
            am.closed_at = Set(Some(at));
        }
    })
    .await?;
    events::record(
        &txn,
        at,
        m.after(t.to, m.unit_id),
        EventKind::Rated,
        Some(actor),
        Some(new.satisfaction.as_str().to_owned()),
        None,
    )
    .await?;
    let follow = if t.reopened { EventKind::Reopened } else { EventKind::Closed };
    events::record(&txn, at, m.after(t.to, m.unit_id), follow, Some(actor), None, m.unit_id).await?;
    finish(txn, message_id, actor).await
}

/// Headline counts for the public board's front page.
#[derive(Debug, Clone, Copy, Default)]
pub struct BoardSummary {
    pub public_messages: u64,
    pub replied_messages: u64,
    pub units: u64,
    pub leaders: u64,
}

/// Counts over indexed columns. The statistics issue replaces this with maintained aggregates.
pub async fn summary(db: &Db) -> StoreResult<BoardSummary> {
    use sea_orm::PaginatorTrait;
    let conn = &db.read;
    let listed = message::Entity::find().filter(message::Column::Listed.eq(true));
    let replied = [MessageStatus::Replied, MessageStatus::Closed, MessageStatus::Reopened].map(|s| s.as_str());
    Ok(BoardSummary {
        public_messages: listed.clone().count(conn).await?,
        replied_messages: listed.filter(message::Column::Status.is_in(replied)).count(conn).await?,
        units: unit::Entity::find().count(conn).await?,
        leaders: leader::Entity::find().count(conn).await?,
    })
}
