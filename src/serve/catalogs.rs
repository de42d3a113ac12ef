//! The catalogs a server offers: every catalog file in one folder, each with the files it
//! includes (as the browser receives them), its compiled sessions, and the state of its files on
//! disk for reloading. A catalog with errors is reported and skipped; a broken edit keeps the
//! last good version.

use super::pool::Pool;
use crate::api::{self, ApiError, CatalogFiles, Limits};
use crate::front::{Includer, Loaded};
use indexmap::IndexMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::SystemTime;

/// One catalog as served.
pub struct Catalog {
    pub id: String,
    pub name: IndexMap<String, String>,
    pub version: String,
    pub hash: String,
    /// Paths relative to the catalogs folder, main first.
    pub files: CatalogFiles,
    pub pool: Arc<Pool>,
    /// Every file read, with its modification time when read.
    pub stamps: Vec<(PathBuf, Option<SystemTime>)>,
}

/// Catalogs by id, replaced whole when one reloads.
#[derive(Default)]
pub struct Catalogs {
    by_id: RwLock<IndexMap<String, Arc<Catalog>>>,
    /// Main file path → id, to find what an edited file belongs to.
    pub(super) mains: RwLock<IndexMap<PathBuf, String>>,
    pub(super) dir: PathBuf,
    pub(super) budget_ms: u64,
    /// Files that failed to load, with the modification time they failed at (reported once).
    pub(super) failed: std::sync::Mutex<std::collections::HashMap<PathBuf, Option<SystemTime>>>,
}

/// Catalog files in the folder: YAML catalogs (and imported formats), not the JSON Schema.
pub(super) fn catalog_files(dir: &Path) -> Vec<PathBuf> {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut out: Vec<PathBuf> = rd
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .filter(|p| {
            let name = p.to_string_lossy().to_ascii_lowercase();
            [".yaml", ".yml", ".uvl", ".coom", ".cnf", ".dimacs"]
                .iter()
                .any(|e| name.ends_with(e))
        })
        .collect();
    out.sort();
    out
}

impl Catalogs {
    pub fn load_dir(dir: &Path, budget_ms: u64, log: fn(&str)) -> Catalogs {
        let cats = Catalogs {
            dir: dir.to_path_buf(),
            budget_ms,
            ..Default::default()
        };
        for path in catalog_files(dir) {
            match cats.load_one(&path) {
                Ok(c) => {
                    log(&format!("catalog {} ({}) loaded", c.id, path.display()));
                    cats.insert(&path, c);
                }
                Err(e) => {
                    log(&format!(
                        "catalog {} has errors and is skipped:\n{}",
                        path.display(),
                        e.rendered
                    ));
                    if let Ok(mut f) = cats.failed.lock() {
                        f.insert(path.clone(), mtime(&path));
                    }
                }
            }
        }
        cats
    }

    pub fn get(&self, id: &str) -> Option<Arc<Catalog>> {
        self.by_id.read().ok()?.get(id).cloned()
    }

    pub fn list(&self) -> Vec<Arc<Catalog>> {
        self.by_id
            .read()
            .map(|m| m.values().cloned().collect())
            .unwrap_or_default()
    }

    pub(super) fn insert(&self, main: &Path, c: Catalog) {
        let id = c.id.clone();
        if let Ok(mut m) = self.mains.write() {
            m.insert(main.to_path_buf(), id.clone());
        }
        if let Ok(mut m) = self.by_id.write() {
            m.insert(id, Arc::new(c));
        }
    }

    pub(super) fn remove(&self, main: &Path) {
        let id = self
            .mains
            .write()
            .ok()
            .and_then(|mut m| m.shift_remove(main));
        if let (Some(id), Ok(mut m)) = (id, self.by_id.write()) {
            m.shift_remove(&id);
        }
    }

    /// Reads and compiles one catalog file with everything it includes.
    pub(super) fn load_one(&self, path: &Path) -> Result<Catalog, ApiError> {
        let main = relative(&self.dir, path);
        let text = std::fs::read_to_string(path)
            .map_err(|e| ApiError::plain(format!("cannot read {}: {e}", path.display())))?;
        let recorder = Recording {
            dir: self.dir.clone(),
            read: Default::default(),
        };
        let loaded: Loaded = crate::load::load_str(&main, &text, &recorder);
        let mut files = IndexMap::from([(main.clone(), text)]);
        let mut stamps = vec![(path.to_path_buf(), mtime(path))];
        for (name, text) in recorder.read.into_inner().unwrap_or_default() {
            stamps.push((self.dir.join(&name), mtime(&self.dir.join(&name))));
            files.insert(name, text);
        }
        let files = CatalogFiles { main, files };
        let limits = Limits {
            millis: self.budget_ms,
            conflicts: None,
        };
        let first = api::Configurator::from_loaded(loaded, limits)?;
        let d = first.describe();
        Ok(Catalog {
            id: d.catalog.id.clone(),
            name: d.name.clone(),
            version: d.catalog.version.clone(),
            hash: d.catalog.hash.clone(),
            pool: Arc::new(Pool::new(first, files.clone(), limits)),
            files,
            stamps,
        })
    }
}

pub(super) fn mtime(p: &Path) -> Option<SystemTime> {
    std::fs::metadata(p).and_then(|m| m.modified()).ok()
}

/// `dir/a/b.yaml` → `a/b.yaml`, with `/` separators (as the browser names files).
fn relative(dir: &Path, p: &Path) -> String {
    p.strip_prefix(dir)
        .unwrap_or(p)
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Includes read from the catalogs folder (never outside it), remembering what was read so the
/// browser gets the same files.
struct Recording {
    dir: PathBuf,
    read: std::sync::Mutex<Vec<(String, String)>>,
}

impl Includer for Recording {
    fn resolve(&self, from: &str, path: &str) -> String {
        api::relative_to(from, path)
    }

    fn read(&self, name: &str) -> Result<String, String> {
        if name.starts_with("..") || name.starts_with('/') {
            return Err(format!(
                "`{name}` is outside the catalogs folder, which the server does not read"
            ));
        }
        let text = std::fs::read_to_string(self.dir.join(name)).map_err(|e| e.to_string())?;
        if let Ok(mut r) = self.read.lock() {
            r.push((name.to_string(), text.clone()));
        }
        Ok(text)
    }
}
