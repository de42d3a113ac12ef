//! The HTTP API of `tailor serve` (cli.md): every endpoint and error case through the router
//! itself (no sockets), answers equal to the library's (= the CLI's JSON), and the OpenAPI
//! document listing every route.

use crate::util::root;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use serde_json::{json, Value as Json};
use std::sync::Arc;
use tailor::serve::{router, Catalogs, Config, State};
use tower::ServiceExt;

fn app() -> axum::Router {
    let config = Config {
        catalogs: root().join("catalogs"),
        // The rate limit needs the client's address, which only a real socket has: it is tested
        // on a running server (serve_process.rs).
        rate_per_second: 0,
        ..Config::default()
    };
    let catalogs = Catalogs::load_dir(&config.catalogs, config.budget_ms, |_| {});
    router(Arc::new(State {
        config,
        catalogs,
        store: None,
    }))
}

fn call(method: &str, uri: &str, body: Option<String>) -> (StatusCode, Json) {
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let mut req = Request::builder().method(method).uri(uri);
        if body.is_some() {
            req = req.header("content-type", "application/json");
        }
        let req = req
            .body(body.map(Body::from).unwrap_or_else(Body::empty))
            .unwrap();
        let res = app().oneshot(req).await.unwrap();
        let status = res.status();
        let bytes = axum::body::to_bytes(res.into_body(), usize::MAX)
            .await
            .unwrap();
        let json = serde_json::from_slice(&bytes).unwrap_or(Json::Null);
        (status, json)
    })
}

/// The library's answer, as the CLI prints it.
fn library(f: impl FnOnce(&mut tailor::api::Configurator) -> Json) -> Json {
    let loaded =
        tailor::load::load_file(root().join("catalogs/home-connect.yaml").to_str().unwrap())
            .unwrap();
    let mut k =
        tailor::api::Configurator::from_loaded(loaded, tailor::api::Limits::default()).unwrap();
    f(&mut k)
}

#[test]
fn catalogs_are_listed_with_id_name_version_hash() {
    let (s, j) = call("GET", "/api/catalogs", None);
    assert_eq!(s, StatusCode::OK);
    let ids: Vec<&str> = j
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert!(
        ids.contains(&"home-connect") && ids.contains(&"pc-builder"),
        "{ids:?}"
    );
    let hc = j
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "home-connect")
        .unwrap();
    assert_eq!(hc["name"]["de"], "Home-Connect-Pakete");
    assert!(hc["hash"].as_str().unwrap().starts_with("sha256:"));
    assert_eq!(hc["main"], "home-connect.yaml");
}

#[test]
fn a_catalog_comes_with_its_included_files_ready_for_the_browser() {
    let (s, j) = call("GET", "/api/catalogs/home-connect", None);
    assert_eq!(s, StatusCode::OK);
    assert_eq!(j["main"], "home-connect.yaml");
    let files = j["files"].as_object().unwrap();
    assert!(
        files.contains_key("rules/home-connect-tv.rules"),
        "{:?}",
        files.keys()
    );
    // The files form compiles to the same catalog (same hash) as the file on disk.
    let cf: tailor::api::CatalogFiles =
        serde_json::from_value(json!({"main": j["main"], "files": j["files"]})).unwrap();
    let k = tailor::api::Configurator::from_files(&cf, Default::default()).unwrap();
    assert_eq!(k.describe().catalog.hash, j["hash"].as_str().unwrap());
}

#[test]
fn configure_answers_as_the_library_does() {
    let (s, j) = call(
        "POST",
        "/api/catalogs/home-connect/configure",
        Some(r#"{"select": ["tv.package=cinema"]}"#.into()),
    );
    assert_eq!(s, StatusCode::OK);
    let want = library(|k| {
        serde_json::to_value(k.configure(&["tv.package=cinema".into()], false).unwrap()).unwrap()
    });
    assert_eq!(j, want);
    let (_, r) = call(
        "POST",
        "/api/catalogs/home-connect/configure",
        Some(r#"{"select": ["tv.package=cinema", "internet.speed=s100"], "reasons": true}"#.into()),
    );
    assert_eq!(r["consistent"], false);
    assert_eq!(r["conflict"]["rules"], json!(["cinema_bandwidth"]));
}

#[test]
fn explain_complete_and_count_answer() {
    let (s, e) = call(
        "POST",
        "/api/catalogs/home-connect/explain",
        Some(r#"{"select": ["tv.package=cinema"], "why": "internet.speed=s100"}"#.into()),
    );
    assert_eq!(s, StatusCode::OK);
    assert_eq!(e["verdict"], "blocked");
    assert_eq!(e["rules"][0]["id"], "cinema_bandwidth");
    let (s, c) = call(
        "POST",
        "/api/catalogs/home-connect/complete",
        Some(r#"{"select": ["tv"], "minimize": "monthly"}"#.into()),
    );
    assert_eq!(s, StatusCode::OK, "{c}");
    let want = library(|k| {
        serde_json::to_value(k.complete(&["tv".into()], Some("monthly"), None).unwrap()).unwrap()
    });
    assert_eq!(c["objective"], want["objective"]);
    let (s, n) = call(
        "POST",
        "/api/catalogs/home-connect/count",
        Some(r#"{"select": []}"#.into()),
    );
    assert_eq!(s, StatusCode::OK);
    let want = library(|k| serde_json::to_value(k.count(&[]).unwrap()).unwrap());
    assert_eq!(n, want);
}

#[test]
fn errors_are_4xx_with_the_message_and_diagnostics() {
    let err = |s: StatusCode, j: &Json, want: StatusCode, needle: &str| {
        assert_eq!(s, want, "{j}");
        let m = j["error"]["message"].as_str().unwrap();
        assert!(m.contains(needle), "{m}");
        assert!(j["error"]["diagnostics"].is_array());
    };
    let (s, j) = call("POST", "/api/catalogs/nope/configure", Some("{}".into()));
    err(s, &j, StatusCode::NOT_FOUND, "no catalog `nope`");
    let (s, j) = call("GET", "/api/nothing-here", None);
    err(s, &j, StatusCode::NOT_FOUND, "no such API route");
    let (s, j) = call(
        "POST",
        "/api/catalogs/home-connect/configure",
        Some("{not json".into()),
    );
    err(s, &j, StatusCode::BAD_REQUEST, "JSON");
    let (s, j) = call(
        "POST",
        "/api/catalogs/home-connect/configure",
        Some(r#"{"select": "tv"}"#.into()),
    );
    err(s, &j, StatusCode::UNPROCESSABLE_ENTITY, "select");
    let (s, j) = call(
        "POST",
        "/api/catalogs/home-connect/configure",
        Some(r#"{"select": ["tv.pakage=x"]}"#.into()),
    );
    err(s, &j, StatusCode::BAD_REQUEST, "did you mean `package`");
    let (s, j) = call(
        "POST",
        "/api/catalogs/home-connect/explain",
        Some(r#"{"select": []}"#.into()),
    );
    err(s, &j, StatusCode::UNPROCESSABLE_ENTITY, "why");
    let (s, j) = call(
        "POST",
        "/api/catalogs/home-connect/complete",
        Some(r#"{"minimize": "once", "maximize": "once"}"#.into()),
    );
    err(s, &j, StatusCode::BAD_REQUEST, "not both");
    let big = format!(r#"{{"select": ["{}"]}}"#, "x".repeat(1024 * 1024 + 10));
    let (s, j) = call("POST", "/api/catalogs/home-connect/configure", Some(big));
    err(s, &j, StatusCode::PAYLOAD_TOO_LARGE, "");
}

#[test]
fn cors_is_same_origin_unless_configured() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let preflight = |origins: Vec<String>| {
        rt.block_on(async {
            let config = Config {
                catalogs: root().join("catalogs"),
                rate_per_second: 0,
                cors_origins: origins,
                ..Config::default()
            };
            let catalogs = Catalogs::load_dir(&config.catalogs, config.budget_ms, |_| {});
            let app = router(Arc::new(State {
                config,
                catalogs,
                store: None,
            }));
            let req = Request::builder()
                .method("OPTIONS")
                .uri("/api/catalogs")
                .header("origin", "https://shop.example")
                .header("access-control-request-method", "POST")
                .body(Body::empty())
                .unwrap();
            let res = app.oneshot(req).await.unwrap();
            res.headers()
                .get("access-control-allow-origin")
                .map(|v| v.to_str().unwrap().to_string())
        })
    };
    assert_eq!(preflight(vec![]), None);
    assert_eq!(
        preflight(vec!["https://shop.example".into()]),
        Some("https://shop.example".into())
    );
    assert_eq!(preflight(vec!["https://other.example".into()]), None);
}

#[test]
fn the_openapi_document_lists_every_route() {
    let (s, doc) = call("GET", "/api/openapi.json", None);
    assert_eq!(s, StatusCode::OK);
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    let paths = doc["paths"].as_object().unwrap();
    for (method, path) in [
        ("get", "/api/catalogs"),
        ("get", "/api/catalogs/{id}"),
        ("post", "/api/catalogs/{id}/configure"),
        ("post", "/api/catalogs/{id}/complete"),
        ("post", "/api/catalogs/{id}/explain"),
        ("post", "/api/catalogs/{id}/count"),
        ("get", "/api/openapi.json"),
    ] {
        assert!(
            paths.get(path).and_then(|p| p.get(method)).is_some(),
            "{method} {path} missing"
        );
    }
    // And nothing the router does not serve: every documented route answers something but 404
    // "no such API route".
    for (path, item) in paths {
        let uri = path.replace("{id}", "home-connect");
        for method in item.as_object().unwrap().keys() {
            let body = (method == "post").then(|| r#"{"select": [], "why": "tv"}"#.to_string());
            let (_, j) = call(&method.to_uppercase(), &uri, body);
            assert_ne!(
                j["error"]["message"], "no such API route",
                "{method} {path}"
            );
        }
    }
    // The request bodies are described from the handlers' types.
    assert!(doc["components"]["schemas"]["SelectBody"].is_object());
}

#[test]
fn the_page_and_catalog_files_are_served() {
    let (s, _) = call("GET", "/catalogs/images/fibre.svg", None);
    assert_eq!(s, StatusCode::OK);
    let (s, _) = call("GET", "/catalogs/missing.svg", None);
    assert_eq!(s, StatusCode::NOT_FOUND);
}
