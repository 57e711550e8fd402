//! Sessions that end: a disabled account, staff moved to another unit and a changed password lose
//! their earlier access at once, on every instance of the server.

use liuyan_api_tests::*;
use serde_json::json;

/// A private message to the housing unit, assigned, so that only its staff (and the writer, the
/// leader's office and moderators) may read it.
async fn private_message_of_housing(c: &Cast<'_>) -> i64 {
    let id = c
        .citizen
        .post(
            "/api/v1/messages",
            json!({"leader_id": c.leader, "region_code": "440100", "message_type": "complaint",
                   "domain": "urban_construction", "title": "楼道堆物", "body": "楼道长期堆放杂物。", "is_public": false}),
        )
        .await
        .expect(201)["id"]
        .as_i64()
        .unwrap();
    c.moderator.accepts(id).await.expect(200);
    c.office.assigns(id, c.housing_unit, "请核实").await.expect(200);
    id
}

async fn a_disabled_account_loses_access_at_once(backend: Backend) {
    let app = spawn_app(backend).await;
    let second = app.another_instance().await;
    let admin = app.admin().await;
    let leader = app.leader("440000", "省长").await;
    let citizen = app.citizen().await;
    let on_second =
        User { app: &second, token: citizen.token.clone(), refresh: citizen.refresh.clone(), id: citizen.id };
    citizen.writes_message(leader, "440100", "路灯不亮", "小区路灯坏了一个月。").await.expect(201);
    on_second.get("/api/v1/me/messages").await.expect(200);

    admin.patch(&format!("/api/v1/admin/accounts/{}", citizen.id), json!({"disabled": true})).await.expect(200);
    // The same access token, on both instances, at once: no writing, no inbox.
    citizen.writes_message(leader, "440100", "再写一条", "禁用后不能再写。").await.problem(403, "account_disabled");
    citizen.get("/api/v1/me/messages").await.problem(403, "account_disabled");
    on_second.get("/api/v1/me/messages").await.problem(403, "account_disabled");
    on_second.get("/api/v1/me/notifications").await.problem(403, "account_disabled");
    // Nor can it get a new token.
    second
        .post("/api/v1/auth/refresh", json!({"refresh_token": citizen.refresh}))
        .await
        .problem(401, "invalid_refresh_token");
    // The public view stays public; a visitor reads the board without a token.
    app.get("/api/v1/messages").await.expect(200);

    // Enabled again, a new login works (the old session stays ended).
    admin.patch(&format!("/api/v1/admin/accounts/{}", citizen.id), json!({"disabled": false})).await.expect(200);
    citizen.get("/api/v1/me").await.problem(401, "invalid_token");
}

async fn moved_staff_lose_the_old_unit_at_once(backend: Backend) {
    let app = spawn_app(backend).await;
    let second = app.another_instance().await;
    let admin = app.admin().await;
    let c = cast(&app).await;
    let message = private_message_of_housing(&c).await;
    let on_second =
        User { app: &second, token: c.housing.token.clone(), refresh: c.housing.refresh.clone(), id: c.housing.id };
    c.housing.get(&format!("/api/v1/messages/{message}")).await.expect(200);
    let draft = c
        .housing
        .post(&format!("/api/v1/messages/{message}/replies"), json!({"body": "正在核实。", "submit": false}))
        .await
        .expect(201)["id"]
        .as_i64()
        .unwrap();

    admin
        .patch(&format!("/api/v1/admin/accounts/{}", c.housing.id), json!({"unit_id": c.transport_unit}))
        .await
        .expect(200);
    // The token of the old unit stops at once, on both instances.
    for user in [&c.housing, &on_second] {
        user.get(&format!("/api/v1/messages/{message}")).await.problem(401, "invalid_token");
        user.patch(&format!("/api/v1/replies/{draft}"), json!({"body": "改写"})).await.problem(401, "invalid_token");
        user.replies(message, "另写一条").await.problem(401, "invalid_token");
    }
    // Refreshed, the session is the new unit's: the old unit's private message is gone from view.
    let fresh = second.post("/api/v1/auth/refresh", json!({"refresh_token": c.housing.refresh})).await.expect(200);
    let moved = User::from_session(&app, &fresh);
    moved.get(&format!("/api/v1/messages/{message}")).await.problem(404, "not_found");
    moved.get(&format!("/api/v1/replies/{draft}")).await.problem(404, "not_found");
    moved.replies(message, "另写一条").await.problem(404, "not_found");
    assert_eq!(moved.get("/api/v1/me").await.expect(200)["unit_id"], c.transport_unit);
}

async fn a_new_password_revokes_every_earlier_session(backend: Backend) {
    let app = spawn_app(backend).await;
    let second = app.another_instance().await;
    let citizen = app.citizen().await;
    let me = citizen.get("/api/v1/me").await.expect(200);
    let login = me["phone"].as_str().unwrap().to_owned();
    // Three sessions: the registration's, a login on this instance, a login on the other.
    let laptop = app.login(&login, PASSWORD).await;
    let phone_session =
        second.post("/api/v1/auth/login", json!({"login": login, "password": PASSWORD})).await.expect(200);
    let phone = User::from_session(&second, &phone_session);

    laptop
        .patch("/api/v1/me", json!({"password": "another-strong-passphrase-7", "current_password": PASSWORD}))
        .await
        .expect(200);
    for user in [&citizen, &laptop, &phone] {
        user.get("/api/v1/me").await.problem(401, "invalid_token");
        for instance in [&app, &second] {
            instance
                .post("/api/v1/auth/refresh", json!({"refresh_token": user.refresh}))
                .await
                .problem(401, "invalid_refresh_token");
        }
    }
    app.post("/api/v1/auth/login", json!({"login": login, "password": PASSWORD}))
        .await
        .problem(401, "invalid_credentials");
    let fresh = second.login(&login, "another-strong-passphrase-7").await;
    fresh.get("/api/v1/me").await.expect(200);
    app.get("/api/v1/me").await.problem(401, "unauthenticated");
}

async fn an_admin_reset_password_ends_sessions_too(backend: Backend) {
    let app = spawn_app(backend).await;
    let admin = app.admin().await;
    let moderator = admin.creates_staff("moderator", None, None).await;
    moderator.get("/api/v1/suggestions").await.expect(200);
    admin
        .patch(&format!("/api/v1/admin/accounts/{}", moderator.id), json!({"password": "reset-by-the-admin-42"}))
        .await
        .expect(200);
    moderator.get("/api/v1/suggestions").await.problem(401, "invalid_token");
    app.post("/api/v1/auth/refresh", json!({"refresh_token": moderator.refresh}))
        .await
        .problem(401, "invalid_refresh_token");
    // A rename ends nothing.
    admin.patch(&format!("/api/v1/admin/accounts/{}", admin.id), json!({"display_name": "管理员"})).await.expect(200);
    admin.get("/api/v1/admin/accounts").await.expect(200);
}

async fn logging_out_ends_that_login_at_once(backend: Backend) {
    let app = spawn_app(backend).await;
    let second = app.another_instance().await;
    let citizen = app.citizen().await;
    let number = citizen.get("/api/v1/me").await.expect(200)["phone"].as_str().unwrap().to_owned();
    let other_login = app.login(&number, PASSWORD).await;
    let on_second = User { app: &second, token: citizen.token.clone(), refresh: String::new(), id: citizen.id };
    app.post("/api/v1/auth/logout", json!({"refresh_token": citizen.refresh})).await.expect(204);
    // That login's access token ends at once, on both instances; the account's other login goes on.
    citizen.get("/api/v1/me").await.problem(401, "invalid_token");
    on_second.get("/api/v1/me").await.problem(401, "invalid_token");
    other_login.get("/api/v1/me").await.expect(200);
    // A refresh token presented twice means it leaked: its login ends, access tokens too.
    let next = app.post("/api/v1/auth/refresh", json!({"refresh_token": other_login.refresh})).await.expect(200);
    let refreshed = User::from_session(&app, &next);
    refreshed.get("/api/v1/me").await.expect(200);
    app.post("/api/v1/auth/refresh", json!({"refresh_token": other_login.refresh}))
        .await
        .problem(401, "invalid_refresh_token");
    refreshed.get("/api/v1/me").await.problem(401, "invalid_token");
}

on_both_databases!(
    logging_out_ends_that_login_at_once,
    a_disabled_account_loses_access_at_once,
    moved_staff_lose_the_old_unit_at_once,
    a_new_password_revokes_every_earlier_session,
    an_admin_reset_password_ends_sessions_too,
);
