//! Helpers shared by the integration tests.

use std::path::PathBuf;

/// The project root (where Cargo.toml is).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `../shared/data` beside the checkout, when it exists. Tests that need it say so when it is absent.
pub fn shared_data() -> Option<PathBuf> {
    let p = root().join("..").join("shared").join("data");
    if p.is_dir() {
        Some(p)
    } else {
        eprintln!("note: ../shared/data is absent; tests on real models are skipped");
        None
    }
}

/// Every file under `dir` (recursively) whose name ends with `ext`, sorted.
pub fn files_with_ext(dir: &std::path::Path, ext: &str) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.to_string_lossy().ends_with(ext) {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// A session over catalog text that must load without a diagnostic.
pub fn session_of(name: &str, yaml: &str) -> tailor::engine::Session {
    let l = tailor::load::load_str(name, yaml, &tailor::front::NoIncludes);
    assert!(
        !l.diagnostics.has_errors(),
        "{}",
        l.sources.render_all(&l.diagnostics)
    );
    tailor::engine::Session::new(l.model.expect("loads")).expect("encodes")
}
