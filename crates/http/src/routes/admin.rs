//! Administration: regions, leaders, units (with their hierarchy), routing rules, SLA tiers and rules,
//! and the working-day calendar. Admins only.

use actix_web::{HttpResponse, delete, get, patch, post, put, web};
use chrono::{DateTime, NaiveDate, Utc};
use liuyan_domain::calendar::{DayKind, SlaDuration, SpecialDay};
use liuyan_domain::sla::SlaTier;
use liuyan_domain::{Domain, MessageType, Role};
use liuyan_persistence::handling;
use liuyan_persistence::reference::{self, UnitChanges};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;
use validator::Validate;

use crate::auth::Auth;
use crate::dto::{LeaderView, RegionView, UnitView, not_blank, region_code};
use crate::error::{ApiError, ApiResult, BadRequest, Conflict, Forbidden, NotFound, Unauthorized, Unprocessable};
use crate::extract::ValidJson;
use crate::state::AppState;

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(create_region)
        .service(update_region)
        .service(create_leader)
        .service(update_leader)
        .service(create_unit)
        .service(update_unit)
        .service(list_routing_rules)
        .service(create_routing_rule)
        .service(delete_routing_rule)
        .service(list_sla_tiers)
        .service(put_sla_tier)
        .service(list_sla_rules)
        .service(create_sla_rule)
        .service(delete_sla_rule)
        .service(get_calendar)
        .service(put_calendar);
}

fn admin(auth: &Auth) -> ApiResult<()> {
    auth.require(&[Role::Admin]).map(|_| ())
}

// ---------- regions, leaders, units ----------

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewRegion {
    #[validate(custom(function = "region_code"))]
    #[schema(pattern = "^[0-9]{6}$")]
    pub code: String,
    #[validate(length(max = 50), custom(function = "not_blank"))]
    #[schema(min_length = 1, max_length = 50, pattern = r"\S")]
    pub name: String,
    /// Absent for a province-level region.
    #[validate(custom(function = "region_code"))]
    #[schema(pattern = "^[0-9]{6}$")]
    pub parent_code: Option<String>,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RegionChanges {
    #[validate(length(max = 50), custom(function = "not_blank"))]
    #[schema(min_length = 1, max_length = 50, pattern = r"\S")]
    pub name: String,
}

#[utoipa::path(tag = "admin", security(("bearer" = [])), request_body = NewRegion, responses(
    (status = 201, description = "Created", body = RegionView),
    (status = 400, response = BadRequest), (status = 401, response = Unauthorized), (status = 403, response = Forbidden),
    (status = 409, response = Conflict), (status = 422, response = Unprocessable),
))]
#[post("/admin/regions")]
pub async fn create_region(
    state: web::Data<AppState>,
    auth: Auth,
    body: ValidJson<NewRegion>,
) -> ApiResult<HttpResponse> {
    admin(&auth)?;
    let r = body.0;
    let region = reference::create_region(&state.db, &r.code, r.name.trim(), r.parent_code.as_deref()).await?;
    Ok(HttpResponse::Created().json(RegionView::from(region)))
}

#[utoipa::path(tag = "admin", security(("bearer" = [])), params(("code" = String, Path, pattern = "^[0-9]{6}$")), request_body = RegionChanges, responses(
    (status = 200, description = "Renamed", body = RegionView),
    (status = 400, response = BadRequest), (status = 401, response = Unauthorized), (status = 403, response = Forbidden),
    (status = 404, response = NotFound), (status = 422, response = Unprocessable),
))]
#[patch("/admin/regions/{code}")]
pub async fn update_region(
    state: web::Data<AppState>,
    auth: Auth,
    code: web::Path<String>,
    body: ValidJson<RegionChanges>,
) -> ApiResult<web::Json<RegionView>> {
    admin(&auth)?;
    Ok(web::Json(reference::rename_region(&state.db, &code, body.0.name.trim()).await?.into()))
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewLeader {
    #[validate(custom(function = "region_code"))]
    #[schema(pattern = "^[0-9]{6}$")]
    pub region_code: String,
    /// The office, e.g. 市长.
    #[validate(length(max = 30), custom(function = "not_blank"))]
    #[schema(min_length = 1, max_length = 30, pattern = r"\S")]
    pub title: String,
    /// The office's full name, e.g. 广州市市长.
    #[validate(length(max = 60), custom(function = "not_blank"))]
    #[schema(min_length = 1, max_length = 60, pattern = r"\S")]
    pub name: String,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LeaderChanges {
    #[validate(length(max = 30), custom(function = "not_blank"))]
    #[schema(min_length = 1, max_length = 30, pattern = r"\S")]
    pub title: Option<String>,
    #[validate(length(max = 60), custom(function = "not_blank"))]
    #[schema(min_length = 1, max_length = 60, pattern = r"\S")]
    pub name: Option<String>,
}

#[utoipa::path(tag = "admin", security(("bearer" = [])), request_body = NewLeader, responses(
    (status = 201, description = "Created", body = LeaderView),
    (status = 400, response = BadRequest), (status = 401, response = Unauthorized), (status = 403, response = Forbidden),
    (status = 422, response = Unprocessable),
))]
#[post("/admin/leaders")]
pub async fn create_leader(
    state: web::Data<AppState>,
    auth: Auth,
    body: ValidJson<NewLeader>,
) -> ApiResult<HttpResponse> {
    admin(&auth)?;
    let r = body.0;
    let leader = reference::create_leader(&state.db, &r.region_code, r.title.trim(), r.name.trim()).await?;
    Ok(HttpResponse::Created().json(LeaderView::from(leader)))
}

#[utoipa::path(tag = "admin", security(("bearer" = [])), params(("id" = i64, Path)), request_body = LeaderChanges, responses(
    (status = 200, description = "Updated", body = LeaderView),
    (status = 400, response = BadRequest), (status = 401, response = Unauthorized), (status = 403, response = Forbidden),
    (status = 404, response = NotFound), (status = 422, response = Unprocessable),
))]
#[patch("/admin/leaders/{id}")]
pub async fn update_leader(
    state: web::Data<AppState>,
    auth: Auth,
    id: web::Path<i64>,
    body: ValidJson<LeaderChanges>,
) -> ApiResult<web::Json<LeaderView>> {
    admin(&auth)?;
    let r = body.0;
    let leader =
        reference::update_leader(&state.db, *id, r.title.map(|t| t.trim().into()), r.name.map(|n| n.trim().into()))
            .await?;
    Ok(web::Json(leader.into()))
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewUnit {
    #[validate(custom(function = "region_code"))]
    #[schema(pattern = "^[0-9]{6}$")]
    pub region_code: String,
    #[validate(length(max = 100), custom(function = "not_blank"))]
    #[schema(min_length = 1, max_length = 100, pattern = r"\S")]
    pub name: String,
    /// The unit it belongs under, if any.
    pub parent_id: Option<i64>,
    #[serde(default)]
    pub domains: Vec<Domain>,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UnitChangesRequest {
    #[validate(length(max = 100), custom(function = "not_blank"))]
    #[schema(min_length = 1, max_length = 100, pattern = r"\S")]
    pub name: Option<String>,
    /// A new parent; `null` makes it top-level; absent leaves it.
    #[serde(default, with = "double_option")]
    #[schema(value_type = Option<i64>)]
    pub parent_id: Option<Option<i64>>,
    pub domains: Option<Vec<Domain>>,
}

/// Tells "absent" from "null" for a PATCH field.
pub(crate) mod double_option {
    use serde::{Deserialize, Deserializer};

    pub fn deserialize<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Option<Option<T>>, D::Error> {
        Ok(Some(Option::deserialize(d)?))
    }
}

#[utoipa::path(tag = "admin", security(("bearer" = [])), request_body = NewUnit, responses(
    (status = 201, description = "Created", body = UnitView),
    (status = 400, response = BadRequest), (status = 401, response = Unauthorized), (status = 403, response = Forbidden),
    (status = 409, response = Conflict), (status = 422, response = Unprocessable),
))]
#[post("/admin/units")]
pub async fn create_unit(state: web::Data<AppState>, auth: Auth, body: ValidJson<NewUnit>) -> ApiResult<HttpResponse> {
    admin(&auth)?;
    let r = body.0;
    let unit = reference::create_unit(&state.db, &r.region_code, r.name.trim(), r.parent_id, &r.domains).await?;
    Ok(HttpResponse::Created().json(UnitView::from(unit)))
}

#[utoipa::path(tag = "admin", security(("bearer" = [])), params(("id" = i64, Path)), request_body = UnitChangesRequest, responses(
    (status = 200, description = "Updated", body = UnitView),
    (status = 400, response = BadRequest), (status = 401, response = Unauthorized), (status = 403, response = Forbidden),
    (status = 404, response = NotFound), (status = 409, response = Conflict), (status = 422, response = Unprocessable),
))]
#[patch("/admin/units/{id}")]
pub async fn update_unit(
    state: web::Data<AppState>,
    auth: Auth,
    id: web::Path<i64>,
    body: ValidJson<UnitChangesRequest>,
) -> ApiResult<web::Json<UnitView>> {
    admin(&auth)?;
    let r = body.0;
    let changes = UnitChanges { name: r.name.map(|n| n.trim().into()), parent_id: r.parent_id, domains: r.domains };
    Ok(web::Json(reference::update_unit(&state.db, *id, changes).await?.into()))
}

// ---------- routing rules ----------

#[derive(Debug, Serialize, ToSchema)]
pub struct RoutingRuleView {
    pub id: i64,
    pub region_code: String,
    pub domain: Domain,
    pub keywords: Vec<String>,
    pub unit_id: i64,
    pub created_at: DateTime<Utc>,
}

impl From<handling::RoutingRuleRow> for RoutingRuleView {
    fn from(r: handling::RoutingRuleRow) -> Self {
        RoutingRuleView {
            id: r.id,
            domain: Domain::parse(&r.domain).unwrap_or(Domain::Other),
            keywords: liuyan_domain::routing::parse_keywords(&r.keywords),
            region_code: r.region_code,
            unit_id: r.unit_id,
            created_at: r.created_at,
        }
    }
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewRoutingRule {
    /// A city, or a province (covering its cities).
    #[validate(custom(function = "region_code"))]
    #[schema(pattern = "^[0-9]{6}$")]
    pub region_code: String,
    pub domain: Domain,
    /// Any of these words in a message's title or body; empty for every message of the region and domain.
    #[serde(default)]
    #[validate(length(max = 20))]
    #[schema(max_items = 20)]
    pub keywords: Vec<String>,
    pub unit_id: i64,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RegionFilter {
    #[param(value_type = Option<String>, pattern = "^[0-9]{6}$")]
    pub region: Option<crate::dto::RegionCode>,
}

/// Routing rules: on acceptance a message goes to the unit of the most specific matching rule.
#[utoipa::path(tag = "admin", security(("bearer" = [])), params(RegionFilter), responses(
    (status = 200, description = "Rules", body = Vec<RoutingRuleView>),
    (status = 400, response = BadRequest), (status = 401, response = Unauthorized), (status = 403, response = Forbidden),
))]
#[get("/admin/routing-rules")]
pub async fn list_routing_rules(
    state: web::Data<AppState>,
    auth: Auth,
    q: web::Query<RegionFilter>,
) -> ApiResult<web::Json<Vec<RoutingRuleView>>> {
    admin(&auth)?;
    let rules = handling::routing_rules(&state.db, q.region.as_ref().map(|r| r.as_str())).await?;
    Ok(web::Json(rules.into_iter().map(Into::into).collect()))
}

#[utoipa::path(tag = "admin", security(("bearer" = [])), request_body = NewRoutingRule, responses(
    (status = 201, description = "Created", body = RoutingRuleView),
    (status = 400, response = BadRequest), (status = 401, response = Unauthorized), (status = 403, response = Forbidden),
    (status = 422, response = Unprocessable),
))]
#[post("/admin/routing-rules")]
pub async fn create_routing_rule(
    state: web::Data<AppState>,
    auth: Auth,
    body: ValidJson<NewRoutingRule>,
) -> ApiResult<HttpResponse> {
    admin(&auth)?;
    let r = body.0;
    let rule =
        handling::add_routing_rule(&state.db, &r.region_code, r.domain, &r.keywords.join(","), r.unit_id).await?;
    Ok(HttpResponse::Created().json(RoutingRuleView::from(rule)))
}

#[utoipa::path(tag = "admin", security(("bearer" = [])), params(("id" = i64, Path)), responses(
    (status = 204, description = "Deleted"),
    (status = 400, response = BadRequest), (status = 401, response = Unauthorized), (status = 403, response = Forbidden),
    (status = 404, response = NotFound),
))]
#[delete("/admin/routing-rules/{id}")]
pub async fn delete_routing_rule(
    state: web::Data<AppState>,
    auth: Auth,
    id: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    admin(&auth)?;
    handling::delete_routing_rule(&state.db, *id).await?;
    Ok(HttpResponse::NoContent().finish())
}

// ---------- SLA ----------

#[derive(Debug, Clone, Copy, Deserialize, Serialize, ToSchema, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum DurationUnit {
    /// Clock hours, holidays included.
    Hours,
    /// Working days on the calendar, due at the end of the last one (China time).
    WorkingDays,
}

#[derive(Debug, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SlaTierView {
    /// The path's code again (422 `mismatch` otherwise).
    #[validate(length(min = 1, max = 32))]
    #[schema(min_length = 1, max_length = 32)]
    pub code: String,
    #[validate(length(max = 50), custom(function = "not_blank"))]
    #[schema(min_length = 1, max_length = 50, pattern = r"\S")]
    pub name: String,
    pub unit: DurationUnit,
    #[validate(range(min = 1, max = 1000))]
    #[schema(minimum = 1, maximum = 1000)]
    pub amount: u32,
    /// Hours after the deadline until an open supervision escalates.
    #[validate(range(min = 1, max = 10000))]
    #[schema(minimum = 1, maximum = 10000)]
    pub escalate_after_hours: u32,
}

impl From<SlaTier> for SlaTierView {
    fn from(t: SlaTier) -> Self {
        let (unit, amount) = match t.duration {
            SlaDuration::Hours(h) => (DurationUnit::Hours, h),
            SlaDuration::WorkingDays(d) => (DurationUnit::WorkingDays, d),
        };
        SlaTierView { code: t.code, name: t.name, unit, amount, escalate_after_hours: t.escalate_after_hours }
    }
}

/// The SLA tiers (defaults: urgent 2 h, utilities 24 h, standard 15 working days).
#[utoipa::path(tag = "admin", security(("bearer" = [])), responses(
    (status = 200, description = "Tiers", body = Vec<SlaTierView>),
    (status = 401, response = Unauthorized), (status = 403, response = Forbidden),
))]
#[get("/admin/sla/tiers")]
pub async fn list_sla_tiers(state: web::Data<AppState>, auth: Auth) -> ApiResult<web::Json<Vec<SlaTierView>>> {
    admin(&auth)?;
    Ok(web::Json(handling::tiers(&state.db.read).await?.into_iter().map(Into::into).collect()))
}

/// Create or change a tier; deadlines already set keep their value.
#[utoipa::path(tag = "admin", security(("bearer" = [])), params(("code" = String, Path, min_length = 1, max_length = 32)), request_body = SlaTierView, responses(
    (status = 200, description = "Saved", body = SlaTierView),
    (status = 400, response = BadRequest), (status = 401, response = Unauthorized), (status = 403, response = Forbidden),
    (status = 422, response = Unprocessable),
))]
#[put("/admin/sla/tiers/{code}")]
pub async fn put_sla_tier(
    state: web::Data<AppState>,
    auth: Auth,
    code: web::Path<String>,
    body: ValidJson<SlaTierView>,
) -> ApiResult<web::Json<SlaTierView>> {
    admin(&auth)?;
    let t = body.0;
    if t.code != *code {
        return Err(ApiError::field("code", "mismatch", "the code in the body must match the path"));
    }
    let duration = match t.unit {
        DurationUnit::Hours => SlaDuration::Hours(t.amount),
        DurationUnit::WorkingDays => SlaDuration::WorkingDays(t.amount),
    };
    let tier =
        SlaTier { code: t.code, name: t.name.trim().into(), duration, escalate_after_hours: t.escalate_after_hours };
    Ok(web::Json(handling::put_tier(&state.db, tier).await?.into()))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SlaRuleView {
    pub id: i64,
    pub message_type: Option<MessageType>,
    pub domain: Option<Domain>,
    pub tier: String,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewSlaRule {
    pub message_type: Option<MessageType>,
    pub domain: Option<Domain>,
    /// An existing SLA tier's code (422 `unknown` otherwise).
    #[validate(length(min = 1, max = 32))]
    #[schema(min_length = 1, max_length = 32)]
    pub tier: String,
}

/// Rules choosing a message's tier by type and/or domain (the most specific wins).
#[utoipa::path(tag = "admin", security(("bearer" = [])), responses(
    (status = 200, description = "Rules", body = Vec<SlaRuleView>),
    (status = 401, response = Unauthorized), (status = 403, response = Forbidden),
))]
#[get("/admin/sla/rules")]
pub async fn list_sla_rules(state: web::Data<AppState>, auth: Auth) -> ApiResult<web::Json<Vec<SlaRuleView>>> {
    admin(&auth)?;
    let rules = handling::sla_rules(&state.db.read).await?;
    Ok(web::Json(
        rules
            .into_iter()
            .map(|r| SlaRuleView {
                id: r.id,
                message_type: r.message_type.as_deref().and_then(MessageType::parse),
                domain: r.domain.as_deref().and_then(Domain::parse),
                tier: r.tier_code,
            })
            .collect(),
    ))
}

#[utoipa::path(tag = "admin", security(("bearer" = [])), request_body = NewSlaRule, responses(
    (status = 201, description = "Created", body = SlaRuleView),
    (status = 400, response = BadRequest), (status = 401, response = Unauthorized), (status = 403, response = Forbidden),
    (status = 422, response = Unprocessable),
))]
#[post("/admin/sla/rules")]
pub async fn create_sla_rule(
    state: web::Data<AppState>,
    auth: Auth,
    body: ValidJson<NewSlaRule>,
) -> ApiResult<HttpResponse> {
    admin(&auth)?;
    let r = body.0;
    let rule = handling::add_sla_rule(&state.db, r.message_type, r.domain, &r.tier).await?;
    Ok(HttpResponse::Created().json(SlaRuleView {
        id: rule.id,
        message_type: r.message_type,
        domain: r.domain,
        tier: rule.tier_code,
    }))
}

#[utoipa::path(tag = "admin", security(("bearer" = [])), params(("id" = i64, Path)), responses(
    (status = 204, description = "Deleted"),
    (status = 400, response = BadRequest), (status = 401, response = Unauthorized), (status = 403, response = Forbidden),
    (status = 404, response = NotFound),
))]
#[delete("/admin/sla/rules/{id}")]
pub async fn delete_sla_rule(state: web::Data<AppState>, auth: Auth, id: web::Path<i64>) -> ApiResult<HttpResponse> {
    admin(&auth)?;
    handling::delete_sla_rule(&state.db, *id).await?;
    Ok(HttpResponse::NoContent().finish())
}

// ---------- calendar ----------

#[derive(Debug, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SpecialDayView {
    #[schema(value_type = String, format = Date, example = "2026-10-01")]
    pub date: NaiveDate,
    pub kind: DayKind,
    #[validate(custom(function = "not_blank"), length(max = 50))]
    #[serde(default)]
    #[schema(required = true, min_length = 1, max_length = 50, pattern = r"\S")]
    pub name: String,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct YearRequest {
    /// Every public holiday and adjusted working day (调休) of the year, each in the path's year (422
    /// `year` otherwise); replaces what the year had.
    #[validate(length(max = 366), nested)]
    #[schema(max_items = 366)]
    pub days: Vec<SpecialDayView>,
}

/// The special days of a year: public holidays and adjusted working days (2025 and 2026 are built in).
#[utoipa::path(tag = "admin", security(("bearer" = [])), params(("year" = i32, Path)), responses(
    (status = 200, description = "The year's special days", body = Vec<SpecialDayView>),
    (status = 400, response = BadRequest), (status = 401, response = Unauthorized), (status = 403, response = Forbidden),
))]
#[get("/admin/calendar/{year}")]
pub async fn get_calendar(
    state: web::Data<AppState>,
    auth: Auth,
    year: web::Path<i32>,
) -> ApiResult<web::Json<Vec<SpecialDayView>>> {
    admin(&auth)?;
    let days = handling::special_days(&state.db.read, Some(*year)).await?;
    Ok(web::Json(days.into_iter().map(|d| SpecialDayView { date: d.date, kind: d.kind, name: d.name }).collect()))
}

/// Set a year's special days, as the State Council publishes them.
#[utoipa::path(tag = "admin", security(("bearer" = [])), params(("year" = i32, Path)), request_body = YearRequest, responses(
    (status = 200, description = "Saved", body = Vec<SpecialDayView>),
    (status = 400, response = BadRequest), (status = 401, response = Unauthorized), (status = 403, response = Forbidden),
    (status = 422, response = Unprocessable),
))]
#[put("/admin/calendar/{year}")]
pub async fn put_calendar(
    state: web::Data<AppState>,
    auth: Auth,
    year: web::Path<i32>,
    body: ValidJson<YearRequest>,
) -> ApiResult<web::Json<Vec<SpecialDayView>>> {
    admin(&auth)?;
    let days = body
        .0
        .days
        .into_iter()
        .map(|d| SpecialDay { date: d.date, kind: d.kind, name: d.name.trim().into() })
        .collect();
    let saved = handling::set_year(&state.db, *year, days).await?;
    Ok(web::Json(saved.into_iter().map(|d| SpecialDayView { date: d.date, kind: d.kind, name: d.name }).collect()))
}
