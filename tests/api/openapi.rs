//! The OpenAPI document is the contract: committed, generated from code, and true to the server.

use liuyan_api_tests::{Backend, spawn_app};
use serde_json::Value;

fn committed_path() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../openapi/openapi.json")
}

/// `UPDATE_OPENAPI=1 cargo test -p liuyan-api-tests openapi` rewrites the committed file.
#[test]
fn committed_spec_matches_the_code() {
    let generated = liuyan_http::openapi().to_pretty_json().unwrap() + "\n";
    if std::env::var("UPDATE_OPENAPI").is_ok() {
        std::fs::write(committed_path(), &generated).unwrap();
    }
    let committed = std::fs::read_to_string(committed_path()).unwrap_or_default();
    assert!(
        committed == generated,
        "openapi/openapi.json is stale: run UPDATE_OPENAPI=1 cargo test -p liuyan-api-tests --test api openapi"
    );
}

const METHODS: [&str; 5] = ["get", "post", "put", "patch", "delete"];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn served_spec_is_3_1_and_every_documented_route_exists() {
    let app = spawn_app(Backend::Sqlite).await;
    let spec = app.get("/api/v1/openapi.json").await.expect(200);
    assert!(spec["openapi"].as_str().unwrap().starts_with("3.1"));
    assert_eq!(spec["components"]["securitySchemes"]["bearer"]["scheme"], "bearer");
    assert_eq!(spec, serde_json::from_str::<Value>(&std::fs::read_to_string(committed_path()).unwrap()).unwrap());

    let paths = spec["paths"].as_object().unwrap();
    assert!(paths.len() >= 25);
    for (path, item) in paths {
        for method in METHODS.iter().filter(|m| item.get(**m).is_some()) {
            let op = &item[*method];
            let url = path.replace("{id}", "1").replace("{code}", "440000");
            let req = app.client.request(method.to_uppercase().parse().unwrap(), app.url(&url));
            let req = if *method == "get" { req } else { req.header("content-type", "application/json").body("{}") };
            let resp = app.send(req).await;
            // The route exists: whatever the answer, it is not the catch-all for unknown routes.
            assert_ne!(resp.body["code"], "route_not_found", "{method} {path} is documented but not served");
            assert!(resp.status < 500, "{method} {path} answered {}: {}", resp.status, resp.text);

            // Every operation documents its errors as problem+json, and protected ones their scheme.
            let responses = op["responses"].as_object().unwrap();
            for (status, response) in responses.iter().filter(|(s, _)| s.starts_with('4') || s.starts_with('5')) {
                let response = match response.get("$ref") {
                    Some(r) => &spec["components"]["responses"][r.as_str().unwrap().rsplit('/').next().unwrap()],
                    None => response,
                };
                assert!(
                    response["content"]["application/problem+json"].is_object(),
                    "{method} {path} {status} is not problem+json"
                );
            }
            if resp.status == 401 {
                assert!(
                    op["security"].is_array() || responses.contains_key("401"),
                    "{method} {path} answers 401 but documents no security"
                );
            }
            if op["security"].is_array() {
                assert!(responses.contains_key("401"), "{method} {path} is protected but documents no 401");
            }
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn docs_ui_is_served_without_network() {
    let app = spawn_app(Backend::Sqlite).await;
    let page = app.get("/docs/").await;
    assert_eq!(page.status, 200);
    assert!(page.text.contains("swagger"), "{}", &page.text[..page.text.len().min(300)]);
    let js = app.get("/docs/swagger-ui-bundle.js").await;
    assert_eq!(js.status, 200);
    assert!(js.text.len() > 100_000, "the bundled Swagger UI is served from the binary");
    assert_eq!(app.get("/healthz").await.expect(200)["status"], "ok");
    let res = app.client.get(app.url("/api/v1/regions/110000")).send().await.unwrap();
    let id = res.headers().get("x-request-id").expect("every answer names its request id");
    assert_eq!(id.to_str().unwrap().len(), 36, "a UUID");
    assert_eq!(app.get("/readyz").await.expect(200)["status"], "ok");
}
