//! Moves the rules forbid answer 403 (wrong person) or 409 (wrong moment), as problem+json.

use liuyan_api_tests::{Backend, cast, on_both_databases, spawn_app};
use serde_json::json;

on_both_databases!(forbidden_and_out_of_turn_moves, rating_rules);

async fn forbidden_and_out_of_turn_moves(backend: Backend) {
    let app = spawn_app(backend).await;
    let c = cast(&app).await;
    let id =
        c.citizen.writes_message(c.leader, "440100", "道路破损", "路面坑洼").await.expect(201)["id"].as_i64().unwrap();

    // Screening is the moderator's. The writer and the leader's office know the message: 403. A unit
    // that does not handle it cannot even see an unscreened message: 404.
    c.citizen.accepts(id).await.problem(403, "forbidden");
    c.office.accepts(id).await.problem(403, "forbidden");
    c.housing.accepts(id).await.problem(404, "not_found");
    // Out of turn: assigning before acceptance.
    c.office.assigns(id, c.housing_unit, "").await.problem(409, "not_allowed_in_state");
    c.moderator.accepts(id).await.expect(200);
    c.moderator.accepts(id).await.problem(409, "not_allowed_in_state");

    // Only the leader's own office (or a moderator) assigns.
    let admin = app.admin().await;
    let other_leader = app.leader("110000", "市长").await;
    let other_office = admin.creates_staff("leader_office", None, Some(other_leader)).await;
    other_office.assigns(id, c.housing_unit, "").await.problem(403, "forbidden");
    c.citizen.assigns(id, c.housing_unit, "").await.problem(403, "forbidden");
    c.office.assigns(id, 999_999, "").await.problem(422, "validation_failed");
    c.office.assigns(id, c.housing_unit, "").await.expect(200);

    // Staff of unit A cannot reply to or transfer unit B's message.
    c.transport.replies(id, "越权答复").await.problem(403, "forbidden");
    c.transport.transfers(id, c.transport_unit, "抢办").await.problem(403, "forbidden");
    c.housing.transfers(id, c.housing_unit, "转给自己").await.problem(409, "same_unit");
    // A citizen cannot reply.
    c.citizen.replies(id, "自问自答").await.problem(403, "forbidden");

    let reply = c.housing.replies(id, "已修复。").await.expect(201)["id"].as_i64().unwrap();
    // A citizen (even the writer) or the unit cannot approve or return a reply.
    c.citizen.approves(reply).await.problem(403, "forbidden");
    c.housing.approves(reply).await.problem(403, "forbidden");
    c.housing.returns(reply, "自己退回").await.problem(403, "forbidden");
    c.transport.approves(reply).await.problem(403, "forbidden");
    // Reading an unpublished reply is for the staff handling it only.
    c.transport.get(&format!("/api/v1/replies/{reply}")).await.problem(404, "not_found");
    c.citizen.get(&format!("/api/v1/replies/{reply}")).await.problem(404, "not_found");
    assert_eq!(c.housing.get(&format!("/api/v1/replies/{reply}")).await.expect(200)["status"], "in_review");
    // Replying again while one is in review is out of turn.
    c.housing.replies(id, "再答一次").await.problem(409, "not_allowed_in_state");
    c.moderator.approves(reply).await.expect(200);
    c.moderator.approves(reply).await.problem(409, "reply_not_in_review");
    c.moderator.returns(reply, "晚了").await.problem(409, "reply_not_in_review");
    // Published: anyone may read it.
    assert_eq!(app.get(&format!("/api/v1/replies/{reply}")).await.expect(200)["status"], "published");

    // Unauthenticated moves are 401.
    app.anonymous().accepts(id).await.problem(401, "unauthenticated");
    let bogus = app
        .send(
            app.client
                .post(app.url(&format!("/api/v1/messages/{id}/accept")))
                .bearer_auth("not.a.jwt")
                .json(&json!({})),
        )
        .await;
    bogus.problem(401, "invalid_token");
}

async fn rating_rules(backend: Backend) {
    let app = spawn_app(backend).await;
    let c = cast(&app).await;
    let id =
        c.citizen.writes_message(c.leader, "440100", "路灯不亮", "晚上很黑").await.expect(201)["id"].as_i64().unwrap();
    c.moderator.accepts(id).await.expect(200);
    c.office.assigns(id, c.housing_unit, "").await.expect(200);

    // Nothing to rate yet.
    c.citizen.rates(id, "satisfied").await.problem(409, "not_allowed_in_state");
    let reply = c.housing.replies(id, "已维修。").await.expect(201)["id"].as_i64().unwrap();
    c.moderator.approves(reply).await.expect(200);

    // Someone else's message: another citizen, staff, a moderator.
    let stranger = app.citizen().await;
    stranger.rates(id, "dissatisfied").await.problem(403, "forbidden");
    c.housing.rates(id, "satisfied").await.problem(403, "forbidden");
    c.moderator.rates(id, "satisfied").await.problem(403, "forbidden");

    c.citizen.rates(id, "basically_satisfied").await.expect(201);
    // Twice in one round.
    c.citizen.rates(id, "dissatisfied").await.problem(409, "already_rated");
    let m = app.get(&format!("/api/v1/messages/{id}")).await.expect(200);
    assert_eq!(m["status"], "closed");
    assert_eq!(m["ratings"].as_array().unwrap().len(), 1);
}
