//! Suggestion campaigns, supports under concurrency, the owner's queue, topics and the enterprise channel.

use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use liuyan_api_tests::{Backend, Options, TestApp, User, cast, on_both_databases, spawn_app, spawn_app_with};
use liuyan_persistence::{Clock, ManualClock};
use serde_json::{Value, json};

on_both_databases!(
    a_campaign_from_draft_to_published_results,
    concurrent_supports_are_counted_exactly,
    crossing_the_threshold_puts_a_suggestion_on_the_owner_queue,
    topics_and_the_enterprise_channel,
    campaign_rules_and_bad_input
);

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

fn ids(page: &Value) -> Vec<i64> {
    page["items"].as_array().unwrap().iter().map(|i| i["id"].as_i64().unwrap()).collect()
}

async fn topic_id(app: &TestApp, slug: &str) -> i64 {
    let topics = app.get("/api/v1/topics").await.expect(200);
    topics.as_array().unwrap().iter().find(|t| t["slug"] == slug).expect("topic")["id"].as_i64().unwrap()
}

/// A draft the office publishes at once, open from now for `days`.
async fn open_campaign(office: &User<'_>, now: DateTime<Utc>, rules: Value) -> i64 {
    let mut body = json!({
        "title": "“十五五”规划建言征集", "description": "请就本市未来五年的发展提出建议。",
        "opens_at": now, "closes_at": now + Duration::days(30),
    });
    body.as_object_mut().unwrap().extend(rules.as_object().unwrap().clone());
    let id = office.post("/api/v1/campaigns", body).await.expect(201)["id"].as_i64().unwrap();
    assert_eq!(office.post(&format!("/api/v1/campaigns/{id}/open"), json!({})).await.expect(200)["phase"], "open");
    id
}

async fn suggest(user: &User<'_>, campaign: i64, title: &str) -> i64 {
    let s = user
        .post(&format!("/api/v1/campaigns/{campaign}/suggestions"), json!({"title": title, "body": "具体建议如下……"}))
        .await
        .expect(201);
    assert_eq!(s["status"], "submitted");
    s["id"].as_i64().unwrap()
}

/// The must-show road: the owner opens a campaign; citizens submit and support; a submission after
/// closing is a 409; the owner adopts one and publishes the results; the public report matches.
async fn a_campaign_from_draft_to_published_results(backend: Backend) {
    let clock = Arc::new(ManualClock::new(at("2026-11-02T09:00:00+08:00")));
    let app = spawn_app_with(backend, Options { clock: Some(clock.clone()), ..Default::default() }).await;
    let c = cast(&app).await;
    let now = clock.now();
    let topic = topic_id(&app, "business-environment").await;

    // A draft opening tomorrow: only its owner sees it.
    let draft = c
        .office
        .post(
            "/api/v1/campaigns",
            json!({"title": "优化营商环境建言", "description": "欢迎企业和群众建言献策。", "topic_id": topic,
                   "opens_at": now + Duration::days(1), "closes_at": now + Duration::days(8),
                   "max_per_account": 2, "support_threshold": 50}),
        )
        .await
        .expect(201);
    let id = draft["id"].as_i64().unwrap();
    assert_eq!((draft["status"].as_str(), draft["phase"].as_str()), (Some("draft"), Some("draft")));
    assert_eq!(draft["owner"]["kind"], "leader");
    assert_eq!(draft["topic"]["id"], topic);
    assert!(draft["managed"].as_bool().unwrap());
    app.get(&format!("/api/v1/campaigns/{id}")).await.problem(404, "not_found");
    assert!(!ids(&app.get("/api/v1/campaigns").await.expect(200)).contains(&id));
    assert!(ids(&c.office.get("/api/v1/campaigns?managed=true").await.expect(200)).contains(&id));
    c.office.patch(&format!("/api/v1/campaigns/{id}"), json!({"title": "优化营商环境“金点子”征集"})).await.expect(200);

    // Published: upcoming until its opening time.
    let opened = c.office.post(&format!("/api/v1/campaigns/{id}/open"), json!({})).await.expect(200);
    assert_eq!((opened["status"].as_str(), opened["phase"].as_str()), (Some("open"), Some("upcoming")));
    c.office
        .patch(&format!("/api/v1/campaigns/{id}"), json!({"title": "x"}))
        .await
        .problem(409, "not_allowed_in_state");
    c.citizen
        .post(&format!("/api/v1/campaigns/{id}/suggestions"), json!({"title": "早了", "body": "还没开始"}))
        .await
        .problem(409, "campaign_not_open");
    let listed = app.get(&format!("/api/v1/campaigns?topic={topic}&phase=upcoming")).await.expect(200);
    assert_eq!(ids(&listed), vec![id]);

    clock.advance(Duration::days(1));
    assert_eq!(app.get(&format!("/api/v1/campaigns/{id}")).await.expect(200)["phase"], "open");
    let second = app.citizen().await;
    let third = app.citizen().await;
    let s1 = suggest(&c.citizen, id, "推行“一网通办”").await;
    let s2 = suggest(&c.citizen, id, "减少重复检查").await;
    c.citizen
        .post(&format!("/api/v1/campaigns/{id}/suggestions"), json!({"title": "第三条", "body": "超出上限"}))
        .await
        .problem(409, "suggestion_limit");
    let s3 = suggest(&second, id, "广告内容").await;

    // Unscreened suggestions are not public; their author and the platform see them.
    let public = app.get(&format!("/api/v1/campaigns/{id}/suggestions")).await.expect(200);
    assert!(ids(&public).is_empty());
    app.get(&format!("/api/v1/suggestions/{s1}")).await.problem(404, "not_found");
    assert_eq!(ids(&c.citizen.get("/api/v1/suggestions").await.expect(200)), vec![s2, s1]);
    let queue = c.moderator.get("/api/v1/suggestions?status=submitted").await.expect(200);
    assert_eq!(ids(&queue), vec![s3, s2, s1]);
    c.moderator.post(&format!("/api/v1/suggestions/{s1}/accept"), json!({})).await.expect(200);
    c.moderator.post(&format!("/api/v1/suggestions/{s2}/accept"), json!({})).await.expect(200);
    c.moderator
        .post(&format!("/api/v1/suggestions/{s3}/reject"), json!({"reason": "与征集主题无关"}))
        .await
        .expect(200);
    c.moderator.post(&format!("/api/v1/suggestions/{s3}/accept"), json!({})).await.problem(409, "not_allowed_in_state");
    c.office.post(&format!("/api/v1/suggestions/{s1}/accept"), json!({})).await.problem(403, "forbidden");
    assert_eq!(second.get(&format!("/api/v1/suggestions/{s3}")).await.expect(200)["reject_reason"], "与征集主题无关");
    app.get(&format!("/api/v1/suggestions/{s3}")).await.problem(404, "not_found");

    // Supports: once per account, not one's own.
    let r = second.post(&format!("/api/v1/suggestions/{s1}/supports"), json!({})).await.expect(201);
    assert_eq!((r["supported"].as_bool(), r["support_count"].as_i64()), (Some(true), Some(1)));
    assert_eq!(
        second.post(&format!("/api/v1/suggestions/{s1}/supports"), json!({})).await.expect(200)["support_count"],
        1
    );
    third.post(&format!("/api/v1/suggestions/{s1}/supports"), json!({})).await.expect(201);
    third.post(&format!("/api/v1/suggestions/{s2}/supports"), json!({})).await.expect(201);
    assert_eq!(third.delete(&format!("/api/v1/suggestions/{s2}/supports")).await.expect(200)["support_count"], 0);
    c.citizen.post(&format!("/api/v1/suggestions/{s1}/supports"), json!({})).await.problem(403, "campaign_rules");
    c.office.post(&format!("/api/v1/suggestions/{s1}/supports"), json!({})).await.problem(403, "campaign_rules");
    let seen = third.get(&format!("/api/v1/campaigns/{id}/suggestions?sort=supports")).await.expect(200);
    assert_eq!(ids(&seen), vec![s1, s2]);
    assert_eq!(seen["items"][0]["support_count"], 2);
    assert!(seen["items"][0]["supported"].as_bool().unwrap());
    assert!(!seen["items"][1]["supported"].as_bool().unwrap());

    // Not public before the results; its owner may read it.
    app.get(&format!("/api/v1/campaigns/{id}/report")).await.problem(409, "results_not_published");
    c.office.get(&format!("/api/v1/campaigns/{id}/report")).await.expect(200);

    // Closed early: no more suggestions or supports.
    c.office
        .post(&format!("/api/v1/campaigns/{id}/publish-results"), json!({}))
        .await
        .problem(409, "not_allowed_in_state");
    assert_eq!(c.office.post(&format!("/api/v1/campaigns/{id}/close"), json!({})).await.expect(200)["phase"], "closed");
    let late = second
        .post(&format!("/api/v1/campaigns/{id}/suggestions"), json!({"title": "迟到的建议", "body": "已截止"}))
        .await
        .problem(409, "campaign_not_open");
    assert!(late["detail"].as_str().unwrap().contains("closed"));
    third.post(&format!("/api/v1/suggestions/{s2}/supports"), json!({})).await.problem(409, "campaign_not_open");

    // The owner's review: public notes; an award only after adoption.
    c.housing
        .post(&format!("/api/v1/suggestions/{s1}/review"), json!({"outcome": "adopted", "note": "x"}))
        .await
        .problem(403, "forbidden");
    c.office
        .post(&format!("/api/v1/suggestions/{s2}/review"), json!({"outcome": "awarded", "note": "x"}))
        .await
        .problem(409, "not_allowed_in_state");
    let adopted = c
        .office
        .post(
            &format!("/api/v1/suggestions/{s1}/review"),
            json!({"outcome": "adopted", "note": "已纳入明年工作要点。"}),
        )
        .await
        .expect(200);
    assert_eq!(adopted["status"], "adopted");
    c.office
        .post(&format!("/api/v1/suggestions/{s1}/review"), json!({"outcome": "awarded", "note": "评为优秀建议。"}))
        .await
        .expect(200);
    c.office
        .post(&format!("/api/v1/suggestions/{s2}/review"), json!({"outcome": "not_adopted", "note": "已有相关制度。"}))
        .await
        .expect(200);
    let published = c
        .office
        .post(&format!("/api/v1/campaigns/{id}/publish-results"), json!({"summary": "共收到建议3条，采纳1条。"}))
        .await
        .expect(200);
    assert_eq!(published["phase"], "results_published");
    c.office
        .post(&format!("/api/v1/suggestions/{s2}/review"), json!({"outcome": "adopted", "note": "改判"}))
        .await
        .problem(409, "not_allowed_in_state");

    // The public outcome report matches what happened.
    let report = app.get(&format!("/api/v1/campaigns/{id}/report")).await.expect(200);
    assert_eq!(report["campaign"]["results_summary"], "共收到建议3条，采纳1条。");
    assert_eq!(report["campaign"]["counts"], json!({"suggestions": 2, "supports": 2, "participants": 1}));
    let count = |status: &str| {
        report["by_status"].as_array().unwrap().iter().find(|c| c["status"] == status).map(|c| c["count"].clone())
    };
    assert_eq!(count("awarded"), Some(json!(1)));
    assert_eq!(count("not_adopted"), Some(json!(1)));
    assert_eq!(count("published"), Some(json!(0)));
    assert_eq!(count("rejected"), None, "the public does not see rejected counts");
    let adopted: Vec<_> = report["adopted"].as_array().unwrap().iter().map(|s| s["id"].as_i64().unwrap()).collect();
    assert_eq!(adopted, vec![s1]);
    assert_eq!(report["adopted"][0]["review_note"], "评为优秀建议。");
    assert_eq!(report["top_supported"][0]["id"], s1);
    assert_eq!(report["top_supported"][0]["support_count"], 2);
    assert_eq!(report["top_supported"].as_array().unwrap().len(), 2);
    let staff_report = c.moderator.get(&format!("/api/v1/campaigns/{id}/report")).await.expect(200);
    let rejected = staff_report["by_status"].as_array().unwrap().iter().find(|c| c["status"] == "rejected").cloned();
    assert_eq!(rejected.unwrap()["count"], 1);

    // The author hears of each step.
    let inbox = c.citizen.get("/api/v1/me/notifications").await.expect(200);
    let kinds: Vec<&str> = inbox["items"].as_array().unwrap().iter().map(|n| n["kind"].as_str().unwrap()).collect();
    assert!(kinds.contains(&"suggestion_published") && kinds.contains(&"suggestion_reviewed"), "{kinds:?}");
}

/// 200 accounts support one suggestion at once over loopback: the count is exactly 200, and each
/// supporting again changes nothing.
async fn concurrent_supports_are_counted_exactly(backend: Backend) {
    let app = spawn_app(backend).await;
    let c = cast(&app).await;
    let now = Utc::now();
    let id = open_campaign(&c.office, now - Duration::minutes(1), json!({})).await;
    let s = suggest(&c.citizen, id, "增加公交线路").await;
    c.moderator.post(&format!("/api/v1/suggestions/{s}/accept"), json!({})).await.expect(200);

    let supporters = app.many_citizens(200).await;
    let path = format!("/api/v1/suggestions/{s}/supports");
    let first = futures::future::join_all(supporters.iter().map(|u| u.post(&path, json!({})))).await;
    assert!(first.iter().all(|r| r.status == 201), "{:?}", first.iter().find(|r| r.status != 201));
    let again = futures::future::join_all(supporters.iter().take(50).map(|u| u.post(&path, json!({})))).await;
    assert!(again.iter().all(|r| r.status == 200 && r.body["support_count"] == 200));
    let shown = app.get(&format!("/api/v1/suggestions/{s}")).await.expect(200);
    assert_eq!(shown["support_count"], 200);

    // Withdrawals at once, half of them twice: exactly 100 fewer.
    let half = &supporters[..100];
    let withdrawals = futures::future::join_all(half.iter().chain(half.iter()).map(|u| u.delete(&path))).await;
    assert!(withdrawals.iter().all(|r| r.status == 200));
    assert_eq!(app.get(&format!("/api/v1/suggestions/{s}")).await.expect(200)["support_count"], 100);
    assert_eq!(app.get(&format!("/api/v1/campaigns/{id}")).await.expect(200)["counts"]["supports"], 100);
}

/// The support threshold obliges a public answer: the suggestion lands on the owner's queue, stays there
/// when supports are withdrawn, and leaves it with the owner's reviewed answer.
async fn crossing_the_threshold_puts_a_suggestion_on_the_owner_queue(backend: Backend) {
    let app = spawn_app(backend).await;
    let c = cast(&app).await;
    let admin = app.admin().await;
    // Unit staff run campaigns only with the right an admin gives.
    let now = Utc::now();
    let plan = json!({"title": "停车难问题建言", "description": "征集缓解停车难的办法。", "opens_at": now - Duration::minutes(1),
                      "closes_at": now + Duration::days(10), "support_threshold": 3});
    c.transport.post("/api/v1/campaigns", plan.clone()).await.problem(403, "forbidden");
    let granted = admin
        .patch(&format!("/api/v1/admin/accounts/{}", c.transport.id), json!({"can_run_campaigns": true}))
        .await
        .expect(200);
    assert!(granted["can_run_campaigns"].as_bool().unwrap());
    admin
        .patch(&format!("/api/v1/admin/accounts/{}", c.office.id), json!({"can_run_campaigns": true}))
        .await
        .problem(422, "validation_failed");
    let campaign = c.transport.post("/api/v1/campaigns", plan).await.expect(201);
    let id = campaign["id"].as_i64().unwrap();
    assert_eq!(campaign["owner"]["id"], c.transport_unit);
    c.housing.post(&format!("/api/v1/campaigns/{id}/open"), json!({})).await.problem(404, "not_found");
    c.transport.post(&format!("/api/v1/campaigns/{id}/open"), json!({})).await.expect(200);
    let s = suggest(&c.citizen, id, "建设立体停车场").await;
    let other = suggest(&c.citizen, id, "错时共享停车").await;
    for x in [s, other] {
        c.moderator.post(&format!("/api/v1/suggestions/{x}/accept"), json!({})).await.expect(200);
    }

    let supporters = app.many_citizens(3).await;
    for u in &supporters[..2] {
        u.post(&format!("/api/v1/suggestions/{s}/supports"), json!({})).await.expect(201);
    }
    assert!(owed(&c.transport).await.is_empty(), "two supports are under the threshold of three");
    supporters[2].post(&format!("/api/v1/suggestions/{s}/supports"), json!({})).await.expect(201);
    assert_eq!(owed(&c.transport).await, vec![s]);
    assert!(owed(&c.housing).await.is_empty(), "another unit's queue");
    let shown = app.get(&format!("/api/v1/suggestions/{s}")).await.expect(200);
    assert!(shown["owes_response"].as_bool().unwrap() && shown["threshold_reached_at"].is_string());
    let told = c.transport.get("/api/v1/me/notifications").await.expect(200);
    assert_eq!(told["items"][0]["kind"], "suggestion_owes_response");

    // Dropping back under the threshold does not lift the obligation.
    supporters[0].delete(&format!("/api/v1/suggestions/{s}/supports")).await.expect(200);
    assert_eq!(owed(&c.transport).await, vec![s]);
    c.transport
        .post(&format!("/api/v1/suggestions/{s}/review"), json!({"outcome": "shortlisted", "note": "正在研究可行性。"}))
        .await
        .expect(200);
    assert!(owed(&c.transport).await.is_empty());
    supporters[0].post(&format!("/api/v1/suggestions/{s}/supports"), json!({})).await.expect(201);
    assert!(owed(&c.transport).await.is_empty(), "answered once, not owed again");
}

/// Topics group messages; the enterprise channel takes enterprise accounts only, with its own domains,
/// and shows the enterprise's credit code masked.
async fn topics_and_the_enterprise_channel(backend: Backend) {
    let app = spawn_app(backend).await;
    let c = cast(&app).await;
    let admin = app.admin().await;
    let channel = topic_id(&app, "enterprise-channel").await;
    let topic = app.get(&format!("/api/v1/topics/{channel}")).await.expect(200);
    assert_eq!(topic["writers"], "enterprises");
    assert!(topic["domains"].as_array().unwrap().contains(&json!("unpaid_bills")));

    let write = |domain: &str| {
        json!({"leader_id": c.leader, "region_code": "440100", "message_type": "complaint", "domain": domain,
               "title": "货款被拖欠一年", "body": "某区单位拖欠我司工程款，联系电话13912345678。", "topic_id": channel})
    };
    c.citizen.post("/api/v1/messages", write("unpaid_bills")).await.problem(403, "forbidden");
    let firm = app.enterprise("广州某建材有限公司").await;
    let bad = firm.post("/api/v1/messages", write("education")).await.problem(422, "validation_failed");
    assert_eq!(bad["errors"][0]["field"], "domain");
    let m = firm.post("/api/v1/messages", write("unpaid_bills")).await.expect(201);
    let id = m["id"].as_i64().unwrap();
    assert_eq!(m["topic_id"], channel);
    c.moderator.accepts(id).await.expect(200);
    let public = app.get(&format!("/api/v1/messages/{id}")).await.expect(200);
    assert_eq!(public["writer"]["enterprise_name"], "广州某建材有限公司");
    let masked = public["writer"]["uscc_masked"].as_str().unwrap();
    assert!(masked.contains('*') && masked.len() == 18, "{masked}");
    assert!(public["body"].as_str().unwrap().contains("139****5678"));

    // Browsing by topic.
    let other = c.citizen.writes_message(c.leader, "440100", "路灯不亮", "晚上很黑").await.expect(201);
    c.moderator.accepts(other["id"].as_i64().unwrap()).await.expect(200);
    assert_eq!(ids(&app.get(&format!("/api/v1/messages?topic={channel}")).await.expect(200)), vec![id]);

    // Admins keep the topics: create, close; a closed topic takes no messages.
    let new = admin
        .post("/api/v1/topics", json!({"slug": "flood-relief", "name": "防汛救灾专栏", "domains": ["public_security"]}))
        .await
        .expect(201);
    admin.post("/api/v1/topics", json!({"slug": "flood-relief", "name": "重复"})).await.problem(409, "topic_exists");
    admin.post("/api/v1/topics", json!({"slug": "Bad Slug", "name": "x"})).await.problem(422, "validation_failed");
    c.citizen.post("/api/v1/topics", json!({"slug": "mine", "name": "x"})).await.problem(403, "forbidden");
    let flood = new["id"].as_i64().unwrap();
    admin.patch(&format!("/api/v1/topics/{flood}"), json!({"active": false})).await.expect(200);
    assert!(!ids_of_topics(&app.get("/api/v1/topics").await.expect(200)).contains(&flood));
    assert!(ids_of_topics(&app.get("/api/v1/topics?all=true").await.expect(200)).contains(&flood));
    let closed = c
        .citizen
        .post(
            "/api/v1/messages",
            json!({"leader_id": c.leader, "region_code": "440100", "message_type": "help_request",
                   "domain": "public_security", "title": "求助", "body": "积水", "topic_id": flood}),
        )
        .await
        .problem(422, "validation_failed");
    assert_eq!(closed["errors"][0]["code"], "closed");
}

/// The caller's queue of suggestions owed a public response.
async fn owed(u: &User<'_>) -> Vec<i64> {
    ids(&u.get("/api/v1/suggestions?owes_response=true").await.expect(200))
}

fn ids_of_topics(v: &Value) -> Vec<i64> {
    v.as_array().unwrap().iter().map(|t| t["id"].as_i64().unwrap()).collect()
}

/// Who may take part, and malformed requests: clear 4xx answers, never a 500.
async fn campaign_rules_and_bad_input(backend: Backend) {
    let app = spawn_app(backend).await;
    let c = cast(&app).await;
    let now = Utc::now();
    let only_firms = open_campaign(
        &c.office,
        now - Duration::minutes(1),
        json!({"allow_citizens": false, "real_name_required": true}),
    )
    .await;
    let r = c
        .citizen
        .post(&format!("/api/v1/campaigns/{only_firms}/suggestions"), json!({"title": "t", "body": "b"}))
        .await
        .problem(403, "campaign_rules");
    assert!(r["detail"].as_str().unwrap().contains("enterprises only"));
    let firm = app.enterprise("深圳某科技有限公司").await;
    let s = suggest(&firm, only_firms, "简化出口退税").await;
    c.moderator.post(&format!("/api/v1/suggestions/{s}/accept"), json!({})).await.expect(200);
    let shown = app.get(&format!("/api/v1/suggestions/{s}")).await.expect(200);
    assert_eq!(shown["author"]["role"], "enterprise");
    assert!(shown["author"]["uscc_masked"].as_str().unwrap().contains('*'));

    // Real name: a citizen registered by e-mail only is not real-name.
    let real_name = open_campaign(&c.office, now - Duration::minutes(1), json!({"real_name_required": true})).await;
    let by_mail = app
        .post(
            "/api/v1/auth/register",
            json!({"role": "citizen", "email": "someone@example.com", "password": "correct-horse-battery"}),
        )
        .await
        .expect(201);
    let by_mail = User::from_session(&app, &by_mail);
    let r = by_mail
        .post(&format!("/api/v1/campaigns/{real_name}/suggestions"), json!({"title": "t", "body": "b"}))
        .await
        .problem(403, "campaign_rules");
    assert!(r["detail"].as_str().unwrap().contains("real-name"));
    suggest(&c.citizen, real_name, "实名建议").await;

    // Staff do not take part; citizens do not run campaigns.
    c.housing
        .post(&format!("/api/v1/campaigns/{real_name}/suggestions"), json!({"title": "t", "body": "b"}))
        .await
        .problem(403, "campaign_rules");
    let plan = json!({"title": "t", "description": "d", "opens_at": now, "closes_at": now + Duration::days(1)});
    c.citizen.post("/api/v1/campaigns", plan.clone()).await.problem(403, "forbidden");
    app.anonymous().post("/api/v1/campaigns", plan.clone()).await.problem(401, "unauthenticated");
    c.office
        .post(
            "/api/v1/campaigns",
            json!({"title": "t", "description": "d", "opens_at": now,
        "closes_at": now - Duration::days(1)}),
        )
        .await
        .problem(422, "validation_failed");
    let bad = c
        .office
        .post("/api/v1/campaigns", json!({"title": "", "description": "d", "opens_at": now,
            "closes_at": now + Duration::days(1), "max_per_account": 0, "allow_citizens": false, "allow_enterprises": false}))
        .await
        .problem(422, "validation_failed");
    let fields: Vec<&str> = bad["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert!(fields.contains(&"title") && fields.contains(&"max_per_account"), "{fields:?}");
    c.office
        .post(
            "/api/v1/campaigns",
            json!({"title": "t", "description": "d", "opens_at": now,
            "closes_at": now + Duration::days(1), "allow_citizens": false, "allow_enterprises": false}),
        )
        .await
        .problem(422, "validation_failed");
    c.office
        .post(
            "/api/v1/campaigns",
            json!({"title": "t", "description": "d", "opens_at": "tomorrow",
        "closes_at": now}),
        )
        .await
        .problem(400, "invalid_body");
    c.office
        .post(
            "/api/v1/campaigns",
            json!({"title": "t", "description": "d", "opens_at": now,
            "closes_at": now + Duration::days(1), "unit_id": c.housing_unit}),
        )
        .await
        .problem(422, "validation_failed");
    c.citizen
        .post(&format!("/api/v1/suggestions/{s}/review"), json!({"outcome": "maybe", "note": "x"}))
        .await
        .problem(400, "invalid_body");
    app.get("/api/v1/campaigns?phase=someday").await.problem(400, "invalid_query");
    app.get("/api/v1/campaigns/99999").await.problem(404, "not_found");
    app.get(&format!("/api/v1/campaigns/{only_firms}/suggestions?sort=supports&cursor=nope"))
        .await
        .problem(400, "invalid_cursor");
    app.get("/api/v1/suggestions").await.problem(401, "unauthenticated");
    app.get("/api/v1/campaigns?managed=true").await.problem(401, "unauthenticated");

    // Paging by supports follows the cursor without repeats.
    let mut seen = vec![];
    let mut path = format!("/api/v1/campaigns/{real_name}/suggestions?sort=supports&limit=1");
    let staff_view = c.office.get(&path).await.expect(200);
    seen.extend(ids(&staff_view));
    if let Some(cursor) = staff_view["next_cursor"].as_str() {
        path = format!("{path}&cursor={cursor}");
        seen.extend(ids(&c.office.get(&path).await.expect(200)));
    }
    assert_eq!(seen.len(), 1, "one suggestion in that campaign: {seen:?}");
}
