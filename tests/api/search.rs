//! Full-text search of the public board: two-character words inside longer runs of text, title hits
//! first, replies searched too, filters combined, private messages never, and bad input refused.

use liuyan_api_tests::{Backend, User, cast, on_both_databases, spawn_app};
use serde_json::{Value, json};

on_both_databases!(
    search_finds_words_ranks_titles_first_and_keeps_private_messages_out,
    search_refuses_bad_input,
    similar_messages_show_answers_before_writing
);

fn ids(page: &Value) -> Vec<i64> {
    page["items"].as_array().unwrap().iter().map(|i| i["message"]["id"].as_i64().unwrap()).collect()
}

fn q(word: &str) -> String {
    format!("/api/v1/messages/search?q={}", urlencoding(word))
}

fn urlencoding(s: &str) -> String {
    s.bytes().map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") }).collect()
}

/// A message written and screened in, so that it is public.
async fn public(writer: &User<'_>, moderator: &User<'_>, leader: i64, title: &str, body: &str) -> i64 {
    let id = writer.writes_message(leader, "440100", title, body).await.expect(201)["id"].as_i64().unwrap();
    moderator.accepts(id).await.expect(200);
    id
}

async fn search_finds_words_ranks_titles_first_and_keeps_private_messages_out(backend: Backend) {
    let app = spawn_app(backend).await;
    let c = cast(&app).await;
    // Older, with the word in its title; newer, with it only inside a run of the body.
    let in_title = public(&c.citizen, &c.moderator, c.leader, "小区噪音扰民问题", "请有关部门处理。").await;
    let in_body =
        public(&c.citizen, &c.moderator, c.leader, "夜里睡不着", "楼下工地夜间施工噪音很大，已经持续一个月。").await;
    // Neither word: 声音 shares a character with 噪音.
    public(&c.citizen, &c.moderator, c.leader, "广场舞声音太大", "每晚音响声音很大。").await;
    // Private, and not yet screened: never found by the public.
    let private = c
        .citizen
        .post(
            "/api/v1/messages",
            json!({"leader_id": c.leader, "region_code": "440100", "message_type": "complaint",
                   "domain": "environment", "title": "家门口噪音", "body": "私下反映的噪音问题", "is_public": false}),
        )
        .await
        .expect(201)["id"]
        .as_i64()
        .unwrap();
    c.moderator.accepts(private).await.expect(200);
    let unscreened = c.citizen.writes_message(c.leader, "440100", "噪音待审核", "尚未审核").await.expect(201);

    let page = app.get(&q("噪音")).await.expect(200);
    assert_eq!(ids(&page), vec![in_title, in_body], "title hits first, then the newest others");
    assert_eq!(page["terms"], json!(["噪音"]));
    let first = &page["items"][0];
    assert_eq!(first["title_marks"], json!([{"start": 2, "len": 2}]));
    let second = &page["items"][1];
    let snippet: Vec<char> = second["snippet"].as_str().unwrap().chars().collect();
    let mark = &second["snippet_marks"][0];
    let (start, len) = (mark["start"].as_u64().unwrap() as usize, mark["len"].as_u64().unwrap() as usize);
    assert_eq!(snippet[start..start + len].iter().collect::<String>(), "噪音");
    assert!(!ids(&page).contains(&private) && !ids(&page).contains(&unscreened["id"].as_i64().unwrap()));
    // The writer does not see a private message in the public search either.
    assert!(!ids(&c.citizen.get(&q("噪音")).await.expect(200)).contains(&private));

    // Several words: all must match.
    assert_eq!(ids(&app.get(&q("施工噪音")).await.expect(200)), vec![in_body]);
    assert_eq!(ids(&app.get(&q("噪音 广场舞")).await.expect(200)), Vec::<i64>::new());

    // Pages: one at a time, across the ranking tiers.
    let one = app.get(&format!("{}&limit=1", q("噪音"))).await.expect(200);
    assert_eq!(ids(&one), vec![in_title]);
    let cursor = one["next_cursor"].as_str().unwrap().to_string();
    let two = app.get(&format!("{}&limit=1&cursor={cursor}", q("噪音"))).await.expect(200);
    assert_eq!(ids(&two), vec![in_body]);
    assert!(two["next_cursor"].is_null());

    // With the list's filters.
    assert_eq!(ids(&app.get(&format!("{}&region=440100", q("噪音"))).await.expect(200)).len(), 2);
    assert!(ids(&app.get(&format!("{}&region=110000", q("噪音"))).await.expect(200)).is_empty());
    assert!(ids(&app.get(&format!("{}&status=closed", q("噪音"))).await.expect(200)).is_empty());

    // A published reply is searched too, and only once published.
    c.office.assigns(in_title, c.housing_unit, "请核实").await.expect(200);
    let reply = c.housing.replies(in_title, "已责令施工单位整改，并对拖欠的欠薪问题一并核查。").await.expect(201);
    let reply_id = reply["id"].as_i64().unwrap();
    assert!(ids(&app.get(&q("欠薪")).await.expect(200)).is_empty(), "a reply in review is not public");
    c.moderator.approves(reply_id).await.expect(200);
    assert_eq!(ids(&app.get(&q("欠薪")).await.expect(200)), vec![in_title]);
}

async fn search_refuses_bad_input(backend: Backend) {
    let app = spawn_app(backend).await;
    // A text with a run too long to be a word is written and indexed all the same.
    let c = cast(&app).await;
    let long = format!("{} 噪音", "a".repeat(3000));
    let id = public(&c.citizen, &c.moderator, c.leader, "很长的一段字符", &long).await;
    assert_eq!(ids(&app.get(&q("噪音")).await.expect(200)), vec![id]);
    app.get("/api/v1/messages/search").await.problem(400, "invalid_query");
    app.get(&q("")).await.problem(422, "validation_failed");
    app.get(&q("，。！？")).await.problem(422, "validation_failed");
    app.get(&q(&"噪".repeat(101))).await.problem(422, "validation_failed");
    app.get(&format!("{}&cursor=bm9wZQ", q("噪音"))).await.problem(400, "invalid_cursor");
    app.get(&format!("{}&limit=0", q("噪音"))).await.problem(422, "validation_failed");
    // Query syntax of either store is only text here.
    for tricky in ["\"噪音", "噪音'", "title:噪音", "噪音 OR 1=1", "a & !b", "NOT 噪音", "*"] {
        let r = app.get(&q(tricky)).await;
        assert!(r.status == 200 || r.status == 422, "{tricky}: {}", r.status);
    }
}

fn similar(text: &str) -> String {
    format!("/api/v1/messages/similar?text={}", urlencoding(text))
}

async fn similar_messages_show_answers_before_writing(backend: Backend) {
    let app = spawn_app(backend).await;
    let c = cast(&app).await;
    let answered =
        public(&c.citizen, &c.moderator, c.leader, "工地夜间施工噪音扰民", "小区旁工地每晚施工到凌晨。").await;
    c.office.assigns(answered, c.housing_unit, "请核实").await.expect(200);
    let reply = c.housing.replies(answered, "已责令工地夜间停工，电话13812345678。").await.expect(201);
    c.moderator.approves(reply["id"].as_i64().unwrap()).await.expect(200);
    let waiting = public(&c.citizen, &c.moderator, c.leader, "晚上太吵", "楼下施工噪音很大，影响休息。").await;
    let unrelated = public(&c.citizen, &c.moderator, c.leader, "公交线路调整", "希望恢复12路公交。").await;
    let private = c
        .citizen
        .post(
            "/api/v1/messages",
            json!({"leader_id": c.leader, "region_code": "440100", "message_type": "complaint",
                   "domain": "environment", "title": "工地施工噪音", "body": "夜间施工噪音", "is_public": false}),
        )
        .await
        .expect(201)["id"]
        .as_i64()
        .unwrap();
    c.moderator.accepts(private).await.expect(200);

    let page = app.get(&similar("您好，我家旁边的工地晚上施工噪音很大，希望尽快处理")).await.expect(200);
    assert_eq!(ids(&page), vec![answered, waiting], "the one sharing title words and answered first");
    assert!(!ids(&page).contains(&unrelated) && !ids(&page).contains(&private));
    let first = &page["items"][0];
    assert_eq!(first["replies"], json!(["已责令工地夜间停工，电话138****5678。"]), "replies come masked");
    assert!(first["score"].as_u64().unwrap() > page["items"][1]["score"].as_u64().unwrap());
    let terms: Vec<&str> = page["terms"].as_array().unwrap().iter().map(|t| t.as_str().unwrap()).collect();
    assert!(terms.contains(&"噪音") && !terms.contains(&"希望"), "{terms:?}");
    assert_eq!(ids(&app.get(&format!("{}&limit=1", similar("工地施工噪音"))).await.expect(200)), vec![answered]);

    // Nothing telling to look for: nothing found. Bad input: refused.
    assert_eq!(ids(&app.get(&similar("您好，谢谢")).await.expect(200)), Vec::<i64>::new());
    app.get("/api/v1/messages/similar?text=").await.problem(422, "validation_failed");
    app.get(&format!("{}&limit=0", similar("噪音"))).await.problem(422, "validation_failed");
    app.get(&similar(&"噪".repeat(2001))).await.problem(422, "validation_failed");
    app.get("/api/v1/messages/similar").await.problem(400, "invalid_query");
}
