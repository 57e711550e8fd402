//! `liuyan generate`: generated messages read through the API like written ones, the same seed gives
//! the same data, and the API's own writes go on after them.

use chrono::{DateTime, Utc};
use liuyan_api_tests::{Backend, TestApp, on_both_databases, spawn_app};
use liuyan_persistence::generator::{GenerateOptions, generate};
use liuyan_persistence::search::index_missing;
use sea_orm::{ConnectionTrait, DatabaseBackend};
use serde_json::Value;

on_both_databases!(generated_messages_read_like_written_ones, the_same_seed_gives_the_same_messages);

fn options(messages: u64) -> GenerateOptions {
    let until = DateTime::parse_from_rfc3339("2026-11-01T00:00:00Z").unwrap().with_timezone(&Utc);
    GenerateOptions { messages, seed: 11, until }
}

/// Every public message of the board, newest first, through the paged list.
async fn public_list(app: &TestApp) -> Vec<Value> {
    let mut all = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let path = match &cursor {
            Some(c) => format!("/api/v1/messages?limit=100&cursor={c}"),
            None => "/api/v1/messages?limit=100".to_string(),
        };
        let page = app.get(&path).await.expect(200);
        all.extend(page["items"].as_array().unwrap().iter().cloned());
        match page["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_string()),
            None => return all,
        }
    }
}

async fn generated_messages_read_like_written_ones(backend: Backend) {
    let app = spawn_app(backend).await;
    let report = generate(&app.db, &options(400)).await.unwrap();
    assert_eq!(report.messages, 400);
    assert!(report.events > 400 * 3 && report.replies > 200 && report.ratings > 100, "{report:?}");

    // The public list holds the public messages past screening, newest first.
    let list = public_list(&app).await;
    assert!(list.len() > 250 && list.len() < 400, "{} public messages", list.len());
    let created: Vec<&str> = list.iter().map(|m| m["created_at"].as_str().unwrap()).collect();
    let mut sorted = created.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(created, sorted, "newest first");
    assert!(list.iter().all(|m| !matches!(m["status"].as_str(), Some("submitted" | "rejected"))));
    let years: std::collections::BTreeSet<&str> = created.iter().map(|c| &c[..4]).collect();
    assert!(years.len() >= 8, "spread over the years: {years:?}");

    // A closed one tells its whole road in public: written, answered, rated, closed.
    let closed = list.iter().find(|m| m["status"] == "closed").expect("a closed message");
    let m = app.get(&format!("/api/v1/messages/{}", closed["id"])).await.expect(200);
    let kinds: Vec<&str> = m["timeline"].as_array().unwrap().iter().map(|e| e["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds.first(), Some(&"submitted"), "{kinds:?}");
    assert_eq!(kinds.last(), Some(&"closed"), "{kinds:?}");
    assert!(kinds.contains(&"accepted") && kinds.contains(&"assigned") && kinds.contains(&"reply_published"));
    assert!(!m["replies"].as_array().unwrap().is_empty());
    assert!(!m["ratings"].as_array().unwrap().is_empty());
    assert!(m["unit"]["id"].is_i64());

    // Generated messages are searchable, and an index lost (or older than the messages) is rebuilt.
    let noise = "/api/v1/messages/search?q=%E5%99%AA%E9%9F%B3"; // 噪音
    let found = app.get(noise).await.expect(200)["items"].as_array().unwrap().len();
    assert!(found > 0, "generated messages are indexed");
    let wipe = match app.db.backend() {
        DatabaseBackend::Postgres => "UPDATE messages SET search_doc = NULL",
        _ => "DELETE FROM message_search",
    };
    app.db.write.execute_unprepared(wipe).await.unwrap();
    assert!(app.get(noise).await.expect(200)["items"].as_array().unwrap().is_empty());
    assert_eq!(index_missing(&app.db).await.unwrap(), 400);
    assert_eq!(app.get(noise).await.expect(200)["items"].as_array().unwrap().len(), found);
    assert_eq!(index_missing(&app.db).await.unwrap(), 0, "nothing left to index");

    // The API's own writes go on after the generated rows (PostgreSQL's sequences were moved).
    let citizen = app.citizen().await;
    let leader = app.leader("440000", "省长").await;
    let new = citizen
        .writes_message(leader, "440100", "新留言在生成数据之后", "生成数据以后写的第一条留言。")
        .await
        .expect(201);
    let max_generated = list.iter().map(|m| m["id"].as_i64().unwrap()).max().unwrap();
    assert!(new["id"].as_i64().unwrap() > max_generated);
}

async fn the_same_seed_gives_the_same_messages(backend: Backend) {
    let a = spawn_app(backend).await;
    let b = spawn_app(backend).await;
    generate(&a.db, &options(150)).await.unwrap();
    generate(&b.db, &options(150)).await.unwrap();
    let shape = |list: Vec<Value>| -> Vec<(String, String, String, String)> {
        list.iter()
            .map(|m| {
                let s = |k: &str| m[k].as_str().unwrap_or_default().to_string();
                (s("title"), s("status"), s("created_at"), s("domain"))
            })
            .collect()
    };
    let (la, lb) = (shape(public_list(&a).await), shape(public_list(&b).await));
    assert!(!la.is_empty());
    assert_eq!(la, lb);
}
