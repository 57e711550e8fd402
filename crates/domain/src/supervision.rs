//! Supervision (督办) of an overdue message: opened when the deadline passes, answered by the unit,
//! escalated to the platform at a second deadline, closed by a moderator or by the answer itself.

use crate::{Actor, DomainError, Role};

macro_rules! states {
    ($($variant:ident = $text:literal),+ $(,)?) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[serde(rename_all = "snake_case")]
        pub enum SupervisionState { $($variant),+ }

        impl SupervisionState {
            pub const ALL: &'static [SupervisionState] = &[$(SupervisionState::$variant),+];
            pub fn as_str(self) -> &'static str { match self { $(SupervisionState::$variant => $text),+ } }
            pub fn parse(s: &str) -> Option<Self> { match s { $($text => Some(SupervisionState::$variant),)+ _ => None } }
        }
    };
}

states! { Open = "open", Responded = "responded", Escalated = "escalated", Closed = "closed" }

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SupervisionMove {
    /// The unit explains what it is doing about the overdue message.
    Respond,
    /// The second deadline passed with the message still unanswered.
    Escalate,
    /// A moderator closes it, or the published answer does.
    Close,
}

/// Who may move a supervision of a message held by `unit_id` and written to `leader_id`.
pub fn may(actor: &Actor, unit_id: Option<i64>, mv: SupervisionMove) -> bool {
    match mv {
        SupervisionMove::Respond => {
            actor.role == Role::UnitStaff && actor.unit_id.is_some() && actor.unit_id == unit_id
        }
        SupervisionMove::Close => actor.role.is_platform(),
        // Only the platform's own worker escalates.
        SupervisionMove::Escalate => false,
    }
}

/// The state after `mv`, or why not.
pub fn next(state: SupervisionState, mv: SupervisionMove) -> Result<SupervisionState, DomainError> {
    use SupervisionMove as M;
    use SupervisionState as S;
    match (state, mv) {
        (S::Open, M::Respond) => Ok(S::Responded),
        // A response after escalation is recorded; the escalation stands.
        (S::Escalated, M::Respond) => Ok(S::Escalated),
        (S::Open | S::Responded, M::Escalate) => Ok(S::Escalated),
        (S::Open | S::Responded | S::Escalated, M::Close) => Ok(S::Closed),
        (from, _) => Err(DomainError::SupervisionState { from: from.as_str() }),
    }
}

/// Every state a supervision can still be acted on in.
pub fn is_active(state: SupervisionState) -> bool {
    state != SupervisionState::Closed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moves() {
        use SupervisionMove as M;
        use SupervisionState as S;
        assert_eq!(next(S::Open, M::Respond), Ok(S::Responded));
        assert_eq!(next(S::Responded, M::Escalate), Ok(S::Escalated));
        assert_eq!(next(S::Escalated, M::Respond), Ok(S::Escalated));
        assert_eq!(next(S::Escalated, M::Close), Ok(S::Closed));
        assert!(next(S::Responded, M::Respond).is_err());
        assert!(next(S::Escalated, M::Escalate).is_err());
        for mv in [M::Respond, M::Escalate, M::Close] {
            assert!(next(S::Closed, mv).is_err());
        }
        for s in S::ALL {
            assert_eq!(S::parse(s.as_str()), Some(*s));
        }
    }

    #[test]
    fn who_moves_it() {
        let unit = Actor::of_unit(1, 7);
        assert!(may(&unit, Some(7), SupervisionMove::Respond));
        assert!(!may(&unit, Some(8), SupervisionMove::Respond));
        assert!(!may(&unit, Some(7), SupervisionMove::Close));
        assert!(may(&Actor::new(2, Role::Moderator), Some(7), SupervisionMove::Close));
        assert!(!may(&Actor::of_leader(3, 9), Some(7), SupervisionMove::Close));
        assert!(!may(&Actor::new(2, Role::Admin), Some(7), SupervisionMove::Escalate));
    }
}
