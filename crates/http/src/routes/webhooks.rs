//! Webhooks for integrators (admin): endpoints subscribe to event types; every delivery and each of its
//! attempts can be inspected and sent again. The sending itself is a background job of the server.

use std::borrow::Cow;

use actix_web::{HttpResponse, get, patch, post, web};
use chrono::{DateTime, Utc};
use liuyan_domain::Role;
use liuyan_domain::notify::webhook_event_types;
use liuyan_domain::webhook::{ALL_EVENTS, DeliveryState, WebhookPayload, check_event_types, check_url};
use liuyan_persistence::webhooks::{self, Attempt, DeliveryRecord, Endpoint, EndpointChanges, NewEndpoint};
use serde::{Deserialize, Serialize};
use utoipa::openapi::path::{HttpMethod, OperationBuilder, ParameterBuilder, ParameterIn, PathItem};
use utoipa::openapi::request_body::RequestBodyBuilder;
use utoipa::openapi::schema::{ObjectBuilder, Type};
use utoipa::openapi::{ContentBuilder, PathsBuilder, Ref, RefOr, Required, ResponseBuilder, Schema};
use utoipa::{IntoParams, Modify, PartialSchema, ToSchema};
use validator::{Validate, ValidationError};

use crate::auth::{Auth, random_token};
use crate::error::{ApiResult, BadRequest, Conflict, Forbidden, NotFound, Unauthorized, Unprocessable};
use crate::extract::{ValidJson, decode_cursor, encode_cursor, page_limit};
use crate::state::AppState;

/// How a receiver knows a delivery is genuine; shown in the operations and the `webhooks` section.
const SIGNING: &str = "Each delivery is an HTTP `POST` of a JSON `WebhookPayload` with the headers \
`Content-Type: application/json`, `Liuyan-Event: <event type>`, `Liuyan-Delivery: <delivery id>` (the same on \
every attempt: drop repeats by it) and `Liuyan-Signature: t=<unix seconds>,v1=<signature>`, where the \
signature is the lowercase hex HMAC-SHA256, keyed with the endpoint's secret, of the string `<t>.<body>` \
(the `t` value, a dot, and the raw request body as received). Compare in constant time and refuse old `t` \
values to stop replays.\n\nAnswer 2xx within 10 seconds to acknowledge. Anything else is retried with \
exponential backoff (doubling, at most an hour apart) for 48 hours, then the delivery is `failed` and can be \
redelivered by hand. A message's events arrive one at a time, in the order they happened: the next waits \
until the previous one is acknowledged or given up.";

// ---------- shapes ----------

/// A webhook event type, or `*` for every type.
pub struct WebhookEventType;

impl PartialSchema for WebhookEventType {
    fn schema() -> RefOr<Schema> {
        let mut names: Vec<&str> = webhook_event_types();
        names.push(ALL_EVENTS);
        ObjectBuilder::new()
            .schema_type(Type::String)
            .description(Some("A webhook event type, or `*` for every type (including ones added later)."))
            .enum_values(Some(names))
            .into()
    }
}

impl ToSchema for WebhookEventType {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("WebhookEventType")
    }
}

fn endpoint_url(url: &str) -> Result<(), ValidationError> {
    check_url(url).map_err(|why| {
        let mut e = ValidationError::new("format");
        e.message = Some(why.into());
        e
    })
}

fn valid_event_types(types: &[String]) -> Result<(), ValidationError> {
    check_event_types(types).map(|_| ()).map_err(|why| {
        let mut e = ValidationError::new("unknown");
        e.message = Some(why.to_string().into());
        e
    })
}

/// An endpoint to register.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewWebhookRequest {
    /// Where deliveries are POSTed: an `http://` or `https://` URL naming a host, without white space,
    /// at most 2000 characters.
    #[validate(custom(function = "endpoint_url"))]
    #[schema(
        example = "https://hotline.example.gov.cn/liuyan/events",
        max_length = 2000,
        pattern = r"^https?://(?:[^/?#\s]*@)?[^/?#@:\s][^/?#@\s]*(?:[/?#][^\s]*)?$"
    )]
    pub url: String,
    /// The event types to receive, or `["*"]` for all.
    #[validate(custom(function = "valid_event_types"))]
    #[schema(value_type = Vec<WebhookEventType>, min_items = 1, example = json!(["message.created", "reply.published"]))]
    pub event_types: Vec<String>,
}

/// Changes to an endpoint; absent fields stay as they are.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateWebhookRequest {
    #[validate(custom(function = "endpoint_url"))]
    #[schema(max_length = 2000, pattern = r"^https?://(?:[^/?#\s]*@)?[^/?#@:\s][^/?#@\s]*(?:[/?#][^\s]*)?$")]
    pub url: Option<String>,
    /// Applies to events from now on.
    #[validate(custom(function = "valid_event_types"))]
    #[schema(value_type = Option<Vec<WebhookEventType>>, min_items = 1)]
    pub event_types: Option<Vec<String>>,
    /// `false` pauses the endpoint: new events are not queued for it, and its pending deliveries wait
    /// until it is active again.
    pub active: Option<bool>,
}

/// A registered endpoint.
#[derive(Debug, Serialize, ToSchema)]
pub struct WebhookView {
    pub id: i64,
    pub url: String,
    #[schema(value_type = Vec<WebhookEventType>)]
    pub event_types: Vec<String>,
    pub active: bool,
    pub created_at: DateTime<Utc>,
    /// The signing secret. Only in the answer to registration: keep it, it is not shown again.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(example = "whsec_5kq0m1cJz6J3Jv2Yb0cQmP3r9kqH1tX7bXo2YV8sLzE")]
    pub secret: Option<String>,
}

impl From<Endpoint> for WebhookView {
    fn from(e: Endpoint) -> Self {
        WebhookView {
            event_types: e.event_types(),
            id: e.id,
            url: e.url,
            active: e.active,
            created_at: e.created_at,
            secret: None,
        }
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DeliveryQuery {
    /// Only deliveries in this state.
    pub state: Option<DeliveryState>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// 1–100, default 20.
    #[param(minimum = 1, maximum = 100, default = 20)]
    pub limit: Option<u64>,
}

/// One try at sending a delivery.
#[derive(Debug, Serialize, ToSchema)]
pub struct AttemptView {
    /// 1 for the first try.
    pub attempt: i32,
    pub at: DateTime<Utc>,
    /// The receiver's HTTP status; absent when it did not answer.
    pub status_code: Option<i32>,
    /// What went wrong: the status and the start of the answer, or why no answer came.
    pub error: Option<String>,
    pub duration_ms: i32,
}

impl From<Attempt> for AttemptView {
    fn from(a: Attempt) -> Self {
        AttemptView {
            attempt: a.attempt,
            at: a.at,
            status_code: a.status_code,
            error: a.error,
            duration_ms: a.duration_ms,
        }
    }
}

/// One event queued for one endpoint, with every attempt to send it.
#[derive(Debug, Serialize, ToSchema)]
pub struct DeliveryView {
    /// Sent as `Liuyan-Delivery`.
    pub id: i64,
    pub webhook_id: i64,
    #[schema(value_type = WebhookEventType)]
    pub event_type: String,
    pub message_id: Option<i64>,
    pub state: DeliveryState,
    pub attempt_count: i32,
    /// When the next attempt is due (pending deliveries only).
    pub next_attempt_at: Option<DateTime<Utc>>,
    /// When a pending delivery stops being retried.
    pub give_up_at: DateTime<Utc>,
    pub last_status: Option<i32>,
    pub last_error: Option<String>,
    pub created_at: DateTime<Utc>,
    pub delivered_at: Option<DateTime<Utc>>,
    /// The body sent, as sent.
    #[schema(value_type = WebhookPayload)]
    pub payload: serde_json::Value,
    /// Oldest first.
    pub attempts: Vec<AttemptView>,
}

impl From<DeliveryRecord> for DeliveryView {
    fn from(r: DeliveryRecord) -> Self {
        let d = r.delivery;
        let state = d.state();
        let payload = serde_json::from_str(&d.payload).unwrap_or(serde_json::Value::String(d.payload));
        DeliveryView {
            id: d.id,
            webhook_id: d.endpoint_id,
            event_type: d.event_type,
            message_id: d.message_id,
            state,
            attempt_count: d.attempts,
            next_attempt_at: (state == DeliveryState::Pending).then_some(d.next_attempt_at),
            give_up_at: d.give_up_at,
            last_status: d.last_status,
            last_error: d.last_error,
            created_at: d.created_at,
            delivered_at: d.delivered_at,
            payload,
            attempts: r.attempts.into_iter().map(Into::into).collect(),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DeliveryPage {
    /// Newest first.
    pub items: Vec<DeliveryView>,
    /// Pass as `cursor` for the next page; absent on the last page.
    pub next_cursor: Option<String>,
}

// ---------- handlers ----------

/// Register a webhook endpoint for some event types (or `*`). The answer carries the signing secret,
/// shown this once.
///
/// Each delivery is an HTTP `POST` of a JSON `WebhookPayload` with the headers `Content-Type:
/// application/json`, `Liuyan-Event: <event type>`, `Liuyan-Delivery: <delivery id>` (the same on every
/// attempt: drop repeats by it) and `Liuyan-Signature: t=<unix seconds>,v1=<signature>`, where the
/// signature is the lowercase hex HMAC-SHA256, keyed with the secret, of `<t>.<body>` (the `t` value, a
/// dot, and the raw body). Answer 2xx within 10 seconds; anything else is retried with exponential
/// backoff (at most an hour apart) for 48 hours, then the delivery is `failed`. A message's events
/// arrive one at a time, in the order they happened. See also the `webhooks` section of this document.
#[utoipa::path(tag = "webhooks", security(("bearer" = [])), request_body = NewWebhookRequest, responses(
    (status = 201, description = "Registered; `secret` is shown only now", body = WebhookView),
    (status = 400, response = BadRequest),
    (status = 401, response = Unauthorized),
    (status = 403, response = Forbidden),
    (status = 422, response = Unprocessable),
))]
#[post("/webhooks")]
pub async fn create_webhook(
    state: web::Data<AppState>,
    auth: Auth,
    body: ValidJson<NewWebhookRequest>,
) -> ApiResult<HttpResponse> {
    let admin = auth.require(&[Role::Admin])?;
    let r = body.0;
    let secret = format!("whsec_{}", random_token());
    let new =
        NewEndpoint { url: r.url, event_types: r.event_types, secret: secret.clone(), created_by: admin.account_id };
    let endpoint = webhooks::create_endpoint(&state.db, new).await?;
    let location = format!("/api/v1/webhooks/{}", endpoint.id);
    let view = WebhookView { secret: Some(secret), ..endpoint.into() };
    Ok(HttpResponse::Created().insert_header(("Location", location)).json(view))
}

/// Every registered endpoint (without secrets).
#[utoipa::path(tag = "webhooks", security(("bearer" = [])), responses(
    (status = 200, description = "The endpoints, oldest first", body = Vec<WebhookView>),
    (status = 401, response = Unauthorized),
    (status = 403, response = Forbidden),
))]
#[get("/webhooks")]
pub async fn list_webhooks(state: web::Data<AppState>, auth: Auth) -> ApiResult<web::Json<Vec<WebhookView>>> {
    auth.require(&[Role::Admin])?;
    Ok(web::Json(webhooks::list_endpoints(&state.db).await?.into_iter().map(Into::into).collect()))
}

/// Change an endpoint's URL or event types, or pause (`active: false`) and resume it. Pending
/// deliveries go to the new URL; a paused endpoint's pending deliveries wait for it.
#[utoipa::path(tag = "webhooks", security(("bearer" = [])), params(("id" = i64, Path)),
    request_body = UpdateWebhookRequest, responses(
    (status = 200, description = "Updated", body = WebhookView),
    (status = 400, response = BadRequest),
    (status = 401, response = Unauthorized),
    (status = 403, response = Forbidden),
    (status = 404, response = NotFound),
    (status = 422, response = Unprocessable),
))]
#[patch("/webhooks/{id}")]
pub async fn update_webhook(
    state: web::Data<AppState>,
    auth: Auth,
    id: web::Path<i64>,
    body: ValidJson<UpdateWebhookRequest>,
) -> ApiResult<web::Json<WebhookView>> {
    auth.require(&[Role::Admin])?;
    let r = body.0;
    let changes = EndpointChanges { url: r.url, event_types: r.event_types, active: r.active };
    Ok(web::Json(webhooks::update_endpoint(&state.db, *id, changes).await?.into()))
}

/// An endpoint's deliveries, newest first, each with its state, its last answer and the log of its
/// attempts (status, error, duration).
#[utoipa::path(tag = "webhooks", security(("bearer" = [])), params(("id" = i64, Path), DeliveryQuery), responses(
    (status = 200, description = "A page of deliveries", body = DeliveryPage),
    (status = 400, response = BadRequest),
    (status = 401, response = Unauthorized),
    (status = 403, response = Forbidden),
    (status = 404, response = NotFound),
    (status = 422, response = Unprocessable),
))]
#[get("/webhooks/{id}/deliveries")]
pub async fn list_deliveries(
    state: web::Data<AppState>,
    auth: Auth,
    id: web::Path<i64>,
    q: web::Query<DeliveryQuery>,
) -> ApiResult<web::Json<DeliveryPage>> {
    auth.require(&[Role::Admin])?;
    let before = decode_cursor(q.cursor.as_deref())?;
    let page = webhooks::list_deliveries(&state.db, *id, q.state, before, page_limit(q.limit)?).await?;
    Ok(web::Json(DeliveryPage {
        items: page.items.into_iter().map(Into::into).collect(),
        next_cursor: page.next_after.map(encode_cursor),
    }))
}

/// Send a delivered or failed delivery again: it becomes pending, due now, with a fresh 48-hour retry
/// window, and keeps its id (receivers that drop repeats by `Liuyan-Delivery` will drop it too).
#[utoipa::path(tag = "webhooks", security(("bearer" = [])), params(("id" = i64, Path)), responses(
    (status = 202, description = "Queued to be sent again", body = DeliveryView),
    (status = 400, response = BadRequest),
    (status = 401, response = Unauthorized),
    (status = 403, response = Forbidden),
    (status = 404, response = NotFound),
    (status = 409, response = Conflict),
))]
#[post("/webhooks/deliveries/{id}/redeliver")]
pub async fn redeliver(state: web::Data<AppState>, auth: Auth, id: web::Path<i64>) -> ApiResult<HttpResponse> {
    auth.require(&[Role::Admin])?;
    let record = webhooks::redeliver(&state.db, *id).await?;
    Ok(HttpResponse::Accepted().json(DeliveryView::from(record)))
}

// ---------- the OpenAPI `webhooks` section ----------

/// Describes what Liuyan sends to a registered endpoint, in the document's top-level `webhooks`.
pub struct OutgoingWebhooks;

impl Modify for OutgoingWebhooks {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let header = |name: &str, description: &str, example: &str| {
            ParameterBuilder::new()
                .name(name)
                .parameter_in(ParameterIn::Header)
                .required(Required::True)
                .description(Some(description))
                .schema(Some(ObjectBuilder::new().schema_type(Type::String)))
                .example(Some(serde_json::Value::String(example.into())))
                .build()
        };
        let operation = OperationBuilder::new()
            .tag("webhooks")
            .operation_id(Some("messageEvent"))
            .summary(Some("A step of a message, sent to the endpoints subscribed to its type"))
            .description(Some(SIGNING))
            .parameter(header("Liuyan-Event", "The event type", "reply.published"))
            .parameter(header("Liuyan-Delivery", "The delivery's id, the same on every attempt", "42"))
            .parameter(header(
                "Liuyan-Signature",
                "`t=<unix seconds>,v1=<hex HMAC-SHA256(secret, \"<t>.<body>\")>`",
                "t=1735689600,v1=5257a869e7ecebeda32affa62cdca3fa51cad7e77a0e56ff536d0ce8e108d8bd",
            ))
            .request_body(Some(
                RequestBodyBuilder::new()
                    .required(Some(Required::True))
                    .content(
                        "application/json",
                        ContentBuilder::new().schema(Some(Ref::from_schema_name(WebhookPayload::name()))).build(),
                    )
                    .build(),
            ))
            .response("2XX", ResponseBuilder::new().description("Acknowledged: the delivery is done"))
            .response(
                "default",
                ResponseBuilder::new().description("Anything else, or no answer within 10 seconds: retried later"),
            )
            .build();
        let paths = PathsBuilder::new().path("messageEvent", PathItem::new(HttpMethod::Post, operation)).build();
        openapi.webhooks = Some(paths);
    }
}
