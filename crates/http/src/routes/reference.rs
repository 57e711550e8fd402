//! Pickers: regions, leaders, units.

use actix_web::{get, web};
use liuyan_persistence::reference::{self, UnitFilter};

use crate::dto::{
    LeaderQuery, LeaderView, RegionCode, RegionLevel, RegionQuery, RegionView, UnitPage, UnitQuery, UnitView,
};
use crate::error::{ApiResult, BadRequest, NotFound};
use crate::extract::{decode_cursor, encode_cursor, page_limit};
use crate::state::AppState;

/// Regions (GB/T 2260): provinces and prefecture-level cities.
#[utoipa::path(tag = "reference", params(RegionQuery), responses(
    (status = 200, description = "Regions by code", body = Vec<RegionView>),
    (status = 400, response = BadRequest),
))]
#[get("/regions")]
pub async fn list_regions(
    state: web::Data<AppState>,
    q: web::Query<RegionQuery>,
) -> ApiResult<web::Json<Vec<RegionView>>> {
    let rows =
        reference::list_regions(&state.db, q.parent.as_ref().map(RegionCode::as_str), q.level.map(RegionLevel::as_str))
            .await?;
    Ok(web::Json(rows.into_iter().map(Into::into).collect()))
}

#[utoipa::path(tag = "reference", params(("code" = String, Path, description = "6-digit region code", pattern = "^[0-9]{6}$")), responses(
    (status = 200, description = "The region", body = RegionView),
    (status = 404, response = NotFound),
))]
#[get("/regions/{code}")]
pub async fn get_region(state: web::Data<AppState>, code: web::Path<String>) -> ApiResult<web::Json<RegionView>> {
    Ok(web::Json(reference::get_region(&state.db.read, &code).await?.into()))
}

/// Leaders' offices, optionally of one region.
#[utoipa::path(tag = "reference", params(LeaderQuery), responses(
    (status = 200, description = "Leaders", body = Vec<LeaderView>),
    (status = 400, response = BadRequest),
))]
#[get("/leaders")]
pub async fn list_leaders(
    state: web::Data<AppState>,
    q: web::Query<LeaderQuery>,
) -> ApiResult<web::Json<Vec<LeaderView>>> {
    let rows = reference::list_leaders(&state.db, q.region.as_ref().map(RegionCode::as_str)).await?;
    Ok(web::Json(rows.into_iter().map(Into::into).collect()))
}

#[utoipa::path(tag = "reference", params(("id" = i64, Path)), responses(
    (status = 200, description = "The leader", body = LeaderView),
    (status = 400, response = BadRequest),
    (status = 404, response = NotFound),
))]
#[get("/leaders/{id}")]
pub async fn get_leader(state: web::Data<AppState>, id: web::Path<i64>) -> ApiResult<web::Json<LeaderView>> {
    Ok(web::Json(reference::get_leader(&state.db.read, *id).await?.into()))
}

/// Handling units, filterable by region, domain and name.
#[utoipa::path(tag = "reference", params(UnitQuery), responses(
    (status = 200, description = "A page of units", body = UnitPage),
    (status = 400, response = BadRequest),
))]
#[get("/units")]
pub async fn list_units(state: web::Data<AppState>, q: web::Query<UnitQuery>) -> ApiResult<web::Json<UnitPage>> {
    let q = q.into_inner();
    let filter = UnitFilter { region: q.region.map(|r| r.0), domain: q.domain, name: q.q };
    let page =
        reference::list_units(&state.db, &filter, decode_cursor(q.cursor.as_deref())?, page_limit(q.limit)?).await?;
    Ok(web::Json(UnitPage {
        items: page.items.into_iter().map(Into::into).collect(),
        next_cursor: page.next_after.map(encode_cursor),
    }))
}

#[utoipa::path(tag = "reference", params(("id" = i64, Path)), responses(
    (status = 200, description = "The unit", body = UnitView),
    (status = 400, response = BadRequest),
    (status = 404, response = NotFound),
))]
#[get("/units/{id}")]
pub async fn get_unit(state: web::Data<AppState>, id: web::Path<i64>) -> ApiResult<web::Json<UnitView>> {
    Ok(web::Json(reference::get_unit(&state.db.read, *id).await?.into()))
}
