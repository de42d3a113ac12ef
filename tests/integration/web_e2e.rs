//! The web configurator end to end, as customers see it: `tailor serve` with the built page
//! (`make web`), driven in headless Chromium by `tests/web/e2e.mjs` (configure step by step,
//! reasons, prices, a repair, undo/redo, URL reload, complete, offline reload, keyboard only,
//! axe-core audit, 375 px screenshot; screenshots in tests/web/screenshots/).

use super::serve_process::Server;
use crate::util::root;

#[test]
fn the_page_works_in_chromium() {
    let www = root().join("www/dist");
    assert!(
        www.join("index.html").exists(),
        "the page is not built: run `make web` first (make test does)"
    );
    assert!(
        std::path::Path::new("/usr/bin/chromium").exists(),
        "Chromium is missing: `apt-get install -y chromium` (make test does)"
    );
    let s = Server::start(
        &root().join("catalogs"),
        &["--www", www.to_str().unwrap(), "--rate-limit", "0"],
    );
    let out = std::process::Command::new("node")
        .arg(root().join("tests/web/e2e.mjs"))
        .arg(&s.url)
        .env("TAILOR_BIN", env!("CARGO_BIN_EXE_tailor"))
        .output()
        .expect("node runs");
    let text = String::from_utf8_lossy(&out.stdout);
    eprintln!("{text}{}", String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "end-to-end checks failed:\n{text}");
    assert!(text.contains(" 0 failed"), "{text}");
}

/// Big catalogs by others stay usable in the page: Renault Megane (194k table rows) and the
/// imported Linux model (6,467 features): search, lazy lists, clicks answered
/// (`tests/web/e2e_big.mjs`). The catalogs are linked from `../shared/data`, never copied.
#[test]
fn big_catalogs_stay_usable_in_chromium() {
    let Some(data) = crate::util::shared_data() else {
        return;
    };
    let www = root().join("www/dist");
    assert!(
        www.join("index.html").exists(),
        "the page is not built: run `make web` first (make test does)"
    );
    let dir = std::env::temp_dir().join(format!("tailor-big-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for (from, to) in [
        ("renault/megane.yaml", "megane.yaml"),
        (
            "dimacs/linux-2.6.33.3_knueppel2017.dimacs",
            "linux-2.6.33.3.dimacs",
        ),
    ] {
        #[cfg(unix)]
        std::os::unix::fs::symlink(data.join(from), dir.join(to)).unwrap();
        #[cfg(not(unix))]
        std::fs::copy(data.join(from), dir.join(to)).unwrap();
    }
    let s = Server::start(&dir, &["--www", www.to_str().unwrap(), "--rate-limit", "0"]);
    let out = std::process::Command::new("node")
        .arg(root().join("tests/web/e2e_big.mjs"))
        .arg(&s.url)
        .env("TAILOR_BIN", env!("CARGO_BIN_EXE_tailor"))
        .output()
        .expect("node runs");
    let text = String::from_utf8_lossy(&out.stdout);
    eprintln!("{text}{}", String::from_utf8_lossy(&out.stderr));
    drop(s);
    let _ = std::fs::remove_dir_all(&dir);
    assert!(out.status.success(), "end-to-end checks failed:\n{text}");
    assert!(text.contains(" 0 failed"), "{text}");
}
