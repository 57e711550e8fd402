//! Registration, sessions with rotating refresh tokens, the caller's account, staff accounts.

use liuyan_api_tests::{Backend, PASSWORD, on_both_databases, phone, spawn_app};
use serde_json::json;

on_both_databases!(
    register_login_refresh_logout,
    me_and_staff_administration,
    enterprise_registration,
    weak_passwords_are_refused_with_a_reason
);

/// The reason a password was refused, from a 422.
fn password_reason(problem: serde_json::Value) -> String {
    let errors = problem["errors"].as_array().expect("field errors");
    let field =
        errors.iter().find(|e| e["field"] == "password").unwrap_or_else(|| panic!("no password error: {problem}"));
    assert!(field["message"].as_str().is_some_and(|m| !m.is_empty()), "{problem}");
    field["code"].as_str().unwrap().to_owned()
}

async fn weak_passwords_are_refused_with_a_reason(backend: Backend) {
    let app = spawn_app(backend).await;
    let number = phone();
    for (password, reason) in [
        ("12345678", "too_weak"),
        ("password", "too_weak"),
        ("        ", "too_weak"),
        ("qwertyuiop", "too_weak"),
        ("short1!", "length"),
        (number.as_str(), "personal_info"),
        (&format!("my{number}!"), "personal_info"),
    ] {
        let refused = app
            .post("/api/v1/auth/register", json!({"role": "citizen", "phone": number, "password": password}))
            .await
            .problem(422, "validation_failed");
        assert_eq!(password_reason(refused), reason, "{password:?}");
    }
    let session = app
        .post("/api/v1/auth/register", json!({"role": "citizen", "phone": number, "password": PASSWORD}))
        .await
        .expect(201);
    let citizen = liuyan_api_tests::User::from_session(&app, &session);
    let refused = citizen
        .patch("/api/v1/me", json!({"password": "iloveyou", "current_password": PASSWORD}))
        .await
        .problem(422, "validation_failed");
    assert_eq!(password_reason(refused), "too_weak");
    // Refused, nothing changed: the old password and the session still work.
    citizen.get("/api/v1/me").await.expect(200);
    app.login(&number, PASSWORD).await;

    let admin = app.admin().await;
    let refused = admin
        .post(
            "/api/v1/admin/accounts",
            json!({"role": "moderator", "username": "reviewer7", "display_name": "审核", "password": "reviewer7-2026"}),
        )
        .await
        .problem(422, "validation_failed");
    assert_eq!(password_reason(refused), "personal_info");
    let refused = admin
        .patch(&format!("/api/v1/admin/accounts/{}", citizen.id), json!({"password": "1q2w3e4r"}))
        .await
        .problem(422, "validation_failed");
    assert_eq!(password_reason(refused), "too_weak");
}

async fn register_login_refresh_logout(backend: Backend) {
    let app = spawn_app(backend).await;
    let number = phone();
    let session = app
        .post("/api/v1/auth/register", json!({"role": "citizen", "phone": number, "password": PASSWORD}))
        .await
        .expect(201);
    assert_eq!(session["token_type"], "Bearer");
    assert_eq!(session["account"]["role"], "citizen");
    assert_eq!(session["account"]["display_name"], "网友");
    app.post("/api/v1/auth/register", json!({"role": "citizen", "phone": number, "password": PASSWORD}))
        .await
        .problem(409, "account_exists");
    app.post("/api/v1/auth/register", json!({"role": "citizen", "email": "Li@Example.com", "password": PASSWORD}))
        .await
        .expect(201);
    app.post("/api/v1/auth/login", json!({"login": "li@example.com", "password": PASSWORD})).await.expect(200);

    app.post("/api/v1/auth/login", json!({"login": number, "password": "wrong-password"}))
        .await
        .problem(401, "invalid_credentials");
    app.post("/api/v1/auth/login", json!({"login": "13000000000", "password": PASSWORD}))
        .await
        .problem(401, "invalid_credentials");
    let login = app.post("/api/v1/auth/login", json!({"login": number, "password": PASSWORD})).await.expect(200);

    // Each refresh token works once and gives a new pair.
    let first = login["refresh_token"].as_str().unwrap().to_owned();
    let next = app.post("/api/v1/auth/refresh", json!({"refresh_token": first})).await.expect(200);
    let second = next["refresh_token"].as_str().unwrap().to_owned();
    assert_ne!(first, second);
    let token = next["access_token"].as_str().unwrap();
    let me = app.send(app.client.get(app.url("/api/v1/me")).bearer_auth(token)).await.expect(200);
    assert_eq!(me["phone"], number);

    // Replaying a spent token revokes the whole family: the newest token stops working too.
    app.post("/api/v1/auth/refresh", json!({"refresh_token": first})).await.problem(401, "invalid_refresh_token");
    app.post("/api/v1/auth/refresh", json!({"refresh_token": second})).await.problem(401, "invalid_refresh_token");

    // Logout revokes.
    let login = app.post("/api/v1/auth/login", json!({"login": number, "password": PASSWORD})).await.expect(200);
    let refresh = login["refresh_token"].as_str().unwrap();
    app.send(app.client.post(app.url("/api/v1/auth/logout")).json(&json!({"refresh_token": refresh})))
        .await
        .expect(204);
    app.post("/api/v1/auth/refresh", json!({"refresh_token": refresh})).await.problem(401, "invalid_refresh_token");
    app.post("/api/v1/auth/refresh", json!({"refresh_token": "made-up"})).await.problem(401, "invalid_refresh_token");
    app.get("/api/v1/me").await.problem(401, "unauthenticated");
}

async fn me_and_staff_administration(backend: Backend) {
    let app = spawn_app(backend).await;
    let citizen = app.citizen().await;
    let me =
        citizen.patch("/api/v1/me", json!({"display_name": "老王", "email": "wang@example.com"})).await.expect(200);
    assert_eq!(me["display_name"], "老王");
    assert_eq!(me["email"], "wang@example.com");
    citizen.patch("/api/v1/me", json!({"password": "new-password-1"})).await.problem(422, "validation_failed");
    citizen
        .patch("/api/v1/me", json!({"password": "new-password-1", "current_password": "wrong"}))
        .await
        .problem(422, "validation_failed");
    citizen.patch("/api/v1/me", json!({"password": "new-password-1", "current_password": PASSWORD})).await.expect(200);
    // A new password ends every earlier session, this one too.
    citizen.get("/api/v1/me").await.problem(401, "invalid_token");
    let citizen = app.login("wang@example.com", "new-password-1").await;

    let admin = app.admin().await;
    citizen.get("/api/v1/admin/accounts").await.problem(403, "forbidden");
    citizen
        .post(
            "/api/v1/admin/accounts",
            json!({"role": "moderator", "username": "mod1", "display_name": "m", "password": PASSWORD}),
        )
        .await
        .problem(403, "forbidden");
    // Staff bindings must fit the role.
    admin
        .post(
            "/api/v1/admin/accounts",
            json!({"role": "unit_staff", "username": "staff1", "display_name": "s", "password": PASSWORD}),
        )
        .await
        .problem(422, "validation_failed");
    admin
        .post(
            "/api/v1/admin/accounts",
            json!({"role": "citizen", "username": "cit1", "display_name": "c", "password": PASSWORD}),
        )
        .await
        .problem(422, "validation_failed");
    let unit = app.unit("440100", "教育局").await;
    let staff = admin
        .post("/api/v1/admin/accounts", json!({"role": "unit_staff", "username": "staff1", "display_name": "s", "password": PASSWORD, "unit_id": unit}))
        .await
        .expect(201);
    assert_eq!(staff["unit_id"], unit);
    admin
        .post(
            "/api/v1/admin/accounts",
            json!({"role": "moderator", "username": "staff1", "display_name": "s", "password": PASSWORD}),
        )
        .await
        .problem(409, "account_exists");
    let list = admin.get("/api/v1/admin/accounts?role=unit_staff").await.expect(200);
    assert_eq!(list["items"].as_array().unwrap().len(), 1);

    // Staff move to another unit; a binding the role does not have, or an unknown unit, is refused.
    let id = staff["id"].as_i64().unwrap();
    let other = app.unit("440100", "交通运输局").await;
    let moved = admin.patch(&format!("/api/v1/admin/accounts/{id}"), json!({"unit_id": other})).await.expect(200);
    assert_eq!(moved["unit_id"], other);
    assert_eq!(moved["leader_id"], serde_json::Value::Null);
    let leader = app.get("/api/v1/leaders?region=440100").await.expect(200)[0]["id"].clone();
    let refused = admin.patch(&format!("/api/v1/admin/accounts/{id}"), json!({"leader_id": leader})).await;
    refused.problem(422, "validation_failed");
    admin
        .patch(&format!("/api/v1/admin/accounts/{id}"), json!({"unit_id": 999999}))
        .await
        .problem(422, "validation_failed");
    let me = app.login("staff1", PASSWORD).await;
    assert_eq!(me.get("/api/v1/me").await.expect(200)["unit_id"], other, "the staff's inbox follows the move");

    // A disabled account cannot log in.
    admin.patch(&format!("/api/v1/admin/accounts/{id}"), json!({"disabled": true})).await.expect(200);
    app.post("/api/v1/auth/login", json!({"login": "staff1", "password": PASSWORD}))
        .await
        .problem(403, "account_disabled");
    admin.patch("/api/v1/admin/accounts/999999", json!({"disabled": true})).await.problem(404, "not_found");
}

async fn enterprise_registration(backend: Backend) {
    let app = spawn_app(backend).await;
    let ok = app
        .post(
            "/api/v1/auth/register",
            json!({"role": "enterprise", "enterprise_name": "福州某科技有限公司",
                                              "uscc": "91350100m000100y43", "password": PASSWORD}),
        )
        .await
        .expect(201);
    assert_eq!(ok["account"]["uscc"], "91350100M000100Y43");
    assert_eq!(ok["account"]["display_name"], "福州某科技有限公司");
    app.post("/api/v1/auth/login", json!({"login": "91350100M000100Y43", "password": PASSWORD})).await.expect(200);
    let bad = app
        .post("/api/v1/auth/register", json!({"role": "enterprise", "enterprise_name": "某公司", "uscc": "91350100M000100Y44", "password": PASSWORD}))
        .await
        .problem(422, "validation_failed");
    assert_eq!(bad["errors"][0]["field"], "uscc");
    app.post(
        "/api/v1/auth/register",
        json!({"role": "enterprise", "uscc": "91350100M000100Y43", "password": PASSWORD}),
    )
    .await
    .problem(422, "validation_failed");
}
