//! `liuyan generate`: realistic messages in bulk, for benchmarks, statistics tests and demonstrations.
//!
//! Deterministic: the same seed, count and end date on the same reference data give the same rows. Each
//! message draws from its own random stream (seed, index), so a run can be cut into chunks. Messages are
//! spread over ten years with more in recent ones, across every region's leaders and units, domains and
//! types, and walk the real road (accepted, assigned, answered, rated, reopened, closed; a few rejected;
//! the newest still under way), with the events, replies and ratings the API would have written. Rows
//! are inserted with explicit ids in chunked transactions, then PostgreSQL's id sequences are moved past
//! them so that the API's own inserts go on from there.

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use liuyan_domain::{Domain, EventKind, MessageStatus, MessageType, Role, Satisfaction};
use rand::distr::{Distribution, weighted::WeightedIndex};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseBackend, EntityTrait, QueryFilter, QuerySelect, Statement,
    TryIntoModel,
};

use crate::Db;
use crate::entities::{account, leader, message, message_event, rating, region, reply, unit};
use crate::error::StoreResult;

#[derive(Debug, Clone)]
pub struct GenerateOptions {
    pub messages: u64,
    pub seed: u64,
    /// The newest message is written before this time; the oldest ten years earlier.
    pub until: DateTime<Utc>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GenerateReport {
    pub messages: u64,
    pub events: u64,
    pub replies: u64,
    pub ratings: u64,
    pub writers: u64,
}

const YEARS: i64 = 10;
const CHUNK: u64 = 1000;
/// Rows per INSERT: under SQLite's 32,766 bound variables for the widest table (messages, 28 columns).
const ROWS_PER_INSERT: usize = 500;

/// Where a message can go: a region with its leaders and its units by domain.
struct Place {
    code: String,
    province: String,
    name: String,
    leaders: Vec<i64>,
    units: Vec<(i64, Vec<Domain>)>,
}

/// Ids to hand out, from past the largest existing one.
struct Ids {
    account: i64,
    message: i64,
    event: i64,
    reply: i64,
    rating: i64,
}

async fn next_id(db: &Db, table: &str) -> StoreResult<i64> {
    let sql = format!("SELECT MAX(id) FROM {table}");
    let row = db.read.query_one_raw(Statement::from_string(db.backend(), sql)).await?;
    let max: Option<i64> = match row {
        Some(row) => row.try_get_by_index(0)?,
        None => None,
    };
    Ok(max.unwrap_or(0) + 1)
}

pub async fn generate(db: &Db, opts: &GenerateOptions) -> StoreResult<GenerateReport> {
    let places = load_places(db).await?;
    let mut ids = Ids {
        account: next_id(db, "accounts").await?,
        message: next_id(db, "messages").await?,
        event: next_id(db, "message_events").await?,
        reply: next_id(db, "replies").await?,
        rating: next_id(db, "ratings").await?,
    };
    let mut report = GenerateReport::default();

    // --- accounts: writers, a moderator, one member of staff per unit without one ---
    let now = chrono::SubsecRound::trunc_subsecs(opts.until, 0);
    let run = ids.account; // keeps logins unique when a database is generated into twice
    let writer_count = (opts.messages / 5).clamp(20, 200_000);
    let mut rng = ChaCha8Rng::seed_from_u64(opts.seed);
    let mut accounts = Vec::new();
    let mut writers = Vec::with_capacity(writer_count as usize);
    for i in 0..writer_count {
        let id = ids.account;
        ids.account += 1;
        let enterprise = rng.random_bool(0.1);
        let (role, name, ent, uscc) = if enterprise {
            let first17 =
                format!("91{}{:09}", places[i as usize % places.len()].code, (run + i as i64) % 1_000_000_000);
            let check = liuyan_domain::uscc::check_char(first17.as_bytes()).unwrap_or('0');
            let name = format!("{}{}有限公司", pick(&mut rng, FIRM_WORDS), pick(&mut rng, FIRM_TRADES));
            (Role::Enterprise, name.clone(), Some(name), Some(format!("{first17}{check}")))
        } else {
            (Role::Citizen, format!("网友{:06}", (run + i as i64) % 1_000_000), None, None)
        };
        writers.push((id, role));
        accounts.push(new_account(id, role, name, None, ent, uscc, None, now));
    }
    let moderator = ids.account;
    ids.account += 1;
    accounts.push(new_account(
        moderator,
        Role::Moderator,
        "数据生成审核员".into(),
        Some(format!("gen{run}-moderator")),
        None,
        None,
        None,
        now,
    ));
    // Replies are written by the unit's existing staff where it has some, else by one made here.
    let staff: Vec<(i64, Option<i64>)> = account::Entity::find()
        .select_only()
        .column(account::Column::Id)
        .column(account::Column::UnitId)
        .filter(account::Column::Role.eq(Role::UnitStaff.as_str()))
        .into_tuple()
        .all(&db.read)
        .await?;
    let mut staff_of: HashMap<i64, i64> = HashMap::new();
    for (id, unit_id) in staff {
        if let Some(u) = unit_id {
            staff_of.entry(u).or_insert(id);
        }
    }
    for p in &places {
        for (unit_id, _) in &p.units {
            if staff_of.contains_key(unit_id) {
                continue;
            }
            let id = ids.account;
            ids.account += 1;
            staff_of.insert(*unit_id, id);
            let username = format!("gen{run}-unit{unit_id}");
            let name = format!("{}办理员", p.name);
            accounts.push(new_account(id, Role::UnitStaff, name, Some(username), None, None, Some(*unit_id), now));
        }
    }
    report.writers = writer_count;
    let txn = db.begin_write().await?;
    for batch in accounts.chunks(ROWS_PER_INSERT) {
        account::Entity::insert_many(batch.to_vec()).exec(&txn).await?;
    }
    txn.commit().await?;

    // --- when each message was written: sorted, so ids follow time ---
    let span = Duration::days(365 * YEARS).num_seconds() as f64;
    let mut times: Vec<i64> = (0..opts.messages)
        .map(|_| {
            // More in recent years: the age is span × (1 − √u).
            let u: f64 = rng.random();
            (span * (1.0 - u.sqrt())) as i64
        })
        .collect();
    times.sort_unstable_by(|a, b| b.cmp(a)); // oldest (largest age) first

    // --- the messages, chunk by chunk ---
    let domain_weights = WeightedIndex::new(DOMAINS.iter().map(|(_, w)| *w)).expect("weights");
    for (chunk_no, chunk) in times.chunks(CHUNK as usize).enumerate() {
        let mut rows = Rows::default();
        for (k, age) in chunk.iter().enumerate() {
            let index = chunk_no as u64 * CHUNK + k as u64;
            let mut r = ChaCha8Rng::seed_from_u64(opts.seed ^ index.wrapping_mul(0x9E37_79B9_7F4A_7C15));
            let created = now - Duration::seconds(*age) - Duration::seconds(r.random_range(1..600));
            let plan = Plan {
                created,
                now,
                place: &places[r.random_range(0..places.len())],
                domain: DOMAINS[domain_weights.sample(&mut r)].0,
                writer: writers[r.random_range(0..writers.len())],
                moderator,
            };
            plan.write(&mut r, &mut ids, &staff_of, &mut rows);
        }
        report.messages += rows.messages.len() as u64;
        report.events += rows.events.len() as u64;
        report.replies += rows.replies.len() as u64;
        report.ratings += rows.ratings.len() as u64;
        rows.insert(db).await?;
    }
    // The cells were added to chunk by chunk; their medians are computed once, at the end.
    let txn = db.begin_write().await?;
    crate::stats::refresh_all_medians(&txn).await?;
    txn.commit().await?;

    if db.backend() == DatabaseBackend::Postgres {
        for table in ["accounts", "messages", "message_events", "replies", "ratings"] {
            db.write
                .execute_unprepared(&format!(
                    "SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT COALESCE(MAX(id), 1) FROM {table}))"
                ))
                .await?;
        }
        // Statistics for the planner on what was just loaded in bulk: without them PostgreSQL guesses
        // one row per condition and reads a month's cells for every unit to find a region's dozen.
        // Autovacuum would gather them in time, where it is on.
        db.write.execute_unprepared("ANALYZE").await?;
    }
    Ok(report)
}

#[allow(clippy::too_many_arguments)]
fn new_account(
    id: i64,
    role: Role,
    display_name: String,
    username: Option<String>,
    enterprise_name: Option<String>,
    uscc: Option<String>,
    unit_id: Option<i64>,
    now: DateTime<Utc>,
) -> account::ActiveModel {
    account::ActiveModel {
        id: Set(id),
        role: Set(role.as_str().to_owned()),
        display_name: Set(display_name),
        username: Set(username),
        phone: Set(None),
        email: Set(None),
        enterprise_name: Set(enterprise_name),
        uscc: Set(uscc),
        // Not an argon2 hash: generated accounts cannot log in.
        password_hash: Set("!generated".into()),
        unit_id: Set(unit_id),
        leader_id: Set(None),
        disabled: Set(false),
        can_run_campaigns: Set(false),
        session_version: Set(0),
        created_at: Set(now - Duration::days(365 * YEARS + 1)),
        updated_at: Set(now),
    }
}

async fn load_places(db: &Db) -> StoreResult<Vec<Place>> {
    let regions = region::Entity::find().all(&db.read).await?;
    let leaders = leader::Entity::find().all(&db.read).await?;
    let units = unit::Entity::find().all(&db.read).await?;
    let mut leaders_of: HashMap<String, Vec<i64>> = HashMap::new();
    for l in leaders {
        leaders_of.entry(l.region_code).or_default().push(l.id);
    }
    let mut units_of: HashMap<String, Vec<(i64, Vec<Domain>)>> = HashMap::new();
    for u in units {
        let domains = u.domains.split(',').filter_map(Domain::parse).collect();
        units_of.entry(u.region_code).or_default().push((u.id, domains));
    }
    let mut places: Vec<Place> = regions
        .iter()
        .map(|r| Place {
            code: r.code.clone(),
            province: r.parent_code.clone().unwrap_or_else(|| r.code.clone()),
            name: r.name.clone(),
            leaders: leaders_of.get(&r.code).cloned().unwrap_or_default(),
            units: units_of.get(&r.code).cloned().unwrap_or_default(),
        })
        .filter(|p| !p.leaders.is_empty() && !p.units.is_empty())
        .collect();
    places.sort_by(|a, b| a.code.cmp(&b.code));
    if places.is_empty() {
        return Err(crate::error::StoreError::invalid(
            "reference",
            "missing",
            "load the reference data first (liuyan seed)",
        ));
    }
    Ok(places)
}

#[derive(Default)]
struct Rows {
    /// Each message's title, body and published replies, for the search index.
    texts: Vec<(i64, String, String, Vec<String>)>,
    messages: Vec<message::ActiveModel>,
    events: Vec<message_event::ActiveModel>,
    replies: Vec<reply::ActiveModel>,
    ratings: Vec<rating::ActiveModel>,
    /// What the messages add to the statistics.
    stats: liuyan_domain::stats::Changes,
}

impl Rows {
    async fn insert(self, db: &Db) -> StoreResult<()> {
        let txn = db.begin_write().await?;
        for batch in self.messages.chunks(ROWS_PER_INSERT) {
            message::Entity::insert_many(batch.to_vec()).exec(&txn).await?;
        }
        for batch in self.replies.chunks(ROWS_PER_INSERT) {
            reply::Entity::insert_many(batch.to_vec()).exec(&txn).await?;
        }
        for batch in self.ratings.chunks(ROWS_PER_INSERT) {
            rating::Entity::insert_many(batch.to_vec()).exec(&txn).await?;
        }
        for batch in self.events.chunks(ROWS_PER_INSERT) {
            message_event::Entity::insert_many(batch.to_vec()).exec(&txn).await?;
        }
        crate::search::write_index_new(&txn, &self.texts).await?;
        crate::stats::apply(&txn, &self.stats).await?;
        txn.commit().await?;
        Ok(())
    }
}

/// One event: kind, actor and role, note, unit, time.
type Step = (EventKind, Option<i64>, &'static str, Option<String>, Option<i64>, DateTime<Utc>);

/// One message's circumstances, drawn before its road.
struct Plan<'a> {
    created: DateTime<Utc>,
    now: DateTime<Utc>,
    place: &'a Place,
    domain: Domain,
    writer: (i64, Role),
    moderator: i64,
}

fn days(r: &mut ChaCha8Rng, lo: f64, hi: f64) -> Duration {
    Duration::seconds((r.random_range(lo..hi) * 86_400.0) as i64)
}

fn pick<'a>(r: &mut ChaCha8Rng, from: &[&'a str]) -> &'a str {
    from[r.random_range(0..from.len())]
}

impl Plan<'_> {
    fn write(&self, r: &mut ChaCha8Rng, ids: &mut Ids, staff_of: &HashMap<i64, i64>, rows: &mut Rows) {
        let id = ids.message;
        ids.message += 1;
        let p = self.place;
        let message_type = match r.random_range(0..100) {
            0..25 => MessageType::Consultation,
            25..60 => MessageType::HelpRequest,
            60..80 => MessageType::Complaint,
            _ => MessageType::Suggestion,
        };
        let (title, body) = text(r, self.domain, &p.name);
        let unit = {
            let fit: Vec<i64> = p.units.iter().filter(|(_, ds)| ds.contains(&self.domain)).map(|(u, _)| *u).collect();
            if fit.is_empty() { p.units[r.random_range(0..p.units.len())].0 } else { fit[r.random_range(0..fit.len())] }
        };
        let staff = staff_of[&unit];
        let is_public = r.random_bool(0.92);
        // Handling got faster over the years: a median of ~40 days ten years ago, ~10 now.
        let years_ago = (self.now - self.created).num_days() as f64 / 365.0;
        let median = 10.0 + 3.0 * years_ago;
        let mut events: Vec<Step> = Vec::new();
        let (writer, writer_role) = self.writer;
        let wrole = writer_role.as_str();
        let mut at = self.created;
        events.push((EventKind::Submitted, Some(writer), wrole, None, None, at));
        let mut m = message::ActiveModel {
            id: Set(id),
            writer_id: Set(writer),
            leader_id: Set(p.leaders[r.random_range(0..p.leaders.len())]),
            region_code: Set(p.code.clone()),
            province_code: Set(p.province.clone()),
            unit_id: Set(None),
            message_type: Set(message_type.as_str().into()),
            domain: Set(self.domain.as_str().into()),
            keywords: Set(Some(crate::stats::keywords_of(&title, &body))),
            title: Set(title.clone()),
            body: Set(body.clone()),
            is_public: Set(is_public),
            listed: Set(false),
            status: Set(MessageStatus::Submitted.as_str().into()),
            round: Set(1),
            reopen_count: Set(0),
            version: Set(1),
            created_at: Set(self.created),
            updated_at: Set(self.created),
            accepted_at: Set(None),
            closed_at: Set(None),
            sla_tier: Set(None),
            due_at: Set(None),
            answered_at: Set(None),
            priority: Set("normal".into()),
            follow_up_count: Set(0),
            topic_id: Set(None),
            first_answered_at: Set(None),
            first_answer_on_time: Set(false),
            satisfaction: Set(None),
        };
        let mut status = MessageStatus::Submitted;
        let mut published: Vec<String> = Vec::new();
        let step = |next: DateTime<Utc>| (next < self.now).then_some(next);

        'road: {
            // Screening.
            let Some(t) = step(at + days(r, 0.05, 2.0)) else { break 'road };
            at = t;
            if r.random_bool(0.04) {
                status = MessageStatus::Rejected;
                events.push((
                    EventKind::Rejected,
                    Some(self.moderator),
                    "moderator",
                    Some("内容与职能无关或重复留言".into()),
                    None,
                    at,
                ));
                m.closed_at = Set(Some(at));
                break 'road;
            }
            status = MessageStatus::Accepted;
            m.accepted_at = Set(Some(at));
            m.sla_tier = Set(Some("standard".into()));
            let first_due = at + Duration::days(21);
            m.due_at = Set(Some(first_due));
            events.push((EventKind::Accepted, Some(self.moderator), "moderator", None, None, at));
            // Assignment.
            let Some(t) = step(at + days(r, 0.05, 1.5)) else { break 'road };
            at = t;
            status = MessageStatus::Assigned;
            m.unit_id = Set(Some(unit));
            events.push((
                EventKind::Assigned,
                Some(self.moderator),
                "moderator",
                Some("请核实并依法依规答复".into()),
                Some(unit),
                at,
            ));
            let mut round = 1;
            loop {
                // The unit's answer, then its review.
                let handling = median * (r.random_range(-0.6f64..0.6).exp()) / round as f64;
                let Some(t) = step(at + days(r, handling * 0.8, handling * 1.2)) else { break 'road };
                let submitted = t;
                status = MessageStatus::ReplyInReview;
                events.push((EventKind::ReplySubmitted, Some(staff), "unit_staff", None, Some(unit), submitted));
                let reviewed = step(submitted + days(r, 0.05, 1.0));
                let reply_id = ids.reply;
                ids.reply += 1;
                let reply_body = answer(r, self.domain);
                if reviewed.is_some() {
                    published.push(reply_body.clone());
                }
                rows.replies.push(reply::ActiveModel {
                    id: Set(reply_id),
                    message_id: Set(id),
                    round: Set(round),
                    unit_id: Set(unit),
                    author_id: Set(staff),
                    body: Set(reply_body),
                    status: Set(if reviewed.is_some() { "published" } else { "in_review" }.into()),
                    return_reason: Set(None),
                    created_at: Set(submitted - Duration::hours(2)),
                    updated_at: Set(reviewed.unwrap_or(submitted)),
                    submitted_at: Set(Some(submitted)),
                    reviewed_at: Set(reviewed),
                    published_at: Set(reviewed),
                    joint_reply_id: Set(None),
                });
                at = submitted;
                let Some(t) = reviewed else { break 'road };
                at = t;
                status = MessageStatus::Replied;
                m.answered_at = Set(Some(at));
                if round == 1 {
                    m.first_answered_at = Set(Some(at));
                    m.first_answer_on_time = Set(at <= first_due);
                }
                events.push((EventKind::ReplyPublished, Some(self.moderator), "moderator", None, Some(unit), at));
                // The writer's rating, if any.
                if !r.random_bool(0.75) {
                    break 'road;
                }
                let Some(t) = step(at + days(r, 0.1, 6.0)) else { break 'road };
                at = t;
                let satisfaction = match r.random_range(0..100) {
                    0..64 => Satisfaction::Satisfied,
                    64..87 => Satisfaction::BasicallySatisfied,
                    _ => Satisfaction::Dissatisfied,
                };
                let score = |r: &mut ChaCha8Rng| -> i16 {
                    match satisfaction {
                        Satisfaction::Satisfied => r.random_range(4..=5),
                        Satisfaction::BasicallySatisfied => r.random_range(3..=4),
                        Satisfaction::Dissatisfied => r.random_range(1..=2),
                    }
                };
                let rating_id = ids.rating;
                ids.rating += 1;
                rows.ratings.push(rating::ActiveModel {
                    id: Set(rating_id),
                    message_id: Set(id),
                    reply_id: Set(reply_id),
                    round: Set(round),
                    writer_id: Set(writer),
                    satisfaction: Set(satisfaction.as_str().into()),
                    speed: Set(score(r)),
                    attitude: Set(score(r)),
                    result: Set(score(r)),
                    comment: Set(String::new()),
                    created_at: Set(at),
                });
                m.satisfaction = Set(Some(satisfaction.as_str().into()));
                events.push((EventKind::Rated, Some(writer), wrole, Some(satisfaction.as_str().into()), None, at));
                // The third rating closes whatever it says (at most 2 reopenings).
                if satisfaction == Satisfaction::Dissatisfied && round < 3 {
                    status = MessageStatus::Reopened;
                    events.push((EventKind::Reopened, Some(writer), wrole, None, Some(unit), at));
                    round += 1;
                    m.round = Set(round);
                    m.reopen_count = Set(round - 1);
                    m.due_at = Set(Some(at + Duration::days(21)));
                    m.answered_at = Set(None);
                    continue;
                }
                status = MessageStatus::Closed;
                m.closed_at = Set(Some(at));
                events.push((EventKind::Closed, Some(writer), wrole, None, Some(unit), at));
                break 'road;
            }
        }
        m.status = Set(status.as_str().into());
        m.listed = Set(is_public && status.is_listed());
        m.version = Set(events.len() as i32);
        m.updated_at = Set(at);
        if let Ok(model) = m.clone().try_into_model() {
            rows.stats.count(&crate::stats::facts_of(&model), 1);
        }
        rows.messages.push(m);
        rows.texts.push((id, title, body, published));
        for (kind, actor, role, note, unit_id, at) in events {
            let event_id = ids.event;
            ids.event += 1;
            rows.events.push(message_event::ActiveModel {
                id: Set(event_id),
                message_id: Set(id),
                kind: Set(kind.as_str().into()),
                actor_id: Set(actor),
                actor_role: Set(role.into()),
                visibility: Set(kind.audience().as_str().into()),
                note: Set(note),
                unit_id: Set(unit_id),
                created_at: Set(at),
            });
        }
    }
}

// ---------- the words ----------

/// Domains with their share of messages (per thousand).
const DOMAINS: &[(Domain, u32)] = &[
    (Domain::UrbanConstruction, 200),
    (Domain::Transport, 110),
    (Domain::Education, 90),
    (Domain::Employment, 50),
    (Domain::AgricultureRural, 60),
    (Domain::Health, 70),
    (Domain::Environment, 80),
    (Domain::LabourWages, 60),
    (Domain::SocialSecurity, 60),
    (Domain::PublicSecurity, 40),
    (Domain::BusinessEnvironment, 40),
    (Domain::CultureTourism, 20),
    (Domain::CivilAffairs, 40),
    (Domain::UnpaidBills, 20),
    (Domain::Permits, 20),
    (Domain::Other, 40),
];

const PLACES: &[&str] = &[
    "幸福里小区",
    "滨江花园",
    "建设路",
    "人民路",
    "城南新村",
    "东湖街道",
    "高新区",
    "老城区",
    "工业园",
    "火车站片区",
    "第三中学",
    "中心医院",
];
const FIRM_WORDS: &[&str] = &["华兴", "恒达", "鑫源", "宏图", "瑞丰", "嘉禾", "中天", "正泰"];
const FIRM_TRADES: &[&str] = &["建设", "科技", "贸易", "物流", "食品", "机械", "环保"];

/// (titles, bodies) by domain; `{p}` is a place, `{c}` the region.
fn templates(d: Domain) -> (&'static [&'static str], &'static [&'static str]) {
    match d {
        Domain::UrbanConstruction => (
            &["{p}工地夜间施工噪音扰民", "{p}老旧小区加装电梯进展缓慢", "{p}拆迁补偿款迟迟不到位", "{p}小区物业乱收费"],
            &[
                "{c}{p}附近的工地每天晚上十点以后还在施工，噪音很大，居民无法休息，希望有关部门管一管。",
                "我们{c}{p}的加装电梯申请提交半年了仍无答复，老人上下楼很困难。",
                "{c}{p}拆迁已经一年多，补偿款一直没有发放，请领导关注。",
            ],
        ),
        Domain::Transport => (
            &["{p}路口红绿灯时间太短", "{p}公交线路调整后出行不便", "{p}道路坑洼多年未修"],
            &[
                "{c}{p}路口行人绿灯只有十几秒，老人孩子过马路很危险，建议延长。",
                "{c}{p}的公交线路取消后，附近居民上班要多走两公里，希望恢复。",
            ],
        ),
        Domain::Education => (
            &["{p}附近学位紧张孩子入学难", "{p}学校课后服务收费问题", "{p}幼儿园收费过高"],
            &[
                "{c}{p}新建小区入住率很高，但对口学校学位不足，孩子入学困难。",
                "{c}{p}学校课后服务费用标准不清楚，家长希望公开收费依据。",
            ],
        ),
        Domain::Employment => (
            &["{p}高校毕业生就业补贴咨询", "{p}灵活就业人员社保补贴"],
            &["请问{c}高校毕业生到{p}就业，能否享受就业补贴，如何申请？"],
        ),
        Domain::AgricultureRural => (
            &["{p}农田灌溉水渠年久失修", "{p}村道硬化问题"],
            &["{c}{p}的灌溉水渠多处破损，春耕在即，村民希望尽快修复。"],
        ),
        Domain::Health => (
            &["{p}医院挂号难排队久", "{p}社区卫生服务中心缺医少药"],
            &["{c}{p}看病挂号要排两三个小时，希望增加窗口和线上号源。"],
        ),
        Domain::Environment => (
            &["{p}餐馆油烟噪音扰民", "{p}河道垃圾堆积发臭", "{p}工厂排放异味"],
            &[
                "{c}{p}楼下的餐馆油烟直排，噪音和气味严重影响居民生活。",
                "{c}{p}附近河道垃圾很多，天热发臭，请环保部门处理。",
            ],
        ),
        Domain::LabourWages => (
            &["{p}工地农民工被欠薪", "{p}公司拖欠工资半年", "讨要欠薪无门求助"],
            &[
                "我们在{c}{p}的工地干了八个月，老板欠薪至今未付，二十多名工人讨薪无门。",
                "{c}{p}某公司拖欠员工工资半年，劳动监察部门能否介入？",
            ],
        ),
        Domain::SocialSecurity => {
            (&["{p}养老保险转移接续咨询", "{p}医保异地报销问题"], &["我从外地到{c}工作，养老保险如何转移接续？"])
        }
        Domain::PublicSecurity => {
            (&["{p}电动车被盗频发", "{p}夜间治安巡逻不足"], &["{c}{p}最近电动车被盗很多，希望加强巡逻和监控。"])
        }
        Domain::BusinessEnvironment => {
            (&["{p}企业开办手续繁琐", "{p}涉企检查过多"], &["在{c}开办企业要跑多个部门，希望推行一网通办。"])
        }
        Domain::CultureTourism => {
            (&["{p}景区门票价格过高", "{p}公共图书馆开放时间短"], &["{c}{p}的图书馆周末不开门，希望延长开放时间。"])
        }
        Domain::CivilAffairs => {
            (&["{p}低保申请审核进度", "{p}养老服务设施不足"], &["我家在{c}{p}，申请低保两个月没有结果，请问进度如何？"])
        }
        Domain::UnpaidBills => (
            &["{p}工程款被拖欠两年", "政府项目账款拖欠求助"],
            &["我公司承建{c}{p}项目，竣工验收两年，工程款仍未支付，企业经营困难。"],
        ),
        Domain::Permits => (
            &["{p}施工许可审批时间长", "{p}食品经营许可证办理咨询"],
            &["在{c}办理施工许可已经三个月，材料齐全仍未批复。"],
        ),
        Domain::Other => (&["{p}相关问题咨询", "关于{p}的建议"], &["关于{c}{p}的有关情况，希望有关部门答复。"]),
    }
}

fn text(r: &mut ChaCha8Rng, d: Domain, region: &str) -> (String, String) {
    let (titles, bodies) = templates(d);
    let place = pick(r, PLACES);
    let fill = |s: &str| s.replace("{p}", place).replace("{c}", region);
    let title = fill(pick(r, titles));
    let mut body = fill(pick(r, bodies));
    if r.random_bool(0.1) {
        body.push_str(&format!("联系电话 13{:09}。", r.random_range(0..1_000_000_000u64)));
    }
    (title, body)
}

fn answer(r: &mut ChaCha8Rng, d: Domain) -> String {
    let opening = pick(r, &["您好！", "网友您好！", "感谢您的留言。"]);
    let middle = match d {
        Domain::LabourWages | Domain::UnpaidBills => "经核实，我单位已责成相关企业限期支付拖欠款项，并将持续跟进。",
        Domain::UrbanConstruction | Domain::Environment => {
            "经现场核查，已要求施工和经营单位整改，执法人员将不定期复查。"
        }
        Domain::Transport => "交通管理部门已到现场勘察，将根据实际情况优化调整。",
        _ => "您反映的问题已收悉，经研究，我单位已按规定办理，具体情况已电话告知。",
    };
    format!("{opening}{middle}如有疑问，请拨打12345热线。")
}
