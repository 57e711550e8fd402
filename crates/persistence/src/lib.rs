//! Storage for Liuyan: sea-orm entities and the services that load domain values, apply the rules of
//! `liuyan-domain` and save the result, one transaction per state change.

pub mod accounts;
pub mod campaigns;
pub mod cases;
pub mod clock;
pub mod db;
pub mod entities;
pub mod error;
pub mod events;
pub mod exports;
pub mod generator;
pub mod handling;
pub mod limits;
pub mod messages;
pub mod notifications;
pub mod reference;
pub mod search;
pub mod stats;
pub mod webhooks;

pub use clock::{Clock, ManualClock, SystemClock};
pub use db::Db;
pub use error::StoreError;

/// Timestamps are kept to the microsecond, which is what PostgreSQL stores, so a value read back equals
/// the value written on both databases.
pub fn now() -> chrono::DateTime<chrono::Utc> {
    use chrono::{SubsecRound, Utc};
    Utc::now().trunc_subsecs(6)
}

/// A page of a keyset-paginated list, newest first.
#[derive(Debug, Clone)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// The id to continue after, when there may be more.
    pub next_after: Option<i64>,
}
