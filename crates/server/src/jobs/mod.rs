//! Background work every instance runs: supervision of overdue messages, webhook deliveries and the
//! sweeping of spent limit counters. Safe
//! with several instances on one PostgreSQL: each pass claims its rows in the database
//! (`FOR UPDATE SKIP LOCKED`, leases), never in process memory.

use std::time::Duration;

use liuyan_persistence::Db;
use tokio::task::JoinHandle;

pub mod supervision;
pub mod webhooks;

#[derive(Debug, Clone)]
pub struct JobSettings {
    /// Pause between passes.
    pub interval: Duration,
    /// First retry delay of a failed webhook delivery; doubles each time.
    pub webhook_backoff: Duration,
}

/// The running jobs; dropping the handle stops them.
pub struct Jobs(Vec<JoinHandle<()>>);

impl Drop for Jobs {
    fn drop(&mut self) {
        for task in &self.0 {
            task.abort();
        }
    }
}

pub fn spawn(db: Db, settings: JobSettings) -> Jobs {
    let supervision = {
        let (db, settings) = (db.clone(), settings.clone());
        tokio::spawn(async move {
            loop {
                if let Err(e) = supervision::run_once(&db).await {
                    tracing::warn!(error = %e, "supervision pass failed");
                }
                tokio::time::sleep(settings.interval).await;
            }
        })
    };
    // Counters of the abuse limits that no longer limit anything; any instance may sweep them.
    let limits = {
        let db = db.clone();
        tokio::spawn(async move {
            loop {
                tokio::time::sleep(Duration::from_secs(60)).await;
                if let Err(e) = liuyan_persistence::limits::sweep(&db, 3_600_000).await {
                    tracing::warn!(error = %e, "sweeping limit counters failed");
                }
            }
        })
    };
    let webhooks = tokio::spawn(async move {
        let sender = webhooks::Sender::new(settings.webhook_backoff);
        loop {
            if let Err(e) = sender.run_once(&db).await {
                tracing::warn!(error = %e, "webhook pass failed");
            }
            tokio::time::sleep(settings.interval).await;
        }
    });
    Jobs(vec![supervision, webhooks, limits])
}
