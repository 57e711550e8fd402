//! The HTTP surface as an attacker meets it: text that may not reach the database (NUL, controls,
//! bidi overrides), security headers, `no-store` on tokens, 405 with `Allow`, slow bodies closed, and
//! spreadsheet formulas neutralised in the CSV export.

use std::sync::Arc;
use std::time::{Duration, Instant};

use liuyan_api_tests::*;
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

async fn nul_and_controls_are_refused_never_stored(backend: Backend) {
    let app = spawn_app(backend).await;
    let c = cast(&app).await;
    // In the URL, before any login: a 400, never a 500 from PostgreSQL.
    for (path, code) in [
        ("/api/v1/messages?region=%00", "invalid_query"),
        ("/api/v1/units?q=%E4%BA%A4%00", "invalid_query"),
        ("/api/v1/messages/search?q=%1B%5B31m", "invalid_query"),
        ("/api/v1/regions/44%000000", "invalid_path"),
        ("/api/v1/regions/%FF%FE", "invalid_path"),
        ("/api/v1/messages?status=%E2%80%AEclosed", "invalid_query"),
    ] {
        app.get(path).await.problem(400, code);
    }
    let login = app.post("/api/v1/auth/login", json!({"login": "admin\u{0}", "password": "x"})).await;
    assert_eq!(login.problem(422, "validation_failed")["errors"][0]["field"], "login");

    // In bodies: each string field is checked, the problem names the field and the reason.
    for (title, body, field, reason) in [
        ("标题\u{0}", "正文", "title", "control_character"),
        ("标题", "正文\u{1b}[2J", "body", "control_character"),
        ("标题\u{202e}gpj.exe", "正文", "title", "bidi_control"),
        ("标\u{200d}题", "正文", "title", "invisible_character"),
        ("标题", "正文\u{ffff}", "body", "noncharacter"),
        ("标题", "正文\u{85}", "body", "control_character"),
    ] {
        let refused = c.citizen.writes_message(c.leader, "440100", title, body).await;
        let problem = refused.problem(422, "validation_failed");
        assert_eq!(problem["errors"][0]["field"], field, "{problem}");
        assert_eq!(problem["errors"][0]["code"], reason, "{problem}");
    }
    let refused = c.citizen.patch("/api/v1/me", json!({"display_name": "网友\u{7}"})).await;
    assert_eq!(refused.problem(422, "validation_failed")["errors"][0]["code"], "control_character");
    let refused = c.citizen.patch("/api/v1/me", json!({"display_name": "两行\n名字"})).await;
    assert_eq!(refused.problem(422, "validation_failed")["errors"][0]["field"], "display_name");
    // Nothing of it was stored.
    assert!(c.citizen.get("/api/v1/me/messages").await.expect(200)["items"].as_array().unwrap().is_empty());

    // What is allowed: line breaks and tabs in a body, emoji joined by ZWJ; CRLF is stored as LF and
    // decomposed text in its composed form.
    let written = c
        .citizen
        .writes_message(c.leader, "440100", "家里👨\u{200d}👩\u{200d}👧停水", "第一行\r\n第二行\t缩进，Cafe\u{301}。")
        .await
        .expect(201);
    assert_eq!(written["title"], "家里👨\u{200d}👩\u{200d}👧停水");
    assert_eq!(written["body"], "第一行\n第二行\t缩进，Café。");
}

async fn every_answer_carries_the_security_headers(backend: Backend) {
    let app = spawn_app(backend).await;
    let citizen = app.citizen().await;
    for (path, page) in
        [("/api/v1/messages", false), ("/api/v1/nowhere", false), ("/docs/", true), ("/", true), ("/healthz", false)]
    {
        let res = app.get(path).await;
        for (name, value) in [
            ("x-content-type-options", "nosniff"),
            ("x-frame-options", "DENY"),
            ("referrer-policy", "strict-origin-when-cross-origin"),
        ] {
            assert_eq!(res.header(name), Some(value), "{name} on {path}");
        }
        assert!(res.header("permissions-policy").is_some_and(|p| p.contains("camera=()")), "{path}");
        let csp = res.header("content-security-policy").unwrap_or_default().to_owned();
        assert!(csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
        if page {
            assert!(csp.contains("script-src 'self'") && csp.contains("connect-src 'self'"), "{path}: {csp}");
        } else {
            assert!(csp.starts_with("default-src 'none'"), "{path}: {csp}");
        }
    }
    // The docs do not send the spec to an outside validator.
    let init = app.get("/docs/swagger-initializer.js").await;
    assert_eq!(init.status, 200);
    assert!(init.text.contains(r#""validatorUrl": "none""#), "{}", init.text);

    // Tokens and what answers a signed-in caller are never cached.
    let login = citizen.get("/api/v1/me").await;
    assert_eq!(login.header("cache-control"), Some("no-store"));
    let number = login.body["phone"].as_str().unwrap().to_owned();
    let session = app.post("/api/v1/auth/login", json!({"login": number, "password": PASSWORD})).await;
    assert_eq!(session.header("cache-control"), Some("no-store"));
    let refresh = session.expect(200)["refresh_token"].as_str().unwrap().to_owned();
    let refreshed = app.post("/api/v1/auth/refresh", json!({"refresh_token": refresh})).await;
    assert_eq!(refreshed.header("cache-control"), Some("no-store"));
    let registered =
        app.post("/api/v1/auth/register", json!({"role": "citizen", "phone": phone(), "password": PASSWORD})).await;
    assert_eq!(registered.header("cache-control"), Some("no-store"));
}

async fn a_known_path_with_the_wrong_method_is_405_with_allow(backend: Backend) {
    let app = spawn_app(backend).await;
    for (method, path, allow) in [
        (reqwest::Method::DELETE, "/api/v1/messages", "GET, POST"),
        (reqwest::Method::PUT, "/api/v1/messages/1", "GET"),
        (reqwest::Method::GET, "/api/v1/auth/login", "POST"),
        (reqwest::Method::PATCH, "/api/v1/messages/search", "GET"),
        (reqwest::Method::POST, "/api/v1/suggestions/7/supports/", "POST, DELETE"),
    ] {
        let res = app.send(app.client.request(method.clone(), app.url(path))).await;
        if path.ends_with('/') {
            // A trailing slash is another path.
            res.problem(404, "route_not_found");
            continue;
        }
        assert_eq!(res.header("allow"), Some(allow), "{method} {path}");
        res.problem(405, "method_not_allowed");
    }
    let options = app.send(app.client.request(reqwest::Method::OPTIONS, app.url("/api/v1/messages"))).await;
    assert_eq!((options.status, options.header("allow")), (204, Some("GET, POST")));
    app.get("/api/v1/no-such-thing").await.problem(404, "route_not_found");
}

/// Opens a connection, sends `head` and part of a body, and says how long the server took to answer
/// and close, with what it answered.
async fn slow_body(app: &TestApp, head: &str, part: &str) -> (Duration, String) {
    let addr = app.base.trim_start_matches("http://").to_owned();
    let mut stream = tokio::net::TcpStream::connect(addr).await.expect("connect");
    stream.write_all(head.as_bytes()).await.unwrap();
    stream.write_all(part.as_bytes()).await.unwrap();
    let started = Instant::now();
    let mut answer = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(20), stream.read_to_end(&mut answer)).await;
    assert!(read.is_ok(), "the connection was still open after 20 s");
    (started.elapsed(), String::from_utf8_lossy(&answer).into_owned())
}

async fn a_slow_body_is_closed(backend: Backend) {
    let app = spawn_app_with(
        backend,
        Options { configure: Some(Arc::new(|c| c.body_timeout_secs = 2)), ..Default::default() },
    )
    .await;
    let head = "POST /api/v1/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n";
    let (took, answer) = slow_body(&app, head, "{\"login\": \"").await;
    assert!(took < Duration::from_secs(6), "closed after {took:?}");
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains("request_timeout"), "{answer}");
    // A route that never reads its body does not wait for it either.
    let head = "GET /api/v1/messages HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\n";
    let (took, answer) = slow_body(&app, head, "0123456789a").await;
    assert!(took < Duration::from_secs(6), "closed after {took:?}: {answer}");
}

async fn formulas_are_neutralised_in_the_csv(backend: Backend) {
    let app = spawn_app(backend).await;
    let c = cast(&app).await;
    let titles = ["=HYPERLINK(\"http://x.test\",\"点我\")", "+1+1", "-2+3", "@SUM(A1)", "正常的标题"];
    for title in titles {
        let id =
            c.citizen.writes_message(c.leader, "440100", title, "=1+1 正文").await.expect(201)["id"].as_i64().unwrap();
        c.moderator.accepts(id).await.expect(200);
    }
    let csv = app.get("/api/v1/exports/messages.csv").await;
    assert_eq!(csv.status, 200);
    let mut reader = csv::Reader::from_reader(csv.text.trim_start_matches('\u{feff}').as_bytes());
    let headers = reader.headers().unwrap().clone();
    let column = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let (title, body) = (column("title"), column("body"));
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), titles.len());
    for row in &rows {
        for cell in [&row[title], &row[body]] {
            assert!(!cell.starts_with(['=', '+', '-', '@', '\t', '\r']), "a formula cell: {cell}");
        }
    }
    let cells: Vec<&str> = rows.iter().map(|r| &r[title]).collect();
    assert!(cells.contains(&"'=HYPERLINK(\"http://x.test\",\"点我\")"), "{cells:?}");
    assert!(cells.contains(&"正常的标题"), "{cells:?}");
    // The board itself shows what was written.
    let board = app.get("/api/v1/messages?limit=10").await.expect(200);
    assert!(board["items"].as_array().unwrap().iter().any(|m| m["title"] == "+1+1"));
}

async fn cross_origin_calls_only_from_configured_origins(backend: Backend) {
    let closed = spawn_app(backend).await;
    let get = |app: &TestApp, origin: &str| {
        app.client.get(app.url("/api/v1/messages")).header("origin", origin.to_owned()).send()
    };
    // By default no other origin may read the API from a browser.
    let res = get(&closed, "https://evil.example").await.unwrap();
    assert_eq!(res.status(), 200);
    assert!(res.headers().get("access-control-allow-origin").is_none());

    let open = spawn_app_with(
        backend,
        Options {
            configure: Some(Arc::new(|c| c.cors_origins = vec!["https://app.example.gov.cn".into()])),
            ..Default::default()
        },
    )
    .await;
    let res = get(&open, "https://app.example.gov.cn").await.unwrap();
    assert_eq!(res.headers().get("access-control-allow-origin").unwrap(), "https://app.example.gov.cn");
    let preflight = open
        .client
        .request(reqwest::Method::OPTIONS, open.url("/api/v1/messages"))
        .header("origin", "https://app.example.gov.cn")
        .header("access-control-request-method", "POST")
        .header("access-control-request-headers", "authorization, content-type, idempotency-key")
        .send()
        .await
        .unwrap();
    assert!(preflight.status().is_success(), "{}", preflight.status());
    assert!(preflight.headers().get("access-control-allow-methods").is_some());
    let res = get(&open, "https://evil.example").await.unwrap();
    assert!(res.headers().get("access-control-allow-origin").is_none());
    // The server's own pages (browsers send Origin on their POSTs) always pass.
    let own = open.base.clone();
    let res = open
        .client
        .post(open.url("/api/v1/auth/register"))
        .header("origin", own)
        .json(&json!({"role": "citizen", "phone": phone(), "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
}

on_both_databases!(
    cross_origin_calls_only_from_configured_origins,
    nul_and_controls_are_refused_never_stored,
    every_answer_carries_the_security_headers,
    a_known_path_with_the_wrong_method_is_405_with_allow,
    a_slow_body_is_closed,
    formulas_are_neutralised_in_the_csv,
);
