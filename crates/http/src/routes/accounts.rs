//! Registration, sessions, the caller's own account, and staff accounts (admin).

use actix_web::{HttpRequest, HttpResponse, get, patch, post, web};
use liuyan_domain::limits::RetryAfter;
use liuyan_domain::password::check_password;
use liuyan_domain::{Role, account::check_registration};
use liuyan_persistence::accounts::{self, Account, AccountChanges, NewAccount};
use liuyan_persistence::limits as login_limits;

use crate::auth::{Auth, hash_password, random_token, verify_password};
use crate::dto::{
    AccountListQuery, AccountPage, AccountView, CreateStaffRequest, LoginRequest, RefreshRequest, RegisterRequest,
    TokenResponse, UpdateAccountRequest, UpdateMeRequest,
};
use crate::error::{ApiError, ApiResult, BadRequest, Conflict, Forbidden, NotFound, Unauthorized, Unprocessable};
use crate::extract::{ValidJson, decode_cursor, encode_cursor, page_limit};
use crate::security::client_of;
use crate::state::AppState;

async fn session_for(state: &AppState, account: Account) -> ApiResult<TokenResponse> {
    let refresh_token = random_token();
    let family = random_token();
    let expires = liuyan_persistence::now() + chrono::Duration::seconds(state.keys.refresh_ttl_secs);
    accounts::start_session(&state.db, account.id, &family, &refresh_token, expires).await?;
    tokens(state, account, &family, refresh_token)
}

fn tokens(state: &AppState, account: Account, family: &str, refresh_token: String) -> ApiResult<TokenResponse> {
    Ok(TokenResponse {
        access_token: state.keys.access_token(&account, family)?,
        token_type: "Bearer".into(),
        expires_in: state.keys.access_ttl_secs,
        refresh_token,
        account: account.into(),
    })
}

/// The password policy (`liuyan_domain::password`), as a field error on `password`. `personal` is what
/// the account is known by.
fn password_policy(password: &str, personal: &[Option<&str>]) -> ApiResult<()> {
    let personal: Vec<&str> = personal.iter().flatten().copied().collect();
    check_password(password, &personal).map_err(|p| ApiError::field("password", p.code(), p.message()))
}

fn trimmed(s: Option<String>) -> Option<String> {
    s.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty())
}

/// Register as a citizen (phone or e-mail) or an enterprise (name and unified social credit code).
/// Answers with a session, as a login would.
#[utoipa::path(tag = "accounts", request_body = RegisterRequest, responses(
    (status = 201, description = "Registered and logged in", body = TokenResponse),
    (status = 400, response = BadRequest),
    (status = 409, response = Conflict),
    (status = 422, response = Unprocessable),
))]
#[post("/auth/register")]
pub async fn register(state: web::Data<AppState>, body: ValidJson<RegisterRequest>) -> ApiResult<HttpResponse> {
    let r = body.0;
    let phone = trimmed(r.phone);
    let email = trimmed(r.email).map(|e| e.to_lowercase());
    let enterprise_name = trimmed(r.enterprise_name);
    let uscc = r.uscc.as_deref().and_then(|u| liuyan_domain::uscc::parse(u).ok());
    check_registration(r.role, phone.is_some(), email.is_some(), enterprise_name.is_some(), uscc.is_some())
        .map_err(|(field, code)| ApiError::field(field, code, registration_message(field, code)))?;
    password_policy(
        &r.password,
        &[phone.as_deref(), email.as_deref(), enterprise_name.as_deref(), uscc.as_deref(), r.display_name.as_deref()],
    )?;
    let display_name = trimmed(r.display_name)
        .or_else(|| enterprise_name.clone())
        .unwrap_or_else(|| if r.role == Role::Enterprise { "企业用户".into() } else { "网友".into() });
    let account = accounts::create(
        &state.db,
        NewAccount {
            role: r.role,
            display_name,
            username: None,
            phone,
            email,
            enterprise_name,
            uscc,
            password_hash: hash_password(r.password).await?,
            unit_id: None,
            leader_id: None,
            can_run_campaigns: false,
        },
    )
    .await?;
    Ok(no_store(HttpResponse::Created()).json(session_for(&state, account).await?))
}

fn registration_message(field: &str, code: &str) -> String {
    match (field, code) {
        ("phone", _) => "a citizen registers with a phone number or an e-mail address".into(),
        ("role", _) => "only citizens and enterprises register themselves; staff accounts come from an admin".into(),
        (field, _) => format!("{field} is required for an enterprise"),
    }
}

/// Log in with a phone, e-mail, credit code or staff username.
#[utoipa::path(tag = "accounts", request_body = LoginRequest, responses(
    (status = 200, description = "Logged in", body = TokenResponse),
    (status = 400, response = BadRequest),
    (status = 401, response = Unauthorized),
    (status = 403, response = Forbidden),
    (status = 422, response = Unprocessable),
))]
#[post("/auth/login")]
pub async fn login(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: ValidJson<LoginRequest>,
) -> ApiResult<HttpResponse> {
    let LoginRequest { login, password } = body.0;
    let account = accounts::find_by_login(&state.db, &login).await?;
    let limits = &state.protection.limits;
    // Counted by account when the login names one (whichever of its names is used), else by the name:
    // both behave alike, so the lock tells nothing about which names exist.
    let account_key = match &account {
        Some(a) => format!("login:account:{}", a.id),
        None => format!("login:{}", login_limits::login_name_key(&login)),
    };
    let ip_key = format!("login:ip:{}", client_of(&req, &state.protection));
    if let Some(lockout) = limits.lockout_ip {
        login_limits::login_locked(&state.db, &ip_key, lockout).await?.map_err(locked)?;
    }
    if let Some(lockout) = limits.lockout_account {
        login_limits::begin_login_attempt(&state.db, &account_key, lockout).await?.map_err(locked)?;
    }
    let verified = match &account {
        Some(a) => verify_password(password, a.password_hash.clone()).await,
        None => {
            // Spend the same time as a wrong password, so logins cannot be probed by timing.
            let _ = verify_password(password, DUMMY_HASH.into()).await;
            false
        }
    };
    let Some(account) = account.filter(|_| verified) else {
        if let Some(lockout) = limits.lockout_ip {
            login_limits::record_login_failure(&state.db, &ip_key, lockout).await?;
        }
        return Err(liuyan_persistence::StoreError::InvalidCredentials.into());
    };
    if limits.lockout_account.is_some() {
        login_limits::clear_login_failures(&state.db, &account_key).await?;
    }
    if account.disabled {
        return Err(liuyan_persistence::StoreError::AccountDisabled.into());
    }
    Ok(no_store(HttpResponse::Ok()).json(session_for(&state, account).await?))
}

fn locked(wait: RetryAfter) -> ApiError {
    let minutes = (wait.seconds() + 59) / 60;
    ApiError::TooManyRequests {
        code: "login_locked",
        detail: format!("too many wrong passwords; logging in is locked for {minutes} more minute(s)"),
        retry_after: wait.seconds(),
    }
}

/// Token answers must never be kept by a cache.
fn no_store(mut res: actix_web::HttpResponseBuilder) -> actix_web::HttpResponseBuilder {
    res.insert_header((actix_web::http::header::CACHE_CONTROL, "no-store"));
    res.insert_header((actix_web::http::header::PRAGMA, "no-cache"));
    res
}

/// An argon2 hash of a random string, verified against when the login names no account.
const DUMMY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$Xn2b0Iu1B0lNoD1bKk3Vz5m3Fz1Jm3b1lQ3cQm0Yk5w";

/// Exchange a refresh token for a new access token and a new refresh token. Each refresh token works
/// once; presenting a spent one revokes every token of that login.
#[utoipa::path(tag = "accounts", request_body = RefreshRequest, responses(
    (status = 200, description = "A new pair", body = TokenResponse),
    (status = 400, response = BadRequest),
    (status = 401, response = Unauthorized),
    (status = 403, response = Forbidden),
    (status = 422, response = Unprocessable),
))]
#[post("/auth/refresh")]
pub async fn refresh(state: web::Data<AppState>, body: ValidJson<RefreshRequest>) -> ApiResult<HttpResponse> {
    let replacement = random_token();
    let expires = liuyan_persistence::now() + chrono::Duration::seconds(state.keys.refresh_ttl_secs);
    let (account, family) =
        accounts::rotate_refresh_token(&state.db, &body.0.refresh_token, &replacement, expires).await?;
    Ok(no_store(HttpResponse::Ok()).json(tokens(&state, account, &family, replacement)?))
}

/// Log out: revokes the refresh token and every token rotated from the same login; the login's access
/// tokens stop working at once.
#[utoipa::path(tag = "accounts", request_body = RefreshRequest, responses(
    (status = 204, description = "Logged out"),
    (status = 400, response = BadRequest),
    (status = 422, response = Unprocessable),
))]
#[post("/auth/logout")]
pub async fn logout(state: web::Data<AppState>, body: ValidJson<RefreshRequest>) -> ApiResult<HttpResponse> {
    accounts::revoke_refresh_token(&state.db, &body.0.refresh_token).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The caller's account.
#[utoipa::path(tag = "accounts", security(("bearer" = [])), responses(
    (status = 200, description = "The account", body = AccountView),
    (status = 401, response = Unauthorized),
))]
#[get("/me")]
pub async fn me(state: web::Data<AppState>, auth: Auth) -> ApiResult<web::Json<AccountView>> {
    Ok(web::Json(accounts::get(&state.db, auth.0.account_id).await?.into()))
}

/// Change the caller's name, phone, e-mail or password (the password needs the current one).
#[utoipa::path(tag = "accounts", security(("bearer" = [])), request_body = UpdateMeRequest, responses(
    (status = 200, description = "Updated", body = AccountView),
    (status = 400, response = BadRequest),
    (status = 401, response = Unauthorized),
    (status = 409, response = Conflict),
    (status = 422, response = Unprocessable),
))]
#[patch("/me")]
pub async fn update_me(
    state: web::Data<AppState>,
    auth: Auth,
    body: ValidJson<UpdateMeRequest>,
) -> ApiResult<web::Json<AccountView>> {
    let r = body.0;
    let current = accounts::get(&state.db, auth.0.account_id).await?;
    let password_hash = match r.password {
        None => None,
        Some(new) => {
            let current_ok = match r.current_password {
                Some(given) => verify_password(given, current.password_hash.clone()).await,
                None => false,
            };
            if !current_ok {
                return Err(ApiError::field(
                    "current_password",
                    "mismatch",
                    "the current password is needed and must be right",
                ));
            }
            password_policy(
                &new,
                &[
                    current.phone.as_deref(),
                    r.phone.as_deref(),
                    current.email.as_deref(),
                    r.email.as_deref(),
                    current.username.as_deref(),
                    Some(&current.display_name),
                    r.display_name.as_deref(),
                    current.enterprise_name.as_deref(),
                    current.uscc.as_deref(),
                ],
            )?;
            Some(hash_password(new).await?)
        }
    };
    let changes = AccountChanges {
        display_name: trimmed(r.display_name),
        phone: trimmed(r.phone),
        email: trimmed(r.email).map(|e| e.to_lowercase()),
        password_hash,
        disabled: None,
        can_run_campaigns: None,
        unit_id: None,
        leader_id: None,
    };
    Ok(web::Json(accounts::update(&state.db, current.id, changes).await?.into()))
}

/// Create a staff account: unit staff (with `unit_id`), leader office (with `leader_id`), moderator or admin.
#[utoipa::path(tag = "admin", security(("bearer" = [])), request_body = CreateStaffRequest, responses(
    (status = 201, description = "Created", body = AccountView),
    (status = 400, response = BadRequest),
    (status = 401, response = Unauthorized),
    (status = 403, response = Forbidden),
    (status = 409, response = Conflict),
    (status = 422, response = Unprocessable),
))]
#[post("/admin/accounts")]
pub async fn create_account(
    state: web::Data<AppState>,
    auth: Auth,
    body: ValidJson<CreateStaffRequest>,
) -> ApiResult<HttpResponse> {
    auth.require(&[Role::Admin])?;
    let r = body.0;
    if !r.role.is_staff() {
        return Err(ApiError::field("role", "not_staff", "citizens and enterprises register themselves"));
    }
    password_policy(&r.password, &[Some(&r.username), r.email.as_deref(), Some(&r.display_name)])?;
    let account = accounts::create(
        &state.db,
        NewAccount {
            role: r.role,
            display_name: r.display_name.trim().to_owned(),
            username: Some(r.username),
            phone: None,
            email: trimmed(r.email).map(|e| e.to_lowercase()),
            enterprise_name: None,
            uscc: None,
            password_hash: hash_password(r.password).await?,
            unit_id: r.unit_id,
            leader_id: r.leader_id,
            can_run_campaigns: r.can_run_campaigns,
        },
    )
    .await?;
    Ok(HttpResponse::Created().json(AccountView::from(account)))
}

/// List accounts, optionally of one role.
#[utoipa::path(tag = "admin", security(("bearer" = [])), params(AccountListQuery), responses(
    (status = 200, description = "A page of accounts", body = AccountPage),
    (status = 400, response = BadRequest),
    (status = 401, response = Unauthorized),
    (status = 403, response = Forbidden),
))]
#[get("/admin/accounts")]
pub async fn list_accounts(
    state: web::Data<AppState>,
    auth: Auth,
    q: web::Query<AccountListQuery>,
) -> ApiResult<web::Json<AccountPage>> {
    auth.require(&[Role::Admin])?;
    let page = accounts::list(&state.db, q.role, decode_cursor(q.cursor.as_deref())?, page_limit(q.limit)?).await?;
    Ok(web::Json(AccountPage {
        items: page.items.into_iter().map(Into::into).collect(),
        next_cursor: page.next_after.map(encode_cursor),
    }))
}

/// Rename, disable/enable or reset the password of an account.
#[utoipa::path(tag = "admin", security(("bearer" = [])), params(("id" = i64, Path)), request_body = UpdateAccountRequest, responses(
    (status = 200, description = "Updated", body = AccountView),
    (status = 400, response = BadRequest),
    (status = 401, response = Unauthorized),
    (status = 403, response = Forbidden),
    (status = 404, response = NotFound),
    (status = 422, response = Unprocessable),
))]
#[patch("/admin/accounts/{id}")]
pub async fn update_account(
    state: web::Data<AppState>,
    auth: Auth,
    id: web::Path<i64>,
    body: ValidJson<UpdateAccountRequest>,
) -> ApiResult<web::Json<AccountView>> {
    auth.require(&[Role::Admin])?;
    let r = body.0;
    let password_hash = match r.password {
        Some(p) => {
            let a = accounts::get(&state.db, *id).await?;
            password_policy(
                &p,
                &[
                    a.phone.as_deref(),
                    a.email.as_deref(),
                    a.username.as_deref(),
                    Some(&a.display_name),
                    a.enterprise_name.as_deref(),
                    a.uscc.as_deref(),
                ],
            )?;
            Some(hash_password(p).await?)
        }
        None => None,
    };
    let changes = AccountChanges {
        display_name: trimmed(r.display_name),
        disabled: r.disabled,
        can_run_campaigns: r.can_run_campaigns,
        password_hash,
        unit_id: r.unit_id,
        leader_id: r.leader_id,
        ..Default::default()
    };
    Ok(web::Json(accounts::update(&state.db, *id, changes).await?.into()))
}
