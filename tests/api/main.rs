//! Black-box API tests. Each `async fn(backend)` runs once on SQLite and once on PostgreSQL.

mod accounts;
mod bad_input;
mod campaigns;
mod exports;
mod generator;
mod handling;
mod lifecycle;
mod openapi;
mod permissions;
mod reference;
mod search;
mod stats;
mod webhooks;
