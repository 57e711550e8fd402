//! A message's life (留言办理): the states, the actions and who may take them.

use serde::{Deserialize, Serialize};
use std::fmt;

use crate::{Actor, DomainError, Role};

/// How many times a dissatisfied rating may send a message back to its unit.
pub const MAX_REOPENINGS: u8 = 2;

/// How many follow-up questions (追问) a writer may ask about one message.
pub const MAX_FOLLOW_UPS: u8 = 3;

macro_rules! string_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($(#[$vmeta])* $variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            pub fn parse(s: &str) -> Option<Self> {
                match s { $($text => Some($name::$variant),)+ _ => None }
            }

            /// The name in words, for messages to people: `reply_in_review` → "reply in review".
            pub fn words(self) -> String {
                self.as_str().replace('_', " ")
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}
pub(crate) use string_enum;

string_enum! {
    /// Where a message stands in its life.
    MessageStatus {
        /// Written, waiting for screening.
        Submitted = "submitted",
        /// Refused at screening (abuse, duplicate, out of scope); the writer sees the reason.
        Rejected = "rejected",
        /// Passed screening, waiting to be assigned to a unit.
        Accepted = "accepted",
        /// With a handling unit.
        Assigned = "assigned",
        /// The unit submitted a reply; a moderator reviews it.
        ReplyInReview = "reply_in_review",
        /// The reply is published; the writer may rate it.
        Replied = "replied",
        /// The writer was dissatisfied: back with the unit for another round.
        Reopened = "reopened",
        /// Done.
        Closed = "closed",
    }
}

string_enum! {
    /// The kind of message (留言类型).
    MessageType {
        Consultation = "consultation",
        HelpRequest = "help_request",
        Complaint = "complaint",
        Suggestion = "suggestion",
    }
}

string_enum! {
    /// The field of public affairs a message is about (领域).
    Domain {
        UrbanConstruction = "urban_construction",
        Transport = "transport",
        Education = "education",
        Employment = "employment",
        AgricultureRural = "agriculture_rural",
        Health = "health",
        Environment = "environment",
        LabourWages = "labour_wages",
        SocialSecurity = "social_security",
        PublicSecurity = "public_security",
        BusinessEnvironment = "business_environment",
        CultureTourism = "culture_tourism",
        CivilAffairs = "civil_affairs",
        /// Arrears owed to enterprises by public bodies and large firms (拖欠账款): the enterprise channel.
        UnpaidBills = "unpaid_bills",
        /// Licences, permits and approvals (审批许可): the enterprise channel.
        Permits = "permits",
        Other = "other",
    }
}

string_enum! {
    /// The writer's verdict on a reply.
    Satisfaction {
        Satisfied = "satisfied",
        BasicallySatisfied = "basically_satisfied",
        Dissatisfied = "dissatisfied",
    }
}

string_enum! {
    /// Every move a person can make on a message.
    Action {
        Accept = "accept",
        Reject = "reject",
        Assign = "assign",
        Transfer = "transfer",
        DraftReply = "draft_reply",
        SubmitReply = "submit_reply",
        ApproveReply = "approve_reply",
        ReturnReply = "return_reply",
        Rate = "rate",
        AskFollowUp = "ask_follow_up",
        AnswerFollowUp = "answer_follow_up",
    }
}

impl MessageStatus {
    /// The unit is working on it: it may draft, submit a reply or transfer.
    pub fn is_with_unit(self) -> bool {
        matches!(self, MessageStatus::Assigned | MessageStatus::Reopened)
    }

    /// Shown on the public board (if the writer chose public): everything past screening.
    pub fn is_listed(self) -> bool {
        !matches!(self, MessageStatus::Submitted | MessageStatus::Rejected)
    }

    pub fn is_open(self) -> bool {
        !matches!(self, MessageStatus::Rejected | MessageStatus::Closed)
    }
}

/// What a rule needs to know about a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MessageFacts {
    pub status: MessageStatus,
    pub writer_id: i64,
    pub leader_id: i64,
    pub unit_id: Option<i64>,
    pub reopen_count: u8,
}

/// The result of an allowed action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Transition {
    pub to: MessageStatus,
    /// A dissatisfied rating opened a new round.
    pub reopened: bool,
}

impl MessageFacts {
    /// The writer, the staff handling it, the leader's office and the platform.
    pub fn is_participant(&self, actor: &Actor) -> bool {
        match actor.role {
            Role::Citizen | Role::Enterprise => actor.account_id == self.writer_id,
            Role::UnitStaff => actor.unit_id.is_some() && actor.unit_id == self.unit_id,
            Role::LeaderOffice => actor.leader_id == Some(self.leader_id),
            Role::Moderator | Role::Admin => true,
        }
    }

    /// Whether `actor`'s role and binding allow `action` on this message, whatever its state.
    pub fn may(&self, actor: &Actor, action: Action) -> bool {
        let platform = actor.role.is_platform();
        let own_unit = actor.role == Role::UnitStaff && actor.unit_id.is_some() && actor.unit_id == self.unit_id;
        let own_leader = actor.role == Role::LeaderOffice && actor.leader_id == Some(self.leader_id);
        match action {
            Action::Accept | Action::Reject | Action::ApproveReply | Action::ReturnReply => platform,
            Action::Assign => platform || own_leader,
            Action::Transfer => platform || own_leader || own_unit,
            Action::DraftReply | Action::SubmitReply => own_unit,
            Action::Rate | Action::AskFollowUp => actor.role.is_writer() && actor.account_id == self.writer_id,
            Action::AnswerFollowUp => own_unit,
        }
    }

    /// Checks who may act first (403), then whether the state allows it (409), and gives the next state.
    /// `satisfaction` is only read for [`Action::Rate`].
    pub fn apply(
        &self,
        actor: &Actor,
        action: Action,
        satisfaction: Option<Satisfaction>,
    ) -> Result<Transition, DomainError> {
        if !self.may(actor, action) {
            return Err(DomainError::Forbidden { action });
        }
        self.next(action, satisfaction)
    }

    /// The state machine alone, without asking who acts.
    pub fn next(&self, action: Action, satisfaction: Option<Satisfaction>) -> Result<Transition, DomainError> {
        use MessageStatus as S;
        let to = |to| Ok(Transition { to, reopened: false });
        match (self.status, action) {
            (S::Submitted, Action::Accept) => to(S::Accepted),
            (S::Submitted, Action::Reject) => to(S::Rejected),
            (S::Accepted, Action::Assign) => to(S::Assigned),
            (S::Assigned | S::Reopened, Action::Transfer) => to(S::Assigned),
            (S::Assigned | S::Reopened, Action::DraftReply) => to(self.status),
            (S::Assigned | S::Reopened, Action::SubmitReply) => to(S::ReplyInReview),
            (S::ReplyInReview, Action::ApproveReply) => to(S::Replied),
            // A returned reply leaves the message in the round it was in.
            (S::ReplyInReview, Action::ReturnReply) => {
                to(if self.reopen_count > 0 { S::Reopened } else { S::Assigned })
            }
            (S::Replied, Action::Rate) => match satisfaction {
                Some(Satisfaction::Dissatisfied) if self.reopen_count < MAX_REOPENINGS => {
                    Ok(Transition { to: S::Reopened, reopened: true })
                }
                _ => to(S::Closed),
            },
            // A follow-up asks about a published answer; it does not move the message.
            (S::Replied | S::Closed, Action::AskFollowUp) => to(self.status),
            (S::Replied | S::Closed | S::Reopened | S::Assigned | S::ReplyInReview, Action::AnswerFollowUp) => {
                to(self.status)
            }
            (from, action) => Err(DomainError::NotAllowedInState { from, action }),
        }
    }
}

/// Which messages a staff member's working list holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Inbox {
    Unit(i64),
    Leader(i64),
    /// Moderators and admins work on every message.
    Everything,
}

/// The inbox of `actor`; writers have none (they have their own messages instead).
pub fn inbox_of(actor: &Actor) -> Option<Inbox> {
    match actor.role {
        Role::UnitStaff => actor.unit_id.map(Inbox::Unit),
        Role::LeaderOffice => actor.leader_id.map(Inbox::Leader),
        Role::Moderator | Role::Admin => Some(Inbox::Everything),
        Role::Citizen | Role::Enterprise => None,
    }
}

/// Who may read a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Visibility {
    /// Full text, every event: the writer and the people handling it.
    Participant,
    /// Masked text and public events only.
    Public,
    /// Not even its existence.
    Hidden,
}

/// Decides what `viewer` may see of a message. Private and not-yet-screened messages exist only for
/// participants; to everyone else they answer as if they did not exist.
pub fn visibility(facts: &MessageFacts, is_public: bool, viewer: Option<&Actor>) -> Visibility {
    if viewer.is_some_and(|a| facts.is_participant(a)) {
        Visibility::Participant
    } else if is_public && facts.status.is_listed() {
        Visibility::Public
    } else {
        Visibility::Hidden
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use MessageStatus as S;

    const WRITER: i64 = 1;
    const LEADER: i64 = 10;
    const UNIT: i64 = 20;

    fn facts(status: S) -> MessageFacts {
        MessageFacts { status, writer_id: WRITER, leader_id: LEADER, unit_id: Some(UNIT), reopen_count: 0 }
    }

    fn actors() -> Vec<(&'static str, Actor)> {
        vec![
            ("writer", Actor::new(WRITER, Role::Citizen)),
            ("other citizen", Actor::new(2, Role::Citizen)),
            ("enterprise", Actor::new(3, Role::Enterprise)),
            ("own unit", Actor::of_unit(4, UNIT)),
            ("other unit", Actor::of_unit(5, UNIT + 1)),
            ("own leader", Actor::of_leader(6, LEADER)),
            ("other leader", Actor::of_leader(7, LEADER + 1)),
            ("moderator", Actor::new(8, Role::Moderator)),
            ("admin", Actor::new(9, Role::Admin)),
        ]
    }

    /// Every (state, action) pair that the machine allows, and where it leads (satisfied rating).
    fn allowed() -> Vec<(S, Action, S)> {
        vec![
            (S::Submitted, Action::Accept, S::Accepted),
            (S::Submitted, Action::Reject, S::Rejected),
            (S::Accepted, Action::Assign, S::Assigned),
            (S::Assigned, Action::Transfer, S::Assigned),
            (S::Reopened, Action::Transfer, S::Assigned),
            (S::Assigned, Action::DraftReply, S::Assigned),
            (S::Reopened, Action::DraftReply, S::Reopened),
            (S::Assigned, Action::SubmitReply, S::ReplyInReview),
            (S::Reopened, Action::SubmitReply, S::ReplyInReview),
            (S::ReplyInReview, Action::ApproveReply, S::Replied),
            (S::ReplyInReview, Action::ReturnReply, S::Assigned),
            (S::Replied, Action::Rate, S::Closed),
            (S::Replied, Action::AskFollowUp, S::Replied),
            (S::Closed, Action::AskFollowUp, S::Closed),
            (S::Replied, Action::AnswerFollowUp, S::Replied),
            (S::Closed, Action::AnswerFollowUp, S::Closed),
            (S::Reopened, Action::AnswerFollowUp, S::Reopened),
            (S::Assigned, Action::AnswerFollowUp, S::Assigned),
            (S::ReplyInReview, Action::AnswerFollowUp, S::ReplyInReview),
        ]
    }

    #[test]
    fn every_state_and_action_is_allowed_exactly_as_listed() {
        let allowed = allowed();
        for &status in S::ALL {
            for &action in Action::ALL {
                let got = facts(status).next(action, Some(Satisfaction::Satisfied));
                match allowed.iter().find(|(s, a, _)| *s == status && *a == action) {
                    Some((_, _, to)) => {
                        assert_eq!(got, Ok(Transition { to: *to, reopened: false }), "{status} {action}")
                    }
                    None => assert_eq!(
                        got,
                        Err(DomainError::NotAllowedInState { from: status, action }),
                        "{status} {action}"
                    ),
                }
            }
        }
    }

    #[test]
    fn who_may_do_what() {
        let table: &[(Action, &[&str])] = &[
            (Action::Accept, &["moderator", "admin"]),
            (Action::Reject, &["moderator", "admin"]),
            (Action::Assign, &["own leader", "moderator", "admin"]),
            (Action::Transfer, &["own unit", "own leader", "moderator", "admin"]),
            (Action::DraftReply, &["own unit"]),
            (Action::SubmitReply, &["own unit"]),
            (Action::ApproveReply, &["moderator", "admin"]),
            (Action::ReturnReply, &["moderator", "admin"]),
            (Action::Rate, &["writer"]),
            (Action::AskFollowUp, &["writer"]),
            (Action::AnswerFollowUp, &["own unit"]),
        ];
        for (action, who) in table {
            for (name, actor) in actors() {
                assert_eq!(facts(S::Assigned).may(&actor, *action), who.contains(&name), "{name} {action}");
            }
        }
    }

    #[test]
    fn permission_is_checked_before_state() {
        let citizen = Actor::new(2, Role::Citizen);
        assert_eq!(
            facts(S::Submitted).apply(&citizen, Action::ApproveReply, None),
            Err(DomainError::Forbidden { action: Action::ApproveReply })
        );
        let moderator = Actor::new(8, Role::Moderator);
        assert_eq!(
            facts(S::Submitted).apply(&moderator, Action::ApproveReply, None),
            Err(DomainError::NotAllowedInState { from: S::Submitted, action: Action::ApproveReply })
        );
    }

    #[test]
    fn a_returned_reply_keeps_a_reopened_message_reopened() {
        let mut f = facts(S::ReplyInReview);
        f.reopen_count = 1;
        assert_eq!(f.next(Action::ReturnReply, None), Ok(Transition { to: S::Reopened, reopened: false }));
    }

    #[test]
    fn dissatisfied_reopens_at_most_twice() {
        let mut f = facts(S::Replied);
        for round in 0..MAX_REOPENINGS {
            f.reopen_count = round;
            assert_eq!(
                f.next(Action::Rate, Some(Satisfaction::Dissatisfied)),
                Ok(Transition { to: S::Reopened, reopened: true })
            );
        }
        f.reopen_count = MAX_REOPENINGS;
        assert_eq!(
            f.next(Action::Rate, Some(Satisfaction::Dissatisfied)),
            Ok(Transition { to: S::Closed, reopened: false })
        );
        f.reopen_count = 0;
        assert_eq!(
            f.next(Action::Rate, Some(Satisfaction::BasicallySatisfied)),
            Ok(Transition { to: S::Closed, reopened: false })
        );
    }

    #[test]
    fn unit_staff_without_the_message_cannot_act_even_if_unassigned() {
        let mut f = facts(S::Accepted);
        f.unit_id = None;
        let staff = Actor { unit_id: None, ..Actor::of_unit(4, UNIT) };
        assert!(!f.may(&staff, Action::Transfer));
        assert!(!f.is_participant(&staff));
    }

    #[test]
    fn inboxes() {
        assert_eq!(inbox_of(&Actor::of_unit(1, UNIT)), Some(Inbox::Unit(UNIT)));
        assert_eq!(inbox_of(&Actor::of_leader(1, LEADER)), Some(Inbox::Leader(LEADER)));
        assert_eq!(inbox_of(&Actor::new(1, Role::Moderator)), Some(Inbox::Everything));
        assert_eq!(inbox_of(&Actor::new(1, Role::Citizen)), None);
        assert_eq!(inbox_of(&Actor { unit_id: None, ..Actor::of_unit(1, UNIT) }), None);
    }

    #[test]
    fn visibility_rules() {
        let stranger = Actor::new(2, Role::Citizen);
        let writer = Actor::new(WRITER, Role::Citizen);
        let other_unit = Actor::of_unit(5, UNIT + 1);
        for &status in S::ALL {
            let f = facts(status);
            assert_eq!(visibility(&f, false, Some(&stranger)), Visibility::Hidden);
            assert_eq!(visibility(&f, false, None), Visibility::Hidden);
            assert_eq!(visibility(&f, false, Some(&other_unit)), Visibility::Hidden);
            assert_eq!(visibility(&f, false, Some(&writer)), Visibility::Participant);
            let public = if status.is_listed() { Visibility::Public } else { Visibility::Hidden };
            assert_eq!(visibility(&f, true, None), public, "{status}");
        }
    }

    #[test]
    fn names_round_trip() {
        for s in S::ALL {
            assert_eq!(S::parse(s.as_str()), Some(*s));
        }
        for d in Domain::ALL {
            assert_eq!(Domain::parse(d.as_str()), Some(*d));
        }
        // The 14 of PRODUCT.md and the enterprise channel's unpaid bills and permits.
        assert_eq!(Domain::ALL.len(), 16);
        assert_eq!(MessageType::ALL.len(), 4);
    }
}

string_enum! {
    /// What a reply is going through.
    ReplyStatus {
        /// Being written by the unit; only its staff see it.
        Draft = "draft",
        /// Submitted; a moderator reviews it.
        InReview = "in_review",
        /// Sent back by the moderator with a reason.
        Returned = "returned",
        /// Public.
        Published = "published",
    }
}

string_enum! {
    /// Who may see an event on a message's timeline.
    Audience {
        /// Everyone who may see the message.
        Public = "public",
        /// The writer and the staff.
        Writer = "writer",
        /// Only the staff handling it and the platform.
        Staff = "staff",
    }
}

string_enum! {
    /// Every step of a message's life leaves one event (留痕).
    EventKind {
        Submitted = "submitted",
        Accepted = "accepted",
        Rejected = "rejected",
        Assigned = "assigned",
        Transferred = "transferred",
        ReplyDrafted = "reply_drafted",
        ReplySubmitted = "reply_submitted",
        ReplyReturned = "reply_returned",
        ReplyPublished = "reply_published",
        Rated = "rated",
        Reopened = "reopened",
        Closed = "closed",
        /// The leader's office instructed the unit (批办/交办).
        Instructed = "instructed",
        FollowUpAsked = "follow_up_asked",
        FollowUpAnswered = "follow_up_answered",
        /// The message is overdue: supervision (督办) opened.
        SupervisionOpened = "supervision_opened",
        SupervisionResponded = "supervision_responded",
        SupervisionEscalated = "supervision_escalated",
        SupervisionClosed = "supervision_closed",
    }
}

impl EventKind {
    /// The internal back-and-forth of drafting and review stays with the staff; a rejection is the
    /// writer's business; the rest is the public record.
    pub fn audience(self) -> Audience {
        match self {
            EventKind::ReplyDrafted
            | EventKind::ReplySubmitted
            | EventKind::ReplyReturned
            | EventKind::SupervisionResponded
            | EventKind::SupervisionEscalated
            | EventKind::SupervisionClosed => Audience::Staff,
            EventKind::Rejected => Audience::Writer,
            _ => Audience::Public,
        }
    }
}

impl Audience {
    /// The audiences a viewer of this kind sees.
    pub fn visible_to(viewer: Audience) -> &'static [Audience] {
        match viewer {
            Audience::Public => &[Audience::Public],
            Audience::Writer => &[Audience::Public, Audience::Writer],
            Audience::Staff => &[Audience::Public, Audience::Writer, Audience::Staff],
        }
    }

    /// What kind of viewer an actor is for a message they may see.
    pub fn of_viewer(facts: &MessageFacts, viewer: Option<&Actor>) -> Audience {
        match viewer {
            Some(a) if facts.is_participant(a) && a.role.is_writer() => Audience::Writer,
            Some(a) if facts.is_participant(a) => Audience::Staff,
            _ => Audience::Public,
        }
    }
}

#[cfg(test)]
mod audience_tests {
    use super::*;

    #[test]
    fn only_staff_see_the_review_back_and_forth() {
        for kind in EventKind::ALL {
            let seen_by_public = Audience::visible_to(Audience::Public).contains(&kind.audience());
            let seen_by_writer = Audience::visible_to(Audience::Writer).contains(&kind.audience());
            let internal = matches!(
                kind,
                EventKind::ReplyDrafted
                    | EventKind::ReplySubmitted
                    | EventKind::ReplyReturned
                    | EventKind::SupervisionResponded
                    | EventKind::SupervisionEscalated
                    | EventKind::SupervisionClosed
            );
            assert_eq!(seen_by_writer, !internal, "{kind}");
            assert_eq!(seen_by_public, !internal && *kind != EventKind::Rejected, "{kind}");
            assert!(Audience::visible_to(Audience::Staff).contains(&kind.audience()));
        }
    }

    #[test]
    fn viewer_kinds() {
        let f = MessageFacts {
            status: MessageStatus::Assigned,
            writer_id: 1,
            leader_id: 2,
            unit_id: Some(3),
            reopen_count: 0,
        };
        assert_eq!(Audience::of_viewer(&f, None), Audience::Public);
        assert_eq!(Audience::of_viewer(&f, Some(&Actor::new(1, Role::Citizen))), Audience::Writer);
        assert_eq!(Audience::of_viewer(&f, Some(&Actor::new(9, Role::Citizen))), Audience::Public);
        assert_eq!(Audience::of_viewer(&f, Some(&Actor::of_unit(5, 3))), Audience::Staff);
        assert_eq!(Audience::of_viewer(&f, Some(&Actor::new(6, Role::Moderator))), Audience::Staff);
    }
}

string_enum! {
    /// How pressing a leader's instruction makes a message.
    Priority {
        Normal = "normal",
        High = "high",
        Urgent = "urgent",
    }
}

/// A joint reply (解决一类事) answers several messages of one unit at once.
pub const JOINT_REPLY_MIN: usize = 2;
pub const JOINT_REPLY_MAX: usize = 100;

/// Checks that `actor` may answer every one of `messages` with one joint reply: each must be with the
/// actor's unit and waiting for a reply.
pub fn check_joint_reply(actor: &Actor, messages: &[MessageFacts]) -> Result<(), DomainError> {
    if !(JOINT_REPLY_MIN..=JOINT_REPLY_MAX).contains(&messages.len()) {
        return Err(DomainError::JointReplySize { min: JOINT_REPLY_MIN, max: JOINT_REPLY_MAX });
    }
    for m in messages {
        m.apply(actor, Action::SubmitReply, None)?;
    }
    Ok(())
}

#[cfg(test)]
mod joint_tests {
    use super::*;

    #[test]
    fn a_joint_reply_needs_several_messages_all_with_the_unit() {
        let staff = Actor::of_unit(4, 20);
        let with =
            |status, unit| MessageFacts { status, writer_id: 1, leader_id: 2, unit_id: Some(unit), reopen_count: 0 };
        let ok = [with(MessageStatus::Assigned, 20), with(MessageStatus::Reopened, 20)];
        assert_eq!(check_joint_reply(&staff, &ok), Ok(()));
        assert!(matches!(check_joint_reply(&staff, &ok[..1]), Err(DomainError::JointReplySize { .. })));
        let other_unit = [with(MessageStatus::Assigned, 20), with(MessageStatus::Assigned, 21)];
        assert!(matches!(check_joint_reply(&staff, &other_unit), Err(DomainError::Forbidden { .. })));
        let answered = [with(MessageStatus::Assigned, 20), with(MessageStatus::Replied, 20)];
        assert!(matches!(check_joint_reply(&staff, &answered), Err(DomainError::NotAllowedInState { .. })));
    }
}
