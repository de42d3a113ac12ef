//! `tailor serve` as a process: what needs a real socket, a clock or signals. A broken catalog is
//! reported at start-up and skipped; edits are picked up while it runs (a broken edit keeps the
//! last good version); the anonymous API is rate-limited per client address; SIGTERM stops it
//! gracefully.

use crate::util::root;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub struct Server {
    child: Child,
    pub url: String,
    log: Arc<Mutex<Vec<String>>>,
}

impl Server {
    /// Starts `tailor serve` on a free port with extra arguments; waits for its URL. Without
    /// `--db` among them it keeps quotes in a fresh temporary SQLite file.
    pub fn start(catalogs: &Path, extra: &[&str]) -> Server {
        Server::start_env(catalogs, extra, &[])
    }

    /// As [`Server::start`], with environment variables (e.g. TAILOR_SALES_TOKEN).
    pub fn start_env(catalogs: &Path, extra: &[&str], env: &[(&str, &str)]) -> Server {
        static STARTED: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_tailor"));
        cmd.arg("serve")
            .arg("--catalogs")
            .arg(catalogs)
            .args(["--addr", "127.0.0.1:0"])
            .args(extra);
        if !extra.contains(&"--db") {
            let n = STARTED.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            let db =
                std::env::temp_dir().join(format!("tailor-test-{}-{n}.db", std::process::id()));
            for ext in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{ext}", db.display()));
            }
            cmd.arg("--db").arg(db);
        }
        for (k, v) in env {
            cmd.env(k, v);
        }
        let mut child = cmd
            .stderr(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .expect("tailor serve starts");
        let log = Arc::new(Mutex::new(Vec::new()));
        let stderr = child.stderr.take().unwrap();
        let l = log.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                l.lock().unwrap().push(line);
            }
        });
        let mut server = Server {
            child,
            url: String::new(),
            log,
        };
        server.url = server
            .wait_for(|l| l.starts_with("tailor serve: http://"), 60)
            .trim_start_matches("tailor serve: ")
            .trim_end_matches('/')
            .to_string();
        server
    }

    /// The first log line that satisfies `f`, waiting up to `secs`.
    pub fn wait_for(&self, f: impl Fn(&str) -> bool, secs: u64) -> String {
        let t0 = Instant::now();
        loop {
            if let Some(l) = self.log.lock().unwrap().iter().find(|l| f(l)) {
                return l.clone();
            }
            assert!(
                t0.elapsed() < Duration::from_secs(secs),
                "server log never showed it; log:\n{}",
                self.log.lock().unwrap().join("\n")
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    pub fn log(&self) -> String {
        self.log.lock().unwrap().join("\n")
    }

    pub fn get(&self, path: &str) -> (u16, serde_json::Value) {
        answer(ureq::get(&format!("{}{path}", self.url)).call())
    }

    pub fn post(&self, path: &str, body: serde_json::Value) -> (u16, serde_json::Value) {
        answer(ureq::post(&format!("{}{path}", self.url)).send_json(body))
    }

    /// GET with a bearer token.
    pub fn get_as(&self, token: &str, path: &str) -> (u16, serde_json::Value) {
        answer(
            ureq::get(&format!("{}{path}", self.url))
                .set("Authorization", &format!("Bearer {token}"))
                .call(),
        )
    }

    /// POST with a bearer token.
    pub fn post_as(
        &self,
        token: &str,
        path: &str,
        body: serde_json::Value,
    ) -> (u16, serde_json::Value) {
        answer(
            ureq::post(&format!("{}{path}", self.url))
                .set("Authorization", &format!("Bearer {token}"))
                .send_json(body),
        )
    }

    /// Kills the process at once (SIGKILL), as a crash would.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn answer(r: Result<ureq::Response, ureq::Error>) -> (u16, serde_json::Value) {
    match r {
        Ok(res) => (res.status(), res.into_json().unwrap_or_default()),
        Err(ureq::Error::Status(code, res)) => (code, res.into_json().unwrap_or_default()),
        Err(e) => panic!("request failed: {e}"),
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A fresh catalogs folder with home-connect (and its rule file) in it.
fn folder(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("tailor-serve-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("rules")).unwrap();
    let src = root().join("catalogs");
    std::fs::copy(src.join("home-connect.yaml"), dir.join("home-connect.yaml")).unwrap();
    std::fs::copy(
        src.join("rules/home-connect-tv.rules"),
        dir.join("rules/home-connect-tv.rules"),
    )
    .unwrap();
    dir
}

fn versions(s: &Server) -> Vec<(String, String)> {
    let (_, j) = s.get("/api/catalogs");
    j.as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["id"].as_str().unwrap().to_string(),
                c["version"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn a_broken_catalog_is_reported_and_skipped_and_edits_are_picked_up() {
    let dir = folder("reload");
    std::fs::write(
        dir.join("broken.yaml"),
        "catalog: broken\ncomponents:\n  a:\n    features:\n      x: { one_of: [p, q] }\nrules: |\n  rule r: a.y = p\n",
    )
    .unwrap();
    let s = Server::start(&dir, &[]);
    let line = s.wait_for(|l| l.contains("broken.yaml") && l.contains("skipped"), 10);
    assert!(line.contains("has errors"), "{line}");
    assert!(s.log().contains("broken.yaml:7:"), "{}", s.log());
    assert_eq!(
        versions(&s),
        vec![("home-connect".into(), "2026.11".into())]
    );

    // An edit while running: the new version is served.
    let main = dir.join("home-connect.yaml");
    let text = std::fs::read_to_string(&main).unwrap();
    std::thread::sleep(Duration::from_millis(1100)); // a new modification time on coarse clocks
    std::fs::write(
        &main,
        text.replace("version: \"2026.11\"", "version: \"2026.12\""),
    )
    .unwrap();
    s.wait_for(|l| l.contains("catalog home-connect reloaded"), 15);
    assert_eq!(
        versions(&s),
        vec![("home-connect".into(), "2026.12".into())]
    );

    // An edit of an included rule file counts too; a broken one keeps the last good version.
    std::thread::sleep(Duration::from_millis(1100));
    std::fs::write(
        dir.join("rules/home-connect-tv.rules"),
        "rule oops: tv.nothing = 1\n",
    )
    .unwrap();
    s.wait_for(|l| l.contains("the last good version stays served"), 15);
    assert_eq!(
        versions(&s),
        vec![("home-connect".into(), "2026.12".into())]
    );
    let (code, j) = s.post(
        "/api/catalogs/home-connect/configure",
        serde_json::json!({"select": ["tv.package=cinema"]}),
    );
    assert_eq!(code, 200, "{j}");
    assert_eq!(j["catalog"]["version"], "2026.12");

    // Fixing the broken file serves the new catalog.
    std::fs::write(
        dir.join("broken.yaml"),
        "catalog: fixed\ncomponents:\n  a:\n    features:\n      x: { one_of: [p, q] }\n",
    )
    .unwrap();
    s.wait_for(|l| l.contains("catalog fixed reloaded"), 15);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn clients_past_the_rate_limit_get_429() {
    let dir = folder("rate");
    let s = Server::start(&dir, &["--rate-limit", "1", "--rate-burst", "3"]);
    let codes: Vec<u16> = (0..8).map(|_| s.get("/api/catalogs").0).collect();
    assert!(codes[..3].iter().all(|&c| c == 200), "{codes:?}");
    assert!(codes.contains(&429), "{codes:?}");
    // The page and catalog files are not rate-limited.
    let r = ureq::get(&format!("{}/catalogs/home-connect.yaml", s.url))
        .call()
        .unwrap();
    assert_eq!(r.status(), 200);
    let _ = std::fs::remove_dir_all(&dir);
}

#[cfg(unix)]
#[test]
fn sigterm_stops_the_server_gracefully() {
    let dir = folder("term");
    let mut s = Server::start(&dir, &[]);
    assert_eq!(s.get("/api/catalogs").0, 200);
    let pid = s.child.id().to_string();
    assert!(Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .unwrap()
        .success());
    let t0 = Instant::now();
    let status = loop {
        if let Some(st) = s.child.try_wait().unwrap() {
            break st;
        }
        assert!(
            t0.elapsed() < Duration::from_secs(10),
            "still running 10 s after SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "{status:?}");
    let _ = std::fs::remove_dir_all(&dir);
}
