use crate::message::{Action, MessageStatus};

/// Facts of the product that stop a request. The HTTP layer maps each to a status and a stable code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DomainError {
    /// The actor's role (or binding to a unit/leader) does not allow this action on this message.
    #[error("you may not {} this message", action.words())]
    Forbidden { action: Action },
    /// The action exists for this actor but not in the message's current state.
    #[error("cannot {} a message that is {}", action.words(), from.words())]
    NotAllowedInState { from: MessageStatus, action: Action },
    /// The writer already rated the reply of this round.
    #[error("this round's reply has already been rated")]
    AlreadyRated,
    /// Assigning or transferring to the unit that already holds the message.
    #[error("the message is already with that unit")]
    SameUnit,
    /// The writer has asked all the follow-up questions allowed.
    #[error("no more follow-up questions can be asked about this message")]
    FollowUpLimit,
    /// The follow-up question already has its answer.
    #[error("this follow-up question has already been answered")]
    FollowUpAnswered,
    #[error("a joint reply answers between {min} and {max} messages")]
    JointReplySize { min: usize, max: usize },
    #[error("the supervision is {from}: it cannot move that way")]
    SupervisionState { from: &'static str },
    /// A campaign move that its phase does not allow.
    #[error("cannot {action} a campaign that is {}", phase.replace('_', " "))]
    CampaignState { phase: &'static str, action: &'static str },
    /// Suggestions and supports are taken only while a campaign is open.
    #[error("the campaign is {}: it does not take suggestions or supports now", phase.replace('_', " "))]
    CampaignNotOpen { phase: &'static str },
    /// The campaign's rules keep this account out (wrong kind of account, not real-name, own suggestion).
    #[error("{0}")]
    CampaignRule(&'static str),
    #[error("an account may submit at most {max} suggestions to this campaign")]
    SuggestionLimit { max: u32 },
    #[error("cannot {action} a suggestion that is {}", from.replace('_', " "))]
    SuggestionState { from: &'static str, action: &'static str },
    /// The message cannot be in the case library (not on the board, or not answered).
    #[error("{0}")]
    NotACase(&'static str),
}
