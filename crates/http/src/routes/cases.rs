//! The case library (精选案例): the public list, and moderators featuring and unfeaturing messages.

use actix_web::{HttpResponse, delete, get, put, web};
use liuyan_persistence::cases::{self, CaseFilter};

use crate::auth::Auth;
use crate::dto::{CaseListQuery, CasePage, CaseRequest, CaseView};
use crate::error::{ApiResult, BadRequest, Conflict, Forbidden, NotFound, Unauthorized, Unprocessable};
use crate::extract::{ValidJson, decode_cursor, encode_cursor, known_region, page_limit};
use crate::state::AppState;

/// The case library: answered public messages moderators hold up as examples, newest featured first.
#[utoipa::path(tag = "cases", params(CaseListQuery), responses(
    (status = 200, description = "A page of cases", body = CasePage),
    (status = 400, response = BadRequest),
    (status = 422, response = Unprocessable),
))]
#[get("/cases")]
pub async fn list_cases(state: web::Data<AppState>, q: web::Query<CaseListQuery>) -> ApiResult<web::Json<CasePage>> {
    if let Some(code) = &q.region {
        known_region(&state.db, code.as_str()).await?;
    }
    let filter = CaseFilter { region: q.region.as_ref().map(|r| r.0.clone()), domain: q.domain };
    let page = cases::list(&state.db, &filter, decode_cursor(q.cursor.as_deref())?, page_limit(q.limit)?).await?;
    let now = state.db.now();
    Ok(web::Json(CasePage {
        items: page.items.into_iter().map(|c| CaseView::new(c, now)).collect(),
        next_cursor: page.next_after.map(encode_cursor),
    }))
}

/// Features an answered public message in the case library with a note (moderator), or changes the
/// note of one already featured.
#[utoipa::path(tag = "cases", security(("bearer" = [])), params(("message_id" = i64, Path)), request_body = CaseRequest,
    responses(
        (status = 201, description = "Featured", body = CaseView),
        (status = 200, description = "The note changed", body = CaseView),
        (status = 400, response = BadRequest), (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden), (status = 404, response = NotFound),
        (status = 409, response = Conflict), (status = 422, response = Unprocessable),
))]
#[put("/cases/{message_id}")]
pub async fn feature_case(
    state: web::Data<AppState>,
    auth: Auth,
    message_id: web::Path<i64>,
    body: ValidJson<CaseRequest>,
) -> ApiResult<HttpResponse> {
    let (case, created) = cases::feature(&state.db, &auth.0, *message_id, body.0.note).await?;
    let view = CaseView::new(case, state.db.now());
    Ok(if created { HttpResponse::Created().json(view) } else { HttpResponse::Ok().json(view) })
}

/// Takes a message out of the case library (moderator).
#[utoipa::path(tag = "cases", security(("bearer" = [])), params(("message_id" = i64, Path)), responses(
    (status = 204, description = "No longer featured"),
    (status = 400, response = BadRequest), (status = 401, response = Unauthorized),
    (status = 403, response = Forbidden), (status = 404, response = NotFound),
))]
#[delete("/cases/{message_id}")]
pub async fn unfeature_case(
    state: web::Data<AppState>,
    auth: Auth,
    message_id: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    cases::unfeature(&state.db, &auth.0, *message_id).await?;
    Ok(HttpResponse::NoContent().finish())
}
