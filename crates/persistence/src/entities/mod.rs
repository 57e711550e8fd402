//! sea-orm entities, one per table of `migrations/`.

pub mod account;
pub mod idempotency_key;
pub mod leader;
pub mod message;
pub mod message_event;
pub mod notification;
pub mod rating;
pub mod refresh_token;
pub mod region;
pub mod reply;
pub mod setting;
pub mod unit;
pub mod webhook_attempt;
pub mod webhook_delivery;
pub mod webhook_endpoint;
