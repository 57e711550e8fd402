//! The test harness: [`spawn_app`] starts the real server on a random 127.0.0.1 port with a fresh
//! database, and [`User`] speaks to it over HTTP the way a client would.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use liuyan::Config;
use liuyan_domain::Role;
use liuyan_domain::limits::Limits;
use liuyan_persistence::ManualClock;
use liuyan_persistence::accounts::{self, NewAccount};
use sea_orm::{ConnectionTrait, Database};
use serde_json::{Value, json};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Generates one `#[tokio::test]` per database for each `async fn name(backend: Backend)` listed.
#[macro_export]
macro_rules! on_both_databases {
    ($($name:ident),+ $(,)?) => {
        mod sqlite {
            $( #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
               async fn $name() { super::$name($crate::Backend::Sqlite).await } )+
        }
        mod postgres {
            $( #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
               async fn $name() { super::$name($crate::Backend::Postgres).await } )+
        }
    };
}

/// `LIUYAN_TEST_PG`: the PostgreSQL server tests create their databases on.
fn pg_server() -> String {
    std::env::var("LIUYAN_TEST_PG").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".into())
}

pub struct TestApp {
    pub base: String,
    pub client: reqwest::Client,
    pub db: liuyan_persistence::Db,
    pub database_url: String,
    /// Set when the test runs on a manual clock.
    pub clock: Option<Arc<ManualClock>>,
    options: Options,
    server: actix_web::dev::ServerHandle,
    jobs: Option<liuyan::jobs::Jobs>,
    /// Only the first instance owns (and drops) the PostgreSQL database.
    pg_database: Option<String>,
    dir: Arc<tempfile::TempDir>,
}

/// A change a test makes to the server's settings.
pub type ConfigChange = Arc<dyn Fn(&mut Config) + Send + Sync>;

/// How a test wants its server.
#[derive(Default, Clone)]
pub struct Options {
    /// Run the handling rules on this clock instead of the system's.
    pub clock: Option<Arc<ManualClock>>,
    /// The abuse limits; by default none, so that tests may act as fast and as often as they like
    /// (the tests of the limits set them).
    pub limits: Option<Limits>,
    /// Any other change to the server's settings.
    pub configure: Option<ConfigChange>,
}

pub async fn spawn_app(backend: Backend) -> TestApp {
    spawn_app_with(backend, Options::default()).await
}

pub async fn spawn_app_with(backend: Backend, options: Options) -> TestApp {
    let dir = Arc::new(tempfile::tempdir().expect("temp dir"));
    let (database_url, pg_database) = match backend {
        Backend::Sqlite => (format!("sqlite://{}/liuyan.db", dir.path().display()), None),
        Backend::Postgres => {
            let name = format!("liuyan_test_{}", uuid::Uuid::new_v4().simple());
            let admin = Database::connect(format!("{}/postgres", pg_server())).await.expect("PostgreSQL for tests");
            admin.execute_unprepared(&format!("CREATE DATABASE \"{name}\"")).await.expect("create test database");
            admin.close().await.ok();
            (format!("{}/{name}", pg_server()), Some(name))
        }
    };
    start(database_url, pg_database, dir, options).await
}

/// Starts an instance of the server on `database_url` (migrating and seeding it if new).
async fn start(
    database_url: String,
    pg_database: Option<String>,
    dir: Arc<tempfile::TempDir>,
    options: Options,
) -> TestApp {
    let Options { clock, limits, configure } = options.clone();
    let config = Config {
        bind: "127.0.0.1:0".into(),
        access_ttl_secs: 900,
        refresh_ttl_secs: 3600,
        static_dir: dir.path().join("no-spa"),
        workers: Some(2),
        job_interval_ms: 50,
        webhook_backoff_ms: 100,
        limits: limits.unwrap_or_else(Limits::off),
        ..Config::defaults(&database_url)
    };
    let config = match configure {
        Some(change) => {
            let mut config = config;
            change(&mut config);
            config
        }
        None => config,
    };
    let mut db = liuyan::prepare_database(&database_url).await.expect("database");
    if let Some(clock) = &clock {
        db = db.with_clock(clock.clone());
    }
    let state = liuyan::app_state(&config, db.clone()).await.expect("state");
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("port");
    let running = liuyan::serve(&config, state, listener).expect("server");
    let server = running.server.handle();
    tokio::spawn(running.server);
    TestApp {
        base: format!("http://{}", running.addr),
        client: reqwest::Client::new(),
        db,
        database_url,
        clock,
        options,
        server,
        jobs: Some(running.jobs),
        pg_database,
        dir,
    }
}

impl TestApp {
    /// A second server instance on the same database, as a province runs several.
    pub async fn another_instance(&self) -> TestApp {
        start(self.database_url.clone(), None, self.dir.clone(), self.options.clone()).await
    }

    /// Stops this instance (its server and background jobs) and starts a fresh one on the same database.
    pub async fn restart(&mut self) {
        self.stop().await;
        let mut fresh = start(self.database_url.clone(), None, self.dir.clone(), self.options.clone()).await;
        self.base = fresh.base.clone();
        self.db = fresh.db.clone();
        self.server = fresh.server.clone();
        self.jobs = fresh.jobs.take();
    }

    /// Stops the server and its background jobs; the database stays.
    pub async fn stop(&mut self) {
        self.jobs = None;
        self.server.stop(false).await;
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(name) = self.pg_database.take() {
            // Dropping needs async and a runtime of its own: the test's runtime is shutting down.
            let _ = std::thread::spawn(move || {
                let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().ok()?;
                rt.block_on(async {
                    let admin = Database::connect(format!("{}/postgres", pg_server())).await.ok()?;
                    admin.execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)")).await.ok()
                })
            })
            .join();
        }
    }
}

/// A response, read whole.
#[derive(Debug)]
pub struct Resp {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub content_type: String,
    pub body: Value,
    pub text: String,
}

impl Resp {
    /// A response header, as text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// Asserts the status, showing the body when it is not the one expected.
    #[track_caller]
    pub fn expect(self, status: u16) -> Value {
        assert_eq!(self.status, status, "unexpected status; body: {}", self.text);
        self.body
    }

    /// Asserts a problem+json answer with this status and code.
    #[track_caller]
    pub fn problem(self, status: u16, code: &str) -> Value {
        assert_eq!(self.status, status, "unexpected status; body: {}", self.text);
        assert_eq!(self.content_type, "application/problem+json", "body: {}", self.text);
        assert_eq!(self.body["code"], code, "body: {}", self.text);
        assert_eq!(self.body["status"], status);
        assert!(self.body["title"].is_string() && self.body["type"].is_string());
        self.body
    }
}

static UNIQUE: AtomicU64 = AtomicU64::new(0);

/// A fresh mainland mobile number for each call.
pub fn phone() -> String {
    let n = UNIQUE.fetch_add(1, Ordering::Relaxed) + std::process::id() as u64 * 1000;
    format!("139{:08}", n % 100_000_000)
}

pub const PASSWORD: &str = "correct-horse-battery";

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn send(&self, req: reqwest::RequestBuilder) -> Resp {
        let res = req.send().await.expect("request");
        let status = res.status().as_u16();
        let content_type = res
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .split(';')
            .next()
            .unwrap_or_default()
            .to_owned();
        let headers = res.headers().clone();
        let text = res.text().await.expect("body");
        let body = serde_json::from_str(&text).unwrap_or(Value::Null);
        Resp { status, headers, content_type, body, text }
    }

    pub async fn get(&self, path: &str) -> Resp {
        self.send(self.client.get(self.url(path))).await
    }

    pub async fn post(&self, path: &str, body: Value) -> Resp {
        self.send(self.client.post(self.url(path)).json(&body)).await
    }

    pub fn anonymous(&self) -> User<'_> {
        User { app: self, token: String::new(), id: 0, refresh: String::new() }
    }

    /// The first admin, made the way `liuyan admin create` makes it, then logged in over HTTP.
    pub async fn admin(&self) -> User<'_> {
        let username = format!("admin{}", UNIQUE.fetch_add(1, Ordering::Relaxed));
        accounts::create(
            &self.db,
            NewAccount {
                role: Role::Admin,
                display_name: "管理员".into(),
                username: Some(username.clone()),
                phone: None,
                email: None,
                enterprise_name: None,
                uscc: None,
                password_hash: liuyan::hash_password_blocking(PASSWORD).unwrap(),
                unit_id: None,
                leader_id: None,
                can_run_campaigns: false,
            },
        )
        .await
        .expect("admin");
        self.login(&username, PASSWORD).await
    }

    pub async fn login(&self, login: &str, password: &str) -> User<'_> {
        let body = self.post("/api/v1/auth/login", json!({"login": login, "password": password})).await.expect(200);
        User::from_session(self, &body)
    }

    /// Registers a citizen with a fresh phone number.
    pub async fn citizen(&self) -> User<'_> {
        let body = self
            .post("/api/v1/auth/register", json!({"role": "citizen", "phone": phone(), "password": PASSWORD}))
            .await
            .expect(201);
        User::from_session(self, &body)
    }

    /// Registers an enterprise with a fresh, valid unified social credit code.
    pub async fn enterprise(&self, name: &str) -> User<'_> {
        let n = UNIQUE.fetch_add(1, Ordering::Relaxed) + std::process::id() as u64 * 1000;
        let first17 = format!("91440100{:09}", n % 1_000_000_000);
        let check = liuyan_domain::uscc::check_char(first17.as_bytes()).expect("check character");
        let body = self
            .post(
                "/api/v1/auth/register",
                json!({"role": "enterprise", "enterprise_name": name, "uscc": format!("{first17}{check}"),
                       "password": PASSWORD}),
            )
            .await
            .expect(201);
        User::from_session(self, &body)
    }

    /// `n` citizens with phone numbers, stored directly with one password hash and given access tokens
    /// signed with the server's own key, as login does: for tests that need many accounts at once, where
    /// hashing a password per account would be most of the time.
    pub async fn many_citizens(&self, n: usize) -> Vec<User<'_>> {
        let hash = liuyan::hash_password_blocking(PASSWORD).unwrap();
        let secret = accounts::setting_or_init(&self.db, "jwt_secret", String::new).await; // the server stored it first
        let keys = liuyan_http::AuthKeys::new(secret.expect("jwt secret").as_bytes(), 900, 3600);
        let mut users = Vec::with_capacity(n);
        for _ in 0..n {
            let account = accounts::create(
                &self.db,
                NewAccount {
                    role: Role::Citizen,
                    display_name: "网友".into(),
                    username: None,
                    phone: Some(phone()),
                    email: None,
                    enterprise_name: None,
                    uscc: None,
                    password_hash: hash.clone(),
                    unit_id: None,
                    leader_id: None,
                    can_run_campaigns: false,
                },
            )
            .await
            .expect("citizen");
            let token = keys.access_token(&account, "minted-by-the-test").expect("token");
            users.push(User { app: self, token, refresh: String::new(), id: account.id });
        }
        users
    }

    /// A leader's id by region code and title (e.g. "440000", "省长").
    pub async fn leader(&self, region: &str, title: &str) -> i64 {
        let leaders = self.get(&format!("/api/v1/leaders?region={region}")).await.expect(200);
        leaders.as_array().unwrap().iter().find(|l| l["title"] == title).expect("leader")["id"].as_i64().unwrap()
    }

    /// A unit's id by region code and part of its name.
    pub async fn unit(&self, region: &str, name: &str) -> i64 {
        let units = self.get(&format!("/api/v1/units?region={region}&limit=100")).await.expect(200);
        let found = units["items"].as_array().unwrap().iter().find(|u| u["name"].as_str().unwrap().contains(name));
        found.expect("unit")["id"].as_i64().unwrap()
    }
}

/// A logged-in account.
pub struct User<'a> {
    pub app: &'a TestApp,
    pub token: String,
    pub refresh: String,
    pub id: i64,
}

impl<'a> User<'a> {
    pub fn from_session(app: &'a TestApp, session: &Value) -> User<'a> {
        User {
            app,
            token: session["access_token"].as_str().expect("access token").to_owned(),
            refresh: session["refresh_token"].as_str().unwrap_or_default().to_owned(),
            id: session["account"]["id"].as_i64().expect("account id"),
        }
    }

    fn auth(&self, req: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
        if self.token.is_empty() { req } else { req.bearer_auth(&self.token) }
    }

    pub async fn get(&self, path: &str) -> Resp {
        self.app.send(self.auth(self.app.client.get(self.app.url(path)))).await
    }

    pub async fn post(&self, path: &str, body: Value) -> Resp {
        self.app.send(self.auth(self.app.client.post(self.app.url(path))).json(&body)).await
    }

    pub async fn send_put(&self, path: &str, body: Value) -> Resp {
        self.app.send(self.auth(self.app.client.put(self.app.url(path))).json(&body)).await
    }

    pub async fn delete(&self, path: &str) -> Resp {
        self.app.send(self.auth(self.app.client.delete(self.app.url(path)))).await
    }

    pub async fn patch(&self, path: &str, body: Value) -> Resp {
        self.app.send(self.auth(self.app.client.patch(self.app.url(path))).json(&body)).await
    }

    /// An admin creates a staff account and it logs in.
    pub async fn creates_staff(&self, role: &str, unit_id: Option<i64>, leader_id: Option<i64>) -> User<'a> {
        let username = format!("{}{}", role.replace('_', ""), UNIQUE.fetch_add(1, Ordering::Relaxed));
        self.post(
            "/api/v1/admin/accounts",
            json!({"role": role, "username": username, "display_name": "工作人员", "password": PASSWORD,
                   "unit_id": unit_id, "leader_id": leader_id}),
        )
        .await
        .expect(201);
        self.app.login(&username, PASSWORD).await
    }

    /// Writes a public message to `leader` about `region`; answers the created message.
    pub async fn writes_message(&self, leader: i64, region: &str, title: &str, body: &str) -> Resp {
        self.post(
            "/api/v1/messages",
            json!({"leader_id": leader, "region_code": region, "message_type": "complaint",
                   "domain": "urban_construction", "title": title, "body": body, "is_public": true}),
        )
        .await
    }

    pub async fn accepts(&self, message: i64) -> Resp {
        self.post(&format!("/api/v1/messages/{message}/accept"), json!({})).await
    }

    pub async fn assigns(&self, message: i64, unit: i64, note: &str) -> Resp {
        self.post(&format!("/api/v1/messages/{message}/assign"), json!({"unit_id": unit, "note": note})).await
    }

    pub async fn transfers(&self, message: i64, unit: i64, reason: &str) -> Resp {
        self.post(&format!("/api/v1/messages/{message}/transfer"), json!({"unit_id": unit, "reason": reason})).await
    }

    pub async fn replies(&self, message: i64, body: &str) -> Resp {
        self.post(&format!("/api/v1/messages/{message}/replies"), json!({"body": body})).await
    }

    pub async fn approves(&self, reply: i64) -> Resp {
        self.post(&format!("/api/v1/replies/{reply}/approve"), json!({})).await
    }

    pub async fn returns(&self, reply: i64, reason: &str) -> Resp {
        self.post(&format!("/api/v1/replies/{reply}/return"), json!({"reason": reason})).await
    }

    pub async fn rates(&self, message: i64, satisfaction: &str) -> Resp {
        self.post(
            &format!("/api/v1/messages/{message}/rating"),
            json!({"satisfaction": satisfaction, "speed": 4, "attitude": 5, "result": 3, "comment": "评价"}),
        )
        .await
    }
}

/// The cast of a handling story: a writer, a moderator, the leader's office and two units' staff.
pub struct Cast<'a> {
    pub citizen: User<'a>,
    pub moderator: User<'a>,
    pub office: User<'a>,
    pub housing: User<'a>,
    pub transport: User<'a>,
    pub leader: i64,
    pub housing_unit: i64,
    pub transport_unit: i64,
}

pub async fn cast(app: &TestApp) -> Cast<'_> {
    let admin = app.admin().await;
    let leader = app.leader("440000", "省长").await;
    let housing_unit = app.unit("440100", "住房和城乡建设局").await;
    let transport_unit = app.unit("440100", "交通运输局").await;
    Cast {
        citizen: app.citizen().await,
        moderator: admin.creates_staff("moderator", None, None).await,
        office: admin.creates_staff("leader_office", None, Some(leader)).await,
        housing: admin.creates_staff("unit_staff", Some(housing_unit), None).await,
        transport: admin.creates_staff("unit_staff", Some(transport_unit), None).await,
        leader,
        housing_unit,
        transport_unit,
    }
}
