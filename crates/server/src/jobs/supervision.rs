//! Opens supervision (督办) for overdue messages and escalates it at the second deadline.

use liuyan_persistence::{Db, StoreError, handling};

/// Messages handled per pass; the next pass takes the rest.
const BATCH: u64 = 200;

pub async fn run_once(db: &Db) -> Result<(), StoreError> {
    let opened = handling::open_overdue(db, BATCH).await?;
    let escalated = handling::escalate_due(db, BATCH).await?;
    if opened + escalated > 0 {
        tracing::info!(opened, escalated, "supervision pass");
    }
    Ok(())
}
