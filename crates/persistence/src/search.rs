//! Full-text search over public messages and their published replies (see `liuyan_domain::search` for
//! the terms). The index is written in the same transaction as the text it holds: when a message is
//! written and when a reply is published. `index_missing` fills it for rows written otherwise (before
//! this index existed, or by `liuyan generate`).
//!
//! Ranking is the same on both stores, so both give the same results in the same order: messages
//! whose title holds every term first, then those where the terms are anywhere in the text or the
//! replies; newest first within each.

use std::collections::BTreeMap;

use liuyan_domain::masking::mask_public_text;
use liuyan_domain::search::{index_terms, query_terms};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseBackend, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Statement,
};

use crate::Db;
use crate::entities::{message, reply};
use crate::error::{StoreError, StoreResult};
use crate::messages::{MessageFilter, MessageRecord, with_names};

/// Where a page of results ends: the ranking tier (0 = title hits, 1 = the rest) and the last id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SearchAfter {
    pub tier: u8,
    pub id: i64,
}

pub struct SearchPage {
    pub items: Vec<MessageRecord>,
    pub terms: Vec<String>,
    pub next: Option<SearchAfter>,
}

/// Writes the index row of one message from its title, body and published replies, as the public
/// reads them (masked).
pub async fn index_message(conn: &impl ConnectionTrait, id: i64) -> StoreResult<()> {
    let Some(m) = message::Entity::find_by_id(id).one(conn).await? else { return Ok(()) };
    let replies: Vec<String> = reply::Entity::find()
        .select_only()
        .column(reply::Column::Body)
        .filter(reply::Column::MessageId.eq(id))
        .filter(reply::Column::Status.eq("published"))
        .into_tuple()
        .all(conn)
        .await?;
    write_index(conn, id, &m.title, &m.body, &replies).await
}

/// Writes the index row of message `id` from its texts (the published replies' only).
pub async fn write_index(
    conn: &impl ConnectionTrait,
    id: i64,
    title: &str,
    body: &str,
    replies: &[String],
) -> StoreResult<()> {
    let title = index_terms(&mask_public_text(title));
    let mut text = mask_public_text(body);
    for r in replies {
        text.push('\n');
        text.push_str(&mask_public_text(r));
    }
    let body = index_terms(&text);
    let backend = conn.get_database_backend();
    match backend {
        DatabaseBackend::Postgres => {
            conn.execute_raw(Statement::from_sql_and_values(
                backend,
                "UPDATE messages SET search_doc = $1::tsvector WHERE id = $2",
                [tsvector(&title, &body).into(), id.into()],
            ))
            .await?;
        }
        _ => {
            conn.execute_raw(Statement::from_sql_and_values(
                backend,
                "DELETE FROM message_search WHERE rowid = ?",
                [id.into()],
            ))
            .await?;
            conn.execute_raw(Statement::from_sql_and_values(
                backend,
                "INSERT INTO message_search (rowid, title, body) VALUES (?, ?, ?)",
                [id.into(), title.join(" ").into(), body.join(" ").into()],
            ))
            .await?;
        }
    }
    Ok(())
}

/// Writes the index rows of messages that have none yet, many per statement (for bulk loading): each
/// is (id, title, body, published replies).
pub async fn write_index_new(
    conn: &impl ConnectionTrait,
    batch: &[(i64, String, String, Vec<String>)],
) -> StoreResult<()> {
    let backend = conn.get_database_backend();
    for chunk in batch.chunks(500) {
        let mut values: Vec<sea_orm::Value> = Vec::with_capacity(chunk.len() * 3);
        let mut rows = Vec::with_capacity(chunk.len());
        for (i, (id, title, body, replies)) in chunk.iter().enumerate() {
            let title = index_terms(&mask_public_text(title));
            let mut text = mask_public_text(body);
            for r in replies {
                text.push('\n');
                text.push_str(&mask_public_text(r));
            }
            let body = index_terms(&text);
            match backend {
                DatabaseBackend::Postgres => {
                    rows.push(format!("(${}::bigint, ${}::tsvector)", 2 * i + 1, 2 * i + 2));
                    values.push((*id).into());
                    values.push(tsvector(&title, &body).into());
                }
                _ => {
                    rows.push("(?, ?, ?)".to_string());
                    values.push((*id).into());
                    values.push(title.join(" ").into());
                    values.push(body.join(" ").into());
                }
            }
        }
        let sql = match backend {
            DatabaseBackend::Postgres => format!(
                "UPDATE messages AS m SET search_doc = v.doc FROM (VALUES {}) AS v(id, doc) WHERE m.id = v.id",
                rows.join(", ")
            ),
            _ => format!("INSERT INTO message_search (rowid, title, body) VALUES {}", rows.join(", ")),
        };
        conn.execute_raw(Statement::from_sql_and_values(backend, sql, values)).await?;
    }
    Ok(())
}

/// A `tsvector` literal: title terms weighted A, body terms B, each with its positions. Written as a
/// literal (not through `to_tsvector`) so that PostgreSQL's parser and locale never re-cut the terms.
fn tsvector(title: &[String], body: &[String]) -> String {
    let mut positions: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for (i, t) in title.iter().enumerate() {
        positions.entry(t).or_default().push(format!("{}A", (i + 1).min(16_383)));
    }
    for (i, t) in body.iter().enumerate() {
        positions.entry(t).or_default().push(format!("{}B", (title.len() + i + 1).min(16_383)));
    }
    positions.into_iter().map(|(t, p)| format!("{}:{}", quote_lexeme(t), p.join(","))).collect::<Vec<_>>().join(" ")
}

fn quote_lexeme(t: &str) -> String {
    format!("'{}'", t.replace('\\', "\\\\").replace('\'', "''"))
}

/// Indexes, in batches, messages that have no index row yet; answers how many. Walks the messages
/// once by id (each lookup in the index is by key), so it costs one pass however many are missing.
pub async fn index_missing(db: &Db) -> StoreResult<u64> {
    let backend = db.backend();
    let find = match backend {
        DatabaseBackend::Postgres => {
            "SELECT id FROM messages WHERE id > $1 AND search_doc IS NULL ORDER BY id LIMIT 500"
        }
        _ => {
            "SELECT id FROM messages m WHERE m.id > ? \
             AND NOT EXISTS (SELECT 1 FROM message_search s WHERE s.rowid = m.id) ORDER BY m.id LIMIT 500"
        }
    };
    let (mut done, mut last) = (0, 0i64);
    loop {
        let rows = db.read.query_all_raw(Statement::from_sql_and_values(backend, find, [last.into()])).await?;
        if rows.is_empty() {
            return Ok(done);
        }
        let txn = db.begin_write().await?;
        for row in &rows {
            let id: i64 = row.try_get_by_index(0)?;
            index_message(&txn, id).await?;
            last = id;
        }
        txn.commit().await?;
        done += rows.len() as u64;
    }
}

/// At start-up: indexes the messages written before the index existed, once per database (the
/// settings remember it); later writes index themselves.
pub async fn backfill(db: &Db) -> StoreResult<u64> {
    use crate::entities::setting;
    const DONE: &str = "search_backfilled";
    if setting::Entity::find_by_id(DONE.to_owned()).one(&db.read).await?.is_some() {
        return Ok(0);
    }
    let n = index_missing(db).await?;
    crate::accounts::setting_or_init(db, DONE, || "1".into()).await?;
    Ok(n)
}

/// The index conditions for one tier: every term in the title (tier 0), or every term anywhere but
/// not every one in the title (tier 1).
fn tier_condition(backend: DatabaseBackend, terms: &[String], tier: u8) -> sea_orm::sea_query::SimpleExpr {
    match backend {
        DatabaseBackend::Postgres => {
            let all = terms.iter().map(|t| quote_lexeme(t)).collect::<Vec<_>>().join(" & ");
            let title = terms.iter().map(|t| format!("{}:A", quote_lexeme(t))).collect::<Vec<_>>().join(" & ");
            let q = if tier == 0 { title } else { format!("({all}) & !({title})") };
            Expr::cust_with_values(r#""messages"."search_doc" @@ CAST($1 AS tsquery)"#, [q])
        }
        _ => {
            let quoted: Vec<String> = terms.iter().map(|t| format!("\"{}\"", t.replace('"', "\"\""))).collect();
            let all = quoted.join(" AND ");
            let title = format!("title : ({all})");
            let q = if tier == 0 { title } else { format!("({all}) NOT {title}") };
            Expr::cust_with_values(
                r#""messages"."id" IN (SELECT rowid FROM message_search WHERE message_search MATCH ?)"#,
                [q],
            )
        }
    }
}

/// Public messages matching `query` and the list filters, ranked (see the module), `limit` a page.
pub async fn search(
    db: &Db,
    query: &str,
    filter: &MessageFilter,
    after: Option<SearchAfter>,
    limit: u64,
) -> StoreResult<SearchPage> {
    let terms = query_terms(query);
    if terms.is_empty() {
        return Err(StoreError::invalid("q", "required", "must contain a word to search for"));
    }
    let backend = db.backend();
    let mut rows: Vec<(u8, message::Model)> = Vec::new();
    let start = after.map(|a| a.tier).unwrap_or(0);
    for tier in start..=1 {
        let want = limit + 1 - rows.len() as u64;
        if want == 0 {
            break;
        }
        let mut q = crate::messages::filtered(
            message::Entity::find().filter(message::Column::Listed.eq(true)).order_by_desc(message::Column::Id),
            filter,
        )
        .filter(tier_condition(backend, &terms, tier));
        if let Some(a) = after.filter(|a| a.tier == tier) {
            q = q.filter(message::Column::Id.lt(a.id));
        }
        rows.extend(q.limit(want).all(&db.read).await?.into_iter().map(|m| (tier, m)));
    }
    let next = if rows.len() as u64 > limit {
        rows.truncate(limit as usize);
        rows.last().map(|(tier, m)| SearchAfter { tier: *tier, id: m.id })
    } else {
        None
    };
    let items = with_names(&db.read, rows.into_iter().map(|(_, m)| m).collect()).await?;
    Ok(SearchPage { items, terms, next })
}

/// A public message that asks what a draft asks, with its published replies (masked).
pub struct SimilarMessage {
    pub record: MessageRecord,
    pub replies: Vec<String>,
    pub score: u32,
}

/// Messages newest first matching any of the terms, among which the most alike are chosen.
const SIMILAR_CANDIDATES: u64 = 200;

/// Public messages that already ask what `text` asks, so a writer finds answers before writing: those
/// holding any of the draft's telling words (see `similarity_terms`) are scored on the words they share
/// (title words count double); the best come first, answered ones before unanswered at equal scores.
pub async fn similar(db: &Db, text: &str, limit: usize) -> StoreResult<(Vec<String>, Vec<SimilarMessage>)> {
    use liuyan_domain::search::{similarity, similarity_terms};
    let terms = similarity_terms(&mask_public_text(text));
    if terms.is_empty() {
        return Ok((terms, Vec::new()));
    }
    let backend = db.backend();
    let any = match backend {
        DatabaseBackend::Postgres => {
            let q = terms.iter().map(|t| quote_lexeme(t)).collect::<Vec<_>>().join(" | ");
            Expr::cust_with_values(r#""messages"."search_doc" @@ CAST($1 AS tsquery)"#, [q])
        }
        _ => {
            let q = terms.iter().map(|t| format!("\"{}\"", t.replace('"', "\"\""))).collect::<Vec<_>>().join(" OR ");
            Expr::cust_with_values(
                r#""messages"."id" IN (SELECT rowid FROM message_search WHERE message_search MATCH ?)"#,
                [q],
            )
        }
    };
    let rows = message::Entity::find()
        .filter(message::Column::Listed.eq(true))
        .filter(any)
        .order_by_desc(message::Column::Id)
        .limit(SIMILAR_CANDIDATES)
        .all(&db.read)
        .await?;
    let ids: Vec<i64> = rows.iter().map(|m| m.id).collect();
    let mut replies: BTreeMap<i64, Vec<String>> = BTreeMap::new();
    for (id, body) in reply::Entity::find()
        .select_only()
        .column(reply::Column::MessageId)
        .column(reply::Column::Body)
        .filter(reply::Column::MessageId.is_in(ids))
        .filter(reply::Column::Status.eq("published"))
        // By message first, so the order comes from `replies_message_status` (see m0009).
        .order_by_asc(reply::Column::MessageId)
        .order_by_asc(reply::Column::Id)
        .into_tuple::<(i64, String)>()
        .all(&db.read)
        .await?
    {
        replies.entry(id).or_default().push(mask_public_text(&body));
    }
    // One shared word in the text alone is chance; ask for a title word or two words (or the only one).
    let least = if terms.len() == 1 { 1 } else { 2 };
    let mut scored: Vec<(u32, message::Model, Vec<String>)> = rows
        .into_iter()
        .filter_map(|m| {
            let answers = replies.remove(&m.id).unwrap_or_default();
            let title = index_terms(&mask_public_text(&m.title));
            let mut text = mask_public_text(&m.body);
            for a in &answers {
                text.push('\n');
                text.push_str(a);
            }
            let score = similarity(&terms, &title, &index_terms(&text));
            (score >= least).then_some((score, m, answers))
        })
        .collect();
    scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.2.is_empty().cmp(&b.2.is_empty())).then(b.1.id.cmp(&a.1.id)));
    scored.truncate(limit);
    let records = with_names(&db.read, scored.iter().map(|(_, m, _)| m.clone()).collect()).await?;
    let out = records
        .into_iter()
        .zip(scored)
        .map(|(record, (score, _, replies))| SimilarMessage { record, replies, score })
        .collect();
    Ok((terms, out))
}
