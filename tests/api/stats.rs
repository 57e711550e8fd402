//! The statistics equal a brute-force count over the messages, their replies and ratings, on generated
//! data and after new events arrive through the API; a rebuild gives the same cells.

use std::collections::HashMap;

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, Utc};
use liuyan_api_tests::{Backend, TestApp, cast, on_both_databases, spawn_app};
use liuyan_persistence::entities::{message, rating, reply};
use liuyan_persistence::generator::{GenerateOptions, generate};
use sea_orm::{EntityTrait, QueryOrder};
use serde_json::{Value, json};

on_both_databases!(stats_equal_a_brute_force_count, stats_follow_new_events, bad_stats_queries_are_refused);

/// One message as the brute force sees it, from the rows themselves.
#[derive(Debug, Clone)]
struct Row {
    day: NaiveDate,
    counted: bool,
    message_type: String,
    domain: String,
    province: String,
    region: String,
    leader: i64,
    unit: Option<i64>,
    /// Seconds from writing to the first published reply.
    handling: Option<i64>,
    on_time: bool,
    satisfaction: Option<String>,
    closed: bool,
}

async fn rows(app: &TestApp) -> Vec<Row> {
    let china = FixedOffset::east_opt(8 * 3600).unwrap();
    let conn = &app.db.read;
    let mut first_reply: HashMap<i64, DateTime<Utc>> = HashMap::new();
    for r in reply::Entity::find().all(conn).await.unwrap() {
        if let (Some(at), "published") = (r.published_at, r.status.as_str()) {
            let e = first_reply.entry(r.message_id).or_insert(at);
            *e = (*e).min(at);
        }
    }
    let mut latest_rating: HashMap<i64, String> = HashMap::new();
    for g in rating::Entity::find().order_by_asc(rating::Column::Id).all(conn).await.unwrap() {
        latest_rating.insert(g.message_id, g.satisfaction);
    }
    message::Entity::find()
        .all(conn)
        .await
        .unwrap()
        .into_iter()
        .map(|m| Row {
            day: m.created_at.with_timezone(&china).date_naive(),
            counted: !matches!(m.status.as_str(), "submitted" | "rejected"),
            message_type: m.message_type,
            domain: m.domain,
            province: m.province_code,
            region: m.region_code,
            leader: m.leader_id,
            unit: m.unit_id,
            handling: first_reply.get(&m.id).map(|at| (*at - m.created_at).num_seconds()),
            on_time: m.first_answer_on_time,
            satisfaction: latest_rating.remove(&m.id),
            closed: m.status == "closed",
        })
        .filter(|r| r.counted)
        .collect()
}

fn ratio(a: i64, b: i64) -> Value {
    if b == 0 { Value::Null } else { json!(a as f64 / b as f64) }
}

/// The figures, counted one message at a time, as the API writes them.
fn brute_force<'a>(rows: impl Iterator<Item = &'a Row>) -> Value {
    let rows: Vec<&Row> = rows.collect();
    let n = |f: &dyn Fn(&Row) -> bool| rows.iter().filter(|r| f(r)).count() as i64;
    let messages = rows.len() as i64;
    let suggestions = n(&|r| r.message_type == "suggestion");
    let replied = n(&|r| r.handling.is_some());
    let on_time = n(&|r| r.handling.is_some() && r.on_time);
    let seconds: i64 = rows.iter().filter_map(|r| r.handling).sum();
    let verdict = |v: &str| n(&|r| r.satisfaction.as_deref() == Some(v));
    let (satisfied, basically, dissatisfied) =
        (verdict("satisfied"), verdict("basically_satisfied"), verdict("dissatisfied"));
    let rated = satisfied + basically + dissatisfied;
    let mut days: Vec<i64> = rows.iter().filter_map(|r| r.handling).map(|s| s / 86_400).collect();
    days.sort_unstable();
    let median = match days.len() {
        0 => Value::Null,
        k if k % 2 == 1 => json!(days[k / 2] as f64),
        k => json!((days[k / 2 - 1] + days[k / 2]) as f64 / 2.0),
    };
    json!({
        "messages": messages,
        "suggestions": suggestions,
        "suggestion_share": ratio(suggestions, messages),
        "replied": replied,
        "reply_rate": ratio(replied, messages),
        "on_time": on_time,
        "on_time_rate": ratio(on_time, replied),
        "avg_handling_days": ratio(seconds, replied * 86_400),
        "median_handling_days": median,
        "rated": rated,
        "satisfied": satisfied,
        "basically_satisfied": basically,
        "dissatisfied": dissatisfied,
        "satisfaction_rate": ratio(satisfied + basically, rated),
        "closed": n(&|r| r.closed),
    })
}

/// For one domain or type: no median (histograms are kept for all of them together).
fn faceted(mut v: Value) -> Value {
    v["median_handling_days"] = Value::Null;
    v
}

fn in_region(r: &Row, code: &str) -> bool {
    r.province == code || r.region == code
}

/// The most frequent value, for picking a scope with plenty of data.
fn commonest<T: std::hash::Hash + Eq + Clone + Ord>(values: impl Iterator<Item = T>) -> T {
    let mut counts: HashMap<T, usize> = HashMap::new();
    for v in values {
        *counts.entry(v).or_default() += 1;
    }
    counts.into_iter().max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0))).unwrap().0
}

fn month(r: &Row) -> String {
    r.day.format("%Y-%m").to_string()
}

async fn stats_equal_a_brute_force_count(backend: Backend) {
    let app = spawn_app(backend).await;
    let until = DateTime::parse_from_rfc3339("2026-11-01T00:00:00Z").unwrap().with_timezone(&Utc);
    generate(&app.db, &GenerateOptions { messages: 1500, seed: 5, until }).await.unwrap();
    let all = rows(&app).await;
    assert!(all.len() > 1300, "{} counted", all.len());
    let get = |path: String| {
        let app = &app;
        async move { app.get(&path).await.expect(200) }
    };

    // Everything, all time; one province with its cities over two years.
    assert_eq!(get("/api/v1/stats/summary".into()).await["measures"], brute_force(all.iter()));
    let province = commonest(all.iter().map(|r| r.province.clone()));
    let two_years = all.iter().filter(|r| in_region(r, &province) && (2024..=2025).contains(&r.day.year()));
    assert_eq!(
        get(format!("/api/v1/stats/summary?region={province}&from=2024&to=2025")).await["measures"],
        brute_force(two_years)
    );
    // A leader over some months, a unit all time, a domain, a city's suggestions.
    let leader = commonest(all.iter().map(|r| r.leader));
    let months = all.iter().filter(|r| r.leader == leader && ("2023-03".."2025-09").contains(&month(r).as_str()));
    assert_eq!(
        get(format!("/api/v1/stats/summary?leader={leader}&from=2023-03&to=2025-08")).await["measures"],
        brute_force(months)
    );
    let unit = commonest(all.iter().filter_map(|r| r.unit));
    assert_eq!(
        get(format!("/api/v1/stats/summary?unit={unit}")).await["measures"],
        brute_force(all.iter().filter(|r| r.unit == Some(unit)))
    );
    assert_eq!(
        get("/api/v1/stats/summary?domain=environment".into()).await["measures"],
        faceted(brute_force(all.iter().filter(|r| r.domain == "environment")))
    );
    let city = commonest(all.iter().filter(|r| r.region != r.province).map(|r| r.region.clone()));
    assert_eq!(
        get(format!("/api/v1/stats/summary?region={city}&type=suggestion")).await["measures"],
        faceted(brute_force(all.iter().filter(|r| r.region == city && r.message_type == "suggestion")))
    );

    // Trends: by year, by month for a province, by day (empty periods included).
    let years = get("/api/v1/stats/trend?grain=year&from=2016&to=2026".into()).await;
    let points = years["points"].as_array().unwrap();
    assert_eq!(points.len(), 11);
    for p in points {
        let y: i32 = p["period"].as_str().unwrap().parse().unwrap();
        assert_eq!(p["measures"], brute_force(all.iter().filter(|r| r.day.year() == y)), "year {y}");
    }
    let monthly = get(format!("/api/v1/stats/trend?region={province}&from=2025-01&to=2025-12")).await;
    for p in monthly["points"].as_array().unwrap() {
        let m = p["period"].as_str().unwrap();
        let expected = brute_force(all.iter().filter(|r| in_region(r, &province) && month(r) == m));
        assert_eq!(p["measures"], expected, "month {m}");
    }
    let daily = get("/api/v1/stats/trend?grain=day&from=2026-10-01&to=2026-10-31".into()).await;
    let points = daily["points"].as_array().unwrap();
    assert_eq!(points.len(), 31);
    for p in points {
        let d = NaiveDate::parse_from_str(p["period"].as_str().unwrap(), "%Y-%m-%d").unwrap();
        assert_eq!(p["measures"], brute_force(all.iter().filter(|r| r.day == d)), "day {d}");
    }

    // Breakdowns: by domain, by province, by city of a province, and the unit ranking.
    let by_domain = get("/api/v1/stats/breakdown?by=domain".into()).await;
    let rows_of = |v: &Value| v["rows"].as_array().unwrap().clone();
    let domains = rows_of(&by_domain);
    assert!(domains.len() >= 10);
    for row in &domains {
        let d = row["key"].as_str().unwrap();
        assert_eq!(row["measures"], faceted(brute_force(all.iter().filter(|r| r.domain == d))), "domain {d}");
    }
    let counts: Vec<i64> = domains.iter().map(|r| r["measures"]["messages"].as_i64().unwrap()).collect();
    assert!(counts.windows(2).all(|w| w[0] >= w[1]), "most messages first: {counts:?}");
    let provinces = rows_of(&get("/api/v1/stats/breakdown?by=region&from=2025&to=2025".into()).await);
    let total: i64 = provinces.iter().map(|r| r["measures"]["messages"].as_i64().unwrap()).sum();
    assert_eq!(total, all.iter().filter(|r| r.day.year() == 2025).count() as i64, "provinces add up");
    for row in provinces.iter().take(5) {
        let code = row["key"].as_str().unwrap();
        let expected = brute_force(all.iter().filter(|r| r.province == code && r.day.year() == 2025));
        assert_eq!(row["measures"], expected, "province {code}");
    }
    for row in rows_of(&get(format!("/api/v1/stats/breakdown?by=region&region={province}")).await) {
        let code = row["key"].as_str().unwrap();
        assert_eq!(row["measures"], brute_force(all.iter().filter(|r| r.region == code)), "city {code}");
    }
    let ranking =
        rows_of(&get("/api/v1/stats/breakdown?by=unit&sort=on_time_rate&min_messages=3&limit=1000".into()).await);
    assert!(ranking.len() >= 10, "{ranking:?}");
    let rates: Vec<f64> = ranking.iter().map(|r| r["measures"]["on_time_rate"].as_f64().unwrap()).collect();
    assert!(rates.windows(2).all(|w| w[0] >= w[1]), "best first: {rates:?}");
    for (i, row) in ranking.iter().enumerate() {
        assert_eq!(row["rank"], json!(i + 1));
        let id: i64 = row["key"].as_str().unwrap().parse().unwrap();
        let expected = brute_force(all.iter().filter(|r| r.unit == Some(id)));
        assert!(expected["messages"].as_i64().unwrap() >= 3);
        assert_eq!(row["measures"], expected, "unit {id}");
        assert_eq!(row["label"], app.get(&format!("/api/v1/units/{id}")).await.expect(200)["name"], "unit {id}");
    }
    // Every ranking, nationwide, in the order a brute force gives: the measure (days lowest first, rows
    // without it last), then more messages, then the key; over one year (one cell per unit) and over two.
    for (by, of) in
        [("unit", &(|r: &Row| r.unit) as &dyn Fn(&Row) -> Option<i64>), ("leader", &|r: &Row| Some(r.leader))]
    {
        for (years, min) in [(2025..=2025, 2), (2024..=2025, 4)] {
            let mut groups: HashMap<i64, Vec<&Row>> = HashMap::new();
            for r in all.iter().filter(|r| years.contains(&r.day.year())) {
                if let Some(id) = of(r) {
                    groups.entry(id).or_default().push(r);
                }
            }
            let measured: Vec<(String, Value)> = groups
                .into_iter()
                .map(|(id, rows)| (id.to_string(), brute_force(rows.into_iter())))
                .filter(|(_, m)| m["messages"].as_i64().unwrap() >= min)
                .collect();
            for sort in [
                "messages",
                "reply_rate",
                "on_time_rate",
                "satisfaction_rate",
                "avg_handling_days",
                "median_handling_days",
            ] {
                let lower_first = sort.ends_with("days");
                let mut expected = measured.clone();
                expected.sort_by(|(ka, a), (kb, b)| {
                    let value = |m: &Value| m[sort].as_f64().map(|v| if lower_first { -v } else { v });
                    let count = |m: &Value| m["messages"].as_i64().unwrap();
                    value(b).partial_cmp(&value(a)).unwrap().then(count(b).cmp(&count(a))).then(ka.cmp(kb))
                });
                let (from, to) = (years.start(), years.end());
                let url = format!(
                    "/api/v1/stats/breakdown?by={by}&from={from}&to={to}&sort={sort}&min_messages={min}&limit=7"
                );
                let got: Vec<(String, Value)> = rows_of(&get(url.clone()).await)
                    .iter()
                    .map(|r| (r["key"].as_str().unwrap().to_owned(), r["measures"].clone()))
                    .collect();
                assert_eq!(got, expected[..7.min(expected.len())], "{url}");
            }
        }
    }
    let leaders = rows_of(&get("/api/v1/stats/breakdown?by=leader&limit=5".into()).await);
    for row in &leaders {
        let id = row["key"].as_str().unwrap();
        assert_eq!(row["label"], app.get(&format!("/api/v1/leaders/{id}")).await.expect(200)["name"], "leader {id}");
    }

    let of_province = rows_of(&get(format!("/api/v1/stats/breakdown?by=unit&region={province}")).await);
    let units_total: i64 = of_province.iter().map(|r| r["measures"]["messages"].as_i64().unwrap()).sum();
    assert_eq!(units_total, all.iter().filter(|r| in_region(r, &province) && r.unit.is_some()).count() as i64);

    // A leader's monthly report, and the same as CSV.
    let busiest = commonest(all.iter().filter(|r| r.leader == leader).map(month));
    let report = get(format!("/api/v1/stats/leaders/{leader}/monthly?month={busiest}")).await;
    let of_leader = |f: &dyn Fn(&Row) -> bool| brute_force(all.iter().filter(|r| r.leader == leader && f(r)));
    assert_eq!(report["measures"], of_leader(&|r| month(r) == busiest));
    let ytd_from = format!("{}-01", &busiest[..4]);
    assert_eq!(report["year_to_date"], of_leader(&|r| month(r) >= ytd_from && month(r) <= busiest));
    for row in report["by_type"].as_array().unwrap() {
        let t = row["key"].as_str().unwrap();
        assert_eq!(row["measures"], faceted(of_leader(&|r| month(r) == busiest && r.message_type == t)));
    }
    let csv = app.get(&format!("/api/v1/stats/leaders/{leader}/monthly.csv?month={busiest}")).await;
    assert_eq!(csv.status, 200);
    assert!(csv.content_type.starts_with("text/csv"), "{}", csv.content_type);
    let text = csv.text.trim_start_matches('\u{feff}');
    let mut lines = text.lines();
    assert!(lines.next().unwrap().starts_with("section,key,label,messages,suggestions,"));
    let month_line = lines.next().unwrap();
    assert!(month_line.starts_with(&format!("month,{busiest},")), "{month_line}");
    assert!(month_line.contains(&format!(",{},", report["measures"]["messages"])), "{month_line}");
    let sections = 3
        + report["by_domain"].as_array().unwrap().len()
        + report["by_type"].as_array().unwrap().len()
        + report["units"].as_array().unwrap().len();
    assert_eq!(text.lines().count(), 1 + sections);

    // Counting everything again from the messages gives the same cells.
    let before = get("/api/v1/stats/breakdown?by=unit&limit=1000".into()).await;
    liuyan_persistence::stats::rebuild(&app.db).await.unwrap();
    assert_eq!(get("/api/v1/stats/breakdown?by=unit&limit=1000".into()).await, before);
}

async fn stats_follow_new_events(backend: Backend) {
    let app = spawn_app(backend).await;
    let until = DateTime::parse_from_rfc3339("2026-11-01T00:00:00Z").unwrap().with_timezone(&Utc);
    generate(&app.db, &GenerateOptions { messages: 200, seed: 9, until }).await.unwrap();
    let c = cast(&app).await;
    let year = Utc::now().with_timezone(&FixedOffset::east_opt(8 * 3600).unwrap()).year();
    let paths = [
        "/api/v1/stats/summary".to_string(),
        format!("/api/v1/stats/summary?leader={}", c.leader),
        format!("/api/v1/stats/summary?unit={}", c.housing_unit),
        format!("/api/v1/stats/summary?unit={}", c.transport_unit),
        format!("/api/v1/stats/summary?region=440100&from={year}&to={year}"),
    ];
    let check = |step: &'static str| {
        let (app, paths, c) = (&app, &paths, &c);
        async move {
            let all = rows(app).await;
            let expected = [
                brute_force(all.iter()),
                brute_force(all.iter().filter(|r| r.leader == c.leader)),
                brute_force(all.iter().filter(|r| r.unit == Some(c.housing_unit))),
                brute_force(all.iter().filter(|r| r.unit == Some(c.transport_unit))),
                brute_force(all.iter().filter(|r| in_region(r, "440100") && r.day.year() == year)),
            ];
            for (path, expected) in paths.iter().zip(expected) {
                assert_eq!(app.get(path).await.expect(200)["measures"], expected, "{step}: {path}");
            }
            app.get(&paths[0]).await.expect(200)["measures"].clone()
        }
    };
    let start = check("generated").await;

    let m = c.citizen.writes_message(c.leader, "440100", "小区门口道路破损", "道路破损多日无人修。").await.expect(201);
    let id = m["id"].as_i64().unwrap();
    assert_eq!(check("written").await, start, "an unscreened message counts nothing");
    c.moderator.accepts(id).await.expect(200);
    assert_eq!(check("accepted").await["messages"], json!(start["messages"].as_i64().unwrap() + 1));
    c.office.assigns(id, c.housing_unit, "请办理").await.expect(200);
    check("assigned").await;
    let reply = c.housing.replies(id, "已安排维修。").await.expect(201);
    c.moderator.approves(reply["id"].as_i64().unwrap()).await.expect(200);
    let answered = check("answered").await;
    assert_eq!(answered["replied"], json!(start["replied"].as_i64().unwrap() + 1));
    c.citizen.rates(id, "dissatisfied").await.expect(201);
    check("reopened").await;
    c.housing.transfers(id, c.transport_unit, "属交通部门职责").await.expect(200);
    check("transferred").await;
    let reply = c.transport.replies(id, "已修复路面。").await.expect(201);
    c.moderator.approves(reply["id"].as_i64().unwrap()).await.expect(200);
    check("answered again").await;
    c.citizen.rates(id, "satisfied").await.expect(201);
    let closed = check("closed").await;
    assert_eq!(closed["replied"], answered["replied"], "the first answer counts once");
    assert_eq!(closed["closed"], json!(start["closed"].as_i64().unwrap() + 1));

    // A rejected message never counts.
    let m = c.citizen.writes_message(c.leader, "440100", "重复留言", "与前一条重复。").await.expect(201);
    let id = m["id"].as_i64().unwrap();
    c.moderator.post(&format!("/api/v1/messages/{id}/reject"), json!({"reason": "重复"})).await.expect(200);
    assert_eq!(check("rejected").await, closed);
}

async fn bad_stats_queries_are_refused(backend: Backend) {
    let app = spawn_app(backend).await;
    for (path, field) in [
        ("/api/v1/stats/summary?from=2024", "to"),
        ("/api/v1/stats/summary?from=2024&to=2024-05", "to"),
        ("/api/v1/stats/summary?from=2025&to=2024", "to"),
        ("/api/v1/stats/summary?from=2024-13&to=2024-14", "from"),
        ("/api/v1/stats/summary?from=24&to=25", "from"),
        ("/api/v1/stats/summary?region=999999", "region"),
        ("/api/v1/stats/summary?region=440000&leader=1", "region"),
        ("/api/v1/stats/summary?unit=99999999", "unit"),
        ("/api/v1/stats/summary?domain=health&type=complaint", "domain"),
        ("/api/v1/stats/summary?domain=health&from=2024-01-01&to=2024-01-31", "from"),
        ("/api/v1/stats/trend?grain=day&from=2020-01-01&to=2024-01-01", "to"),
        ("/api/v1/stats/trend?grain=year&from=2024-01&to=2024-02", "from"),
        ("/api/v1/stats/trend?grain=all", "grain"),
        ("/api/v1/stats/trend?grain=day&leader=1&from=2024-01-01&to=2024-01-31", "from"),
        ("/api/v1/stats/breakdown?by=unit&leader=1", "by"),
        ("/api/v1/stats/breakdown?by=domain&domain=health", "by"),
        ("/api/v1/stats/breakdown?by=unit&limit=0", "limit"),
        ("/api/v1/stats/leaders/1/monthly?month=2024", "month"),
    ] {
        let problem = app.get(path).await.problem(422, "validation_failed");
        assert_eq!(problem["errors"][0]["field"], field, "{path}: {problem}");
    }
    app.get("/api/v1/stats/breakdown?by=nothing").await.problem(400, "invalid_query");
    app.get("/api/v1/stats/trend?grain=week").await.problem(400, "invalid_query");
    app.get("/api/v1/stats/leaders/99999999/monthly").await.problem(404, "not_found");
    // An empty board answers zeros and nulls, not errors.
    let empty = app.get("/api/v1/stats/summary").await.expect(200);
    assert_eq!(empty["measures"]["messages"], 0);
    assert_eq!(empty["measures"]["reply_rate"], Value::Null);
}
