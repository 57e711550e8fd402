//! A message's whole road, and what the public sees of it.

use liuyan_api_tests::{Backend, cast, on_both_databases, spawn_app};
use serde_json::{Value, json};

on_both_databases!(
    whole_road_with_return_and_reopening,
    idempotent_writing,
    public_board_lists_filters_and_pages,
    private_messages_and_masking
);

fn kinds(timeline: &Value) -> Vec<String> {
    timeline.as_array().unwrap().iter().map(|e| e["kind"].as_str().unwrap().to_owned()).collect()
}

/// write → accept → assign → transfer → reply → return → reply → approve → rate dissatisfied → reopened
/// → reply → approve → rate satisfied → closed, then the public timeline.
async fn whole_road_with_return_and_reopening(backend: Backend) {
    let app = spawn_app(backend).await;
    let c = cast(&app).await;

    let m = c
        .citizen
        .writes_message(c.leader, "440100", "小区噪音扰民", "工地夜间施工，请处理。电话13912345678")
        .await
        .expect(201);
    let id = m["id"].as_i64().unwrap();
    assert_eq!(m["status"], "submitted");
    assert_eq!(m["masked"], false, "the writer sees their own text");
    assert!(m["body"].as_str().unwrap().contains("13912345678"));

    // Not on the public board before screening.
    app.anonymous().get(&format!("/api/v1/messages/{id}")).await.problem(404, "not_found");

    assert_eq!(c.moderator.accepts(id).await.expect(200)["status"], "accepted");
    // The leader's office assigns with an instruction (批办).
    let m = c
        .office
        .post(
            &format!("/api/v1/messages/{id}/assign"),
            json!({"unit_id": c.transport_unit, "note": "请交通局办理", "instruction": {"text": "限期核实，依法处理", "priority": "high"}}),
        )
        .await
        .expect(200);
    assert_eq!(m["priority"], "high");
    assert_eq!(m["status"], "assigned");
    assert_eq!(m["unit"]["id"], c.transport_unit);

    let m = c.transport.transfers(id, c.housing_unit, "属于住建部门职责").await.expect(200);
    assert_eq!(m["status"], "assigned");
    assert_eq!(m["unit"]["id"], c.housing_unit);

    let reply = c.housing.replies(id, "已收到，正在核查。").await.expect(201);
    assert_eq!(reply["status"], "in_review");
    let detail = c.citizen.get(&format!("/api/v1/messages/{id}")).await.expect(200);
    assert_eq!(detail["status"], "reply_in_review");
    assert_eq!(detail["replies"].as_array().unwrap().len(), 0, "the writer does not see a reply in review");

    let returned = c.moderator.returns(reply["id"].as_i64().unwrap(), "答复过于简单，请说明处理结果").await.expect(200);
    assert_eq!(returned["status"], "returned");
    let staff_view = c.housing.get(&format!("/api/v1/messages/{id}")).await.expect(200);
    assert_eq!(staff_view["status"], "assigned");
    let staff_replies = staff_view["replies"].as_array().unwrap();
    assert_eq!(staff_replies[0]["return_reason"], "答复过于简单，请说明处理结果");

    let reply = c.housing.replies(id, "经核查，已责令工地停止夜间施工。").await.expect(201);
    let published = c.moderator.approves(reply["id"].as_i64().unwrap()).await.expect(200);
    assert_eq!(published["status"], "published");

    let m = c.citizen.rates(id, "dissatisfied").await.expect(201);
    assert_eq!(m["status"], "reopened");
    assert_eq!(m["round"], 2);
    assert_eq!(m["reopen_count"], 1);
    assert_eq!(m["unit"]["id"], c.housing_unit, "reopened to the same unit");

    let reply = c.housing.replies(id, "已复查，夜间施工已停止，并安排每日巡查。").await.expect(201);
    assert_eq!(reply["round"], 2);
    c.moderator.approves(reply["id"].as_i64().unwrap()).await.expect(200);
    let m = c.citizen.rates(id, "satisfied").await.expect(201);
    assert_eq!(m["status"], "closed");
    assert!(m["closed_at"].is_string());

    // A follow-up question (追问) after the answer, answered by the unit.
    let f = c
        .citizen
        .post(&format!("/api/v1/messages/{id}/follow-ups"), json!({"question": "夜间巡查持续多久？"}))
        .await
        .expect(201);
    c.housing
        .post(&format!("/api/v1/follow-ups/{}/answer", f["id"]), json!({"answer": "持续至工程结束。"}))
        .await
        .expect(200);

    // The public view: masked text, both published replies, both ratings, the public steps only.
    let public = app.anonymous().get(&format!("/api/v1/messages/{id}")).await.expect(200);
    assert_eq!(public["masked"], true);
    assert!(public["body"].as_str().unwrap().contains("139****5678"));
    assert!(!public["body"].as_str().unwrap().contains("13912345678"));
    let replies = public["replies"].as_array().unwrap();
    assert_eq!(replies.len(), 2);
    assert!(replies.iter().all(|r| r["status"] == "published" && r["return_reason"].is_null()));
    assert_eq!(public["ratings"].as_array().unwrap().len(), 2);
    assert_eq!(public["ratings"][0]["satisfaction"], "dissatisfied");
    assert_eq!(
        kinds(&public["timeline"]),
        [
            "submitted",
            "accepted",
            "assigned",
            "instructed",
            "transferred",
            "reply_published",
            "rated",
            "reopened",
            "reply_published",
            "rated",
            "closed",
            "follow_up_asked",
            "follow_up_answered"
        ]
    );
    let timeline = public["timeline"].as_array().unwrap();
    assert_eq!(timeline[2]["note"], "请交通局办理");
    assert_eq!(timeline[2]["actor_role"], "leader_office");
    assert_eq!(timeline[3]["note"], "限期核实，依法处理");
    assert_eq!(timeline[4]["note"], "属于住建部门职责");
    assert_eq!(timeline[4]["unit"]["id"], c.housing_unit);
    assert_eq!(timeline[5]["actor_role"], "moderator");
    assert_eq!(public["follow_ups"][0]["answer"], "持续至工程结束。");
    assert_eq!(public["instructions"][0]["priority"], "high");
    assert!(timeline.windows(2).all(|w| w[0]["at"].as_str() <= w[1]["at"].as_str()));

    // Staff see the internal back-and-forth too.
    let staff = c.moderator.get(&format!("/api/v1/messages/{id}")).await.expect(200);
    let staff_kinds = kinds(&staff["timeline"]);
    assert!(staff_kinds.contains(&"reply_returned".to_owned()));
    assert_eq!(staff_kinds.iter().filter(|k| *k == "reply_submitted").count(), 3);
}

async fn idempotent_writing(backend: Backend) {
    let app = spawn_app(backend).await;
    let c = cast(&app).await;
    let body = json!({"leader_id": c.leader, "region_code": "440000", "message_type": "consultation",
                      "domain": "education", "title": "入学咨询", "body": "请问积分入学如何申请？"});
    let send = |key: &'static str, body: Value| {
        let req = app
            .client
            .post(app.url("/api/v1/messages"))
            .bearer_auth(&c.citizen.token)
            .header("Idempotency-Key", key)
            .json(&body);
        app.send(req)
    };
    let first = send("k-1", body.clone()).await.expect(201);
    let again = send("k-1", body.clone()).await.expect(200);
    assert_eq!(first["id"], again["id"]);
    let mine = c.citizen.get("/api/v1/me/messages").await.expect(200);
    assert_eq!(mine["items"].as_array().unwrap().len(), 1, "no duplicate");

    let mut changed = body.clone();
    changed["title"] = json!("另一个问题");
    send("k-1", changed).await.problem(409, "idempotency_key_reused");
    let other = send("k-2", body.clone()).await.expect(201);
    assert_ne!(other["id"], first["id"]);

    // Eight retries racing with one new key still write one message.
    let racing = (0..8).map(|_| send("k-3", body.clone()));
    let answers = futures::future::join_all(racing).await;
    let ids: std::collections::HashSet<i64> = answers
        .into_iter()
        .map(|r| {
            assert!(r.status == 200 || r.status == 201, "{}", r.text);
            r.body["id"].as_i64().unwrap()
        })
        .collect();
    assert_eq!(ids.len(), 1);
    let mine = c.citizen.get("/api/v1/me/messages").await.expect(200);
    assert_eq!(mine["items"].as_array().unwrap().len(), 3);

    // Two moderators accepting at once: one wins, the other is told the state moved on.
    let id = ids.into_iter().next().unwrap();
    let second = app.admin().await.creates_staff("moderator", None, None).await;
    let (a, b) = tokio::join!(c.moderator.accepts(id), second.accepts(id));
    let mut statuses = [a.status, b.status];
    statuses.sort();
    assert_eq!(statuses, [200, 409], "{} / {}", a.text, b.text);
    let m = c.citizen.get(&format!("/api/v1/messages/{id}")).await.expect(200);
    assert_eq!(kinds(&m["timeline"]), ["submitted", "accepted"]);
}

async fn public_board_lists_filters_and_pages(backend: Backend) {
    let app = spawn_app(backend).await;
    let c = cast(&app).await;
    let mut ids = vec![];
    for i in 0..5 {
        let region = if i % 2 == 0 { "440100" } else { "440000" };
        let m = c.citizen.writes_message(c.leader, region, &format!("留言{i}"), "内容").await.expect(201);
        ids.push(m["id"].as_i64().unwrap());
    }
    // Only screened messages are listed.
    for id in &ids[..4] {
        c.moderator.accepts(*id).await.expect(200);
    }
    let board = app.get("/api/v1/messages").await.expect(200);
    let listed: Vec<i64> = board["items"].as_array().unwrap().iter().map(|m| m["id"].as_i64().unwrap()).collect();
    assert_eq!(listed, ids[..4].iter().rev().copied().collect::<Vec<_>>(), "newest first, unscreened left out");

    // Pages of 3 then 1, following the cursor.
    let p1 = app.get("/api/v1/messages?limit=3").await.expect(200);
    assert_eq!(p1["items"].as_array().unwrap().len(), 3);
    let cursor = p1["next_cursor"].as_str().unwrap();
    let p2 = app.get(&format!("/api/v1/messages?limit=3&cursor={cursor}")).await.expect(200);
    assert_eq!(p2["items"].as_array().unwrap().len(), 1);
    assert_eq!(p2["items"][0]["id"], ids[0]);
    assert!(p2["next_cursor"].is_null());

    // Filters: a city, a province including its cities, a status, a leader, a date range.
    let city = app.get("/api/v1/messages?region=440100").await.expect(200);
    assert_eq!(city["items"].as_array().unwrap().len(), 2);
    let province = app.get("/api/v1/messages?region=440000").await.expect(200);
    assert_eq!(province["items"].as_array().unwrap().len(), 4);
    c.office.assigns(ids[0], c.housing_unit, "").await.expect(200);
    let assigned = app.get("/api/v1/messages?status=assigned").await.expect(200);
    assert_eq!(assigned["items"].as_array().unwrap().len(), 1);
    let by_unit = app.get(&format!("/api/v1/messages?unit={}", c.housing_unit)).await.expect(200);
    assert_eq!(by_unit["items"][0]["id"], ids[0]);
    let by_leader = app
        .get(&format!("/api/v1/messages?leader={}&type=complaint&domain=urban_construction", c.leader))
        .await
        .expect(200);
    assert_eq!(by_leader["items"].as_array().unwrap().len(), 4);
    let past = app.get("/api/v1/messages?to=2000-01-01").await.expect(200);
    assert!(past["items"].as_array().unwrap().is_empty());
    let today = chrono_today();
    let recent = app.get(&format!("/api/v1/messages?from={today}&to={today}")).await.expect(200);
    assert_eq!(recent["items"].as_array().unwrap().len(), 4);

    let summary = app.get("/api/v1/summary").await.expect(200);
    assert_eq!(summary["public_messages"], 4);
    assert_eq!(summary["replied_messages"], 0);
    assert!(summary["units"].as_u64().unwrap() > 4000);

    // The writer sees all five; the staff inboxes their own.
    assert_eq!(c.citizen.get("/api/v1/me/messages").await.expect(200)["items"].as_array().unwrap().len(), 5);
    let screening = c.moderator.get("/api/v1/inbox?status=submitted").await.expect(200);
    assert_eq!(screening["items"][0]["id"], ids[4]);
    let unit_inbox = c.housing.get("/api/v1/inbox").await.expect(200);
    assert_eq!(unit_inbox["items"].as_array().unwrap().len(), 1);
    assert!(c.transport.get("/api/v1/inbox").await.expect(200)["items"].as_array().unwrap().is_empty());
    c.citizen.get("/api/v1/inbox").await.problem(403, "forbidden");
}

fn chrono_today() -> String {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64;
    let days = secs.div_euclid(86_400);
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm), to avoid a date crate here.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + if m <= 2 { 1 } else { 0 };
    format!("{y:04}-{m:02}-{d:02}")
}

async fn private_messages_and_masking(backend: Backend) {
    let app = spawn_app(backend).await;
    let c = cast(&app).await;
    let body = json!({"leader_id": c.leader, "region_code": "440100", "message_type": "help_request", "domain": "health",
                      "title": "就医求助", "body": "身份证110101199003071234，电话13800138000", "is_public": false});
    let m = c.citizen.post("/api/v1/messages", body).await.expect(201);
    let id = m["id"].as_i64().unwrap();
    c.moderator.accepts(id).await.expect(200);
    c.office.assigns(id, c.housing_unit, "").await.expect(200);

    let stranger = app.citizen().await;
    stranger.get(&format!("/api/v1/messages/{id}")).await.problem(404, "not_found");
    app.anonymous().get(&format!("/api/v1/messages/{id}")).await.problem(404, "not_found");
    c.transport.get(&format!("/api/v1/messages/{id}")).await.problem(404, "not_found");
    c.transport.transfers(424242, c.housing_unit, "不存在").await.problem(404, "not_found");
    assert!(app.get("/api/v1/messages").await.expect(200)["items"].as_array().unwrap().is_empty());

    // The writer and the handling unit read the full text.
    let own = c.citizen.get(&format!("/api/v1/messages/{id}")).await.expect(200);
    assert!(own["body"].as_str().unwrap().contains("110101199003071234"));
    let staff = c.housing.get(&format!("/api/v1/messages/{id}")).await.expect(200);
    assert_eq!(staff["masked"], false);

    // Transferring a private message away: the unit no longer sees it; the new unit does.
    let gone = c.housing.transfers(id, c.transport_unit, "交通部门负责").await;
    assert_eq!(gone.status, 204, "{}", gone.text);
    c.housing.get(&format!("/api/v1/messages/{id}")).await.problem(404, "not_found");
    assert_eq!(c.transport.get(&format!("/api/v1/messages/{id}")).await.expect(200)["unit"]["id"], c.transport_unit);

    // A public one: masked for everyone else, in the list too.
    let m =
        c.citizen.writes_message(c.leader, "440100", "联系13800138000", "身份证110101199003071234").await.expect(201);
    c.moderator.accepts(m["id"].as_i64().unwrap()).await.expect(200);
    let board = app.get("/api/v1/messages").await.expect(200);
    assert_eq!(board["items"][0]["title"], "联系138****8000");
    assert_eq!(board["items"][0]["excerpt"], "身份证110101********1234");
}
