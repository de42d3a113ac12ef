//! Loading a catalog: YAML, embedded and included rule files, then resolution and type checking.

use super::ast::Stmt;
use super::build::Builder;
use super::raw::{RawCatalog, RawUse};
use super::recover::read_with_recovery;
use super::rule_text::parse_rules;
use super::statements::{add_statements, Additions};
use super::tail_rules::{self, TailRules};
use super::typecheck::Checker;
use super::yaml_index::{ScalarStyle, YamlIndex};
use crate::diagnostic::{file_start, Diagnostics};
use crate::model::Model;
use crate::source::{Embedding, FileId, SourceMap, Span};
use std::collections::HashMap;

/// How included rule files are found: the file system natively, nothing in the browser.
pub trait Includer {
    /// The name under which `path` (as written in `from`) is read; the same file gives the same name.
    fn resolve(&self, from: &str, path: &str) -> String;
    fn read(&self, name: &str) -> Result<String, String>;
}

/// Reads includes relative to the including file.
pub struct FsIncluder;

impl Includer for FsIncluder {
    fn resolve(&self, from: &str, path: &str) -> String {
        let base = std::path::Path::new(from)
            .parent()
            .unwrap_or(std::path::Path::new(""));
        let joined = base.join(path);
        std::fs::canonicalize(&joined)
            .map(|p| p.display().to_string())
            .unwrap_or_else(|_| joined.display().to_string())
    }
    fn read(&self, name: &str) -> Result<String, String> {
        std::fs::read_to_string(name).map_err(|e| e.to_string())
    }
}

/// For hosts without files (WASM): every include is an error.
pub struct NoIncludes;

impl Includer for NoIncludes {
    fn resolve(&self, _from: &str, path: &str) -> String {
        path.to_string()
    }
    fn read(&self, _name: &str) -> Result<String, String> {
        Err("includes are not available here; inline the rules".to_string())
    }
}

/// The result of a load: always the sources and diagnostics; a model when there were no errors.
#[derive(Debug)]
pub struct Loaded {
    pub sources: SourceMap,
    pub diagnostics: Diagnostics,
    pub model: Option<Model>,
}

/// Loads a YAML catalog from text; `name` is how diagnostics name the file. Files in other
/// languages go through `load_str` of the top-level `load` module, which picks their importer.
pub fn load_yaml(name: &str, text: &str, includer: &dyn Includer) -> Loaded {
    let mut sources = SourceMap::default();
    let mut diags = Diagnostics::default();
    let file = sources.add(name, text);
    let model = load_source(file, name, &mut sources, &mut diags, includer);
    finish(sources, diags, model)
}

/// The result of a load: no model after errors, diagnostics in reading order.
pub fn finish(sources: SourceMap, mut diags: Diagnostics, model: Option<Model>) -> Loaded {
    let model = if diags.has_errors() { None } else { model };
    // Report in reading order, whatever pass found them.
    diags.items.sort_by_key(|d| {
        let (f, start, _) = sources.host_span(d.span);
        (f, start)
    });
    Loaded {
        sources,
        diagnostics: diags,
        model,
    }
}

/// The model of YAML source `file` (already in `sources`, named `name`), its includes read
/// through `inc`; None after errors, which are in `diags`.
pub fn load_source(
    file: FileId,
    name: &str,
    sources: &mut SourceMap,
    diags: &mut Diagnostics,
    inc: &dyn Includer,
) -> Option<Model> {
    let mut chain = vec![inc.resolve("", name)];
    load_parts(file, name, sources, diags, inc, &mut chain).map(|p| p.model)
}

/// A loaded catalog with what a bundle using it takes along: its YAML (its own modules grafted
/// in) and its rule statements, each with the component its paths are read from ("": the root).
struct Parts {
    model: Model,
    raw: RawCatalog,
    stmts: Vec<(String, Vec<Stmt>)>,
}

/// [`load_source`], `chain` holding the catalogs being loaded (for cycles among modules).
fn load_parts(
    file: FileId,
    name: &str,
    sources: &mut SourceMap,
    diags: &mut Diagnostics,
    inc: &dyn Includer,
    chain: &mut Vec<String>,
) -> Option<Parts> {
    let (index, mut raw, (damaged, mut damaged_paths), tail) =
        match read_above_tail_rules(file, sources, diags) {
            Some((index, raw, tail)) => (index, raw, (Vec::new(), Vec::new()), Some(tail)),
            None => {
                // The index first: it reports duplicate keys, and places serde's errors.
                let index = YamlIndex::build(file, sources.file(file), diags);
                let text = &sources.file(file).text;
                let (raw, damaged): (RawCatalog, (Vec<Span>, Vec<String>)) =
                    match serde_yaml::from_str(text) {
                        Ok(r) => (r, (Vec::new(), Vec::new())),
                        Err(e) => {
                            let r =
                                read_with_recovery(file, sources.file(file), &index, &e, diags)?;
                            (r.raw, (r.damaged, r.damaged_paths))
                        }
                    };
                (index, raw, damaged, None)
            }
        };
    // Modules first: each becomes a component before the components are built.
    let mut module_stmts: Vec<(String, Vec<Stmt>)> = Vec::new();
    let mut modules = Vec::new();
    let mut placed: Vec<(String, Span)> = Vec::new();
    let mut module_models: Vec<Model> = Vec::new();
    for (key, u) in std::mem::take(&mut raw.uses) {
        let span = index.key_span(&["uses", &key]).unwrap_or(file_start(file));
        let errors = diags.error_count();
        let admitted = load_module(&key, &u, span, name, sources, diags, inc, chain).filter(|m| {
            diags.error_count() == errors
                && super::modules::admit(&key, &u, &raw, &m.raw, &m.model.hash, span, diags)
        });
        let Some(m) = admitted else {
            // Its mistakes are reported where they are; the bundle's rules that name it are not
            // reported again.
            damaged_paths.push(key);
            continue;
        };
        let m_model = m.model;
        placed.push((key.clone(), span));
        let file = inc.resolve(name, u.file());
        modules.extend(super::modules::recorded(&key, &file, &m_model));
        for (ns, st) in m.stmts {
            let ns = if ns.is_empty() {
                key.clone()
            } else {
                format!("{key}.{ns}")
            };
            module_stmts.push((ns, st));
        }
        super::modules::graft(&mut raw, &key, &u, m.raw);
        module_models.push(m_model);
    }
    let reported = diags.items.len();
    let mut b = Builder::new(file, &index, diags, &raw);
    b.catalog(&raw);
    let model = b.model;
    // What the builder says at an entry that lost a part repeats the mistake reported there.
    let mut k = 0;
    diags.items.retain(|d| {
        k += 1;
        k <= reported || !damaged.contains(&d.span)
    });

    // Rule texts: the embedded block, then `include:` files, each followed by its own includes.
    let mut stmts: Vec<Vec<Stmt>> = Vec::new();
    let mut state = Includes {
        chain: vec![inc.resolve("", name)],
        ..Includes::default()
    };
    if let Some(rules) = raw.rules.take() {
        let emb = match &tail {
            Some(t) => tail_embedding(file, sources, t, &rules),
            None => embedding(file, sources, &index, &rules),
        };
        let rf = sources.add_embedded(format!("{name} (rules)"), rules, emb);
        let parsed = parse_rules(rf, &sources.file(rf).text, diags);
        follow_includes(&parsed, name, sources, diags, inc, &mut state, &mut stmts);
        stmts.push(parsed);
    }
    for (i, path) in raw.include.iter().enumerate() {
        let span = index
            .value_span(&["include", &i.to_string()])
            .unwrap_or(file_start(file));
        include(
            path, span, name, sources, diags, inc, &mut state, &mut stmts,
        );
    }

    let mut model = model;
    for ((key, entry), m) in placed.iter().zip(&module_models) {
        super::modules::place(&mut model, key, *entry, m);
    }
    // Only entries that did not load at all: a typo under one that did is a mistake of its own.
    let damaged_paths: Vec<String> = damaged_paths
        .into_iter()
        .filter(|d| !model.has_path(d))
        .collect();
    let mut adds = Additions::default();
    let mut ids = HashMap::new();
    {
        let mut ck = Checker {
            model: &model,
            sources,
            diags,
            scopes: Vec::new(),
            refs: None,
            damaged: damaged_paths,
            namespace: None,
        };
        for s in &stmts {
            add_statements(&mut ck, s, &mut adds, &mut ids);
        }
        for (ns, s) in &module_stmts {
            ck.namespace = Some(ns.clone());
            add_statements(&mut ck, s, &mut adds, &mut ids);
        }
    }
    model.constraints = adds.constraints;
    model.preferences = adds.preferences;
    model.adjustments = adds.adjustments;
    for (f, v, _) in adds.defaults {
        model.features[f.index()].default = Some(v);
    }
    model.hash = sources.content_hash_from(file);
    model.modules = modules;
    note_module_rule_files(&mut model, &module_stmts, sources);
    let mut all_stmts: Vec<(String, Vec<Stmt>)> =
        stmts.into_iter().map(|s| (String::new(), s)).collect();
    all_stmts.extend(module_stmts);
    Some(Parts {
        model,
        raw,
        stmts: all_stmts,
    })
}

/// Reads module `key` (entry `u` under `uses:` of `from`, at `span`) as a catalog of its own.
#[allow(clippy::too_many_arguments)]
fn load_module(
    key: &str,
    u: &RawUse,
    span: Span,
    from: &str,
    sources: &mut SourceMap,
    diags: &mut Diagnostics,
    inc: &dyn Includer,
    chain: &mut Vec<String>,
) -> Option<Parts> {
    let name = inc.resolve(from, u.file());
    if let Some(c) = cycle(chain, &name) {
        diags.error(span, format!("module cycle: {c}"));
        return None;
    }
    let text = match inc.read(&name) {
        Ok(t) => t,
        Err(e) => {
            diags.error(
                span,
                format!("cannot read module `{key}` (`{}`): {e}", u.file()),
            );
            return None;
        }
    };
    let file = sources.add(name.clone(), text);
    chain.push(name.clone());
    let parts = load_parts(file, &name, sources, diags, inc, chain);
    chain.pop();
    parts
}

/// Include bookkeeping: the chain being followed (for cycles) and the files already loaded (diamonds load once).
#[derive(Default)]
struct Includes {
    chain: Vec<String>,
    done: std::collections::HashSet<String>,
}

#[allow(clippy::too_many_arguments)]
fn include(
    path: &str,
    span: Span,
    from: &str,
    sources: &mut SourceMap,
    diags: &mut Diagnostics,
    inc: &dyn Includer,
    state: &mut Includes,
    out: &mut Vec<Vec<Stmt>>,
) {
    let name = inc.resolve(from, path);
    if let Some(c) = cycle(&state.chain, &name) {
        diags.error(span, format!("include cycle: {c}"));
        return;
    }
    if state.done.contains(&name) {
        return;
    }
    let text = match inc.read(&name) {
        Ok(t) => t,
        Err(e) => {
            diags.error(span, format!("cannot include `{path}`: {e}"));
            return;
        }
    };
    let f = sources.add(name.clone(), text.clone());
    let parsed = parse_rules(f, &text, diags);
    state.chain.push(name.clone());
    follow_includes(&parsed, &name, sources, diags, inc, state, out);
    state.chain.pop();
    state.done.insert(name);
    out.push(parsed);
}

/// `a -> b -> a` when reading `name` from the end of `chain` (the files being read) closes a
/// cycle, by short names.
fn cycle(chain: &[String], name: &str) -> Option<String> {
    let pos = chain.iter().position(|c| c == name)?;
    let names: Vec<&str> = chain[pos..].iter().map(|s| short(s)).collect();
    Some(format!("{} -> {}", names.join(" -> "), short(name)))
}

fn short(name: &str) -> &str {
    name.rsplit(['/', '\\']).next().unwrap_or(name)
}

fn follow_includes(
    parsed: &[Stmt],
    from: &str,
    sources: &mut SourceMap,
    diags: &mut Diagnostics,
    inc: &dyn Includer,
    state: &mut Includes,
    out: &mut Vec<Vec<Stmt>>,
) {
    for s in parsed {
        if let Stmt::Include(i) = s {
            include(&i.path, i.span, from, sources, diags, inc, state, out);
        }
    }
}

/// The index and catalog of a file whose `rules: |` block ends it, read from the YAML above the
/// block and the block as text (`tail_rules`); None when that does not apply or the part above
/// has a mistake (the whole file is then read as YAML, which places it as before).
fn read_above_tail_rules(
    file: FileId,
    sources: &SourceMap,
    diags: &mut Diagnostics,
) -> Option<(YamlIndex, RawCatalog, TailRules)> {
    let src = sources.file(file);
    let tail = tail_rules::split(&src.text)?;
    let mut found = Diagnostics::default();
    let index = YamlIndex::build_prefix(file, src, tail.yaml_end, &mut found);
    let mut raw: RawCatalog = serde_yaml::from_str(&src.text[..tail.yaml_end]).ok()?;
    if found.has_errors() || raw.rules.is_some() {
        return None;
    }
    diags.items.extend(found.items);
    let mut tail = tail;
    raw.rules = Some(std::mem::take(&mut tail.rules));
    Some((index, raw, tail))
}

/// Maps the lines of a trailing rules block back to the catalog file.
fn tail_embedding(file: FileId, sources: &SourceMap, tail: &TailRules, rules: &str) -> Embedding {
    let src = sources.file(file);
    let line_origins = (0..rules.split('\n').count())
        .map(|i| {
            let l = (tail.first_line + i).min(src.line_count().saturating_sub(1));
            (src.line_start(l) + tail.indent).min(src.line_end(l + 1).max(src.line_start(l)))
        })
        .collect();
    Embedding {
        host: file,
        line_origins,
    }
}

/// Maps the lines of the `rules:` scalar back to the catalog file.
fn embedding(file: FileId, sources: &SourceMap, index: &YamlIndex, rules: &str) -> Embedding {
    let src = sources.file(file);
    let node = index.get(&["rules"]);
    let lines = rules.split('\n').count();
    let Some(node) = node else {
        return Embedding {
            host: file,
            line_origins: vec![0; lines],
        };
    };
    let at = node.value.start;
    let origins = match node.style {
        ScalarStyle::Literal | ScalarStyle::Folded => {
            // yaml-rust2 marks a block scalar after its header; the content starts on the line after
            // the `|` / `>` indicator that follows the key.
            let key_end = node.key.map(|k| k.end).unwrap_or(at);
            let indicator = src.text[key_end..]
                .find(['|', '>'])
                .map(|i| key_end + i)
                .unwrap_or(at);
            let first = src.line_index(indicator) + 1;
            let header = src.text.get(indicator + 1..).unwrap_or("");
            let indent = match indentation_indicator(header) {
                // `|2`: the content is indented that much more than the key's line.
                Some(n) => {
                    let key_line = src.line_start(src.line_index(node.key.map_or(at, |k| k.start)));
                    let key_indent = src.text[key_line..].len()
                        - src.text[key_line..].trim_start_matches(' ').len();
                    key_indent + n
                }
                None => (first..src.line_count())
                    .map(|l| {
                        let s = src.line_start(l);
                        let t = &src.text[s..src.line_end(l + 1)];
                        (t, t.len() - t.trim_start_matches(' ').len())
                    })
                    .find(|(t, _)| !t.trim().is_empty())
                    .map(|(_, n)| n)
                    .unwrap_or(0),
            };
            (0..lines)
                .map(|i| {
                    (src.line_start(first + i) + indent).min(
                        src.line_end((first + i + 1).min(src.line_count()))
                            .max(src.line_start(first + i)),
                    )
                })
                .collect()
        }
        ScalarStyle::Quoted => (0..lines)
            .map(|i| {
                if i == 0 {
                    at + 1
                } else {
                    src.line_start(src.line_index(at) + i)
                }
            })
            .collect(),
        _ => (0..lines)
            .map(|i| {
                if i == 0 {
                    at
                } else {
                    src.line_start(src.line_index(at) + i)
                }
            })
            .collect(),
    };
    Embedding {
        host: file,
        line_origins: origins,
    }
}

/// The digit of a block scalar header (`|2`, `>-1`, `|+3`), read from just after the `|` / `>`.
fn indentation_indicator(header: &str) -> Option<usize> {
    header
        .chars()
        .take_while(|c| matches!(c, '+' | '-' | '1'..='9'))
        .find_map(|c| c.to_digit(10))
        .map(|d| d as usize)
}

/// Which module each included rule file of the modules belongs to (the namespace its rules were
/// read under), for the editor. Embedded rules blocks are known by their host file instead.
fn note_module_rule_files(
    model: &mut Model,
    module_stmts: &[(String, Vec<Stmt>)],
    sources: &SourceMap,
) {
    for m in &mut model.modules {
        m.rule_files.clear();
    }
    for (ns, st) in module_stmts {
        let Some(m) = model.modules.iter_mut().find(|m| &m.component == ns) else {
            continue;
        };
        for s in st {
            let f = sources.file(s.span().file);
            if f.embedding.is_none() && !m.rule_files.contains(&f.name) {
                m.rule_files.push(f.name.clone());
            }
        }
    }
}
