//! Keeping going after a YAML structure error: the entry serde could not read (an unknown or
//! misplaced key, a value of the wrong type) is reported at its place and dropped, and the rest
//! is read again, so one run lists every such mistake and the rules are still checked against
//! what did load. Syntax errors (YAML that does not parse) still stop the load: there is no
//! tree to drop an entry from.

use super::raw::RawCatalog;
use super::yaml_error::{serde_path, strip_marks, yaml_error};
use super::yaml_index::YamlIndex;
use crate::diagnostic::Diagnostics;
use crate::source::{FileId, SourceFile, Span};
use serde_yaml::Value;

/// Entries dropped before giving up (each is one reported mistake).
const MAX_DROPS: usize = 50;

/// A catalog read with entries dropped.
pub struct Recovered {
    pub raw: RawCatalog,
    /// Where the entries that lost a part stand (their keys): what later checks say about
    /// them there (a feature left without a kind) follows from the mistake already reported.
    pub damaged: Vec<Span>,
    /// The components, features and values (`pc.ram`, `pc.cpu.i7`) that lost a part: if one
    /// did not load at all, a rule naming it repeats the mistake already reported.
    pub damaged_paths: Vec<String>,
}

/// The catalog read from `src` after `first` (serde's error on the whole text) was reported,
/// with every entry that fails dropped and reported; None when the YAML does not parse or the
/// catalog cannot be read without something it requires.
pub fn read_with_recovery(
    file: FileId,
    src: &SourceFile,
    index: &YamlIndex,
    first: &serde_yaml::Error,
    diags: &mut Diagnostics,
) -> Option<Recovered> {
    diags.items.extend(yaml_error(file, src, index, first));
    let mut tree: Value = serde_yaml::from_str(&src.text).ok()?;
    let first_text = first.to_string();
    let mut dropped: Vec<Vec<String>> = Vec::new();
    for round in 0..MAX_DROPS {
        // Written back as YAML and read as the text was: numbers keep their written form for the
        // exact decimal readers, and serde's message names the path that failed.
        let text = serde_yaml::to_string(&tree).ok()?;
        let err = match serde_yaml::from_str::<RawCatalog>(&text) {
            Ok(raw) => {
                let damaged = dropped
                    .iter()
                    .filter_map(|p| {
                        let parent: Vec<&str> =
                            p[..p.len() - 1].iter().map(String::as_str).collect();
                        index.get(&parent).and_then(|n| n.key)
                    })
                    .collect();
                let mut damaged_paths: Vec<String> =
                    dropped.iter().flat_map(|p| entry_paths(p)).collect();
                damaged_paths.sort();
                damaged_paths.dedup();
                return Some(Recovered {
                    raw,
                    damaged,
                    damaged_paths,
                });
            }
            Err(e) => e.to_string(),
        };
        // Its marks point into the text written back, not the user's file.
        let (message, _) = strip_marks(&err);
        let (at, what) = match message.split_once(": ") {
            Some((p, w)) if !p.contains(' ') => (p, w),
            _ => ("", message.as_str()),
        };
        let Some(mut path) = serde_path(at) else {
            return None; // a path serde could not name: nothing to drop
        };
        if let Some(field) = unknown_field(what) {
            path.push(field.to_string());
        }
        if path.is_empty() || dropped.contains(&path) {
            return None;
        }
        // A required part missing because an earlier drop took it: the entry goes too, quietly.
        let caused_by_drop =
            what.starts_with("missing field") && dropped.iter().any(|d| d.starts_with(&path));
        let same_as_first = round == 0 && first_text.contains(what);
        if !caused_by_drop && !same_as_first {
            let keys: Vec<&str> = path.iter().map(String::as_str).collect();
            let span = if unknown_field(what).is_some() {
                index.key_span(&keys)
            } else {
                index.value_span(&keys)
            };
            let span = span.unwrap_or(crate::diagnostic::file_start(file));
            diags.error(span, format!("invalid catalog: {message}"));
        }
        if !drop(&mut tree, &path) {
            return None;
        }
        dropped.push(path);
    }
    None
}

/// The dotted paths of the catalog entries on a YAML path: `components.pc.features.ram.int`
/// holds `pc` and `pc.ram`; a value under `one_of`/`any_of` is `feature.value`.
fn entry_paths(yaml: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    let mut dotted: Vec<&str> = Vec::new();
    for pair in yaml.windows(2) {
        if matches!(
            pair[0].as_str(),
            "components" | "features" | "one_of" | "any_of"
        ) {
            dotted.push(&pair[1]);
            out.push(dotted.join("."));
        }
    }
    out
}

/// The key of an "unknown field `x`" message.
fn unknown_field(message: &str) -> Option<&str> {
    message.strip_prefix("unknown field `")?.split('`').next()
}

/// Removes the entry at `path` from `tree`; false when there is none.
fn drop(tree: &mut Value, path: &[String]) -> bool {
    let Some((last, parents)) = path.split_last() else {
        return false;
    };
    let mut node = tree;
    for key in parents {
        node = match node {
            Value::Mapping(m) => match m.get_mut(key.as_str()) {
                Some(v) => v,
                None => return false,
            },
            Value::Sequence(s) => match key.parse::<usize>().ok().and_then(|i| s.get_mut(i)) {
                Some(v) => v,
                None => return false,
            },
            Value::Tagged(t) => &mut t.value,
            _ => return false,
        };
    }
    match node {
        Value::Mapping(m) => m.remove(last.as_str()).is_some(),
        Value::Sequence(s) => match last.parse::<usize>() {
            Ok(i) if i < s.len() => {
                s.remove(i);
                true
            }
            _ => false,
        },
        _ => false,
    }
}
