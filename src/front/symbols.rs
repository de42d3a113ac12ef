//! Where a loaded catalog defines its names and where its rules, tables and defaults name them:
//! the index behind the editor's hover, go to definition, find references and rename.
//!
//! The rules are read again with the checker that loaded them, this time noting every name it
//! resolves, so a reference is exactly what the loader understood (no second resolver).

use super::ast::Stmt;
use super::rule_text::parse_rules;
use super::statements::{add_statements, Additions};
use super::typecheck::Checker;
use super::yaml_index::YamlIndex;
use crate::diagnostic::Diagnostics;
use crate::model::{CompId, FeatId, Model, Target};
use crate::source::{FileId, SourceMap, Span};
use std::collections::HashMap;

/// A name in the sources and what it names.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Symbol {
    pub span: Span,
    pub target: Target,
}

/// Every definition and reference of a catalog's components, features and values.
#[derive(Debug, Default)]
pub struct Symbols {
    /// Where each component, feature and value is declared (its key or list item).
    pub defs: Vec<Symbol>,
    /// Where rules, table cells and defaults name one (each name of a path separately).
    pub refs: Vec<Symbol>,
}

impl Symbols {
    /// The symbols of `model`, loaded from `sources` whose first file is the YAML catalog.
    pub fn of(model: &Model, sources: &SourceMap) -> Symbols {
        let mut defs = Vec::new();
        for (i, c) in model.components.iter().enumerate().skip(1) {
            defs.push(Symbol {
                span: c.span,
                target: Target::Comp(CompId(i as u32)),
            });
        }
        for (i, f) in model.features.iter().enumerate() {
            let fid = FeatId(i as u32);
            defs.push(Symbol {
                span: f.span,
                target: Target::Feat(fid),
            });
            for (v, value) in f.kind.values().iter().enumerate() {
                defs.push(Symbol {
                    span: value.span,
                    target: Target::Value(fid, v as u32),
                });
            }
        }
        let mut refs = rule_refs(model, sources);
        refs.extend(yaml_default_refs(model, sources));
        Symbols { defs, refs }
    }

    /// The definition or reference whose span holds byte `offset` of host file `file`.
    pub fn at(&self, sources: &SourceMap, file: FileId, offset: usize) -> Option<Symbol> {
        self.defs.iter().chain(&self.refs).copied().find(|s| {
            let (f, start, end) = sources.host_span(s.span);
            f == file && start <= offset && offset <= end
        })
    }

    /// Where `target` is declared.
    pub fn definition(&self, target: Target) -> Option<Span> {
        self.defs
            .iter()
            .find(|s| s.target == target)
            .map(|s| s.span)
    }

    /// Where `target` is named, in source order.
    pub fn references(&self, target: Target) -> Vec<Span> {
        self.refs
            .iter()
            .filter(|s| s.target == target)
            .map(|s| s.span)
            .collect()
    }
}

/// The names the rule texts (every file after the catalog: its embedded block and includes)
/// resolve, read again by the checker.
fn rule_refs(model: &Model, sources: &SourceMap) -> Vec<Symbol> {
    let mut diags = Diagnostics::default();
    // A bundle's module files are catalogs, not rules; a module's rules block and the rule
    // files it includes are read under the module's component.
    let module_of = |f: FileId| {
        let name = &sources.file(f).name;
        model.modules.iter().find(|m| m.file == *name)
    };
    let rules_of = |name: &str| {
        model
            .modules
            .iter()
            .find(|m| m.rule_files.iter().any(|r| r == name))
    };
    let stmts: Vec<(Option<String>, Vec<Stmt>)> = sources
        .files()
        .skip(1)
        .filter(|(id, _)| module_of(*id).is_none())
        .map(|(id, f)| {
            let module = match &f.embedding {
                Some(e) => module_of(e.host),
                None => rules_of(&f.name),
            };
            let namespace = module.map(|m| m.component.clone());
            (namespace, parse_rules(id, &f.text, &mut diags))
        })
        .collect();
    let mut ck = Checker {
        model,
        sources,
        diags: &mut diags,
        scopes: Vec::new(),
        refs: Some(Vec::new()),
        damaged: Vec::new(),
        namespace: None,
    };
    let mut ids = HashMap::new();
    for (namespace, s) in &stmts {
        ck.namespace = namespace.clone();
        add_statements(&mut ck, s, &mut Additions::default(), &mut ids);
    }
    ck.refs
        .take()
        .unwrap_or_default()
        .into_iter()
        .map(|(span, target)| Symbol { span, target })
        .collect()
}

/// `default: v` under a feature in the YAML names value `v`.
fn yaml_default_refs(model: &Model, sources: &SourceMap) -> Vec<Symbol> {
    let Some((file, src)) = sources.files().next() else {
        return Vec::new();
    };
    let index = YamlIndex::build(file, src, &mut Diagnostics::default());
    let mut out = Vec::new();
    for (i, f) in model.features.iter().enumerate() {
        let mut path = yaml_path(model, f.comp);
        path.extend(["features".to_string(), f.key.clone(), "default".to_string()]);
        let keys: Vec<&str> = path.iter().map(String::as_str).collect();
        let mut at = |keys: &[&str]| {
            let Some(span) = index.value_span(keys) else {
                return;
            };
            let text = src.text[span.start..span.end].trim_matches(['"', '\'']);
            // (The index answers a list item's path with the scalar itself: once is enough.)
            if out.iter().any(|s: &Symbol| s.span == span) {
                return;
            }
            if let Some(v) = model.features[i].value_index(text) {
                out.push(Symbol {
                    span,
                    target: Target::Value(FeatId(i as u32), v),
                });
            }
        };
        at(&keys);
        // A list of defaults (any_of).
        for k in 0..f.kind.values().len() {
            let item = k.to_string();
            let mut list = keys.clone();
            list.push(&item);
            at(&list);
        }
    }
    out
}

/// The YAML keys leading to component `c` (empty for the root).
fn yaml_path(model: &Model, c: CompId) -> Vec<String> {
    let mut keys = Vec::new();
    let mut cur = Some(c);
    while let Some(x) = cur {
        let comp = model.comp(x);
        if comp.parent.is_none() {
            break;
        }
        keys.push(comp.key.clone());
        keys.push("components".to_string());
        cur = comp.parent;
    }
    keys.reverse();
    keys
}
