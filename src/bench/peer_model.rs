//! The tailor side of `tailor bench peers`: a model loaded and compiled, and the bridge to the
//! peers: for every value of every variable (an "item", `path=value`) the DIMACS literal a peer
//! tests for it, and the CNF file peers read (the DIMACS file itself, or tailor's encoding).

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::Instant;
use tailor::engine::answer::Configuration;
use tailor::engine::{parse_choice, Session};

/// What a model file is, which decides how peers see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Peers read the file; items map by variable name.
    Dimacs,
    /// flamapy reads the file; answers compare by feature name.
    Uvl,
    /// A YAML catalog: peers read tailor's encoding written as DIMACS.
    Catalog,
}

pub struct Subject {
    pub path: String,
    pub kind: Kind,
    pub session: Session,
    /// Milliseconds of each load (read, check, compile).
    pub load_ms: Vec<f64>,
}

/// Loads and compiles `path` `runs` times; the last session is kept. Errors are rendered text.
pub fn load(path: &str, runs: usize) -> Result<Subject, String> {
    let kind = match tailor::import::format_of(path) {
        Some(tailor::import::Format::Dimacs) => Kind::Dimacs,
        Some(tailor::import::Format::Uvl) => Kind::Uvl,
        _ => Kind::Catalog,
    };
    let mut load_ms = Vec::new();
    let mut session = None;
    for _ in 0..runs.max(1) {
        // The previous run's session is freed before the clock starts: a load is timed, not a
        // teardown (the peers' times hold none either).
        drop(session.take());
        let t0 = Instant::now();
        let mut loaded = tailor::load::load_file(path).map_err(|e| e.to_string())?;
        let Some(model) = loaded.model.take() else {
            let text = loaded.sources.render_all(&loaded.diagnostics);
            return Err(text.lines().take(3).collect::<Vec<_>>().join(" / "));
        };
        session = Some(Session::new(model).map_err(|e| e.to_string())?);
        load_ms.push(t0.elapsed().as_secs_f64() * 1e3);
    }
    let session = session.ok_or("no run")?;
    Ok(Subject {
        path: path.to_string(),
        kind,
        session,
        load_ms,
    })
}

/// A value of an answer as it is written in a choice (`true`, `x3`, `7`).
pub fn value_text(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Every `path=value` the answer lists (valid or blocked), for variables whose values are a list.
pub fn all_keys(c: &Configuration) -> Vec<String> {
    let mut out = Vec::new();
    for v in &c.variables {
        let Some(valid) = v.valid.as_array() else {
            continue;
        };
        let values = valid
            .iter()
            .chain(v.blocked.iter().map(|b| &b.value))
            .chain(v.unknown.iter());
        out.extend(values.map(|x| format!("{}={}", v.path, value_text(x))));
    }
    out
}

/// The `path=value` keys the answer reports valid.
pub fn valid_keys(c: &Configuration) -> HashSet<String> {
    let mut out = HashSet::new();
    for v in &c.variables {
        for x in v.valid.as_array().into_iter().flatten() {
            out.insert(format!("{}={}", v.path, value_text(x)));
        }
    }
    out
}

/// Variable number by name from `c <n> <name>` comments (the first name of a number, the first
/// number of a name), and `v<n>` for every variable: how the importer names features.
fn dimacs_names(path: &str) -> Result<HashMap<String, i32>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
    let mut names = HashMap::new();
    let mut named = HashSet::new();
    let mut vars = 0;
    for line in text.lines() {
        let mut w = line.split_whitespace();
        match w.next() {
            Some("p") => vars = w.nth(1).and_then(|n| n.parse().ok()).unwrap_or(0),
            Some("c") => {
                if let (Some(Ok(n)), Some(name)) = (w.next().map(str::parse::<i32>), w.next()) {
                    if named.insert(n) {
                        names.entry(name.to_string()).or_insert(n);
                    }
                }
            }
            _ => {}
        }
    }
    for n in 1..=vars {
        names.entry(format!("v{n}")).or_insert(n);
    }
    Ok(names)
}

/// The peers' literal for each item: by name for DIMACS, tailor's own literal for catalogs.
pub fn items(s: &mut Subject, keys: &[String]) -> Result<Vec<(String, i32)>, String> {
    match s.kind {
        Kind::Uvl => Ok(Vec::new()),
        Kind::Dimacs => {
            let names = dimacs_names(&s.path)?;
            let mut out = Vec::with_capacity(keys.len());
            for k in keys {
                let (path, value) = k.rsplit_once('=').ok_or(format!("bad item {k}"))?;
                let name = path.trim_matches('"');
                let v = *names
                    .get(name)
                    .ok_or(format!("{name} is no variable of {}", s.path))?;
                match value {
                    "true" => out.push((k.clone(), v)),
                    "false" => out.push((k.clone(), -v)),
                    _ => return Err(format!("{k}: not a bool")),
                }
            }
            Ok(out)
        }
        Kind::Catalog => Ok(keys
            .iter()
            .filter_map(|k| {
                let c = parse_choice(&s.session.model, &mut s.session.enc, k).ok()?;
                match c.lits[..] {
                    [l] => Some((k.clone(), l.to_dimacs())),
                    _ => None,
                }
            })
            .collect()),
    }
}

/// The CNF peers read, and the items file they test (None: every literal of the file).
pub fn peer_files(
    s: &Subject,
    items: &[(String, i32)],
    dir: &Path,
) -> Result<(PathBuf, Option<PathBuf>), String> {
    if s.kind != Kind::Catalog {
        return Ok((PathBuf::from(&s.path), None));
    }
    let io = |e: std::io::Error| format!("{}: {e}", dir.display());
    std::fs::create_dir_all(dir).map_err(io)?;
    let enc = &s.session.enc;
    let (mut clauses, num_vars) = s.session.compiled_clause_form();
    clauses.extend(enc.selectors.iter().map(|l| vec![l.to_dimacs()]));
    let mut text = format!("p cnf {} {}\n", num_vars, clauses.len());
    for c in &clauses {
        for l in c {
            text.push_str(&l.to_string());
            text.push(' ');
        }
        text.push_str("0\n");
    }
    let stem = Path::new(&s.path)
        .file_stem()
        .and_then(|x| x.to_str())
        .unwrap_or("model");
    let cnf = dir.join(format!("{stem}.cnf"));
    std::fs::write(&cnf, text).map_err(io)?;
    let lits: Vec<i32> = items.iter().map(|(_, l)| *l).collect();
    let file = dir.join(format!("{stem}.items.json"));
    let json = serde_json::to_string(&lits).map_err(|e| e.to_string())?;
    std::fs::write(&file, json).map_err(io)?;
    Ok((cnf, Some(file)))
}
