//! The public statistics, kept as cells of counts (see `liuyan_domain::stats`). Every change of a
//! message adds its difference to the cells in the same transaction ([`record`]); reading a figure sums
//! a few cells by key, never the messages. [`rebuild`] recounts everything from the messages (once per
//! database for rows written before the cells existed).
//!
//! Cells are only ever added to (`count = count + change`), so two instances writing at once cannot lose
//! each other's counts, and rows of one statement are written in key order so they cannot deadlock.

use std::collections::{BTreeMap, HashMap};

use liuyan_domain::masking::mask_public_text;
use liuyan_domain::stats::{
    CellKey, Changes, Facet, Grain, Measures, PeriodRange, RankBy, Ranking, Scope, StatFacts, Tally, WordKey, kept,
    median,
};
use liuyan_domain::{Domain, MessageStatus, MessageType, Satisfaction};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseBackend, EntityTrait, FromQueryResult, QueryFilter, QueryOrder, QuerySelect,
    Statement, Value,
};

use crate::Db;
use crate::entities::{leader, message, region, unit};
use crate::error::{StoreError, StoreResult};

const TALLY_COLUMNS: [&str; 10] = [
    "messages",
    "suggestions",
    "replied",
    "on_time",
    "handling_seconds",
    "rated",
    "satisfied",
    "basically_satisfied",
    "dissatisfied",
    "closed",
];

/// Rows per insert statement: well under SQLite's and PostgreSQL's limits on bound values.
const ROWS_PER_STATEMENT: usize = 400;

pub fn facts_of(m: &message::Model) -> StatFacts {
    let status = MessageStatus::parse(&m.status).unwrap_or(MessageStatus::Submitted);
    StatFacts {
        created_at: m.created_at,
        counted: status.is_listed(),
        message_type: MessageType::parse(&m.message_type).unwrap_or(MessageType::Consultation),
        domain: Domain::parse(&m.domain).unwrap_or(Domain::Other),
        province_code: m.province_code.clone(),
        region_code: m.region_code.clone(),
        leader_id: m.leader_id,
        unit_id: m.unit_id,
        first_answered_at: m.first_answered_at,
        first_answer_on_time: m.first_answer_on_time,
        satisfaction: m.satisfaction.as_deref().and_then(Satisfaction::parse),
        closed: status == MessageStatus::Closed,
        listed: m.listed,
        keywords: keywords_list(m.keywords.as_deref()),
    }
}

/// The stored keywords column as a list.
fn keywords_list(stored: Option<&str>) -> Vec<String> {
    stored.map(|s| s.split(' ').filter(|w| !w.is_empty()).map(str::to_owned).collect()).unwrap_or_default()
}

/// The keywords column of a message with this title and text, as the public reads them (masked).
pub fn keywords_of(title: &str, body: &str) -> String {
    liuyan_domain::words::keywords(&mask_public_text(title), &mask_public_text(body)).join(" ")
}

/// Counts a message's change from `before` (None: new) to `after`, inside the caller's transaction.
pub(crate) async fn record(
    conn: &impl ConnectionTrait,
    before: Option<&message::Model>,
    after: &message::Model,
) -> StoreResult<()> {
    let changes = liuyan_domain::stats::changes(before.map(facts_of).as_ref(), &facts_of(after));
    apply(conn, &changes).await?;
    let mut touched: Vec<&CellKey> = changes.days.keys().map(|(k, _)| k).collect();
    touched.dedup();
    refresh_medians(conn, touched).await
}

/// Recomputes the stored median of each cell from its histogram. The cells' tallies were written
/// first in the same transaction, which holds their rows: a concurrent change of the same cells waits
/// for this one to commit, then reads its histogram rows too.
async fn refresh_medians(conn: &impl ConnectionTrait, cells: Vec<&CellKey>) -> StoreResult<()> {
    let backend = conn.get_database_backend();
    let key = "scope = ? AND facet = ? AND grain = ? AND period = ?";
    for k in cells {
        let sql = format!("SELECT days, messages FROM stat_handling_days WHERE {key}");
        let mut hist = Vec::new();
        for row in conn.query_all_raw(statement(backend, &sql, key_values(k).to_vec())).await? {
            let d: i32 = row.try_get_by_index(0)?;
            hist.push((i64::from(d), row.try_get_by_index::<i64>(1)?));
        }
        let mut values = vec![Value::from(median(&hist))];
        values.extend(key_values(k));
        conn.execute_raw(statement(backend, &format!("UPDATE stat_cells SET median_days = ? WHERE {key}"), values))
            .await?;
    }
    Ok(())
}

/// Recomputes every cell's stored median, after counting in bulk (a rebuild, `liuyan generate`): the
/// histograms of a hundred scopes at a time, so memory stays bounded.
pub async fn refresh_all_medians(conn: &impl ConnectionTrait) -> StoreResult<()> {
    let backend = conn.get_database_backend();
    let scopes: Vec<String> = conn
        .query_all_raw(statement(backend, "SELECT DISTINCT scope FROM stat_handling_days ORDER BY scope", vec![]))
        .await?
        .iter()
        .map(|r| r.try_get_by_index(0))
        .collect::<Result<_, _>>()?;
    for chunk in scopes.chunks(100) {
        let sql = format!(
            "SELECT scope, facet, grain, period, days, messages FROM stat_handling_days WHERE scope IN ({})",
            vec!["?"; chunk.len()].join(", ")
        );
        // (scope, facet, grain, period) → (days, messages).
        type Histograms = BTreeMap<(String, String, String, String), Vec<(i64, i64)>>;
        let mut hists = Histograms::new();
        for row in
            conn.query_all_raw(statement(backend, &sql, chunk.iter().map(|s| s.clone().into()).collect())).await?
        {
            let d: i32 = row.try_get_by_index(4)?;
            hists
                .entry((
                    row.try_get_by_index(0)?,
                    row.try_get_by_index(1)?,
                    row.try_get_by_index(2)?,
                    row.try_get_by_index(3)?,
                ))
                .or_default()
                .push((i64::from(d), row.try_get_by_index(5)?));
        }
        let medians: Vec<_> = hists.into_iter().map(|(k, h)| (k, median(&h))).collect();
        for rows in medians.chunks(ROWS_PER_STATEMENT) {
            // Every histogram's cell exists: the insert only ever takes the update path.
            let sql = format!(
                "INSERT INTO stat_cells (scope, facet, grain, period, {}, median_days) VALUES {} \
                 ON CONFLICT (scope, facet, grain, period) DO UPDATE SET median_days = excluded.median_days",
                TALLY_COLUMNS.join(", "),
                vec![format!("(?, ?, ?, ?, {}, ?)", ["0"; 10].join(", ")); rows.len()].join(", "),
            );
            let mut values = Vec::with_capacity(rows.len() * 5);
            for ((scope, facet, grain, period), m) in rows {
                values.extend([
                    scope.clone().into(),
                    facet.clone().into(),
                    grain.clone().into(),
                    period.clone().into(),
                ]);
                values.push(Value::from(*m));
            }
            conn.execute_raw(statement(backend, &sql, values)).await?;
        }
    }
    Ok(())
}

/// `?` placeholders become `$1, $2, …` on PostgreSQL.
fn statement(backend: DatabaseBackend, sql: &str, values: Vec<Value>) -> Statement {
    let sql = match backend {
        DatabaseBackend::Postgres => {
            let mut out = String::with_capacity(sql.len() + 16);
            let mut n = 0;
            for c in sql.chars() {
                if c == '?' {
                    n += 1;
                    out.push_str(&format!("${n}"));
                } else {
                    out.push(c);
                }
            }
            out
        }
        _ => sql.to_owned(),
    };
    Statement::from_sql_and_values(backend, sql, values)
}

fn key_values(k: &CellKey) -> [Value; 4] {
    [k.scope.clone().into(), k.facet.clone().into(), k.grain.code().into(), k.period.clone().into()]
}

/// Adds the changes to the cells (in key order: see the module).
pub(crate) async fn apply(conn: &impl ConnectionTrait, changes: &Changes) -> StoreResult<()> {
    let backend = conn.get_database_backend();
    let tallies: Vec<(&CellKey, &Tally)> = changes.tallies.iter().collect();
    let add = TALLY_COLUMNS.map(|c| format!("{c} = stat_cells.{c} + excluded.{c}")).join(", ");
    for chunk in tallies.chunks(ROWS_PER_STATEMENT) {
        let row = format!("(?, ?, ?, ?, {})", ["?"; 10].join(", "));
        let sql = format!(
            "INSERT INTO stat_cells (scope, facet, grain, period, {}) VALUES {} \
             ON CONFLICT (scope, facet, grain, period) DO UPDATE SET {add}",
            TALLY_COLUMNS.join(", "),
            vec![row; chunk.len()].join(", "),
        );
        let mut values = Vec::with_capacity(chunk.len() * 14);
        for (k, t) in chunk {
            values.extend(key_values(k));
            values.extend(
                [
                    t.messages,
                    t.suggestions,
                    t.replied,
                    t.on_time,
                    t.handling_seconds,
                    t.rated,
                    t.satisfied,
                    t.basically_satisfied,
                    t.dissatisfied,
                    t.closed,
                ]
                .map(Value::from),
            );
        }
        conn.execute_raw(statement(backend, &sql, values)).await?;
    }
    let days: Vec<(&(CellKey, i64), &i64)> = changes.days.iter().collect();
    for chunk in days.chunks(ROWS_PER_STATEMENT) {
        let sql = format!(
            "INSERT INTO stat_handling_days (scope, facet, grain, period, days, messages) VALUES {} \
             ON CONFLICT (scope, facet, grain, period, days) \
             DO UPDATE SET messages = stat_handling_days.messages + excluded.messages",
            vec!["(?, ?, ?, ?, ?, ?)"; chunk.len()].join(", "),
        );
        let mut values = Vec::with_capacity(chunk.len() * 6);
        for ((k, d), n) in chunk {
            values.extend(key_values(k));
            values.push((*d as i32).into());
            values.push((**n).into());
        }
        conn.execute_raw(statement(backend, &sql, values)).await?;
    }
    let words: Vec<(&WordKey, &i64)> = changes.words.iter().collect();
    for chunk in words.chunks(ROWS_PER_STATEMENT) {
        let sql = format!(
            "INSERT INTO stat_words (scope, grain, period, word, messages) VALUES {} \
             ON CONFLICT (scope, grain, period, word) DO UPDATE SET messages = stat_words.messages + excluded.messages",
            vec!["(?, ?, ?, ?, ?)"; chunk.len()].join(", "),
        );
        let mut values = Vec::with_capacity(chunk.len() * 5);
        for (k, n) in chunk {
            values.extend([
                k.scope.clone().into(),
                k.grain.code().into(),
                k.period.clone().into(),
                k.word.clone().into(),
                Value::from(**n),
            ]);
        }
        conn.execute_raw(statement(backend, &sql, values)).await?;
    }
    Ok(())
}

#[derive(FromQueryResult)]
struct CountedMessage {
    id: i64,
    created_at: chrono::DateTime<chrono::Utc>,
    status: String,
    message_type: String,
    domain: String,
    province_code: String,
    region_code: String,
    leader_id: i64,
    unit_id: Option<i64>,
    first_answered_at: Option<chrono::DateTime<chrono::Utc>>,
    first_answer_on_time: bool,
    satisfaction: Option<String>,
    listed: bool,
    keywords: Option<String>,
}

impl CountedMessage {
    fn facts(&self) -> StatFacts {
        let status = MessageStatus::parse(&self.status).unwrap_or(MessageStatus::Submitted);
        StatFacts {
            created_at: self.created_at,
            counted: status.is_listed(),
            message_type: MessageType::parse(&self.message_type).unwrap_or(MessageType::Consultation),
            domain: Domain::parse(&self.domain).unwrap_or(Domain::Other),
            province_code: self.province_code.clone(),
            region_code: self.region_code.clone(),
            leader_id: self.leader_id,
            unit_id: self.unit_id,
            first_answered_at: self.first_answered_at,
            first_answer_on_time: self.first_answer_on_time,
            satisfaction: self.satisfaction.as_deref().and_then(Satisfaction::parse),
            closed: status == MessageStatus::Closed,
            listed: self.listed,
            keywords: keywords_list(self.keywords.as_deref()),
        }
    }
}

/// Recounts every cell from the messages, in one transaction; answers how many messages it read.
/// Memory stays bounded: counts are flushed (added) every so many cells.
pub async fn rebuild(db: &Db) -> StoreResult<u64> {
    use message::Column as C;
    let txn = db.begin_write().await?;
    txn.execute_unprepared("DELETE FROM stat_handling_days").await?;
    txn.execute_unprepared("DELETE FROM stat_cells").await?;
    txn.execute_unprepared("DELETE FROM stat_words").await?;
    let (mut last, mut read) = (0i64, 0u64);
    let mut pending = Changes::default();
    loop {
        let rows = message::Entity::find()
            .select_only()
            .columns([
                C::Id,
                C::CreatedAt,
                C::Status,
                C::MessageType,
                C::Domain,
                C::ProvinceCode,
                C::RegionCode,
                C::LeaderId,
                C::UnitId,
                C::FirstAnsweredAt,
                C::FirstAnswerOnTime,
                C::Satisfaction,
                C::Listed,
                C::Keywords,
            ])
            .filter(C::Id.gt(last))
            .order_by_asc(C::Id)
            .limit(5000)
            .into_model::<CountedMessage>()
            .all(&txn)
            .await?;
        let Some(tail) = rows.last() else { break };
        last = tail.id;
        read += rows.len() as u64;
        for m in &rows {
            pending.count(&m.facts(), 1);
        }
        if pending.tallies.len() + pending.words.len() > 50_000 {
            apply(&txn, &std::mem::take(&mut pending)).await?;
        }
    }
    apply(&txn, &pending).await?;
    refresh_all_medians(&txn).await?;
    txn.commit().await?;
    Ok(read)
}

/// At start-up: counts the messages written before the cells (or the hot words) existed, once per
/// database; later changes count themselves.
pub async fn backfill(db: &Db) -> StoreResult<u64> {
    use crate::entities::setting;
    // One flag per kind of cell added since: a database with the older cells only is recounted once.
    const DONE: [&str; 3] = ["stats_built", "hot_words_built", "medians_built"];
    let mut done = true;
    for flag in DONE {
        done &= setting::Entity::find_by_id(flag.to_owned()).one(&db.read).await?.is_some();
    }
    if done {
        return Ok(0);
    }
    fill_keywords(db).await?;
    let n = rebuild(db).await?;
    for flag in DONE {
        crate::accounts::setting_or_init(db, flag, || "1".into()).await?;
    }
    Ok(n)
}

/// Computes the keywords of messages written before they were kept, in batches of their own
/// transactions (a batch left undone is picked up by the next start).
async fn fill_keywords(db: &Db) -> StoreResult<()> {
    use message::Column as C;
    let mut last = 0i64;
    loop {
        let rows: Vec<(i64, String, String)> = message::Entity::find()
            .select_only()
            .columns([C::Id, C::Title, C::Body])
            .filter(C::Id.gt(last))
            .filter(C::Keywords.is_null())
            .order_by_asc(C::Id)
            .limit(2000)
            .into_tuple()
            .all(&db.read)
            .await?;
        let Some(tail) = rows.last() else { return Ok(()) };
        last = tail.0;
        let txn = db.begin_write().await?;
        for (id, title, body) in &rows {
            message::Entity::update_many()
                .col_expr(C::Keywords, sea_orm::sea_query::Expr::value(keywords_of(title, body)))
                .filter(C::Id.eq(*id))
                .exec(&txn)
                .await?;
        }
        txn.commit().await?;
    }
}

// ---------- reading ----------

fn sums() -> String {
    TALLY_COLUMNS.map(|c| format!("COALESCE(CAST(SUM({c}) AS BIGINT), 0)")).join(", ")
}

fn tally_at(row: &sea_orm::QueryResult, first: usize) -> StoreResult<Tally> {
    let v = |i: usize| row.try_get_by_index::<i64>(first + i);
    Ok(Tally {
        messages: v(0)?,
        suggestions: v(1)?,
        replied: v(2)?,
        on_time: v(3)?,
        handling_seconds: v(4)?,
        rated: v(5)?,
        satisfied: v(6)?,
        basically_satisfied: v(7)?,
        dissatisfied: v(8)?,
        closed: v(9)?,
    })
}

/// The cells one read covers: scopes (one, or all starting with a prefix), a facet (one, or all of a
/// kind) and a period range.
struct Cells<'a> {
    scopes: ScopeSet<'a>,
    facets: FacetSet,
    range: &'a PeriodRange,
}

enum ScopeSet<'a> {
    Keys(&'a [String]),
    /// `u:`, `l:` or `r:`: every scope of a kind (read through the index by grain, facet and period).
    Prefix(&'static str),
}

enum FacetSet {
    One(String),
    /// Every domain's or every type's.
    Each(Vec<String>),
}

impl Cells<'_> {
    /// The WHERE clause and its values.
    fn condition(&self) -> (String, Vec<Value>) {
        // One period: an equality, so the index also bounds the scopes that follow it.
        let (mut sql, mut values): (String, Vec<Value>) = if self.range.from == self.range.to {
            ("grain = ? AND period = ?".into(), vec![self.range.grain.code().into(), self.range.from.clone().into()])
        } else {
            (
                "grain = ? AND period >= ? AND period <= ?".into(),
                vec![self.range.grain.code().into(), self.range.from.clone().into(), self.range.to.clone().into()],
            )
        };
        match &self.scopes {
            ScopeSet::Keys(keys) => {
                sql.push_str(&format!(" AND scope IN ({})", vec!["?"; keys.len().max(1)].join(", ")));
                if keys.is_empty() {
                    values.push("".into());
                }
                values.extend(keys.iter().map(|k| Value::from(k.clone())));
            }
            ScopeSet::Prefix(p) => {
                // A range rather than LIKE, so both stores use the index.
                sql.push_str(" AND scope >= ? AND scope < ?");
                values.push((*p).into());
                values.push(prefix_end(p).into());
            }
        }
        match &self.facets {
            FacetSet::One(f) => {
                sql.push_str(" AND facet = ?");
                values.push(f.clone().into());
            }
            // Listed rather than a range, so both stores read the cells by their key.
            FacetSet::Each(keys) => {
                sql.push_str(&format!(" AND facet IN ({})", vec!["?"; keys.len()].join(", ")));
                values.extend(keys.iter().map(|k| Value::from(k.clone())));
            }
        }
        (sql, values)
    }

    /// Tallies and histograms grouped by `group` (a column, or `''` for one group).
    /// `with_days`: read the histograms too (for medians), the larger part of the work.
    async fn read(
        &self,
        conn: &impl ConnectionTrait,
        group: &str,
        with_days: bool,
    ) -> StoreResult<BTreeMap<String, Measures>> {
        let backend = conn.get_database_backend();
        let (cond, values) = self.condition();
        // Histograms are kept for the all-facet only (see `Facet::keeps_days`).
        let with_days = with_days && matches!(&self.facets, FacetSet::One(f) if f == "*");
        // When each group is one cell, its stored median is the group's: no histogram to read.
        let one_cell = (group == "scope" || matches!(self.scopes, ScopeSet::Keys(k) if k.len() == 1))
            && (group == "facet" || matches!(self.facets, FacetSet::One(_)))
            && (group == "period" || self.range.from == self.range.to);
        let stored = if with_days && one_cell { ", median_days" } else { "" };
        // One cell per group: its row as it is, without summing (most of the work for thousands of units).
        let sql = if one_cell {
            format!("SELECT {group}, {}{stored} FROM stat_cells WHERE {cond}", TALLY_COLUMNS.join(", "))
        } else {
            format!("SELECT {group}, {} FROM stat_cells WHERE {cond} GROUP BY {group}", sums())
        };
        let mut tallies: BTreeMap<String, Tally> = BTreeMap::new();
        let mut medians: HashMap<String, Option<f64>> = HashMap::new();
        for row in conn.query_all_raw(statement(backend, &sql, values.clone())).await? {
            let key: String = row.try_get_by_index(0)?;
            if !stored.is_empty() {
                medians.insert(key.clone(), row.try_get_by_index(11)?);
            }
            tallies.insert(key, tally_at(&row, 1)?);
        }
        let mut days: HashMap<String, Vec<(i64, i64)>> = HashMap::new();
        if !with_days || !stored.is_empty() {
            return Ok(tallies
                .into_iter()
                .map(|(k, t)| {
                    let mut m = Measures::new(t, &[]);
                    m.median_handling_days = medians.remove(&k).flatten();
                    (k, m)
                })
                .collect());
        }
        let sql = format!(
            "SELECT {group}, days, CAST(SUM(messages) AS BIGINT) FROM stat_handling_days WHERE {cond} \
             GROUP BY {group}, days"
        );
        for row in conn.query_all_raw(statement(backend, &sql, values)).await? {
            let key: String = row.try_get_by_index(0)?;
            let d: i32 = row.try_get_by_index(1)?;
            days.entry(key).or_default().push((i64::from(d), row.try_get_by_index(2)?));
        }
        Ok(tallies
            .into_iter()
            .map(|(k, t)| {
                let hist = days.remove(&k).unwrap_or_default();
                (k, Measures::new(t, &hist))
            })
            .collect())
    }

    /// The scopes of these cells ranked by the database, so only the rows shown leave it: the same
    /// order as [`Ranking::rank`] (the same floating-point divisions, then messages, then the key).
    /// Not for medians, which are not sums. When each row is one cell its stored median comes along
    /// (the `bool` says so); otherwise [`add_medians`] is left to find the medians of the rows shown.
    async fn ranked(
        &self,
        conn: &impl ConnectionTrait,
        ranking: &Ranking,
    ) -> StoreResult<(Vec<(String, Measures)>, bool)> {
        let backend = conn.get_database_backend();
        let (cond, mut values) = self.condition();
        let one_cell = self.range.from == self.range.to && matches!(self.facets, FacetSet::One(_));
        let col = |c: &str| if one_cell { c.to_owned() } else { format!("SUM({c})") };
        let ratio = |part: String, whole: String| format!("CAST({part} AS DOUBLE PRECISION) / NULLIF({whole}, 0)");
        let (measure, order) = match ranking.by {
            RankBy::Messages => (col("messages"), "DESC"),
            RankBy::ReplyRate => (ratio(col("replied"), col("messages")), "DESC"),
            RankBy::OnTimeRate => (ratio(col("on_time"), col("replied")), "DESC"),
            RankBy::SatisfactionRate => {
                (ratio(format!("{} + {}", col("satisfied"), col("basically_satisfied")), col("rated")), "DESC")
            }
            RankBy::AvgHandlingDays => (ratio(col("handling_seconds"), format!("{} * 86400", col("replied"))), "ASC"),
            RankBy::MedianHandlingDays => {
                return Err(sea_orm::DbErr::Custom("medians are ranked from the histograms".into()).into());
            }
        };
        // Byte order, as the keys compare in Rust.
        let key = if backend == DatabaseBackend::Postgres { r#"scope COLLATE "C""# } else { "scope" };
        let (select, min) = if one_cell {
            let columns = TALLY_COLUMNS.join(", ");
            (format!("SELECT scope, {columns}, median_days FROM stat_cells WHERE {cond} AND messages >= ?"), "")
        } else {
            (
                format!("SELECT scope, {} FROM stat_cells WHERE {cond} GROUP BY scope", sums()),
                " HAVING SUM(messages) >= ?",
            )
        };
        let messages = col("messages");
        let sql = format!("{select}{min} ORDER BY {measure} {order} NULLS LAST, {messages} DESC, {key} LIMIT ?");
        values.push(ranking.min_messages.into());
        values.push(i64::try_from(ranking.limit).unwrap_or(i64::MAX).into());
        let rows = conn
            .query_all_raw(statement(backend, &sql, values))
            .await?
            .iter()
            .map(|row| {
                let mut m = Measures::new(tally_at(row, 1)?, &[]);
                if one_cell {
                    m.median_handling_days = row.try_get_by_index(11)?;
                }
                Ok((row.try_get_by_index(0)?, m))
            })
            .collect::<StoreResult<_>>()?;
        Ok((rows, one_cell))
    }
}

/// The first string after every string starting with `p` (`u:` → `u;`).
fn prefix_end(p: &str) -> String {
    let mut s = p.to_owned();
    if let Some(last) = s.pop() {
        s.push(char::from_u32(last as u32 + 1).unwrap_or(char::MAX));
    }
    s
}

/// Daily cells are kept for everything and regions, all domains and types (see `kept`).
fn check_grain(scope: &Scope, facet: &Facet, range: &PeriodRange) -> StoreResult<()> {
    if kept(scope, facet, range.grain) { Ok(()) } else { Err(daily_refused()) }
}

fn daily_refused() -> StoreError {
    StoreError::invalid(
        "from",
        "daily_unavailable",
        "daily figures are kept for everything and for regions, all domains and types; ask by month",
    )
}

/// The figures of one scope and facet over a range.
pub async fn measures(db: &Db, scope: &Scope, facet: &Facet, range: &PeriodRange) -> StoreResult<Measures> {
    check_grain(scope, facet, range)?;
    let keys = [scope.key()];
    let cells = Cells { scopes: ScopeSet::Keys(&keys), facets: FacetSet::One(facet.key()), range };
    Ok(cells
        .read(&db.read, "scope", true)
        .await?
        .remove(&keys[0])
        .unwrap_or_else(|| Measures::new(Tally::default(), &[])))
}

/// The figures of one scope and facet for each period of a range (empty periods included).
pub async fn series(
    db: &Db,
    scope: &Scope,
    facet: &Facet,
    range: &PeriodRange,
    periods: &[String],
) -> StoreResult<Vec<(String, Measures)>> {
    check_grain(scope, facet, range)?;
    let keys = [scope.key()];
    let cells = Cells { scopes: ScopeSet::Keys(&keys), facets: FacetSet::One(facet.key()), range };
    let mut by_period = cells.read(&db.read, "period", true).await?;
    Ok(periods
        .iter()
        .map(|p| (p.clone(), by_period.remove(p).unwrap_or_else(|| Measures::new(Tally::default(), &[]))))
        .collect())
}

/// What a breakdown splits the figures by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Breakdown {
    Domain,
    Type,
    /// The regions under the scope's (the provinces for everything).
    Region,
    Leader,
    Unit,
}

/// One row of a breakdown: the key (`environment`, `440100`, a leader's or unit's id), a label.
#[derive(Debug, Clone)]
pub struct BreakdownRow {
    /// The cell's scope or facet key (`u:12`, `d:transport`).
    pub cell: String,
    pub key: String,
    pub label: String,
    pub measures: Measures,
}

/// The figures of a scope split by `by`, over a range, for the rows with any messages, ranked. Only a
/// ranking by median reads every row's histogram (most of the work for thousands of units); otherwise
/// the rows are ranked first and only those shown get their medians.
pub async fn breakdown(
    db: &Db,
    by: Breakdown,
    scope: &Scope,
    facet: &Facet,
    range: &PeriodRange,
    ranking: &Ranking,
) -> StoreResult<Vec<BreakdownRow>> {
    check_grain(scope, facet, range)?;
    let with_medians = ranking.by == RankBy::MedianHandlingDays;
    let conn = &db.read;
    let one = [scope.key()];
    let rows: Vec<(String, String, String, Measures)> = match by {
        Breakdown::Domain | Breakdown::Type => {
            if *facet != Facet::All {
                return Err(StoreError::invalid(
                    "by",
                    "facet_and_breakdown",
                    "a breakdown by domain or type takes no domain or type filter",
                ));
            }
            if range.grain == Grain::Day {
                return Err(daily_refused());
            }
            let facets: Vec<String> = if by == Breakdown::Domain {
                Domain::ALL.iter().map(|d| Facet::Domain(*d).key()).collect()
            } else {
                MessageType::ALL.iter().map(|t| Facet::Type(*t).key()).collect()
            };
            let cells = Cells { scopes: ScopeSet::Keys(&one), facets: FacetSet::Each(facets), range };
            cells
                .read(conn, "facet", false)
                .await?
                .into_iter()
                .map(|(k, m)| {
                    let key = k[2..].to_owned();
                    (k, key.clone(), key, m)
                })
                .collect()
        }
        Breakdown::Region | Breakdown::Leader | Breakdown::Unit => {
            let within = match scope {
                Scope::All => None,
                Scope::Region(code) => Some(code.as_str()),
                _ => {
                    return Err(StoreError::invalid(
                        "by",
                        "breakdown_scope",
                        "regions, leaders and units break down a region or everything",
                    ));
                }
            };
            if within.is_none() && by != Breakdown::Region {
                // Everything's leaders or units: one index range instead of thousands of keys, and
                // no names yet: `add_labels` names the rows shown, not the thousands ranked.
                // Unless medians are wanted, the database ranks them and hands over only the rows shown.
                let prefix = if by == Breakdown::Leader { "l:" } else { "u:" };
                let cells = Cells { scopes: ScopeSet::Prefix(prefix), facets: FacetSet::One(facet.key()), range };
                let unnamed = |(k, m): (String, Measures)| {
                    let key = k[2..].to_owned();
                    BreakdownRow { cell: k, key, label: String::new(), measures: m }
                };
                if !with_medians {
                    let (ranked, with_stored_medians) = cells.ranked(conn, ranking).await?;
                    let mut rows: Vec<BreakdownRow> = ranked.into_iter().map(unnamed).collect();
                    if !with_stored_medians {
                        add_medians(db, &mut rows, facet, range).await?;
                    }
                    return Ok(rows);
                }
                cells
                    .read(conn, "scope", true)
                    .await?
                    .into_iter()
                    .map(|(k, m)| (k.clone(), k[2..].to_owned(), String::new(), m))
                    .collect()
            } else {
                // Only the regions, leaders and units concerned: a region's own and its cities'.
                let regions = match within {
                    None => region::Entity::find().filter(region::Column::ParentCode.is_null()).all(conn).await?,
                    Some(w) => {
                        region::Entity::find()
                            .filter(
                                sea_orm::Condition::any()
                                    .add(region::Column::Code.eq(w))
                                    .add(region::Column::ParentCode.eq(w)),
                            )
                            .all(conn)
                            .await?
                    }
                };
                let codes: Vec<String> = regions.iter().map(|r| r.code.clone()).collect();
                // (scope key, our key, label)
                let members: Vec<(String, String, String)> = match by {
                    Breakdown::Region => regions
                        .iter()
                        .filter(|r| within.is_none() || r.parent_code.as_deref() == within)
                        .map(|r| (Scope::Region(r.code.clone()).key(), r.code.clone(), r.name.clone()))
                        .collect(),
                    Breakdown::Leader => leader::Entity::find()
                        .filter(leader::Column::RegionCode.is_in(codes))
                        .all(conn)
                        .await?
                        .into_iter()
                        .map(|l| (Scope::Leader(l.id).key(), l.id.to_string(), l.name))
                        .collect(),
                    _ => unit::Entity::find()
                        .filter(unit::Column::RegionCode.is_in(codes))
                        .all(conn)
                        .await?
                        .into_iter()
                        .map(|u| (Scope::Unit(u.id).key(), u.id.to_string(), u.name))
                        .collect(),
                };
                let keys: Vec<String> = members.iter().map(|(k, _, _)| k.clone()).collect();
                let cells = Cells { scopes: ScopeSet::Keys(&keys), facets: FacetSet::One(facet.key()), range };
                let mut found = cells.read(conn, "scope", with_medians).await?;
                members.into_iter().filter_map(|(k, key, label)| found.remove(&k).map(|m| (k, key, label, m))).collect()
            }
        }
    };
    let rows = rows
        .into_iter()
        .filter(|(_, _, _, m)| m.tally.messages > 0)
        .map(|(cell, key, label, measures)| BreakdownRow { cell, key, label, measures })
        .collect();
    let mut rows = ranking.rank(rows, |r| &r.measures, |r| &r.key);
    if !with_medians {
        add_medians(db, &mut rows, facet, range).await?;
    }
    Ok(rows)
}

/// Names the leader and unit rows left unnamed by [`breakdown`] (nationwide ones), after ranking.
pub async fn add_labels(db: &Db, rows: &mut [BreakdownRow]) -> StoreResult<()> {
    let unnamed = |prefix: char| -> Vec<i64> {
        rows.iter()
            .filter(|r| r.label.is_empty() && r.cell.starts_with(prefix))
            .filter_map(|r| r.key.parse().ok())
            .collect()
    };
    let (leaders, units) = (unnamed('l'), unnamed('u'));
    let mut names: HashMap<String, String> = HashMap::new();
    if !leaders.is_empty() {
        for l in leader::Entity::find().filter(leader::Column::Id.is_in(leaders)).all(&db.read).await? {
            names.insert(Scope::Leader(l.id).key(), l.name);
        }
    }
    if !units.is_empty() {
        for u in unit::Entity::find().filter(unit::Column::Id.is_in(units)).all(&db.read).await? {
            names.insert(Scope::Unit(u.id).key(), u.name);
        }
    }
    for r in rows.iter_mut().filter(|r| r.label.is_empty()) {
        if let Some(name) = names.remove(&r.cell) {
            r.label = name;
        }
    }
    Ok(())
}

/// Fills in the medians of breakdown rows of regions, leaders or units read without them.
async fn add_medians(db: &Db, rows: &mut [BreakdownRow], facet: &Facet, range: &PeriodRange) -> StoreResult<()> {
    if !facet.keeps_days() || rows.is_empty() || !rows.iter().all(|r| r.cell.starts_with(['r', 'l', 'u'])) {
        return Ok(());
    }
    let keys: Vec<String> = rows.iter().map(|r| r.cell.clone()).collect();
    let cells = Cells { scopes: ScopeSet::Keys(&keys), facets: FacetSet::One(facet.key()), range };
    let mut found = cells.read(&db.read, "scope", true).await?;
    for r in rows {
        if let Some(m) = found.remove(&r.cell) {
            r.measures = m;
        }
    }
    Ok(())
}

// ---------- hot words ----------

/// A word and the number of messages it is a keyword of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HotWord {
    pub word: String,
    pub messages: i64,
}

/// The `limit` hot words of a scope (everything or a region) in one period (`grain` all, year or
/// month): the most messages first, then by word. One index range read (`stat_words_top`).
pub async fn hot_words(db: &Db, scope: &Scope, grain: Grain, period: &str, limit: u64) -> StoreResult<Vec<HotWord>> {
    if grain == Grain::Day {
        return Err(StoreError::invalid(
            "period",
            "daily_unavailable",
            "hot words are kept by month, year and all time; ask by month",
        ));
    }
    let conn = &db.read;
    let backend = conn.get_database_backend();
    let sql = "SELECT word, messages FROM stat_words WHERE scope = ? AND grain = ? AND period = ? AND messages > 0 \
               ORDER BY messages DESC, word LIMIT ?";
    let values: Vec<Value> = vec![scope.key().into(), grain.code().into(), period.into(), (limit as i64).into()];
    let mut out = Vec::new();
    for row in conn.query_all_raw(statement(backend, sql, values)).await? {
        out.push(HotWord { word: row.try_get_by_index(0)?, messages: row.try_get_by_index(1)? });
    }
    Ok(out)
}
