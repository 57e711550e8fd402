//! sea-orm entities, one per table of `migrations/`.

pub mod account;
pub mod calendar_day;
pub mod follow_up;
pub mod idempotency_key;
pub mod instruction;
pub mod joint_reply;
pub mod leader;
pub mod message;
pub mod message_event;
pub mod notification;
pub mod rating;
pub mod refresh_token;
pub mod region;
pub mod reply;
pub mod routing_rule;
pub mod setting;
pub mod sla_rule;
pub mod sla_tier;
pub mod supervision;
pub mod unit;
pub mod webhook_attempt;
pub mod webhook_delivery;
pub mod webhook_endpoint;
