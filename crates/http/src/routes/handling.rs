//! Follow-up questions, joint replies, supervision and each account's notifications.

use actix_web::{HttpResponse, get, post, web};
use chrono::{DateTime, Utc};
use liuyan_domain::supervision::{SupervisionMove, SupervisionState};
use liuyan_domain::{ReplyStatus, Role};
use liuyan_persistence::handling::{self, SupervisionFilter};
use liuyan_persistence::notifications;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

use crate::auth::{Auth, MaybeAuth};
use crate::dto::{FollowUpView, MessageSummary, NamedRef, SupervisionView, not_blank};
use crate::error::{ApiResult, BadRequest, Conflict, Forbidden, NotFound, Unauthorized, Unprocessable};
use crate::extract::{ValidJson, decode_cursor, encode_cursor, page_limit};
use crate::state::AppState;

// ---------- follow-ups ----------

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FollowUpRequest {
    #[validate(length(max = 1000), custom(function = "not_blank"))]
    #[schema(min_length = 1, max_length = 1000, pattern = r"\S")]
    pub question: String,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FollowUpAnswerRequest {
    #[validate(length(max = 5000), custom(function = "not_blank"))]
    #[schema(min_length = 1, max_length = 5000, pattern = r"\S")]
    pub answer: String,
}

/// The writer asks a follow-up question (追问) about the published answer (at most 3 per message).
#[utoipa::path(tag = "handling", security(("bearer" = [])), params(("id" = i64, Path, description = "Message id")),
    request_body = FollowUpRequest, responses(
    (status = 201, description = "Asked; the unit is notified", body = FollowUpView),
    (status = 400, response = BadRequest), (status = 401, response = Unauthorized), (status = 403, response = Forbidden),
    (status = 404, response = NotFound), (status = 409, response = Conflict), (status = 422, response = Unprocessable),
))]
#[post("/messages/{id}/follow-ups")]
pub async fn ask_follow_up(
    state: web::Data<AppState>,
    auth: Auth,
    id: web::Path<i64>,
    body: ValidJson<FollowUpRequest>,
) -> ApiResult<HttpResponse> {
    let f = handling::ask_follow_up(&state.db, &auth.0, *id, body.0.question.trim().to_owned()).await?;
    Ok(HttpResponse::Created().json(FollowUpView::new(f, false)))
}

/// The unit answers a follow-up question; question and answer are public with the message.
#[utoipa::path(tag = "handling", security(("bearer" = [])), params(("id" = i64, Path, description = "Follow-up id")),
    request_body = FollowUpAnswerRequest, responses(
    (status = 200, description = "Answered", body = FollowUpView),
    (status = 400, response = BadRequest), (status = 401, response = Unauthorized), (status = 403, response = Forbidden),
    (status = 404, response = NotFound), (status = 409, response = Conflict), (status = 422, response = Unprocessable),
))]
#[post("/follow-ups/{id}/answer")]
pub async fn answer_follow_up(
    state: web::Data<AppState>,
    auth: Auth,
    id: web::Path<i64>,
    body: ValidJson<FollowUpAnswerRequest>,
) -> ApiResult<web::Json<FollowUpView>> {
    let f = handling::answer_follow_up(&state.db, &auth.0, *id, body.0.answer.trim().to_owned()).await?;
    Ok(web::Json(FollowUpView::new(f, false)))
}

// ---------- joint replies ----------

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct JointReplyRequest {
    #[validate(length(max = 100), custom(function = "not_blank"))]
    #[schema(min_length = 1, max_length = 100, pattern = r"\S")]
    pub title: String,
    #[validate(length(max = 10000), custom(function = "not_blank"))]
    #[schema(min_length = 1, max_length = 10000, pattern = r"\S")]
    pub body: String,
    /// 2–100 different messages of the caller's unit waiting for a reply.
    #[schema(min_items = 2, max_items = 100)]
    pub message_ids: Vec<i64>,
}

/// One answer to a class of messages (解决一类事).
#[derive(Debug, Serialize, ToSchema)]
pub struct JointReplyView {
    pub id: i64,
    pub unit: NamedRef,
    pub title: String,
    pub body: String,
    pub status: ReplyStatus,
    pub return_reason: Option<String>,
    pub created_at: DateTime<Utc>,
    pub published_at: Option<DateTime<Utc>>,
    /// The member messages the caller may see.
    pub messages: Vec<MessageSummary>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct JointReplyPage {
    pub items: Vec<JointReplyView>,
    pub next_cursor: Option<String>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    pub cursor: Option<String>,
    /// 1–100, default 20.
    #[param(minimum = 1, maximum = 100, default = 20)]
    pub limit: Option<u64>,
}

fn joint_view(
    state: &AppState,
    d: handling::JointReplyDetail,
    viewer: Option<&liuyan_domain::Actor>,
) -> JointReplyView {
    let staff = viewer.is_some_and(|a| a.role.is_platform() || a.unit_id == Some(d.joint.unit_id));
    let j = d.joint;
    JointReplyView {
        id: j.id,
        unit: NamedRef { id: j.unit_id, name: d.unit_name },
        title: j.title,
        body: j.body,
        status: ReplyStatus::parse(&j.status).unwrap_or(ReplyStatus::InReview),
        return_reason: if staff { j.return_reason } else { None },
        created_at: j.created_at,
        published_at: j.published_at,
        messages: d
            .messages
            .into_iter()
            .map(|r| {
                let public = !staff && viewer.is_none_or(|a| a.account_id != r.message.writer_id);
                MessageSummary::new(r, public, state.db.now())
            })
            .collect(),
    }
}

/// Unit staff answer several of their unit's messages at once; the joint reply goes to review, and once
/// approved every member message is answered (and rated on its own).
#[utoipa::path(tag = "joint replies", security(("bearer" = [])), request_body = JointReplyRequest, responses(
    (status = 201, description = "Submitted for review", body = JointReplyView),
    (status = 400, response = BadRequest), (status = 401, response = Unauthorized), (status = 403, response = Forbidden),
    (status = 404, response = NotFound), (status = 409, response = Conflict), (status = 422, response = Unprocessable),
))]
#[post("/joint-replies")]
pub async fn create_joint_reply(
    state: web::Data<AppState>,
    auth: Auth,
    body: ValidJson<JointReplyRequest>,
) -> ApiResult<HttpResponse> {
    let r = body.0;
    let j =
        handling::create_joint_reply(&state.db, &auth.0, r.title.trim().into(), r.body.trim().into(), r.message_ids)
            .await?;
    let detail = handling::joint_reply_detail(&state.db, j.id, Some(&auth.0)).await?;
    Ok(HttpResponse::Created().json(joint_view(&state, detail, Some(&auth.0))))
}

/// Published joint replies, newest first (moderators also see those in review).
#[utoipa::path(tag = "joint replies", security((), ("bearer" = [])), params(PageQuery), responses(
    (status = 200, description = "A page of joint replies", body = JointReplyPage),
    (status = 400, response = BadRequest), (status = 401, response = Unauthorized), (status = 422, response = Unprocessable),
))]
#[get("/joint-replies")]
pub async fn list_joint_replies(
    state: web::Data<AppState>,
    auth: MaybeAuth,
    q: web::Query<PageQuery>,
) -> ApiResult<web::Json<JointReplyPage>> {
    let viewer = auth.0.as_ref();
    let staff = viewer.is_some_and(|a| a.role.is_platform());
    let page =
        handling::list_joint_replies(&state.db, decode_cursor(q.cursor.as_deref())?, page_limit(q.limit)?, staff)
            .await?;
    let mut items = Vec::with_capacity(page.items.len());
    for j in page.items {
        let detail = handling::joint_reply_detail(&state.db, j.id, viewer).await?;
        items.push(joint_view(&state, detail, viewer));
    }
    Ok(web::Json(JointReplyPage { items, next_cursor: page.next_after.map(encode_cursor) }))
}

#[utoipa::path(tag = "joint replies", security((), ("bearer" = [])), params(("id" = i64, Path)), responses(
    (status = 200, description = "The joint reply and its messages", body = JointReplyView),
    (status = 400, response = BadRequest), (status = 401, response = Unauthorized), (status = 404, response = NotFound),
))]
#[get("/joint-replies/{id}")]
pub async fn get_joint_reply(
    state: web::Data<AppState>,
    auth: MaybeAuth,
    id: web::Path<i64>,
) -> ApiResult<web::Json<JointReplyView>> {
    let detail = handling::joint_reply_detail(&state.db, *id, auth.0.as_ref()).await?;
    Ok(web::Json(joint_view(&state, detail, auth.0.as_ref())))
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReviewNote {
    /// With `return`: the reason, required.
    #[validate(length(max = 500))]
    #[schema(max_length = 500)]
    pub note: Option<String>,
}

/// Review (moderator): publish the joint reply: every member message is answered at once.
#[utoipa::path(tag = "joint replies", security(("bearer" = [])), params(("id" = i64, Path)), request_body = ReviewNote, responses(
    (status = 200, description = "Published", body = JointReplyView),
    (status = 400, response = BadRequest), (status = 401, response = Unauthorized), (status = 403, response = Forbidden),
    (status = 404, response = NotFound), (status = 409, response = Conflict), (status = 422, response = Unprocessable),
))]
#[post("/joint-replies/{id}/approve")]
pub async fn approve_joint_reply(
    state: web::Data<AppState>,
    auth: Auth,
    id: web::Path<i64>,
    body: ValidJson<ReviewNote>,
) -> ApiResult<web::Json<JointReplyView>> {
    handling::review_joint_reply(&state.db, &auth.0, *id, true, body.0.note).await?;
    let detail = handling::joint_reply_detail(&state.db, *id, Some(&auth.0)).await?;
    Ok(web::Json(joint_view(&state, detail, Some(&auth.0))))
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReturnReason {
    #[validate(length(max = 500), custom(function = "not_blank"))]
    #[schema(min_length = 1, max_length = 500, pattern = r"\S")]
    pub reason: String,
}

/// Review (moderator): return the joint reply to the unit with a reason.
#[utoipa::path(tag = "joint replies", security(("bearer" = [])), params(("id" = i64, Path)), request_body = ReturnReason, responses(
    (status = 200, description = "Returned", body = JointReplyView),
    (status = 400, response = BadRequest), (status = 401, response = Unauthorized), (status = 403, response = Forbidden),
    (status = 404, response = NotFound), (status = 409, response = Conflict), (status = 422, response = Unprocessable),
))]
#[post("/joint-replies/{id}/return")]
pub async fn return_joint_reply(
    state: web::Data<AppState>,
    auth: Auth,
    id: web::Path<i64>,
    body: ValidJson<ReturnReason>,
) -> ApiResult<web::Json<JointReplyView>> {
    handling::review_joint_reply(&state.db, &auth.0, *id, false, Some(body.0.reason)).await?;
    let detail = handling::joint_reply_detail(&state.db, *id, Some(&auth.0)).await?;
    Ok(web::Json(joint_view(&state, detail, Some(&auth.0))))
}

// ---------- supervision ----------

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SupervisionQuery {
    pub unit: Option<i64>,
    pub leader: Option<i64>,
    pub state: Option<SupervisionState>,
    pub cursor: Option<String>,
    /// 1–100, default 20.
    #[param(minimum = 1, maximum = 100, default = 20)]
    pub limit: Option<u64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SupervisionPage {
    pub items: Vec<SupervisionView>,
    pub next_cursor: Option<String>,
}

/// Supervision records (督办): a unit's, a leader's, or (platform) all; filter by unit, leader, state.
#[utoipa::path(tag = "supervision", security(("bearer" = [])), params(SupervisionQuery), responses(
    (status = 200, description = "A page of supervisions, newest first", body = SupervisionPage),
    (status = 400, response = BadRequest), (status = 401, response = Unauthorized), (status = 403, response = Forbidden),
    (status = 422, response = Unprocessable),
))]
#[get("/supervisions")]
pub async fn list_supervisions(
    state: web::Data<AppState>,
    auth: Auth,
    q: web::Query<SupervisionQuery>,
) -> ApiResult<web::Json<SupervisionPage>> {
    let actor = auth.require(&[Role::UnitStaff, Role::LeaderOffice, Role::Moderator, Role::Admin])?;
    let filter = SupervisionFilter { unit: q.unit, leader: q.leader, state: q.state };
    let page = handling::list_supervisions(
        &state.db,
        actor,
        &filter,
        decode_cursor(q.cursor.as_deref())?,
        page_limit(q.limit)?,
    )
    .await?;
    Ok(web::Json(SupervisionPage {
        items: page.items.into_iter().map(Into::into).collect(),
        next_cursor: page.next_after.map(encode_cursor),
    }))
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SupervisionText {
    /// The unit's explanation (respond) or the moderator's closing note (close).
    #[validate(length(max = 2000), custom(function = "not_blank"))]
    #[schema(min_length = 1, max_length = 2000, pattern = r"\S")]
    pub text: String,
}

/// The unit explains what it is doing about the overdue message.
#[utoipa::path(tag = "supervision", security(("bearer" = [])), params(("id" = i64, Path)), request_body = SupervisionText, responses(
    (status = 200, description = "Responded", body = SupervisionView),
    (status = 400, response = BadRequest), (status = 401, response = Unauthorized), (status = 403, response = Forbidden),
    (status = 404, response = NotFound), (status = 409, response = Conflict), (status = 422, response = Unprocessable),
))]
#[post("/supervisions/{id}/respond")]
pub async fn respond_supervision(
    state: web::Data<AppState>,
    auth: Auth,
    id: web::Path<i64>,
    body: ValidJson<SupervisionText>,
) -> ApiResult<web::Json<SupervisionView>> {
    let s = handling::move_supervision(&state.db, &auth.0, *id, SupervisionMove::Respond, body.0.text.trim().into())
        .await?;
    Ok(web::Json(s.into()))
}

/// A moderator closes the supervision.
#[utoipa::path(tag = "supervision", security(("bearer" = [])), params(("id" = i64, Path)), request_body = SupervisionText, responses(
    (status = 200, description = "Closed", body = SupervisionView),
    (status = 400, response = BadRequest), (status = 401, response = Unauthorized), (status = 403, response = Forbidden),
    (status = 404, response = NotFound), (status = 409, response = Conflict), (status = 422, response = Unprocessable),
))]
#[post("/supervisions/{id}/close")]
pub async fn close_supervision(
    state: web::Data<AppState>,
    auth: Auth,
    id: web::Path<i64>,
    body: ValidJson<SupervisionText>,
) -> ApiResult<web::Json<SupervisionView>> {
    let s =
        handling::move_supervision(&state.db, &auth.0, *id, SupervisionMove::Close, body.0.text.trim().into()).await?;
    Ok(web::Json(s.into()))
}

// ---------- notifications ----------

#[derive(Debug, Serialize, ToSchema)]
pub struct NotificationView {
    pub id: i64,
    /// The event it announces (`accepted`, `reply_published`, `supervision_opened`, …).
    pub kind: String,
    pub message_id: Option<i64>,
    pub text: String,
    pub created_at: DateTime<Utc>,
    pub read_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct NotificationPage {
    pub items: Vec<NotificationView>,
    pub unread: u64,
    pub next_cursor: Option<String>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct NotificationQuery {
    /// Only unread ones.
    #[serde(default)]
    pub unread: bool,
    pub cursor: Option<String>,
    /// 1–100, default 20.
    #[param(minimum = 1, maximum = 100, default = 20)]
    pub limit: Option<u64>,
}

impl From<notifications::Notification> for NotificationView {
    fn from(n: notifications::Notification) -> Self {
        NotificationView {
            id: n.id,
            kind: n.kind,
            message_id: n.message_id,
            text: n.text,
            created_at: n.created_at,
            read_at: n.read_at,
        }
    }
}

/// The caller's notifications, newest first, with the unread count.
#[utoipa::path(tag = "accounts", security(("bearer" = [])), params(NotificationQuery), responses(
    (status = 200, description = "A page of notifications", body = NotificationPage),
    (status = 400, response = BadRequest), (status = 401, response = Unauthorized), (status = 422, response = Unprocessable),
))]
#[get("/me/notifications")]
pub async fn my_notifications(
    state: web::Data<AppState>,
    auth: Auth,
    q: web::Query<NotificationQuery>,
) -> ApiResult<web::Json<NotificationPage>> {
    let id = auth.0.account_id;
    let page =
        notifications::list(&state.db, id, q.unread, decode_cursor(q.cursor.as_deref())?, page_limit(q.limit)?).await?;
    Ok(web::Json(NotificationPage {
        items: page.items.into_iter().map(Into::into).collect(),
        unread: notifications::unread_count(&state.db, id).await?,
        next_cursor: page.next_after.map(encode_cursor),
    }))
}

/// Mark one notification read.
#[utoipa::path(tag = "accounts", security(("bearer" = [])), params(("id" = i64, Path)), responses(
    (status = 200, description = "Read", body = NotificationView),
    (status = 400, response = BadRequest), (status = 401, response = Unauthorized), (status = 404, response = NotFound),
))]
#[post("/me/notifications/{id}/read")]
pub async fn read_notification(
    state: web::Data<AppState>,
    auth: Auth,
    id: web::Path<i64>,
) -> ApiResult<web::Json<NotificationView>> {
    Ok(web::Json(notifications::mark_read(&state.db, auth.0.account_id, *id).await?.into()))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ReadAllView {
    /// How many were marked read.
    pub marked: u64,
}

/// Mark every notification read.
#[utoipa::path(tag = "accounts", security(("bearer" = [])), responses(
    (status = 200, description = "Read", body = ReadAllView),
    (status = 401, response = Unauthorized),
))]
#[post("/me/notifications/read-all")]
pub async fn read_all_notifications(state: web::Data<AppState>, auth: Auth) -> ApiResult<web::Json<ReadAllView>> {
    Ok(web::Json(ReadAllView { marked: notifications::mark_all_read(&state.db, auth.0.account_id).await? }))
}
