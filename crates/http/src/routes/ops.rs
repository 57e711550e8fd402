use actix_web::{HttpResponse, get, web};

use crate::dto::HealthView;
use crate::error::ApiError;
use crate::state::AppState;

/// Liveness: the process answers.
#[utoipa::path(tag = "operations", responses((status = 200, description = "Alive", body = HealthView)))]
#[get("/healthz")]
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok().json(HealthView { status: "ok".into() })
}

/// Readiness: the database answers.
#[utoipa::path(tag = "operations", responses(
    (status = 200, description = "Ready", body = HealthView),
    (status = 503, description = "The database does not answer", body = crate::error::Problem, content_type = "application/problem+json"),
))]
#[get("/readyz")]
pub async fn readyz(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    state.db.ping().await.map_err(|e| {
        tracing::warn!(error = %e, "readiness check failed");
        ApiError::Status(
            actix_web::http::StatusCode::SERVICE_UNAVAILABLE,
            "database_unavailable",
            "the database does not answer".into(),
        )
    })?;
    Ok(HttpResponse::Ok().json(HealthView { status: "ok".into() }))
}
