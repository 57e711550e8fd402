//! Wiring: configuration from the environment, telemetry, and starting the server. The binary in
//! `main.rs` and the black-box tests both start Liuyan through [`start`].

use std::net::TcpListener;
use std::path::PathBuf;

use actix_web::{App, web};
use anyhow::Context;
use ipnet::IpNet;
use liuyan_domain::limits::Limits;
use liuyan_http::security::{self, Protection};
use liuyan_http::{AppState, AuthKeys};
use liuyan_persistence::{Db, accounts, reference};

/// Every setting, from environment variables with defaults (the README lists them).
#[derive(Debug, Clone)]
pub struct Config {
    /// `DATABASE_URL`: `sqlite://…` (default `sqlite://./data/liuyan.db`) or `postgres://…`.
    pub database_url: String,
    /// `LIUYAN_BIND`: default `127.0.0.1:8080`.
    pub bind: String,
    /// `LIUYAN_JWT_SECRET`: signing key for access tokens. Unset: one is generated once and kept in the
    /// database, so every instance on that database shares it.
    pub jwt_secret: Option<String>,
    /// `LIUYAN_ACCESS_TOKEN_TTL`: seconds, default 900.
    pub access_ttl_secs: i64,
    /// `LIUYAN_REFRESH_TOKEN_TTL`: seconds, default 30 days.
    pub refresh_ttl_secs: i64,
    /// `LIUYAN_STATIC_DIR`: the built SPA, default `frontend/dist`.
    pub static_dir: PathBuf,
    /// `LIUYAN_WORKERS`: HTTP worker threads, default the number of cores.
    pub workers: Option<usize>,
    /// `LIUYAN_JOB_INTERVAL_MS`: pause between background passes (supervision, webhooks), default 5000.
    pub job_interval_ms: u64,
    /// `LIUYAN_WEBHOOK_BACKOFF_MS`: first retry delay of a failed webhook delivery, default 10000.
    pub webhook_backoff_ms: u64,
    /// `LIUYAN_LIMITS`: the abuse limits, the defaults changed by a spec (`liuyan_domain::limits`).
    pub limits: Limits,
    /// `LIUYAN_TRUSTED_PROXIES`: addresses or networks whose `X-Forwarded-For` is believed.
    pub trusted_proxies: Vec<IpNet>,
    /// `LIUYAN_CORS_ORIGINS`: origins other than the server's own whose pages may call the API.
    pub cors_origins: Vec<String>,
    /// `LIUYAN_HEADER_TIMEOUT`: seconds a client has to send the request's head, default 5.
    pub header_timeout_secs: u64,
    /// `LIUYAN_BODY_TIMEOUT`: seconds a client has to send the request's body, default 10.
    pub body_timeout_secs: u64,
}

impl Config {
    /// The settings the tests and the command line start from: the defaults, on `database_url`.
    pub fn defaults(database_url: &str) -> Config {
        Config {
            database_url: database_url.to_owned(),
            bind: "127.0.0.1:8080".into(),
            jwt_secret: None,
            access_ttl_secs: 900,
            refresh_ttl_secs: 30 * 24 * 3600,
            static_dir: PathBuf::from("frontend/dist"),
            workers: None,
            job_interval_ms: 5000,
            webhook_backoff_ms: 10_000,
            limits: Limits::default(),
            trusted_proxies: vec![],
            cors_origins: vec![],
            header_timeout_secs: 5,
            body_timeout_secs: 10,
        }
    }
}

impl Config {
    pub fn from_env() -> anyhow::Result<Config> {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
        let num = |name: &str, default: i64| -> anyhow::Result<i64> {
            var(name)
                .map(|v| v.parse::<i64>().with_context(|| format!("{name} must be a number")))
                .transpose()
                .map(|v| v.unwrap_or(default))
        };
        let list = |name: &str| -> Vec<String> {
            var(name)
                .map(|v| v.split(',').map(|s| s.trim().to_owned()).filter(|s| !s.is_empty()).collect())
                .unwrap_or_default()
        };
        let trusted_proxies = list("LIUYAN_TRUSTED_PROXIES")
            .iter()
            .map(|p| {
                p.parse::<IpNet>()
                    .or_else(|_| p.parse::<std::net::IpAddr>().map(IpNet::from))
                    .with_context(|| format!("LIUYAN_TRUSTED_PROXIES: `{p}` is not an address or a network"))
            })
            .collect::<anyhow::Result<Vec<_>>>()?;
        let defaults = Config::defaults("sqlite://./data/liuyan.db");
        Ok(Config {
            database_url: var("DATABASE_URL").unwrap_or(defaults.database_url),
            bind: var("LIUYAN_BIND").unwrap_or(defaults.bind),
            jwt_secret: var("LIUYAN_JWT_SECRET"),
            access_ttl_secs: num("LIUYAN_ACCESS_TOKEN_TTL", defaults.access_ttl_secs)?,
            refresh_ttl_secs: num("LIUYAN_REFRESH_TOKEN_TTL", defaults.refresh_ttl_secs)?,
            static_dir: var("LIUYAN_STATIC_DIR").map(PathBuf::from).unwrap_or(defaults.static_dir),
            workers: var("LIUYAN_WORKERS").map(|v| v.parse()).transpose().context("LIUYAN_WORKERS must be a number")?,
            job_interval_ms: num("LIUYAN_JOB_INTERVAL_MS", 5000)? as u64,
            webhook_backoff_ms: num("LIUYAN_WEBHOOK_BACKOFF_MS", 10_000)? as u64,
            limits: match var("LIUYAN_LIMITS") {
                Some(spec) => Limits::parse(&spec).map_err(|e| anyhow::anyhow!("LIUYAN_LIMITS: {e}"))?,
                None => defaults.limits,
            },
            trusted_proxies,
            cors_origins: list("LIUYAN_CORS_ORIGINS"),
            header_timeout_secs: num("LIUYAN_HEADER_TIMEOUT", 5)?.max(1) as u64,
            body_timeout_secs: num("LIUYAN_BODY_TIMEOUT", 10)?.max(1) as u64,
        })
    }
}

/// Logs as JSON lines (`LIUYAN_LOG_FORMAT=pretty` for people), filtered by `RUST_LOG` (default `info`).
pub fn init_telemetry() {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,sea_orm=warn"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter);
    let _ = if std::env::var("LIUYAN_LOG_FORMAT").as_deref() == Ok("pretty") {
        builder.try_init()
    } else {
        builder.json().flatten_event(true).try_init()
    };
}

/// Connects, migrates and loads the reference data if the database is new.
pub async fn prepare_database(url: &str) -> anyhow::Result<Db> {
    let db = Db::connect(url).await.with_context(|| format!("cannot open the database at {url}"))?;
    db.migrate().await.context("migrating the database")?;
    let seeded = reference::seed(&db).await.context("loading reference data")?;
    if seeded.regions > 0 {
        tracing::info!(
            regions = seeded.regions,
            leaders = seeded.leaders,
            units = seeded.units,
            "reference data loaded"
        );
    }
    // The search index holds every message, also those written before it existed or in bulk.
    liuyan_domain::search::warm_up();
    let indexed = liuyan_persistence::search::backfill(&db).await.context("indexing messages for search")?;
    if indexed > 0 {
        tracing::info!(messages = indexed, "indexed for search");
    }
    let counted = liuyan_persistence::stats::backfill(&db).await.context("counting messages for the statistics")?;
    if counted > 0 {
        tracing::info!(messages = counted, "counted for the statistics");
    }
    Ok(db)
}

pub async fn app_state(config: &Config, db: Db) -> anyhow::Result<AppState> {
    let secret = match &config.jwt_secret {
        Some(s) => s.clone(),
        None => accounts::setting_or_init(&db, "jwt_secret", liuyan_http::auth::random_token).await?,
    };
    let protection = Protection {
        limits: config.limits.clone(),
        trusted_proxies: config.trusted_proxies.clone(),
        body_timeout: std::time::Duration::from_secs(config.body_timeout_secs),
    };
    // The web app's boot script is inline; the policy allows exactly it, by its hash.
    let index = std::fs::read_to_string(config.static_dir.join("index.html")).unwrap_or_default();
    Ok(AppState {
        db,
        keys: AuthKeys::new(secret.as_bytes(), config.access_ttl_secs, config.refresh_ttl_secs),
        protection: std::sync::Arc::new(protection),
        csp: security::page_csp(&security::inline_script_hashes(&index)).into(),
    })
}

/// A running server, the address it listens on, and its background jobs (stopped when dropped).
pub struct Running {
    pub server: actix_web::dev::Server,
    pub addr: std::net::SocketAddr,
    pub jobs: jobs::Jobs,
}

/// Binds `listener` and builds the server; the caller awaits (or spawns) `server`.
pub fn serve(config: &Config, state: AppState, listener: TcpListener) -> anyhow::Result<Running> {
    let addr = listener.local_addr()?;
    let static_dir = config.static_dir.clone();
    let app_state = state.clone();
    let cors_origins = config.cors_origins.clone();
    let mut server = actix_web::HttpServer::new(move || {
        let state = app_state.clone();
        App::new()
            .wrap(actix_web::middleware::ErrorHandlers::new().default_handler(security::problem_for_framework_errors))
            .wrap(actix_web::middleware::from_fn(security::protect))
            .wrap(actix_web::middleware::Condition::new(!cors_origins.is_empty(), cors(&cors_origins)))
            .wrap(actix_web::middleware::from_fn(echo_request_id))
            .wrap(tracing_actix_web::TracingLogger::default())
            .configure(liuyan_http::configure(state.clone(), Some(static_dir.clone())))
            .default_service(web::to(liuyan_http::not_found))
    })
    .client_request_timeout(std::time::Duration::from_secs(config.header_timeout_secs))
    .listen(listener)?;
    if let Some(workers) = config.workers {
        server = server.workers(workers);
    }
    let jobs = jobs::spawn(
        state.db.clone(),
        jobs::JobSettings {
            interval: std::time::Duration::from_millis(config.job_interval_ms.max(10)),
            webhook_backoff: std::time::Duration::from_millis(config.webhook_backoff_ms.max(1)),
        },
    );
    Ok(Running { server: server.run(), addr, jobs })
}

/// Cross-origin calls from the configured origins only. Same-origin requests (browsers send `Origin`
/// on them too) always pass.
fn cors(origins: &[String]) -> actix_cors::Cors {
    use actix_web::http::header;
    let origins = origins.to_vec();
    actix_cors::Cors::default()
        .allowed_origin_fn(move |origin, head| {
            let origin = origin.to_str().unwrap_or_default();
            let same = head.headers().get(header::HOST).and_then(|h| h.to_str().ok()).is_some_and(|host| {
                origin.strip_prefix("http://").or_else(|| origin.strip_prefix("https://")) == Some(host)
            });
            same || origins.iter().any(|o| o == origin)
        })
        .allowed_methods(["GET", "POST", "PUT", "PATCH", "DELETE"])
        .allowed_headers([header::AUTHORIZATION, header::CONTENT_TYPE, header::ACCEPT])
        .allowed_header("idempotency-key")
        .expose_headers([header::LOCATION, header::RETRY_AFTER, header::ETAG])
        .expose_headers(["x-request-id"])
        .max_age(3600)
}

/// Returns the request id that every log line of the request carries, so a client's report can be found.
async fn echo_request_id(
    req: actix_web::dev::ServiceRequest,
    next: actix_web::middleware::Next<impl actix_web::body::MessageBody>,
) -> Result<actix_web::dev::ServiceResponse<impl actix_web::body::MessageBody>, actix_web::Error> {
    use actix_web::HttpMessage;
    use actix_web::http::header::{HeaderName, HeaderValue};
    let id = req.extensions().get::<tracing_actix_web::RequestId>().map(|id| id.to_string());
    let mut res = next.call(req).await?;
    if let Some(value) = id.and_then(|id| HeaderValue::from_str(&id).ok()) {
        res.headers_mut().insert(HeaderName::from_static("x-request-id"), value);
    }
    Ok(res)
}

/// Everything `liuyan serve` does before it serves.
pub async fn start(config: &Config) -> anyhow::Result<Running> {
    let db = prepare_database(&config.database_url).await?;
    let state = app_state(config, db).await?;
    let listener = TcpListener::bind(&config.bind).with_context(|| format!("cannot listen on {}", config.bind))?;
    serve(config, state, listener)
}

pub fn hash_password_blocking(password: &str) -> anyhow::Result<String> {
    liuyan_http::auth::hash_password_sync(password).map_err(|e| anyhow::anyhow!(e))
}

pub mod demo;
pub mod jobs;
