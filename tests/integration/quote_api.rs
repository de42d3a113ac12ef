//! The quote API of `tailor serve` over real sockets, on both stores: every endpoint and its
//! error cases, the lifecycle, discounts and approvals, a SIGKILL during a burst of quote
//! writes (every acknowledged quote is found after a restart), and two servers sharing one
//! PostgreSQL database.

use super::quote_store::{drop_postgres, fresh_postgres};
use super::serve_process::{answer, Server};
use serde_json::{json, Value as Json};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

const MANAGER: &str = "manager-token-0123456789";
const ALICE: &str = "alice-token-abcdefghij";

/// Removes a test's folder and users file when the test ends, unless it failed (then they are
/// left for a look).
struct Cleanup(PathBuf, PathBuf);

impl Drop for Cleanup {
    fn drop(&mut self) {
        if !std::thread::panicking() {
            let _ = std::fs::remove_dir_all(&self.0);
            let _ = std::fs::remove_file(&self.1);
        }
    }
}

/// A catalogs folder with the duo bundle (sales may give 5 % monthly without a manager) and a
/// users file with alice (sales), removed when the returned guard drops.
fn setup(tag: &str) -> (PathBuf, PathBuf, Cleanup) {
    let dir = std::env::temp_dir().join(format!("tailor-quotes-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let duo = std::fs::read_to_string(crate::util::root().join("tests/cases/quotes/duo.yaml"))
        .unwrap()
        .replace(
            "quote: { valid_days: 14 }",
            "quote: { valid_days: 14, max_discount: { monthly: 5 } }",
        );
    std::fs::write(dir.join("duo.yaml"), duo).unwrap();
    let users = dir.with_extension("users.yaml");
    let hash: String = {
        use sha2::Digest;
        sha2::Sha256::digest(ALICE.as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    };
    std::fs::write(
        &users,
        format!("- {{ name: alice, role: sales, token_sha256: \"{hash}\" }}\n"),
    )
    .unwrap();
    let cleanup = Cleanup(dir.clone(), users.clone());
    (dir, users, cleanup)
}

fn start(dir: &PathBuf, users: &PathBuf, db: &str) -> Server {
    Server::start_env(
        dir,
        &[
            "--rate-limit",
            "0",
            "--db",
            db,
            "--users",
            users.to_str().unwrap(),
        ],
        &[("TAILOR_SALES_TOKEN", MANAGER)],
    )
}

fn raw_post(s: &Server, path: &str, body: &str) -> (u16, Json) {
    answer(
        ureq::post(&format!("{}{path}", s.url))
            .set("Content-Type", "application/json")
            .send_string(body),
    )
}

fn new_quote(s: &Server, select: &[&str]) -> Json {
    let (code, q) = s.post(
        "/api/quotes",
        json!({ "catalog": "duo", "select": select, "customer": { "name": "ACME", "email": "a@acme.example" } }),
    );
    assert_eq!(code, 201, "{q}");
    q
}

fn api_suite(s: &Server) {
    // Created by anyone, priced by the server (as `tailor quote` prices it).
    let q = new_quote(s, &["phones", "support"]);
    let id = q["id"].as_str().unwrap().to_string();
    let secret = q["secret"].as_str().unwrap().to_string();
    assert!(
        id.len() == 32 && id.chars().all(|c| c.is_ascii_hexdigit()),
        "{id}"
    );
    assert_eq!(q["status"], "draft");
    assert_eq!(q["quote"]["totals"]["monthly"], "57.83");
    assert_eq!(q["quote"]["customer"], "ACME");
    let other = new_quote(s, &["support"]);
    assert_ne!(other["id"], q["id"]);

    // What is refused, and how.
    let cases: Vec<(&str, u16, Json)> = vec![
        (
            "unknown catalog",
            404,
            json!({ "catalog": "nope", "select": [] }),
        ),
        (
            "unknown choice",
            400,
            json!({ "catalog": "duo", "select": ["phonez"] }),
        ),
        (
            "inconsistent selection",
            400,
            json!({ "catalog": "duo", "select": ["phones", "!phones"] }),
        ),
        (
            "a client's price",
            422,
            json!({ "catalog": "duo", "select": [], "totals": { "once": "0.01" } }),
        ),
        (
            "customer not an object",
            400,
            json!({ "catalog": "duo", "customer": "ACME" }),
        ),
    ];
    for (what, code, body) in cases {
        let (got, answer) = s.post("/api/quotes", body);
        assert_eq!(got, code, "{what}: {answer}");
        assert!(answer["error"]["message"].is_string(), "{what}: {answer}");
    }
    assert_eq!(
        raw_post(s, "/api/quotes", "{\"catalog\": ").0,
        400,
        "malformed JSON"
    );
    // One byte over the limit: the server then has read the whole body when it refuses it.
    // A body well over the limit is refused while the client still writes, and the client
    // saw "Broken pipe" instead of the 413 (CI, 2026-12-07).
    let frame = "{\"catalog\":\"duo\",\"customer\":{\"note\":\"\"}}";
    let huge = frame.replace(
        "\"note\":\"\"",
        &format!("\"note\":\"{}\"", "x".repeat(1024 * 1024 + 1 - frame.len())),
    );
    assert_eq!(huge.len(), 1024 * 1024 + 1);
    assert_eq!(raw_post(s, "/api/quotes", &huge).0, 413, "oversized body");

    // Sales endpoints need a sales user's token.
    assert_eq!(s.get("/api/quotes").0, 401);
    assert_eq!(s.get_as("guess", "/api/quotes").0, 401);
    assert_eq!(s.get(&format!("/api/quotes/{id}")).0, 401);
    assert_eq!(
        s.post(
            &format!("/api/quotes/{id}/status"),
            json!({ "status": "sent" })
        )
        .0,
        401
    );
    let (code, list) = s.get_as(ALICE, "/api/quotes?q=acme");
    assert_eq!(code, 200);
    assert!(list["quotes"]
        .as_array()
        .unwrap()
        .iter()
        .any(|x| x["id"] == id.as_str()));
    assert_eq!(s.get_as(ALICE, "/api/quotes/0000").0, 404);
    let (_, one) = s.get_as(ALICE, &format!("/api/quotes/{id}"));
    assert_eq!(one["revisions"].as_array().unwrap().len(), 1);
    assert_eq!(one["revisions"][0]["created_by"], "customer");

    // The customer's link.
    let (code, mine) = s.get(&format!("/api/quote-links/{secret}"));
    assert_eq!(code, 200);
    assert_eq!(mine["id"], id.as_str());
    assert_eq!(s.get("/api/quote-links/not-the-secret").0, 404);

    // A discount beyond the catalog's limit by a sales user waits for a manager.
    let path = format!("/api/quotes/{id}/revisions");
    let (code, r) = s.post_as(ALICE, &path, json!({ "discount": { "monthly": "20" } }));
    assert_eq!(code, 201, "{r}");
    let last = &r["revisions"][1];
    assert_eq!(
        (last["approval"].as_str(), last["created_by"].as_str()),
        (Some("pending"), Some("alice"))
    );
    assert_eq!(last["quote"]["totals"]["monthly"], "46.26");
    assert_eq!(
        s.post_as(ALICE, &path, json!({ "discount": { "monthly": "150" } }))
            .0,
        400
    );
    let (code, mine) = s.get(&format!("/api/quote-links/{secret}"));
    assert_eq!(
        (code, mine["revision"].as_i64()),
        (200, Some(1)),
        "the customer sees no pending discount"
    );
    assert_eq!(
        s.post_as(
            ALICE,
            &format!("/api/quotes/{id}/status"),
            json!({ "status": "sent" })
        )
        .0,
        409
    );
    assert_eq!(
        s.post_as(
            ALICE,
            &format!("/api/quotes/{id}/approve"),
            json!({ "revision": 2 })
        )
        .0,
        403
    );
    let (code, r) = s.post_as(
        MANAGER,
        &format!("/api/quotes/{id}/approve"),
        json!({ "revision": 2 }),
    );
    assert_eq!(code, 200, "{r}");
    assert_eq!(r["revisions"][1]["approved_by"], "sales");
    // Within the limit: no approval needed.
    // A manager's own discount beyond the limit is approved by them at once.
    let (code, r) = s.post_as(MANAGER, &path, json!({ "discount": { "monthly": "10" } }));
    assert_eq!(code, 201, "{r}");
    assert_eq!(
        (
            r["revisions"][2]["approval"].as_str(),
            r["revisions"][2]["approved_by"].as_str()
        ),
        (Some("approved"), Some("sales"))
    );
    let (code, r) = s.post_as(ALICE, &path, json!({ "select": ["phones", "support", "support.hours=2"], "discount": { "monthly": "5" } }));
    assert_eq!(code, 201, "{r}");
    assert_eq!(r["revisions"][3]["approval"], "none");

    // The lifecycle; who did what is recorded; an accepted quote is frozen and is an order.
    let status = |to: &str| {
        s.post_as(
            ALICE,
            &format!("/api/quotes/{id}/status"),
            json!({ "status": to }),
        )
    };
    assert_eq!(status("accepted").0, 409, "a draft is not accepted");
    assert_eq!(status("bogus").0, 400);
    assert_eq!(s.get_as(ALICE, &format!("/api/quotes/{id}/order")).0, 409);
    assert_eq!(status("sent").0, 200);
    let (code, r) = status("accepted");
    assert_eq!(code, 200, "{r}");
    assert_eq!(r["status"], "accepted");
    let by: Vec<(&str, &str)> = r["statuses"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| (x["status"].as_str().unwrap(), x["by"].as_str().unwrap()))
        .collect();
    assert_eq!(
        by,
        vec![
            ("draft", "customer"),
            ("sent", "alice"),
            ("accepted", "alice")
        ]
    );
    assert_eq!(
        s.post_as(ALICE, &path, json!({ "select": [] })).0,
        409,
        "accepted is frozen"
    );
    assert_eq!(status("withdrawn").0, 409);
    let (code, o) = s.get_as(MANAGER, &format!("/api/quotes/{id}/order"));
    assert_eq!(code, 200);
    assert_eq!(o["order"]["revision"], 4);
    assert_eq!(o["order"]["accepted_by"], "alice");
    assert_eq!(o["order"]["totals"], r["revisions"][3]["quote"]["totals"]);
}

#[test]
fn the_quote_api_on_sqlite() {
    let (dir, users, _cleanup) = setup("api-sqlite");
    let db = dir.join("quotes.db");
    let s = start(&dir, &users, db.to_str().unwrap());
    api_suite(&s);
}

#[test]
fn the_quote_api_on_postgres() {
    let (dir, users, _cleanup) = setup("api-pg");
    let rt = tokio::runtime::Runtime::new().unwrap();
    let url = rt.block_on(fresh_postgres("api"));
    {
        let s = start(&dir, &users, &url);
        api_suite(&s);
    }
    rt.block_on(drop_postgres(&url));
}

/// Clients write quotes as fast as they can; the server is killed with SIGKILL mid-burst and
/// started again on the same store: every quote it acknowledged (201) is there, whole.
fn crash_test(dir: &PathBuf, users: &PathBuf, db: &str) {
    let mut s = start(dir, users, db);
    let acked: Arc<Mutex<Vec<(String, Json)>>> = Arc::default();
    let url = s.url.clone();
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let writers: Vec<_> = (0..6)
        .map(|w| {
            let (acked, url, stop) = (acked.clone(), url.clone(), stop.clone());
            std::thread::spawn(move || {
                let mut i = 0;
                while !stop.load(std::sync::atomic::Ordering::SeqCst) {
                    i += 1;
                    let body = json!({ "catalog": "duo", "select": ["phones"], "customer": { "name": format!("w{w}-{i}") } });
                    match ureq::post(&format!("{url}/api/quotes")).send_json(body) {
                        Ok(r) if r.status() == 201 => {
                            let j: Json = r.into_json().unwrap_or_default();
                            let id = j["id"].as_str().unwrap_or_default().to_string();
                            acked.lock().unwrap().push((id, j["quote"]["totals"].clone()));
                        }
                        _ => {}
                    }
                }
            })
        })
        .collect();
    std::thread::sleep(std::time::Duration::from_millis(1500));
    s.kill();
    stop.store(true, std::sync::atomic::Ordering::SeqCst);
    for w in writers {
        w.join().unwrap();
    }
    let acked = acked.lock().unwrap().clone();
    eprintln!("{db}: {} quotes acknowledged before the kill", acked.len());
    assert!(
        acked.len() >= 10,
        "only {} quotes were acknowledged before the kill",
        acked.len()
    );
    let s = start(dir, users, db);
    let (_, list) = s.get_as(MANAGER, "/api/quotes");
    let listed = list["quotes"].as_array().unwrap().len();
    assert!(
        listed >= acked.len().min(500),
        "{listed} listed, {} acknowledged",
        acked.len()
    );
    for (id, totals) in &acked {
        let (code, q) = s.get_as(MANAGER, &format!("/api/quotes/{id}"));
        assert_eq!(code, 200, "acknowledged quote {id} lost");
        assert_eq!(q["revisions"].as_array().unwrap().len(), 1);
        assert_eq!(&q["revisions"][0]["quote"]["totals"], totals);
        assert_eq!(q["statuses"][0]["status"], "draft");
    }
}

#[test]
fn acknowledged_quotes_survive_sigkill_on_sqlite() {
    let (dir, users, _cleanup) = setup("crash-sqlite");
    let db = dir.join("quotes.db");
    crash_test(&dir, &users, db.to_str().unwrap());
}

#[test]
fn acknowledged_quotes_survive_sigkill_on_postgres() {
    let (dir, users, _cleanup) = setup("crash-pg");
    let rt = tokio::runtime::Runtime::new().unwrap();
    let url = rt.block_on(fresh_postgres("crash"));
    crash_test(&dir, &users, &url);
    rt.block_on(drop_postgres(&url));
}

/// Two servers on one PostgreSQL database serve the same quotes, and revisions made on both at
/// once get distinct numbers.
#[test]
fn two_servers_share_one_postgres_database() {
    let (dir, users, _cleanup) = setup("two");
    let rt = tokio::runtime::Runtime::new().unwrap();
    let url = rt.block_on(fresh_postgres("two"));
    {
        let a = start(&dir, &users, &url);
        let b = start(&dir, &users, &url);
        let q = new_quote(&a, &["phones"]);
        let id = q["id"].as_str().unwrap().to_string();
        let (code, seen) = b.get_as(ALICE, &format!("/api/quotes/{id}"));
        assert_eq!(code, 200);
        assert_eq!(seen["revisions"][0]["quote"], q["quote"]);
        let path = format!("/api/quotes/{id}/revisions");
        let threads: Vec<_> = [a.url.clone(), b.url.clone()]
            .into_iter()
            .flat_map(|u| std::iter::repeat_n(u, 4))
            .map(|u| {
                let path = path.clone();
                std::thread::spawn(move || {
                    ureq::post(&format!("{u}{path}"))
                        .set("Authorization", &format!("Bearer {ALICE}"))
                        .send_json(json!({ "select": ["phones", "support"] }))
                        .map(|r| r.status())
                        .unwrap_or_else(|e| match e {
                            ureq::Error::Status(code, r) => {
                                eprintln!("{code}: {}", r.into_string().unwrap_or_default());
                                code
                            }
                            other => panic!("{other}"),
                        })
                })
            })
            .collect();
        for t in threads {
            assert_eq!(t.join().unwrap(), 201);
        }
        let (_, on_a) = a.get_as(ALICE, &format!("/api/quotes/{id}"));
        let numbers: Vec<i64> = on_a["revisions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["number"].as_i64().unwrap())
            .collect();
        assert_eq!(numbers, (1..=9).collect::<Vec<_>>());
        let (_, on_b) = b.get_as(ALICE, &format!("/api/quotes/{id}"));
        assert_eq!(on_a, on_b);
    }
    rt.block_on(drop_postgres(&url));
}

/// A price change and a new rule, before publishing (`impact`) and after (`revalidate`).
#[test]
fn revalidation_and_impact_report_broken_and_repriced_quotes() {
    let (dir, users, _cleanup) = setup("impact");
    let db = dir.join("quotes.db");
    let s = start(&dir, &users, db.to_str().unwrap());
    let both = new_quote(&s, &["phones", "support"])["id"]
        .as_str()
        .unwrap()
        .to_string();
    let one = new_quote(&s, &["phones"])["id"]
        .as_str()
        .unwrap()
        .to_string();
    let done = new_quote(&s, &["support"])["id"]
        .as_str()
        .unwrap()
        .to_string();
    for to in ["sent", "accepted"] {
        assert_eq!(
            s.post_as(
                ALICE,
                &format!("/api/quotes/{done}/status"),
                json!({ "status": to })
            )
            .0,
            200
        );
    }
    let text = std::fs::read_to_string(dir.join("duo.yaml")).unwrap();
    let files = |t: &str| json!({ "main": "duo.yaml", "files": { "duo.yaml": t } });
    // Support gets dearer: the quote with support is repriced, the other untouched, the
    // accepted one not looked at.
    let dearer = text.replace("price: { monthly: 24 }", "price: { monthly: 26 }");
    let (code, r) = s.post_as(ALICE, "/api/catalogs/duo/impact", files(&dearer));
    assert_eq!(code, 200, "{r}");
    assert_eq!(r["checked"], 2);
    let affected = r["affected"].as_array().unwrap();
    assert_eq!(affected.len(), 1, "{r}");
    assert_eq!(affected[0]["id"], both.as_str());
    assert_eq!(affected[0]["valid"], true);
    assert!(
        affected[0]["changes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["what"] == "totals.monthly" && c["old"] == "57.83" && c["new"] == "59.98"),
        "{r}"
    );
    // The same from the command line, on the store file the server writes.
    let next = dir.join("next");
    std::fs::create_dir_all(&next).unwrap();
    std::fs::write(next.join("duo.yaml"), &dearer).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_tailor"))
        .args([
            "impact",
            next.join("duo.yaml").to_str().unwrap(),
            "--db",
            db.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    let cli: Json = serde_json::from_slice(&out.stdout).unwrap_or(Json::Null);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(cli["affected"][0]["id"], both.as_str());
    assert_eq!(cli["checked"], 2);
    // A rule that forbids the pair breaks that quote, with the rule's words.
    let apart = text.replace(
        "rules: |\n",
        "rules: |\n  rule apart \"Phones and support are sold apart\": not (phones and support)\n",
    );
    let (_, r) = s.post_as(MANAGER, "/api/catalogs/duo/impact", files(&apart));
    let affected = r["affected"].as_array().unwrap();
    assert_eq!(affected.len(), 1, "{r}");
    assert_eq!(affected[0]["valid"], false);
    assert!(
        affected[0]["invalid"][0]["reason"]
            .as_str()
            .unwrap()
            .contains("sold apart"),
        "{r}"
    );
    // Refused: no token, broken files, another catalog's files.
    assert_eq!(s.post("/api/catalogs/duo/impact", files(&dearer)).0, 401);
    let (code, r) = s.post_as(
        ALICE,
        "/api/catalogs/duo/impact",
        files("catalog: duo\nfeatures: {"),
    );
    assert_eq!(code, 400, "{r}");
    assert_eq!(
        s.post_as(ALICE, "/api/catalogs/duo/impact", files("catalog: other\n"))
            .0,
        400
    );
    assert_eq!(
        s.post_as(ALICE, "/api/catalogs/nope/impact", files(&dearer))
            .0,
        404
    );
    // Published: revalidating the quote now reports the same change.
    std::fs::write(dir.join("duo.yaml"), &dearer).unwrap();
    let t0 = std::time::Instant::now();
    loop {
        let (_, r) = s.post_as(ALICE, &format!("/api/quotes/{both}/revalidate"), json!({}));
        if r["repriced"] == true {
            assert_eq!(r["revision"], 1);
            assert_eq!(r["quote"]["totals"]["monthly"], "59.98");
            break;
        }
        assert!(
            t0.elapsed().as_secs() < 20,
            "the edit was never picked up: {r}"
        );
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
    let (code, r) = s.post_as(ALICE, &format!("/api/quotes/{one}/revalidate"), json!({}));
    assert_eq!(
        (code, r["valid"].as_bool(), r["repriced"].as_bool()),
        (200, Some(true), Some(false)),
        "{r}"
    );
    assert_eq!(
        s.post(&format!("/api/quotes/{one}/revalidate"), json!({}))
            .0,
        401
    );
}

/// The load benchmark's short, bounded version (`make bench-quotes` runs 10,000 requests from 32
/// clients): 320 quote requests from 16 clients, every one answered 201 and found afterwards.
#[test]
fn a_burst_of_quote_requests_is_all_answered_and_kept() {
    let (dir, users, _cleanup) = setup("burst");
    let db = dir.join("quotes.db");
    let s = start(&dir, &users, db.to_str().unwrap());
    let threads: Vec<_> = (0..16)
        .map(|c| {
            let url = s.url.clone();
            std::thread::spawn(move || {
                (0..20)
                    .map(|i| {
                        let body = json!({ "catalog": "duo", "select": ["support"], "customer": { "name": format!("c{c}-{i}") } });
                        let r = ureq::post(&format!("{url}/api/quotes")).send_json(body).expect("answered");
                        assert_eq!(r.status(), 201);
                        r.into_json::<Json>().unwrap()["id"].as_str().unwrap().to_string()
                    })
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    let ids: Vec<String> = threads
        .into_iter()
        .flat_map(|t| t.join().unwrap())
        .collect();
    assert_eq!(ids.len(), 320);
    let (_, list) = s.get_as(MANAGER, "/api/quotes");
    assert_eq!(list["quotes"].as_array().unwrap().len(), 320);
    for id in ids.iter().step_by(16) {
        assert_eq!(s.get_as(MANAGER, &format!("/api/quotes/{id}")).0, 200);
    }
}
