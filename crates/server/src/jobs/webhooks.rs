//! Sends queued webhook deliveries, signed, in order per message, retrying with backoff.
//!
//! Each pass claims the deliveries that are due (leased in the database, so several instances never
//! send the same one), sends them outside any transaction, then logs each attempt and its outcome in
//! one transaction. A crash between sending and logging means the delivery is sent again after its
//! lease: receivers get every event at least once and drop repeats by `Liuyan-Delivery`.

use std::time::{Duration, Instant};

use futures::StreamExt;
use liuyan_domain::webhook::{DELIVERY_HEADER, EVENT_HEADER, SEND_TIMEOUT, SIGNATURE_HEADER};
use liuyan_persistence::webhooks::{self, AttemptResult, Claimed};
use liuyan_persistence::{Db, StoreError};

/// Deliveries claimed per round trip to the database.
const BATCH: u64 = 50;
/// Claims per pass at most, so one pass cannot run for ever behind a flood.
const MAX_BATCHES: usize = 20;
/// Deliveries in flight at once (each about a different message, or to a different endpoint).
const CONCURRENCY: usize = 16;
/// How much of a failing receiver's answer is kept in the log.
const ERROR_EXCERPT: usize = 300;

pub struct Sender {
    pub backoff: Duration,
    client: reqwest::Client,
}

impl Sender {
    pub fn new(backoff: Duration) -> Self {
        let client = reqwest::Client::builder()
            .timeout(SEND_TIMEOUT)
            .connect_timeout(SEND_TIMEOUT)
            // A redirect is an answer other than 2xx: the integrator should register the final URL.
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("Liuyan-Webhooks/", env!("CARGO_PKG_VERSION")))
            .build()
            // Fails only if the TLS backend cannot start, which nothing at run time can mend.
            .expect("an HTTP client for webhooks");
        Sender { backoff, client }
    }

    pub async fn run_once(&self, db: &Db) -> Result<(), StoreError> {
        for _ in 0..MAX_BATCHES {
            let claimed = webhooks::claim_due(db, BATCH).await?;
            let full = claimed.len() as u64 == BATCH;
            let results: Vec<Result<(), StoreError>> = futures::stream::iter(claimed)
                .map(|c| self.deliver(db, c))
                .buffer_unordered(CONCURRENCY)
                .collect()
                .await;
            results.into_iter().collect::<Result<(), StoreError>>()?;
            if !full {
                break;
            }
        }
        Ok(())
    }

    async fn deliver(&self, db: &Db, Claimed { delivery, endpoint }: Claimed) -> Result<(), StoreError> {
        let timestamp = db.now().timestamp();
        let started = Instant::now();
        let sent = self
            .client
            .post(&endpoint.url)
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .header(EVENT_HEADER, &delivery.event_type)
            .header(DELIVERY_HEADER, delivery.id.to_string())
            .header(SIGNATURE_HEADER, webhooks::sign(&endpoint.secret, timestamp, &delivery.payload))
            .body(delivery.payload.clone())
            .send()
            .await;
        let result = match sent {
            Ok(res) => {
                let status = res.status();
                let error = if status.is_success() {
                    None
                } else {
                    let body = res.text().await.unwrap_or_default();
                    let excerpt: String = body.chars().take(ERROR_EXCERPT).collect();
                    Some(format!("HTTP {}{}{}", status.as_u16(), if excerpt.is_empty() { "" } else { ": " }, excerpt))
                };
                AttemptResult { status: Some(status.as_u16()), error, duration: started.elapsed() }
            }
            Err(e) => AttemptResult { status: None, error: Some(describe(&e)), duration: started.elapsed() },
        };
        let failed = result.error.clone();
        let state = webhooks::record_attempt(db, &delivery, result, self.backoff).await?;
        if let Some(error) = failed {
            tracing::info!(delivery = delivery.id, endpoint = endpoint.id, attempt = delivery.attempts + 1,
                state = state.as_str(), %error, "webhook delivery attempt failed");
        }
        Ok(())
    }
}

/// The error and its causes on one line (reqwest's own message rarely says what went wrong).
fn describe(e: &reqwest::Error) -> String {
    let mut text = if e.is_timeout() { "timed out".to_owned() } else { e.to_string() };
    let mut source = std::error::Error::source(e);
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}
