//! The web configurator end to end, as customers see it: `tailor serve` with the built page
//! (`make web`), driven in headless Chromium by the scripts in `tests/web/` (screenshots in
//! tests/web/screenshots/).

use super::serve_process::Server;
use crate::util::root;
use std::path::Path;

/// home-connect step by step (`tests/web/e2e.mjs`): reasons, prices, a repair, undo/redo, URL
/// reload, complete, offline reload, keyboard only, axe-core audit, 375 px screenshot.
#[test]
fn the_page_works_in_chromium() {
    run_script("e2e.mjs", &root().join("catalogs"));
}

/// Big catalogs by others stay usable in the page: Renault Megane (194k table rows) and the
/// imported Linux model (6,467 features): search, lazy lists, clicks answered
/// (`tests/web/e2e_big.mjs`). The catalogs are linked from `../shared/data`, never copied.
#[test]
fn big_catalogs_stay_usable_in_chromium() {
    let Some(data) = crate::util::shared_data() else {
        return;
    };
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
    run_script("e2e_big.mjs", &dir);
    let _ = std::fs::remove_dir_all(&dir);
}

/// The golden quote documents (`tests/cases/quotes/*.quote.html`) in Chromium: axe audit, the
/// total as the JSON says, a screenshot and a one-page A4 PDF each (`tests/web/quote_print.mjs`).
#[test]
fn quote_documents_print_in_chromium() {
    let dir = root().join("tests/cases/quotes");
    let html = crate::util::files_with_ext(&dir, ".quote.html");
    assert!(html.len() >= 3, "expected the golden quote documents");
    let out = std::process::Command::new("node")
        .arg(root().join("tests/web/quote_print.mjs"))
        .args(&html)
        .output()
        .expect("node runs");
    let text = String::from_utf8_lossy(&out.stdout);
    eprintln!("{text}{}", String::from_utf8_lossy(&out.stderr));
    assert!(
        out.status.success(),
        "quote documents failed in Chromium:\n{text}"
    );
    assert!(text.contains(" 0 failed"), "{text}");
}

/// The sales view (`tests/web/sales.mjs`): sign-in, list, search, open, revise with a discount,
/// sent, accepted, order export, print view; axe audits and screenshots.
#[test]
fn the_sales_view_works_in_chromium() {
    const TOKEN: &str = "e2e-sales-token-123";
    run_script_env(
        "sales.mjs",
        &root().join("catalogs"),
        &[("TAILOR_SALES_TOKEN", TOKEN)],
    );
}

/// The catalog studio (`tests/web/studio.mjs`): mistakes of two kinds listed at their lines as
/// you type, a jump to one, the fix, and the configurator on the edited text; axe, screenshots.
#[test]
fn the_catalog_studio_works_in_chromium() {
    run_script("studio.mjs", &root().join("catalogs"));
}

/// Serves `catalogs` with the built page and runs `tests/web/<script>` against it; every check
/// must pass.
/// Instances with no maximum in the page (`tests/web/e2e_open.mjs`): a customer adds 12 bags,
/// past the 10 unrolled at first, and sees the engine's volume, price range and count for them.
#[test]
fn bags_with_no_maximum_can_be_added_in_chromium() {
    run_script("e2e_open.mjs", &root().join("tests/web/open-catalogs"));
}

fn run_script(script: &str, catalogs: &Path) {
    run_script_env(script, catalogs, &[]);
}

/// As [`run_script`], with environment variables for the server and the script.
fn run_script_env(script: &str, catalogs: &Path, env: &[(&str, &str)]) {
    let www = root().join("www/dist");
    assert!(
        www.join("index.html").exists(),
        "the page is not built: run `make web` first (make test does)"
    );
    assert!(
        Path::new("/usr/bin/chromium").exists(),
        "Chromium is missing: `apt-get install -y chromium` (make test does)"
    );
    let s = Server::start_env(
        catalogs,
        &["--www", www.to_str().unwrap(), "--rate-limit", "0"],
        env,
    );
    let out = std::process::Command::new("node")
        .arg(root().join("tests/web").join(script))
        .arg(&s.url)
        .env("TAILOR_BIN", env!("CARGO_BIN_EXE_tailor"))
        .envs(env.iter().copied())
        .output()
        .expect("node runs");
    let text = String::from_utf8_lossy(&out.stdout);
    eprintln!("{text}{}", String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "end-to-end checks failed:\n{text}");
    assert!(text.contains(" 0 failed"), "{text}");
}
