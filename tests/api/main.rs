//! Black-box API tests. Each `async fn(backend)` runs once on SQLite and once on PostgreSQL.

mod abuse;
mod accounts;
mod authorization;
mod bad_input;
mod campaigns;
mod cases;
mod exports;
mod generator;
mod handling;
mod hardening;
mod hot_words;
mod lifecycle;
mod masking;
mod openapi;
mod permissions;
mod reference;
mod search;
mod sessions;
mod stats;
mod webhooks;
