use std::sync::Arc;

use liuyan_persistence::Db;

use crate::auth::AuthKeys;
use crate::security::Protection;

/// What every handler shares. Nothing here is instance-local state that another instance would need:
/// sessions, limits and data live in the database, the signing key is read from it or from the
/// environment.
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub keys: AuthKeys,
    pub protection: Arc<Protection>,
    /// The Content-Security-Policy of the web app's pages (it names the hash of their boot script).
    pub csp: Arc<str>,
}
