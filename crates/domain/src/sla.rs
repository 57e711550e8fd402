//! Deadlines (办理时限): SLA tiers, which tier a message falls in, and when it is overdue.

use chrono::{DateTime, Utc};

use crate::calendar::{SlaDuration, WorkCalendar, due_at};
use crate::{Domain, MessageStatus, MessageType};

/// A class of deadline: urgent group demands, utilities, the standard term.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlaTier {
    pub code: String,
    pub name: String,
    pub duration: SlaDuration,
    /// After the deadline, how long until an open supervision escalates to the platform.
    pub escalate_after_hours: u32,
}

pub const STANDARD_TIER: &str = "standard";

/// The tiers a new installation starts with: urgent group demands 2 hours, water/power/gas/heating
/// 24 hours, everything else 15 working days.
pub fn default_tiers() -> Vec<SlaTier> {
    let tier = |code: &str, name: &str, duration, escalate_after_hours| SlaTier {
        code: code.into(),
        name: name.into(),
        duration,
        escalate_after_hours,
    };
    vec![
        tier("urgent", "紧急群体诉求", SlaDuration::Hours(2), 2),
        tier("utilities", "水电气暖", SlaDuration::Hours(24), 24),
        tier(STANDARD_TIER, "一般诉求", SlaDuration::WorkingDays(15), 72),
    ]
}

/// An admin's rule: messages of this type and/or domain fall in this tier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlaRule {
    pub message_type: Option<MessageType>,
    pub domain: Option<Domain>,
    pub tier: String,
}

/// The tier for a message: the most specific matching rule (type and domain, then domain, then type),
/// else the standard tier. A moderator may still choose another tier at acceptance.
pub fn tier_for(rules: &[SlaRule], message_type: MessageType, domain: Domain) -> &str {
    let specificity = |r: &SlaRule| match (r.message_type, r.domain) {
        (Some(_), Some(_)) => 3,
        (None, Some(_)) => 2,
        (Some(_), None) => 1,
        (None, None) => 0,
    };
    rules
        .iter()
        .filter(|r| r.message_type.is_none_or(|t| t == message_type) && r.domain.is_none_or(|d| d == domain))
        .max_by_key(|r| specificity(r))
        .map(|r| r.tier.as_str())
        .unwrap_or(STANDARD_TIER)
}

/// When the unit's answer is due, counted from `start` (acceptance, or reopening for a new round).
pub fn deadline(start: DateTime<Utc>, tier: &SlaTier, calendar: &WorkCalendar) -> DateTime<Utc> {
    due_at(start, tier.duration, calendar)
}

/// The clock runs while the message waits for a published answer in its current round.
pub fn clock_runs(status: MessageStatus) -> bool {
    matches!(
        status,
        MessageStatus::Accepted | MessageStatus::Assigned | MessageStatus::ReplyInReview | MessageStatus::Reopened
    )
}

/// Overdue: still waiting for its answer and past the deadline.
pub fn is_overdue(status: MessageStatus, due: Option<DateTime<Utc>>, now: DateTime<Utc>) -> bool {
    clock_runs(status) && due.is_some_and(|d| now > d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn local(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn the_most_specific_rule_wins() {
        let rule = |t, d, tier: &str| SlaRule { message_type: t, domain: d, tier: tier.into() };
        let rules = vec![
            rule(Some(MessageType::HelpRequest), None, "a"),
            rule(None, Some(Domain::UrbanConstruction), "b"),
            rule(Some(MessageType::HelpRequest), Some(Domain::UrbanConstruction), "c"),
        ];
        assert_eq!(tier_for(&rules, MessageType::HelpRequest, Domain::UrbanConstruction), "c");
        assert_eq!(tier_for(&rules, MessageType::Complaint, Domain::UrbanConstruction), "b");
        assert_eq!(tier_for(&rules, MessageType::HelpRequest, Domain::Health), "a");
        assert_eq!(tier_for(&rules, MessageType::Complaint, Domain::Health), STANDARD_TIER);
        assert_eq!(tier_for(&[], MessageType::Complaint, Domain::Health), STANDARD_TIER);
    }

    #[test]
    fn default_tiers_give_the_published_terms() {
        let cal = WorkCalendar::built_in();
        let tiers = default_tiers();
        let start = local("2026-10-01T09:00:00+08:00");
        let due = |code: &str| deadline(start, tiers.iter().find(|t| t.code == code).unwrap(), &cal);
        assert_eq!(due("urgent"), local("2026-10-01T11:00:00+08:00"));
        assert_eq!(due("utilities"), local("2026-10-02T09:00:00+08:00"));
        // 15 working days after 1 October: 8, 9, 10 (worked Saturday), 12–16, 19–23, 26, 27 October.
        assert_eq!(due(STANDARD_TIER), local("2026-10-28T00:00:00+08:00"));
    }

    #[test]
    fn overdue_only_while_waiting_for_the_answer() {
        let due = Some(local("2026-10-02T09:00:00+08:00"));
        let later = local("2026-10-02T09:00:01+08:00");
        for s in MessageStatus::ALL {
            assert_eq!(is_overdue(*s, due, later), clock_runs(*s), "{s}");
            assert!(!is_overdue(*s, due, local("2026-10-02T08:00:00+08:00")));
            assert!(!is_overdue(*s, None, later));
        }
        assert!(!clock_runs(MessageStatus::Replied) && !clock_runs(MessageStatus::Closed));
    }
}
