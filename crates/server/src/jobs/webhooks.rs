//! Sends queued webhook deliveries, signed, in order per message, retrying with backoff.

use std::time::Duration;

use liuyan_persistence::{Db, StoreError};

pub struct Sender {
    pub backoff: Duration,
}

impl Sender {
    pub fn new(backoff: Duration) -> Self {
        Sender { backoff }
    }

    pub async fn run_once(&self, _db: &Db) -> Result<(), StoreError> {
        Ok(())
    }
}
