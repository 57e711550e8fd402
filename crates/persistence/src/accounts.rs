//! Accounts, refresh tokens and instance-wide settings.

use chrono::{DateTime, Utc};
use liuyan_domain::{Actor, Role, account::binding_is_valid};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait, IntoActiveModel,
    QueryFilter, QueryOrder, QuerySelect, sea_query::OnConflict,
};
use sha2::{Digest, Sha256};

use crate::entities::{account, refresh_token, setting};
use crate::error::{StoreResult, unique_violation};
use crate::{Db, Page, StoreError, now, reference};

pub use crate::entities::account::Model as Account;

impl Account {
    pub fn role(&self) -> Role {
        // Roles are only ever written from `Role::as_str`.
        Role::parse(&self.role).unwrap_or(Role::Citizen)
    }

    pub fn actor(&self) -> Actor {
        Actor { account_id: self.id, role: self.role(), unit_id: self.unit_id, leader_id: self.leader_id }
    }
}

/// A self-registered writer: a citizen or an enterprise.
#[derive(Debug, Clone)]
pub struct NewAccount {
    pub role: Role,
    pub display_name: String,
    pub username: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub enterprise_name: Option<String>,
    pub uscc: Option<String>,
    pub password_hash: String,
    pub unit_id: Option<i64>,
    pub leader_id: Option<i64>,
    /// For unit staff: may run suggestion campaigns for the unit.
    pub can_run_campaigns: bool,
}

/// A staff account's binding must suit its role (domain rule) and name an existing unit or leader.
async fn check_binding(
    conn: &impl ConnectionTrait,
    role: Role,
    unit_id: Option<i64>,
    leader_id: Option<i64>,
) -> StoreResult<()> {
    if !binding_is_valid(role, unit_id, leader_id) {
        let field = if role == Role::LeaderOffice { "leader_id" } else { "unit_id" };
        return Err(StoreError::invalid(field, "binding", format!("a {role} account needs exactly its own binding")));
    }
    if let Some(unit_id) = unit_id {
        reference::get_unit(conn, unit_id)
            .await
            .map_err(|_| StoreError::invalid("unit_id", "unknown", "no such unit"))?;
    }
    if let Some(leader_id) = leader_id {
        reference::get_leader(conn, leader_id)
            .await
            .map_err(|_| StoreError::invalid("leader_id", "unknown", "no such leader"))?;
    }
    Ok(())
}

/// Creates an account. Staff bindings are checked against the role and against existing units/leaders.
pub async fn create(db: &Db, new: NewAccount) -> StoreResult<Account> {
    if new.can_run_campaigns && new.role != Role::UnitStaff {
        return Err(campaign_right_for_unit_staff_only());
    }
    let txn = db.begin_write().await?;
    check_binding(&txn, new.role, new.unit_id, new.leader_id).await?;
    for (field, column, value) in [
        ("username", account::Column::Username, &new.username),
        ("phone", account::Column::Phone, &new.phone),
        ("email", account::Column::Email, &new.email),
        ("uscc", account::Column::Uscc, &new.uscc),
    ] {
        if let Some(value) = value
            && account::Entity::find().filter(column.eq(value.as_str())).one(&txn).await?.is_some()
        {
            return Err(StoreError::Conflict {
                code: "account_exists",
                message: format!("an account with this {field} already exists"),
            });
        }
    }
    let at = now();
    let model = account::ActiveModel {
        role: Set(new.role.as_str().to_owned()),
        display_name: Set(new.display_name),
        username: Set(new.username),
        phone: Set(new.phone),
        email: Set(new.email),
        enterprise_name: Set(new.enterprise_name),
        uscc: Set(new.uscc),
        password_hash: Set(new.password_hash),
        unit_id: Set(new.unit_id),
        leader_id: Set(new.leader_id),
        disabled: Set(false),
        can_run_campaigns: Set(new.can_run_campaigns),
        session_version: Set(0),
        created_at: Set(at),
        updated_at: Set(at),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(|e| unique_violation(e, "account_exists", "an account with these details already exists"))?;
    txn.commit().await?;
    Ok(model)
}

pub async fn get(db: &Db, id: i64) -> StoreResult<Account> {
    account::Entity::find_by_id(id).one(&db.read).await?.ok_or(StoreError::NotFound("account"))
}

/// Finds the account a login names: a phone number, an e-mail address, a credit code or a staff username.
pub async fn find_by_login(db: &Db, login: &str) -> StoreResult<Option<Account>> {
    let login = login.trim();
    let cond = Condition::any()
        .add(account::Column::Phone.eq(login))
        .add(account::Column::Email.eq(login.to_lowercase()))
        .add(account::Column::Uscc.eq(login.to_uppercase()))
        .add(account::Column::Username.eq(login));
    Ok(account::Entity::find().filter(cond).one(&db.read).await?)
}

/// What an authenticated request needs to know of its account, read on every request: whether the
/// token's session still holds, and the role and binding as they are now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionState {
    pub actor: Actor,
    pub disabled: bool,
    pub session_version: i64,
    /// The token's login was ended (logout, or its refresh token was replayed).
    pub logged_out: bool,
}

/// One statement: the account by its key, and one probe of `refresh_tokens(family, revoked_at)`.
pub async fn session_state(db: &Db, id: i64, family: &str) -> StoreResult<Option<SessionState>> {
    let backend = db.backend();
    let sql = if backend == sea_orm::DatabaseBackend::Postgres {
        "SELECT role, unit_id, leader_id, disabled, session_version, EXISTS (SELECT 1 FROM refresh_tokens \
         WHERE family = $2 AND revoked_at IS NOT NULL) AS logged_out FROM accounts WHERE id = $1"
    } else {
        "SELECT role, unit_id, leader_id, disabled, session_version, EXISTS (SELECT 1 FROM refresh_tokens \
         WHERE family = ?2 AND revoked_at IS NOT NULL) AS logged_out FROM accounts WHERE id = ?1"
    };
    let Some(row) = db
        .read
        .query_one_raw(sea_orm::Statement::from_sql_and_values(backend, sql, [id.into(), family.into()]))
        .await?
    else {
        return Ok(None);
    };
    let role: String = row.try_get_by_index(0)?;
    let role = Role::parse(&role)
        .ok_or_else(|| StoreError::Db(sea_orm::DbErr::Custom(format!("unknown role {role:?} of account {id}"))))?;
    Ok(Some(SessionState {
        actor: Actor { account_id: id, role, unit_id: row.try_get_by_index(1)?, leader_id: row.try_get_by_index(2)? },
        disabled: row.try_get_by_index(3)?,
        session_version: row.try_get_by_index(4)?,
        logged_out: row.try_get_by_index(5)?,
    }))
}

#[derive(Debug, Default, Clone)]
pub struct AccountChanges {
    pub display_name: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub password_hash: Option<String>,
    pub disabled: Option<bool>,
    pub can_run_campaigns: Option<bool>,
    /// Moves unit staff to another unit.
    pub unit_id: Option<i64>,
    /// Moves a leader's office account to another leader.
    pub leader_id: Option<i64>,
}

fn campaign_right_for_unit_staff_only() -> StoreError {
    StoreError::invalid(
        "can_run_campaigns",
        "not_unit_staff",
        "only unit staff are given this right; leader offices always run their leader's campaigns",
    )
}

pub async fn update(db: &Db, id: i64, changes: AccountChanges) -> StoreResult<Account> {
    let txn = db.begin_write().await?;
    let current = account::Entity::find_by_id(id).one(&txn).await?.ok_or(StoreError::NotFound("account"))?;
    let current_role = current.role();
    let (unit_id, leader_id) = (changes.unit_id.or(current.unit_id), changes.leader_id.or(current.leader_id));
    let rebinding = changes.unit_id.is_some() || changes.leader_id.is_some();
    if rebinding {
        check_binding(&txn, current.role(), unit_id, leader_id).await?;
    }
    // The campaign right was given for one unit: it does not follow the person to another.
    let moved_unit = rebinding && unit_id != current.unit_id;
    let moved = moved_unit || (rebinding && leader_id != current.leader_id);
    let disabling = changes.disabled == Some(true) && !current.disabled;
    let new_password = changes.password_hash.is_some();
    // Whoever held a session before must not keep what this change takes away.
    let end_sessions = moved || disabling || new_password;
    let session_version = current.session_version;
    let mut model = current.into_active_model();
    if rebinding {
        model.unit_id = Set(unit_id);
        model.leader_id = Set(leader_id);
    }
    if moved_unit {
        model.can_run_campaigns = Set(false);
    }
    if let Some(v) = changes.display_name {
        model.display_name = Set(v);
    }
    if let Some(v) = changes.phone {
        model.phone = Set(Some(v));
    }
    if let Some(v) = changes.email {
        model.email = Set(Some(v));
    }
    if let Some(v) = changes.password_hash {
        model.password_hash = Set(v);
    }
    if let Some(v) = changes.disabled {
        model.disabled = Set(v);
    }
    if let Some(v) = changes.can_run_campaigns {
        if v && current_role != Role::UnitStaff {
            return Err(campaign_right_for_unit_staff_only());
        }
        model.can_run_campaigns = Set(v);
    }
    if end_sessions {
        model.session_version = Set(session_version + 1);
    }
    model.updated_at = Set(now());
    let saved = model
        .update(&txn)
        .await
        .map_err(|e| unique_violation(e, "account_exists", "another account already uses this phone or e-mail"))?;
    // A disabled account and a changed password end every session; moved staff keep theirs, and their
    // next refresh gives a token for the new unit.
    if disabling || new_password {
        revoke_all_refresh_tokens(&txn, id).await?;
    }
    txn.commit().await?;
    Ok(saved)
}

pub async fn list(db: &Db, role: Option<Role>, after: Option<i64>, limit: u64) -> StoreResult<Page<Account>> {
    let mut q = account::Entity::find().order_by_asc(account::Column::Id);
    if let Some(role) = role {
        q = q.filter(account::Column::Role.eq(role.as_str()));
    }
    if let Some(after) = after {
        q = q.filter(account::Column::Id.gt(after));
    }
    let mut items = q.limit(limit + 1).all(&db.read).await?;
    let next_after = (items.len() as u64 > limit).then(|| {
        items.truncate(limit as usize);
        items.last().map(|a| a.id)
    });
    Ok(Page { items, next_after: next_after.flatten() })
}

fn token_hash(raw: &str) -> String {
    hex::encode(Sha256::digest(raw.as_bytes()))
}

/// Stores a new refresh token (only its hash). A login starts a new family.
pub async fn store_refresh_token(
    conn: &impl sea_orm::ConnectionTrait,
    account_id: i64,
    family: &str,
    raw: &str,
    expires_at: DateTime<Utc>,
) -> StoreResult<()> {
    refresh_token::ActiveModel {
        account_id: Set(account_id),
        family: Set(family.to_owned()),
        token_hash: Set(token_hash(raw)),
        expires_at: Set(expires_at),
        created_at: Set(now()),
        used_at: Set(None),
        revoked_at: Set(None),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    Ok(())
}

pub async fn start_session(
    db: &Db,
    account_id: i64,
    family: &str,
    raw: &str,
    expires_at: DateTime<Utc>,
) -> StoreResult<()> {
    store_refresh_token(&db.write, account_id, family, raw, expires_at).await
}

/// Spends `presented` and stores `replacement` in the same family. A token presented a second time
/// means it leaked: the whole family is revoked and the caller must log in again.
pub async fn rotate_refresh_token(
    db: &Db,
    presented: &str,
    replacement: &str,
    expires_at: DateTime<Utc>,
) -> StoreResult<(Account, String)> {
    let txn = db.begin_write().await?;
    let token = refresh_token::Entity::find()
        .filter(refresh_token::Column::TokenHash.eq(token_hash(presented)))
        .one(&txn)
        .await?
        .ok_or(StoreError::InvalidRefreshToken)?;
    let at = now();
    if token.revoked_at.is_some() || token.expires_at <= at {
        return Err(StoreError::InvalidRefreshToken);
    }
    let spent = refresh_token::Entity::update_many()
        .col_expr(refresh_token::Column::UsedAt, sea_orm::sea_query::Expr::value(at))
        .filter(refresh_token::Column::Id.eq(token.id))
        .filter(refresh_token::Column::UsedAt.is_null())
        .exec(&txn)
        .await?;
    if spent.rows_affected == 0 {
        revoke_family(&txn, &token.family).await?;
        txn.commit().await?;
        return Err(StoreError::InvalidRefreshToken);
    }
    let account =
        account::Entity::find_by_id(token.account_id).one(&txn).await?.ok_or(StoreError::InvalidRefreshToken)?;
    if account.disabled {
        return Err(StoreError::AccountDisabled);
    }
    store_refresh_token(&txn, account.id, &token.family, replacement, expires_at).await?;
    txn.commit().await?;
    Ok((account, token.family))
}

/// Logout: revokes the family of the presented token. Unknown tokens are ignored (logout is idempotent).
pub async fn revoke_refresh_token(db: &Db, presented: &str) -> StoreResult<()> {
    let txn = db.begin_write().await?;
    if let Some(token) = refresh_token::Entity::find()
        .filter(refresh_token::Column::TokenHash.eq(token_hash(presented)))
        .one(&txn)
        .await?
    {
        revoke_family(&txn, &token.family).await?;
    }
    txn.commit().await?;
    Ok(())
}

async fn revoke_family(conn: &impl sea_orm::ConnectionTrait, family: &str) -> StoreResult<()> {
    refresh_token::Entity::update_many()
        .col_expr(refresh_token::Column::RevokedAt, sea_orm::sea_query::Expr::value(now()))
        .filter(refresh_token::Column::Family.eq(family))
        .filter(refresh_token::Column::RevokedAt.is_null())
        .exec(conn)
        .await?;
    Ok(())
}

async fn revoke_all_refresh_tokens(conn: &impl sea_orm::ConnectionTrait, account_id: i64) -> StoreResult<()> {
    refresh_token::Entity::update_many()
        .col_expr(refresh_token::Column::RevokedAt, sea_orm::sea_query::Expr::value(now()))
        .filter(refresh_token::Column::AccountId.eq(account_id))
        .filter(refresh_token::Column::RevokedAt.is_null())
        .exec(conn)
        .await?;
    Ok(())
}

/// Reads an instance-wide setting, storing `init()` first if it is missing. Every API instance on one
/// database sees the same value (the JWT signing key, for one), whichever instance wrote it first.
pub async fn setting_or_init(db: &Db, name: &str, init: impl FnOnce() -> String) -> StoreResult<String> {
    setting::Entity::insert(setting::ActiveModel { name: Set(name.to_owned()), value: Set(init()) })
        .on_conflict(OnConflict::column(setting::Column::Name).do_nothing().to_owned())
        .exec_without_returning(&db.write)
        .await?;
    let row =
        setting::Entity::find_by_id(name.to_owned()).one(&db.write).await?.ok_or(StoreError::NotFound("setting"))?;
    Ok(row.value)
}
