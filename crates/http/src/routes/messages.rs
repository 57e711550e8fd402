//! Writing, reading and moving messages through their life.

use actix_web::{HttpRequest, HttpResponse, get, post, web};
use base64::Engine;
use chrono::{DateTime, NaiveDate, Utc};
use liuyan_domain::masking::mask_public_text;
use liuyan_domain::{Action, Priority, Role};
use liuyan_persistence::handling;
use liuyan_persistence::messages::{self, MessageFilter, NewMessage, NewRating, Scope};
use liuyan_persistence::search::{self, SearchAfter};
use sha2::{Digest, Sha256};

use crate::auth::{Auth, MaybeAuth};
use crate::dto::{
    AcceptRequest, AssignRequest, MessageListQuery, MessagePage, MessageSummary, MessageView, NewMessageRequest,
    RatingRequest, ReasonRequest, SearchHit, SearchPage, SearchQuery, SimilarMessage, SimilarPage, SimilarQuery,
    SummaryView, TransferRequest,
};
use crate::error::{
    ApiError, ApiResult, BadRequest, Conflict, FieldError, Forbidden, NotFound, Unauthorized, Unprocessable,
};
use crate::extract::{ValidJson, decode_cursor, encode_cursor, page_limit};
use crate::state::AppState;

/// Write a message to a leader. Send an `Idempotency-Key` to retry safely: the same key with the same
/// body answers with the message already written (200) instead of writing it twice.
#[utoipa::path(tag = "messages", security(("bearer" = [])), request_body = NewMessageRequest,
    params(("Idempotency-Key" = Option<String>, Header, pattern = "^[!-~]{1,255}$",
        description = "1–255 visible ASCII characters (no spaces), unique per message you mean to write")),
    responses(
        (status = 201, description = "Written; waits for screening", body = MessageView),
        (status = 200, description = "Already written with this Idempotency-Key", body = MessageView),
        (status = 400, response = BadRequest),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 409, response = Conflict),
        (status = 422, response = Unprocessable),
    ))]
#[post("/messages")]
pub async fn create_message(
    state: web::Data<AppState>,
    auth: Auth,
    req: HttpRequest,
    body: ValidJson<NewMessageRequest>,
) -> ApiResult<HttpResponse> {
    let writer = auth.require(&[Role::Citizen, Role::Enterprise])?;
    let r = body.0;
    let idempotency = match req.headers().get("Idempotency-Key") {
        None => None,
        Some(v) => {
            let visible = |k: &&str| (1..=255).contains(&k.len()) && k.bytes().all(|b| b.is_ascii_graphic());
            let key = v.to_str().ok().filter(visible).ok_or_else(|| ApiError::BadRequest {
                code: "invalid_idempotency_key",
                detail: "Idempotency-Key must be 1–255 visible ASCII characters".into(),
                errors: vec![FieldError::new("Idempotency-Key", "format", "1–255 visible ASCII characters")],
            })?;
            let mut fingerprint = format!(
                "{}\n{}\n{}\n{}\n{}\n{}\n{}",
                r.leader_id, r.region_code, r.message_type, r.domain, r.is_public, r.title, r.body
            );
            // Appended only when present, so keys stored before topics existed still match.
            if let Some(topic) = r.topic_id {
                fingerprint.push_str(&format!("\ntopic:{topic}"));
            }
            Some((key.to_owned(), hex::encode(Sha256::digest(fingerprint.as_bytes()))))
        }
    };
    let new = NewMessage {
        leader_id: r.leader_id,
        region_code: r.region_code,
        message_type: r.message_type,
        domain: r.domain,
        title: r.title.trim().to_owned(),
        body: r.body.trim().to_owned(),
        is_public: r.is_public,
        topic_id: r.topic_id,
    };
    let (detail, created) = messages::create(&state.db, writer, new, idempotency).await?;
    let mut res = if created { HttpResponse::Created() } else { HttpResponse::Ok() };
    Ok(res
        .insert_header(("Location", format!("/api/v1/messages/{}", detail.record.message.id)))
        .json(MessageView::new(detail, state.db.now())))
}

fn filter(q: &MessageListQuery) -> ApiResult<MessageFilter> {
    Ok(MessageFilter {
        region: q.region.as_ref().map(|r| r.0.clone()),
        leader: q.leader,
        unit: q.unit,
        message_type: q.message_type,
        domain: q.domain,
        status: q.status,
        topic: q.topic,
        from: q.from.as_deref().map(|s| parse_time(s, "from", false)).transpose()?,
        to: q.to.as_deref().map(|s| parse_time(s, "to", true)).transpose()?,
    })
}

fn search_cursor(after: SearchAfter) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(format!("s1:{}:{}", after.tier, after.id))
}

fn decode_search_cursor(cursor: Option<&str>) -> ApiResult<Option<SearchAfter>> {
    let Some(cursor) = cursor else { return Ok(None) };
    let bad = || ApiError::BadRequest {
        code: "invalid_cursor",
        detail: "the cursor is not one this API gave out".into(),
        errors: vec![FieldError::new("cursor", "format", "unknown cursor")],
    };
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(cursor).map_err(|_| bad())?;
    let text = String::from_utf8(bytes).map_err(|_| bad())?;
    let mut parts = text.strip_prefix("s1:").ok_or_else(bad)?.split(':');
    let tier = parts.next().and_then(|t| t.parse::<u8>().ok()).filter(|t| *t <= 1).ok_or_else(bad)?;
    let id = parts.next().and_then(|n| n.parse::<i64>().ok()).filter(|n| *n > 0).ok_or_else(bad)?;
    Ok(Some(SearchAfter { tier, id }))
}

/// Full-text search of the public board: messages and their published replies, in Chinese (two-character
/// words such as 噪音 or 欠薪 included), with the list's filters. Messages whose title holds every word
/// come first, then the rest, newest first within each; `title_marks` and `snippet_marks` say where
/// the words stand, for highlighting.
#[utoipa::path(tag = "messages", params(SearchQuery), responses(
    (status = 200, description = "A page of results", body = SearchPage),
    (status = 400, response = BadRequest),
    (status = 422, response = Unprocessable),
))]
#[get("/messages/search")]
pub async fn search_messages(
    state: web::Data<AppState>,
    q: web::Query<SearchQuery>,
) -> ApiResult<web::Json<SearchPage>> {
    let text = q.q.trim();
    if text.is_empty() || q.q.chars().count() > 100 {
        return Err(ApiError::field("q", "length", "must be between 1 and 100 characters, not all blank"));
    }
    let filter = MessageFilter {
        region: q.region.as_ref().map(|r| r.0.clone()),
        leader: q.leader,
        unit: q.unit,
        message_type: q.message_type,
        domain: q.domain,
        status: q.status,
        topic: q.topic,
        from: q.from.as_deref().map(|s| parse_time(s, "from", false)).transpose()?,
        to: q.to.as_deref().map(|s| parse_time(s, "to", true)).transpose()?,
    };
    let after = decode_search_cursor(q.cursor.as_deref())?;
    let limit = page_limit(q.limit)?;
    // The board shows no one's phone or ID number, so a search for one finds nothing, however it is
    // written; that it was written somewhere is not for the public to learn.
    if liuyan_domain::masking::contains_personal_data(text) {
        return Ok(web::Json(SearchPage { items: vec![], terms: vec![], next_cursor: None }));
    }
    let page = search::search(&state.db, text, &filter, after, limit).await?;
    let now = state.db.now();
    let items = page
        .items
        .into_iter()
        .map(|r| {
            let body = mask_public_text(&r.message.body);
            let (snippet, marks) = liuyan_domain::search::snippet(&body, &page.terms, 120);
            let message = MessageSummary::new(r, true, now);
            SearchHit {
                title_marks: liuyan_domain::search::marks(&message.title, &page.terms)
                    .into_iter()
                    .map(Into::into)
                    .collect(),
                snippet,
                snippet_marks: marks.into_iter().map(Into::into).collect(),
                message,
            }
        })
        .collect();
    Ok(web::Json(SearchPage { items, terms: page.terms, next_cursor: page.next.map(search_cursor) }))
}

/// Public messages that already ask what a writer is writing, with their replies, so people find
/// answers before writing. Scored on the telling words they share with `text` (title words count
/// double), answered ones first at equal scores.
#[utoipa::path(tag = "messages", params(SimilarQuery), responses(
    (status = 200, description = "The most alike, best first", body = SimilarPage),
    (status = 400, response = BadRequest),
    (status = 422, response = Unprocessable),
))]
#[get("/messages/similar")]
pub async fn similar_messages(
    state: web::Data<AppState>,
    q: web::Query<SimilarQuery>,
) -> ApiResult<web::Json<SimilarPage>> {
    let text = q.text.trim();
    if text.is_empty() || q.text.chars().count() > 2000 {
        return Err(ApiError::field("text", "length", "must be between 1 and 2000 characters, not all blank"));
    }
    let limit = q.limit.unwrap_or(5);
    if !(1..=20).contains(&limit) {
        return Err(ApiError::field("limit", "range", "must be between 1 and 20"));
    }
    let (terms, found) = search::similar(&state.db, text, limit as usize).await?;
    let now = state.db.now();
    let items = found
        .into_iter()
        .map(|s| SimilarMessage {
            message: MessageSummary::new(s.record, true, now),
            replies: s.replies,
            score: s.score,
        })
        .collect();
    Ok(web::Json(SimilarPage { items, terms }))
}

/// RFC 3339, or a date meaning that day's start (`from`) or the next day's start (`to`, so the day counts),
/// each written as JSON Schema's `date-time` and `date` read them (`T` between date and time, the
/// date's fields in full): what the document says is what is taken.
pub(crate) fn parse_time(s: &str, field: &str, end_of_day: bool) -> ApiResult<DateTime<Utc>> {
    if matches!(s.as_bytes().get(10), Some(b'T' | b't'))
        && let Ok(t) = DateTime::parse_from_rfc3339(s)
    {
        return Ok(t.with_timezone(&Utc));
    }
    let bad = || ApiError::BadRequest {
        code: "invalid_query",
        detail: format!("`{field}` must be an RFC 3339 time or a YYYY-MM-DD date"),
        errors: vec![FieldError::new(field, "format", "RFC 3339 time or YYYY-MM-DD")],
    };
    let date = NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .ok()
        .filter(|d| d.format("%Y-%m-%d").to_string() == s)
        .ok_or_else(bad)?;
    let date = if end_of_day { date.succ_opt().ok_or_else(bad)? } else { date };
    Ok(date.and_hms_opt(0, 0, 0).ok_or_else(bad)?.and_utc())
}

async fn page(state: &AppState, scope: Scope, q: &MessageListQuery, public: bool) -> ApiResult<MessagePage> {
    let filter = filter(q)?;
    let page =
        messages::list(&state.db, scope, &filter, decode_cursor(q.cursor.as_deref())?, page_limit(q.limit)?).await?;
    Ok(MessagePage {
        items: page.items.into_iter().map(|r| MessageSummary::new(r, public, state.db.now())).collect(),
        next_cursor: page.next_after.map(encode_cursor),
    })
}

/// Headline counts of the public board.
#[utoipa::path(tag = "messages", responses((status = 200, description = "Counts", body = SummaryView)))]
#[get("/summary")]
pub async fn summary(state: web::Data<AppState>) -> ApiResult<web::Json<SummaryView>> {
    let s = messages::summary(&state.db).await?;
    Ok(web::Json(SummaryView {
        public_messages: s.public_messages,
        replied_messages: s.replied_messages,
        units: s.units,
        leaders: s.leaders,
    }))
}

/// The public board: screened public messages, newest first, with filters and keyset pagination.
#[utoipa::path(tag = "messages", params(MessageListQuery), responses(
    (status = 200, description = "A page of messages", body = MessagePage),
    (status = 400, response = BadRequest),
    (status = 422, response = Unprocessable),
))]
#[get("/messages")]
pub async fn list_messages(
    state: web::Data<AppState>,
    q: web::Query<MessageListQuery>,
) -> ApiResult<web::Json<MessagePage>> {
    Ok(web::Json(page(&state, Scope::Public, &q, true).await?))
}

/// The caller's own messages, public or not, in every state.
#[utoipa::path(tag = "messages", security(("bearer" = [])), params(MessageListQuery), responses(
    (status = 200, description = "A page of messages", body = MessagePage),
    (status = 400, response = BadRequest),
    (status = 401, response = Unauthorized),
    (status = 422, response = Unprocessable),
))]
#[get("/me/messages")]
pub async fn my_messages(
    state: web::Data<AppState>,
    auth: Auth,
    q: web::Query<MessageListQuery>,
) -> ApiResult<web::Json<MessagePage>> {
    Ok(web::Json(page(&state, Scope::Writer(auth.0.account_id), &q, false).await?))
}

/// The staff's working list: a unit's messages, a leader's messages, or (moderators) all of them.
/// Use `status=submitted` for the screening queue and `status=reply_in_review` for reply review.
#[utoipa::path(tag = "messages", security(("bearer" = [])), params(MessageListQuery), responses(
    (status = 200, description = "A page of messages", body = MessagePage),
    (status = 400, response = BadRequest),
    (status = 401, response = Unauthorized),
    (status = 403, response = Forbidden),
    (status = 422, response = Unprocessable),
))]
#[get("/inbox")]
pub async fn inbox(
    state: web::Data<AppState>,
    auth: Auth,
    q: web::Query<MessageListQuery>,
) -> ApiResult<web::Json<MessagePage>> {
    let actor = *auth.require(&[Role::UnitStaff, Role::LeaderOffice, Role::Moderator, Role::Admin])?;
    Ok(web::Json(page(&state, Scope::Inbox(actor), &q, false).await?))
}

/// A message with its replies, ratings and timeline. The public sees masked text and public events;
/// private or unscreened messages are 404 to everyone but the writer and the staff.
#[utoipa::path(tag = "messages", security((), ("bearer" = [])), params(("id" = i64, Path)), responses(
    (status = 200, description = "The message", body = MessageView),
    (status = 400, response = BadRequest),
    (status = 401, response = Unauthorized),
    (status = 404, response = NotFound),
))]
#[get("/messages/{id}")]
pub async fn get_message(
    state: web::Data<AppState>,
    auth: MaybeAuth,
    id: web::Path<i64>,
) -> ApiResult<web::Json<MessageView>> {
    Ok(web::Json(MessageView::new(messages::detail(&state.db, *id, auth.0.as_ref()).await?, state.db.now())))
}

/// Screening (moderator): accept the message for handling.
#[utoipa::path(tag = "handling", security(("bearer" = [])), params(("id" = i64, Path)), request_body = AcceptRequest, responses(
    (status = 200, description = "Accepted; the deadline is set and routing rules may assign it at once", body = MessageView),
    (status = 400, response = BadRequest), (status = 401, response = Unauthorized), (status = 403, response = Forbidden),
    (status = 404, response = NotFound), (status = 409, response = Conflict), (status = 422, response = Unprocessable),
))]
#[post("/messages/{id}/accept")]
pub async fn accept(
    state: web::Data<AppState>,
    auth: Auth,
    id: web::Path<i64>,
    body: ValidJson<AcceptRequest>,
) -> ApiResult<web::Json<MessageView>> {
    let r = body.0;
    let detail = messages::accept(&state.db, &auth.0, *id, r.note, r.sla_tier).await?;
    Ok(web::Json(MessageView::new(detail, state.db.now())))
}

/// Screening (moderator): reject with a reason the writer sees.
#[utoipa::path(tag = "handling", security(("bearer" = [])), params(("id" = i64, Path)), request_body = ReasonRequest, responses(
    (status = 200, description = "Rejected", body = MessageView),
    (status = 400, response = BadRequest), (status = 401, response = Unauthorized), (status = 403, response = Forbidden),
    (status = 404, response = NotFound), (status = 409, response = Conflict), (status = 422, response = Unprocessable),
))]
#[post("/messages/{id}/reject")]
pub async fn reject(
    state: web::Data<AppState>,
    auth: Auth,
    id: web::Path<i64>,
    body: ValidJson<ReasonRequest>,
) -> ApiResult<web::Json<MessageView>> {
    let detail = messages::reject(&state.db, &auth.0, *id, body.0.reason).await?;
    Ok(web::Json(MessageView::new(detail, state.db.now())))
}

/// Assign an accepted message to a handling unit (the leader's office or a moderator), with an optional
/// instruction.
#[utoipa::path(tag = "handling", security(("bearer" = [])), params(("id" = i64, Path)), request_body = AssignRequest, responses(
    (status = 200, description = "Assigned", body = MessageView),
    (status = 400, response = BadRequest), (status = 401, response = Unauthorized), (status = 403, response = Forbidden),
    (status = 404, response = NotFound), (status = 409, response = Conflict), (status = 422, response = Unprocessable),
))]
#[post("/messages/{id}/assign")]
pub async fn assign(
    state: web::Data<AppState>,
    auth: Auth,
    id: web::Path<i64>,
    body: ValidJson<AssignRequest>,
) -> ApiResult<web::Json<MessageView>> {
    let r = body.0;
    let instruction = r.instruction.map(|i| handling::NewInstruction {
        text: i.text.trim().to_owned(),
        priority: i.priority.unwrap_or(Priority::Normal),
        due_at: i.due_at,
    });
    let detail = messages::route(&state.db, &auth.0, *id, Action::Assign, r.unit_id, r.note, instruction).await?;
    // Whoever may assign (the leader's office, the platform) still sees the message afterwards.
    Ok(web::Json(MessageView::new(detail.ok_or(ApiError::NotFound("message".into()))?, state.db.now())))
}

/// Transfer (转办) to the unit the matter belongs to, with a reason.
#[utoipa::path(tag = "handling", security(("bearer" = [])), params(("id" = i64, Path)), request_body = TransferRequest, responses(
    (status = 200, description = "Transferred; the message as the caller may still see it", body = MessageView),
    (status = 204, description = "Transferred; the caller no longer handles this private message"),
    (status = 400, response = BadRequest), (status = 401, response = Unauthorized), (status = 403, response = Forbidden),
    (status = 404, response = NotFound), (status = 409, response = Conflict), (status = 422, response = Unprocessable),
))]
#[post("/messages/{id}/transfer")]
pub async fn transfer(
    state: web::Data<AppState>,
    auth: Auth,
    id: web::Path<i64>,
    body: ValidJson<TransferRequest>,
) -> ApiResult<HttpResponse> {
    let r = body.0;
    Ok(match messages::route(&state.db, &auth.0, *id, Action::Transfer, r.unit_id, Some(r.reason), None).await? {
        Some(detail) => HttpResponse::Ok().json(MessageView::new(detail, state.db.now())),
        // The unit gave a private message away and may no longer see it: the move still happened.
        None => HttpResponse::NoContent().finish(),
    })
}

/// Rate the published reply (the writer, once per round). `dissatisfied` reopens the message to its unit
/// (at most twice); otherwise it closes.
#[utoipa::path(tag = "handling", security(("bearer" = [])), params(("id" = i64, Path)), request_body = RatingRequest, responses(
    (status = 201, description = "Rated", body = MessageView),
    (status = 400, response = BadRequest), (status = 401, response = Unauthorized), (status = 403, response = Forbidden),
    (status = 404, response = NotFound), (status = 409, response = Conflict), (status = 422, response = Unprocessable),
))]
#[post("/messages/{id}/rating")]
pub async fn rate(
    state: web::Data<AppState>,
    auth: Auth,
    id: web::Path<i64>,
    body: ValidJson<RatingRequest>,
) -> ApiResult<HttpResponse> {
    let r = body.0;
    let new = NewRating {
        satisfaction: r.satisfaction,
        speed: r.speed,
        attitude: r.attitude,
        result: r.result,
        comment: r.comment.trim().to_owned(),
    };
    let detail = messages::rate(&state.db, &auth.0, *id, new).await?;
    Ok(HttpResponse::Created().json(MessageView::new(detail, state.db.now())))
}
