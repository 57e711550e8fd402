//! Suggestion campaigns (征集), suggestions, supports, the owner's review and outcome report, and topics
//! (专题) with the enterprise channel.

use actix_web::{HttpResponse, delete, get, patch, post, web};
use base64::Engine;
use chrono::{DateTime, Utc};
use liuyan_domain::campaign::{
    CampaignMove, CampaignPhase, CampaignRules, CampaignStatus, Owner, ReviewOutcome, SuggestionStatus, TopicWriters,
};
use liuyan_domain::{Actor, Domain, Role};
use liuyan_persistence::campaigns::{
    self, After, CampaignChanges, CampaignFilter, CampaignPlan, CampaignRecord, NewTopic, SuggestionFilter,
    SuggestionOrder, SuggestionRecord, SuggestionScope, TopicChanges,
};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

use crate::auth::{Auth, MaybeAuth};
use crate::dto::{NamedRef, ReasonRequest, RegionRef, WriterView, not_blank, text_for};
use crate::error::{
    ApiError, ApiResult, BadRequest, Conflict, FieldError, Forbidden, NotFound, Unauthorized, Unprocessable,
};
use crate::extract::{ValidJson, decode_cursor, encode_cursor, page_limit};
use crate::routes::admin::double_option;
use crate::state::AppState;

// ---------- topics ----------

/// A topic (专题): a column that groups messages and campaigns, e.g. 优化营商环境 or the enterprise
/// channel 政企直通车.
#[derive(Debug, Serialize, ToSchema)]
pub struct TopicView {
    pub id: i64,
    /// Stable name for links, e.g. `enterprise-channel`.
    pub slug: String,
    pub name: String,
    pub description: String,
    /// Who may write messages in it; `enterprises` makes it an enterprise channel.
    pub writers: TopicWriters,
    /// The domains a message in it may have; empty for any.
    pub domains: Vec<Domain>,
    /// A closed topic stays browsable but takes no new messages.
    pub active: bool,
    pub sort_order: i32,
}

impl From<campaigns::Topic> for TopicView {
    fn from(t: campaigns::Topic) -> Self {
        TopicView {
            writers: t.writers(),
            domains: t.domains(),
            id: t.id,
            slug: t.slug,
            name: t.name,
            description: t.description,
            active: t.active,
            sort_order: t.sort_order,
        }
    }
}

fn slug(s: &str) -> Result<(), validator::ValidationError> {
    let ok = (2..=64).contains(&s.len())
        && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !s.starts_with('-')
        && !s.ends_with('-');
    if ok {
        Ok(())
    } else {
        let mut e = validator::ValidationError::new("format");
        e.message = Some("2–64 lowercase letters, digits and inner hyphens".into());
        Err(e)
    }
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewTopicRequest {
    #[validate(custom(function = "slug"))]
    #[schema(example = "emergency", pattern = "^[a-z0-9][a-z0-9-]{0,62}[a-z0-9]$")]
    pub slug: String,
    #[validate(length(max = 50), custom(function = "not_blank"))]
    #[schema(min_length = 1, max_length = 50, pattern = r"\S")]
    pub name: String,
    #[validate(length(max = 2000))]
    #[serde(default)]
    #[schema(max_length = 2000)]
    pub description: String,
    /// Default `everyone`.
    #[serde(default = "everyone")]
    pub writers: TopicWriters,
    /// Default: any domain.
    #[serde(default)]
    pub domains: Vec<Domain>,
    /// Default true.
    #[serde(default = "yes")]
    pub active: bool,
    #[serde(default)]
    #[validate(range(min = 0, max = 10000))]
    #[schema(minimum = 0, maximum = 10000)]
    pub sort_order: i32,
}

fn everyone() -> TopicWriters {
    TopicWriters::Everyone
}

fn yes() -> bool {
    true
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TopicChangesRequest {
    #[validate(length(max = 50), custom(function = "not_blank"))]
    #[schema(min_length = 1, max_length = 50, pattern = r"\S")]
    pub name: Option<String>,
    #[validate(length(max = 2000))]
    #[schema(max_length = 2000)]
    pub description: Option<String>,
    pub writers: Option<TopicWriters>,
    pub domains: Option<Vec<Domain>>,
    pub active: Option<bool>,
    #[validate(range(min = 0, max = 10000))]
    #[schema(minimum = 0, maximum = 10000)]
    pub sort_order: Option<i32>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TopicQuery {
    /// Also closed topics. Default false.
    pub all: Option<bool>,
}

/// Topics, in their display order. Browse a topic's messages with `GET /messages?topic=` and its
/// campaigns with `GET /campaigns?topic=`.
#[utoipa::path(tag = "topics", params(TopicQuery), responses(
    (status = 200, description = "The topics", body = Vec<TopicView>),
    (status = 400, response = BadRequest),
))]
#[get("/topics")]
pub async fn list_topics(
    state: web::Data<AppState>,
    q: web::Query<TopicQuery>,
) -> ApiResult<web::Json<Vec<TopicView>>> {
    let topics = campaigns::list_topics(&state.db, q.all.unwrap_or(false)).await?;
    Ok(web::Json(topics.into_iter().map(Into::into).collect()))
}

#[utoipa::path(tag = "topics", params(("id" = i64, Path)), responses(
    (status = 200, description = "The topic", body = TopicView),
    (status = 400, response = BadRequest), (status = 404, response = NotFound),
))]
#[get("/topics/{id}")]
pub async fn get_topic(state: web::Data<AppState>, id: web::Path<i64>) -> ApiResult<web::Json<TopicView>> {
    Ok(web::Json(campaigns::get_topic(&state.db.read, *id).await?.into()))
}

/// Create a topic (admin).
#[utoipa::path(tag = "topics", security(("bearer" = [])), request_body = NewTopicRequest, responses(
    (status = 201, description = "Created", body = TopicView),
    (status = 400, response = BadRequest), (status = 401, response = Unauthorized), (status = 403, response = Forbidden),
    (status = 409, response = Conflict), (status = 422, response = Unprocessable),
))]
#[post("/topics")]
pub async fn create_topic(
    state: web::Data<AppState>,
    auth: Auth,
    body: ValidJson<NewTopicRequest>,
) -> ApiResult<HttpResponse> {
    auth.require(&[Role::Admin])?;
    let r = body.0;
    let topic = campaigns::create_topic(
        &state.db,
        NewTopic {
            slug: r.slug,
            name: r.name.trim().to_owned(),
            description: r.description.trim().to_owned(),
            writers: r.writers,
            domains: r.domains,
            active: r.active,
            sort_order: r.sort_order,
        },
    )
    .await?;
    Ok(HttpResponse::Created().json(TopicView::from(topic)))
}

/// Change or close a topic (admin).
#[utoipa::path(tag = "topics", security(("bearer" = [])), params(("id" = i64, Path)), request_body = TopicChangesRequest,
    responses(
    (status = 200, description = "Changed", body = TopicView),
    (status = 400, response = BadRequest), (status = 401, response = Unauthorized), (status = 403, response = Forbidden),
    (status = 404, response = NotFound), (status = 422, response = Unprocessable),
))]
#[patch("/topics/{id}")]
pub async fn update_topic(
    state: web::Data<AppState>,
    auth: Auth,
    id: web::Path<i64>,
    body: ValidJson<TopicChangesRequest>,
) -> ApiResult<web::Json<TopicView>> {
    auth.require(&[Role::Admin])?;
    let r = body.0;
    let changes = TopicChanges {
        name: r.name.map(|s| s.trim().to_owned()),
        description: r.description.map(|s| s.trim().to_owned()),
        writers: r.writers,
        domains: r.domains,
        active: r.active,
        sort_order: r.sort_order,
    };
    Ok(web::Json(campaigns::update_topic(&state.db, *id, changes).await?.into()))
}

// ---------- campaigns ----------

/// The body that runs a campaign.
#[derive(Debug, Serialize, ToSchema)]
pub struct CampaignOwnerView {
    /// `leader` (a leader's office) or `unit`.
    #[schema(example = "leader")]
    pub kind: String,
    pub id: i64,
    pub name: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CampaignCountsView {
    /// Public suggestions.
    pub suggestions: u64,
    /// Supports given to them.
    pub supports: u64,
    /// Accounts with at least one public suggestion.
    pub participants: u64,
}

/// A suggestion campaign (征集).
#[derive(Debug, Serialize, ToSchema)]
pub struct CampaignView {
    pub id: i64,
    pub title: String,
    pub description: String,
    pub topic: Option<NamedRef>,
    pub owner: CampaignOwnerView,
    pub region: RegionRef,
    /// What the owner last did.
    pub status: CampaignStatus,
    /// Where it stands now: `open` takes suggestions and supports.
    pub phase: CampaignPhase,
    pub opens_at: DateTime<Utc>,
    pub closes_at: DateTime<Utc>,
    /// Suggestions one account may submit.
    pub max_per_account: u32,
    pub allow_citizens: bool,
    pub allow_enterprises: bool,
    /// Only real-name accounts take part: enterprises, and citizens registered with a mobile number.
    pub real_name_required: bool,
    /// Supports that oblige the owner to answer a suggestion in public.
    pub support_threshold: Option<u32>,
    /// The owner's words with the published results.
    pub results_summary: Option<String>,
    pub counts: CampaignCountsView,
    /// The caller runs this campaign.
    pub managed: bool,
    pub created_at: DateTime<Utc>,
    pub published_at: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
    pub results_published_at: Option<DateTime<Utc>>,
}

impl CampaignView {
    fn new(r: CampaignRecord, now: DateTime<Utc>) -> Self {
        let c = r.campaign;
        let facts = c.facts();
        let owner = match facts.owner {
            Owner::Leader(id) => CampaignOwnerView { kind: "leader".into(), id, name: r.owner_name },
            Owner::Unit(id) => CampaignOwnerView { kind: "unit".into(), id, name: r.owner_name },
        };
        CampaignView {
            id: c.id,
            title: c.title,
            description: c.description,
            topic: r.topic.map(|(id, name)| NamedRef { id, name }),
            owner,
            region: RegionRef { code: c.region_code, name: r.region_name },
            status: facts.status,
            phase: facts.phase(now),
            opens_at: c.opens_at,
            closes_at: c.closes_at,
            max_per_account: facts.rules.max_per_account,
            allow_citizens: facts.rules.citizens,
            allow_enterprises: facts.rules.enterprises,
            real_name_required: facts.rules.real_name,
            support_threshold: facts.rules.support_threshold,
            results_summary: c.results_summary,
            counts: CampaignCountsView {
                suggestions: r.counts.suggestions,
                supports: r.counts.supports,
                participants: r.counts.participants,
            },
            managed: r.managed,
            created_at: c.created_at,
            published_at: c.published_at,
            closed_at: c.closed_at,
            results_published_at: c.results_published_at,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CampaignPage {
    pub items: Vec<CampaignView>,
    pub next_cursor: Option<String>,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewCampaignRequest {
    #[validate(length(max = 100), custom(function = "not_blank"))]
    #[schema(min_length = 1, max_length = 100, pattern = r"\S")]
    pub title: String,
    #[validate(length(max = 10000), custom(function = "not_blank"))]
    #[schema(min_length = 1, max_length = 10000, pattern = r"\S")]
    pub description: String,
    pub topic_id: Option<i64>,
    /// Admins only: the leader whose office runs it (leader offices and unit staff run their own).
    pub leader_id: Option<i64>,
    /// Admins only: the unit that runs it.
    pub unit_id: Option<i64>,
    pub opens_at: DateTime<Utc>,
    pub closes_at: DateTime<Utc>,
    /// 1–100, default 3.
    #[serde(default = "three")]
    #[validate(range(min = 1, max = 100))]
    #[schema(minimum = 1, maximum = 100)]
    pub max_per_account: u32,
    /// Default true.
    #[serde(default = "yes")]
    pub allow_citizens: bool,
    /// Default true.
    #[serde(default = "yes")]
    pub allow_enterprises: bool,
    /// Default false.
    #[serde(default)]
    pub real_name_required: bool,
    #[validate(range(min = 1, max = 10000000))]
    #[schema(minimum = 1, maximum = 10000000)]
    pub support_threshold: Option<u32>,
}

fn three() -> u32 {
    3
}

/// Changes to a draft campaign; absent fields stay, `null` clears `topic_id` or `support_threshold`.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CampaignChangesRequest {
    #[validate(length(max = 100), custom(function = "not_blank"))]
    #[schema(min_length = 1, max_length = 100, pattern = r"\S")]
    pub title: Option<String>,
    #[validate(length(max = 10000), custom(function = "not_blank"))]
    #[schema(min_length = 1, max_length = 10000, pattern = r"\S")]
    pub description: Option<String>,
    #[serde(default, with = "double_option")]
    #[schema(value_type = Option<i64>)]
    pub topic_id: Option<Option<i64>>,
    pub opens_at: Option<DateTime<Utc>>,
    pub closes_at: Option<DateTime<Utc>>,
    #[validate(range(min = 1, max = 100))]
    #[schema(minimum = 1, maximum = 100)]
    pub max_per_account: Option<u32>,
    pub allow_citizens: Option<bool>,
    pub allow_enterprises: Option<bool>,
    pub real_name_required: Option<bool>,
    #[serde(default, with = "double_option")]
    #[schema(value_type = Option<u32>, minimum = 1, maximum = 10000000)]
    pub support_threshold: Option<Option<u32>>,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PublishResultsRequest {
    /// The owner's summary of what the campaign achieved, shown with the report.
    #[validate(length(max = 10000))]
    #[schema(max_length = 10000)]
    pub summary: Option<String>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CampaignListQuery {
    pub topic: Option<i64>,
    pub phase: Option<CampaignPhase>,
    /// Campaigns run by this leader's office.
    pub leader: Option<i64>,
    /// Campaigns run by this unit.
    pub unit: Option<i64>,
    /// Region code; a province also matches its cities.
    #[param(value_type = Option<String>, pattern = "^[0-9]{6}$")]
    pub region: Option<crate::dto::RegionCode>,
    /// Only the campaigns the caller runs, drafts included (needs a login).
    pub managed: Option<bool>,
    pub cursor: Option<String>,
    /// 1–100, default 20.
    #[param(minimum = 1, maximum = 100, default = 20)]
    pub limit: Option<u64>,
}

fn plan_of(r: &NewCampaignRequest) -> CampaignPlan {
    CampaignPlan {
        title: r.title.trim().to_owned(),
        description: r.description.trim().to_owned(),
        topic_id: r.topic_id,
        opens_at: r.opens_at,
        closes_at: r.closes_at,
        rules: CampaignRules {
            max_per_account: r.max_per_account,
            citizens: r.allow_citizens,
            enterprises: r.allow_enterprises,
            real_name: r.real_name_required,
            support_threshold: r.support_threshold,
        },
    }
}

/// Create a draft campaign: a leader's office for its leader, unit staff with the campaign right for
/// their unit, an admin for any leader or unit.
#[utoipa::path(tag = "campaigns", security(("bearer" = [])), request_body = NewCampaignRequest, responses(
    (status = 201, description = "Draft created", body = CampaignView),
    (status = 400, response = BadRequest), (status = 401, response = Unauthorized), (status = 403, response = Forbidden),
    (status = 422, response = Unprocessable),
))]
#[post("/campaigns")]
pub async fn create_campaign(
    state: web::Data<AppState>,
    auth: Auth,
    body: ValidJson<NewCampaignRequest>,
) -> ApiResult<HttpResponse> {
    let r = body.0;
    let owner = match (auth.0.role, r.leader_id, r.unit_id) {
        (_, None, None) => None,
        (Role::Admin, Some(_), Some(_)) => {
            return Err(ApiError::field("unit_id", "exclusive", "name a leader or a unit, not both"));
        }
        (Role::Admin, Some(id), None) => Some(Owner::Leader(id)),
        (Role::Admin, None, Some(id)) => Some(Owner::Unit(id)),
        (_, Some(_), _) => return Err(ApiError::field("leader_id", "not_allowed", "only admins name the owner")),
        (_, None, Some(_)) => return Err(ApiError::field("unit_id", "not_allowed", "only admins name the owner")),
    };
    let record = campaigns::create_campaign(&state.db, &auth.0, owner, plan_of(&r)).await?;
    Ok(HttpResponse::Created().json(CampaignView::new(record, state.db.now())))
}

/// Campaigns, newest first: every published one for the public; with `managed=true` the caller's own.
#[utoipa::path(tag = "campaigns", security((), ("bearer" = [])), params(CampaignListQuery), responses(
    (status = 200, description = "A page of campaigns", body = CampaignPage),
    (status = 400, response = BadRequest), (status = 401, response = Unauthorized), (status = 403, response = Forbidden),
    (status = 422, response = Unprocessable),
))]
#[get("/campaigns")]
pub async fn list_campaigns(
    state: web::Data<AppState>,
    auth: MaybeAuth,
    q: web::Query<CampaignListQuery>,
) -> ApiResult<web::Json<CampaignPage>> {
    let filter = CampaignFilter {
        topic: q.topic,
        phase: q.phase,
        leader: q.leader,
        unit: q.unit,
        region: q.region.as_ref().map(|r| r.0.clone()),
        managed: q.managed.unwrap_or(false),
    };
    if filter.managed && auth.0.is_none() {
        return Err(ApiError::Unauthorized("unauthenticated", "log in to see the campaigns you run".into()));
    }
    let page = campaigns::list_campaigns(
        &state.db,
        auth.0.as_ref(),
        &filter,
        decode_cursor(q.cursor.as_deref())?,
        page_limit(q.limit)?,
    )
    .await?;
    let now = state.db.now();
    Ok(web::Json(CampaignPage {
        items: page.items.into_iter().map(|r| CampaignView::new(r, now)).collect(),
        next_cursor: page.next_after.map(encode_cursor),
    }))
}

#[utoipa::path(tag = "campaigns", security((), ("bearer" = [])), params(("id" = i64, Path)), responses(
    (status = 200, description = "The campaign with its counts", body = CampaignView),
    (status = 400, response = BadRequest), (status = 401, response = Unauthorized), (status = 404, response = NotFound),
))]
#[get("/campaigns/{id}")]
pub async fn get_campaign(
    state: web::Data<AppState>,
    auth: MaybeAuth,
    id: web::Path<i64>,
) -> ApiResult<web::Json<CampaignView>> {
    let record = campaigns::campaign_detail(&state.db, *id, auth.0.as_ref()).await?;
    Ok(web::Json(CampaignView::new(record, state.db.now())))
}

/// Change a draft (its owner).
#[utoipa::path(tag = "campaigns", security(("bearer" = [])), params(("id" = i64, Path)), request_body = CampaignChangesRequest,
    responses(
    (status = 200, description = "Changed", body = CampaignView),
    (status = 400, response = BadRequest), (status = 401, response = Unauthorized), (status = 403, response = Forbidden),
    (status = 404, response = NotFound), (status = 409, response = Conflict), (status = 422, response = Unprocessable),
))]
#[patch("/campaigns/{id}")]
pub async fn update_campaign(
    state: web::Data<AppState>,
    auth: Auth,
    id: web::Path<i64>,
    body: ValidJson<CampaignChangesRequest>,
) -> ApiResult<web::Json<CampaignView>> {
    let r = body.0;
    let changes = CampaignChanges {
        title: r.title.map(|s| s.trim().to_owned()),
        description: r.description.map(|s| s.trim().to_owned()),
        topic_id: r.topic_id,
        opens_at: r.opens_at,
        closes_at: r.closes_at,
        max_per_account: r.max_per_account,
        allow_citizens: r.allow_citizens,
        allow_enterprises: r.allow_enterprises,
        real_name_required: r.real_name_required,
        support_threshold: r.support_threshold,
    };
    if let Some(Some(n)) = changes.support_threshold
        && !(1..=10_000_000).contains(&n)
    {
        return Err(ApiError::field("support_threshold", "range", "must be between 1 and 10000000"));
    }
    let record = campaigns::update_campaign(&state.db, &auth.0, *id, changes).await?;
    Ok(web::Json(CampaignView::new(record, state.db.now())))
}

async fn move_campaign(
    state: &AppState,
    actor: &Actor,
    id: i64,
    mv: CampaignMove,
    summary: Option<String>,
) -> ApiResult<web::Json<CampaignView>> {
    let record = campaigns::move_campaign(&state.db, actor, id, mv, summary).await?;
    Ok(web::Json(CampaignView::new(record, state.db.now())))
}

/// Publish a draft (its owner): it takes suggestions from its opening to its closing time.
#[utoipa::path(tag = "campaigns", security(("bearer" = [])), params(("id" = i64, Path)), responses(
    (status = 200, description = "Published", body = CampaignView),
    (status = 400, response = BadRequest), (status = 401, response = Unauthorized), (status = 403, response = Forbidden),
    (status = 404, response = NotFound), (status = 409, response = Conflict),
))]
#[post("/campaigns/{id}/open")]
pub async fn open_campaign(
    state: web::Data<AppState>,
    auth: Auth,
    id: web::Path<i64>,
) -> ApiResult<web::Json<CampaignView>> {
    move_campaign(&state, &auth.0, *id, CampaignMove::Open, None).await
}

/// Stop taking suggestions before the closing time (its owner).
#[utoipa::path(tag = "campaigns", security(("bearer" = [])), params(("id" = i64, Path)), responses(
    (status = 200, description = "Closed", body = CampaignView),
    (status = 400, response = BadRequest), (status = 401, response = Unauthorized), (status = 403, response = Forbidden),
    (status = 404, response = NotFound), (status = 409, response = Conflict),
))]
#[post("/campaigns/{id}/close")]
pub async fn close_campaign(
    state: web::Data<AppState>,
    auth: Auth,
    id: web::Path<i64>,
) -> ApiResult<web::Json<CampaignView>> {
    move_campaign(&state, &auth.0, *id, CampaignMove::Close, None).await
}

/// Publish the results of a closed campaign (its owner): the report becomes public and reviews final.
#[utoipa::path(tag = "campaigns", security(("bearer" = [])), params(("id" = i64, Path)), request_body = PublishResultsRequest,
    responses(
    (status = 200, description = "Results published", body = CampaignView),
    (status = 400, response = BadRequest), (status = 401, response = Unauthorized), (status = 403, response = Forbidden),
    (status = 404, response = NotFound), (status = 409, response = Conflict), (status = 422, response = Unprocessable),
))]
#[post("/campaigns/{id}/publish-results")]
pub async fn publish_results(
    state: web::Data<AppState>,
    auth: Auth,
    id: web::Path<i64>,
    body: ValidJson<PublishResultsRequest>,
) -> ApiResult<web::Json<CampaignView>> {
    let summary = body.0.summary.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty());
    move_campaign(&state, &auth.0, *id, CampaignMove::PublishResults, summary).await
}

#[derive(Debug, Serialize, ToSchema)]
pub struct StatusCount {
    pub status: SuggestionStatus,
    pub count: u64,
}

/// The outcome of a campaign (征集结果).
#[derive(Debug, Serialize, ToSchema)]
pub struct CampaignReportView {
    pub campaign: CampaignView,
    /// Suggestions by status; the public sees the public statuses only.
    pub by_status: Vec<StatusCount>,
    /// Adopted and awarded suggestions with the owner's notes, most supported first.
    pub adopted: Vec<SuggestionView>,
    /// The ten most supported public suggestions.
    pub top_supported: Vec<SuggestionView>,
    /// Suggestions past the support threshold still waiting for their answer.
    pub owed_responses: u64,
}

/// The outcome report: public once the results are published; the owner and the platform may read it
/// at any time.
#[utoipa::path(tag = "campaigns", security((), ("bearer" = [])), params(("id" = i64, Path)), responses(
    (status = 200, description = "The outcome report", body = CampaignReportView),
    (status = 400, response = BadRequest), (status = 401, response = Unauthorized), (status = 404, response = NotFound),
    (status = 409, response = Conflict),
))]
#[get("/campaigns/{id}/report")]
pub async fn campaign_report(
    state: web::Data<AppState>,
    auth: MaybeAuth,
    id: web::Path<i64>,
) -> ApiResult<web::Json<CampaignReportView>> {
    let r = campaigns::report(&state.db, *id, auth.0.as_ref()).await?;
    let now = state.db.now();
    Ok(web::Json(CampaignReportView {
        campaign: CampaignView::new(r.record, now),
        by_status: r.by_status.into_iter().map(|(status, count)| StatusCount { status, count }).collect(),
        adopted: r.adopted.into_iter().map(SuggestionView::new).collect(),
        top_supported: r.top_supported.into_iter().map(SuggestionView::new).collect(),
        owed_responses: r.owed_responses,
    }))
}

// ---------- suggestions ----------

/// A suggestion (建议) to a campaign.
#[derive(Debug, Serialize, ToSchema)]
pub struct SuggestionView {
    pub id: i64,
    pub campaign: NamedRef,
    pub title: String,
    pub body: String,
    pub status: SuggestionStatus,
    /// Citizens stay anonymous; an enterprise shows its name and masked credit code.
    pub author: WriterView,
    pub support_count: i32,
    /// The caller supports it.
    pub supported: bool,
    /// Past the support threshold and not answered yet: on the owner's queue.
    pub owes_response: bool,
    pub threshold_reached_at: Option<DateTime<Utc>>,
    /// The owner's public note with its decision.
    pub review_note: Option<String>,
    pub reviewed_at: Option<DateTime<Utc>>,
    /// Why screening refused it: for its author, the owner and the platform only.
    pub reject_reason: Option<String>,
    pub created_at: DateTime<Utc>,
}

impl SuggestionView {
    fn new(r: SuggestionRecord) -> Self {
        let s = r.suggestion;
        let public = !r.privileged;
        SuggestionView {
            id: s.id,
            campaign: NamedRef { id: s.campaign_id, name: r.campaign_title },
            status: s.status(),
            title: text_for(public, s.title),
            body: text_for(public, s.body),
            author: WriterView {
                role: Role::parse(&r.author.role).unwrap_or(Role::Citizen),
                enterprise_name: r.author.enterprise_name.map(|n| text_for(public, n)),
                uscc_masked: r.author.uscc.as_deref().map(liuyan_domain::uscc::mask),
            },
            support_count: s.support_count,
            supported: r.supported,
            owes_response: s.owes_response,
            threshold_reached_at: s.threshold_reached_at,
            review_note: s.review_note,
            reviewed_at: s.reviewed_at,
            reject_reason: if public { None } else { s.reject_reason },
            created_at: s.created_at,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SuggestionPage {
    pub items: Vec<SuggestionView>,
    pub next_cursor: Option<String>,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewSuggestionRequest {
    #[validate(length(max = 100), custom(function = "not_blank"))]
    #[schema(min_length = 1, max_length = 100, pattern = r"\S")]
    pub title: String,
    #[validate(length(max = 5000), custom(function = "not_blank"))]
    #[schema(min_length = 1, max_length = 5000, pattern = r"\S")]
    pub body: String,
}

#[derive(Debug, Clone, Copy, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SuggestionSort {
    Newest,
    /// Most supported first.
    Supports,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CampaignSuggestionQuery {
    pub status: Option<SuggestionStatus>,
    pub owes_response: Option<bool>,
    /// `newest` (default) or `supports` (most supported first).
    #[param(inline)]
    pub sort: Option<SuggestionSort>,
    pub cursor: Option<String>,
    /// 1–100, default 20.
    #[param(minimum = 1, maximum = 100, default = 20)]
    pub limit: Option<u64>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SuggestionWorkQuery {
    pub campaign: Option<i64>,
    /// `submitted` is the platform's screening queue.
    pub status: Option<SuggestionStatus>,
    /// `true` is the owner's queue of suggestions owed a public response.
    pub owes_response: Option<bool>,
    /// `newest` (default) or `supports` (most supported first).
    #[param(inline)]
    pub sort: Option<SuggestionSort>,
    pub cursor: Option<String>,
    /// 1–100, default 20.
    #[param(minimum = 1, maximum = 100, default = 20)]
    pub limit: Option<u64>,
}

const ENGINE: base64::engine::GeneralPurpose = base64::engine::general_purpose::URL_SAFE_NO_PAD;

fn encode_after(after: After) -> String {
    match after {
        After::Id(id) => encode_cursor(id),
        After::Supports(n, id) => ENGINE.encode(format!("c2:{n}:{id}")),
    }
}

fn decode_after(cursor: Option<&str>, order: SuggestionOrder) -> ApiResult<Option<After>> {
    match order {
        SuggestionOrder::Newest => Ok(decode_cursor(cursor)?.map(After::Id)),
        SuggestionOrder::MostSupported => {
            let Some(cursor) = cursor else { return Ok(None) };
            let parsed = ENGINE.decode(cursor).ok().and_then(|b| String::from_utf8(b).ok()).and_then(|t| {
                let rest = t.strip_prefix("c2:")?.to_owned();
                let (n, id) = rest.split_once(':')?;
                Some(After::Supports(n.parse().ok()?, id.parse().ok()?))
            });
            parsed.map(Some).ok_or_else(|| ApiError::BadRequest {
                code: "invalid_cursor",
                detail: "the cursor is not one this API gave out".into(),
                errors: vec![FieldError::new("cursor", "format", "unknown cursor")],
            })
        }
    }
}

fn order_of(sort: Option<SuggestionSort>) -> SuggestionOrder {
    match sort {
        Some(SuggestionSort::Supports) => SuggestionOrder::MostSupported,
        _ => SuggestionOrder::Newest,
    }
}

fn page_of((items, next): (Vec<SuggestionRecord>, Option<After>)) -> web::Json<SuggestionPage> {
    web::Json(SuggestionPage {
        items: items.into_iter().map(SuggestionView::new).collect(),
        next_cursor: next.map(encode_after),
    })
}

/// Submit a suggestion while the campaign is open and its rules admit the caller. It is public once the
/// platform screens it in. A 403 `campaign_rules` tells why the rules keep the caller out; a 409
/// `campaign_not_open` that the campaign does not take suggestions now; a 409 `suggestion_limit` that the
/// caller submitted as many as allowed.
#[utoipa::path(tag = "campaigns", security(("bearer" = [])), params(("id" = i64, Path, description = "Campaign id")),
    request_body = NewSuggestionRequest, responses(
    (status = 201, description = "Submitted; waits for screening", body = SuggestionView),
    (status = 400, response = BadRequest), (status = 401, response = Unauthorized),
    (status = 403, response = Forbidden), (status = 404, response = NotFound), (status = 409, response = Conflict),
    (status = 422, response = Unprocessable),
))]
#[post("/campaigns/{id}/suggestions")]
pub async fn submit_suggestion(
    state: web::Data<AppState>,
    auth: Auth,
    id: web::Path<i64>,
    body: ValidJson<NewSuggestionRequest>,
) -> ApiResult<HttpResponse> {
    let r = body.0;
    let record =
        campaigns::submit_suggestion(&state.db, &auth.0, *id, r.title.trim().to_owned(), r.body.trim().to_owned())
            .await?;
    Ok(HttpResponse::Created().json(SuggestionView::new(record)))
}

/// A campaign's suggestions: public ones for everyone, plus the caller's own; the owner and the
/// platform see all.
#[utoipa::path(tag = "campaigns", security((), ("bearer" = [])), params(("id" = i64, Path, description = "Campaign id"), CampaignSuggestionQuery),
    responses(
    (status = 200, description = "A page of suggestions", body = SuggestionPage),
    (status = 400, response = BadRequest), (status = 401, response = Unauthorized), (status = 404, response = NotFound),
    (status = 422, response = Unprocessable),
))]
#[get("/campaigns/{id}/suggestions")]
pub async fn campaign_suggestions(
    state: web::Data<AppState>,
    auth: MaybeAuth,
    id: web::Path<i64>,
    q: web::Query<CampaignSuggestionQuery>,
) -> ApiResult<web::Json<SuggestionPage>> {
    let order = order_of(q.sort);
    let filter = SuggestionFilter { campaign: None, status: q.status, owes_response: q.owes_response };
    let after = decode_after(q.cursor.as_deref(), order)?;
    let page = campaigns::list_suggestions(
        &state.db,
        SuggestionScope::Campaign(*id),
        auth.0.as_ref(),
        &filter,
        order,
        after,
        page_limit(q.limit)?,
    )
    .await?;
    Ok(page_of(page))
}

/// Suggestions to work on, by role: moderators and admins see every campaign's (`status=submitted` is
/// the screening queue), a campaign owner its own campaigns' (`owes_response=true` is the queue of
/// owed public responses), a citizen or enterprise its own suggestions.
#[utoipa::path(tag = "campaigns", security(("bearer" = [])), params(SuggestionWorkQuery), responses(
    (status = 200, description = "A page of suggestions", body = SuggestionPage),
    (status = 400, response = BadRequest), (status = 401, response = Unauthorized), (status = 422, response = Unprocessable),
))]
#[get("/suggestions")]
pub async fn work_suggestions(
    state: web::Data<AppState>,
    auth: Auth,
    q: web::Query<SuggestionWorkQuery>,
) -> ApiResult<web::Json<SuggestionPage>> {
    let order = order_of(q.sort);
    let filter = SuggestionFilter { campaign: q.campaign, status: q.status, owes_response: q.owes_response };
    let after = decode_after(q.cursor.as_deref(), order)?;
    let page = campaigns::list_suggestions(
        &state.db,
        SuggestionScope::Work(auth.0),
        Some(&auth.0),
        &filter,
        order,
        after,
        page_limit(q.limit)?,
    )
    .await?;
    Ok(page_of(page))
}

#[utoipa::path(tag = "campaigns", security((), ("bearer" = [])), params(("id" = i64, Path)), responses(
    (status = 200, description = "The suggestion", body = SuggestionView),
    (status = 400, response = BadRequest), (status = 401, response = Unauthorized), (status = 404, response = NotFound),
))]
#[get("/suggestions/{id}")]
pub async fn get_suggestion(
    state: web::Data<AppState>,
    auth: MaybeAuth,
    id: web::Path<i64>,
) -> ApiResult<web::Json<SuggestionView>> {
    Ok(web::Json(SuggestionView::new(campaigns::suggestion_detail(&state.db, *id, auth.0.as_ref()).await?)))
}

/// Screening (moderator): the suggestion becomes public.
#[utoipa::path(tag = "campaigns", security(("bearer" = [])), params(("id" = i64, Path)), responses(
    (status = 200, description = "Published", body = SuggestionView),
    (status = 400, response = BadRequest), (status = 401, response = Unauthorized), (status = 403, response = Forbidden),
    (status = 404, response = NotFound), (status = 409, response = Conflict),
))]
#[post("/suggestions/{id}/accept")]
pub async fn accept_suggestion(
    state: web::Data<AppState>,
    auth: Auth,
    id: web::Path<i64>,
) -> ApiResult<web::Json<SuggestionView>> {
    Ok(web::Json(SuggestionView::new(campaigns::screen_suggestion(&state.db, &auth.0, *id, true, None).await?)))
}

/// Screening (moderator): refuse the suggestion; its author sees the reason.
#[utoipa::path(tag = "campaigns", security(("bearer" = [])), params(("id" = i64, Path)), request_body = ReasonRequest,
    responses(
    (status = 200, description = "Rejected", body = SuggestionView),
    (status = 400, response = BadRequest), (status = 401, response = Unauthorized), (status = 403, response = Forbidden),
    (status = 404, response = NotFound), (status = 409, response = Conflict), (status = 422, response = Unprocessable),
))]
#[post("/suggestions/{id}/reject")]
pub async fn reject_suggestion(
    state: web::Data<AppState>,
    auth: Auth,
    id: web::Path<i64>,
    body: ValidJson<ReasonRequest>,
) -> ApiResult<web::Json<SuggestionView>> {
    let reason = Some(body.0.reason.trim().to_owned());
    Ok(web::Json(SuggestionView::new(campaigns::screen_suggestion(&state.db, &auth.0, *id, false, reason).await?)))
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReviewRequest {
    pub outcome: ReviewOutcome,
    /// Shown to the public with the decision.
    #[validate(length(max = 2000), custom(function = "not_blank"))]
    #[schema(min_length = 1, max_length = 2000, pattern = r"\S")]
    pub note: String,
}

/// The owner's decision on a suggestion, with a public note: shortlisted, adopted, awarded (after
/// adoption) or not adopted. It answers a suggestion owed a response. Final once results are published.
#[utoipa::path(tag = "campaigns", security(("bearer" = [])), params(("id" = i64, Path)), request_body = ReviewRequest,
    responses(
    (status = 200, description = "Reviewed", body = SuggestionView),
    (status = 400, response = BadRequest), (status = 401, response = Unauthorized), (status = 403, response = Forbidden),
    (status = 404, response = NotFound), (status = 409, response = Conflict), (status = 422, response = Unprocessable),
))]
#[post("/suggestions/{id}/review")]
pub async fn review_suggestion(
    state: web::Data<AppState>,
    auth: Auth,
    id: web::Path<i64>,
    body: ValidJson<ReviewRequest>,
) -> ApiResult<web::Json<SuggestionView>> {
    let r = body.0;
    let record = campaigns::review_suggestion(&state.db, &auth.0, *id, r.outcome, r.note.trim().to_owned()).await?;
    Ok(web::Json(SuggestionView::new(record)))
}

/// The caller's support of a suggestion.
#[derive(Debug, Serialize, ToSchema)]
pub struct SupportView {
    pub suggestion_id: i64,
    pub supported: bool,
    pub support_count: i32,
}

/// Support a suggestion while its campaign is open; once per account (again: no change, 200).
#[utoipa::path(tag = "campaigns", security(("bearer" = [])), params(("id" = i64, Path)), responses(
    (status = 201, description = "Supported", body = SupportView),
    (status = 200, description = "Already supported by the caller", body = SupportView),
    (status = 400, response = BadRequest), (status = 401, response = Unauthorized), (status = 403, response = Forbidden),
    (status = 404, response = NotFound), (status = 409, response = Conflict),
))]
#[post("/suggestions/{id}/supports")]
pub async fn support_suggestion(state: web::Data<AppState>, auth: Auth, id: web::Path<i64>) -> ApiResult<HttpResponse> {
    let s = campaigns::support(&state.db, &auth.0, *id).await?;
    let mut res = if s.changed { HttpResponse::Created() } else { HttpResponse::Ok() };
    Ok(res.json(SupportView { suggestion_id: *id, supported: s.supported, support_count: s.support_count }))
}

/// Withdraw the caller's support (none given: no change).
#[utoipa::path(tag = "campaigns", security(("bearer" = [])), params(("id" = i64, Path)), responses(
    (status = 200, description = "Not supported by the caller", body = SupportView),
    (status = 400, response = BadRequest), (status = 401, response = Unauthorized), (status = 403, response = Forbidden),
    (status = 404, response = NotFound), (status = 409, response = Conflict),
))]
#[delete("/suggestions/{id}/supports")]
pub async fn withdraw_support(
    state: web::Data<AppState>,
    auth: Auth,
    id: web::Path<i64>,
) -> ApiResult<web::Json<SupportView>> {
    let s = campaigns::withdraw_support(&state.db, &auth.0, *id).await?;
    Ok(web::Json(SupportView { suggestion_id: *id, supported: s.supported, support_count: s.support_count }))
}
