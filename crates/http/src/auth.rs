//! Access tokens (short-lived JWTs), refresh tokens (opaque, rotated, stored hashed), passwords (argon2),
//! and the extractors that turn a bearer token into an [`Actor`].

use std::future::Future;
use std::pin::Pin;

use actix_web::{FromRequest, HttpRequest, dev::Payload, web};
use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use base64::Engine;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use liuyan_domain::{Actor, Role};
use liuyan_persistence::accounts::Account;
use rand::RngCore;
use serde::{Deserialize, Serialize};

use crate::error::ApiError;
use crate::state::AppState;

#[derive(Clone)]
pub struct AuthKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    pub access_ttl_secs: i64,
    pub refresh_ttl_secs: i64,
}

#[derive(Debug, Serialize, Deserialize)]
struct Claims {
    sub: String,
    role: Role,
    #[serde(skip_serializing_if = "Option::is_none")]
    unit: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    leader: Option<i64>,
    /// The account's session version when the token was issued; a bump ends the token.
    sv: i64,
    /// The login (refresh-token family) it belongs to; logging out ends it.
    sid: String,
    iat: i64,
    exp: i64,
}

/// What a valid signature vouches for: whose token it is, and under which session version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenClaims {
    pub account_id: i64,
    pub session_version: i64,
    pub session: String,
}

impl AuthKeys {
    pub fn new(secret: &[u8], access_ttl_secs: i64, refresh_ttl_secs: i64) -> Self {
        AuthKeys {
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
            access_ttl_secs,
            refresh_ttl_secs,
        }
    }

    /// An access token of `account` for the login `session` (its refresh-token family).
    pub fn access_token(&self, account: &Account, session: &str) -> Result<String, ApiError> {
        let now = chrono::Utc::now().timestamp();
        let claims = Claims {
            sub: account.id.to_string(),
            role: account.role(),
            unit: account.unit_id,
            leader: account.leader_id,
            sv: account.session_version,
            sid: session.to_owned(),
            iat: now,
            exp: now + self.access_ttl_secs,
        };
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
            .map_err(|e| ApiError::Internal(e.to_string()))
    }

    /// Checks the signature and expiry only; [`authenticate`] also asks the database.
    pub fn verify(&self, token: &str) -> Result<TokenClaims, ApiError> {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.leeway = 5;
        let data = jsonwebtoken::decode::<Claims>(token, &self.decoding, &validation).map_err(|e| match e.kind() {
            jsonwebtoken::errors::ErrorKind::ExpiredSignature => {
                ApiError::Unauthorized("token_expired", "the access token has expired; refresh it".into())
            }
            _ => invalid_token("the access token is invalid"),
        })?;
        let c = data.claims;
        let account_id = c.sub.parse().map_err(|_| invalid_token("the access token is invalid"))?;
        Ok(TokenClaims { account_id, session_version: c.sv, session: c.sid })
    }
}

fn invalid_token(detail: &str) -> ApiError {
    ApiError::Unauthorized("invalid_token", detail.into())
}

/// The actor a token stands for, as the account is now: one read on every authenticated request (the
/// account by its key, and whether the token's login was ended), so a disabled account, moved staff, a
/// changed password and a logout end earlier tokens at once, on every instance.
pub async fn authenticate(state: &AppState, token: &str) -> Result<Actor, ApiError> {
    let claims = state.keys.verify(token)?;
    let session = liuyan_persistence::accounts::session_state(&state.db, claims.account_id, &claims.session)
        .await?
        .ok_or_else(|| invalid_token("the access token's account no longer exists"))?;
    if session.disabled {
        return Err(ApiError::Forbidden("account_disabled", "this account is disabled".into()));
    }
    if session.session_version != claims.session_version || session.logged_out {
        return Err(invalid_token("this session has ended (the account changed); log in again"));
    }
    Ok(session.actor)
}

/// 32 random bytes, URL-safe: a refresh token, or a generated signing secret.
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// An argon2id hash in PHC string form.
pub fn hash_password_sync(password: &str) -> Result<String, String> {
    let salt = SaltString::generate(&mut argon2::password_hash::rand_core::OsRng);
    Argon2::default().hash_password(password.as_bytes(), &salt).map(|h| h.to_string()).map_err(|e| e.to_string())
}

/// Hashing is deliberately slow, so it runs off the async workers.
pub async fn hash_password(password: String) -> Result<String, ApiError> {
    web::block(move || hash_password_sync(&password))
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))?
        .map_err(ApiError::Internal)
}

pub async fn verify_password(password: String, hash: String) -> bool {
    web::block(move || {
        PasswordHash::new(&hash)
            .is_ok_and(|parsed| Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
    })
    .await
    .unwrap_or(false)
}

type AuthFuture<T> = Pin<Box<dyn Future<Output = Result<T, ApiError>>>>;

/// The bearer token of a request, if it sent one; a malformed `Authorization` header is a 401.
fn bearer_token(req: &HttpRequest) -> Result<Option<String>, ApiError> {
    let Some(header) = req.headers().get(actix_web::http::header::AUTHORIZATION) else {
        return Ok(None);
    };
    header
        .to_str()
        .ok()
        .and_then(|h| h.strip_prefix("Bearer ").or_else(|| h.strip_prefix("bearer ")))
        .map(|t| Some(t.trim().to_owned()))
        .ok_or_else(|| invalid_token("expected `Authorization: Bearer <token>`"))
}

fn bearer(req: &HttpRequest) -> AuthFuture<Option<Actor>> {
    let token = bearer_token(req);
    let state = req.app_data::<web::Data<AppState>>().cloned();
    Box::pin(async move {
        let Some(token) = token? else { return Ok(None) };
        let state = state.ok_or_else(|| ApiError::Internal("application state missing".into()))?;
        authenticate(&state, &token).await.map(Some)
    })
}

/// The authenticated caller; requests without a valid bearer token get 401.
pub struct Auth(pub Actor);

impl FromRequest for Auth {
    type Error = ApiError;
    type Future = AuthFuture<Self>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let actor = bearer(req);
        Box::pin(async move {
            actor
                .await?
                .map(Auth)
                .ok_or_else(|| ApiError::Unauthorized("unauthenticated", "this needs a bearer access token".into()))
        })
    }
}

/// The caller if a token was sent. A token that is sent but invalid is still a 401, so that an expired
/// session is noticed rather than silently shown the public view.
pub struct MaybeAuth(pub Option<Actor>);

impl FromRequest for MaybeAuth {
    type Error = ApiError;
    type Future = AuthFuture<Self>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let actor = bearer(req);
        Box::pin(async move { actor.await.map(MaybeAuth) })
    }
}

impl Auth {
    pub fn require(&self, roles: &[Role]) -> Result<&Actor, ApiError> {
        if roles.contains(&self.0.role) {
            Ok(&self.0)
        } else {
            Err(ApiError::forbidden(format!(
                "this needs one of the roles: {}",
                roles.iter().map(|r| r.as_str()).collect::<Vec<_>>().join(", ")
            )))
        }
    }
}
