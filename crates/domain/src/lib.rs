//! The rules of Liuyan: what a message, reply and rating are, who may move a message from one state to
//! another, and the checks on what people type. Plain Rust: no web, database or runtime imports.

pub mod account;
pub mod calendar;
pub mod campaign;
pub mod case;
pub mod error;
pub mod limits;
pub mod masking;
pub mod message;
pub mod notify;
pub mod password;
pub mod routing;
pub mod search;
pub mod sla;
pub mod spreadsheet;
pub mod stats;
pub mod supervision;
pub mod text;
pub mod uscc;
pub mod webhook;
pub mod words;

pub use account::{Actor, Role};
pub use error::DomainError;
pub use message::{
    Action, Audience, Domain, EventKind, MessageFacts, MessageStatus, MessageType, Priority, ReplyStatus, Satisfaction,
    Transition, Visibility,
};
