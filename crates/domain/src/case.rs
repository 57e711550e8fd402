//! The case library (精选案例): answered public messages that moderators hold up as examples of good
//! handling, each with a note saying what was done well. The public reads them as a list; a case is a
//! message already on the board, so it shows only what the board shows (masked text, published
//! replies).

use crate::account::Role;
use crate::error::DomainError;
use crate::message::MessageStatus;

/// The longest note: a paragraph, not an article.
pub const NOTE_MAX_CHARS: usize = 500;

/// Who keeps the library: the platform's moderators (and admins, who may do what they do).
pub fn may_curate(role: Role) -> bool {
    matches!(role, Role::Moderator | Role::Admin)
}

/// What decides whether a message can be a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CaseFacts {
    pub status: MessageStatus,
    pub is_public: bool,
    /// A reply has been published.
    pub answered: bool,
}

/// A case must be on the public board and answered: an example of handling needs its handling.
pub fn check_featurable(f: CaseFacts) -> Result<(), DomainError> {
    if !f.is_public || !f.status.is_listed() {
        return Err(DomainError::NotACase("only public messages on the board can be featured"));
    }
    if !f.answered {
        return Err(DomainError::NotACase("only answered messages can be featured"));
    }
    Ok(())
}

/// Why a note was refused, for the field error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoteError {
    Blank,
    TooLong,
}

/// The note as kept: trimmed, not blank, at most `NOTE_MAX_CHARS`.
pub fn clean_note(note: &str) -> Result<String, NoteError> {
    let note = note.trim();
    if note.is_empty() {
        return Err(NoteError::Blank);
    }
    if note.chars().count() > NOTE_MAX_CHARS {
        return Err(NoteError::TooLong);
    }
    Ok(note.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts() -> CaseFacts {
        CaseFacts { status: MessageStatus::Closed, is_public: true, answered: true }
    }

    #[test]
    fn only_answered_public_messages_on_the_board_are_cases() {
        assert!(check_featurable(facts()).is_ok());
        assert!(check_featurable(CaseFacts { status: MessageStatus::Replied, ..facts() }).is_ok());
        assert!(check_featurable(CaseFacts { is_public: false, ..facts() }).is_err());
        assert!(check_featurable(CaseFacts { answered: false, status: MessageStatus::Accepted, ..facts() }).is_err());
        assert!(check_featurable(CaseFacts { status: MessageStatus::Rejected, answered: false, ..facts() }).is_err());
    }

    #[test]
    fn moderators_and_admins_curate() {
        for role in Role::ALL {
            assert_eq!(may_curate(role), matches!(role, Role::Moderator | Role::Admin), "{role:?}");
        }
    }

    #[test]
    fn notes_are_trimmed_and_bounded() {
        assert_eq!(clean_note("  答复及时、措施具体。 "), Ok("答复及时、措施具体。".to_owned()));
        assert_eq!(clean_note("   "), Err(NoteError::Blank));
        assert_eq!(clean_note(&"好".repeat(NOTE_MAX_CHARS)).map(|n| n.chars().count()), Ok(NOTE_MAX_CHARS));
        assert_eq!(clean_note(&"好".repeat(NOTE_MAX_CHARS + 1)), Err(NoteError::TooLong));
    }
}
