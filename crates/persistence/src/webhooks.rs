//! The webhook outbox: deliveries are written with the state change that causes them, then claimed,
//! sent and logged by the sender job (in `liuyan`), one at a time per endpoint and message.

use std::time::Duration;

use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use liuyan_domain::notify::webhook_event;
use liuyan_domain::webhook::{
    AfterAttempt, DeliveryState, WebhookPayload, after_attempt, check_event_types, give_up_at, signature_header,
    signed_content, subscribes,
};
use liuyan_domain::{EventKind, Role};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseBackend, DatabaseTransaction, DbErr,
    EntityTrait, QueryFilter, QueryOrder, QuerySelect, Statement,
};
use sha2::Sha256;

use crate::entities::{message, message_event, webhook_attempt, webhook_delivery, webhook_endpoint};
use crate::error::StoreResult;
use crate::events::MessageRef;
use crate::{Db, Page, StoreError};

pub use crate::entities::webhook_attempt::Model as Attempt;
pub use crate::entities::webhook_delivery::Model as Delivery;
pub use crate::entities::webhook_endpoint::Model as Endpoint;

/// How long a claimed delivery is reserved for the instance sending it. Longer than a send may take,
/// so no other instance sends it meanwhile; if the instance dies, another takes over after it.
pub const LEASE: Duration = Duration::from_secs(30);

impl Endpoint {
    /// The event types subscribed to, or `["*"]`.
    pub fn event_types(&self) -> Vec<String> {
        split_types(&self.event_types)
    }
}

impl Delivery {
    pub fn state(&self) -> DeliveryState {
        DeliveryState::parse(&self.state).unwrap_or(DeliveryState::Pending)
    }
}

fn split_types(stored: &str) -> Vec<String> {
    stored.split(',').map(str::trim).filter(|t| !t.is_empty()).map(str::to_owned).collect()
}

fn checked_types(given: &[String]) -> StoreResult<String> {
    check_event_types(given)
        .map(|types| types.join(","))
        .map_err(|e| StoreError::invalid("event_types", "unknown", e.to_string()))
}

// ---------- the outbox ----------

/// On PostgreSQL, holds the message's row until the caller's transaction ends, so that the events of
/// one message (and their deliveries) get their ids in the order they commit. Without it, two steps on
/// one message committing in the other order than they took their ids could be sent out of order.
/// SQLite has one writer at a time, which already gives that order.
pub async fn hold_message_order(txn: &DatabaseTransaction, message_id: i64) -> StoreResult<()> {
    if txn.get_database_backend() == DatabaseBackend::Postgres {
        message::Entity::find_by_id(message_id)
            .select_only()
            .column(message::Column::Id)
            .lock_exclusive()
            .into_tuple::<i64>()
            .one(txn)
            .await?;
    }
    Ok(())
}

/// Queues `event` for every active endpoint subscribed to its type.
pub async fn enqueue(
    txn: &DatabaseTransaction,
    at: DateTime<Utc>,
    message: MessageRef,
    event: &message_event::Model,
) -> StoreResult<()> {
    let Some(kind) = EventKind::parse(&event.kind) else {
        return Ok(());
    };
    let Some(event_type) = webhook_event(kind) else {
        return Ok(());
    };
    // The one query every step pays when no integrator listens.
    let endpoints: Vec<(i64, String)> = webhook_endpoint::Entity::find()
        .filter(webhook_endpoint::Column::Active.eq(true))
        .select_only()
        .column(webhook_endpoint::Column::Id)
        .column(webhook_endpoint::Column::EventTypes)
        .into_tuple()
        .all(txn)
        .await?;
    let subscribed: Vec<i64> = endpoints
        .into_iter()
        .filter(|(_, types)| subscribes(&split_types(types), event_type))
        .map(|(id, _)| id)
        .collect();
    if subscribed.is_empty() {
        return Ok(());
    }
    let payload = WebhookPayload {
        event_id: event.id,
        event_type: event_type.to_owned(),
        occurred_at: event.created_at,
        message_id: message.id,
        message_status: message.status,
        kind,
        audience: kind.audience(),
        actor_role: Role::parse(&event.actor_role),
        note: event.note.clone(),
        unit_id: event.unit_id,
    };
    let payload = serde_json::to_string(&payload).map_err(|e| DbErr::Custom(format!("webhook payload: {e}")))?;
    let rows = subscribed.into_iter().map(|endpoint_id| webhook_delivery::ActiveModel {
        endpoint_id: Set(endpoint_id),
        event_type: Set(event_type.to_owned()),
        message_id: Set(Some(message.id)),
        payload: Set(payload.clone()),
        state: Set(DeliveryState::Pending.as_str().to_owned()),
        attempts: Set(0),
        next_attempt_at: Set(at),
        give_up_at: Set(give_up_at(at)),
        lease_until: Set(None),
        last_status: Set(None),
        last_error: Set(None),
        created_at: Set(at),
        delivered_at: Set(None),
        ..Default::default()
    });
    webhook_delivery::Entity::insert_many(rows).exec_without_returning(txn).await?;
    Ok(())
}

// ---------- endpoints ----------

#[derive(Debug, Clone)]
pub struct NewEndpoint {
    pub url: String,
    pub event_types: Vec<String>,
    pub secret: String,
    pub created_by: i64,
}

pub async fn create_endpoint(db: &Db, new: NewEndpoint) -> StoreResult<Endpoint> {
    Ok(webhook_endpoint::ActiveModel {
        url: Set(new.url),
        secret: Set(new.secret),
        event_types: Set(checked_types(&new.event_types)?),
        active: Set(true),
        created_by: Set(new.created_by),
        created_at: Set(db.now()),
        ..Default::default()
    }
    .insert(&db.write)
    .await?)
}

/// Every endpoint, oldest first (a deployment has a handful).
pub async fn list_endpoints(db: &Db) -> StoreResult<Vec<Endpoint>> {
    Ok(webhook_endpoint::Entity::find().order_by_asc(webhook_endpoint::Column::Id).all(&db.read).await?)
}

#[derive(Debug, Clone, Default)]
pub struct EndpointChanges {
    pub url: Option<String>,
    pub event_types: Option<Vec<String>>,
    pub active: Option<bool>,
}

/// Changes apply to what is sent from now on: pending deliveries go to the new URL; new subscriptions
/// only queue future events; a paused endpoint keeps its pending deliveries until it is active again.
pub async fn update_endpoint(db: &Db, id: i64, changes: EndpointChanges) -> StoreResult<Endpoint> {
    let found = webhook_endpoint::Entity::find_by_id(id).one(&db.write).await?;
    let mut am: webhook_endpoint::ActiveModel = found.ok_or(StoreError::NotFound("webhook"))?.into();
    if let Some(url) = changes.url {
        am.url = Set(url);
    }
    if let Some(types) = changes.event_types {
        am.event_types = Set(checked_types(&types)?);
    }
    if let Some(active) = changes.active {
        am.active = Set(active);
    }
    Ok(am.update(&db.write).await?)
}

// ---------- deliveries ----------

/// A delivery with its attempts, oldest first.
#[derive(Debug, Clone)]
pub struct DeliveryRecord {
    pub delivery: Delivery,
    pub attempts: Vec<Attempt>,
}

/// An endpoint's deliveries, newest first.
pub async fn list_deliveries(
    db: &Db,
    endpoint_id: i64,
    state: Option<DeliveryState>,
    before: Option<i64>,
    limit: u64,
) -> StoreResult<Page<DeliveryRecord>> {
    use webhook_delivery::Column as C;
    webhook_endpoint::Entity::find_by_id(endpoint_id).one(&db.read).await?.ok_or(StoreError::NotFound("webhook"))?;
    let mut q = webhook_delivery::Entity::find().filter(C::EndpointId.eq(endpoint_id)).order_by_desc(C::Id);
    if let Some(state) = state {
        q = q.filter(C::State.eq(state.as_str()));
    }
    if let Some(before) = before {
        q = q.filter(C::Id.lt(before));
    }
    let mut items = q.limit(limit + 1).all(&db.read).await?;
    let more = items.len() as u64 > limit;
    items.truncate(limit as usize);
    let next_after = if more { items.last().map(|d| d.id) } else { None };
    Ok(Page { items: with_attempts(&db.read, items).await?, next_after })
}

async fn with_attempts(conn: &impl ConnectionTrait, deliveries: Vec<Delivery>) -> StoreResult<Vec<DeliveryRecord>> {
    let ids: Vec<i64> = deliveries.iter().map(|d| d.id).collect();
    let mut attempts = webhook_attempt::Entity::find()
        .filter(webhook_attempt::Column::DeliveryId.is_in(ids))
        .order_by_asc(webhook_attempt::Column::Id)
        .all(conn)
        .await?;
    Ok(deliveries
        .into_iter()
        .map(|delivery| {
            let (mine, rest) = attempts.drain(..).partition(|a| a.delivery_id == delivery.id);
            attempts = rest;
            DeliveryRecord { delivery, attempts: mine }
        })
        .collect())
}

/// Sends a delivered or failed delivery again: pending, due now, with a fresh retry window.
pub async fn redeliver(db: &Db, id: i64) -> StoreResult<DeliveryRecord> {
    use webhook_delivery::Column as C;
    let txn = db.begin_write().await?;
    let found = webhook_delivery::Entity::find_by_id(id).one(&txn).await?.ok_or(StoreError::NotFound("delivery"))?;
    if !found.state().can_redeliver() {
        return Err(StoreError::conflict("delivery_pending", "this delivery is still pending; it will be sent"));
    }
    let now = db.now();
    let res = webhook_delivery::Entity::update_many()
        .col_expr(C::State, Expr::value(DeliveryState::Pending.as_str()))
        .col_expr(C::NextAttemptAt, Expr::value(now))
        .col_expr(C::GiveUpAt, Expr::value(give_up_at(now)))
        .col_expr(C::LeaseUntil, Expr::value(Option::<DateTime<Utc>>::None))
        .col_expr(C::DeliveredAt, Expr::value(Option::<DateTime<Utc>>::None))
        .filter(C::Id.eq(id))
        .filter(C::State.eq(found.state.as_str()))
        .exec(&txn)
        .await?;
    if res.rows_affected == 0 {
        return Err(StoreError::conflict("delivery_pending", "this delivery is already being sent again"));
    }
    let delivery = webhook_delivery::Entity::find_by_id(id).one(&txn).await?.ok_or(StoreError::NotFound("delivery"))?;
    let record = with_attempts(&txn, vec![delivery]).await?.pop().ok_or(StoreError::NotFound("delivery"))?;
    txn.commit().await?;
    Ok(record)
}

// ---------- sending ----------

/// A delivery reserved for sending, with where it goes.
#[derive(Debug, Clone)]
pub struct Claimed {
    pub delivery: Delivery,
    pub endpoint: Endpoint,
}

/// Reserves up to `limit` deliveries that are due, for [`LEASE`]. Of each endpoint's deliveries about
/// one message only the oldest pending one is taken, and only when no instance holds it: a message's
/// events go out one by one, in order. Several instances share the work: PostgreSQL skips rows another
/// instance is claiming; SQLite runs one write at a time.
pub async fn claim_due(db: &Db, limit: u64) -> StoreResult<Vec<Claimed>> {
    let now = db.now();
    let lease_until = now + chrono::Duration::from_std(LEASE).unwrap_or(chrono::Duration::seconds(30));
    let backend = db.backend();
    let skip_locked = if backend == DatabaseBackend::Postgres { "FOR UPDATE OF d SKIP LOCKED" } else { "" };
    let sql = format!(
        "UPDATE webhook_deliveries SET lease_until = $1 WHERE id IN (
            SELECT d.id FROM webhook_deliveries d
            WHERE d.state = 'pending' AND d.next_attempt_at <= $2
              AND (d.lease_until IS NULL OR d.lease_until <= $2)
              AND EXISTS (SELECT 1 FROM webhook_endpoints w WHERE w.id = d.endpoint_id AND w.active = TRUE)
              AND NOT EXISTS (
                  SELECT 1 FROM webhook_deliveries e
                  WHERE e.endpoint_id = d.endpoint_id AND e.message_id = d.message_id
                    AND e.state = 'pending' AND e.id < d.id)
            ORDER BY d.id LIMIT $3
            {skip_locked})
        RETURNING *"
    );
    let sql = if backend == DatabaseBackend::Postgres { sql } else { sql.replace('$', "?") };
    let stmt = Statement::from_sql_and_values(backend, sql, [lease_until.into(), now.into(), (limit as i64).into()]);
    let txn = db.begin_write().await?;
    let mut claimed = webhook_delivery::Entity::find().from_raw_sql(stmt).all(&txn).await?;
    txn.commit().await?;
    if claimed.is_empty() {
        return Ok(vec![]);
    }
    claimed.sort_by_key(|d| d.id);
    let mut endpoint_ids: Vec<i64> = claimed.iter().map(|d| d.endpoint_id).collect();
    endpoint_ids.sort_unstable();
    endpoint_ids.dedup();
    let endpoints = webhook_endpoint::Entity::find()
        .filter(webhook_endpoint::Column::Id.is_in(endpoint_ids))
        .all(&db.write)
        .await?;
    Ok(claimed
        .into_iter()
        .filter_map(|delivery| {
            let endpoint = endpoints.iter().find(|e| e.id == delivery.endpoint_id)?.clone();
            Some(Claimed { delivery, endpoint })
        })
        .collect())
}

/// How one attempt went.
#[derive(Debug, Clone)]
pub struct AttemptResult {
    /// The receiver's status; `None` when it did not answer (refused, timed out).
    pub status: Option<u16>,
    /// What went wrong, for people reading the log.
    pub error: Option<String>,
    pub duration: Duration,
}

/// Logs an attempt of a claimed delivery and decides what follows: delivered, retried after the
/// backoff, or given up. Releases the lease.
pub async fn record_attempt(
    db: &Db,
    delivery: &Delivery,
    result: AttemptResult,
    backoff: Duration,
) -> StoreResult<DeliveryState> {
    use webhook_delivery::Column as C;
    let now = db.now();
    let attempt = delivery.attempts + 1;
    let outcome = after_attempt(result.status, attempt.max(1) as u32, now, delivery.give_up_at, backoff);
    let txn = db.begin_write().await?;
    webhook_attempt::ActiveModel {
        delivery_id: Set(delivery.id),
        attempt: Set(attempt),
        at: Set(now),
        status_code: Set(result.status.map(i32::from)),
        error: Set(result.error.clone()),
        duration_ms: Set(result.duration.as_millis().min(i32::MAX as u128) as i32),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let (state, next_attempt_at, delivered_at) = match outcome {
        AfterAttempt::Delivered => (DeliveryState::Delivered, delivery.next_attempt_at, Some(now)),
        AfterAttempt::Retry(at) => (DeliveryState::Pending, at, None),
        AfterAttempt::GiveUp => (DeliveryState::Failed, delivery.next_attempt_at, None),
    };
    webhook_delivery::Entity::update_many()
        .col_expr(C::State, Expr::value(state.as_str()))
        .col_expr(C::Attempts, Expr::value(attempt))
        .col_expr(C::NextAttemptAt, Expr::value(next_attempt_at))
        .col_expr(C::DeliveredAt, Expr::value(delivered_at))
        .col_expr(C::LeaseUntil, Expr::value(Option::<DateTime<Utc>>::None))
        .col_expr(C::LastStatus, Expr::value(result.status.map(i32::from)))
        .col_expr(C::LastError, Expr::value(result.error))
        .filter(C::Id.eq(delivery.id))
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok(state)
}

/// The `Liuyan-Signature` header for `body` sent at `timestamp`: HMAC-SHA256 with the endpoint's
/// secret over `"<timestamp>.<body>"`, hex-encoded.
pub fn sign(secret: &str, timestamp: i64, body: &str) -> String {
    // HMAC accepts keys of any length, so this cannot fail.
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes any key length");
    mac.update(signed_content(timestamp, body).as_bytes());
    signature_header(timestamp, &hex::encode(mac.finalize().into_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signature_is_hmac_sha256_over_timestamp_dot_body() {
        // Computed independently: python3 -c 'import hmac,hashlib;
        //   print(hmac.new(b"whsec_test", b"1700000000.{\"a\":1}", hashlib.sha256).hexdigest())'
        assert_eq!(
            sign("whsec_test", 1_700_000_000, r#"{"a":1}"#),
            "t=1700000000,v1=38877139021993b830af32feea6e18a8da83eb2f6e49ee50bd9e4cf4ca4d3789"
        );
        assert_ne!(sign("whsec_other", 1_700_000_000, r#"{"a":1}"#), sign("whsec_test", 1_700_000_000, r#"{"a":1}"#));
        assert_ne!(sign("whsec_test", 1_700_000_001, r#"{"a":1}"#), sign("whsec_test", 1_700_000_000, r#"{"a":1}"#));
    }

    #[test]
    fn event_types_are_stored_comma_separated() {
        assert_eq!(split_types("message.created,reply.published"), ["message.created", "reply.published"]);
        assert_eq!(split_types("*"), ["*"]);
        assert!(split_types("").is_empty());
        assert_eq!(
            checked_types(&["reply.published".into(), "message.created".into()]).unwrap(),
            "message.created,reply.published"
        );
        assert!(checked_types(&["nope".into()]).is_err());
    }
}
