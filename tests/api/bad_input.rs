//! Whatever a client sends, the answer is a 4xx problem+json, never a 500.

use liuyan_api_tests::{Backend, cast, on_both_databases, spawn_app};
use serde_json::json;

on_both_databases!(malformed_bodies_wrong_types_and_long_fields, unknown_ids_and_bad_queries);

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
