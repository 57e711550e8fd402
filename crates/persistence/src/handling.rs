//! Handling in depth: deadlines from SLA tiers on the working-day calendar, routing rules, leader
//! instructions, follow-up questions, joint replies and supervision of overdue messages.

use chrono::{DateTime, NaiveDate, Utc};
use liuyan_domain::calendar::{DayKind, SlaDuration, SpecialDay, WorkCalendar, parse_special_days};
use liuyan_domain::message::{MAX_FOLLOW_UPS, check_joint_reply};
use liuyan_domain::routing::{RoutingRule, parse_keywords};
use liuyan_domain::sla::{SlaRule, SlaTier, clock_runs, default_tiers};
use liuyan_domain::supervision::{self as sv, SupervisionMove, SupervisionState};
use liuyan_domain::{Action, Actor, Domain, DomainError, EventKind, MessageStatus, MessageType, Priority, ReplyStatus};
use sea_orm::sea_query::{Expr, LockBehavior, LockType, OnConflict};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseBackend, DatabaseTransaction,
    EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};

use crate::entities::{
    calendar_day, follow_up, joint_reply, message, reply, routing_rule, sla_rule, sla_tier, supervision,
};
use crate::error::StoreResult;
use crate::messages::{Message, MessageRecord, load_for, save_status};
use crate::{Db, Page, StoreError, events};

pub use crate::entities::follow_up::Model as FollowUp;
pub use crate::entities::instruction::Model as Instruction;
pub use crate::entities::joint_reply::Model as JointReply;
pub use crate::entities::supervision::Model as Supervision;

// ---------- defaults ----------

/// The built-in holiday schedule and SLA tiers, loaded once into a new database.
pub(crate) async fn seed_defaults(txn: &DatabaseTransaction) -> StoreResult<()> {
    if calendar_day::Entity::find().count(txn).await? == 0 {
        let days = parse_special_days(liuyan_domain::calendar::BUILT_IN_HOLIDAYS_CSV)
            .map_err(|e| StoreError::conflict("bad_calendar", e))?;
        crate::reference::insert_chunked(txn, days.into_iter().map(day_model)).await?;
    }
    if sla_tier::Entity::find().count(txn).await? == 0 {
        crate::reference::insert_chunked(txn, default_tiers().into_iter().map(tier_model)).await?;
    }
    Ok(())
}

fn day_model(d: SpecialDay) -> calendar_day::ActiveModel {
    calendar_day::ActiveModel {
        day: Set(d.date.format("%Y-%m-%d").to_string()),
        kind: Set(d.kind.as_str().to_owned()),
        name: Set(d.name),
    }
}

fn tier_model(t: SlaTier) -> sla_tier::ActiveModel {
    let (unit, amount) = match t.duration {
        SlaDuration::Hours(h) => ("hours", h),
        SlaDuration::WorkingDays(d) => ("working_days", d),
    };
    sla_tier::ActiveModel {
        code: Set(t.code),
        name: Set(t.name),
        duration_unit: Set(unit.to_owned()),
        amount: Set(amount as i32),
        escalate_after_hours: Set(t.escalate_after_hours as i32),
    }
}

// ---------- calendar and SLA ----------

pub async fn calendar(conn: &impl ConnectionTrait) -> StoreResult<WorkCalendar> {
    Ok(WorkCalendar::new(special_days(conn, None).await?))
}

/// Special days, of one year or all.
pub async fn special_days(conn: &impl ConnectionTrait, year: Option<i32>) -> StoreResult<Vec<SpecialDay>> {
    let mut q = calendar_day::Entity::find().order_by_asc(calendar_day::Column::Day);
    if let Some(year) = year {
        q = q.filter(calendar_day::Column::Day.starts_with(format!("{year:04}-")));
    }
    Ok(q.all(conn)
        .await?
        .into_iter()
        .filter_map(|d| {
            Some(SpecialDay {
                date: NaiveDate::parse_from_str(&d.day, "%Y-%m-%d").ok()?,
                kind: DayKind::parse(&d.kind)?,
                name: d.name,
            })
        })
        .collect())
}

/// Replaces one year's special days (an admin adds the State Council's schedule for a new year).
pub async fn set_year(db: &Db, year: i32, days: Vec<SpecialDay>) -> StoreResult<Vec<SpecialDay>> {
    if let Some(d) = days.iter().find(|d| d.date.format("%Y").to_string() != format!("{year:04}")) {
        return Err(StoreError::invalid("days", "year", format!("{} is not in {year}", d.date)));
    }
    let txn = db.begin_write().await?;
    calendar_day::Entity::delete_many()
        .filter(calendar_day::Column::Day.starts_with(format!("{year:04}-")))
        .exec(&txn)
        .await?;
    let mut days = days;
    days.sort_by_key(|d| d.date);
    days.dedup_by_key(|d| d.date);
    crate::reference::insert_chunked(&txn, days.into_iter().map(day_model)).await?;
    let saved = special_days(&txn, Some(year)).await?;
    txn.commit().await?;
    Ok(saved)
}

fn tier_of(m: sla_tier::Model) -> SlaTier {
    let amount = m.amount.max(0) as u32;
    SlaTier {
        duration: if m.duration_unit == "hours" {
            SlaDuration::Hours(amount)
        } else {
            SlaDuration::WorkingDays(amount)
        },
        escalate_after_hours: m.escalate_after_hours.max(0) as u32,
        code: m.code,
        name: m.name,
    }
}

pub async fn tiers(conn: &impl ConnectionTrait) -> StoreResult<Vec<SlaTier>> {
    Ok(sla_tier::Entity::find()
        .order_by_asc(sla_tier::Column::Code)
        .all(conn)
        .await?
        .into_iter()
        .map(tier_of)
        .collect())
}

pub async fn tier(conn: &impl ConnectionTrait, code: &str) -> StoreResult<SlaTier> {
    sla_tier::Entity::find_by_id(code.to_owned()).one(conn).await?.map(tier_of).ok_or(StoreError::NotFound("SLA tier"))
}

/// Creates or changes a tier. Deadlines already counted stay as they were.
pub async fn put_tier(db: &Db, tier: SlaTier) -> StoreResult<SlaTier> {
    let code = tier.code.clone();
    sla_tier::Entity::insert(tier_model(tier))
        .on_conflict(
            OnConflict::column(sla_tier::Column::Code)
                .update_columns([
                    sla_tier::Column::Name,
                    sla_tier::Column::DurationUnit,
                    sla_tier::Column::Amount,
                    sla_tier::Column::EscalateAfterHours,
                ])
                .to_owned(),
        )
        .exec_without_returning(&db.write)
        .await?;
    self::tier(&db.write, &code).await
}

pub use crate::entities::sla_rule::Model as SlaRuleRow;

pub async fn sla_rules(conn: &impl ConnectionTrait) -> StoreResult<Vec<SlaRuleRow>> {
    Ok(sla_rule::Entity::find().order_by_asc(sla_rule::Column::Id).all(conn).await?)
}

fn rule_of(r: &SlaRuleRow) -> SlaRule {
    SlaRule {
        message_type: r.message_type.as_deref().and_then(MessageType::parse),
        domain: r.domain.as_deref().and_then(Domain::parse),
        tier: r.tier_code.clone(),
    }
}

pub async fn add_sla_rule(
    db: &Db,
    message_type: Option<MessageType>,
    domain: Option<Domain>,
    tier_code: &str,
) -> StoreResult<SlaRuleRow> {
    if message_type.is_none() && domain.is_none() {
        return Err(StoreError::invalid("domain", "required", "a rule names a message type, a domain or both"));
    }
    tier(&db.write, tier_code).await.map_err(|_| StoreError::invalid("tier", "unknown", "no such SLA tier"))?;
    Ok(sla_rule::ActiveModel {
        message_type: Set(message_type.map(|t| t.as_str().to_owned())),
        domain: Set(domain.map(|d| d.as_str().to_owned())),
        tier_code: Set(tier_code.to_owned()),
        created_at: Set(db.now()),
        ..Default::default()
    }
    .insert(&db.write)
    .await?)
}

pub async fn delete_sla_rule(db: &Db, id: i64) -> StoreResult<()> {
    let res = sla_rule::Entity::delete_by_id(id).exec(&db.write).await?;
    if res.rows_affected == 0 {
        return Err(StoreError::NotFound("SLA rule"));
    }
    Ok(())
}

/// The tier and deadline for a message accepted (or reopened) at `at`; `chosen` overrides the rules.
pub(crate) async fn deadline_for(
    txn: &DatabaseTransaction,
    m: &Message,
    chosen: Option<&str>,
    at: DateTime<Utc>,
) -> StoreResult<(SlaTier, DateTime<Utc>)> {
    let code = match chosen {
        Some(code) => code.to_owned(),
        None => {
            let rules: Vec<SlaRule> = sla_rules(txn).await?.iter().map(rule_of).collect();
            let t = MessageType::parse(&m.message_type).unwrap_or(MessageType::Consultation);
            let d = Domain::parse(&m.domain).unwrap_or(Domain::Other);
            liuyan_domain::sla::tier_for(&rules, t, d).to_owned()
        }
    };
    let tier = match tier(txn, &code).await {
        Ok(t) => t,
        Err(StoreError::NotFound(_)) if chosen.is_some() => {
            return Err(StoreError::invalid("sla_tier", "unknown", "no such SLA tier"));
        }
        Err(e) => return Err(e),
    };
    let due = liuyan_domain::sla::deadline(at, &tier, &calendar(txn).await?);
    Ok((tier, due))
}

// ---------- routing rules ----------

pub use crate::entities::routing_rule::Model as RoutingRuleRow;

fn routing_of(r: &RoutingRuleRow) -> Option<RoutingRule> {
    Some(RoutingRule {
        id: r.id,
        region_code: r.region_code.clone(),
        domain: Domain::parse(&r.domain)?,
        keywords: parse_keywords(&r.keywords),
        unit_id: r.unit_id,
    })
}

/// The unit the rules send `m` to, if any.
pub(crate) async fn routed_unit(txn: &DatabaseTransaction, m: &Message) -> StoreResult<Option<(i64, i64)>> {
    let rows = routing_rule::Entity::find()
        .filter(routing_rule::Column::RegionCode.is_in([m.region_code.clone(), m.province_code.clone()]))
        .filter(routing_rule::Column::Domain.eq(m.domain.as_str()))
        .all(txn)
        .await?;
    let rules: Vec<RoutingRule> = rows.iter().filter_map(routing_of).collect();
    let domain = Domain::parse(&m.domain).unwrap_or(Domain::Other);
    let text = format!("{}\n{}", m.title, m.body);
    let unit = liuyan_domain::routing::route(&rules, &m.region_code, &m.province_code, domain, &text);
    Ok(unit.and_then(|u| rules.iter().find(|r| r.unit_id == u).map(|r| (u, r.id))))
}

pub async fn routing_rules(db: &Db, region: Option<&str>) -> StoreResult<Vec<RoutingRuleRow>> {
    let mut q = routing_rule::Entity::find().order_by_asc(routing_rule::Column::Id);
    if let Some(region) = region {
        q = q.filter(routing_rule::Column::RegionCode.eq(region));
    }
    Ok(q.all(&db.read).await?)
}

pub async fn add_routing_rule(
    db: &Db,
    region_code: &str,
    domain: Domain,
    keywords: &str,
    unit_id: i64,
) -> StoreResult<RoutingRuleRow> {
    let txn = db.begin_write().await?;
    crate::reference::get_region(&txn, region_code)
        .await
        .map_err(|_| StoreError::invalid("region_code", "unknown", "no such region"))?;
    crate::reference::get_unit(&txn, unit_id)
        .await
        .map_err(|_| StoreError::invalid("unit_id", "unknown", "no such unit"))?;
    let row = routing_rule::ActiveModel {
        region_code: Set(region_code.to_owned()),
        domain: Set(domain.as_str().to_owned()),
        keywords: Set(parse_keywords(keywords).join(",")),
        unit_id: Set(unit_id),
        created_at: Set(db.now()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    txn.commit().await?;
    Ok(row)
}

pub async fn delete_routing_rule(db: &Db, id: i64) -> StoreResult<()> {
    let res = routing_rule::Entity::delete_by_id(id).exec(&db.write).await?;
    if res.rows_affected == 0 {
        return Err(StoreError::NotFound("routing rule"));
    }
    Ok(())
}

// ---------- instructions ----------

#[derive(Debug, Clone)]
pub struct NewInstruction {
    pub text: String,
    pub priority: Priority,
    /// Overrides the SLA deadline.
    pub due_at: Option<DateTime<Utc>>,
}

// ---------- follow-ups ----------

/// The writer asks a follow-up question about the published answer.
pub async fn ask_follow_up(db: &Db, actor: &Actor, message_id: i64, question: String) -> StoreResult<FollowUp> {
    let txn = db.begin_write().await?;
    let at = db.now();
    let m = load_for(&txn, message_id, actor).await?;
    m.facts().apply(actor, Action::AskFollowUp, None)?;
    if m.follow_up_count >= MAX_FOLLOW_UPS as i32 {
        return Err(DomainError::FollowUpLimit.into());
    }
    let unit_id = m.unit_id.ok_or(StoreError::NotFound("unit"))?;
    let asked = follow_up::ActiveModel {
        message_id: Set(m.id),
        round: Set(m.round),
        unit_id: Set(unit_id),
        question: Set(question.clone()),
        asked_at: Set(at),
        answer: Set(None),
        answered_by: Set(None),
        answered_at: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let count = m.follow_up_count + 1;
    save_status(&txn, at, &m, m.status(), |am| am.follow_up_count = Set(count)).await?;
    events::record(&txn, at, m.as_ref(), EventKind::FollowUpAsked, Some(actor), Some(question), Some(unit_id)).await?;
    txn.commit().await?;
    Ok(asked)
}

/// The unit answers a follow-up question; the answer is public at once, like the question.
pub async fn answer_follow_up(db: &Db, actor: &Actor, follow_up_id: i64, answer: String) -> StoreResult<FollowUp> {
    let txn = db.begin_write().await?;
    let at = db.now();
    let f = follow_up::Entity::find_by_id(follow_up_id).one(&txn).await?.ok_or(StoreError::NotFound("follow-up"))?;
    let m = load_for(&txn, f.message_id, actor).await?;
    m.facts().apply(actor, Action::AnswerFollowUp, None)?;
    if f.answer.is_some() {
        return Err(DomainError::FollowUpAnswered.into());
    }
    let mut am = f.into_active_model();
    am.answer = Set(Some(answer.clone()));
    am.answered_by = Set(Some(actor.account_id));
    am.answered_at = Set(Some(at));
    let saved = am.update(&txn).await?;
    save_status(&txn, at, &m, m.status(), |_| ()).await?;
    events::record(&txn, at, m.as_ref(), EventKind::FollowUpAnswered, Some(actor), Some(answer), m.unit_id).await?;
    txn.commit().await?;
    Ok(saved)
}

// ---------- joint replies ----------

#[derive(Debug, Clone)]
pub struct JointReplyDetail {
    pub joint: JointReply,
    /// The member messages the viewer may see.
    pub messages: Vec<MessageRecord>,
    pub unit_name: String,
}

/// Unit staff answer several of their unit's messages with one reply; it goes to review as one.
pub async fn create_joint_reply(
    db: &Db,
    actor: &Actor,
    title: String,
    body: String,
    message_ids: Vec<i64>,
) -> StoreResult<JointReply> {
    let txn = db.begin_write().await?;
    let at = db.now();
    let mut ids = message_ids;
    ids.sort_unstable();
    ids.dedup();
    let mut members = Vec::with_capacity(ids.len());
    for id in &ids {
        members.push(load_for(&txn, *id, actor).await?);
    }
    let facts: Vec<_> = members.iter().map(|m| m.facts()).collect();
    check_joint_reply(actor, &facts)?;
    let unit_id = actor.unit_id.ok_or(StoreError::NotFound("unit"))?;
    let joint = joint_reply::ActiveModel {
        unit_id: Set(unit_id),
        author_id: Set(actor.account_id),
        title: Set(title),
        body: Set(body.clone()),
        status: Set(ReplyStatus::InReview.as_str().to_owned()),
        return_reason: Set(None),
        created_at: Set(at),
        published_at: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    for m in &members {
        // Any draft the unit had for this message gives way to the joint reply.
        reply::Entity::delete_many()
            .filter(reply::Column::MessageId.eq(m.id))
            .filter(reply::Column::Status.eq(ReplyStatus::Draft.as_str()))
            .exec(&txn)
            .await?;
        reply::ActiveModel {
            message_id: Set(m.id),
            round: Set(m.round),
            unit_id: Set(unit_id),
            author_id: Set(actor.account_id),
            body: Set(body.clone()),
            status: Set(ReplyStatus::InReview.as_str().to_owned()),
            return_reason: Set(None),
            created_at: Set(at),
            updated_at: Set(at),
            submitted_at: Set(Some(at)),
            reviewed_at: Set(None),
            published_at: Set(None),
            joint_reply_id: Set(Some(joint.id)),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        let t = m.facts().next(Action::SubmitReply, None)?;
        save_status(&txn, at, m, t.to, |_| ()).await?;
        let note = Some(format!("joint reply #{}", joint.id));
        events::record(&txn, at, m.after(t.to, m.unit_id), EventKind::ReplySubmitted, Some(actor), note, Some(unit_id))
            .await?;
    }
    txn.commit().await?;
    Ok(joint)
}

/// A moderator publishes a joint reply (every member message is answered) or returns it to the unit.
pub async fn review_joint_reply(
    db: &Db,
    actor: &Actor,
    id: i64,
    approve: bool,
    note: Option<String>,
) -> StoreResult<JointReply> {
    let txn = db.begin_write().await?;
    let at = db.now();
    let joint = joint_reply::Entity::find_by_id(id).one(&txn).await?.ok_or(StoreError::NotFound("joint reply"))?;
    let action = if approve { Action::ApproveReply } else { Action::ReturnReply };
    if !actor.role.is_platform() {
        return Err(DomainError::Forbidden { action }.into());
    }
    if joint.status != ReplyStatus::InReview.as_str() {
        return Err(StoreError::conflict("reply_not_in_review", "only a reply in review can be approved or returned"));
    }
    let members = reply::Entity::find()
        .filter(reply::Column::JointReplyId.eq(id))
        .filter(reply::Column::Status.eq(ReplyStatus::InReview.as_str()))
        .all(&txn)
        .await?;
    for r in members {
        let m = load_for(&txn, r.message_id, actor).await?;
        crate::messages::review_in(&txn, at, actor, &m, r, approve, note.clone()).await?;
    }
    let mut am = joint.into_active_model();
    if approve {
        am.status = Set(ReplyStatus::Published.as_str().to_owned());
        am.published_at = Set(Some(at));
    } else {
        am.status = Set(ReplyStatus::Returned.as_str().to_owned());
        am.return_reason = Set(note);
    }
    let saved = am.update(&txn).await?;
    txn.commit().await?;
    Ok(saved)
}

/// Published joint replies, newest first (in review too for the platform).
pub async fn list_joint_replies(
    db: &Db,
    before: Option<i64>,
    limit: u64,
    staff: bool,
) -> StoreResult<Page<JointReply>> {
    let mut q = joint_reply::Entity::find().order_by_desc(joint_reply::Column::Id);
    if !staff {
        q = q.filter(joint_reply::Column::Status.eq(ReplyStatus::Published.as_str()));
    }
    if let Some(before) = before {
        q = q.filter(joint_reply::Column::Id.lt(before));
    }
    let mut items = q.limit(limit + 1).all(&db.read).await?;
    let next_after = if items.len() as u64 > limit {
        items.truncate(limit as usize);
        items.last().map(|j| j.id)
    } else {
        None
    };
    Ok(Page { items, next_after })
}

pub async fn joint_reply_detail(db: &Db, id: i64, viewer: Option<&Actor>) -> StoreResult<JointReplyDetail> {
    let joint = joint_reply::Entity::find_by_id(id).one(&db.read).await?.ok_or(StoreError::NotFound("joint reply"))?;
    let platform = viewer.is_some_and(|a| a.role.is_platform());
    let own_unit = viewer.is_some_and(|a| a.unit_id == Some(joint.unit_id));
    if joint.status != ReplyStatus::Published.as_str() && !platform && !own_unit {
        return Err(StoreError::NotFound("joint reply"));
    }
    let member_ids: Vec<i64> = reply::Entity::find()
        .filter(reply::Column::JointReplyId.eq(id))
        .select_only()
        .column(reply::Column::MessageId)
        .into_tuple()
        .all(&db.read)
        .await?;
    let rows = message::Entity::find()
        .filter(message::Column::Id.is_in(member_ids))
        .order_by_asc(message::Column::Id)
        .all(&db.read)
        .await?
        .into_iter()
        .filter(|m| m.visibility_for(viewer) != liuyan_domain::Visibility::Hidden)
        .collect();
    let messages = crate::messages::with_names(&db.read, rows).await?;
    let unit_name = crate::reference::get_unit(&db.read, joint.unit_id).await?.name;
    Ok(JointReplyDetail { joint, messages, unit_name })
}

// ---------- supervision ----------

/// Opens a supervision for each overdue message that has none for its round. Several instances may run
/// this at once: on PostgreSQL each claims its messages with `FOR UPDATE SKIP LOCKED`, and the unique
/// (message, round) index makes a second record impossible anyway. Returns how many were opened.
pub async fn open_overdue(db: &Db, limit: u64) -> StoreResult<usize> {
    let txn = db.begin_write().await?;
    let now = db.now();
    let running: Vec<&str> = MessageStatus::ALL.iter().filter(|s| clock_runs(**s)).map(|s| s.as_str()).collect();
    let mut q = message::Entity::find()
        .filter(message::Column::Status.is_in(running))
        .filter(message::Column::DueAt.lt(now))
        .filter(Expr::cust(
            "NOT EXISTS (SELECT 1 FROM supervisions s WHERE s.message_id = messages.id AND s.round = messages.round)",
        ))
        .order_by_asc(message::Column::DueAt)
        .limit(limit);
    if txn.get_database_backend() == DatabaseBackend::Postgres {
        q = q.lock_with_behavior(LockType::Update, LockBehavior::SkipLocked);
    }
    let overdue = q.all(&txn).await?;
    let mut opened = 0;
    for m in overdue {
        let due = m.due_at.unwrap_or(now);
        let tier = match &m.sla_tier {
            Some(code) => tier(&txn, code).await.ok(),
            None => None,
        };
        let escalate_after = tier.map(|t| t.escalate_after_hours).unwrap_or(72);
        let inserted = supervision::Entity::insert(supervision::ActiveModel {
            message_id: Set(m.id),
            round: Set(m.round),
            unit_id: Set(m.unit_id),
            leader_id: Set(m.leader_id),
            state: Set(SupervisionState::Open.as_str().to_owned()),
            due_at: Set(due),
            escalate_at: Set(due + chrono::Duration::hours(escalate_after as i64)),
            opened_at: Set(now),
            escalated_at: Set(None),
            response: Set(None),
            responded_at: Set(None),
            closed_at: Set(None),
            note: Set(None),
            ..Default::default()
        })
        .on_conflict(
            OnConflict::columns([supervision::Column::MessageId, supervision::Column::Round]).do_nothing().to_owned(),
        )
        .exec_without_returning(&txn)
        .await?;
        if inserted == 0 {
            continue;
        }
        events::record(&txn, now, m.as_ref(), EventKind::SupervisionOpened, None, None, m.unit_id).await?;
        opened += 1;
    }
    txn.commit().await?;
    Ok(opened)
}

/// Escalates supervisions whose second deadline passed while the message is still unanswered; closes
/// those whose message was answered meanwhile.
pub async fn escalate_due(db: &Db, limit: u64) -> StoreResult<usize> {
    let txn = db.begin_write().await?;
    let now = db.now();
    let mut q = supervision::Entity::find()
        .filter(
            supervision::Column::State.is_in([SupervisionState::Open.as_str(), SupervisionState::Responded.as_str()]),
        )
        .filter(supervision::Column::EscalateAt.lt(now))
        .order_by_asc(supervision::Column::Id)
        .limit(limit);
    if txn.get_database_backend() == DatabaseBackend::Postgres {
        q = q.lock_with_behavior(LockType::Update, LockBehavior::SkipLocked);
    }
    let due = q.all(&txn).await?;
    let mut escalated = 0;
    for s in due {
        let m = message::Entity::find_by_id(s.message_id).one(&txn).await?.ok_or(StoreError::NotFound("message"))?;
        let still_waiting = clock_runs(m.status()) && m.round == s.round;
        let state = SupervisionState::parse(&s.state).unwrap_or(SupervisionState::Open);
        let mv = if still_waiting { SupervisionMove::Escalate } else { SupervisionMove::Close };
        let to = sv::next(state, mv)?;
        let mut am = s.into_active_model();
        am.state = Set(to.as_str().to_owned());
        if still_waiting {
            am.escalated_at = Set(Some(now));
        } else {
            am.closed_at = Set(Some(now));
        }
        am.update(&txn).await?;
        let kind = if still_waiting { EventKind::SupervisionEscalated } else { EventKind::SupervisionClosed };
        events::record(&txn, now, m.as_ref(), kind, None, None, m.unit_id).await?;
        escalated += still_waiting as usize;
    }
    txn.commit().await?;
    Ok(escalated)
}

/// When a round's answer is published its supervision has done its work.
pub(crate) async fn close_for_answer(txn: &DatabaseTransaction, at: DateTime<Utc>, m: &Message) -> StoreResult<()> {
    let open = supervision::Entity::find()
        .filter(supervision::Column::MessageId.eq(m.id))
        .filter(supervision::Column::Round.eq(m.round))
        .filter(supervision::Column::State.ne(SupervisionState::Closed.as_str()))
        .one(txn)
        .await?;
    if let Some(s) = open {
        let mut am = s.into_active_model();
        am.state = Set(SupervisionState::Closed.as_str().to_owned());
        am.closed_at = Set(Some(at));
        am.note = Set(Some("answered".into()));
        am.update(txn).await?;
        events::record(txn, at, m.as_ref(), EventKind::SupervisionClosed, None, Some("answered".into()), m.unit_id)
            .await?;
    }
    Ok(())
}

#[derive(Debug, Default, Clone)]
pub struct SupervisionFilter {
    pub unit: Option<i64>,
    pub leader: Option<i64>,
    pub state: Option<SupervisionState>,
}

/// Supervisions the actor works with: their unit's, their leader's, or all for the platform.
pub async fn list_supervisions(
    db: &Db,
    actor: &Actor,
    filter: &SupervisionFilter,
    before: Option<i64>,
    limit: u64,
) -> StoreResult<Page<Supervision>> {
    use liuyan_domain::message::{Inbox, inbox_of};
    use supervision::Column as C;
    let mut q = supervision::Entity::find().order_by_desc(C::Id);
    q = match inbox_of(actor) {
        Some(Inbox::Unit(u)) => q.filter(C::UnitId.eq(u)),
        Some(Inbox::Leader(l)) => q.filter(C::LeaderId.eq(l)),
        Some(Inbox::Everything) => q,
        None => return Err(DomainError::Forbidden { action: Action::Assign }.into()),
    };
    if let Some(u) = filter.unit {
        q = q.filter(C::UnitId.eq(u));
    }
    if let Some(l) = filter.leader {
        q = q.filter(C::LeaderId.eq(l));
    }
    if let Some(s) = filter.state {
        q = q.filter(C::State.eq(s.as_str()));
    }
    if let Some(before) = before {
        q = q.filter(C::Id.lt(before));
    }
    let mut items = q.limit(limit + 1).all(&db.read).await?;
    let next_after = if items.len() as u64 > limit {
        items.truncate(limit as usize);
        items.last().map(|s| s.id)
    } else {
        None
    };
    Ok(Page { items, next_after })
}

/// The unit responds to, or a moderator closes, a supervision.
pub async fn move_supervision(
    db: &Db,
    actor: &Actor,
    id: i64,
    mv: SupervisionMove,
    text: String,
) -> StoreResult<Supervision> {
    let txn = db.begin_write().await?;
    let at = db.now();
    let s = supervision::Entity::find_by_id(id).one(&txn).await?.ok_or(StoreError::NotFound("supervision"))?;
    let m = message::Entity::find_by_id(s.message_id).one(&txn).await?.ok_or(StoreError::NotFound("message"))?;
    if !sv::may(actor, s.unit_id, mv) {
        // Staff who do not handle it are not told it exists.
        if m.visibility_for(Some(actor)) == liuyan_domain::Visibility::Hidden {
            return Err(StoreError::NotFound("supervision"));
        }
        return Err(StoreError::Forbidden("the unit responds to a supervision; a moderator closes it".into()));
    }
    let to = sv::next(SupervisionState::parse(&s.state).unwrap_or(SupervisionState::Open), mv)?;
    let mut am = s.into_active_model();
    am.state = Set(to.as_str().to_owned());
    let kind = match mv {
        SupervisionMove::Respond => {
            am.response = Set(Some(text.clone()));
            am.responded_at = Set(Some(at));
            EventKind::SupervisionResponded
        }
        _ => {
            am.note = Set(Some(text.clone()));
            am.closed_at = Set(Some(at));
            EventKind::SupervisionClosed
        }
    };
    let saved = am.update(&txn).await?;
    events::record(&txn, at, m.as_ref(), kind, Some(actor), Some(text), m.unit_id).await?;
    txn.commit().await?;
    Ok(saved)
}

/// The current round's supervision of a message, if any.
pub(crate) async fn current_supervision(conn: &impl ConnectionTrait, m: &Message) -> StoreResult<Option<Supervision>> {
    Ok(supervision::Entity::find()
        .filter(supervision::Column::MessageId.eq(m.id))
        .order_by_desc(supervision::Column::Id)
        .one(conn)
        .await?)
}
