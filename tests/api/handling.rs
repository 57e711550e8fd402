//! Handling in depth: deadlines, supervision on a simulated clock, instructions, follow-ups, joint
//! replies, routing rules and notifications.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use liuyan_api_tests::{Backend, Options, TestApp, cast, on_both_databases, spawn_app, spawn_app_with};
use liuyan_persistence::ManualClock;
use serde_json::{Value, json};

on_both_databases!(
    overdue_message_gets_one_supervision_and_escalates,
    instruction_follow_up_and_joint_reply,
    routing_rules_and_the_routing_queue,
    deadlines_tiers_and_notifications
);

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

fn kinds(m: &Value) -> Vec<String> {
    m["timeline"].as_array().unwrap().iter().map(|e| e["kind"].as_str().unwrap().to_owned()).collect()
}

/// Polls until `check` holds, for at most 15 seconds (the jobs run every 50 ms in tests).
async fn eventually<F, Fut>(what: &str, mut check: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let deadline = std::time::Instant::now() + Duration::from_secs(15);
    while std::time::Instant::now() < deadline {
        if check().await {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("timed out waiting for {what}");
}

async fn supervisions(app: &TestApp, token: &str) -> Vec<Value> {
    let r = app.send(app.client.get(app.url("/api/v1/supervisions")).bearer_auth(token)).await.expect(200);
    r["items"].as_array().unwrap().clone()
}

/// An unanswered message becomes overdue on a simulated clock, gets exactly one supervision record
/// although two server instances (each with its worker) share the database, and escalates at the
/// second deadline.
async fn overdue_message_gets_one_supervision_and_escalates(backend: Backend) {
    let clock = Arc::new(ManualClock::new(at("2026-09-30T10:00:00+08:00")));
    let app = spawn_app_with(backend, Options { clock: Some(clock.clone()), ..Default::default() }).await;
    let second = app.another_instance().await;
    let c = cast(&app).await;
    let id =
        c.citizen.writes_message(c.leader, "440100", "道路积水", "下雨就淹").await.expect(201)["id"].as_i64().unwrap();
    let m = c.moderator.accepts(id).await.expect(200);
    // 15 working days across the National Day holiday and its worked Saturday.
    assert_eq!(m["deadline"]["sla_tier"], "standard");
    assert_eq!(m["deadline"]["due_at"].as_str().map(at), Some(at("2026-10-28T00:00:00+08:00")));
    assert_eq!(m["deadline"]["overdue"], false);
    c.office.assigns(id, c.housing_unit, "").await.expect(200);

    // Not yet due: no supervision, however often the workers run.
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(supervisions(&app, &c.moderator.token).await.is_empty());

    clock.set(at("2026-10-28T00:00:01+08:00"));
    eventually("a supervision", || async { !supervisions(&app, &c.moderator.token).await.is_empty() }).await;
    tokio::time::sleep(Duration::from_millis(400)).await; // both workers have had several passes
    let found = supervisions(&second, &c.moderator.token).await;
    assert_eq!(found.len(), 1, "exactly one record: {found:?}");
    assert_eq!(found[0]["state"], "open");
    let sid = found[0]["id"].as_i64().unwrap();
    let m = c.citizen.get(&format!("/api/v1/messages/{id}")).await.expect(200);
    assert_eq!(m["deadline"]["overdue"], true);
    assert_eq!(kinds(&m).iter().filter(|k| *k == "supervision_opened").count(), 1);

    // The unit and the leader's office are told; the unit responds; other units may not.
    let unit_inbox = c.housing.get("/api/v1/me/notifications?unread=true").await.expect(200);
    assert!(unit_inbox["items"].as_array().unwrap().iter().any(|n| n["kind"] == "supervision_opened"));
    let office_inbox = c.office.get("/api/v1/me/notifications").await.expect(200);
    assert!(office_inbox["items"].as_array().unwrap().iter().any(|n| n["kind"] == "supervision_opened"));
    assert_eq!(supervisions(&app, &c.housing.token).await.len(), 1);
    assert!(supervisions(&app, &c.transport.token).await.is_empty());
    c.transport
        .post(&format!("/api/v1/supervisions/{sid}/respond"), json!({"text": "不是我们"}))
        .await
        .problem(403, "forbidden");
    let s = c
        .housing
        .post(&format!("/api/v1/supervisions/{sid}/respond"), json!({"text": "正在协调排水"}))
        .await
        .expect(200);
    assert_eq!(s["state"], "responded");

    // Past the second deadline (standard tier: 72 hours later) and still unanswered: escalated.
    clock.set(at("2026-10-31T00:00:01+08:00"));
    eventually("the escalation", || async {
        supervisions(&app, &c.moderator.token).await.first().is_some_and(|s| s["state"] == "escalated")
    })
    .await;
    let moderator_inbox = c.moderator.get("/api/v1/me/notifications").await.expect(200);
    assert!(moderator_inbox["items"].as_array().unwrap().iter().any(|n| n["kind"] == "supervision_escalated"));
    assert_eq!(supervisions(&app, &c.moderator.token).await.len(), 1);

    // The answer closes it.
    let reply = c.housing.replies(id, "已疏通排水管网。").await.expect(201)["id"].as_i64().unwrap();
    c.moderator.approves(reply).await.expect(200);
    let s = &supervisions(&app, &c.moderator.token).await[0];
    assert_eq!(s["state"], "closed");
    let m = c.citizen.get(&format!("/api/v1/messages/{id}")).await.expect(200);
    assert_eq!(m["deadline"]["overdue"], false);
}

/// The foundation's road with the leader's instruction, a follow-up question and a joint reply.
async fn instruction_follow_up_and_joint_reply(backend: Backend) {
    let app = spawn_app(backend).await;
    let c = cast(&app).await;
    let mut ids = vec![];
    for title in ["小区停水", "片区停水", "楼栋停水"] {
        let id =
            c.citizen.writes_message(c.leader, "440100", title, "三天没有水").await.expect(201)["id"].as_i64().unwrap();
        c.moderator.accepts(id).await.expect(200);
        ids.push(id);
    }
    let due = "2099-01-01T00:00:00Z";
    let m = c
        .office
        .post(
            &format!("/api/v1/messages/{}/assign", ids[0]),
            json!({"unit_id": c.housing_unit, "instruction": {"text": "请三日内恢复供水", "priority": "urgent", "due_at": due}}),
        )
        .await
        .expect(200);
    assert_eq!(m["priority"], "urgent");
    assert_eq!(m["deadline"]["due_at"].as_str().map(at), Some(at(due)));
    assert_eq!(m["instructions"][0]["text"], "请三日内恢复供水");
    c.office
        .post(
            &format!("/api/v1/messages/{}/assign", ids[1]),
            json!({"unit_id": c.housing_unit, "instruction": {"text": "过去的期限", "due_at": "2000-01-01T00:00:00Z"}}),
        )
        .await
        .problem(422, "validation_failed");
    for id in &ids[1..] {
        c.office.assigns(*id, c.housing_unit, "").await.expect(200);
    }

    // One joint reply answers all three; each is rated on its own.
    let bad =
        c.housing.post("/api/v1/joint-replies", json!({"title": "停水", "body": "b", "message_ids": [ids[0]]})).await;
    bad.problem(422, "validation_failed");
    c.transport
        .post("/api/v1/joint-replies", json!({"title": "停水", "body": "b", "message_ids": ids}))
        .await
        .problem(403, "forbidden");
    let joint = c
        .housing
        .post("/api/v1/joint-replies", json!({"title": "关于片区停水的统一答复", "body": "供水管道已抢修完毕，今日恢复供水。", "message_ids": ids}))
        .await
        .expect(201);
    let jid = joint["id"].as_i64().unwrap();
    assert_eq!(joint["status"], "in_review");
    assert!(app.get("/api/v1/joint-replies").await.expect(200)["items"].as_array().unwrap().is_empty());
    let member = c.housing.get(&format!("/api/v1/messages/{}", ids[0])).await.expect(200);
    // The member's reply names its joint reply, where it is reviewed.
    assert_eq!(member["replies"][0]["joint_reply_id"], jid);
    let member_reply = member["replies"][0]["id"].as_i64().unwrap();
    c.moderator.approves(member_reply).await.problem(409, "part_of_joint_reply");
    c.housing.post(&format!("/api/v1/joint-replies/{jid}/approve"), json!({})).await.problem(403, "forbidden");
    c.moderator.post(&format!("/api/v1/joint-replies/{jid}/approve"), json!({})).await.expect(200);
    let public = app.get(&format!("/api/v1/joint-replies/{jid}")).await.expect(200);
    assert_eq!(public["status"], "published");
    assert_eq!(public["messages"].as_array().unwrap().len(), 3);
    assert_eq!(app.get("/api/v1/joint-replies").await.expect(200)["items"][0]["id"], jid);
    for id in &ids {
        let m = app.get(&format!("/api/v1/messages/{id}")).await.expect(200);
        assert_eq!(m["status"], "replied");
        assert_eq!(m["replies"][0]["body"], "供水管道已抢修完毕，今日恢复供水。");
        assert_eq!(m["replies"][0]["joint_reply_id"], jid, "the public sees which joint reply answered it");
    }
    c.citizen.rates(ids[1], "satisfied").await.expect(201);
    c.citizen.rates(ids[2], "basically_satisfied").await.expect(201);

    // A follow-up on the first; answered by the unit; public in the detail and the timeline.
    let f = c
        .citizen
        .post(&format!("/api/v1/messages/{}/follow-ups", ids[0]), json!({"question": "水压还是很低怎么办？"}))
        .await
        .expect(201);
    let fid = f["id"].as_i64().unwrap();
    app.citizen()
        .await
        .post(&format!("/api/v1/messages/{}/follow-ups", ids[0]), json!({"question": "我也问"}))
        .await
        .problem(403, "forbidden");
    c.transport
        .post(&format!("/api/v1/follow-ups/{fid}/answer"), json!({"answer": "x"}))
        .await
        .problem(403, "forbidden");
    c.housing
        .post(&format!("/api/v1/follow-ups/{fid}/answer"), json!({"answer": "已安排加压泵站调试。"}))
        .await
        .expect(200);
    c.housing
        .post(&format!("/api/v1/follow-ups/{fid}/answer"), json!({"answer": "再答"}))
        .await
        .problem(409, "follow_up_answered");
    for q in ["二问", "三问"] {
        c.citizen.post(&format!("/api/v1/messages/{}/follow-ups", ids[0]), json!({"question": q})).await.expect(201);
    }
    c.citizen
        .post(&format!("/api/v1/messages/{}/follow-ups", ids[0]), json!({"question": "四问"}))
        .await
        .problem(409, "follow_up_limit");
    c.citizen.rates(ids[0], "satisfied").await.expect(201);
    let public = app.get(&format!("/api/v1/messages/{}", ids[0])).await.expect(200);
    assert_eq!(public["follow_ups"][0]["answer"], "已安排加压泵站调试。");
    assert_eq!(
        kinds(&public),
        [
            "submitted",
            "accepted",
            "assigned",
            "instructed",
            "reply_published",
            "follow_up_asked",
            "follow_up_answered",
            "follow_up_asked",
            "follow_up_asked",
            "rated",
            "closed"
        ]
    );
}

async fn routing_rules_and_the_routing_queue(backend: Backend) {
    let app = spawn_app(backend).await;
    let c = cast(&app).await;
    let admin = app.admin().await;
    c.moderator
        .post(
            "/api/v1/admin/routing-rules",
            json!({"region_code": "440100", "domain": "transport", "unit_id": c.transport_unit}),
        )
        .await
        .problem(403, "forbidden");
    admin
        .post(
            "/api/v1/admin/routing-rules",
            json!({"region_code": "440100", "domain": "transport", "unit_id": 999_999}),
        )
        .await
        .problem(422, "validation_failed");
    let rule = admin
        .post(
            "/api/v1/admin/routing-rules",
            json!({"region_code": "440000", "domain": "transport", "keywords": ["地铁"], "unit_id": c.transport_unit}),
        )
        .await
        .expect(201);
    assert_eq!(rule["keywords"], json!(["地铁"]));

    let write = |title: &str, domain: &str| {
        c.citizen.post(
            "/api/v1/messages",
            json!({"leader_id": c.leader, "region_code": "440100", "message_type": "suggestion", "domain": domain, "title": title, "body": "建议"}),
        )
    };
    let routed = write("地铁站出口太少", "transport").await.expect(201)["id"].as_i64().unwrap();
    let m = c.moderator.accepts(routed).await.expect(200);
    assert_eq!(m["status"], "assigned");
    assert_eq!(m["unit"]["id"], c.transport_unit);
    let timeline = m["timeline"].as_array().unwrap();
    assert_eq!(timeline.last().unwrap()["kind"], "assigned");
    assert!(timeline.last().unwrap()["actor_role"].is_null(), "assigned by the platform itself");

    // No matching rule: it waits, accepted, in the routing queue.
    let waiting = write("公交车太少", "transport").await.expect(201)["id"].as_i64().unwrap();
    assert_eq!(c.moderator.accepts(waiting).await.expect(200)["status"], "accepted");
    let queue = c.moderator.get("/api/v1/inbox?status=accepted").await.expect(200);
    let queued: Vec<i64> = queue["items"].as_array().unwrap().iter().map(|m| m["id"].as_i64().unwrap()).collect();
    assert_eq!(queued, [waiting]);
    let rules = admin.get("/api/v1/admin/routing-rules").await.expect(200);
    assert_eq!(rules.as_array().unwrap().len(), 1);
    let send = admin
        .app
        .client
        .delete(app.url(&format!("/api/v1/admin/routing-rules/{}", rule["id"])))
        .bearer_auth(&admin.token);
    assert_eq!(app.send(send).await.status, 204);
}

async fn deadlines_tiers_and_notifications(backend: Backend) {
    let app = spawn_app(backend).await;
    let c = cast(&app).await;
    let admin = app.admin().await;
    let tiers = admin.get("/api/v1/admin/sla/tiers").await.expect(200);
    let codes: Vec<&str> = tiers.as_array().unwrap().iter().map(|t| t["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["standard", "urgent", "utilities"]);

    // The moderator marks an urgent group demand: due in 2 hours.
    let id = c.citizen.writes_message(c.leader, "440100", "群体讨薪", "几十人被拖欠工资").await.expect(201)["id"]
        .as_i64()
        .unwrap();
    let m = c.moderator.post(&format!("/api/v1/messages/{id}/accept"), json!({"sla_tier": "urgent"})).await.expect(200);
    let accepted = at(m["accepted_at"].as_str().unwrap());
    assert_eq!(at(m["deadline"]["due_at"].as_str().unwrap()), accepted + chrono::Duration::hours(2));
    assert!(m["deadline"]["seconds_left"].as_i64().unwrap() > 7000);
    let other = c.citizen.writes_message(c.leader, "440100", "t", "b").await.expect(201)["id"].as_i64().unwrap();
    c.moderator
        .post(&format!("/api/v1/messages/{other}/accept"), json!({"sla_tier": "nonsense"}))
        .await
        .problem(422, "validation_failed");

    // An admin rule: utilities for every labour/wages message; an admin-made tier.
    admin.post("/api/v1/admin/sla/rules", json!({"domain": "labour_wages", "tier": "utilities"})).await.expect(201);
    admin.post("/api/v1/admin/sla/rules", json!({"tier": "utilities"})).await.problem(422, "validation_failed");
    let body = json!({"leader_id": c.leader, "region_code": "440100", "message_type": "help_request", "domain": "labour_wages", "title": "欠薪", "body": "b"});
    let wages = c.citizen.post("/api/v1/messages", body).await.expect(201)["id"].as_i64().unwrap();
    let m = c.moderator.accepts(wages).await.expect(200);
    assert_eq!(m["deadline"]["sla_tier"], "utilities");
    let t = admin
        .send_put(
            "/api/v1/admin/sla/tiers/fast",
            json!({"code": "fast", "name": "快速", "unit": "working_days", "amount": 5, "escalate_after_hours": 24}),
        )
        .await
        .expect(200);
    assert_eq!(t["amount"], 5);

    // A year the admins add: 2027's New Year's Day.
    admin
        .send_put(
            "/api/v1/admin/calendar/2027",
            json!({"days": [{"date": "2027-01-01", "kind": "holiday", "name": "New Year's Day"}]}),
        )
        .await
        .expect(200);
    admin
        .send_put("/api/v1/admin/calendar/2027", json!({"days": [{"date": "2028-01-01", "kind": "holiday"}]}))
        .await
        .problem(422, "validation_failed");
    let y2026 = admin.get("/api/v1/admin/calendar/2026").await.expect(200);
    assert!(y2026.as_array().unwrap().iter().any(|d| d["date"] == "2026-10-10" && d["kind"] == "workday"));
    assert_eq!(admin.get("/api/v1/admin/calendar/2027").await.expect(200).as_array().unwrap().len(), 1);

    // The writer's notifications: accepted, then read.
    let inbox = c.citizen.get("/api/v1/me/notifications").await.expect(200);
    assert!(inbox["unread"].as_u64().unwrap() >= 2);
    let first = inbox["items"][0]["id"].as_i64().unwrap();
    assert!(inbox["items"].as_array().unwrap().iter().all(|n| n["kind"] == "accepted"));
    c.citizen.post(&format!("/api/v1/me/notifications/{first}/read"), json!({})).await.expect(200);
    c.housing.post(&format!("/api/v1/me/notifications/{first}/read"), json!({})).await.problem(404, "not_found");
    c.citizen.post("/api/v1/me/notifications/read-all", json!({})).await.expect(200);
    assert_eq!(c.citizen.get("/api/v1/me/notifications").await.expect(200)["unread"], 0);

    // Units with a hierarchy.
    let parent = admin
        .post(
            "/api/v1/admin/units",
            json!({"region_code": "440100", "name": "广州市水务局", "domains": ["urban_construction"]}),
        )
        .await
        .expect(201);
    let child = admin
        .post(
            "/api/v1/admin/units",
            json!({"region_code": "440100", "name": "广州市自来水公司", "parent_id": parent["id"]}),
        )
        .await
        .expect(201);
    admin
        .patch(&format!("/api/v1/admin/units/{}", parent["id"]), json!({"parent_id": child["id"]}))
        .await
        .problem(422, "validation_failed");
    admin
        .post("/api/v1/admin/units", json!({"region_code": "440100", "name": "广州市水务局"}))
        .await
        .problem(409, "unit_exists");
}
