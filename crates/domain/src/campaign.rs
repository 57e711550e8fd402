//! Suggestion campaigns (征集): a leader's office or a unit asks the public for suggestions on one
//! subject, within a time window and under its own rules. The platform screens suggestions, the public
//! supports them, the owner reviews them and publishes the outcome. Also the topics (专题) that group
//! messages and campaigns, among them the enterprise channel (政企直通车).

use std::fmt;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::message::string_enum;
use crate::{Actor, Domain, DomainError, Role};

/// Longest time a campaign may run: a year is plenty and stops typing mistakes (2206 for 2026).
pub const MAX_CAMPAIGN_DAYS: i64 = 366;

string_enum! {
    /// What the owner last did with a campaign. Whether it takes suggestions also depends on the time:
    /// see [`CampaignPhase`].
    CampaignStatus {
        /// Being written; only its owners see it.
        Draft = "draft",
        /// Published: takes suggestions between its opening and closing time.
        Open = "open",
        /// Closed early by its owner (or, in effect, its closing time passed).
        Closed = "closed",
        /// The owner published the outcome report.
        ResultsPublished = "results_published",
    }
}

string_enum! {
    /// Where a campaign stands at a given time, as the public sees it.
    CampaignPhase {
        Draft = "draft",
        /// Published, opening time not reached yet.
        Upcoming = "upcoming",
        /// Takes suggestions and supports.
        Open = "open",
        /// No more suggestions; the owner is reviewing.
        Closed = "closed",
        ResultsPublished = "results_published",
    }
}

string_enum! {
    /// Where a suggestion stands.
    SuggestionStatus {
        /// Waiting for screening by the platform.
        Submitted = "submitted",
        /// Refused at screening; only its author sees it, with the reason.
        Rejected = "rejected",
        /// Public, open to support, not reviewed yet.
        Published = "published",
        Shortlisted = "shortlisted",
        Adopted = "adopted",
        /// Adopted and given an award.
        Awarded = "awarded",
        NotAdopted = "not_adopted",
    }
}

string_enum! {
    /// The owner's decision on a suggestion, always with a public note.
    ReviewOutcome {
        Shortlisted = "shortlisted",
        Adopted = "adopted",
        Awarded = "awarded",
        NotAdopted = "not_adopted",
    }
}

string_enum! {
    /// Who may write messages in a topic.
    TopicWriters {
        /// Citizens and enterprises.
        Everyone = "everyone",
        /// Enterprise accounts only: the enterprise channel (政企直通车).
        Enterprises = "enterprises",
    }
}

impl SuggestionStatus {
    /// Shown to everyone once screened in.
    pub fn is_public(self) -> bool {
        !matches!(self, SuggestionStatus::Submitted | SuggestionStatus::Rejected)
    }

    /// The owner has given its decision.
    pub fn is_reviewed(self) -> bool {
        matches!(
            self,
            SuggestionStatus::Shortlisted
                | SuggestionStatus::Adopted
                | SuggestionStatus::Awarded
                | SuggestionStatus::NotAdopted
        )
    }
}

impl From<ReviewOutcome> for SuggestionStatus {
    fn from(o: ReviewOutcome) -> Self {
        match o {
            ReviewOutcome::Shortlisted => SuggestionStatus::Shortlisted,
            ReviewOutcome::Adopted => SuggestionStatus::Adopted,
            ReviewOutcome::Awarded => SuggestionStatus::Awarded,
            ReviewOutcome::NotAdopted => SuggestionStatus::NotAdopted,
        }
    }
}

/// The body that runs a campaign.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Owner {
    Leader(i64),
    Unit(i64),
}

/// What a campaign allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CampaignRules {
    /// Suggestions one account may submit (rejected ones count too: they were submitted).
    pub max_per_account: u32,
    pub citizens: bool,
    pub enterprises: bool,
    /// Only real-name accounts may take part: enterprises (credit code) and citizens registered with a
    /// mobile number, which is real-name in China.
    pub real_name: bool,
    /// Supports that oblige the owner to answer a suggestion in public.
    pub support_threshold: Option<u32>,
}

/// What a rule needs to know about a campaign.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CampaignFacts {
    pub status: CampaignStatus,
    pub owner: Owner,
    pub opens_at: DateTime<Utc>,
    pub closes_at: DateTime<Utc>,
    pub rules: CampaignRules,
}

/// What the owner can do to a campaign.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CampaignMove {
    /// Change the text, times or rules of a draft.
    Edit,
    /// Publish a draft; it takes suggestions from its opening time.
    Open,
    /// Stop taking suggestions before the closing time.
    Close,
    /// Publish the outcome report; the reviews are final.
    PublishResults,
}

impl CampaignMove {
    fn words(self) -> &'static str {
        match self {
            CampaignMove::Edit => "edit",
            CampaignMove::Open => "open",
            CampaignMove::Close => "close",
            CampaignMove::PublishResults => "publish the results of",
        }
    }
}

/// Whether `actor` runs campaigns for `owner`: its leader's office, staff of its unit who were given the
/// right, or an admin. `has_right` is the unit staff account's campaign right.
pub fn may_manage(actor: &Actor, owner: Owner, has_right: bool) -> bool {
    match (actor.role, owner) {
        (Role::Admin, _) => true,
        (Role::LeaderOffice, Owner::Leader(id)) => actor.leader_id == Some(id),
        (Role::UnitStaff, Owner::Unit(id)) => has_right && actor.unit_id == Some(id),
        _ => false,
    }
}

/// Checks the times and rules of a campaign being written.
pub fn check_plan(
    opens_at: DateTime<Utc>,
    closes_at: DateTime<Utc>,
    rules: &CampaignRules,
) -> Result<(), (&'static str, &'static str, String)> {
    if closes_at <= opens_at {
        return Err(("closes_at", "range", "must be after the opening time".into()));
    }
    if (closes_at - opens_at).num_days() > MAX_CAMPAIGN_DAYS {
        return Err(("closes_at", "range", format!("a campaign runs at most {MAX_CAMPAIGN_DAYS} days")));
    }
    if !rules.citizens && !rules.enterprises {
        return Err(("allow_citizens", "required", "citizens, enterprises or both must be able to take part".into()));
    }
    Ok(())
}

impl CampaignFacts {
    pub fn phase(&self, now: DateTime<Utc>) -> CampaignPhase {
        match self.status {
            CampaignStatus::Draft => CampaignPhase::Draft,
            CampaignStatus::Open if now < self.opens_at => CampaignPhase::Upcoming,
            CampaignStatus::Open if now >= self.closes_at => CampaignPhase::Closed,
            CampaignStatus::Open => CampaignPhase::Open,
            CampaignStatus::Closed => CampaignPhase::Closed,
            CampaignStatus::ResultsPublished => CampaignPhase::ResultsPublished,
        }
    }

    /// The status after `mv` at `now`, or why not. Who acts is checked by [`may_manage`].
    pub fn next(&self, mv: CampaignMove, now: DateTime<Utc>) -> Result<CampaignStatus, DomainError> {
        let phase = self.phase(now);
        let refuse = || DomainError::CampaignState { phase: phase.as_str(), action: mv.words() };
        match (mv, phase) {
            (CampaignMove::Edit, CampaignPhase::Draft) => Ok(CampaignStatus::Draft),
            // A draft whose closing time went by would open straight into closed: refuse.
            (CampaignMove::Open, CampaignPhase::Draft) if now < self.closes_at => Ok(CampaignStatus::Open),
            (CampaignMove::Close, CampaignPhase::Upcoming | CampaignPhase::Open) => Ok(CampaignStatus::Closed),
            (CampaignMove::PublishResults, CampaignPhase::Closed) => Ok(CampaignStatus::ResultsPublished),
            _ => Err(refuse()),
        }
    }

    /// Whether an account of `role` may take part (submit or support) under the rules.
    fn admits(&self, role: Role, real_name: bool) -> Result<(), DomainError> {
        let allowed = match role {
            Role::Citizen => self.rules.citizens,
            Role::Enterprise => self.rules.enterprises,
            _ => return Err(DomainError::CampaignRule("only citizens and enterprises take part in campaigns")),
        };
        if !allowed {
            return Err(DomainError::CampaignRule(if role == Role::Citizen {
                "this campaign is open to enterprises only"
            } else {
                "this campaign is open to citizens only"
            }));
        }
        if self.rules.real_name && !real_name {
            return Err(DomainError::CampaignRule(
                "this campaign requires a real-name account (registered with a mobile number, or an enterprise)",
            ));
        }
        Ok(())
    }

    /// May an account submit another suggestion now? `submitted` counts its suggestions so far.
    pub fn check_submission(
        &self,
        role: Role,
        real_name: bool,
        submitted: u32,
        now: DateTime<Utc>,
    ) -> Result<(), DomainError> {
        self.admits(role, real_name)?;
        let phase = self.phase(now);
        if phase != CampaignPhase::Open {
            return Err(DomainError::CampaignNotOpen { phase: phase.as_str() });
        }
        if submitted >= self.rules.max_per_account {
            return Err(DomainError::SuggestionLimit { max: self.rules.max_per_account });
        }
        Ok(())
    }

    /// May an account support (or withdraw its support from) a suggestion now?
    pub fn check_support(
        &self,
        actor: &Actor,
        real_name: bool,
        suggestion: SuggestionStatus,
        author_id: i64,
        now: DateTime<Utc>,
    ) -> Result<(), DomainError> {
        self.admits(actor.role, real_name)?;
        if actor.account_id == author_id {
            return Err(DomainError::CampaignRule("you cannot support your own suggestion"));
        }
        if !suggestion.is_public() {
            return Err(DomainError::SuggestionState { from: suggestion.as_str(), action: "support" });
        }
        let phase = self.phase(now);
        if phase != CampaignPhase::Open {
            return Err(DomainError::CampaignNotOpen { phase: phase.as_str() });
        }
        Ok(())
    }

    /// The suggestion's status after the owner's review, or why not. Decisions may change until the
    /// results are published; an award goes only to an adopted suggestion.
    pub fn review(&self, from: SuggestionStatus, outcome: ReviewOutcome) -> Result<SuggestionStatus, DomainError> {
        use SuggestionStatus as S;
        if self.status == CampaignStatus::ResultsPublished {
            return Err(DomainError::CampaignState { phase: "results_published", action: "review suggestions of" });
        }
        let allowed = match outcome {
            ReviewOutcome::Shortlisted => matches!(from, S::Published),
            ReviewOutcome::Adopted => matches!(from, S::Published | S::Shortlisted | S::NotAdopted),
            ReviewOutcome::Awarded => matches!(from, S::Adopted),
            ReviewOutcome::NotAdopted => matches!(from, S::Published | S::Shortlisted | S::Adopted),
        };
        if allowed {
            Ok(outcome.into())
        } else {
            Err(DomainError::SuggestionState { from: from.as_str(), action: outcome_words(outcome) })
        }
    }
}

fn outcome_words(o: ReviewOutcome) -> &'static str {
    match o {
        ReviewOutcome::Shortlisted => "shortlist",
        ReviewOutcome::Adopted => "adopt",
        ReviewOutcome::Awarded => "award",
        ReviewOutcome::NotAdopted => "decline",
    }
}

/// Screening by the platform: accept (published) or reject.
pub fn screen(from: SuggestionStatus, accept: bool) -> Result<SuggestionStatus, DomainError> {
    match from {
        SuggestionStatus::Submitted if accept => Ok(SuggestionStatus::Published),
        SuggestionStatus::Submitted => Ok(SuggestionStatus::Rejected),
        other => Err(DomainError::SuggestionState { from: other.as_str(), action: "screen" }),
    }
}

/// Whether going from `before` to `after` supports reaches the threshold that obliges a public answer.
pub fn crosses_threshold(before: u32, after: u32, threshold: Option<u32>) -> bool {
    threshold.is_some_and(|t| before < t && after >= t)
}

/// A topic's rules for a message written in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TopicRules {
    pub active: bool,
    pub writers: TopicWriters,
    /// The domains a message in the topic may have; empty means any.
    pub domains: Vec<Domain>,
}

/// Why a message may not be written in a topic: a 403 for the wrong kind of account, a field error for
/// the rest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TopicRefusal {
    Closed,
    Writers,
    Domain,
}

impl TopicRules {
    pub fn check_message(&self, role: Role, domain: Domain) -> Result<(), TopicRefusal> {
        if !self.active {
            return Err(TopicRefusal::Closed);
        }
        if self.writers == TopicWriters::Enterprises && role != Role::Enterprise {
            return Err(TopicRefusal::Writers);
        }
        if !self.domains.is_empty() && !self.domains.contains(&domain) {
            return Err(TopicRefusal::Domain);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;

    fn at(h: i64) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-11-01T00:00:00Z").unwrap().with_timezone(&Utc) + Duration::hours(h)
    }

    fn campaign(status: CampaignStatus) -> CampaignFacts {
        CampaignFacts {
            status,
            owner: Owner::Leader(7),
            opens_at: at(10),
            closes_at: at(20),
            rules: CampaignRules {
                max_per_account: 2,
                citizens: true,
                enterprises: false,
                real_name: true,
                support_threshold: Some(3),
            },
        }
    }

    #[test]
    fn phase_follows_status_and_clock() {
        let c = campaign(CampaignStatus::Open);
        assert_eq!(c.phase(at(9)), CampaignPhase::Upcoming);
        assert_eq!(c.phase(at(10)), CampaignPhase::Open);
        assert_eq!(c.phase(at(19)), CampaignPhase::Open);
        assert_eq!(c.phase(at(20)), CampaignPhase::Closed);
        assert_eq!(campaign(CampaignStatus::Draft).phase(at(15)), CampaignPhase::Draft);
        assert_eq!(campaign(CampaignStatus::Closed).phase(at(15)), CampaignPhase::Closed);
        assert_eq!(campaign(CampaignStatus::ResultsPublished).phase(at(15)), CampaignPhase::ResultsPublished);
    }

    #[test]
    fn campaign_moves() {
        use CampaignMove as M;
        use CampaignStatus as S;
        assert_eq!(campaign(S::Draft).next(M::Edit, at(0)), Ok(S::Draft));
        assert_eq!(campaign(S::Draft).next(M::Open, at(0)), Ok(S::Open));
        assert!(campaign(S::Draft).next(M::Open, at(20)).is_err(), "closing time already passed");
        assert!(campaign(S::Open).next(M::Edit, at(0)).is_err());
        assert_eq!(campaign(S::Open).next(M::Close, at(9)), Ok(S::Closed));
        assert_eq!(campaign(S::Open).next(M::Close, at(15)), Ok(S::Closed));
        assert!(campaign(S::Open).next(M::Close, at(25)).is_err(), "already closed by the clock");
        assert!(campaign(S::Open).next(M::PublishResults, at(15)).is_err(), "still open");
        assert_eq!(campaign(S::Open).next(M::PublishResults, at(25)), Ok(S::ResultsPublished));
        assert_eq!(campaign(S::Closed).next(M::PublishResults, at(15)), Ok(S::ResultsPublished));
        for mv in [M::Edit, M::Open, M::Close, M::PublishResults] {
            assert!(campaign(S::ResultsPublished).next(mv, at(30)).is_err());
        }
        let e = campaign(S::Closed).next(M::Open, at(15)).unwrap_err();
        assert_eq!(e.to_string(), "cannot open a campaign that is closed");
    }

    #[test]
    fn who_runs_a_campaign() {
        let leader = Owner::Leader(7);
        let unit = Owner::Unit(3);
        assert!(may_manage(&Actor::of_leader(1, 7), leader, false));
        assert!(!may_manage(&Actor::of_leader(1, 8), leader, false));
        assert!(may_manage(&Actor::of_unit(2, 3), unit, true));
        assert!(!may_manage(&Actor::of_unit(2, 3), unit, false), "staff need the campaign right");
        assert!(!may_manage(&Actor::of_unit(2, 4), unit, true));
        assert!(!may_manage(&Actor::of_unit(2, 3), leader, true));
        assert!(may_manage(&Actor::new(3, Role::Admin), unit, false));
        assert!(!may_manage(&Actor::new(4, Role::Moderator), unit, false));
        assert!(!may_manage(&Actor::new(5, Role::Citizen), leader, true));
    }

    #[test]
    fn plans() {
        let rules = campaign(CampaignStatus::Draft).rules;
        assert!(check_plan(at(0), at(1), &rules).is_ok());
        assert_eq!(check_plan(at(1), at(1), &rules).unwrap_err().0, "closes_at");
        assert_eq!(check_plan(at(0), at(24 * 400), &rules).unwrap_err().0, "closes_at");
        let nobody = CampaignRules { citizens: false, enterprises: false, ..rules };
        assert_eq!(check_plan(at(0), at(1), &nobody).unwrap_err().0, "allow_citizens");
    }

    #[test]
    fn submissions_follow_rules_time_and_limit() {
        let c = campaign(CampaignStatus::Open);
        assert_eq!(c.check_submission(Role::Citizen, true, 0, at(12)), Ok(()));
        assert_eq!(c.check_submission(Role::Citizen, true, 1, at(12)), Ok(()));
        assert_eq!(c.check_submission(Role::Citizen, true, 2, at(12)), Err(DomainError::SuggestionLimit { max: 2 }));
        assert_eq!(
            c.check_submission(Role::Citizen, true, 0, at(20)),
            Err(DomainError::CampaignNotOpen { phase: "closed" })
        );
        assert_eq!(
            c.check_submission(Role::Citizen, true, 0, at(5)),
            Err(DomainError::CampaignNotOpen { phase: "upcoming" })
        );
        assert!(matches!(c.check_submission(Role::Enterprise, true, 0, at(12)), Err(DomainError::CampaignRule(_))));
        assert!(matches!(c.check_submission(Role::Citizen, false, 0, at(12)), Err(DomainError::CampaignRule(_))));
        assert!(matches!(c.check_submission(Role::UnitStaff, true, 0, at(12)), Err(DomainError::CampaignRule(_))));
        // Who may take part is told before whether it is open: the answer does not change with time.
        assert!(matches!(c.check_submission(Role::Enterprise, true, 0, at(30)), Err(DomainError::CampaignRule(_))));
    }

    #[test]
    fn supports() {
        let c = campaign(CampaignStatus::Open);
        let citizen = Actor::new(9, Role::Citizen);
        assert_eq!(c.check_support(&citizen, true, SuggestionStatus::Published, 1, at(12)), Ok(()));
        assert_eq!(c.check_support(&citizen, true, SuggestionStatus::Adopted, 1, at(12)), Ok(()));
        assert!(matches!(
            c.check_support(&citizen, true, SuggestionStatus::Published, 9, at(12)),
            Err(DomainError::CampaignRule(_))
        ));
        assert!(matches!(
            c.check_support(&citizen, true, SuggestionStatus::Submitted, 1, at(12)),
            Err(DomainError::SuggestionState { .. })
        ));
        assert_eq!(
            c.check_support(&citizen, true, SuggestionStatus::Published, 1, at(21)),
            Err(DomainError::CampaignNotOpen { phase: "closed" })
        );
    }

    #[test]
    fn reviews() {
        use ReviewOutcome as O;
        use SuggestionStatus as S;
        let c = campaign(CampaignStatus::Closed);
        assert_eq!(c.review(S::Published, O::Shortlisted), Ok(S::Shortlisted));
        assert_eq!(c.review(S::Shortlisted, O::Adopted), Ok(S::Adopted));
        assert_eq!(c.review(S::Adopted, O::Awarded), Ok(S::Awarded));
        assert_eq!(c.review(S::Adopted, O::NotAdopted), Ok(S::NotAdopted));
        assert_eq!(c.review(S::NotAdopted, O::Adopted), Ok(S::Adopted));
        assert!(c.review(S::Published, O::Awarded).is_err(), "an award needs adoption first");
        assert!(c.review(S::Submitted, O::Adopted).is_err(), "not screened yet");
        assert!(c.review(S::Rejected, O::Adopted).is_err());
        assert!(c.review(S::Awarded, O::Shortlisted).is_err());
        assert!(campaign(CampaignStatus::ResultsPublished).review(S::Published, O::Adopted).is_err());
    }

    #[test]
    fn screening_and_threshold() {
        assert_eq!(screen(SuggestionStatus::Submitted, true), Ok(SuggestionStatus::Published));
        assert_eq!(screen(SuggestionStatus::Submitted, false), Ok(SuggestionStatus::Rejected));
        assert!(screen(SuggestionStatus::Published, true).is_err());
        assert!(crosses_threshold(2, 3, Some(3)));
        assert!(!crosses_threshold(3, 4, Some(3)), "only the crossing counts");
        assert!(!crosses_threshold(3, 2, Some(3)));
        assert!(!crosses_threshold(0, 1000, None));
        for s in SuggestionStatus::ALL {
            assert_eq!(SuggestionStatus::parse(s.as_str()), Some(*s));
            assert_eq!(s.is_public(), !matches!(s, SuggestionStatus::Submitted | SuggestionStatus::Rejected));
        }
    }

    #[test]
    fn topics() {
        let channel = TopicRules {
            active: true,
            writers: TopicWriters::Enterprises,
            domains: vec![Domain::BusinessEnvironment, Domain::UnpaidBills],
        };
        assert_eq!(channel.check_message(Role::Enterprise, Domain::UnpaidBills), Ok(()));
        assert_eq!(channel.check_message(Role::Citizen, Domain::UnpaidBills), Err(TopicRefusal::Writers));
        assert_eq!(channel.check_message(Role::Enterprise, Domain::Education), Err(TopicRefusal::Domain));
        let closed = TopicRules { active: false, ..channel.clone() };
        assert_eq!(closed.check_message(Role::Enterprise, Domain::UnpaidBills), Err(TopicRefusal::Closed));
        let open = TopicRules { active: true, writers: TopicWriters::Everyone, domains: vec![] };
        assert_eq!(open.check_message(Role::Citizen, Domain::Education), Ok(()));
    }
}
