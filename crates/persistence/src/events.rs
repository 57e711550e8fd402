//! Every step leaves an event (留痕). Recording one also tells the people concerned (in-app
//! notifications) and queues it for integrators (the webhook outbox), in the caller's transaction, so a
//! state change and its announcements land together or not at all.

use chrono::{DateTime, Utc};
use liuyan_domain::notify::{Recipient, recipients};
use liuyan_domain::{Actor, EventKind, MessageStatus, Role};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, QuerySelect,
};

use crate::entities::{account, message_event, notification};
use crate::error::StoreResult;
use crate::messages::Message;

/// The message as it stands after the step.
#[derive(Debug, Clone, Copy)]
pub struct MessageRef {
    pub id: i64,
    pub writer_id: i64,
    pub leader_id: i64,
    /// The unit holding it now.
    pub unit_id: Option<i64>,
    pub status: MessageStatus,
}

impl Message {
    /// This message after a step that leaves it `status`, held by `unit_id`.
    pub fn after(&self, status: MessageStatus, unit_id: Option<i64>) -> MessageRef {
        MessageRef { id: self.id, writer_id: self.writer_id, leader_id: self.leader_id, unit_id, status }
    }

    /// This message as it is.
    pub fn as_ref(&self) -> MessageRef {
        self.after(self.status(), self.unit_id)
    }
}

/// Records a step taken by `actor` (`None`: the platform itself, e.g. routing rules or supervision).
pub async fn record(
    txn: &DatabaseTransaction,
    at: DateTime<Utc>,
    message: MessageRef,
    kind: EventKind,
    actor: Option<&Actor>,
    note: Option<String>,
    unit_id: Option<i64>,
) -> StoreResult<message_event::Model> {
    crate::webhooks::hold_message_order(txn, message.id).await?;
    let event = message_event::ActiveModel {
        message_id: Set(message.id),
        kind: Set(kind.as_str().to_owned()),
        actor_id: Set(actor.map(|a| a.account_id)),
        actor_role: Set(actor.map(|a| a.role.as_str()).unwrap_or(SYSTEM).to_owned()),
        visibility: Set(kind.audience().as_str().to_owned()),
        note: Set(note),
        unit_id: Set(unit_id),
        created_at: Set(at),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    notify(txn, at, message, kind, actor).await?;
    crate::webhooks::enqueue(txn, at, message, &event).await?;
    Ok(event)
}

/// The `actor_role` of steps the platform takes by itself.
pub const SYSTEM: &str = "system";

/// In-app notifications for everyone `kind` concerns, except whoever took the step.
async fn notify(
    txn: &DatabaseTransaction,
    at: DateTime<Utc>,
    message: MessageRef,
    kind: EventKind,
    actor: Option<&Actor>,
) -> StoreResult<()> {
    let mut accounts: Vec<i64> = Vec::new();
    for recipient in recipients(kind) {
        let staff = |role: Role| account::Entity::find().filter(account::Column::Role.eq(role.as_str()));
        let found: Vec<i64> = match recipient {
            Recipient::Writer => vec![message.writer_id],
            Recipient::Unit => match message.unit_id {
                Some(unit) => ids(txn, staff(Role::UnitStaff).filter(account::Column::UnitId.eq(unit))).await?,
                None => vec![],
            },
            Recipient::Leader => {
                ids(txn, staff(Role::LeaderOffice).filter(account::Column::LeaderId.eq(message.leader_id))).await?
            }
            Recipient::Moderators => ids(txn, staff(Role::Moderator)).await?,
        };
        accounts.extend(found);
    }
    accounts.sort_unstable();
    accounts.dedup();
    accounts.retain(|id| Some(*id) != actor.map(|a| a.account_id));
    if accounts.is_empty() {
        return Ok(());
    }
    let rows = accounts.into_iter().map(|account_id| notification::ActiveModel {
        account_id: Set(account_id),
        kind: Set(kind.as_str().to_owned()),
        message_id: Set(Some(message.id)),
        text: Set(format!("{} #{}", kind.words(), message.id)),
        created_at: Set(at),
        read_at: Set(None),
        ..Default::default()
    });
    notification::Entity::insert_many(rows).exec_without_returning(txn).await?;
    Ok(())
}

async fn ids(txn: &DatabaseTransaction, q: sea_orm::Select<account::Entity>) -> StoreResult<Vec<i64>> {
    Ok(q.filter(account::Column::Disabled.eq(false))
        .select_only()
        .column(account::Column::Id)
        .into_tuple::<i64>()
        .all(txn)
        .await?)
}
