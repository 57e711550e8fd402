use liuyan_domain::DomainError;
use sea_orm::DbErr;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(transparent)]
    Domain(#[from] DomainError),
    /// The thing does not exist, or the caller may not know that it does.
    #[error("{0} not found")]
    NotFound(&'static str),
    /// A uniqueness or state conflict, with a stable code.
    #[error("{message}")]
    Conflict { code: &'static str, message: String },
    /// One input field refers to something that does not fit (an unknown unit, a leader of another region).
    #[error("{message}")]
    InvalidField { field: &'static str, code: &'static str, message: String },
    /// Not allowed, for a reason outside a message's state machine.
    #[error("{0}")]
    Forbidden(String),
    #[error("login or password is wrong")]
    InvalidCredentials,
    #[error("this account is disabled")]
    AccountDisabled,
    #[error("the refresh token is invalid, expired or revoked")]
    InvalidRefreshToken,
    #[error(transparent)]
    Db(#[from] DbErr),
}

impl StoreError {
    pub fn invalid(field: &'static str, code: &'static str, message: impl Into<String>) -> Self {
        StoreError::InvalidField { field, code, message: message.into() }
    }

    pub fn conflict(code: &'static str, message: impl Into<String>) -> Self {
        StoreError::Conflict { code, message: message.into() }
    }
}

pub type StoreResult<T> = Result<T, StoreError>;

/// Turns a unique-constraint violation into a conflict with `code`; passes other errors through.
pub(crate) fn unique_violation(err: DbErr, code: &'static str, message: &str) -> StoreError {
    match err.sql_err() {
        Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) => StoreError::conflict(code, message),
        _ => StoreError::Db(err),
    }
}
