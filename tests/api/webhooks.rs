//! Webhooks as an integrator sees them: a receiver started here on 127.0.0.1 gets every event of every
//! message, signed, in order, even when it fails for a while and the server restarts in between.

use std::collections::{BTreeMap, HashSet};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use actix_web::{App, HttpRequest, HttpResponse, HttpServer, web};
use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use liuyan_api_tests::{Backend, Options, TestApp, User, cast, on_both_databases, spawn_app, spawn_app_with};
use liuyan_persistence::{Clock, ManualClock};
use serde_json::{Value, json};
use sha2::Sha256;

on_both_databases!(
    events_arrive_in_order_signed_after_failures_and_restarts,
    redelivery_pausing_and_subscriptions,
    retried_for_two_days_then_given_up_and_redelivered_by_hand,
    only_admins_manage_webhooks_and_bad_input_is_a_problem
);

/// One request the receiver got, and what it answered.
#[derive(Debug, Clone)]
struct Received {
    path: String,
    content_type: String,
    event: String,
    delivery: i64,
    signature: String,
    body: String,
    answered: u16,
}

impl Received {
    fn json(&self) -> Value {
        serde_json::from_str(&self.body).expect("the body is JSON")
    }
}

#[derive(Default)]
struct ReceiverState {
    /// The first this many requests are answered 500.
    fail_first: usize,
    /// While set, every request is answered 500.
    failing: AtomicBool,
    seen: AtomicUsize,
    received: Mutex<Vec<Received>>,
}

/// An integrator's endpoint: a real HTTP server on 127.0.0.1 that records what it gets.
struct Receiver {
    base: String,
    state: Arc<ReceiverState>,
    server: actix_web::dev::ServerHandle,
}

impl Receiver {
    async fn start(fail_first: usize) -> Receiver {
        let state = Arc::new(ReceiverState { fail_first, ..Default::default() });
        let data = web::Data::from(state.clone());
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let server = HttpServer::new(move || App::new().app_data(data.clone()).default_service(web::to(receive)))
            .workers(1)
            .listen(listener)
            .unwrap()
            .run();
        let handle = server.handle();
        tokio::spawn(server);
        Receiver { base, state, server: handle }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    fn received(&self) -> Vec<Received> {
        self.state.received.lock().unwrap().clone()
    }

    fn set_failing(&self, failing: bool) {
        self.state.failing.store(failing, Ordering::SeqCst);
    }
}

impl Drop for Receiver {
    fn drop(&mut self) {
        let server = self.server.clone();
        tokio::spawn(async move { server.stop(false).await });
    }
}

async fn receive(req: HttpRequest, body: web::Bytes, state: web::Data<ReceiverState>) -> HttpResponse {
    let header = |name: &str| req.headers().get(name).and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    let n = state.seen.fetch_add(1, Ordering::SeqCst);
    let answered = if n < state.fail_first || state.failing.load(Ordering::SeqCst) { 500 } else { 200 };
    state.received.lock().unwrap().push(Received {
        path: req.path().to_owned(),
        content_type: header("content-type"),
        event: header("liuyan-event"),
        delivery: header("liuyan-delivery").parse().unwrap_or(-1),
        signature: header("liuyan-signature"),
        body: String::from_utf8_lossy(&body).into_owned(),
        answered,
    });
    if answered == 200 {
        HttpResponse::Ok().finish()
    } else {
        HttpResponse::InternalServerError().body("down for maintenance")
    }
}

/// What a receiver does with `Liuyan-Signature`: recompute the HMAC over `<t>.<body>` and compare.
fn signature_is_valid(secret: &str, r: &Received) -> bool {
    let Some((t, signatures)) = liuyan_domain::webhook::parse_signature_header(&r.signature) else {
        return false;
    };
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(format!("{t}.{}", r.body).as_bytes());
    let expected = hex::encode(mac.finalize().into_bytes());
    signatures.contains(&expected)
}

/// A logged-in user again, after a restart (the session survives it: the signing key is in the database).
fn again<'a>(app: &'a TestApp, token: &str) -> User<'a> {
    User { app, token: token.to_owned(), refresh: String::new(), id: 0 }
}

/// Polls `check` until it holds, for at most 20 seconds.
async fn eventually<F: AsyncFnMut() -> bool>(what: &str, mut check: F) {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    while !check().await {
        assert!(tokio::time::Instant::now() < deadline, "timed out waiting until {what}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn register(admin: &User<'_>, url: &str, event_types: Value) -> (i64, String) {
    let hook = admin.post("/api/v1/webhooks", json!({"url": url, "event_types": event_types})).await.expect(201);
    let secret = hook["secret"].as_str().expect("the secret is shown once").to_owned();
    assert!(secret.starts_with("whsec_") && secret.len() > 40);
    (hook["id"].as_i64().unwrap(), secret)
}

async fn deliveries(admin: &User<'_>, webhook: i64) -> Vec<Value> {
    let page = admin.get(&format!("/api/v1/webhooks/{webhook}/deliveries?limit=100")).await.expect(200);
    assert!(page["next_cursor"].is_null());
    page["items"].as_array().unwrap().clone()
}

fn time(v: &Value) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(v.as_str().unwrap()).unwrap().with_timezone(&Utc)
}

/// Nothing is being sent and nothing can be: of each message's pending deliveries, the first (the one
/// the others wait for) is due only later.
fn settled(items: &[Value], now: DateTime<Utc>) -> bool {
    let mut first_pending: BTreeMap<i64, &Value> = BTreeMap::new();
    for d in items.iter().filter(|d| d["state"] == "pending") {
        let slot = first_pending.entry(d["message_id"].as_i64().unwrap()).or_insert(d);
        if d["id"].as_i64() < slot["id"].as_i64() {
            *slot = d;
        }
    }
    first_pending.values().all(|d| time(&d["next_attempt_at"]) > now)
}

/// The receiver fails the first three requests; the server restarts while deliveries wait for their
/// retry; in the end each message's events have arrived once each, in the order they happened, signed.
async fn events_arrive_in_order_signed_after_failures_and_restarts(backend: Backend) {
    // A clock that moves only when told, so retries fall due exactly when the test says.
    let clock = Arc::new(ManualClock::new(Utc::now()));
    let mut app = spawn_app_with(backend, Options { clock: Some(clock.clone()), ..Default::default() }).await;
    let receiver = Receiver::start(3).await;

    let (admin_token, moderator_token, webhook, secret, messages) = {
        let admin = app.admin().await;
        let (webhook, secret) = register(&admin, &receiver.url("/liuyan"), json!(["*"])).await;
        let c = cast(&app).await;

        let m1 = c.citizen.writes_message(c.leader, "440100", "路灯不亮", "小区门口路灯坏了一个月。").await.expect(201);
        let m1 = m1["id"].as_i64().unwrap();
        let m2 = c.citizen.writes_message(c.leader, "440100", "公交改线", "希望恢复12路公交原线路。").await.expect(201);
        let m2 = m2["id"].as_i64().unwrap();
        c.moderator.accepts(m1).await.expect(200);
        c.moderator.accepts(m2).await.expect(200);
        c.office.assigns(m1, c.housing_unit, "请住建局办理").await.expect(200);
        c.office.assigns(m2, c.transport_unit, "请交通局办理").await.expect(200);
        let reply = c.housing.replies(m1, "已安排维修，三日内修复。").await.expect(201);
        c.transport.transfers(m2, c.housing_unit, "线路规划属住建部门").await.expect(200);
        c.moderator.approves(reply["id"].as_i64().unwrap()).await.expect(200);
        assert_eq!(c.citizen.rates(m1, "satisfied").await.expect(201)["status"], "closed");
        (admin.token.clone(), c.moderator.token.clone(), webhook, secret, [m1, m2])
    };

    // The events each message should announce: its whole timeline as staff see it, drafts aside.
    let mut expected: BTreeMap<i64, Vec<i64>> = BTreeMap::new();
    for m in messages {
        let detail = again(&app, &moderator_token).get(&format!("/api/v1/messages/{m}")).await.expect(200);
        let timeline = detail["timeline"].as_array().unwrap();
        let ids = timeline.iter().filter(|e| e["kind"] != "reply_drafted").map(|e| e["id"].as_i64().unwrap());
        expected.insert(m, ids.collect());
    }
    assert_eq!(expected[&messages[0]].len(), 7, "submitted … rated, closed: {expected:?}");
    assert_eq!(expected[&messages[1]].len(), 4, "submitted, accepted, assigned, transferred");
    let total: usize = expected.values().map(Vec::len).sum();

    // Each round: wait until nothing is in flight or due; restart while retries are pending; move on.
    let mut restarts = 0;
    loop {
        let now = clock.now();
        let mut items = vec![];
        eventually("the deliveries settle", async || {
            items = deliveries(&again(&app, &admin_token), webhook).await;
            items.len() == total && settled(&items, now)
        })
        .await;
        if items.iter().all(|d| d["state"] == "delivered") {
            break;
        }
        assert!(items.iter().all(|d| d["state"] != "failed"));
        app.restart().await;
        restarts += 1;
        assert!(restarts < 10, "the deliveries should get through in a few rounds");
        clock.advance(chrono::Duration::seconds(1));
    }
    assert!(restarts >= 2, "both failing rounds were followed by a restart ({restarts})");

    let received = receiver.received();
    assert_eq!(received.iter().filter(|r| r.answered == 500).count(), 3);
    assert_eq!(received.iter().filter(|r| r.answered == 200).count(), total, "each delivery once");
    for r in &received {
        assert!(signature_is_valid(&secret, r), "bad signature on {r:?}");
        assert!(!signature_is_valid("whsec_wrong", r));
        let body = r.json();
        assert_eq!(body["type"], r.event.as_str());
        assert_eq!(r.path, "/liuyan");
        assert_eq!(r.content_type, "application/json");
    }
    let delivered: HashSet<i64> = received.iter().filter(|r| r.answered == 200).map(|r| r.delivery).collect();
    assert_eq!(delivered.len(), total, "no delivery acknowledged twice");

    for (m, want) in &expected {
        let of_message: Vec<&Received> = received.iter().filter(|r| r.json()["message_id"] == *m).collect();
        let acknowledged: Vec<i64> =
            of_message.iter().filter(|r| r.answered == 200).map(|r| r.json()["event_id"].as_i64().unwrap()).collect();
        assert_eq!(&acknowledged, want, "message {m}: every event, once, in order");
        // Failures were retried before anything later of the same message was sent.
        let sent: Vec<i64> = of_message.iter().map(|r| r.json()["event_id"].as_i64().unwrap()).collect();
        assert!(sent.windows(2).all(|w| w[0] <= w[1]), "message {m} sent out of order: {sent:?}");
    }

    // The payloads say what happened.
    let first = received.iter().find(|r| r.answered == 200 && r.event == "message.created").unwrap().json();
    assert_eq!(first["kind"], "submitted");
    assert_eq!(first["message_status"], "submitted");
    assert_eq!(first["actor_role"], "citizen");
    assert_eq!(first["audience"], "public");
    let closed = received.iter().find(|r| r.event == "message.closed").unwrap().json();
    assert_eq!(closed["message_id"], messages[0]);
    assert_eq!(closed["message_status"], "closed");
    let assigned = received.iter().find(|r| r.event == "message.assigned" && r.json()["message_id"] == messages[1]);
    let assigned = assigned.unwrap().json();
    assert_eq!(assigned["note"], "请交通局办理");
    assert_eq!(assigned["actor_role"], "leader_office");
    assert!(assigned["unit_id"].is_i64());
    let event_types: HashSet<&str> = received.iter().map(|r| r.event.as_str()).collect();
    for t in ["message.created", "message.accepted", "message.assigned", "message.transferred", "reply.submitted"] {
        assert!(event_types.contains(t), "{t}");
    }
    for t in ["reply.published", "message.rated", "message.closed"] {
        assert!(event_types.contains(t), "{t}");
    }

    // The log shows each failed attempt and the success after it.
    let items = deliveries(&again(&app, &admin_token), webhook).await;
    let attempts: Vec<&Value> = items.iter().flat_map(|d| d["attempts"].as_array().unwrap()).collect();
    let failed: Vec<&&Value> = attempts.iter().filter(|a| a["status_code"] == 500).collect();
    assert_eq!(failed.len(), 3);
    assert!(failed.iter().all(|a| a["error"].as_str().unwrap().starts_with("HTTP 500: down for maintenance")));
    for d in &items {
        assert_eq!(d["state"], "delivered");
        assert_eq!(d["last_status"], 200);
        assert!(d["delivered_at"].is_string() && d["next_attempt_at"].is_null());
        let log = d["attempts"].as_array().unwrap();
        assert_eq!(d["attempt_count"], log.len());
        let numbers: Vec<i64> = log.iter().map(|a| a["attempt"].as_i64().unwrap()).collect();
        assert_eq!(numbers, (1..=log.len() as i64).collect::<Vec<_>>());
        assert_eq!(log.last().unwrap()["status_code"], 200);
        assert_eq!(d["payload"]["type"], d["event_type"]);
    }
    assert!(items.iter().any(|d| d["attempt_count"].as_i64().unwrap() >= 2), "some delivery needed a retry");
}

/// Endpoints get only what they subscribed to; a paused one gets nothing new and keeps what waits;
/// a delivery can be sent again by hand.
async fn redelivery_pausing_and_subscriptions(backend: Backend) {
    let app = spawn_app(backend).await;
    let receiver = Receiver::start(0).await;
    let admin = app.admin().await;
    let (created_only, secret) = register(&admin, &receiver.url("/created"), json!(["message.created"])).await;
    let (paused, _) = register(&admin, &receiver.url("/paused"), json!(["*"])).await;
    let hook = admin.patch(&format!("/api/v1/webhooks/{paused}"), json!({"active": false})).await.expect(200);
    assert_eq!(hook["active"], false);
    assert!(hook.get("secret").is_none(), "the secret is shown only at registration");

    let c = cast(&app).await;
    let m = c.citizen.writes_message(c.leader, "440100", "噪音", "夜间施工噪音。").await.expect(201);
    let m = m["id"].as_i64().unwrap();
    c.moderator.accepts(m).await.expect(200);

    eventually("the new message is announced", async || {
        deliveries(&admin, created_only).await.first().is_some_and(|d| d["state"] == "delivered")
    })
    .await;
    let items = deliveries(&admin, created_only).await;
    assert_eq!(items.len(), 1, "only message.created was subscribed to");
    let delivery = items[0]["id"].as_i64().unwrap();
    assert_eq!(items[0]["event_type"], "message.created");
    assert!(deliveries(&admin, paused).await.is_empty(), "nothing is queued for a paused endpoint");

    // Sent again by hand: the same delivery id, a second attempt in the log.
    let again = admin.post(&format!("/api/v1/webhooks/deliveries/{delivery}/redeliver"), json!({})).await.expect(202);
    assert_eq!(again["id"], delivery);
    assert_eq!(again["state"], "pending");
    eventually("the redelivery arrives", async || {
        receiver.received().iter().filter(|r| r.delivery == delivery).count() == 2
    })
    .await;
    eventually("the redelivery is logged", async || deliveries(&admin, created_only).await[0]["attempt_count"] == 2)
        .await;
    let d = &deliveries(&admin, created_only).await[0];
    assert_eq!(d["state"], "delivered");
    assert!(d["attempts"].as_array().unwrap().iter().all(|a| a["status_code"] == 200));
    let twice: Vec<Received> = receiver.received().into_iter().filter(|r| r.delivery == delivery).collect();
    assert_eq!(twice[0].body, twice[1].body, "the same event");
    assert!(twice.iter().all(|r| signature_is_valid(&secret, r)));

    // While paused, a redelivered delivery waits; it is pending, so it cannot be redelivered again.
    admin.patch(&format!("/api/v1/webhooks/{created_only}"), json!({"active": false})).await.expect(200);
    admin.post(&format!("/api/v1/webhooks/deliveries/{delivery}/redeliver"), json!({})).await.expect(202);
    admin
        .post(&format!("/api/v1/webhooks/deliveries/{delivery}/redeliver"), json!({}))
        .await
        .problem(409, "delivery_pending");
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(receiver.received().len(), 2, "a paused endpoint is not sent to");
    admin.patch(&format!("/api/v1/webhooks/{created_only}"), json!({"active": true})).await.expect(200);
    eventually("the waiting delivery goes out on resuming", async || receiver.received().len() == 3).await;

    // New subscriptions apply to later events.
    let hook = admin
        .patch(
            &format!("/api/v1/webhooks/{created_only}"),
            json!({"event_types": ["message.assigned", "message.created"]}),
        )
        .await
        .expect(200);
    assert_eq!(hook["event_types"], json!(["message.assigned", "message.created"]));
    c.office.assigns(m, c.housing_unit, "请办理").await.expect(200);
    eventually("the assignment is announced", async || {
        receiver.received().iter().any(|r| r.event == "message.assigned")
    })
    .await;
    assert!(receiver.received().iter().all(|r| r.path == "/created"));

    let list = admin.get("/api/v1/webhooks").await.expect(200);
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 2);
    assert!(list.iter().all(|h| h.get("secret").is_none()));
    assert_eq!(list[1]["active"], false);
}

/// A receiver that stays down is retried for more than a day, given up after two, and can then be
/// sent to again by hand.
async fn retried_for_two_days_then_given_up_and_redelivered_by_hand(backend: Backend) {
    let clock = Arc::new(ManualClock::new(Utc::now()));
    let app = spawn_app_with(backend, Options { clock: Some(clock.clone()), ..Default::default() }).await;
    let receiver = Receiver::start(0).await;
    receiver.set_failing(true);
    let admin = app.admin().await;
    let (webhook, _) = register(&admin, &receiver.url("/down"), json!(["message.created"])).await;
    let c = cast(&app).await;
    c.citizen.writes_message(c.leader, "440100", "积水", "道路积水严重。").await.expect(201);

    let attempts_logged = async |n: usize| {
        let now = clock.now();
        let mut found = Value::Null;
        eventually(&format!("{n} attempts are logged"), async || {
            let items = deliveries(&admin, webhook).await;
            found = items[0].clone();
            found["attempts"].as_array().unwrap().len() == n && settled(&items, now)
        })
        .await;
        found
    };
    let d = attempts_logged(1).await;
    assert_eq!(d["state"], "pending");
    assert_eq!(d["last_status"], 500);

    clock.advance(chrono::Duration::hours(25));
    let d = attempts_logged(2).await;
    assert_eq!(d["state"], "pending", "still retried a day later");
    assert!(time(&d["next_attempt_at"]) > clock.now());

    clock.advance(chrono::Duration::hours(24));
    let d = attempts_logged(3).await;
    assert_eq!(d["state"], "failed", "given up after two days");
    assert!(d["next_attempt_at"].is_null());
    assert_eq!(d["attempt_count"], 3);

    receiver.set_failing(false);
    let id = d["id"].as_i64().unwrap();
    let again = admin.post(&format!("/api/v1/webhooks/deliveries/{id}/redeliver"), json!({})).await.expect(202);
    let window = time(&again["give_up_at"]) - clock.now();
    assert!(window > chrono::Duration::hours(47), "a fresh window: {window}");
    let d = attempts_logged(4).await;
    assert_eq!(d["state"], "delivered");
    assert_eq!(receiver.received().len(), 4);
    assert_eq!(receiver.received().iter().map(|r| r.delivery).collect::<HashSet<_>>().len(), 1);
}

/// A province runs several instances on one PostgreSQL database; each delivery is still sent once, in
/// order. (SQLite serves one process: two processes' deferred write transactions on one file fail with
/// SQLITE_BUSY_SNAPSHOT, whatever webhooks do.)
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_instances_on_postgres_never_send_the_same_delivery() {
    let app = spawn_app(Backend::Postgres).await;
    let second = app.another_instance().await;
    let receiver = Receiver::start(0).await;
    let admin = app.admin().await;
    let (webhook, _) = register(&admin, &receiver.url("/both"), json!(["*"])).await;
    let c = cast(&app).await;
    let mut messages = vec![];
    for i in 0..6 {
        let m = c.citizen.writes_message(c.leader, "440100", &format!("问题{i}"), "请处理。").await.expect(201);
        messages.push(m["id"].as_i64().unwrap());
    }
    for &m in &messages {
        c.moderator.accepts(m).await.expect(200);
        c.office.assigns(m, c.housing_unit, "请办理").await.expect(200);
    }
    let total = messages.len() * 3;
    eventually("every delivery is acknowledged", async || {
        let items = deliveries(&admin, webhook).await;
        items.len() == total && items.iter().all(|d| d["state"] == "delivered")
    })
    .await;
    let received = receiver.received();
    assert_eq!(received.len(), total, "no delivery sent twice");
    for m in messages {
        let events: Vec<i64> = received
            .iter()
            .map(|r| r.json())
            .filter(|b| b["message_id"] == m)
            .map(|b| b["event_id"].as_i64().unwrap())
            .collect();
        assert_eq!(events.len(), 3);
        assert!(events.windows(2).all(|w| w[0] < w[1]), "message {m}: {events:?}");
    }
    drop(second);
}

async fn only_admins_manage_webhooks_and_bad_input_is_a_problem(backend: Backend) {
    let app = spawn_app(backend).await;
    let admin = app.admin().await;
    let c = cast(&app).await;
    let body = json!({"url": "https://example.org/hook", "event_types": ["*"]});

    app.anonymous().post("/api/v1/webhooks", body.clone()).await.problem(401, "unauthenticated");
    app.anonymous().get("/api/v1/webhooks").await.problem(401, "unauthenticated");
    for user in [&c.citizen, &c.moderator, &c.office, &c.housing] {
        user.post("/api/v1/webhooks", body.clone()).await.problem(403, "forbidden");
        user.get("/api/v1/webhooks").await.problem(403, "forbidden");
        user.patch("/api/v1/webhooks/1", json!({"active": false})).await.problem(403, "forbidden");
        user.get("/api/v1/webhooks/1/deliveries").await.problem(403, "forbidden");
        user.post("/api/v1/webhooks/deliveries/1/redeliver", json!({})).await.problem(403, "forbidden");
    }

    let field = |v: &Value| v["errors"][0]["field"].as_str().unwrap().to_owned();
    let p = admin.post("/api/v1/webhooks", json!({"url": "ftp://example.org", "event_types": ["*"]})).await;
    assert_eq!(field(&p.problem(422, "validation_failed")), "url");
    let long = format!("https://example.org/{}", "a".repeat(2000));
    let p = admin.post("/api/v1/webhooks", json!({"url": long, "event_types": ["*"]})).await;
    assert_eq!(field(&p.problem(422, "validation_failed")), "url");
    let p = admin.post("/api/v1/webhooks", json!({"url": "https://e.org", "event_types": ["message.drafted"]})).await;
    let p = p.problem(422, "validation_failed");
    assert_eq!(field(&p), "event_types");
    assert_eq!(p["errors"][0]["code"], "unknown");
    assert!(p["errors"][0]["message"].as_str().unwrap().contains("message.created"), "names the known types");
    let p = admin.post("/api/v1/webhooks", json!({"url": "https://e.org", "event_types": []})).await;
    assert_eq!(field(&p.problem(422, "validation_failed")), "event_types");
    admin.post("/api/v1/webhooks", json!({"url": "https://e.org"})).await.problem(400, "invalid_body");
    admin.post("/api/v1/webhooks", json!({"url": 5, "event_types": ["*"]})).await.problem(400, "invalid_body");
    admin
        .post("/api/v1/webhooks", json!({"url": "https://e.org", "event_types": ["*"], "secret": "mine"}))
        .await
        .problem(400, "invalid_body");
    let raw = app.client.post(app.url("/api/v1/webhooks")).bearer_auth(&admin.token);
    app.send(raw.header("content-type", "application/json").body("{nope")).await.problem(400, "malformed_json");

    let (id, _) = register(&admin, "http://127.0.0.1:9/hook", json!(["reply.published", "message.created"])).await;
    let p = admin.patch(&format!("/api/v1/webhooks/{id}"), json!({"url": "mailto:x@example.org"})).await;
    assert_eq!(field(&p.problem(422, "validation_failed")), "url");
    let p = admin.patch(&format!("/api/v1/webhooks/{id}"), json!({"event_types": ["nope"]})).await;
    assert_eq!(field(&p.problem(422, "validation_failed")), "event_types");
    admin.patch(&format!("/api/v1/webhooks/{id}"), json!({"active": "no"})).await.problem(400, "invalid_body");
    admin.patch("/api/v1/webhooks/999999", json!({"active": false})).await.problem(404, "not_found");
    admin.patch("/api/v1/webhooks/abc", json!({"active": false})).await.problem(400, "invalid_path");

    admin.get("/api/v1/webhooks/999999/deliveries").await.problem(404, "not_found");
    admin.get(&format!("/api/v1/webhooks/{id}/deliveries?state=lost")).await.problem(400, "invalid_query");
    admin.get(&format!("/api/v1/webhooks/{id}/deliveries?cursor=zzz")).await.problem(400, "invalid_cursor");
    admin.get(&format!("/api/v1/webhooks/{id}/deliveries?limit=0")).await.problem(422, "validation_failed");
    let page = admin.get(&format!("/api/v1/webhooks/{id}/deliveries?state=failed")).await.expect(200);
    assert_eq!(page["items"], json!([]));
    admin.post("/api/v1/webhooks/deliveries/999999/redeliver", json!({})).await.problem(404, "not_found");

    let hooks = admin.get("/api/v1/webhooks").await.expect(200);
    assert_eq!(hooks[0]["event_types"], json!(["message.created", "reply.published"]), "kept sorted");
}
