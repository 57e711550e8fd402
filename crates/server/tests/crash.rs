//! A crash in the middle of work loses nothing that was acknowledged: the real `liuyan` binary is
//! killed with SIGKILL while 1,000 authenticated clients write messages at once; after a restart on
//! the same database, every message answered `201` is there with its text. On SQLite and PostgreSQL.

use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use futures::future::join_all;
use sea_orm::{ConnectionTrait, Database};
use serde_json::{Value, json};

const WRITES: usize = 1000;

struct Server {
    child: Child,
    base: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// Starts `liuyan serve` on `database_url` and waits until it is ready.
async fn start(database_url: &str, dir: &std::path::Path) -> Server {
    let port = free_port();
    let child = Command::new(env!("CARGO_BIN_EXE_liuyan"))
        .arg("serve")
        .env("DATABASE_URL", database_url)
        .env("LIUYAN_BIND", format!("127.0.0.1:{port}"))
        .env("LIUYAN_STATIC_DIR", dir.join("no-spa"))
        .env("LIUYAN_LIMITS", "off")
        .env("LIUYAN_WORKERS", "2")
        .env("RUST_LOG", "error")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("the liuyan binary");
    let server = Server { child, base: format!("http://127.0.0.1:{port}") };
    let client = reqwest::Client::new();
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        if let Ok(res) = client.get(format!("{}/readyz", server.base)).send().await
            && res.status().is_success()
        {
            return server;
        }
        assert!(Instant::now() < deadline, "the server did not get ready in 60 s");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn crash_during_concurrent_writes(database_url: &str, label: &str) {
    let dir = tempfile::tempdir().unwrap();
    let mut server = start(database_url, dir.path()).await;
    let client = reqwest::Client::builder().pool_max_idle_per_host(0).timeout(Duration::from_secs(30)).build().unwrap();
    let api = |base: &str, path: &str| format!("{base}/api/v1{path}");
    let session: Value = client
        .post(api(&server.base, "/auth/register"))
        .json(&json!({"role": "citizen", "phone": "13912345678", "password": "correct-horse-battery"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = session["access_token"].as_str().expect("token").to_owned();
    let leaders: Value =
        client.get(api(&server.base, "/leaders?region=440000")).send().await.unwrap().json().await.unwrap();
    let leader = leaders[0]["id"].as_i64().unwrap();

    // Every write in flight at once; the server is killed once a third of them are acknowledged.
    let acknowledged = Arc::new(AtomicUsize::new(0));
    let kill_at = WRITES / 3;
    let writes = (0..WRITES).map(|i| {
        let (client, token, base, acknowledged) = (client.clone(), token.clone(), server.base.clone(), acknowledged.clone());
        async move {
            let body = json!({"leader_id": leader, "region_code": "440100", "message_type": "complaint",
                "domain": "urban_construction", "title": format!("崩溃测试 {i}"), "body": format!("第 {i} 条留言的正文。")});
            let res = client.post(api(&base, "/messages")).bearer_auth(&token).json(&body).send().await.ok()?;
            if res.status().as_u16() != 201 {
                return None;
            }
            let created: Value = res.json().await.ok()?;
            acknowledged.fetch_add(1, Ordering::SeqCst);
            Some((i, created["id"].as_i64()?))
        }
    });
    let killer = {
        let acknowledged = acknowledged.clone();
        async move {
            let deadline = Instant::now() + Duration::from_secs(120);
            while acknowledged.load(Ordering::SeqCst) < kill_at && Instant::now() < deadline {
                tokio::time::sleep(Duration::from_millis(2)).await;
            }
        }
    };
    let all = tokio::spawn(join_all(writes));
    killer.await;
    server.child.kill().expect("SIGKILL");
    server.child.wait().unwrap();
    let written: Vec<(usize, i64)> = all.await.unwrap().into_iter().flatten().collect();
    assert!(written.len() < WRITES, "the server was killed after every write had finished");

    let server = start(database_url, dir.path()).await;
    let mut found = 0;
    for (i, id) in &written {
        let res = client.get(api(&server.base, &format!("/messages/{id}"))).bearer_auth(&token).send().await.unwrap();
        assert_eq!(res.status().as_u16(), 200, "message {id} (write {i}) was acknowledged but is gone");
        let m: Value = res.json().await.unwrap();
        assert_eq!(m["title"], format!("崩溃测试 {i}"));
        assert_eq!(m["body"], format!("第 {i} 条留言的正文。"));
        found += 1;
    }
    println!("{label}: {WRITES} writes, killed with SIGKILL; acknowledged {} / found {found}", written.len());
    assert_eq!(found, written.len());
    // The writer's own list agrees: nothing half-written shows up beside them.
    let mine: Value = client
        .get(api(&server.base, "/me/messages?limit=100"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(mine["items"].as_array().unwrap().iter().all(|m| m["title"].as_str().unwrap().starts_with("崩溃测试")));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_keeps_every_acknowledged_message() {
    let dir = tempfile::tempdir().unwrap();
    crash_during_concurrent_writes(&format!("sqlite://{}/liuyan.db", dir.path().display()), "SQLite").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_keeps_every_acknowledged_message() {
    let server = std::env::var("LIUYAN_TEST_PG").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".into());
    let name = format!("liuyan_crash_{}", uuid::Uuid::new_v4().simple());
    let admin = Database::connect(format!("{server}/postgres")).await.expect("PostgreSQL for tests");
    admin.execute_unprepared(&format!("CREATE DATABASE \"{name}\"")).await.unwrap();
    crash_during_concurrent_writes(&format!("{server}/{name}"), "PostgreSQL").await;
    admin.execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)")).await.ok();
}
