//! Whatever a client sends, the answer is a 4xx problem+json, never a 500.

use liuyan_api_tests::{Backend, cast, on_both_databases, spawn_app};
use serde_json::json;

on_both_databases!(
    malformed_bodies_wrong_types_and_long_fields,
    unknown_ids_and_bad_queries,
    what_the_document_says_is_taken
);

async fn malformed_bodies_wrong_types_and_long_fields(backend: Backend) {
    let app = spawn_app(backend).await;
    let c = cast(&app).await;
    let post_raw = |body: &'static str, content_type: &'static str| {
        app.send(
            app.client
                .post(app.url("/api/v1/messages"))
                .bearer_auth(&c.citizen.token)
                .header("content-type", content_type)
                .body(body),
        )
    };
    post_raw("{not json", "application/json").await.problem(400, "malformed_json");
    // No body reads as `{}`, which lacks the required fields.
    post_raw("", "application/json").await.problem(400, "invalid_body");
    post_raw("title=x", "application/x-www-form-urlencoded").await.problem(415, "unsupported_media_type");

    let wrong_type = c
        .citizen
        .post(
            "/api/v1/messages",
            json!({"leader_id": "one", "region_code": "440100", "message_type": "complaint",
                                         "domain": "transport", "title": "t", "body": "b"}),
        )
        .await
        .problem(400, "invalid_body");
    assert_eq!(wrong_type["errors"][0]["field"], "leader_id");
    let bad_enum = c
        .citizen
        .post(
            "/api/v1/messages",
            json!({"leader_id": c.leader, "region_code": "440100", "message_type": "rant",
                                         "domain": "transport", "title": "t", "body": "b"}),
        )
        .await
        .problem(400, "invalid_body");
    assert_eq!(bad_enum["errors"][0]["field"], "message_type");
    c.citizen.post("/api/v1/messages", json!({"leader_id": c.leader})).await.problem(400, "invalid_body");
    c.citizen.post("/api/v1/messages", json!([1, 2])).await.problem(400, "invalid_body");
    c.citizen
        .post(
            "/api/v1/messages",
            json!({"leader_id": c.leader, "region_code": "440100", "message_type": "complaint",
                                      "domain": "transport", "title": "t", "body": "b", "extra": 1}),
        )
        .await
        .problem(400, "invalid_body");

    let too_long = c
        .citizen
        .post(
            "/api/v1/messages",
            json!({"leader_id": c.leader, "region_code": "4401", "message_type": "complaint",
                                         "domain": "transport", "title": "长".repeat(101), "body": "  "}),
        )
        .await
        .problem(422, "validation_failed");
    let fields: Vec<&str> =
        too_long["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["body", "region_code", "title"]);
    assert!(
        too_long["errors"].as_array().unwrap().iter().all(|e| e["message"].as_str().is_some_and(|m| !m.is_empty()))
    );
    let huge = "字".repeat(100_000);
    let resp = app
        .send(
            app.client
                .post(app.url("/api/v1/messages"))
                .bearer_auth(&c.citizen.token)
                .header("content-type", "application/json")
                .body(format!(r#"{{"body":"{huge}"}}"#)),
        )
        .await;
    resp.problem(413, "payload_too_large");

    // A leader of another region; an unknown leader.
    let beijing = app.leader("110000", "市长").await;
    let e = c.citizen.writes_message(beijing, "440100", "t", "b").await.problem(422, "validation_failed");
    assert_eq!(e["errors"][0]["field"], "region_code");
    let e = c.citizen.writes_message(987_654, "440100", "t", "b").await.problem(422, "validation_failed");
    assert_eq!(e["errors"][0]["field"], "leader_id");

    // Rating scores out of range.
    let e = c
        .citizen
        .post("/api/v1/messages/1/rating", json!({"satisfaction": "satisfied", "speed": 9, "attitude": 0, "result": 3}))
        .await
        .problem(422, "validation_failed");
    assert_eq!(e["errors"].as_array().unwrap().len(), 2);

    // Registration details.
    app.post("/api/v1/auth/register", json!({"role": "citizen", "password": "correct-horse-battery"}))
        .await
        .problem(422, "validation_failed");
    app.post(
        "/api/v1/auth/register",
        json!({"role": "citizen", "phone": "12345", "password": "correct-horse-battery"}),
    )
    .await
    .problem(422, "validation_failed");
    app.post(
        "/api/v1/auth/register",
        json!({"role": "moderator", "phone": "13700000000", "password": "correct-horse-battery"}),
    )
    .await
    .problem(422, "validation_failed");
    app.post("/api/v1/auth/register", json!({"role": "citizen", "phone": "13700000000", "password": "short"}))
        .await
        .problem(422, "validation_failed");
}

async fn unknown_ids_and_bad_queries(backend: Backend) {
    let app = spawn_app(backend).await;
    let c = cast(&app).await;
    app.get("/api/v1/messages/424242").await.problem(404, "not_found");
    app.get("/api/v1/messages/abc").await.problem(400, "invalid_path");
    app.get("/api/v1/messages/99999999999999999999999").await.problem(400, "invalid_path");
    app.get("/api/v1/regions/999999").await.problem(404, "not_found");
    app.get("/api/v1/leaders/0").await.problem(404, "not_found");
    app.get("/api/v1/units/-1").await.problem(404, "not_found");
    c.moderator.accepts(424242).await.problem(404, "not_found");
    c.moderator.approves(424242).await.problem(404, "not_found");
    c.citizen.rates(424242, "satisfied").await.problem(404, "not_found");

    app.get("/api/v1/messages?cursor=garbage").await.problem(400, "invalid_cursor");
    app.get("/api/v1/messages?cursor=YzE6LTE").await.problem(400, "invalid_cursor");
    app.get("/api/v1/units?cursor=%00%01").await.problem(400, "invalid_query");
    app.get("/api/v1/messages?limit=0").await.problem(422, "validation_failed");
    app.get("/api/v1/messages?limit=1000").await.problem(422, "validation_failed");
    app.get("/api/v1/messages?limit=many").await.problem(400, "invalid_query");
    app.get("/api/v1/messages?status=lost").await.problem(400, "invalid_query");
    app.get("/api/v1/messages?leader=x").await.problem(400, "invalid_query");
    app.get("/api/v1/messages?from=yesterday").await.problem(400, "invalid_query");
    app.get("/api/v1/nowhere").await.problem(404, "route_not_found");
    let wrong_method = app.send(app.client.delete(app.url("/api/v1/messages"))).await;
    wrong_method.problem(405, "method_not_allowed");
}

/// The edges where the server once took more (or less) than the OpenAPI document says, taken exactly as
/// the document writes them now (the contract tests fuzz the rest).
async fn what_the_document_says_is_taken(backend: Backend) {
    let app = spawn_app(backend).await;
    let c = cast(&app).await;
    // A region filter is a region code, everywhere: six digits, else a bad query rather than no match.
    for path in [
        "/api/v1/messages?region=4401",
        "/api/v1/leaders?region=abc",
        "/api/v1/regions?parent=44000",
        "/api/v1/units?region=%20440100",
        "/api/v1/exports/messages.csv?region=x",
        "/api/v1/campaigns?region=44010a",
        "/api/v1/cases?region=",
        "/api/v1/stats/summary?region=4400000",
    ] {
        app.get(path).await.problem(400, "invalid_query");
    }
    assert_eq!(app.get("/api/v1/messages?region=990000").await.expect(200)["items"], json!([]));
    app.get("/api/v1/regions?level=town").await.problem(400, "invalid_query");
    assert!(!app.get("/api/v1/regions?level=city").await.expect(200).as_array().unwrap().is_empty());

    // `from` and `to`: RFC 3339 with a `T`, or a date written in full.
    for bad in ["2024-1-5", "+2024-01-05", "%202024-01-05", "2024-01-05%2010:00:00Z"] {
        app.get(&format!("/api/v1/messages?from={bad}")).await.problem(400, "invalid_query");
    }
    for good in ["2024-01-05", "2024-01-05T10:00:00Z", "2024-01-05t10:00:00.5%2B08:00"] {
        app.get(&format!("/api/v1/messages?to={good}")).await.expect(200);
    }

    // The search's 1–100 characters are counted as sent, blanks around them included.
    let padded = format!(" {}", "噪".repeat(100));
    let e = app.get(&format!("/api/v1/messages/search?q={padded}")).await.problem(422, "validation_failed");
    assert_eq!(e["errors"][0]["field"], "q");
    app.get(&format!("/api/v1/messages/search?q=%20{}", "噪".repeat(99))).await.expect(200);

    // An Idempotency-Key is 1–255 visible ASCII characters: no space inside (HTTP itself drops them
    // around a header's value).
    for key in ["a b", "tab\tinside", "x".repeat(256).as_str()] {
        let req = app
            .client
            .post(app.url("/api/v1/messages"))
            .bearer_auth(&c.citizen.token)
            .header("Idempotency-Key", key)
            .json(&json!({"leader_id": c.leader, "region_code": "440100", "message_type": "complaint",
                          "domain": "transport", "title": "路灯不亮", "body": "请修理。"}));
        app.send(req).await.problem(400, "invalid_idempotency_key");
    }

    // A leader's monthly report starts at 0001-01 (it compares with the month before).
    app.get(&format!("/api/v1/stats/leaders/{}/monthly?month=0000-05", c.leader))
        .await
        .problem(422, "validation_failed");
    app.get(&format!("/api/v1/stats/leaders/{}/monthly?month=0001-01", c.leader)).await.expect(200);

    // A campaign's support threshold is 1–10,000,000 when it changes too, as when it is set.
    let now = chrono::Utc::now();
    let draft = c
        .office
        .post(
            "/api/v1/campaigns",
            json!({"title": "建言征集", "description": "请提出建议。", "opens_at": now,
                   "closes_at": now + chrono::Duration::days(30), "support_threshold": 5}),
        )
        .await
        .expect(201);
    let path = format!("/api/v1/campaigns/{}", draft["id"]);
    // (3,000,000,000 was once stored as a negative number.)
    for threshold in [0_u32, 10_000_001, 3_000_000_000] {
        let e = c.office.patch(&path, json!({"support_threshold": threshold})).await.problem(422, "validation_failed");
        assert_eq!(e["errors"][0]["field"], "support_threshold");
    }
    assert_eq!(
        c.office.patch(&path, json!({"support_threshold": 10_000_000})).await.expect(200)["support_threshold"],
        10_000_000
    );

    // A webhook URL's 2,000 are characters, not bytes.
    let admin = app.admin().await;
    let url = |n: usize| format!("https://例子.cn/{}", "路".repeat(n - "https://例子.cn/".chars().count()));
    admin.post("/api/v1/webhooks", json!({"url": url(2000), "event_types": ["*"]})).await.expect(201);
    admin
        .post("/api/v1/webhooks", json!({"url": url(2001), "event_types": ["*"]}))
        .await
        .problem(422, "validation_failed");
}
