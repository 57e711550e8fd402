//! Abuse limits: 429 with `Retry-After` on logins, registrations and writes, counted in the database
//! so that every instance agrees; the login lockout, its growth and its end; the client address
//! behind trusted proxies only.

use std::sync::Arc;

use liuyan_api_tests::*;
use liuyan_domain::limits::Limits;
use liuyan_persistence::ManualClock;
use serde_json::{Value, json};

/// Only the limits a test names.
fn limits(spec: &str) -> Option<Limits> {
    Some(Limits::off().with(spec).expect("limits spec"))
}

/// A POST answered with its status, `Retry-After` (seconds) and body.
async fn post(app: &TestApp, path: &str, body: Value, headers: &[(&str, &str)]) -> (u16, Option<i64>, Value) {
    let mut req = app.client.post(app.url(path)).json(&body);
    for (name, value) in headers {
        req = req.header(*name, *value);
    }
    let res = req.send().await.expect("request");
    let status = res.status().as_u16();
    let retry = res.headers().get("retry-after").and_then(|v| v.to_str().ok()).and_then(|v| v.parse().ok());
    let body = res.json().await.unwrap_or(Value::Null);
    (status, retry, body)
}

fn register_body() -> Value {
    json!({"role": "citizen", "phone": phone(), "password": PASSWORD})
}

fn login_body(login: &str, password: &str) -> Value {
    json!({"login": login, "password": password})
}

#[track_caller]
fn assert_limited(answer: &(u16, Option<i64>, Value), code: &str) -> i64 {
    let (status, retry, body) = answer;
    assert_eq!(*status, 429, "body: {body}");
    assert_eq!(body["code"], code, "body: {body}");
    let retry = retry.expect("a 429 says when to retry");
    assert!(retry >= 1, "Retry-After {retry}");
    assert_eq!(body["retry_after"], retry, "the problem says it too: {body}");
    retry
}

async fn registrations_and_logins_are_limited_per_address(backend: Backend) {
    let app = spawn_app_with(
        backend,
        Options {
            limits: limits("register.ip=3/1h, login.ip=4/1m, lockout.account=off, lockout.ip=off"),
            ..Default::default()
        },
    )
    .await;
    for _ in 0..3 {
        assert_eq!(post(&app, "/api/v1/auth/register", register_body(), &[]).await.0, 201);
    }
    let refused = post(&app, "/api/v1/auth/register", register_body(), &[]).await;
    let retry = assert_limited(&refused, "rate_limited");
    assert!(retry > 60 && retry <= 1200, "a third of an hour at most, was {retry}");
    // Without trusted proxies, X-Forwarded-For is the client's own word and changes nothing.
    let forged = post(&app, "/api/v1/auth/register", register_body(), &[("x-forwarded-for", "203.0.113.9")]).await;
    assert_limited(&forged, "rate_limited");

    for _ in 0..4 {
        assert_eq!(post(&app, "/api/v1/auth/login", login_body("13900000000", "wrong-password"), &[]).await.0, 401);
    }
    assert_limited(
        &post(&app, "/api/v1/auth/login", login_body("13900000000", "wrong-password"), &[]).await,
        "rate_limited",
    );
}

async fn behind_a_trusted_proxy_each_client_counts_alone(backend: Backend) {
    let app = spawn_app_with(
        backend,
        Options {
            limits: limits("register.ip=2/1h"),
            configure: Some(Arc::new(|c| c.trusted_proxies = vec!["127.0.0.1/32".parse().unwrap()])),
            ..Default::default()
        },
    )
    .await;
    for client in ["198.51.100.1", "198.51.100.2"] {
        for _ in 0..2 {
            let xff = format!("{client}, 127.0.0.1");
            assert_eq!(post(&app, "/api/v1/auth/register", register_body(), &[("x-forwarded-for", &xff)]).await.0, 201);
        }
        let xff = format!("10.9.9.9, {client}");
        // The hop left of the client is the client's own word: still counted as the client.
        assert_limited(
            &post(&app, "/api/v1/auth/register", register_body(), &[("x-forwarded-for", &xff)]).await,
            "rate_limited",
        );
    }
}

async fn writing_is_limited_per_account_and_every_instance_agrees(backend: Backend) {
    let app = spawn_app_with(
        backend,
        Options { limits: limits("message.account=2/1h, message.ip=4/1h"), ..Default::default() },
    )
    .await;
    let second = app.another_instance().await;
    let leader = app.leader("440000", "省长").await;
    let citizen = app.citizen().await;
    let other = app.citizen().await;
    let on_second = User { app: &second, token: citizen.token.clone(), refresh: String::new(), id: citizen.id };
    citizen.writes_message(leader, "440100", "第一条", "第一条留言。").await.expect(201);
    on_second.writes_message(leader, "440100", "第二条", "第二条留言。").await.expect(201);
    for user in [&citizen, &on_second] {
        user.writes_message(leader, "440100", "第三条", "第三条留言。").await.problem(429, "rate_limited");
    }
    // Another account is counted alone, until the address's own limit.
    other.writes_message(leader, "440100", "别人的", "另一位网友的留言。").await.expect(201);
    other.writes_message(leader, "440100", "别人的", "另一位网友的第二条。").await.expect(201);
    let third = app.citizen().await;
    third.writes_message(leader, "440100", "第三位", "地址已满。").await.problem(429, "rate_limited");
    // A refused write left nothing behind.
    assert_eq!(citizen.get("/api/v1/me/messages").await.expect(200)["items"].as_array().unwrap().len(), 2);
}

async fn wrong_passwords_lock_the_login_and_the_lock_ends(backend: Backend) {
    let clock = Arc::new(ManualClock::new(chrono::Utc::now()));
    let app = spawn_app_with(
        backend,
        Options {
            clock: Some(clock.clone()),
            limits: limits("lockout.account=3, lockout.ip=off"),
            ..Default::default()
        },
    )
    .await;
    let citizen = app.citizen().await;
    let login = citizen.get("/api/v1/me").await.expect(200)["phone"].as_str().unwrap().to_owned();
    for _ in 0..3 {
        let (status, _, body) = post(&app, "/api/v1/auth/login", login_body(&login, "not-the-password"), &[]).await;
        assert_eq!((status, body["code"].as_str()), (401, Some("invalid_credentials")));
    }
    // Locked: even the right password waits, and the answer says for how long.
    let locked = post(&app, "/api/v1/auth/login", login_body(&login, PASSWORD), &[]).await;
    assert_eq!(assert_limited(&locked, "login_locked"), 60);
    // Other accounts are not locked.
    let other = app.citizen().await;
    let other_login = other.get("/api/v1/me").await.expect(200)["phone"].as_str().unwrap().to_owned();
    assert_eq!(post(&app, "/api/v1/auth/login", login_body(&other_login, PASSWORD), &[]).await.0, 200);

    clock.advance(chrono::Duration::seconds(61));
    // Another wrong one after the lock: locked again, twice as long.
    assert_eq!(post(&app, "/api/v1/auth/login", login_body(&login, "still-wrong"), &[]).await.0, 401);
    assert_eq!(
        assert_limited(&post(&app, "/api/v1/auth/login", login_body(&login, PASSWORD), &[]).await, "login_locked"),
        120
    );
    clock.advance(chrono::Duration::seconds(121));
    assert_eq!(post(&app, "/api/v1/auth/login", login_body(&login, PASSWORD), &[]).await.0, 200);
    // A success forgets the failures: three more wrong ones are allowed before the next lock.
    for _ in 0..2 {
        assert_eq!(post(&app, "/api/v1/auth/login", login_body(&login, "wrong-again"), &[]).await.0, 401);
    }
    assert_eq!(post(&app, "/api/v1/auth/login", login_body(&login, PASSWORD), &[]).await.0, 200);

    // A name that is no account locks the same way, so the lock tells nothing about who exists.
    for _ in 0..3 {
        assert_eq!(post(&app, "/api/v1/auth/login", login_body("nobody@example.com", "guess"), &[]).await.0, 401);
    }
    assert_limited(
        &post(&app, "/api/v1/auth/login", login_body("nobody@example.com", "guess"), &[]).await,
        "login_locked",
    );
}

async fn passwords_sent_all_at_once_cannot_slip_past_the_lock(backend: Backend) {
    let app =
        spawn_app_with(backend, Options { limits: limits("lockout.account=5, lockout.ip=off"), ..Default::default() })
            .await;
    let citizen = app.citizen().await;
    let login = citizen.get("/api/v1/me").await.expect(200)["phone"].as_str().unwrap().to_owned();
    let attempts = (0..30).map(|i| {
        let (app, login) = (&app, login.clone());
        async move { post(app, "/api/v1/auth/login", login_body(&login, &format!("guess-{i}")), &[]).await }
    });
    let answers = futures::future::join_all(attempts).await;
    let checked = answers.iter().filter(|a| a.0 == 401).count();
    let locked = answers.iter().filter(|a| a.0 == 429 && a.2["code"] == "login_locked").count();
    println!("30 wrong passwords at once: {checked} checked, {locked} locked out");
    assert_eq!(checked + locked, 30, "{answers:?}");
    assert!(checked <= 5, "at most the 5 free attempts may be checked, {checked} were");
    assert_limited(&post(&app, "/api/v1/auth/login", login_body(&login, PASSWORD), &[]).await, "login_locked");
}

async fn an_address_that_fails_many_logins_is_locked(backend: Backend) {
    let app =
        spawn_app_with(backend, Options { limits: limits("lockout.ip=4, lockout.account=off"), ..Default::default() })
            .await;
    let citizen = app.citizen().await;
    let login = citizen.get("/api/v1/me").await.expect(200)["phone"].as_str().unwrap().to_owned();
    for i in 0..4 {
        let name = format!("1380000{i:04}");
        assert_eq!(post(&app, "/api/v1/auth/login", login_body(&name, "guess"), &[]).await.0, 401);
    }
    // Spraying names from one address locks the address, for every name.
    assert_limited(&post(&app, "/api/v1/auth/login", login_body(&login, PASSWORD), &[]).await, "login_locked");
}

on_both_databases!(
    registrations_and_logins_are_limited_per_address,
    behind_a_trusted_proxy_each_client_counts_alone,
    writing_is_limited_per_account_and_every_instance_agrees,
    wrong_passwords_lock_the_login_and_the_lock_ends,
    passwords_sent_all_at_once_cannot_slip_past_the_lock,
    an_address_that_fails_many_logins_is_locked,
);
