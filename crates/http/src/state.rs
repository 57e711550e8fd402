use liuyan_persistence::Db;

use crate::auth::AuthKeys;

/// What every handler shares. Nothing here is instance-local state that another instance would need:
/// sessions and data live in the database, the signing key is read from it or from the environment.
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub keys: AuthKeys,
}
