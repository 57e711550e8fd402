//! The pickers' reference data.

use liuyan_api_tests::{Backend, on_both_databases, spawn_app};

on_both_databases!(regions_leaders_and_units);

async fn regions_leaders_and_units(backend: Backend) {
    let app = spawn_app(backend).await;
    let provinces = app.get("/api/v1/regions?level=province").await.expect(200);
    assert_eq!(provinces.as_array().unwrap().len(), 31);
    let cities = app.get("/api/v1/regions?parent=440000").await.expect(200);
    let names: Vec<&str> = cities.as_array().unwrap().iter().map(|c| c["name"].as_str().unwrap()).collect();
    assert!(names.contains(&"广州市") && names.contains(&"深圳市"));
    assert_eq!(app.get("/api/v1/regions/440300").await.expect(200)["name"], "深圳市");

    let leaders = app.get("/api/v1/leaders?region=440000").await.expect(200);
    let titles: Vec<&str> = leaders.as_array().unwrap().iter().map(|l| l["name"].as_str().unwrap()).collect();
    assert_eq!(titles, ["广东省委书记", "广东省省长"]);

    let units = app.get("/api/v1/units?region=440100&domain=education").await.expect(200);
    assert_eq!(units["items"][0]["name"], "广州市教育局");
    let page = app.get("/api/v1/units?limit=5").await.expect(200);
    assert_eq!(page["items"].as_array().unwrap().len(), 5);
    let next =
        app.get(&format!("/api/v1/units?limit=5&cursor={}", page["next_cursor"].as_str().unwrap())).await.expect(200);
    assert!(next["items"][0]["id"].as_i64() > page["items"][4]["id"].as_i64());
    let named = app.get("/api/v1/units?q=人力资源&region=110000").await.expect(200);
    assert_eq!(named["items"][0]["name"], "北京市人力资源和社会保障局");
}
