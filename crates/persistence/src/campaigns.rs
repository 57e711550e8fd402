//! Suggestion campaigns (征集), their suggestions and supports, and topics (专题). Every change loads
//! what it acts on, asks `liuyan-domain::campaign` whether it is allowed, and writes in one transaction.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use liuyan_domain::campaign::{
    CampaignFacts, CampaignMove, CampaignPhase, CampaignRules, CampaignStatus, Owner, ReviewOutcome, SuggestionStatus,
    TopicRefusal, TopicRules, TopicWriters, crosses_threshold, may_manage, screen,
};
use liuyan_domain::{Actor, Domain, Role};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, DatabaseBackend, DatabaseTransaction,
    EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};

use crate::entities::{account, campaign, leader, notification, suggestion, suggestion_support, topic, unit};
use crate::error::{StoreResult, unique_violation};
use crate::messages::WriterInfo;
use crate::{Db, Page, StoreError, reference};

pub use crate::entities::campaign::Model as Campaign;
pub use crate::entities::suggestion::Model as Suggestion;
pub use crate::entities::topic::Model as Topic;

// ---------- topics ----------

impl Topic {
    pub fn writers(&self) -> TopicWriters {
        TopicWriters::parse(&self.writers).unwrap_or(TopicWriters::Everyone)
    }

    pub fn domains(&self) -> Vec<Domain> {
        self.domains.split(',').filter_map(Domain::parse).collect()
    }

    pub fn rules(&self) -> TopicRules {
        TopicRules { active: self.active, writers: self.writers(), domains: self.domains() }
    }
}

/// The topics every board starts with; admins rename, close or add to them.
const DEFAULT_TOPICS: &[(&str, &str, &str, TopicWriters, &[Domain])] = &[
    (
        "business-environment",
        "优化营商环境",
        "对营商环境、政务服务、市场监管的意见和建议。",
        TopicWriters::Everyone,
        &[],
    ),
    (
        "sme-arrears",
        "清理拖欠中小企业账款",
        "反映机关、事业单位和大型企业拖欠中小企业账款的问题。",
        TopicWriters::Everyone,
        &[Domain::UnpaidBills, Domain::BusinessEnvironment],
    ),
    (
        "enterprise-channel",
        "政企直通车",
        "企业专用通道：营商环境、账款拖欠、审批许可等诉求，由企业账户填写。",
        TopicWriters::Enterprises,
        &[Domain::BusinessEnvironment, Domain::UnpaidBills, Domain::Permits, Domain::LabourWages, Domain::Other],
    ),
];

/// Adds the default topics to a board that has none yet.
pub(crate) async fn seed_topics(txn: &DatabaseTransaction, at: DateTime<Utc>) -> StoreResult<()> {
    if topic::Entity::find().count(txn).await? > 0 {
        return Ok(());
    }
    let rows =
        DEFAULT_TOPICS.iter().enumerate().map(|(i, (slug, name, description, writers, domains))| topic::ActiveModel {
            slug: Set((*slug).to_owned()),
            name: Set((*name).to_owned()),
            description: Set((*description).to_owned()),
            writers: Set(writers.as_str().to_owned()),
            domains: Set(join_domains(domains)),
            active: Set(true),
            sort_order: Set(i as i32),
            created_at: Set(at),
            ..Default::default()
        });
    topic::Entity::insert_many(rows.collect::<Vec<_>>()).exec_without_returning(txn).await?;
    Ok(())
}

fn join_domains(domains: &[Domain]) -> String {
    domains.iter().map(|d| d.as_str()).collect::<Vec<_>>().join(",")
}

pub async fn list_topics(db: &Db, include_closed: bool) -> StoreResult<Vec<Topic>> {
    let mut q = topic::Entity::find().order_by_asc(topic::Column::SortOrder).order_by_asc(topic::Column::Id);
    if !include_closed {
        q = q.filter(topic::Column::Active.eq(true));
    }
    Ok(q.all(&db.read).await?)
}

pub async fn get_topic(conn: &impl ConnectionTrait, id: i64) -> StoreResult<Topic> {
    topic::Entity::find_by_id(id).one(conn).await?.ok_or(StoreError::NotFound("topic"))
}

#[derive(Debug, Clone)]
pub struct NewTopic {
    pub slug: String,
    pub name: String,
    pub description: String,
    pub writers: TopicWriters,
    pub domains: Vec<Domain>,
    pub active: bool,
    pub sort_order: i32,
}

pub async fn create_topic(db: &Db, new: NewTopic) -> StoreResult<Topic> {
    let txn = db.begin_write().await?;
    let taken = topic::Entity::find().filter(topic::Column::Slug.eq(new.slug.as_str())).count(&txn).await? > 0;
    if taken {
        return Err(StoreError::conflict("topic_exists", "a topic with this slug already exists"));
    }
    let saved = topic::ActiveModel {
        slug: Set(new.slug),
        name: Set(new.name),
        description: Set(new.description),
        writers: Set(new.writers.as_str().to_owned()),
        domains: Set(join_domains(&new.domains)),
        active: Set(new.active),
        sort_order: Set(new.sort_order),
        created_at: Set(db.now()),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(|e| unique_violation(e, "topic_exists", "a topic with this slug already exists"))?;
    txn.commit().await?;
    Ok(saved)
}

#[derive(Debug, Default, Clone)]
pub struct TopicChanges {
    pub name: Option<String>,
    pub description: Option<String>,
    pub writers: Option<TopicWriters>,
    pub domains: Option<Vec<Domain>>,
    pub active: Option<bool>,
    pub sort_order: Option<i32>,
}

pub async fn update_topic(db: &Db, id: i64, changes: TopicChanges) -> StoreResult<Topic> {
    let txn = db.begin_write().await?;
    let mut model = get_topic(&txn, id).await?.into_active_model();
    if let Some(v) = changes.name {
        model.name = Set(v);
    }
    if let Some(v) = changes.description {
        model.description = Set(v);
    }
    if let Some(v) = changes.writers {
        model.writers = Set(v.as_str().to_owned());
    }
    if let Some(v) = changes.domains {
        model.domains = Set(join_domains(&v));
    }
    if let Some(v) = changes.active {
        model.active = Set(v);
    }
    if let Some(v) = changes.sort_order {
        model.sort_order = Set(v);
    }
    let saved = model.update(&txn).await?;
    txn.commit().await?;
    Ok(saved)
}

/// Whether a message of `domain` by an account of `role` may be written in topic `topic_id`.
pub(crate) async fn check_message_topic(
    conn: &impl ConnectionTrait,
    topic_id: i64,
    role: Role,
    domain: Domain,
) -> StoreResult<()> {
    let topic =
        get_topic(conn, topic_id).await.map_err(|_| StoreError::invalid("topic_id", "unknown", "no such topic"))?;
    topic.rules().check_message(role, domain).map_err(|refusal| match refusal {
        TopicRefusal::Closed => StoreError::invalid("topic_id", "closed", "this topic no longer takes messages"),
        TopicRefusal::Writers => StoreError::Forbidden(format!("only enterprise accounts may write in {}", topic.name)),
        TopicRefusal::Domain => StoreError::invalid(
            "domain",
            "not_in_topic",
            format!(
                "{} takes messages about: {}",
                topic.name,
                topic.domains().iter().map(|d| d.as_str()).collect::<Vec<_>>().join(", ")
            ),
        ),
    })
}

// ---------- campaigns ----------

impl Campaign {
    pub fn status(&self) -> CampaignStatus {
        CampaignStatus::parse(&self.status).unwrap_or(CampaignStatus::Draft)
    }

    pub fn owner(&self) -> Owner {
        match (self.leader_id, self.unit_id) {
            (_, Some(unit)) => Owner::Unit(unit),
            (Some(leader), None) => Owner::Leader(leader),
            (None, None) => Owner::Leader(0), // the schema's check keeps one of the two
        }
    }

    pub fn rules(&self) -> CampaignRules {
        CampaignRules {
            max_per_account: self.max_per_account.max(0) as u32,
            citizens: self.allow_citizens,
            enterprises: self.allow_enterprises,
            real_name: self.real_name_required,
            support_threshold: self.support_threshold.map(|t| t.max(1) as u32),
        }
    }

    pub fn facts(&self) -> CampaignFacts {
        CampaignFacts {
            status: self.status(),
            owner: self.owner(),
            opens_at: self.opens_at,
            closes_at: self.closes_at,
            rules: self.rules(),
        }
    }
}

/// What a campaign is about and when, as its owner writes it.
#[derive(Debug, Clone)]
pub struct CampaignPlan {
    pub title: String,
    pub description: String,
    pub topic_id: Option<i64>,
    pub opens_at: DateTime<Utc>,
    pub closes_at: DateTime<Utc>,
    pub rules: CampaignRules,
}

/// Changes to a draft; `None` keeps the value.
#[derive(Debug, Default, Clone)]
pub struct CampaignChanges {
    pub title: Option<String>,
    pub description: Option<String>,
    pub topic_id: Option<Option<i64>>,
    pub opens_at: Option<DateTime<Utc>>,
    pub closes_at: Option<DateTime<Utc>>,
    pub max_per_account: Option<u32>,
    pub allow_citizens: Option<bool>,
    pub allow_enterprises: Option<bool>,
    pub real_name_required: Option<bool>,
    pub support_threshold: Option<Option<u32>>,
}

/// Counts shown with a campaign.
#[derive(Debug, Clone, Copy, Default)]
pub struct CampaignCounts {
    /// Public suggestions (screened in).
    pub suggestions: u64,
    /// Supports given to them.
    pub supports: u64,
    /// Accounts that submitted at least one public suggestion.
    pub participants: u64,
}

/// A campaign with the names and counts a reader needs.
#[derive(Debug, Clone)]
pub struct CampaignRecord {
    pub campaign: Campaign,
    pub owner_name: String,
    pub region_name: String,
    pub topic: Option<(i64, String)>,
    pub counts: CampaignCounts,
    /// The viewer runs this campaign.
    pub managed: bool,
}

/// The account behind `actor`, for rules that need more than the token says.
async fn account_of(conn: &impl ConnectionTrait, actor: &Actor) -> StoreResult<account::Model> {
    account::Entity::find_by_id(actor.account_id).one(conn).await?.ok_or(StoreError::NotFound("account"))
}

/// Whether `viewer` runs campaigns of `owner`; loads the staff right only when it matters.
async fn manages(conn: &impl ConnectionTrait, viewer: Option<&Actor>, owner: Owner) -> StoreResult<bool> {
    let Some(actor) = viewer else { return Ok(false) };
    let right = actor.role == Role::UnitStaff && account_of(conn, actor).await?.can_run_campaigns;
    Ok(may_manage(actor, owner, right))
}

fn real_name(account: &account::Model) -> bool {
    match account.role() {
        Role::Enterprise => account.uscc.is_some(),
        Role::Citizen => account.phone.is_some(),
        _ => false,
    }
}

/// A leader office or unit staff member (with the right) creates a draft for their own body; an admin
/// names the body with `leader_id` or `unit_id`.
pub async fn create_campaign(
    db: &Db,
    actor: &Actor,
    owner: Option<Owner>,
    plan: CampaignPlan,
) -> StoreResult<CampaignRecord> {
    let owner = match (actor.role, owner) {
        (Role::Admin, Some(owner)) => owner,
        (Role::Admin, None) => {
            return Err(StoreError::invalid("leader_id", "required", "an admin names the leader or unit that runs it"));
        }
        (Role::LeaderOffice, _) => Owner::Leader(actor.leader_id.unwrap_or_default()),
        (Role::UnitStaff, _) => Owner::Unit(actor.unit_id.unwrap_or_default()),
        _ => return Err(StoreError::Forbidden("only leader offices and unit staff run campaigns".into())),
    };
    if let Err((field, code, message)) = liuyan_domain::campaign::check_plan(plan.opens_at, plan.closes_at, &plan.rules)
    {
        return Err(StoreError::invalid(field, code, message));
    }
    let txn = db.begin_write().await?;
    if !manages(&txn, Some(actor), owner).await? {
        return Err(StoreError::Forbidden(
            "unit staff need the campaign right, given by an admin, to run campaigns".into(),
        ));
    }
    let (leader_id, unit_id, region_code) = match owner {
        Owner::Leader(id) => {
            let l = reference::get_leader(&txn, id)
                .await
                .map_err(|_| StoreError::invalid("leader_id", "unknown", "no such leader"))?;
            (Some(l.id), None, l.region_code)
        }
        Owner::Unit(id) => {
            let u = reference::get_unit(&txn, id)
                .await
                .map_err(|_| StoreError::invalid("unit_id", "unknown", "no such unit"))?;
            (None, Some(u.id), u.region_code)
        }
    };
    if let Some(id) = plan.topic_id {
        get_topic(&txn, id).await.map_err(|_| StoreError::invalid("topic_id", "unknown", "no such topic"))?;
    }
    let at = db.now();
    let rules = plan.rules;
    let saved = campaign::ActiveModel {
        title: Set(plan.title),
        description: Set(plan.description),
        topic_id: Set(plan.topic_id),
        leader_id: Set(leader_id),
        unit_id: Set(unit_id),
        region_code: Set(region_code),
        created_by: Set(actor.account_id),
        status: Set(CampaignStatus::Draft.as_str().to_owned()),
        opens_at: Set(plan.opens_at),
        closes_at: Set(plan.closes_at),
        max_per_account: Set(rules.max_per_account as i32),
        allow_citizens: Set(rules.citizens),
        allow_enterprises: Set(rules.enterprises),
        real_name_required: Set(rules.real_name),
        support_threshold: Set(rules.support_threshold.map(|t| t as i32)),
        results_summary: Set(None),
        created_at: Set(at),
        updated_at: Set(at),
        published_at: Set(None),
        closed_at: Set(None),
        results_published_at: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let record = record_of(&txn, saved, Some(actor)).await?;
    txn.commit().await?;
    Ok(record)
}

/// Loads a campaign the viewer may see: drafts only for those who run it.
async fn visible_campaign(conn: &impl ConnectionTrait, id: i64, viewer: Option<&Actor>) -> StoreResult<Campaign> {
    let c = campaign::Entity::find_by_id(id).one(conn).await?.ok_or(StoreError::NotFound("campaign"))?;
    let see_drafts = viewer.is_some_and(|a| a.role.is_platform()) || manages(conn, viewer, c.owner()).await?;
    if c.status() == CampaignStatus::Draft && !see_drafts {
        return Err(StoreError::NotFound("campaign"));
    }
    Ok(c)
}

/// Loads a campaign for a change by someone who must run it.
async fn managed_campaign(txn: &DatabaseTransaction, id: i64, actor: &Actor) -> StoreResult<Campaign> {
    let c = visible_campaign(txn, id, Some(actor)).await?;
    if !manages(txn, Some(actor), c.owner()).await? {
        return Err(StoreError::Forbidden("only the campaign's owner may do this".into()));
    }
    Ok(c)
}

pub async fn update_campaign(db: &Db, actor: &Actor, id: i64, changes: CampaignChanges) -> StoreResult<CampaignRecord> {
    let txn = db.begin_write().await?;
    let current = managed_campaign(&txn, id, actor).await?;
    current.facts().next(CampaignMove::Edit, db.now())?;
    let mut rules = current.rules();
    if let Some(v) = changes.max_per_account {
        rules.max_per_account = v;
    }
    if let Some(v) = changes.allow_citizens {
        rules.citizens = v;
    }
    if let Some(v) = changes.allow_enterprises {
        rules.enterprises = v;
    }
    if let Some(v) = changes.real_name_required {
        rules.real_name = v;
    }
    if let Some(v) = changes.support_threshold {
        rules.support_threshold = v;
    }
    let opens_at = changes.opens_at.unwrap_or(current.opens_at);
    let closes_at = changes.closes_at.unwrap_or(current.closes_at);
    if let Err((field, code, message)) = liuyan_domain::campaign::check_plan(opens_at, closes_at, &rules) {
        return Err(StoreError::invalid(field, code, message));
    }
    if let Some(Some(topic_id)) = changes.topic_id {
        get_topic(&txn, topic_id).await.map_err(|_| StoreError::invalid("topic_id", "unknown", "no such topic"))?;
    }
    let mut model = current.into_active_model();
    if let Some(v) = changes.title {
        model.title = Set(v);
    }
    if let Some(v) = changes.description {
        model.description = Set(v);
    }
    if let Some(v) = changes.topic_id {
        model.topic_id = Set(v);
    }
    model.opens_at = Set(opens_at);
    model.closes_at = Set(closes_at);
    model.max_per_account = Set(rules.max_per_account as i32);
    model.allow_citizens = Set(rules.citizens);
    model.allow_enterprises = Set(rules.enterprises);
    model.real_name_required = Set(rules.real_name);
    model.support_threshold = Set(rules.support_threshold.map(|t| t as i32));
    model.updated_at = Set(db.now());
    let saved = model.update(&txn).await?;
    let record = record_of(&txn, saved, Some(actor)).await?;
    txn.commit().await?;
    Ok(record)
}

/// Opens, closes or publishes the results of a campaign. `summary` goes with published results.
pub async fn move_campaign(
    db: &Db,
    actor: &Actor,
    id: i64,
    mv: CampaignMove,
    summary: Option<String>,
) -> StoreResult<CampaignRecord> {
    let txn = db.begin_write().await?;
    let current = managed_campaign(&txn, id, actor).await?;
    let now = db.now();
    let to = current.facts().next(mv, now)?;
    let mut model = current.into_active_model();
    model.status = Set(to.as_str().to_owned());
    model.updated_at = Set(now);
    match mv {
        CampaignMove::Open => model.published_at = Set(Some(now)),
        CampaignMove::Close => model.closed_at = Set(Some(now)),
        CampaignMove::PublishResults => {
            model.results_published_at = Set(Some(now));
            model.results_summary = Set(summary);
        }
        CampaignMove::Edit => {}
    }
    let saved = model.update(&txn).await?;
    let record = record_of(&txn, saved, Some(actor)).await?;
    txn.commit().await?;
    Ok(record)
}

pub async fn campaign_detail(db: &Db, id: i64, viewer: Option<&Actor>) -> StoreResult<CampaignRecord> {
    let c = visible_campaign(&db.read, id, viewer).await?;
    record_of(&db.read, c, viewer).await
}

async fn record_of(conn: &impl ConnectionTrait, c: Campaign, viewer: Option<&Actor>) -> StoreResult<CampaignRecord> {
    let managed = manages(conn, viewer, c.owner()).await?;
    Ok(records_of(conn, vec![c], managed.then_some(true)).await?.remove(0))
}

/// Names and counts for a page of campaigns, a fixed number of queries for the whole page.
/// `managed` is the viewer's relation when already known for every row.
async fn records_of(
    conn: &impl ConnectionTrait,
    rows: Vec<Campaign>,
    managed: Option<bool>,
) -> StoreResult<Vec<CampaignRecord>> {
    let ids: Vec<i64> = rows.iter().map(|c| c.id).collect();
    let leader_ids: HashSet<i64> = rows.iter().filter_map(|c| c.leader_id).collect();
    let unit_ids: HashSet<i64> = rows.iter().filter_map(|c| c.unit_id).collect();
    let topic_ids: HashSet<i64> = rows.iter().filter_map(|c| c.topic_id).collect();
    let region_codes: HashSet<String> = rows.iter().map(|c| c.region_code.clone()).collect();
    let leaders: HashMap<i64, String> = leader::Entity::find()
        .filter(leader::Column::Id.is_in(leader_ids))
        .all(conn)
        .await?
        .into_iter()
        .map(|l| (l.id, l.title))
        .collect();
    let units: HashMap<i64, String> = unit::Entity::find()
        .filter(unit::Column::Id.is_in(unit_ids))
        .all(conn)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();
    let topics: HashMap<i64, String> = topic::Entity::find()
        .filter(topic::Column::Id.is_in(topic_ids))
        .all(conn)
        .await?
        .into_iter()
        .map(|t| (t.id, t.name))
        .collect();
    let regions: HashMap<String, String> = crate::entities::region::Entity::find()
        .filter(crate::entities::region::Column::Code.is_in(region_codes))
        .all(conn)
        .await?
        .into_iter()
        .map(|r| (r.code, r.name))
        .collect();
    let counts: Vec<(i64, i64, Option<i64>, i64)> = suggestion::Entity::find()
        .select_only()
        .column(suggestion::Column::CampaignId)
        .column_as(suggestion::Column::Id.count(), "n")
        .column_as(suggestion::Column::SupportCount.sum(), "supports")
        .column_as(Expr::cust("COUNT(DISTINCT author_id)"), "participants")
        .filter(suggestion::Column::CampaignId.is_in(ids))
        .filter(suggestion::Column::Status.is_in(public_statuses()))
        .group_by(suggestion::Column::CampaignId)
        .into_tuple()
        .all(conn)
        .await?;
    let counts: HashMap<i64, CampaignCounts> = counts
        .into_iter()
        .map(|(id, n, supports, participants)| {
            let counts = CampaignCounts {
                suggestions: n as u64,
                supports: supports.unwrap_or(0) as u64,
                participants: participants as u64,
            };
            (id, counts)
        })
        .collect();
    Ok(rows
        .into_iter()
        .map(|c| CampaignRecord {
            owner_name: match c.owner() {
                Owner::Leader(id) => leaders.get(&id).cloned().unwrap_or_default(),
                Owner::Unit(id) => units.get(&id).cloned().unwrap_or_default(),
            },
            region_name: regions.get(&c.region_code).cloned().unwrap_or_default(),
            topic: c.topic_id.and_then(|id| topics.get(&id).map(|n| (id, n.clone()))),
            counts: counts.get(&c.id).copied().unwrap_or_default(),
            managed: managed.unwrap_or(false),
            campaign: c,
        })
        .collect())
}

fn public_statuses() -> Vec<&'static str> {
    SuggestionStatus::ALL.iter().filter(|s| s.is_public()).map(|s| s.as_str()).collect()
}

#[derive(Debug, Default, Clone)]
pub struct CampaignFilter {
    pub topic: Option<i64>,
    pub phase: Option<CampaignPhase>,
    pub leader: Option<i64>,
    pub unit: Option<i64>,
    /// A region code; a province also matches its cities' campaigns.
    pub region: Option<String>,
    /// Only campaigns the viewer runs, drafts included.
    pub managed: bool,
}

/// Campaigns newest first. The public sees every published campaign; `managed` lists the viewer's own.
pub async fn list_campaigns(
    db: &Db,
    viewer: Option<&Actor>,
    filter: &CampaignFilter,
    before: Option<i64>,
    limit: u64,
) -> StoreResult<Page<CampaignRecord>> {
    use campaign::Column as C;
    let now = db.now();
    let mut q = campaign::Entity::find().order_by_desc(C::Id);
    if filter.managed {
        let Some(actor) = viewer else { return Err(StoreError::Forbidden("log in to see your campaigns".into())) };
        q = match actor.role {
            Role::Admin => q,
            Role::LeaderOffice => q.filter(C::LeaderId.eq(actor.leader_id.unwrap_or_default())),
            Role::UnitStaff if account_of(&db.read, actor).await?.can_run_campaigns => {
                q.filter(C::UnitId.eq(actor.unit_id.unwrap_or_default()))
            }
            _ => return Ok(Page { items: vec![], next_after: None }),
        };
    } else if filter.phase != Some(CampaignPhase::Draft) {
        q = q.filter(C::Status.ne(CampaignStatus::Draft.as_str()));
    }
    q = match filter.phase {
        None => q,
        Some(CampaignPhase::Draft) if !filter.managed => return Ok(Page { items: vec![], next_after: None }),
        Some(CampaignPhase::Draft) => q.filter(C::Status.eq(CampaignStatus::Draft.as_str())),
        Some(CampaignPhase::Upcoming) => {
            q.filter(C::Status.eq(CampaignStatus::Open.as_str())).filter(C::OpensAt.gt(now))
        }
        Some(CampaignPhase::Open) => q
            .filter(C::Status.eq(CampaignStatus::Open.as_str()))
            .filter(C::OpensAt.lte(now))
            .filter(C::ClosesAt.gt(now)),
        Some(CampaignPhase::Closed) => q.filter(
            Condition::any()
                .add(C::Status.eq(CampaignStatus::Closed.as_str()))
                .add(Condition::all().add(C::Status.eq(CampaignStatus::Open.as_str())).add(C::ClosesAt.lte(now))),
        ),
        Some(CampaignPhase::ResultsPublished) => q.filter(C::Status.eq(CampaignStatus::ResultsPublished.as_str())),
    };
    if let Some(v) = filter.topic {
        q = q.filter(C::TopicId.eq(v));
    }
    if let Some(v) = filter.leader {
        q = q.filter(C::LeaderId.eq(v));
    }
    if let Some(v) = filter.unit {
        q = q.filter(C::UnitId.eq(v));
    }
    if let Some(region) = &filter.region {
        let cities = crate::entities::region::Entity::find()
            .select_only()
            .column(crate::entities::region::Column::Code)
            .filter(crate::entities::region::Column::ParentCode.eq(region.as_str()))
            .into_tuple::<String>()
            .all(&db.read)
            .await?;
        q = q.filter(C::RegionCode.is_in(cities.into_iter().chain([region.clone()])));
    }
    if let Some(before) = before {
        q = q.filter(C::Id.lt(before));
    }
    let mut rows = q.limit(limit + 1).all(&db.read).await?;
    let next_after = if rows.len() as u64 > limit {
        rows.truncate(limit as usize);
        rows.last().map(|c| c.id)
    } else {
        None
    };
    let mut items = records_of(&db.read, rows, filter.managed.then_some(true)).await?;
    if !filter.managed && viewer.is_some_and(|a| !a.role.is_writer()) {
        for r in &mut items {
            r.managed = manages(&db.read, viewer, r.campaign.owner()).await?;
        }
    }
    Ok(Page { items, next_after })
}

// ---------- suggestions ----------

impl Suggestion {
    pub fn status(&self) -> SuggestionStatus {
        SuggestionStatus::parse(&self.status).unwrap_or(SuggestionStatus::Submitted)
    }
}

/// A suggestion with what a reader needs beside it.
#[derive(Debug, Clone)]
pub struct SuggestionRecord {
    pub suggestion: Suggestion,
    pub campaign_title: String,
    pub author: WriterInfo,
    /// The viewer supports it.
    pub supported: bool,
    /// The viewer may see its unscreened or rejected state and reasons (author, platform, owner).
    pub privileged: bool,
}

/// Who the viewer is to a suggestion's campaign.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Standing {
    Public,
    Author,
    /// The campaign's owner or the platform.
    Staff,
}

async fn standing(
    conn: &impl ConnectionTrait,
    viewer: Option<&Actor>,
    c: &Campaign,
    author_id: Option<i64>,
) -> StoreResult<Standing> {
    let Some(actor) = viewer else { return Ok(Standing::Public) };
    if actor.role.is_platform() || manages(conn, viewer, c.owner()).await? {
        return Ok(Standing::Staff);
    }
    if author_id == Some(actor.account_id) {
        return Ok(Standing::Author);
    }
    Ok(Standing::Public)
}

pub async fn submit_suggestion(
    db: &Db,
    actor: &Actor,
    campaign_id: i64,
    title: String,
    body: String,
) -> StoreResult<SuggestionRecord> {
    let txn = db.begin_write().await?;
    let c = visible_campaign(&txn, campaign_id, Some(actor)).await?;
    // One account's submissions go one at a time, so two at once cannot both slip under the limit.
    let author = lock_account(&txn, actor.account_id).await?;
    let submitted = suggestion::Entity::find()
        .filter(suggestion::Column::CampaignId.eq(c.id))
        .filter(suggestion::Column::AuthorId.eq(actor.account_id))
        .count(&txn)
        .await?;
    let now = db.now();
    c.facts().check_submission(actor.role, real_name(&author), submitted as u32, now)?;
    let saved = suggestion::ActiveModel {
        campaign_id: Set(c.id),
        author_id: Set(actor.account_id),
        title: Set(title),
        body: Set(body),
        status: Set(SuggestionStatus::Submitted.as_str().to_owned()),
        reject_reason: Set(None),
        review_note: Set(None),
        support_count: Set(0),
        owes_response: Set(false),
        threshold_reached_at: Set(None),
        responded_at: Set(None),
        created_at: Set(now),
        screened_at: Set(None),
        reviewed_at: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let record = suggestion_record(&txn, saved, &c, Some(actor), Standing::Author).await?;
    txn.commit().await?;
    Ok(record)
}

/// Takes the account's row lock on PostgreSQL; SQLite's single writer already serialises.
async fn lock_account(txn: &DatabaseTransaction, id: i64) -> StoreResult<account::Model> {
    let mut q = account::Entity::find_by_id(id);
    if txn.get_database_backend() == DatabaseBackend::Postgres {
        q = q.lock_exclusive();
    }
    q.one(txn).await?.ok_or(StoreError::NotFound("account"))
}

async fn suggestion_record(
    conn: &impl ConnectionTrait,
    s: Suggestion,
    c: &Campaign,
    viewer: Option<&Actor>,
    standing: Standing,
) -> StoreResult<SuggestionRecord> {
    let titles = HashMap::from([(c.id, c.title.clone())]);
    let privileged = HashSet::from([s.id]).into_iter().filter(|_| standing != Standing::Public).collect();
    Ok(records_of_suggestions(conn, vec![s], &titles, viewer, &privileged).await?.remove(0))
}

async fn records_of_suggestions(
    conn: &impl ConnectionTrait,
    rows: Vec<Suggestion>,
    campaign_titles: &HashMap<i64, String>,
    viewer: Option<&Actor>,
    privileged: &HashSet<i64>,
) -> StoreResult<Vec<SuggestionRecord>> {
    let author_ids: HashSet<i64> = rows.iter().map(|s| s.author_id).collect();
    let authors: HashMap<i64, account::Model> = account::Entity::find()
        .filter(account::Column::Id.is_in(author_ids))
        .all(conn)
        .await?
        .into_iter()
        .map(|a| (a.id, a))
        .collect();
    let supported: HashSet<i64> = match viewer {
        Some(actor) if actor.role.is_writer() && !rows.is_empty() => suggestion_support::Entity::find()
            .select_only()
            .column(suggestion_support::Column::SuggestionId)
            .filter(suggestion_support::Column::AccountId.eq(actor.account_id))
            .filter(suggestion_support::Column::SuggestionId.is_in(rows.iter().map(|s| s.id)))
            .into_tuple::<i64>()
            .all(conn)
            .await?
            .into_iter()
            .collect(),
        _ => HashSet::new(),
    };
    Ok(rows
        .into_iter()
        .map(|s| {
            let author = authors.get(&s.author_id);
            SuggestionRecord {
                campaign_title: campaign_titles.get(&s.campaign_id).cloned().unwrap_or_default(),
                author: WriterInfo {
                    role: author.map(|a| a.role.clone()).unwrap_or_default(),
                    enterprise_name: author.and_then(|a| a.enterprise_name.clone()),
                    uscc: author.and_then(|a| a.uscc.clone()),
                },
                supported: supported.contains(&s.id),
                privileged: privileged.contains(&s.id),
                suggestion: s,
            }
        })
        .collect())
}

/// Loads a suggestion and its campaign as `viewer` may see them; unscreened and rejected suggestions
/// are "not found" for the public.
async fn visible_suggestion(
    conn: &impl ConnectionTrait,
    id: i64,
    viewer: Option<&Actor>,
) -> StoreResult<(Suggestion, Campaign, Standing)> {
    let s = suggestion::Entity::find_by_id(id).one(conn).await?.ok_or(StoreError::NotFound("suggestion"))?;
    let c = visible_campaign(conn, s.campaign_id, viewer).await?;
    let standing = standing(conn, viewer, &c, Some(s.author_id)).await?;
    if standing == Standing::Public && !s.status().is_public() {
        return Err(StoreError::NotFound("suggestion"));
    }
    Ok((s, c, standing))
}

pub async fn suggestion_detail(db: &Db, id: i64, viewer: Option<&Actor>) -> StoreResult<SuggestionRecord> {
    let (s, c, standing) = visible_suggestion(&db.read, id, viewer).await?;
    suggestion_record(&db.read, s, &c, viewer, standing).await
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SuggestionOrder {
    Newest,
    MostSupported,
}

/// Where a page continues: after an id (newest first) or after a (supports, id) pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum After {
    Id(i64),
    Supports(i32, i64),
}

#[derive(Debug, Default, Clone)]
pub struct SuggestionFilter {
    pub campaign: Option<i64>,
    pub status: Option<SuggestionStatus>,
    pub owes_response: Option<bool>,
}

/// Which suggestions a list may hold.
#[derive(Debug, Clone, Copy)]
pub enum SuggestionScope {
    /// One campaign's board: public suggestions, plus everything for its owner and the platform, plus
    /// the viewer's own.
    Campaign(i64),
    /// Across campaigns, by role: the platform sees all (the screening queue), an owner its campaigns'
    /// (the queue of owed responses), a writer their own.
    Work(Actor),
}

pub async fn list_suggestions(
    db: &Db,
    scope: SuggestionScope,
    viewer: Option<&Actor>,
    filter: &SuggestionFilter,
    order: SuggestionOrder,
    after: Option<After>,
    limit: u64,
) -> StoreResult<(Vec<SuggestionRecord>, Option<After>)> {
    use suggestion::Column as C;
    let conn = &db.read;
    let mut q = suggestion::Entity::find();
    let mut privileged_all = false;
    let mut campaign_titles = HashMap::new();
    match scope {
        SuggestionScope::Campaign(id) => {
            let c = visible_campaign(conn, id, viewer).await?;
            q = q.filter(C::CampaignId.eq(c.id));
            match standing(conn, viewer, &c, None).await? {
                Standing::Staff => privileged_all = true,
                _ => {
                    let mut visible = Condition::any().add(C::Status.is_in(public_statuses()));
                    if let Some(actor) = viewer {
                        visible = visible.add(C::AuthorId.eq(actor.account_id));
                    }
                    q = q.filter(visible);
                }
            }
            campaign_titles.insert(c.id, c.title);
        }
        SuggestionScope::Work(actor) => {
            privileged_all = true;
            q = match actor.role {
                Role::Moderator | Role::Admin => q,
                Role::Citizen | Role::Enterprise => q.filter(C::AuthorId.eq(actor.account_id)),
                Role::LeaderOffice => q.filter(
                    C::CampaignId
                        .in_subquery(owned_campaigns(campaign::Column::LeaderId, actor.leader_id.unwrap_or_default())),
                ),
                Role::UnitStaff if account_of(conn, &actor).await?.can_run_campaigns => q.filter(
                    C::CampaignId
                        .in_subquery(owned_campaigns(campaign::Column::UnitId, actor.unit_id.unwrap_or_default())),
                ),
                Role::UnitStaff => return Ok((vec![], None)),
            };
            if let Some(id) = filter.campaign {
                q = q.filter(C::CampaignId.eq(id));
            }
        }
    }
    if let Some(v) = filter.status {
        q = q.filter(C::Status.eq(v.as_str()));
    }
    if let Some(v) = filter.owes_response {
        q = q.filter(C::OwesResponse.eq(v));
    }
    q = match order {
        SuggestionOrder::Newest => q.order_by_desc(C::Id),
        SuggestionOrder::MostSupported => q.order_by_desc(C::SupportCount).order_by_desc(C::Id),
    };
    q = match after {
        None => q,
        Some(After::Id(id)) => q.filter(C::Id.lt(id)),
        Some(After::Supports(n, id)) => q.filter(
            Condition::any()
                .add(C::SupportCount.lt(n))
                .add(Condition::all().add(C::SupportCount.eq(n)).add(C::Id.lt(id))),
        ),
    };
    let mut rows = q.limit(limit + 1).all(conn).await?;
    let next = if rows.len() as u64 > limit {
        rows.truncate(limit as usize);
        rows.last().map(|s| match order {
            SuggestionOrder::Newest => After::Id(s.id),
            SuggestionOrder::MostSupported => After::Supports(s.support_count, s.id),
        })
    } else {
        None
    };
    if campaign_titles.is_empty() && !rows.is_empty() {
        let ids: HashSet<i64> = rows.iter().map(|s| s.campaign_id).collect();
        campaign_titles = campaign::Entity::find()
            .filter(campaign::Column::Id.is_in(ids))
            .all(conn)
            .await?
            .into_iter()
            .map(|c| (c.id, c.title))
            .collect();
    }
    let privileged: HashSet<i64> = rows
        .iter()
        .filter(|s| privileged_all || viewer.is_some_and(|a| a.account_id == s.author_id))
        .map(|s| s.id)
        .collect();
    let items = records_of_suggestions(conn, rows, &campaign_titles, viewer, &privileged).await?;
    Ok((items, next))
}

fn owned_campaigns(column: campaign::Column, id: i64) -> sea_orm::sea_query::SelectStatement {
    use sea_orm::sea_query::{ExprTrait, Query};
    Query::select().column(campaign::Column::Id).from(campaign::Entity).and_where(Expr::col(column).eq(id)).to_owned()
}

/// The platform screens a suggestion in (public) or out (with a reason for its author).
pub async fn screen_suggestion(
    db: &Db,
    actor: &Actor,
    id: i64,
    accept: bool,
    reason: Option<String>,
) -> StoreResult<SuggestionRecord> {
    let txn = db.begin_write().await?;
    let (s, c, standing) = visible_suggestion(&txn, id, Some(actor)).await?;
    if !actor.role.is_platform() {
        return Err(StoreError::Forbidden("only the platform's moderators screen suggestions".into()));
    }
    let to = screen(s.status(), accept)?;
    let now = db.now();
    let author_id = s.author_id;
    let title = s.title.clone();
    let mut model = s.into_active_model();
    model.status = Set(to.as_str().to_owned());
    model.reject_reason = Set(if accept { None } else { reason.clone() });
    model.screened_at = Set(Some(now));
    let saved = model.update(&txn).await?;
    let text = if accept {
        format!("你的建议「{title}」已公开，可在征集「{}」中查看和获得支持。", c.title)
    } else {
        format!("你的建议「{title}」未通过审核：{}", reason.unwrap_or_default())
    };
    let kind = if accept { "suggestion_published" } else { "suggestion_rejected" };
    notify(&txn, &[author_id], kind, &text, now).await?;
    let record = suggestion_record(&txn, saved, &c, Some(actor), standing).await?;
    txn.commit().await?;
    Ok(record)
}

/// The owner's decision, with a public note. It answers the suggestion: it leaves the queue of owed
/// responses.
pub async fn review_suggestion(
    db: &Db,
    actor: &Actor,
    id: i64,
    outcome: ReviewOutcome,
    note: String,
) -> StoreResult<SuggestionRecord> {
    let txn = db.begin_write().await?;
    let (s, c, _) = visible_suggestion(&txn, id, Some(actor)).await?;
    if !manages(&txn, Some(actor), c.owner()).await? {
        return Err(StoreError::Forbidden("only the campaign's owner reviews its suggestions".into()));
    }
    let to = c.facts().review(s.status(), outcome)?;
    let now = db.now();
    let (author_id, title) = (s.author_id, s.title.clone());
    let mut model = s.into_active_model();
    model.status = Set(to.as_str().to_owned());
    model.review_note = Set(Some(note.clone()));
    model.reviewed_at = Set(Some(now));
    model.owes_response = Set(false);
    model.responded_at = Set(Some(now));
    let saved = model.update(&txn).await?;
    notify(&txn, &[author_id], "suggestion_reviewed", &format!("你的建议「{title}」有了答复：{note}"), now).await?;
    let record = suggestion_record(&txn, saved, &c, Some(actor), Standing::Staff).await?;
    txn.commit().await?;
    Ok(record)
}

/// The count after a support or its withdrawal, and whether the caller now supports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SupportState {
    pub supported: bool,
    pub support_count: i32,
    /// This call changed something (false: it was already so).
    pub changed: bool,
}

/// Supports a suggestion once per account. The count moves in the same transaction as the support
/// row, by a relative update, so concurrent supports are all counted and a repeated one is not.
pub async fn support(db: &Db, actor: &Actor, id: i64) -> StoreResult<SupportState> {
    let txn = db.begin_write().await?;
    let (s, c, _) = visible_suggestion(&txn, id, Some(actor)).await?;
    let account = account_of(&txn, actor).await?;
    let now = db.now();
    c.facts().check_support(actor, real_name(&account), s.status(), s.author_id, now)?;
    let inserted = suggestion_support::Entity::insert(suggestion_support::ActiveModel {
        suggestion_id: Set(s.id),
        account_id: Set(actor.account_id),
        created_at: Set(now),
    })
    .on_conflict(
        OnConflict::columns([suggestion_support::Column::SuggestionId, suggestion_support::Column::AccountId])
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(&txn)
    .await?;
    if inserted > 0 {
        add_to_count(&txn, s.id, 1).await?;
    }
    let after = count_of(&txn, s.id).await?;
    if inserted > 0 && crosses_threshold((after - 1).max(0) as u32, after as u32, c.rules().support_threshold) {
        owe_response(&txn, &s, &c, now).await?;
    }
    txn.commit().await?;
    Ok(SupportState { supported: true, support_count: after, changed: inserted > 0 })
}

/// Withdraws the caller's support, if given. A suggestion that already crossed the threshold still
/// owes its response: the obligation does not come and go with the count.
pub async fn withdraw_support(db: &Db, actor: &Actor, id: i64) -> StoreResult<SupportState> {
    let txn = db.begin_write().await?;
    let (s, c, _) = visible_suggestion(&txn, id, Some(actor)).await?;
    let account = account_of(&txn, actor).await?;
    c.facts().check_support(actor, real_name(&account), s.status(), s.author_id, db.now())?;
    let deleted = suggestion_support::Entity::delete_many()
        .filter(suggestion_support::Column::SuggestionId.eq(s.id))
        .filter(suggestion_support::Column::AccountId.eq(actor.account_id))
        .exec(&txn)
        .await?
        .rows_affected;
    if deleted > 0 {
        add_to_count(&txn, s.id, -1).await?;
    }
    let after = count_of(&txn, s.id).await?;
    txn.commit().await?;
    Ok(SupportState { supported: false, support_count: after, changed: deleted > 0 })
}

async fn add_to_count(txn: &DatabaseTransaction, id: i64, by: i32) -> StoreResult<()> {
    use sea_orm::sea_query::ExprTrait;
    suggestion::Entity::update_many()
        .col_expr(suggestion::Column::SupportCount, Expr::col(suggestion::Column::SupportCount).add(by))
        .filter(suggestion::Column::Id.eq(id))
        .exec(txn)
        .await?;
    Ok(())
}

async fn count_of(txn: &DatabaseTransaction, id: i64) -> StoreResult<i32> {
    suggestion::Entity::find_by_id(id)
        .select_only()
        .column(suggestion::Column::SupportCount)
        .into_tuple::<i32>()
        .one(txn)
        .await?
        .ok_or(StoreError::NotFound("suggestion"))
}

/// Puts a suggestion on its owner's queue once (not again after an answer) and tells the owner.
async fn owe_response(txn: &DatabaseTransaction, s: &Suggestion, c: &Campaign, now: DateTime<Utc>) -> StoreResult<()> {
    let flagged = suggestion::Entity::update_many()
        .col_expr(suggestion::Column::OwesResponse, Expr::value(true))
        .col_expr(suggestion::Column::ThresholdReachedAt, Expr::value(now))
        .filter(suggestion::Column::Id.eq(s.id))
        .filter(suggestion::Column::OwesResponse.eq(false))
        .filter(suggestion::Column::RespondedAt.is_null())
        .exec(txn)
        .await?
        .rows_affected;
    if flagged == 0 {
        return Ok(());
    }
    let owners = match c.owner() {
        Owner::Leader(id) => account::Entity::find().filter(account::Column::LeaderId.eq(id)).all(txn).await?,
        Owner::Unit(id) => {
            account::Entity::find()
                .filter(account::Column::UnitId.eq(id))
                .filter(account::Column::CanRunCampaigns.eq(true))
                .all(txn)
                .await?
        }
    };
    let ids: Vec<i64> = owners.iter().filter(|a| !a.disabled).map(|a| a.id).collect();
    let text = format!("建议「{}」的支持数已达到征集「{}」的答复门槛，请公开答复。", s.title, c.title);
    notify(txn, &ids, "suggestion_owes_response", &text, now).await
}

async fn notify(
    txn: &DatabaseTransaction,
    accounts: &[i64],
    kind: &str,
    text: &str,
    at: DateTime<Utc>,
) -> StoreResult<()> {
    if accounts.is_empty() {
        return Ok(());
    }
    let rows = accounts.iter().map(|id| notification::ActiveModel {
        account_id: Set(*id),
        kind: Set(kind.to_owned()),
        message_id: Set(None),
        text: Set(text.to_owned()),
        created_at: Set(at),
        read_at: Set(None),
        ..Default::default()
    });
    notification::Entity::insert_many(rows.collect::<Vec<_>>()).exec_without_returning(txn).await?;
    Ok(())
}

// ---------- the outcome report ----------

#[derive(Debug, Clone)]
pub struct CampaignReport {
    pub record: CampaignRecord,
    /// Every suggestion submitted, by status (rejected and unscreened ones only for staff).
    pub by_status: Vec<(SuggestionStatus, u64)>,
    /// Adopted and awarded suggestions with the owner's notes, most supported first.
    pub adopted: Vec<SuggestionRecord>,
    /// The ten most supported public suggestions.
    pub top_supported: Vec<SuggestionRecord>,
    /// Suggestions past the threshold still waiting for their answer.
    pub owed_responses: u64,
}

/// The outcome of a campaign. The public may read it once the results are published; its owner and the
/// platform at any time.
pub async fn report(db: &Db, id: i64, viewer: Option<&Actor>) -> StoreResult<CampaignReport> {
    let conn = &db.read;
    let c = visible_campaign(conn, id, viewer).await?;
    let staff = standing(conn, viewer, &c, None).await? == Standing::Staff;
    if !staff && c.status() != CampaignStatus::ResultsPublished {
        return Err(StoreError::conflict(
            "results_not_published",
            "the outcome report is public once the campaign's results are published",
        ));
    }
    let counts: Vec<(String, i64)> = suggestion::Entity::find()
        .select_only()
        .column(suggestion::Column::Status)
        .column_as(suggestion::Column::Id.count(), "n")
        .filter(suggestion::Column::CampaignId.eq(c.id))
        .group_by(suggestion::Column::Status)
        .into_tuple()
        .all(conn)
        .await?;
    let counts: HashMap<String, i64> = counts.into_iter().collect();
    let by_status = SuggestionStatus::ALL
        .iter()
        .filter(|s| staff || s.is_public())
        .map(|s| (*s, counts.get(s.as_str()).copied().unwrap_or(0) as u64))
        .collect();
    let owed_responses = suggestion::Entity::find()
        .filter(suggestion::Column::CampaignId.eq(c.id))
        .filter(suggestion::Column::OwesResponse.eq(true))
        .count(conn)
        .await?;
    let titles = HashMap::from([(c.id, c.title.clone())]);
    let adopted_rows = suggestion::Entity::find()
        .filter(suggestion::Column::CampaignId.eq(c.id))
        .filter(
            suggestion::Column::Status.is_in([SuggestionStatus::Adopted.as_str(), SuggestionStatus::Awarded.as_str()]),
        )
        .order_by_desc(suggestion::Column::SupportCount)
        .order_by_desc(suggestion::Column::Id)
        .all(conn)
        .await?;
    let adopted = records_of_suggestions(conn, adopted_rows, &titles, viewer, &HashSet::new()).await?;
    let top_rows = suggestion::Entity::find()
        .filter(suggestion::Column::CampaignId.eq(c.id))
        .filter(suggestion::Column::Status.is_in(public_statuses()))
        .order_by_desc(suggestion::Column::SupportCount)
        .order_by_desc(suggestion::Column::Id)
        .limit(10)
        .all(conn)
        .await?;
    let top_supported = records_of_suggestions(conn, top_rows, &titles, viewer, &HashSet::new()).await?;
    let record = record_of(conn, c, viewer).await?;
    Ok(CampaignReport { record, by_status, adopted, top_supported, owed_responses })
}
