//! Picks up edited, added and removed catalog files while the server runs: polls modification
//! times (no watcher dependency, works on every file system). A broken edit is reported and the
//! last good version stays served.

use super::catalogs::{catalog_files, mtime};
use super::State;
use std::sync::Arc;
use std::time::Duration;

pub async fn watch(state: Arc<State>, log: fn(&str)) {
    let every = Duration::from_millis(state.config.reload_ms.max(50));
    loop {
        tokio::time::sleep(every).await;
        let s = state.clone();
        // File reads and compiling are blocking work.
        let _ = tokio::task::spawn_blocking(move || check(&s, log)).await;
    }
}

/// One pass: reload every catalog whose files changed, load new files, drop deleted ones.
pub fn check(state: &State, log: fn(&str)) {
    let cats = &state.catalogs;
    let known: Vec<(std::path::PathBuf, String)> = cats
        .mains
        .read()
        .map(|m| m.iter().map(|(p, id)| (p.clone(), id.clone())).collect())
        .unwrap_or_default();
    for (main, id) in &known {
        if !main.exists() {
            cats.remove(main);
            log(&format!("catalog {id} removed ({})", main.display()));
            continue;
        }
        let Some(c) = cats.get(id) else { continue };
        let changed = c.stamps.iter().any(|(p, t)| mtime(p) != *t);
        if changed {
            reload(state, main, log);
        }
    }
    let failed = &cats.failed;
    for path in catalog_files(&cats.dir) {
        let is_known = known.iter().any(|(p, _)| *p == path);
        let stamp = mtime(&path);
        let seen_broken = failed
            .lock()
            .map(|f| f.get(&path) == Some(&stamp))
            .unwrap_or(false);
        if !is_known && !seen_broken {
            reload(state, &path, log);
        }
    }
}

fn reload(state: &State, path: &std::path::Path, log: fn(&str)) {
    match state.catalogs.load_one(path) {
        Ok(c) => {
            log(&format!("catalog {} reloaded ({})", c.id, path.display()));
            if let Ok(mut f) = state.catalogs.failed.lock() {
                f.remove(path);
            }
            state.catalogs.insert(path, c);
        }
        Err(e) => {
            log(&format!(
                "catalog {} has errors; the last good version stays served:\n{}",
                path.display(),
                e.rendered
            ));
            if let Ok(mut f) = state.catalogs.failed.lock() {
                f.insert(path.to_path_buf(), mtime(path));
            }
        }
    }
}
