//! Black-box API tests. Each `async fn(backend)` runs once on SQLite and once on PostgreSQL.

mod accounts;
mod bad_input;
mod campaigns;
mod cases;
mod exports;
mod generator;
mod handling;
mod hot_words;
mod lifecycle;
mod openapi;
mod permissions;
mod reference;
mod search;
mod stats;
mod webhooks;
