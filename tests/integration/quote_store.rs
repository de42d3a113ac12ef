//! The quote store, one suite run against both backends: SQLite in a fresh file and PostgreSQL
//! at 127.0.0.1:5432 in a fresh database (`TAILOR_TEST_POSTGRES` overrides the server URL).
//! PostgreSQL missing is a failure, not a skip: `make test` installs and starts it.

use serde_json::json;
use std::sync::Arc;
use tailor::serve::store::{open, Approval, CatalogVersion, Database, NewRevision, StoreError};

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
}

/// The PostgreSQL server of the tests (its `postgres` database is used to create fresh ones).
pub fn postgres_server() -> String {
    std::env::var("TAILOR_TEST_POSTGRES")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".to_string())
}

/// A fresh, empty PostgreSQL database for one test; dropped by [`drop_postgres`].
pub async fn fresh_postgres(tag: &str) -> String {
    use sqlx::Connection;
    let server = postgres_server();
    let name = format!("tailor_{tag}_{}", std::process::id());
    let mut admin = sqlx::PgConnection::connect(&format!("{server}/test"))
        .await
        .unwrap_or_else(|e| {
            panic!("PostgreSQL at {server} (database `test`): {e}; `make test` starts one")
        });
    let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS {name}"))
        .execute(&mut admin)
        .await;
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&mut admin)
        .await
        .expect("create a test database");
    format!("{server}/{name}")
}

pub async fn drop_postgres(url: &str) {
    use sqlx::Connection;
    let (server, name) = url.rsplit_once('/').unwrap();
    if let Ok(mut admin) = sqlx::PgConnection::connect(&format!("{server}/test")).await {
        let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            .execute(&mut admin)
            .await;
    }
}

fn revision(selection: &[&str], by: &str) -> NewRevision {
    NewRevision {
        catalog_hash: "sha256:abc".to_string(),
        selection: json!(selection),
        discount: json!({ "once": "0", "monthly": "0" }),
        quote: json!({ "totals": { "currency": "EUR", "once": "10.00", "monthly": "5.00" } }),
        valid_until: "2027-01-05".to_string(),
        approval: Approval::None,
        created_at: tailor::serve::store::now(),
        created_by: by.to_string(),
    }
}

async fn suite(db: Arc<dyn Database>) {
    let v = CatalogVersion {
        hash: "sha256:abc".to_string(),
        catalog_id: "duo".to_string(),
        version: "1".to_string(),
        files: json!({ "main": "duo.yaml", "files": { "duo.yaml": "catalog: duo" } }),
    };
    db.put_catalog_version(&v).await.unwrap();
    db.put_catalog_version(&v)
        .await
        .expect("keeping a version twice is a no-op");
    assert_eq!(db.catalog_version("sha256:abc").await.unwrap(), Some(v));
    assert_eq!(db.catalog_version("sha256:none").await.unwrap(), None);

    let customer = json!({ "name": "ACME Corp", "email": "buy@acme.example" });
    db.create_quote(
        "q1",
        "duo",
        "link1",
        &customer,
        &revision(&["phones"], "customer"),
    )
    .await
    .unwrap();
    let q = db.quote("q1").await.unwrap().expect("stored");
    assert_eq!(q.customer, customer);
    assert_eq!(q.revisions.len(), 1);
    assert_eq!(q.revisions[0].selection, json!(["phones"]));
    assert_eq!(q.statuses[0].status, "draft");
    assert_eq!(db.quote_by_link("link1").await.unwrap(), Some(q));
    assert_eq!(db.quote_by_link("link2").await.unwrap(), None);
    assert!(
        db.create_quote("q1", "duo", "link9", &customer, &revision(&[], "x"))
            .await
            .is_err(),
        "ids are unique"
    );
    assert!(
        db.create_quote("q9", "duo", "link1", &customer, &revision(&[], "x"))
            .await
            .is_err(),
        "links are unique"
    );

    // Revisions and statuses append; eight writers at once each get their own number.
    let mut tasks = Vec::new();
    for i in 0..8 {
        let db = db.clone();
        tasks.push(tokio::spawn(async move {
            db.add_revision(
                "q1",
                &revision(&["phones", "support"], &format!("sales{i}")),
            )
            .await
            .unwrap()
        }));
    }
    let mut numbers = Vec::new();
    for t in tasks {
        numbers.push(t.await.unwrap());
    }
    numbers.sort();
    assert_eq!(numbers, (2..=9).collect::<Vec<i64>>());
    db.add_status("q1", "sent", &tailor::serve::store::now(), "alice")
        .await
        .unwrap();
    let mut pending = revision(&["support"], "bob");
    pending.approval = Approval::Pending;
    let n = db.add_revision("q1", &pending).await.unwrap();
    db.approve("q1", n, "carol").await.unwrap();
    assert!(db.approve("q1", n, "carol").await.is_err(), "approved once");
    let q = db.quote("q1").await.unwrap().unwrap();
    assert_eq!(q.revisions.len(), 10);
    assert_eq!(q.revisions[9].approval, Approval::Approved);
    assert_eq!(q.revisions[9].approved_by.as_deref(), Some("carol"));
    assert_eq!(
        q.statuses
            .iter()
            .map(|s| (s.status.as_str(), s.by.as_str()))
            .collect::<Vec<_>>(),
        vec![("draft", "customer"), ("sent", "alice")]
    );
    assert!(matches!(
        db.add_revision("nope", &revision(&[], "x")).await,
        Err(StoreError::NoQuote(_))
    ));
    assert!(matches!(
        db.add_status("nope", "sent", "t", "x").await,
        Err(StoreError::NoQuote(_))
    ));

    // The list: newest first, latest status and revision, searchable.
    db.create_quote(
        "q2",
        "bike",
        "link2",
        &json!({ "name": "Bob's Bikes" }),
        &revision(&[], "customer"),
    )
    .await
    .unwrap();
    let all = db.list(None, 50).await.unwrap();
    assert_eq!(all.len(), 2);
    let q1 = all.iter().find(|s| s.id == "q1").unwrap();
    assert_eq!((q1.status.as_str(), q1.revisions), ("sent", 10));
    assert_eq!(q1.totals["once"], "10.00");
    let found = db.list(Some("acme"), 50).await.unwrap();
    assert_eq!(
        found.iter().map(|s| s.id.as_str()).collect::<Vec<_>>(),
        vec!["q1"]
    );
    assert_eq!(db.list(Some("BIKE"), 50).await.unwrap().len(), 1);
    assert_eq!(db.list(None, 1).await.unwrap().len(), 1);
}

#[test]
fn the_sqlite_store_keeps_quotes() {
    let path = std::env::temp_dir().join(format!("tailor-store-{}.db", std::process::id()));
    let _ = std::fs::remove_file(&path);
    runtime().block_on(async {
        let db = open(path.to_str().unwrap()).await.unwrap();
        suite(db).await;
        // Reopening runs no migration twice and finds everything.
        let db = open(path.to_str().unwrap()).await.unwrap();
        assert_eq!(db.list(None, 50).await.unwrap().len(), 2);
    });
    for ext in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{ext}", path.display()));
    }
}

#[test]
fn the_postgres_store_keeps_quotes() {
    runtime().block_on(async {
        let url = fresh_postgres("store").await;
        let db = open(&url).await.unwrap();
        suite(db).await;
        let db = open(&url).await.unwrap();
        assert_eq!(db.list(None, 50).await.unwrap().len(), 2);
        drop_postgres(&url).await;
    });
}

#[test]
fn a_store_url_that_is_neither_is_refused() {
    runtime().block_on(async {
        assert!(matches!(open("mysql://x").await, Err(StoreError::Url(_))));
    });
}
