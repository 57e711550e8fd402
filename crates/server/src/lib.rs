//! Wiring: configuration from the environment, telemetry, and starting the server. The binary in
//! `main.rs` and the black-box tests both start Liuyan through [`start`].

use std::net::TcpListener;
use std::path::PathBuf;

use actix_web::{App, web};
use anyhow::Context;
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
        Ok(Config {
            database_url: var("DATABASE_URL").unwrap_or_else(|| "sqlite://./data/liuyan.db".into()),
            bind: var("LIUYAN_BIND").unwrap_or_else(|| "127.0.0.1:8080".into()),
            jwt_secret: var("LIUYAN_JWT_SECRET"),
            access_ttl_secs: num("LIUYAN_ACCESS_TOKEN_TTL", 900)?,
            refresh_ttl_secs: num("LIUYAN_REFRESH_TOKEN_TTL", 30 * 24 * 3600)?,
            static_dir: var("LIUYAN_STATIC_DIR").map(PathBuf::from).unwrap_or_else(|| PathBuf::from("frontend/dist")),
            workers: var("LIUYAN_WORKERS").map(|v| v.parse()).transpose().context("LIUYAN_WORKERS must be a number")?,
            job_interval_ms: num("LIUYAN_JOB_INTERVAL_MS", 5000)? as u64,
            webhook_backoff_ms: num("LIUYAN_WEBHOOK_BACKOFF_MS", 10_000)? as u64,
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
    Ok(AppState { db, keys: AuthKeys::new(secret.as_bytes(), config.access_ttl_secs, config.refresh_ttl_secs) })
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
    let mut server = actix_web::HttpServer::new(move || {
        let state = app_state.clone();
        App::new()
            .wrap(actix_web::middleware::from_fn(echo_request_id))
            .wrap(tracing_actix_web::TracingLogger::default())
            .configure(liuyan_http::configure(state.clone(), Some(static_dir.clone())))
            .default_service(web::to(liuyan_http::not_found))
    })
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
