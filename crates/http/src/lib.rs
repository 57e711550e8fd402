//! The HTTP face of Liuyan: the JSON API under `/api/v1`, its OpenAPI 3.1 document, the docs UI, health
//! checks and the single-page app's files.

pub mod auth;
pub mod contract;
pub mod dto;
pub mod error;
pub mod extract;
pub mod routes;
pub mod security;
pub mod state;

use actix_web::{HttpRequest, HttpResponse, web};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_actix_web::AppExt;
use utoipa_swagger_ui::SwaggerUi;

pub use auth::AuthKeys;
pub use error::{ApiError, Problem};
use routes::webhooks::OutgoingWebhooks;
pub use state::AppState;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Liuyan API",
        description = "Leaders' message board (领导留言板): citizens and enterprises write to leaders; messages are screened, \
routed to handling units, answered, reviewed, published and rated.\n\nEvery error is `application/problem+json` \
(RFC 9457) with a stable `code`.",
        license(name = "MIT OR Apache-2.0"),
    ),
    modifiers(&BearerScheme, &OutgoingWebhooks),
    // Enums only query parameters name (the rest are found through the bodies that hold them).
    components(schemas(dto::RegionLevel, dto::TrendGrain), responses(error::BadRequest, error::Unauthorized, error::Forbidden, error::NotFound, error::Conflict, error::Unprocessable)),
    tags(
        (name = "accounts", description = "Registration, sessions and the caller's account"),
        (name = "admin", description = "Staff accounts"),
        (name = "reference", description = "Regions, leaders and units"),
        (name = "messages", description = "Writing and reading messages"),
        (name = "handling", description = "Screening, assignment, transfer, replies, review and rating"),
        (name = "operations", description = "Health checks"),
        (name = "webhooks", description = "Signed event deliveries to integrators' endpoints (admin)"),
        (name = "campaigns", description = "Suggestion campaigns (征集): suggestions, supports, review and results"),
        (name = "topics", description = "Topics (专题) grouping messages and campaigns, and the enterprise channel"),
        (name = "open data", description = "Exports of the public board (CSV, XLSX) for any public filter"),
        (name = "statistics", description = "Public figures: counts, reply, on-time and satisfaction rates, handling days; trends, breakdowns, unit rankings, leaders' monthly reports; hot words"),
        (name = "cases", description = "The case library (精选案例): answered public messages moderators feature with a note"),
    )
)]
struct ApiDoc;

struct BearerScheme;

impl Modify for BearerScheme {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).bearer_format("JWT").build()),
        );
    }
}

/// The OpenAPI document, as served at `/api/v1/openapi.json` and committed in `openapi/openapi.json`.
/// Built once per process: every worker serves the same document.
pub fn openapi() -> utoipa::openapi::OpenApi {
    static DOCUMENT: std::sync::OnceLock<utoipa::openapi::OpenApi> = std::sync::OnceLock::new();
    DOCUMENT.get_or_init(build_openapi).clone()
}

fn build_openapi() -> utoipa::openapi::OpenApi {
    let (_, api) = actix_web::App::new()
        .into_utoipa_app()
        .openapi(ApiDoc::openapi())
        .service(routes::ops::healthz)
        .service(routes::ops::readyz)
        .service(utoipa_actix_web::scope("/api/v1").configure(routes::api))
        .split_for_parts();
    let mut api = api;
    security::DocumentProtection.modify(&mut api);
    contract::DocumentRequests.modify(&mut api);
    api
}

/// Configures the whole application on an actix `App`'s service config.
pub fn configure(state: AppState, static_dir: Option<std::path::PathBuf>) -> impl FnOnce(&mut web::ServiceConfig) {
    move |cfg: &mut web::ServiceConfig| {
        let api = openapi();
        cfg.app_data(web::Data::new(state))
            .app_data(extract::query_config())
            .app_data(extract::path_config())
            .app_data(web::PayloadConfig::new(extract::MAX_JSON_BYTES))
            .service(routes::ops::healthz)
            .service(routes::ops::readyz)
            // Before the API scope, which would otherwise claim /api/v1/openapi.json.
            // "none": the docs never send the spec to swagger.io's online validator.
            .service(
                SwaggerUi::new("/docs/{_:.*}")
                    .url("/api/v1/openapi.json", api)
                    .config(utoipa_swagger_ui::Config::default().validator_url("none")),
            )
            .service(utoipa_actix_web::scope("/api/v1").configure(routes::api));
        cfg.service(
            web::resource("/docs").route(
                web::get().to(|| async { HttpResponse::Found().insert_header(("Location", "/docs/")).finish() }),
            ),
        );
        match static_dir {
            Some(dir) if dir.join("index.html").is_file() => {
                let index = dir.join("index.html");
                cfg.service(actix_files::Files::new("/", dir).index_file("index.html").default_handler(web::to(
                    move |req: HttpRequest| {
                        let index = index.clone();
                        async move { spa_fallback(req, index).await }
                    },
                )));
            }
            _ => {
                cfg.route("/", web::get().to(placeholder_home));
            }
        }
    }
}

/// Client-side routes (`/messages/42`) get the SPA's index.html; unknown API paths stay 404 problems.
async fn spa_fallback(req: HttpRequest, index: std::path::PathBuf) -> actix_web::Result<HttpResponse> {
    if req.path().starts_with("/api/") {
        return Ok(not_found(req).await);
    }
    let file = actix_files::NamedFile::open_async(index).await?;
    Ok(file.into_response(&req))
}

async fn placeholder_home() -> HttpResponse {
    HttpResponse::Ok().content_type("text/html; charset=utf-8").body(
        "<!doctype html><meta charset=utf-8><title>留言 Liuyan</title><h1>留言 Liuyan</h1>\
         <p>The API is at <a href=/api/v1/messages>/api/v1</a>; its documentation at <a href=/docs/>/docs</a>.</p>",
    )
}

/// Anything no route matches: 405 with `Allow` for a known path, else 404.
pub async fn not_found(req: HttpRequest) -> HttpResponse {
    security::no_route(req).await
}
