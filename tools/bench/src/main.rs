//! Latency of one API request against the raw database doing the same query, for
//! `docs/benchmarks.md` (see `scripts/bench-search.sh`). Requests go one after another on one
//! connection for a bounded time, on 127.0.0.1 only; the report is min / p50 / p99 / max in ms.

use std::time::{Duration, Instant};

use clap::{Parser, Subcommand};
use sea_orm::{ConnectionTrait, Database, DatabaseBackend, Statement};

#[derive(Parser)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// GET a path of the API repeatedly.
    Http {
        /// e.g. http://127.0.0.1:8080
        #[arg(long)]
        base: String,
        /// e.g. /api/v1/messages/search?q=噪音
        #[arg(long)]
        path: String,
        #[arg(long, default_value_t = 10)]
        seconds: u64,
    },
    /// Statements straight on the database, run in turn as one sample (e.g. the SQL an endpoint runs).
    Sql {
        #[arg(long)]
        database_url: String,
        /// A label for the report.
        #[arg(long)]
        name: String,
        #[arg(long = "query", required = true)]
        queries: Vec<String>,
        #[arg(long, default_value_t = 10)]
        seconds: u64,
    },
    /// Rows in some tables (how big the statistics' cells grow).
    Count {
        #[arg(long)]
        database_url: String,
        #[arg(long = "table", required = true)]
        tables: Vec<String>,
    },
    /// The search's own SQL straight on the database (what the server asks for one page).
    SearchSql {
        #[arg(long)]
        database_url: String,
        #[arg(long)]
        q: String,
        #[arg(long, default_value_t = 10)]
        seconds: u64,
    },
}

struct Report(Vec<Duration>);

impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut v = self.0.clone();
        v.sort();
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        let at = |p: f64| v[((v.len() as f64 * p).ceil() as usize).clamp(1, v.len()) - 1];
        write!(
            f,
            "n={} min={:.2} p50={:.2} p99={:.2} max={:.2} ms",
            v.len(),
            ms(v[0]),
            ms(at(0.50)),
            ms(at(0.99)),
            ms(v[v.len() - 1])
        )
    }
}

async fn timed<F, Fut>(seconds: u64, mut once: F) -> anyhow::Result<Report>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = anyhow::Result<()>>,
{
    // Warm caches first; then measure until the time is up.
    for _ in 0..5 {
        once().await?;
    }
    let end = Instant::now() + Duration::from_secs(seconds);
    let mut samples = Vec::new();
    while Instant::now() < end {
        let t = Instant::now();
        once().await?;
        samples.push(t.elapsed());
    }
    Ok(Report(samples))
}

/// The two statements of a first page of results (title hits, then the rest), as the server sends
/// them for one term, with the same page size (21 rows: a page and one to know there is more).
fn search_sql(backend: DatabaseBackend, term: &str) -> [String; 2] {
    match backend {
        DatabaseBackend::Postgres => {
            // The tsquery text the server binds, then quoted as an SQL literal.
            let t = format!("'{}'", term.replace('\'', "''"));
            let literal = |q: String| format!("'{}'", q.replace('\'', "''"));
            let (title, rest) = (literal(format!("{t}:A")), literal(format!("({t}) & !({t}:A)")));
            [
                format!(
                    "SELECT * FROM messages WHERE listed = TRUE AND search_doc @@ CAST({title} AS tsquery) ORDER BY id DESC LIMIT 21"
                ),
                format!(
                    "SELECT * FROM messages WHERE listed = TRUE AND search_doc @@ CAST({rest} AS tsquery) ORDER BY id DESC LIMIT 21"
                ),
            ]
        }
        _ => {
            let t = format!("\"{}\"", term.replace('"', "\"\""));
            [
                format!(
                    "SELECT * FROM messages WHERE listed = 1 AND id IN (SELECT rowid FROM message_search WHERE message_search MATCH 'title : ({t})') ORDER BY id DESC LIMIT 21"
                ),
                format!(
                    "SELECT * FROM messages WHERE listed = 1 AND id IN (SELECT rowid FROM message_search WHERE message_search MATCH '({t}) NOT title : ({t})') ORDER BY id DESC LIMIT 21"
                ),
            ]
        }
    }
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    match Cli::parse().command {
        Command::Http { base, path, seconds } => {
            anyhow::ensure!(base.starts_with("http://127.0.0.1"), "load only 127.0.0.1");
            let client = reqwest::Client::new();
            let url = format!("{base}{path}");
            let report = timed(seconds, || {
                let req = client.get(&url);
                async move {
                    let r = req.send().await?;
                    anyhow::ensure!(r.status().is_success(), "{}", r.status());
                    r.bytes().await?;
                    Ok(())
                }
            })
            .await?;
            println!("http {path}: {report}");
        }
        Command::Sql { database_url, name, queries, seconds } => {
            let db = Database::connect(&database_url).await?;
            let backend = db.get_database_backend();
            let report = timed(seconds, || {
                let (db, queries) = (&db, &queries);
                async move {
                    for q in queries {
                        db.query_all_raw(Statement::from_string(backend, q.clone())).await?;
                    }
                    Ok(())
                }
            })
            .await?;
            println!("sql {name}: {report}");
        }
        Command::Count { database_url, tables } => {
            let db = Database::connect(&database_url).await?;
            let backend = db.get_database_backend();
            for t in tables {
                let row = db
                    .query_one_raw(Statement::from_string(backend, format!("SELECT COUNT(*) FROM {t}")))
                    .await?
                    .ok_or_else(|| anyhow::anyhow!("no count"))?;
                println!("rows {t}: {}", row.try_get_by_index::<i64>(0)?);
            }
        }
        Command::SearchSql { database_url, q, seconds } => {
            let db = Database::connect(&database_url).await?;
            let terms = liuyan_domain::search::query_terms(&q);
            anyhow::ensure!(terms.len() == 1, "one term only: {terms:?}");
            let [tier0, tier1] = search_sql(db.get_database_backend(), &terms[0]);
            let backend = db.get_database_backend();
            let report = timed(seconds, || {
                let (db, tier0, tier1) = (&db, tier0.clone(), tier1.clone());
                async move {
                    let first = db.query_all_raw(Statement::from_string(backend, tier0)).await?;
                    if first.len() < 21 {
                        db.query_all_raw(Statement::from_string(backend, tier1)).await?;
                    }
                    Ok(())
                }
            })
            .await?;
            println!("sql {q}: {report}");
        }
    }
    Ok(())
}
