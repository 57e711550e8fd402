//! The counters behind the abuse limits (`liuyan_domain::limits`), kept in the database so that every
//! instance on it counts the same hits. Times are milliseconds since the epoch by the database's clock.

use liuyan_domain::limits::{Failures, Lockout, Rate, RetryAfter};
use sea_orm::{ConnectionTrait, DatabaseBackend, Statement, Value};
use sha2::{Digest, Sha256};

use crate::Db;
use crate::error::StoreResult;

fn now_ms(db: &Db) -> i64 {
    db.clock.now().timestamp_millis()
}

fn statement(backend: DatabaseBackend, postgres: &str, sqlite: &str, values: Vec<Value>) -> Statement {
    let sql = if backend == DatabaseBackend::Postgres { postgres } else { sqlite };
    Statement::from_sql_and_values(backend, sql, values)
}

/// Counts one hit on `key` against `rate`: `Err` with the wait when the key has used up its rate.
/// One statement when allowed: the upsert updates the row only while the rate allows it.
pub async fn hit(db: &Db, key: &str, rate: Rate) -> StoreResult<Result<(), RetryAfter>> {
    let now = now_ms(db);
    let (interval, allowed_until) = (rate.interval_ms(), now + rate.period_ms - rate.interval_ms());
    let backend = db.backend();
    let upsert = statement(
        backend,
        "INSERT INTO rate_limits (key, tat) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE \
         SET tat = GREATEST(rate_limits.tat, $3) + $4 WHERE GREATEST(rate_limits.tat, $3) <= $5 RETURNING tat",
        "INSERT INTO rate_limits (key, tat) VALUES (?, ?) ON CONFLICT (key) DO UPDATE \
         SET tat = MAX(tat, ?) + ? WHERE MAX(tat, ?) <= ? RETURNING tat",
        match backend {
            DatabaseBackend::Postgres => {
                vec![key.into(), (now + interval).into(), now.into(), interval.into(), allowed_until.into()]
            }
            _ => {
                vec![key.into(), (now + interval).into(), now.into(), interval.into(), now.into(), allowed_until.into()]
            }
        },
    );
    if db.write.query_one_raw(upsert).await?.is_some() {
        return Ok(Ok(()));
    }
    let tat = stored_tat(db, key).await?;
    // Refused by the upsert; the rule says by how much (or, if the row moved on since, a moment).
    Ok(Err(rate.hit(tat, now).err().unwrap_or(RetryAfter::ms(1))))
}

async fn stored_tat(db: &Db, key: &str) -> StoreResult<Option<i64>> {
    let backend = db.backend();
    let select = statement(
        backend,
        "SELECT tat FROM rate_limits WHERE key = $1",
        "SELECT tat FROM rate_limits WHERE key = ?",
        vec![key.into()],
    );
    Ok(match db.write.query_one_raw(select).await? {
        Some(row) => Some(row.try_get_by_index::<i64>(0)?),
        None => None,
    })
}

/// The key under which a login name's failures are counted. Names are hashed: the table should not
/// become a list of phone numbers people tried.
pub fn login_name_key(name: &str) -> String {
    let digest = Sha256::digest(name.trim().to_lowercase().as_bytes());
    format!("name:{}", hex::encode(&digest[..16]))
}

async fn read_failures(conn: &impl ConnectionTrait, key: &str, lock: bool) -> StoreResult<Option<Failures>> {
    let backend = conn.get_database_backend();
    if lock && backend == DatabaseBackend::Postgres {
        // A row to lock even for the first failure: two first attempts at once must not both read
        // "none" (SQLite's write transaction serialises them already).
        let ensure = statement(
            backend,
            "INSERT INTO login_failures (key, failures, last_failure_at, locked_until) VALUES ($1, 0, 0, 0) \
             ON CONFLICT (key) DO NOTHING",
            "",
            vec![key.into()],
        );
        conn.execute_raw(ensure).await?;
    }
    let for_update = if lock && backend == DatabaseBackend::Postgres { " FOR UPDATE" } else { "" };
    let select = statement(
        backend,
        &format!("SELECT failures, last_failure_at, locked_until FROM login_failures WHERE key = $1{for_update}"),
        "SELECT failures, last_failure_at, locked_until FROM login_failures WHERE key = ?",
        vec![key.into()],
    );
    Ok(match conn.query_one_raw(select).await? {
        Some(row) => Some(Failures {
            count: u32::try_from(row.try_get_by_index::<i64>(0)?).unwrap_or(u32::MAX),
            last_at: row.try_get_by_index(1)?,
            locked_until: row.try_get_by_index(2)?,
        }),
        None => None,
    })
}

async fn write_failures(conn: &impl ConnectionTrait, key: &str, f: Failures) -> StoreResult<()> {
    let backend = conn.get_database_backend();
    let upsert = statement(
        backend,
        "INSERT INTO login_failures (key, failures, last_failure_at, locked_until) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (key) DO UPDATE SET failures = $2, last_failure_at = $3, locked_until = $4",
        "INSERT INTO login_failures (key, failures, last_failure_at, locked_until) VALUES (?, ?, ?, ?) \
         ON CONFLICT (key) DO UPDATE SET failures = excluded.failures, last_failure_at = excluded.last_failure_at, \
         locked_until = excluded.locked_until",
        vec![key.into(), i64::from(f.count).into(), f.last_at.into(), f.locked_until.into()],
    );
    conn.execute_raw(upsert).await?;
    Ok(())
}

/// Whether logins under `key` are locked now.
pub async fn login_locked(db: &Db, key: &str, lockout: Lockout) -> StoreResult<Result<(), RetryAfter>> {
    let failures = read_failures(&db.read, key, false).await?;
    Ok(lockout.check(failures, now_ms(db)))
}

/// Checks the lock on `key` and, when it is open, counts this attempt as a failure in the same
/// transaction, before the password is checked: attempts sent all at once cannot all slip past the
/// lock. A successful login then clears the count ([`clear_login_failures`]).
pub async fn begin_login_attempt(db: &Db, key: &str, lockout: Lockout) -> StoreResult<Result<(), RetryAfter>> {
    let now = now_ms(db);
    let txn = db.begin_write().await?;
    let failures = read_failures(&txn, key, true).await?;
    if let Err(wait) = lockout.check(failures, now) {
        return Ok(Err(wait));
    }
    write_failures(&txn, key, lockout.fail(failures, now)).await?;
    txn.commit().await?;
    Ok(Ok(()))
}

/// Counts one failed login under `key`.
pub async fn record_login_failure(db: &Db, key: &str, lockout: Lockout) -> StoreResult<()> {
    let now = now_ms(db);
    let txn = db.begin_write().await?;
    let failures = read_failures(&txn, key, true).await?;
    write_failures(&txn, key, lockout.fail(failures, now)).await?;
    txn.commit().await?;
    Ok(())
}

pub async fn clear_login_failures(db: &Db, key: &str) -> StoreResult<()> {
    let backend = db.backend();
    let delete = statement(
        backend,
        "DELETE FROM login_failures WHERE key = $1",
        "DELETE FROM login_failures WHERE key = ?",
        vec![key.into()],
    );
    db.write.execute_raw(delete).await?;
    Ok(())
}

/// Forgets counters that no longer limit anything: rate rows whose arrival time has passed, failures
/// older than `forget_ms` and no longer locked. Run by the background job.
pub async fn sweep(db: &Db, forget_ms: i64) -> StoreResult<u64> {
    let now = now_ms(db);
    let backend = db.backend();
    let rates = statement(
        backend,
        "DELETE FROM rate_limits WHERE tat < $1",
        "DELETE FROM rate_limits WHERE tat < ?",
        vec![now.into()],
    );
    let failures = statement(
        backend,
        "DELETE FROM login_failures WHERE last_failure_at < $1 AND locked_until < $2",
        "DELETE FROM login_failures WHERE last_failure_at < ? AND locked_until < ?",
        vec![(now - forget_ms).into(), now.into()],
    );
    let a = db.write.execute_raw(rates).await?.rows_affected();
    let b = db.write.execute_raw(failures).await?.rows_affected();
    Ok(a + b)
}
