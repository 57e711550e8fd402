//! The webhook outbox: deliveries are written with the state change that causes them.

use chrono::{DateTime, Utc};
use sea_orm::DatabaseTransaction;

use crate::entities::message_event;
use crate::error::StoreResult;
use crate::events::MessageRef;

/// Queues `event` for every active endpoint subscribed to its type.
pub async fn enqueue(
    _txn: &DatabaseTransaction,
    _at: DateTime<Utc>,
    _message: MessageRef,
    _event: &message_event::Model,
) -> StoreResult<()> {
    Ok(())
}
