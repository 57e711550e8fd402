//! Who hears of what: in-app notifications and the webhook event names integrators subscribe to.

use std::time::Duration;

use crate::EventKind;

/// A kind of recipient of a message's event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recipient {
    Writer,
    /// The staff of the unit now holding the message.
    Unit,
    /// The office of the leader written to.
    Leader,
    Moderators,
}

/// Who is notified in-app of an event.
pub fn recipients(kind: EventKind) -> &'static [Recipient] {
    use EventKind as E;
    use Recipient as R;
    match kind {
        E::Accepted | E::Rejected | E::ReplyPublished | E::FollowUpAnswered => &[R::Writer],
        E::Assigned | E::Transferred => &[R::Writer, R::Unit],
        E::Instructed | E::ReplyReturned | E::Rated | E::Reopened | E::FollowUpAsked | E::SupervisionClosed => {
            &[R::Unit]
        }
        E::SupervisionOpened => &[R::Unit, R::Leader],
        E::SupervisionResponded => &[R::Leader],
        E::SupervisionEscalated => &[R::Moderators, R::Leader],
        E::Submitted | E::ReplyDrafted | E::ReplySubmitted | E::Closed => &[],
    }
}

/// The webhook event type of a message event, as integrators subscribe to it. Drafts stay inside.
pub fn webhook_event(kind: EventKind) -> Option<&'static str> {
    use EventKind as E;
    Some(match kind {
        E::Submitted => "message.created",
        E::Accepted => "message.accepted",
        E::Rejected => "message.rejected",
        E::Assigned => "message.assigned",
        E::Transferred => "message.transferred",
        E::Instructed => "message.instructed",
        E::ReplySubmitted => "reply.submitted",
        E::ReplyReturned => "reply.returned",
        E::ReplyPublished => "reply.published",
        E::Rated => "message.rated",
        E::Reopened => "message.reopened",
        E::Closed => "message.closed",
        E::FollowUpAsked => "follow_up.asked",
        E::FollowUpAnswered => "follow_up.answered",
        E::SupervisionOpened => "supervision.opened",
        E::SupervisionResponded => "supervision.responded",
        E::SupervisionEscalated => "supervision.escalated",
        E::SupervisionClosed => "supervision.closed",
        E::ReplyDrafted => return None,
    })
}

/// Every webhook event type there is.
pub fn webhook_event_types() -> Vec<&'static str> {
    EventKind::ALL.iter().filter_map(|k| webhook_event(*k)).collect()
}

/// How long a failed delivery may keep being retried before it is given up (at least a day).
pub const DELIVERY_GIVE_UP_AFTER: Duration = Duration::from_secs(48 * 3600);

/// The wait before retry number `attempt` (1 = the first retry): doubling from `base`, at most an hour.
pub fn retry_delay(base: Duration, attempt: u32) -> Duration {
    let factor = 2u32.saturating_pow(attempt.saturating_sub(1).min(20));
    base.saturating_mul(factor).min(Duration::from_secs(3600))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_an_hour() {
        let base = Duration::from_secs(10);
        assert_eq!(retry_delay(base, 1), Duration::from_secs(10));
        assert_eq!(retry_delay(base, 2), Duration::from_secs(20));
        assert_eq!(retry_delay(base, 5), Duration::from_secs(160));
        assert_eq!(retry_delay(base, 30), Duration::from_secs(3600));
        // Retrying for the whole give-up window takes more than a day of attempts.
        let mut waited = Duration::ZERO;
        let mut attempts = 0;
        while waited < Duration::from_secs(24 * 3600) {
            attempts += 1;
            waited += retry_delay(base, attempts);
        }
        assert!(waited < DELIVERY_GIVE_UP_AFTER && attempts > 20);
    }

    #[test]
    fn every_event_but_drafts_is_published_to_integrators() {
        assert_eq!(webhook_event_types().len(), EventKind::ALL.len() - 1);
        assert_eq!(webhook_event(EventKind::SupervisionOpened), Some("supervision.opened"));
        assert!(recipients(EventKind::SupervisionOpened).contains(&Recipient::Leader));
    }
}
