//! Webhooks for integrators: what an endpoint may subscribe to, what a delivery carries, how it is
//! signed, and when a failed delivery is retried or given up. The event names and the backoff live in
//! [`crate::notify`]; the HMAC itself is computed where the bytes are sent.

use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::notify::{DELIVERY_GIVE_UP_AFTER, retry_delay, webhook_event_types};
use crate::{Audience, EventKind, MessageStatus, Role};

/// Subscribes an endpoint to every event type, present and future.
pub const ALL_EVENTS: &str = "*";

/// The longest endpoint URL accepted, in characters.
pub const MAX_URL_LEN: usize = 2000;

/// The header naming the event type, e.g. `message.created`.
pub const EVENT_HEADER: &str = "Liuyan-Event";
/// The header carrying the delivery's id: the same on every attempt, so receivers can drop repeats.
pub const DELIVERY_HEADER: &str = "Liuyan-Delivery";
/// The header carrying `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`.
pub const SIGNATURE_HEADER: &str = "Liuyan-Signature";

/// How long the receiver has to answer before the attempt counts as failed.
pub const SEND_TIMEOUT: Duration = Duration::from_secs(10);

/// What a delivery's body says (JSON): one step of one message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WebhookPayload {
    /// The event's id. Ids grow with time; a message's events arrive in this order.
    pub event_id: i64,
    /// The webhook event type, e.g. `reply.published`.
    #[serde(rename = "type")]
    #[cfg_attr(feature = "openapi", schema(example = "message.created"))]
    pub event_type: String,
    pub occurred_at: DateTime<Utc>,
    pub message_id: i64,
    /// The message's status right after the step.
    pub message_status: MessageStatus,
    /// The step, as on the message's timeline.
    pub kind: EventKind,
    /// Who may see the step on the timeline (`staff` for the internal review back-and-forth).
    pub audience: Audience,
    /// The role of whoever took the step; null when the platform took it by itself.
    pub actor_role: Option<Role>,
    /// The note, reason or instruction that came with the step.
    pub note: Option<String>,
    /// The unit concerned (assigned to, transferred to, replying).
    pub unit_id: Option<i64>,
}

/// Where a delivery stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DeliveryState {
    /// Waiting for its (next) attempt.
    Pending,
    /// The endpoint answered 2xx.
    Delivered,
    /// Retried for [`DELIVERY_GIVE_UP_AFTER`] without success; can be redelivered by hand.
    Failed,
}

impl DeliveryState {
    pub const ALL: [DeliveryState; 3] = [DeliveryState::Pending, DeliveryState::Delivered, DeliveryState::Failed];

    pub fn as_str(self) -> &'static str {
        match self {
            DeliveryState::Pending => "pending",
            DeliveryState::Delivered => "delivered",
            DeliveryState::Failed => "failed",
        }
    }

    pub fn parse(s: &str) -> Option<DeliveryState> {
        DeliveryState::ALL.into_iter().find(|d| d.as_str() == s)
    }

    /// Only a finished delivery can be sent again by hand; a pending one is already on its way.
    pub fn can_redeliver(self) -> bool {
        self != DeliveryState::Pending
    }
}

/// Why a subscription list is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EventTypesError {
    Empty,
    Unknown(String),
}

impl std::fmt::Display for EventTypesError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            EventTypesError::Empty => f.write_str("subscribe to at least one event type, or \"*\" for all"),
            EventTypesError::Unknown(name) => {
                write!(f, "unknown event type {name:?}; known: {}, or \"*\"", webhook_event_types().join(", "))
            }
        }
    }
}

/// Checks the event types an endpoint subscribes to and normalises them: sorted, without repeats, and
/// just `["*"]` when `*` is among them.
pub fn check_event_types<S: AsRef<str>>(given: &[S]) -> Result<Vec<String>, EventTypesError> {
    let known = webhook_event_types();
    let mut types = Vec::with_capacity(given.len());
    for name in given.iter().map(|s| s.as_ref().trim()) {
        if name != ALL_EVENTS && !known.contains(&name) {
            return Err(EventTypesError::Unknown(name.to_owned()));
        }
        types.push(name.to_owned());
    }
    if types.is_empty() {
        return Err(EventTypesError::Empty);
    }
    if types.iter().any(|t| t == ALL_EVENTS) {
        return Ok(vec![ALL_EVENTS.to_owned()]);
    }
    types.sort();
    types.dedup();
    Ok(types)
}

/// Whether an endpoint subscribed to `subscribed` wants `event_type`.
pub fn subscribes<S: AsRef<str>>(subscribed: &[S], event_type: &str) -> bool {
    subscribed.iter().any(|s| s.as_ref() == ALL_EVENTS || s.as_ref() == event_type)
}

/// Why an endpoint URL is refused.
pub fn check_url(url: &str) -> Result<(), &'static str> {
    if url.chars().count() > MAX_URL_LEN {
        return Err("must be at most 2000 characters");
    }
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or("must be an http:// or https:// URL")?;
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host = host.rsplit('@').next().unwrap_or_default();
    if host.is_empty() || host.starts_with(':') {
        return Err("must name a host");
    }
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err("must not contain spaces or control characters");
    }
    Ok(())
}

/// The string that is signed: the timestamp, a dot, and the body exactly as sent. Signing the time
/// lets receivers refuse replays of old deliveries.
pub fn signed_content(timestamp: i64, body: &str) -> String {
    format!("{timestamp}.{body}")
}

/// The `Liuyan-Signature` header value for a hex-encoded HMAC of [`signed_content`].
pub fn signature_header(timestamp: i64, mac_hex: &str) -> String {
    format!("t={timestamp},v1={mac_hex}")
}

/// Reads a `Liuyan-Signature` header: the timestamp and every `v1` signature in it (more than one while
/// a secret is being rotated).
pub fn parse_signature_header(header: &str) -> Option<(i64, Vec<String>)> {
    let mut timestamp = None;
    let mut signatures = Vec::new();
    for part in header.split(',') {
        match part.trim().split_once('=')? {
            ("t", t) => timestamp = Some(t.parse().ok()?),
            ("v1", v) => signatures.push(v.to_owned()),
            _ => {}
        }
    }
    Some((timestamp?, signatures)).filter(|(_, s)| !s.is_empty())
}

/// What happens to a delivery after an attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AfterAttempt {
    Delivered,
    /// Try again at this time.
    Retry(DateTime<Utc>),
    /// The retry window is over.
    GiveUp,
}

/// The fate of a delivery whose `attempt`-th attempt (1 = the first) just ended at `now`, answered with
/// `status` (none when no answer came). Only 2xx counts as delivered. Retries back off from `backoff`
/// and stop once the delivery's window, which ends at `give_up_at`, is over.
pub fn after_attempt(
    status: Option<u16>,
    attempt: u32,
    now: DateTime<Utc>,
    give_up_at: DateTime<Utc>,
    backoff: Duration,
) -> AfterAttempt {
    if status.is_some_and(|s| (200..300).contains(&s)) {
        return AfterAttempt::Delivered;
    }
    if now >= give_up_at {
        return AfterAttempt::GiveUp;
    }
    let wait = chrono::Duration::from_std(retry_delay(backoff, attempt)).unwrap_or(chrono::Duration::hours(1));
    AfterAttempt::Retry(now + wait)
}

/// When a delivery due at `from` stops being retried.
pub fn give_up_at(from: DateTime<Utc>) -> DateTime<Utc> {
    from + chrono::Duration::from_std(DELIVERY_GIVE_UP_AFTER).unwrap_or(chrono::Duration::days(2))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_types_are_checked_and_normalised() {
        assert_eq!(
            check_event_types(&["reply.published", "message.created", "reply.published"]),
            Ok(vec!["message.created".to_owned(), "reply.published".to_owned()])
        );
        assert_eq!(check_event_types(&["message.rated", "*"]), Ok(vec!["*".to_owned()]));
        assert_eq!(check_event_types::<&str>(&[]), Err(EventTypesError::Empty));
        assert_eq!(check_event_types(&["message.drafted"]), Err(EventTypesError::Unknown("message.drafted".into())));
        assert_eq!(check_event_types(&[""]), Err(EventTypesError::Unknown("".into())));
        for name in webhook_event_types() {
            assert_eq!(check_event_types(&[name]), Ok(vec![name.to_owned()]));
        }
        assert!(EventTypesError::Unknown("x".into()).to_string().contains("supervision.opened"));
    }

    #[test]
    fn subscriptions_match_their_types_or_everything() {
        assert!(subscribes(&["*"], "message.created"));
        assert!(subscribes(&["message.created", "reply.published"], "reply.published"));
        assert!(!subscribes(&["message.created"], "message.assigned"));
        assert!(!subscribes::<&str>(&[], "message.created"));
    }

    #[test]
    fn urls_must_be_http_with_a_host() {
        for ok in ["http://127.0.0.1:8080/hook", "https://example.org", "https://a.b/c?d=e#f", "http://u:p@h/"] {
            assert_eq!(check_url(ok), Ok(()), "{ok}");
        }
        for bad in ["ftp://example.org", "example.org/hook", "http://", "https:///path", "http://:80/", "http://a b/"] {
            assert!(check_url(bad).is_err(), "{bad}");
        }
        assert!(check_url(&format!("https://example.org/{}", "a".repeat(MAX_URL_LEN))).is_err());
    }

    #[test]
    fn signature_header_round_trips() {
        assert_eq!(signed_content(1_700_000_000, r#"{"a":1}"#), r#"1700000000.{"a":1}"#);
        let header = signature_header(1_700_000_000, "abc123");
        assert_eq!(header, "t=1700000000,v1=abc123");
        assert_eq!(parse_signature_header(&header), Some((1_700_000_000, vec!["abc123".to_owned()])));
        assert_eq!(parse_signature_header("t=1,v1=a,v1=b"), Some((1, vec!["a".to_owned(), "b".to_owned()])));
        assert_eq!(parse_signature_header("v1=abc"), None);
        assert_eq!(parse_signature_header("t=1"), None);
        assert_eq!(parse_signature_header("t=x,v1=abc"), None);
        assert_eq!(parse_signature_header("garbage"), None);
    }

    #[test]
    fn attempts_are_retried_with_backoff_until_the_window_closes() {
        let start = DateTime::parse_from_rfc3339("2025-01-01T00:00:00Z").unwrap().with_timezone(&Utc);
        let end = give_up_at(start);
        assert_eq!(end - start, chrono::Duration::hours(48));
        let base = Duration::from_secs(10);
        let at = |secs: i64| start + chrono::Duration::seconds(secs);
        assert_eq!(after_attempt(Some(200), 1, at(0), end, base), AfterAttempt::Delivered);
        assert_eq!(after_attempt(Some(204), 9, at(0), end, base), AfterAttempt::Delivered);
        assert_eq!(after_attempt(Some(500), 1, at(0), end, base), AfterAttempt::Retry(at(10)));
        assert_eq!(after_attempt(None, 2, at(10), end, base), AfterAttempt::Retry(at(30)));
        assert_eq!(after_attempt(Some(301), 3, at(30), end, base), AfterAttempt::Retry(at(70)));
        // A day in, still trying (at most an hour apart); after two days, given up.
        assert_eq!(after_attempt(Some(503), 40, at(86_400), end, base), AfterAttempt::Retry(at(86_400 + 3600)));
        assert_eq!(after_attempt(Some(503), 60, at(48 * 3600), end, base), AfterAttempt::GiveUp);
        // Even the last attempt counts if it succeeds.
        assert_eq!(after_attempt(Some(200), 60, at(49 * 3600), end, base), AfterAttempt::Delivered);
    }

    #[test]
    fn only_finished_deliveries_can_be_sent_again() {
        assert!(!DeliveryState::Pending.can_redeliver());
        assert!(DeliveryState::Delivered.can_redeliver());
        assert!(DeliveryState::Failed.can_redeliver());
        for s in DeliveryState::ALL {
            assert_eq!(DeliveryState::parse(s.as_str()), Some(s));
        }
    }
}
