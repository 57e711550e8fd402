//! Each account's in-app inbox of notifications.

use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, sea_query::Expr};

use crate::entities::notification;
use crate::error::StoreResult;
use crate::{Db, Page, StoreError};

pub use crate::entities::notification::Model as Notification;

pub async fn list(
    db: &Db,
    account_id: i64,
    unread_only: bool,
    before: Option<i64>,
    limit: u64,
) -> StoreResult<Page<Notification>> {
    let mut q = notification::Entity::find()
        .filter(notification::Column::AccountId.eq(account_id))
        .order_by_desc(notification::Column::Id);
    if unread_only {
        q = q.filter(notification::Column::ReadAt.is_null());
    }
    if let Some(before) = before {
        q = q.filter(notification::Column::Id.lt(before));
    }
    let mut items = q.limit(limit + 1).all(&db.read).await?;
    let next_after = if items.len() as u64 > limit {
        items.truncate(limit as usize);
        items.last().map(|n| n.id)
    } else {
        None
    };
    Ok(Page { items, next_after })
}

pub async fn unread_count(db: &Db, account_id: i64) -> StoreResult<u64> {
    Ok(notification::Entity::find()
        .filter(notification::Column::AccountId.eq(account_id))
        .filter(notification::Column::ReadAt.is_null())
        .count(&db.read)
        .await?)
}

/// Marks one of the account's notifications read (again: no change).
pub async fn mark_read(db: &Db, account_id: i64, id: i64) -> StoreResult<Notification> {
    let found = notification::Entity::find_by_id(id)
        .filter(notification::Column::AccountId.eq(account_id))
        .one(&db.write)
        .await?
        .ok_or(StoreError::NotFound("notification"))?;
    if found.read_at.is_some() {
        return Ok(found);
    }
    notification::Entity::update_many()
        .col_expr(notification::Column::ReadAt, Expr::value(db.now()))
        .filter(notification::Column::Id.eq(id))
        .exec(&db.write)
        .await?;
    notification::Entity::find_by_id(id).one(&db.write).await?.ok_or(StoreError::NotFound("notification"))
}

pub async fn mark_all_read(db: &Db, account_id: i64) -> StoreResult<u64> {
    let res = notification::Entity::update_many()
        .col_expr(notification::Column::ReadAt, Expr::value(db.now()))
        .filter(notification::Column::AccountId.eq(account_id))
        .filter(notification::Column::ReadAt.is_null())
        .exec(&db.write)
        .await?;
    Ok(res.rows_affected)
}
