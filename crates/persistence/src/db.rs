//! Connecting to SQLite (the default) or PostgreSQL, and migrating.

use std::sync::Arc;
use std::time::Duration;

use crate::clock::{Clock, SystemClock};

use liuyan_migrations::{Migrator, MigratorTrait};
use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseBackend, DatabaseConnection, DbErr};

/// The connection pools. On PostgreSQL both are the same pool. SQLite allows one writer at a time, so
/// writes go through a pool of exactly one connection (no SQLITE_BUSY between our own transactions)
/// while reads use several connections that WAL mode lets run beside the writer.
#[derive(Clone, Debug)]
pub struct Db {
    pub read: DatabaseConnection,
    pub write: DatabaseConnection,
    /// What time it is for the handling rules (deadlines, supervision, events). Tests set their own.
    pub clock: Arc<dyn Clock>,
}

impl Db {
    pub async fn connect(url: &str) -> Result<Db, DbErr> {
        if url.starts_with("sqlite:") {
            ensure_sqlite_dir(url);
            let write = Database::connect(sqlite_options(url, 1)).await?;
            write.execute_unprepared("PRAGMA journal_mode=WAL").await?;
            let read = Database::connect(sqlite_options(url, 8)).await?;
            Ok(Db { read, write, clock: Arc::new(SystemClock) })
        } else {
            let mut opts = ConnectOptions::new(url.to_owned());
            opts.max_connections(32).min_connections(1).connect_timeout(Duration::from_secs(10)).sqlx_logging(false);
            let pool = Database::connect(opts).await?;
            Ok(Db { read: pool.clone(), write: pool, clock: Arc::new(SystemClock) })
        }
    }

    /// The same connections, read through another clock.
    pub fn with_clock(self, clock: Arc<dyn Clock>) -> Db {
        Db { clock, ..self }
    }

    /// Now, to the microsecond (what PostgreSQL stores), by this database's clock.
    pub fn now(&self) -> chrono::DateTime<chrono::Utc> {
        use chrono::SubsecRound;
        self.clock.now().trunc_subsecs(6)
    }

    /// Begins a transaction that will write. On SQLite it takes the write lock at once (`BEGIN
    /// IMMEDIATE`): a deferred transaction that reads first and writes later fails with "database is
    /// locked" when another process (a second instance on the same file) wrote in between.
    pub async fn begin_write(&self) -> Result<sea_orm::DatabaseTransaction, DbErr> {
        use sea_orm::{SqliteTransactionMode, TransactionOptions, TransactionTrait};
        let mode = match self.backend() {
            DatabaseBackend::Sqlite => Some(SqliteTransactionMode::Immediate),
            _ => None,
        };
        self.write.begin_with_options(TransactionOptions { sqlite_transaction_mode: mode, ..Default::default() }).await
    }

    pub fn backend(&self) -> DatabaseBackend {
        self.write.get_database_backend()
    }

    pub async fn migrate(&self) -> Result<(), DbErr> {
        Migrator::up(&self.write, None).await
    }

    /// A cheap round trip, for readiness checks.
    pub async fn ping(&self) -> Result<(), DbErr> {
        self.read.execute_unprepared("SELECT 1").await.map(|_| ())
    }
}

fn sqlite_options(url: &str, connections: u32) -> ConnectOptions {
    let mut opts = ConnectOptions::new(url.to_owned());
    opts.max_connections(connections).min_connections(1).sqlx_logging(false).map_sqlx_sqlite_opts(|o| {
        use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
        o.create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10))
    });
    opts
}

/// `sqlite://./data/liuyan.db` needs `./data` to exist before SQLite can create the file.
fn ensure_sqlite_dir(url: &str) {
    let path = url.trim_start_matches("sqlite:").trim_start_matches("//");
    let path = path.split('?').next().unwrap_or_default();
    if let Some(dir) = std::path::Path::new(path).parent()
        && !dir.as_os_str().is_empty()
    {
        let _ = std::fs::create_dir_all(dir);
    }
}
