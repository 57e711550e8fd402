//! `liuyan`: the leaders' message board server.

use anyhow::Context;
use clap::{Parser, Subcommand};
use liuyan::{Config, init_telemetry, prepare_database};
use liuyan_domain::Role;
use liuyan_persistence::accounts::{self, NewAccount};

#[derive(Parser)]
#[command(name = "liuyan", version, about = "Leaders' message board (领导留言板) server")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Migrate, load reference data if missing, and serve the API and the web app.
    Serve,
    /// Apply the database migrations.
    Migrate,
    /// Load the reference data (regions, leaders, units) if missing.
    Seed {
        /// Also add demo accounts (password `demo-pass-2026`) and demo messages.
        #[arg(long)]
        demo: bool,
    },
    /// Account administration.
    Admin {
        #[command(subcommand)]
        command: AdminCommand,
    },
    /// Print the OpenAPI document.
    Openapi,
    /// Add N realistic generated messages over ten years (deterministic for a seed, count and end
    /// date), with their events, replies and ratings: for benchmarks and trying the statistics.
    Generate {
        #[arg(long)]
        messages: u64,
        #[arg(long, default_value_t = 2026)]
        seed: u64,
        /// The end of the ten years (RFC 3339); default: today at 00:00 UTC.
        #[arg(long)]
        until: Option<chrono::DateTime<chrono::Utc>>,
    },
}

#[derive(Subcommand)]
enum AdminCommand {
    /// Create an admin account (the first one, typically).
    Create {
        #[arg(long)]
        username: String,
        /// Read from LIUYAN_ADMIN_PASSWORD if not given.
        #[arg(long, env = "LIUYAN_ADMIN_PASSWORD")]
        password: String,
        #[arg(long, default_value = "管理员")]
        display_name: String,
    },
}

#[actix_web::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    init_telemetry();
    let config = Config::from_env()?;
    match cli.command {
        Command::Serve => {
            let running = liuyan::start(&config).await?;
            tracing::info!(addr = %running.addr, database = %redact(&config.database_url), "serving");
            running.server.await?;
        }
        Command::Migrate => {
            let db = liuyan_persistence::Db::connect(&config.database_url).await?;
            db.migrate().await?;
            println!("migrated");
        }
        Command::Seed { demo } => {
            let db = prepare_database(&config.database_url).await?;
            if demo {
                let report = liuyan::demo::seed_demo(&db).await?;
                println!("{report}");
            } else {
                println!("reference data present");
            }
        }
        Command::Admin { command: AdminCommand::Create { username, password, display_name } } => {
            if let Err(p) = liuyan_domain::password::check_password(&password, &[&username, &display_name]) {
                anyhow::bail!("the password {}", p.message());
            }
            let db = prepare_database(&config.database_url).await?;
            let hash = liuyan::hash_password_blocking(&password)?;
            let account = accounts::create(
                &db,
                NewAccount {
                    role: Role::Admin,
                    display_name,
                    username: Some(username),
                    phone: None,
                    email: None,
                    enterprise_name: None,
                    uscc: None,
                    password_hash: hash,
                    unit_id: None,
                    leader_id: None,
                    can_run_campaigns: false,
                },
            )
            .await
            .context("creating the admin account")?;
            println!("admin account {} created", account.id);
        }
        Command::Generate { messages, seed, until } => {
            let db = prepare_database(&config.database_url).await?;
            let until = until
                .unwrap_or_else(|| chrono::Utc::now().date_naive().and_hms_opt(0, 0, 0).expect("midnight").and_utc());
            let started = std::time::Instant::now();
            let opts = liuyan_persistence::generator::GenerateOptions { messages, seed, until };
            let r = liuyan_persistence::generator::generate(&db, &opts).await?;
            println!(
                "generated {} messages, {} events, {} replies, {} ratings from {} writers in {:.1} s",
                r.messages,
                r.events,
                r.replies,
                r.ratings,
                r.writers,
                started.elapsed().as_secs_f64()
            );
        }
        Command::Openapi => {
            println!("{}", liuyan_http::openapi().to_pretty_json()?);
        }
    }
    Ok(())
}

/// The database URL without its password, for the log.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => format!("{}://…{}", &url[..s], &url[at..]),
        _ => url.to_owned(),
    }
}
