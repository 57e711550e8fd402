//! Pieces the screens share.

pub mod feedback;
pub mod form;
pub mod message_list;
pub mod paged;
pub mod pickers;
