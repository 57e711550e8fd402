//! Hot words equal a brute-force count of the keywords of public messages (computed again here from
//! their texts), on generated data and after new events; private and unscreened messages' words never
//! count; bad queries are refused.

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset, Utc};
use liuyan_api_tests::{Backend, TestApp, cast, on_both_databases, spawn_app};
use liuyan_domain::masking::mask_public_text;
use liuyan_domain::words::keywords;
use liuyan_persistence::entities::message;
use liuyan_persistence::generator::{GenerateOptions, generate};
use sea_orm::EntityTrait;
use serde_json::{Value, json};

on_both_databases!(hot_words_equal_a_brute_force_count, hot_words_follow_new_events, bad_hot_word_queries_are_refused);

/// A public message as the brute force sees it: where, when (China time) and its keywords.
struct Public {
    province: String,
    region: String,
    month: String,
    words: Vec<String>,
}

async fn public_messages(app: &TestApp) -> Vec<Public> {
    let china = FixedOffset::east_opt(8 * 3600).unwrap();
    message::Entity::find()
        .all(&app.db.read)
        .await
        .unwrap()
        .into_iter()
        .filter(|m| m.is_public && !matches!(m.status.as_str(), "submitted" | "rejected"))
        .map(|m| Public {
            month: m.created_at.with_timezone(&china).format("%Y-%m").to_string(),
            words: keywords(&mask_public_text(&m.title), &mask_public_text(&m.body)),
            province: m.province_code,
            region: m.region_code,
        })
        .collect()
}

/// The `limit` most frequent keywords of the messages, as the API answers them.
fn brute_force<'a>(messages: impl Iterator<Item = &'a Public>, limit: usize) -> Value {
    let mut counts: BTreeMap<&str, i64> = BTreeMap::new();
    for m in messages {
        for w in &m.words {
            *counts.entry(w.as_str()).or_default() += 1;
        }
    }
    let mut ranked: Vec<(&str, i64)> = counts.into_iter().collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    ranked.truncate(limit);
    Value::Array(ranked.into_iter().map(|(w, n)| json!({"word": w, "messages": n})).collect())
}

async fn hot_words_equal_a_brute_force_count(backend: Backend) {
    let app = spawn_app(backend).await;
    let until = DateTime::parse_from_rfc3339("2026-06-30T00:00:00Z").unwrap().with_timezone(&Utc);
    generate(&app.db, &GenerateOptions { messages: 1500, seed: 11, until }).await.unwrap();
    let all = public_messages(&app).await;
    assert!(all.len() > 1000, "the generator writes mostly public messages");
    let get = |path: String| {
        let app = &app;
        async move { app.get(&path).await.expect(200)["words"].clone() }
    };

    let everything = get("/api/v1/stats/hot-words?limit=100".into()).await;
    assert_eq!(everything, brute_force(all.iter(), 100));
    assert!(everything.as_array().unwrap().len() > 20, "{everything}");
    assert_eq!(get("/api/v1/stats/hot-words".into()).await, brute_force(all.iter(), 20), "20 by default");

    // The busiest province in its busiest year, and its busiest city in that city's busiest month.
    let province = commonest(all.iter().map(|m| m.province.clone()));
    let of_province: Vec<&Public> = all.iter().filter(|m| m.region == province || m.province == province).collect();
    let year = commonest(of_province.iter().map(|m| m.month[..4].to_string()));
    assert_eq!(
        get(format!("/api/v1/stats/hot-words?region={province}&period={year}&limit=50")).await,
        brute_force(of_province.iter().copied().filter(|m| m.month.starts_with(&year)), 50)
    );
    let city = commonest(of_province.iter().filter(|m| m.region != province).map(|m| m.region.clone()));
    let of_city: Vec<&Public> = all.iter().filter(|m| m.region == city).collect();
    let month = commonest(of_city.iter().map(|m| m.month.clone()));
    assert_eq!(
        get(format!("/api/v1/stats/hot-words?region={city}&period={month}")).await,
        brute_force(of_city.iter().copied().filter(|m| m.month == month), 20)
    );
    // A period without messages has no hot words.
    assert_eq!(get("/api/v1/stats/hot-words?period=1999".into()).await, json!([]));

    // Counting everything again from the messages gives the same words.
    liuyan_persistence::stats::rebuild(&app.db).await.unwrap();
    assert_eq!(get("/api/v1/stats/hot-words?limit=100".into()).await, everything);
}

fn commonest(values: impl Iterator<Item = String>) -> String {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for v in values {
        *counts.entry(v).or_default() += 1;
    }
    counts.into_iter().max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0))).map(|(v, _)| v).unwrap()
}

fn count_of(words: &Value, word: &str) -> i64 {
    words["words"].as_array().unwrap().iter().find(|w| w["word"] == word).map_or(0, |w| w["messages"].as_i64().unwrap())
}

async fn hot_words_follow_new_events(backend: Backend) {
    let app = spawn_app(backend).await;
    let c = cast(&app).await;
    let month = Utc::now().with_timezone(&FixedOffset::east_opt(8 * 3600).unwrap()).format("%Y-%m").to_string();
    let paths = [
        "/api/v1/stats/hot-words".to_string(),
        format!("/api/v1/stats/hot-words?region=440000&period={}", &month[..4]),
        format!("/api/v1/stats/hot-words?region=440100&period={month}"),
    ];
    let counts = || async {
        let mut out = Vec::new();
        for p in &paths {
            out.push(count_of(&app.get(p).await.expect(200), "噪音"));
        }
        out
    };
    assert_eq!(counts().await, vec![0, 0, 0]);

    let title = "工地夜间施工噪音扰民";
    let body = "楼下工地每天夜里施工，噪音很大，居民无法休息。";
    assert!(keywords(title, body).contains(&"噪音".to_string()), "the test's premise");
    let m = c.citizen.writes_message(c.leader, "440100", title, body).await.expect(201);
    let id = m["id"].as_i64().unwrap();
    assert_eq!(counts().await, vec![0, 0, 0], "an unscreened message counts nothing");
    c.moderator.accepts(id).await.expect(200);
    assert_eq!(counts().await, vec![1, 1, 1], "on the board: counted everywhere it belongs");

    // Handling moves do not count its words again.
    c.office.assigns(id, c.housing_unit, "请办理").await.expect(200);
    let reply = c.housing.replies(id, "已责令停止夜间施工。").await.expect(201);
    c.moderator.approves(reply["id"].as_i64().unwrap()).await.expect(200);
    assert_eq!(counts().await, vec![1, 1, 1]);

    // A private message's words are its writer's: never counted.
    let private = c
        .citizen
        .post(
            "/api/v1/messages",
            json!({"leader_id": c.leader, "region_code": "440100", "message_type": "complaint",
                   "domain": "environment", "title": title, "body": body, "is_public": false}),
        )
        .await
        .expect(201)["id"]
        .as_i64()
        .unwrap();
    c.moderator.accepts(private).await.expect(200);
    // Nor a rejected one.
    let rejected = c.citizen.writes_message(c.leader, "440100", title, body).await.expect(201)["id"].as_i64().unwrap();
    c.moderator.post(&format!("/api/v1/messages/{rejected}/reject"), json!({"reason": "重复"})).await.expect(200);
    assert_eq!(counts().await, vec![1, 1, 1]);

    // What is counted equals the brute force over what is on the board.
    let all = public_messages(&app).await;
    assert_eq!(app.get(&paths[0]).await.expect(200)["words"], brute_force(all.iter(), 20));
    // No stop word or place name among them.
    for w in app.get(&paths[0]).await.expect(200)["words"].as_array().unwrap() {
        let w = w["word"].as_str().unwrap();
        assert!(!liuyan_domain::words::is_stop_word(w), "{w}");
    }
}

async fn bad_hot_word_queries_are_refused(backend: Backend) {
    let app = spawn_app(backend).await;
    for (path, field, code) in [
        ("/api/v1/stats/hot-words?period=2024-03-05", "period", "daily_unavailable"),
        ("/api/v1/stats/hot-words?period=24", "period", "format"),
        ("/api/v1/stats/hot-words?period=2024-13", "period", "format"),
        ("/api/v1/stats/hot-words?limit=0", "limit", "range"),
        ("/api/v1/stats/hot-words?limit=101", "limit", "range"),
        ("/api/v1/stats/hot-words?region=999999", "region", "unknown"),
    ] {
        let problem = app.get(path).await.problem(422, "validation_failed");
        assert_eq!(problem["errors"][0]["field"], field, "{path}: {problem}");
        assert_eq!(problem["errors"][0]["code"], code, "{path}: {problem}");
    }
    app.get("/api/v1/stats/hot-words?limit=many").await.problem(400, "invalid_query");
    assert_eq!(app.get("/api/v1/stats/hot-words").await.expect(200)["words"], json!([]));
}
