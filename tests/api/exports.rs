//! Open data: the CSV opens with the right header and escaped fields, the XLSX opens (read back with
//! calamine) with the same rows; only public, screened messages go out, masked; filters apply; an
//! export of several pages holds every row once.

use std::collections::HashMap;
use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use chrono::{DateTime, Utc};
use liuyan_api_tests::{Backend, TestApp, cast, on_both_databases, spawn_app};
use liuyan_domain::masking::mask_public_text;
use liuyan_persistence::entities::{leader, message, region, reply, unit};
use liuyan_persistence::generator::{GenerateOptions, generate};
use sea_orm::EntityTrait;
use serde_json::json;

on_both_databases!(exports_hold_the_public_board_only, exports_of_many_pages_hold_every_row_once);

const HEADER: [&str; 15] = [
    "id",
    "created_at",
    "region_code",
    "region",
    "leader",
    "unit",
    "type",
    "domain",
    "status",
    "title",
    "body",
    "reply",
    "first_replied_at",
    "satisfaction",
    "closed_at",
];

async fn download(app: &TestApp, path: &str) -> (u16, String, Vec<u8>) {
    let r = app.client.get(app.url(path)).send().await.unwrap();
    let status = r.status().as_u16();
    let kind = r.headers().get("content-type").map(|v| v.to_str().unwrap().to_owned()).unwrap_or_default();
    (status, kind, r.bytes().await.unwrap().to_vec())
}

/// The CSV's rows (header first), parsed by a CSV reader.
async fn csv_rows(app: &TestApp, query: &str) -> Vec<Vec<String>> {
    let (status, kind, bytes) = download(app, &format!("/api/v1/exports/messages.csv{query}")).await;
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&bytes));
    assert_eq!(kind, "text/csv; charset=utf-8");
    let text = bytes.strip_prefix(b"\xEF\xBB\xBF").expect("a byte-order mark");
    let mut reader = csv::ReaderBuilder::new().has_headers(false).from_reader(text);
    reader.records().map(|r| r.unwrap().iter().map(str::to_owned).collect()).collect()
}

/// The XLSX's rows (header first), read back with calamine.
async fn xlsx_rows(app: &TestApp, query: &str) -> Vec<Vec<String>> {
    let (status, kind, bytes) = download(app, &format!("/api/v1/exports/messages.xlsx{query}")).await;
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&bytes));
    assert_eq!(kind, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).expect("the XLSX opens");
    assert_eq!(book.sheet_names(), ["messages"]);
    let range = book.worksheet_range("messages").unwrap();
    range
        .rows()
        .map(|row| {
            let mut cells: Vec<String> = row
                .iter()
                .map(|c| match c {
                    Data::Empty => String::new(),
                    Data::Float(f) => format!("{f}"),
                    Data::Int(i) => i.to_string(),
                    other => other.to_string(),
                })
                .collect();
            cells.resize(HEADER.len(), String::new());
            cells
        })
        .collect()
}

async fn exports_hold_the_public_board_only(backend: Backend) {
    let app = spawn_app(backend).await;
    let c = cast(&app).await;
    let write = |title: &'static str, body: &'static str, public: bool, domain: &'static str| {
        let c = &c;
        async move {
            let m = c
                .citizen
                .post(
                    "/api/v1/messages",
                    json!({"leader_id": c.leader, "region_code": "440100", "message_type": "complaint",
                           "domain": domain, "title": title, "body": body, "is_public": public}),
                )
                .await
                .expect(201);
            m["id"].as_i64().unwrap()
        }
    };
    let tricky = write("路灯不亮, \"急\"", "第一行\n第二行，电话13912345678", true, "urban_construction").await;
    let plain = write("公交线路调整", "希望恢复12路公交。", true, "transport").await;
    let private = write("家事", "不公开的留言", false, "transport").await;
    let unscreened = write("尚未审核", "还在等待审核", true, "transport").await;
    for id in [tricky, plain, private] {
        c.moderator.accepts(id).await.expect(200);
    }
    c.office.assigns(tricky, c.housing_unit, "请办理").await.expect(200);
    let reply = c.housing.replies(tricky, "已修复，如有问题请致电13812345678。").await.expect(201);
    c.moderator.approves(reply["id"].as_i64().unwrap()).await.expect(200);

    let rows = csv_rows(&app, "").await;
    assert_eq!(rows[0], HEADER);
    let ids: Vec<i64> = rows[1..].iter().map(|r| r[0].parse().unwrap()).collect();
    assert_eq!(ids, [plain, tricky], "public and screened only, newest first");
    assert!(!ids.contains(&private) && !ids.contains(&unscreened));
    let t = &rows[2];
    assert_eq!(t[9], "路灯不亮, \"急\"", "commas and quotes survive");
    assert_eq!(t[10], "第一行\n第二行，电话139****5678", "newlines survive; phone numbers are masked");
    assert_eq!(t[11], "已修复，如有问题请致电138****5678。");
    assert_eq!((t[2].as_str(), t[3].as_str(), t[4].as_str()), ("440100", "广州市", "广东省省长"));
    assert_eq!((t[6].as_str(), t[7].as_str(), t[8].as_str()), ("complaint", "urban_construction", "replied"));
    assert!(t[12].parse::<DateTime<Utc>>().is_ok(), "{}", t[12]);
    assert!(!rows.iter().flatten().any(|cell| cell.contains("不公开") || cell.contains("13912345678")));

    // The XLSX holds the same rows.
    assert_eq!(xlsx_rows(&app, "").await, rows);

    // Filters apply to both.
    let transport = csv_rows(&app, "?domain=transport").await;
    assert_eq!(transport.len(), 2);
    assert_eq!(transport[1][0], plain.to_string());
    assert_eq!(xlsx_rows(&app, "?domain=transport").await, transport);
    assert_eq!(csv_rows(&app, "?from=2000-01-01&to=2000-12-31").await, [HEADER]);

    // Bad filters are refused before anything is written.
    app.get("/api/v1/exports/messages.csv?from=yesterday").await.problem(400, "invalid_query");
    app.get("/api/v1/exports/messages.xlsx?domain=weather").await.problem(400, "invalid_query");
}

async fn exports_of_many_pages_hold_every_row_once(backend: Backend) {
    let app = spawn_app(backend).await;
    let until = DateTime::parse_from_rfc3339("2026-11-01T00:00:00Z").unwrap().with_timezone(&Utc);
    generate(&app.db, &GenerateOptions { messages: 2600, seed: 3, until }).await.unwrap();
    let public = app.get("/api/v1/summary").await.expect(200)["public_messages"].as_u64().unwrap() as usize;
    assert!(public > 2000, "{public} public messages: more than two pages");
    let rows = csv_rows(&app, "").await;
    assert_eq!(rows.len(), 1 + public);
    let ids: Vec<i64> = rows[1..].iter().map(|r| r[0].parse().unwrap()).collect();
    assert!(ids.windows(2).all(|w| w[0] > w[1]), "newest first, each once");
    // Every row names its region, leader and unit, and carries its latest published reply, masked;
    // generated messages have replies of several rounds and follow-ups, some not yet published.
    let conn = &app.db.read;
    let names = |pairs: Vec<(String, String)>| pairs.into_iter().collect::<HashMap<String, String>>();
    let regions =
        names(region::Entity::find().all(conn).await.unwrap().into_iter().map(|r| (r.code, r.name)).collect());
    let leaders = names(
        leader::Entity::find().all(conn).await.unwrap().into_iter().map(|l| (l.id.to_string(), l.name)).collect(),
    );
    let units =
        names(unit::Entity::find().all(conn).await.unwrap().into_iter().map(|u| (u.id.to_string(), u.name)).collect());
    let mut latest: HashMap<String, String> = HashMap::new();
    let mut replies = reply::Entity::find().all(conn).await.unwrap();
    replies.sort_by_key(|r| r.id);
    let mut several = 0;
    for r in replies.into_iter().filter(|r| r.status == "published") {
        several += usize::from(latest.insert(r.message_id.to_string(), mask_public_text(&r.body)).is_some());
    }
    assert!(several > 10, "{several} messages with more than one published reply");
    let messages: HashMap<String, (i64, Option<i64>)> = message::Entity::find()
        .all(conn)
        .await
        .unwrap()
        .into_iter()
        .map(|m| (m.id.to_string(), (m.leader_id, m.unit_id)))
        .collect();
    for row in &rows[1..] {
        let (leader, unit) = messages[&row[0]];
        assert_eq!(row[3], regions[&row[2]], "message {}", row[0]);
        assert_eq!(row[4], leaders[&leader.to_string()], "message {}", row[0]);
        assert_eq!(row[5], unit.map(|u| units[&u.to_string()].clone()).unwrap_or_default(), "message {}", row[0]);
        assert_eq!(row[11], latest.get(&row[0]).cloned().unwrap_or_default(), "message {}", row[0]);
    }

    let xlsx = xlsx_rows(&app, "").await;
    assert_eq!(xlsx.len(), rows.len());
    assert_eq!(xlsx[1500], rows[1500]);
}
