//! One error type for the API, turned into `application/problem+json` (RFC 9457) in one place.

use actix_web::{HttpResponse, ResponseError, http::StatusCode};
use liuyan_domain::DomainError;
use liuyan_persistence::StoreError;
use serde::Serialize;
use utoipa::{ToResponse, ToSchema};

/// A problem detail (RFC 9457). `code` is stable and meant for programs; `title` and `detail` for people.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Problem {
    /// A URI naming the problem type: `urn:liuyan:problem:<code>`.
    #[serde(rename = "type")]
    #[schema(example = "urn:liuyan:problem:validation_failed")]
    pub problem_type: String,
    #[schema(example = "The request has invalid fields")]
    pub title: String,
    #[schema(example = 422)]
    pub status: u16,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// Stable machine-readable code, e.g. `validation_failed`, `not_found`, `not_allowed_in_state`.
    #[schema(example = "validation_failed")]
    pub code: String,
    /// Present for validation problems: one entry per offending field.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
    /// For 429 (`rate_limited`, `login_locked`): seconds to wait, as the `Retry-After` header says.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(minimum = 1)]
    pub retry_after: Option<i64>,
}

/// What is wrong with one field of the request.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FieldError {
    /// The field's name as sent (`title`, `body`, a query parameter, or `Idempotency-Key`).
    #[schema(example = "title")]
    pub field: String,
    /// Stable reason: `required`, `length`, `range`, `format`, `unknown`, …
    #[schema(example = "length")]
    pub code: String,
    #[schema(example = "must be between 1 and 100 characters")]
    pub message: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, code: impl Into<String>, message: impl Into<String>) -> Self {
        FieldError { field: field.into(), code: code.into(), message: message.into() }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("{detail}")]
    BadRequest { code: &'static str, detail: String, errors: Vec<FieldError> },
    #[error("the request has invalid fields")]
    Validation(Vec<FieldError>),
    #[error("{1}")]
    Unauthorized(&'static str, String),
    #[error("{1}")]
    Forbidden(&'static str, String),
    #[error("{0} not found")]
    NotFound(String),
    #[error("{1}")]
    Conflict(&'static str, String),
    #[error("{2}")]
    Status(StatusCode, &'static str, String),
    /// Over an abuse limit, or a login locked after wrong passwords; `retry_after` in seconds.
    #[error("{detail}")]
    TooManyRequests { code: &'static str, detail: String, retry_after: i64 },
    /// The request body did not arrive in time; the connection is closed.
    #[error("{0}")]
    RequestTimeout(String),
    #[error("internal error")]
    Internal(String),
}

pub type ApiResult<T> = Result<T, ApiError>;

impl ApiError {
    pub fn bad_request(code: &'static str, detail: impl Into<String>) -> Self {
        ApiError::BadRequest { code, detail: detail.into(), errors: vec![] }
    }

    pub fn field(field: &str, code: &str, message: impl Into<String>) -> Self {
        ApiError::Validation(vec![FieldError::new(field, code, message)])
    }

    pub fn forbidden(detail: impl Into<String>) -> Self {
        ApiError::Forbidden("forbidden", detail.into())
    }

    fn parts(&self) -> (StatusCode, &'static str, &'static str) {
        match self {
            ApiError::BadRequest { code, .. } => (StatusCode::BAD_REQUEST, code, "The request is malformed"),
            ApiError::Validation(_) => {
                (StatusCode::UNPROCESSABLE_ENTITY, "validation_failed", "The request has invalid fields")
            }
            ApiError::Unauthorized(code, _) => (StatusCode::UNAUTHORIZED, code, "Authentication is required"),
            ApiError::Forbidden(code, _) => (StatusCode::FORBIDDEN, code, "Not allowed"),
            ApiError::NotFound(_) => (StatusCode::NOT_FOUND, "not_found", "Not found"),
            ApiError::Conflict(code, _) => (StatusCode::CONFLICT, code, "Conflict with the current state"),
            ApiError::Status(status, code, _) => (*status, code, status.canonical_reason().unwrap_or("Error")),
            ApiError::TooManyRequests { code, .. } => (StatusCode::TOO_MANY_REQUESTS, code, "Too many requests"),
            ApiError::RequestTimeout(_) => {
                (StatusCode::REQUEST_TIMEOUT, "request_timeout", "The request took too long")
            }
            ApiError::Internal(_) => (StatusCode::INTERNAL_SERVER_ERROR, "internal", "Internal server error"),
        }
    }

    pub fn problem(&self) -> Problem {
        let (status, code, title) = self.parts();
        let detail = match self {
            // Never leak database or library internals to the caller; the log has them.
            ApiError::Internal(_) => None,
            other => Some(other.to_string()),
        };
        let errors = match self {
            ApiError::Validation(errors) | ApiError::BadRequest { errors, .. } => errors.clone(),
            _ => vec![],
        };
        let retry_after = match self {
            ApiError::TooManyRequests { retry_after, .. } => Some(*retry_after),
            _ => None,
        };
        Problem {
            problem_type: format!("urn:liuyan:problem:{code}"),
            title: title.to_owned(),
            status: status.as_u16(),
            detail,
            code: code.to_owned(),
            errors,
            retry_after,
        }
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        self.parts().0
    }

    fn error_response(&self) -> HttpResponse {
        if let ApiError::Internal(cause) = self {
            tracing::error!(%cause, "request failed");
        }
        let mut res = HttpResponse::build(self.status_code());
        match self {
            ApiError::TooManyRequests { retry_after, .. } => {
                res.insert_header((actix_web::http::header::RETRY_AFTER, retry_after.to_string()));
            }
            // The rest of the body may never come: do not wait for it to keep the connection.
            ApiError::RequestTimeout(_) => {
                res.force_close();
            }
            _ => {}
        }
        res.content_type("application/problem+json").json(self.problem())
    }
}

impl From<DomainError> for ApiError {
    fn from(e: DomainError) -> Self {
        let detail = e.to_string();
        match e {
            DomainError::Forbidden { .. } => ApiError::Forbidden("forbidden", detail),
            DomainError::NotAllowedInState { .. } => ApiError::Conflict("not_allowed_in_state", detail),
            DomainError::AlreadyRated => ApiError::Conflict("already_rated", detail),
            DomainError::SameUnit => ApiError::Conflict("same_unit", detail),
            DomainError::FollowUpLimit => ApiError::Conflict("follow_up_limit", detail),
            DomainError::FollowUpAnswered => ApiError::Conflict("follow_up_answered", detail),
            DomainError::JointReplySize { .. } => ApiError::field("message_ids", "length", detail),
            DomainError::SupervisionState { .. } => ApiError::Conflict("not_allowed_in_state", detail),
            DomainError::CampaignState { .. } => ApiError::Conflict("not_allowed_in_state", detail),
            DomainError::CampaignNotOpen { .. } => ApiError::Conflict("campaign_not_open", detail),
            DomainError::CampaignRule(_) => ApiError::Forbidden("campaign_rules", detail),
            DomainError::SuggestionLimit { .. } => ApiError::Conflict("suggestion_limit", detail),
            DomainError::SuggestionState { .. } => ApiError::Conflict("not_allowed_in_state", detail),
            DomainError::NotACase(_) => ApiError::Conflict("not_featurable", detail),
        }
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Domain(d) => d.into(),
            StoreError::NotFound(what) => ApiError::NotFound(what.to_owned()),
            StoreError::Conflict { code, message } => ApiError::Conflict(code, message),
            StoreError::InvalidField { field, code, message } => ApiError::field(field, code, message),
            StoreError::Forbidden(detail) => ApiError::Forbidden("forbidden", detail),
            StoreError::InvalidCredentials => ApiError::Unauthorized("invalid_credentials", e.to_string()),
            StoreError::InvalidRefreshToken => ApiError::Unauthorized("invalid_refresh_token", e.to_string()),
            StoreError::AccountDisabled => ApiError::Forbidden("account_disabled", e.to_string()),
            StoreError::Db(db) => ApiError::Internal(db.to_string()),
        }
    }
}

impl From<validator::ValidationErrors> for ApiError {
    fn from(errors: validator::ValidationErrors) -> Self {
        let mut fields = vec![];
        collect_field_errors(&errors, "", &mut fields);
        fields.sort_by(|a, b| a.field.cmp(&b.field));
        ApiError::Validation(fields)
    }
}

/// Every field error, nested ones too (`instruction.text`, `days[3].name`), named as
/// `serde_path_to_error` names a wrong type.
fn collect_field_errors(errors: &validator::ValidationErrors, prefix: &str, out: &mut Vec<FieldError>) {
    use validator::ValidationErrorsKind;
    let name = |field: &str| if prefix.is_empty() { field.to_owned() } else { format!("{prefix}.{field}") };
    for (field, kind) in errors.errors() {
        match kind {
            ValidationErrorsKind::Field(errs) => out.extend(errs.iter().map(|e| {
                let message = e.message.as_ref().map(|m| m.to_string()).unwrap_or_else(|| describe(e));
                FieldError::new(name(field), e.code.to_string(), message)
            })),
            ValidationErrorsKind::Struct(inner) => collect_field_errors(inner, &name(field), out),
            ValidationErrorsKind::List(items) => {
                for (i, inner) in items {
                    collect_field_errors(inner, &format!("{}[{i}]", name(field)), out);
                }
            }
        }
    }
}

fn describe(e: &validator::ValidationError) -> String {
    let p = |k: &str| e.params.get(k).map(|v| v.to_string());
    match e.code.as_ref() {
        "length" => match (p("min"), p("max")) {
            (Some(min), Some(max)) => format!("must be between {min} and {max} characters"),
            (None, Some(max)) => format!("must be at most {max} characters"),
            (Some(min), None) => format!("must be at least {min} characters"),
            _ => "has the wrong length".into(),
        },
        "range" => match (p("min"), p("max")) {
            (Some(min), Some(max)) => format!("must be between {min} and {max}"),
            _ => "is out of range".into(),
        },
        "email" => "must be an e-mail address".into(),
        other => format!("is invalid ({other})"),
    }
}

macro_rules! problem_responses {
    ($($(#[$doc:meta])* $name:ident),+ $(,)?) => {$(
        $(#[$doc])*
        #[derive(ToResponse)]
        #[response(content_type = "application/problem+json")]
        #[allow(dead_code)] // only its OpenAPI description is used
        pub struct $name(Problem);
    )+};
}

problem_responses! {
    /// The request is malformed: bad JSON, wrong types, a bad query parameter or cursor.
    BadRequest,
    /// Missing, malformed or expired access token, or wrong credentials.
    Unauthorized,
    /// The caller's role may not do this.
    Forbidden,
    /// No such resource, or the caller may not know that it exists.
    NotFound,
    /// The resource's state does not allow this (wrong step, already rated, already exists).
    Conflict,
    /// One or more fields are invalid; `errors` lists them.
    Unprocessable,
}
