//! The case library (精选案例): moderators feature answered public messages with a note, change and
//! withdraw it; the public lists cases newest first with filters and pages; everything else is refused.

use liuyan_api_tests::{Backend, Cast, on_both_databases, spawn_app};
use serde_json::json;

on_both_databases!(
    moderators_feature_answered_messages_and_the_public_reads_them,
    the_case_library_refuses_what_it_must
);

/// A public message, accepted, assigned to the housing unit and answered with a published reply.
async fn answered(c: &Cast<'_>, title: &str, reply: &str) -> i64 {
    let id = c.citizen.writes_message(c.leader, "440100", title, "请联系13812345678了解详情。").await.expect(201)["id"]
        .as_i64()
        .unwrap();
    c.moderator.accepts(id).await.expect(200);
    c.office.assigns(id, c.housing_unit, "请办理").await.expect(200);
    let r = c.housing.replies(id, reply).await.expect(201);
    c.moderator.approves(r["id"].as_i64().unwrap()).await.expect(200);
    id
}

async fn moderators_feature_answered_messages_and_the_public_reads_them(backend: Backend) {
    let app = spawn_app(backend).await;
    let c = liuyan_api_tests::cast(&app).await;
    let first = answered(&c, "小区电梯停运一个月", "已督促物业三日内修复电梯，并回访住户。").await;
    let second = answered(&c, "小区门口路灯不亮", "已更换路灯，当晚恢复照明。").await;

    let case = c
        .moderator
        .send_put(&format!("/api/v1/cases/{first}"), json!({"note": "  三日办结，回访到位。 "}))
        .await
        .expect(201);
    assert_eq!(case["message"]["id"], first);
    assert_eq!(case["note"], "三日办结，回访到位。", "the note is kept trimmed");
    assert_eq!(case["reply"], "已督促物业三日内修复电梯，并回访住户。");
    assert!(!case["message"]["excerpt"].as_str().unwrap().contains("13812345678"), "the public text is masked");
    c.moderator.send_put(&format!("/api/v1/cases/{second}"), json!({"note": "当日解决。"})).await.expect(201);

    // The public list: newest featured first; the message page shows its note.
    let list = app.get("/api/v1/cases").await.expect(200);
    let ids: Vec<i64> =
        list["items"].as_array().unwrap().iter().map(|i| i["message"]["id"].as_i64().unwrap()).collect();
    assert_eq!(ids, vec![second, first]);
    assert_eq!(app.get(&format!("/api/v1/messages/{first}")).await.expect(200)["case"]["note"], "三日办结，回访到位。");

    // Changing the note keeps the case where it was.
    let changed =
        c.moderator.send_put(&format!("/api/v1/cases/{first}"), json!({"note": "三日办结。"})).await.expect(200);
    assert_eq!(changed["id"], case["id"]);
    let list = app.get("/api/v1/cases").await.expect(200);
    assert_eq!(list["items"][1]["note"], "三日办结。");
    assert_eq!(list["items"].as_array().unwrap().len(), 2);

    // Pages and filters.
    let page = app.get("/api/v1/cases?limit=1").await.expect(200);
    assert_eq!(page["items"][0]["message"]["id"], second);
    let cursor = page["next_cursor"].as_str().unwrap();
    let page = app.get(&format!("/api/v1/cases?limit=1&cursor={cursor}")).await.expect(200);
    assert_eq!(page["items"][0]["message"]["id"], first);
    assert!(page["next_cursor"].is_null());
    assert_eq!(app.get("/api/v1/cases?region=440000").await.expect(200)["items"].as_array().unwrap().len(), 2);
    assert_eq!(app.get("/api/v1/cases?region=110000").await.expect(200)["items"], json!([]));
    let domain = list["items"][0]["message"]["domain"].as_str().unwrap().to_owned();
    assert_eq!(
        app.get(&format!("/api/v1/cases?domain={domain}")).await.expect(200)["items"].as_array().unwrap().len(),
        2
    );
    let other = if domain == "health" { "transport" } else { "health" };
    assert_eq!(app.get(&format!("/api/v1/cases?domain={other}")).await.expect(200)["items"], json!([]));

    // Withdrawn: gone from the list and the message page.
    let resp = c.moderator.delete(&format!("/api/v1/cases/{second}")).await;
    assert_eq!(resp.status, 204, "{}", resp.text);
    let list = app.get("/api/v1/cases").await.expect(200);
    assert_eq!(list["items"].as_array().unwrap().len(), 1);
    assert!(app.get(&format!("/api/v1/messages/{second}")).await.expect(200)["case"].is_null());
    c.moderator.delete(&format!("/api/v1/cases/{second}")).await.problem(404, "not_found");
}

async fn the_case_library_refuses_what_it_must(backend: Backend) {
    let app = spawn_app(backend).await;
    let c = liuyan_api_tests::cast(&app).await;
    let done = answered(&c, "公交站牌信息错误", "已更正站牌信息。").await;
    let path = format!("/api/v1/cases/{done}");
    let note = json!({"note": "答复具体。"});

    // Only moderators (and admins) keep the library.
    app.anonymous().send_put(&path, note.clone()).await.problem(401, "unauthenticated");
    c.citizen.send_put(&path, note.clone()).await.problem(403, "forbidden");
    c.housing.send_put(&path, note.clone()).await.problem(403, "forbidden");
    c.office.send_put(&path, note.clone()).await.problem(403, "forbidden");

    // Only answered public messages on the board.
    let waiting = c.citizen.writes_message(c.leader, "440100", "路面塌陷", "请尽快修复。").await.expect(201)["id"]
        .as_i64()
        .unwrap();
    c.moderator.send_put(&format!("/api/v1/cases/{waiting}"), note.clone()).await.problem(409, "not_featurable");
    c.moderator.accepts(waiting).await.expect(200);
    c.moderator.send_put(&format!("/api/v1/cases/{waiting}"), note.clone()).await.problem(409, "not_featurable");
    let private = c
        .citizen
        .post(
            "/api/v1/messages",
            json!({"leader_id": c.leader, "region_code": "440100", "message_type": "complaint",
                   "domain": "urban_construction", "title": "私信", "body": "只给领导看。", "is_public": false}),
        )
        .await
        .expect(201)["id"]
        .as_i64()
        .unwrap();
    c.moderator.accepts(private).await.expect(200);
    c.office.assigns(private, c.housing_unit, "请办理").await.expect(200);
    let r = c.housing.replies(private, "已办理。").await.expect(201);
    c.moderator.approves(r["id"].as_i64().unwrap()).await.expect(200);
    c.moderator.send_put(&format!("/api/v1/cases/{private}"), note.clone()).await.problem(409, "not_featurable");
    c.moderator.send_put("/api/v1/cases/99999999", note.clone()).await.problem(404, "not_found");

    // Bad notes and queries.
    for bad in [json!({"note": "   "}), json!({"note": "好".repeat(501)}), json!({}), json!({"note": "好", "x": 1})] {
        let resp = c.moderator.send_put(&path, bad.clone()).await;
        assert!(matches!(resp.status, 400 | 422), "{bad}: {}", resp.text);
        assert_eq!(resp.content_type, "application/problem+json");
    }
    c.moderator.send_put("/api/v1/cases/abc", note.clone()).await.problem(400, "invalid_path");
    app.get("/api/v1/cases?limit=0").await.problem(422, "validation_failed");
    app.get("/api/v1/cases?cursor=nonsense").await.problem(400, "invalid_cursor");
    app.get("/api/v1/cases?region=999999").await.problem(422, "validation_failed");
    c.citizen.delete(&path).await.problem(403, "forbidden");

    // None of that left a case behind.
    assert_eq!(app.get("/api/v1/cases").await.expect(200)["items"], json!([]));
}
