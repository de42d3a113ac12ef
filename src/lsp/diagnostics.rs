//! A document checked as `tailor check` checks a file: load (with included rule files read from
//! the open documents first, else from disk), then, when it loads, the analysis (dead and forced
//! values, rules that never fire) within a budget, all as LSP diagnostics per file.

use super::position::range;
use super::Documents;
use crate::budget::Budget;
use crate::diagnostic::Severity;
use crate::load::{load_str, FsIncluder, Includer, Loaded};
use crate::model::Model;
use crate::source::FileId;
use lsp_types::{Diagnostic, DiagnosticSeverity, Uri};
use std::collections::BTreeMap;
use std::str::FromStr;

/// How long the analysis may take after an edit: diagnostics must keep up with typing.
const ANALYSIS_MS: u64 = 1_000;

/// Per file read (the document first), its diagnostics; a file without any is listed with none,
/// so the editor clears what it showed before. `then` gets the load's diagnostics at once, and
/// the return value adds the analysis (which takes longer) when the catalog loads.
pub fn check_document(
    docs: &Documents,
    uri: &Uri,
    then: &mut dyn FnMut(Vec<(Uri, Vec<Diagnostic>)>, Option<&Model>),
) -> Option<Vec<(Uri, Vec<Diagnostic>)>> {
    let text = docs.get(uri.as_str())?;
    let path = path_of(uri);
    let mut loaded = load_str(&path, text, &OpenFirst { docs });
    then(per_file(&loaded, uri, &path), loaded.model.as_ref());
    let model = loaded.model.as_ref()?;
    let mut s = crate::engine::Session::new(model.clone()).ok()?;
    let found = crate::engine::analyze(&mut s, &Budget::millis(ANALYSIS_MS));
    if found.is_empty() {
        return None;
    }
    loaded.diagnostics.items.extend(found);
    Some(per_file(&loaded, uri, &path))
}

/// The catalog document `uri` is, or the open catalog that reads it (a rule file), loaded:
/// its URI, path, load and the file of `uri` among the loaded sources.
pub fn open_catalog(docs: &Documents, uri: &Uri) -> Option<(Uri, String, Loaded, FileId)> {
    let path = path_of(uri);
    let is_catalog = |p: &str| p.ends_with(".yaml") || p.ends_with(".yml");
    let load = |u: &Uri| {
        let p = path_of(u);
        let text = docs.get(u.as_str())?;
        Some((
            u.clone(),
            p.clone(),
            load_str(&p, text, &OpenFirst { docs }),
        ))
    };
    if is_catalog(&path) {
        let (u, p, loaded) = load(uri)?;
        return Some((u, p, loaded, FileId(0)));
    }
    docs.keys()
        .filter_map(|k| Uri::from_str(k).ok())
        .filter(|u| is_catalog(&path_of(u)))
        .filter_map(|u| load(&u))
        .find_map(|(u, p, loaded)| {
            let file = loaded.sources.files().find(|(_, f)| f.name == path)?.0;
            Some((u, p, loaded, file))
        })
}

/// The diagnostics of a load, per file.
fn per_file(loaded: &crate::load::Loaded, uri: &Uri, path: &str) -> Vec<(Uri, Vec<Diagnostic>)> {
    let mut per_file: BTreeMap<String, Vec<Diagnostic>> = BTreeMap::new();
    for (_, f) in loaded
        .sources
        .files()
        .filter(|(_, f)| f.embedding.is_none())
    {
        per_file.entry(f.name.clone()).or_default();
    }
    for d in &loaded.diagnostics.items {
        let (file, start, end) = loaded.sources.host_span(d.span);
        let src = loaded.sources.file(file);
        let severity = match d.severity {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
        };
        let mut message = d.message.clone();
        for n in &d.notes {
            message.push('\n');
            message.push_str(n);
        }
        per_file
            .entry(src.name.clone())
            .or_default()
            .push(Diagnostic {
                range: range(src, start, end),
                severity: Some(severity),
                source: Some("tailor".to_string()),
                message,
                ..Diagnostic::default()
            });
    }
    per_file
        .into_iter()
        .filter_map(|(name, ds)| Some((uri_of(&name, uri, path)?, ds)))
        .collect()
}

/// The file path a `file:` URI names (other schemes: the URI itself, for messages).
fn path_of(uri: &Uri) -> String {
    let s = uri.as_str();
    match s.strip_prefix("file://") {
        Some(p) => percent_decode(p),
        None => s.to_string(),
    }
}

/// The URI of a file the loader named: the document's own, or a `file:` URI of its path.
pub fn uri_of(name: &str, doc: &Uri, doc_path: &str) -> Option<Uri> {
    if name == doc_path {
        return Some(doc.clone());
    }
    // An imported model's YAML (`NAME (imported)`) is no file an editor can open.
    if name.ends_with(" (imported)") {
        return None;
    }
    Uri::from_str(&format!("file://{name}")).ok()
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Ok(b) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Included rule files: the editor's open copy when there is one, else the disk.
struct OpenFirst<'a> {
    docs: &'a Documents,
}

impl Includer for OpenFirst<'_> {
    fn resolve(&self, from: &str, path: &str) -> String {
        FsIncluder.resolve(from, path)
    }
    fn read(&self, name: &str) -> Result<String, String> {
        let open = self
            .docs
            .iter()
            .find(|(uri, _)| Uri::from_str(uri).is_ok_and(|u| path_of(&u) == name))
            .map(|(_, text)| text.clone());
        match open {
            Some(text) => Ok(text),
            None => FsIncluder.read(name),
        }
    }
}
