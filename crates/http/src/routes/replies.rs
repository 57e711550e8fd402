//! Replies: drafted and submitted by the unit, reviewed by a moderator.

use actix_web::{HttpResponse, get, patch, post, web};
use liuyan_domain::Audience;
use liuyan_persistence::messages;

use crate::auth::{Auth, MaybeAuth};
use crate::dto::{NoteRequest, ReasonRequest, ReplyRequest, ReplyView, UpdateReplyRequest};
use crate::error::{ApiResult, BadRequest, Conflict, Forbidden, NotFound, Unauthorized, Unprocessable};
use crate::extract::ValidJson;
use crate::state::AppState;

async fn view(state: &AppState, reply: messages::Reply, staff: bool) -> ApiResult<ReplyView> {
    let unit = liuyan_persistence::reference::get_unit(&state.db.read, reply.unit_id).await.ok().map(|u| u.name);
    Ok(ReplyView::new(reply, unit, staff))
}

/// The unit writes its reply: submitted for review at once, or kept as a draft (`submit: false`).
#[utoipa::path(tag = "handling", security(("bearer" = [])), params(("id" = i64, Path, description = "Message id")),
    request_body = ReplyRequest, responses(
    (status = 201, description = "Saved", body = ReplyView),
    (status = 400, response = BadRequest), (status = 401, response = Unauthorized), (status = 403, response = Forbidden),
    (status = 404, response = NotFound), (status = 409, response = Conflict), (status = 422, response = Unprocessable),
))]
#[post("/messages/{id}/replies")]
pub async fn write_reply(
    state: web::Data<AppState>,
    auth: Auth,
    id: web::Path<i64>,
    body: ValidJson<ReplyRequest>,
) -> ApiResult<HttpResponse> {
    let r = body.0;
    let reply = messages::write_reply(&state.db, &auth.0, *id, r.body.trim().to_owned(), r.submit).await?;
    Ok(HttpResponse::Created().json(view(&state, reply, true).await?))
}

/// A reply: published ones for whoever may see the message; drafts and reviews for the staff.
#[utoipa::path(tag = "handling", security((), ("bearer" = [])), params(("id" = i64, Path)), responses(
    (status = 200, description = "The reply", body = ReplyView),
    (status = 400, response = BadRequest), (status = 401, response = Unauthorized), (status = 404, response = NotFound),
))]
#[get("/replies/{id}")]
pub async fn get_reply(
    state: web::Data<AppState>,
    auth: MaybeAuth,
    id: web::Path<i64>,
) -> ApiResult<web::Json<ReplyView>> {
    let (reply, audience) = messages::get_reply(&state.db, *id, auth.0.as_ref()).await?;
    let mut v = view(&state, reply, audience == Audience::Staff).await?;
    if audience == Audience::Public {
        v.body = liuyan_domain::masking::mask_public_text(&v.body);
    }
    Ok(web::Json(v))
}

/// Edit a draft reply, or submit it (`submit: true`).
#[utoipa::path(tag = "handling", security(("bearer" = [])), params(("id" = i64, Path)), request_body = UpdateReplyRequest, responses(
    (status = 200, description = "Saved", body = ReplyView),
    (status = 400, response = BadRequest), (status = 401, response = Unauthorized), (status = 403, response = Forbidden),
    (status = 404, response = NotFound), (status = 409, response = Conflict), (status = 422, response = Unprocessable),
))]
#[patch("/replies/{id}")]
pub async fn update_reply(
    state: web::Data<AppState>,
    auth: Auth,
    id: web::Path<i64>,
    body: ValidJson<UpdateReplyRequest>,
) -> ApiResult<web::Json<ReplyView>> {
    let r = body.0;
    let reply = messages::update_reply(&state.db, &auth.0, *id, r.body.map(|b| b.trim().to_owned()), r.submit).await?;
    Ok(web::Json(view(&state, reply, true).await?))
}

/// Review (moderator): publish the reply.
#[utoipa::path(tag = "handling", security(("bearer" = [])), params(("id" = i64, Path)), request_body = NoteRequest, responses(
    (status = 200, description = "Published", body = ReplyView),
    (status = 400, response = BadRequest), (status = 401, response = Unauthorized), (status = 403, response = Forbidden),
    (status = 404, response = NotFound), (status = 409, response = Conflict), (status = 422, response = Unprocessable),
))]
#[post("/replies/{id}/approve")]
pub async fn approve_reply(
    state: web::Data<AppState>,
    auth: Auth,
    id: web::Path<i64>,
    body: ValidJson<NoteRequest>,
) -> ApiResult<web::Json<ReplyView>> {
    let reply = messages::review_reply(&state.db, &auth.0, *id, true, body.0.note).await?;
    Ok(web::Json(view(&state, reply, true).await?))
}

/// Review (moderator): send a perfunctory reply back to the unit with a reason (退回).
#[utoipa::path(tag = "handling", security(("bearer" = [])), params(("id" = i64, Path)), request_body = ReasonRequest, responses(
    (status = 200, description = "Returned", body = ReplyView),
    (status = 400, response = BadRequest), (status = 401, response = Unauthorized), (status = 403, response = Forbidden),
    (status = 404, response = NotFound), (status = 409, response = Conflict), (status = 422, response = Unprocessable),
))]
#[post("/replies/{id}/return")]
pub async fn return_reply(
    state: web::Data<AppState>,
    auth: Auth,
    id: web::Path<i64>,
    body: ValidJson<ReasonRequest>,
) -> ApiResult<web::Json<ReplyView>> {
    let reply = messages::review_reply(&state.db, &auth.0, *id, false, Some(body.0.reason)).await?;
    Ok(web::Json(view(&state, reply, true).await?))
}
