//! Hover, go to definition, find references and rename: answers read off the loader's model,
//! the front end's symbol index (`front::symbols`) and the constraint graph, turned into LSP
//! shapes. Nothing here resolves a name itself.

use super::diagnostics::{open_catalog, uri_of};
use super::position::{offset, range};
use super::Documents;
use crate::front::symbols::{Symbol, Symbols};
use crate::graph::{ConstraintGraph, RuleRef};
use crate::load::Loaded;
use crate::model::{CompId, FeatId, FeatureKind, Model, Price, Target};
use crate::source::{FileId, Span};
use lsp_types::{
    GotoDefinitionResponse, Hover, HoverContents, Location, MarkupContent, MarkupKind, Position,
    TextEdit, Uri, WorkspaceEdit,
};
use std::collections::HashMap;

/// A document's catalog, loaded, with its symbols: what every request reads.
pub struct Nav {
    pub loaded: Loaded,
    pub symbols: Symbols,
    /// Which rules read what, for hover (built once per loaded version).
    graph: ConstraintGraph,
    /// The document's file among the loaded sources.
    pub file: FileId,
    /// The catalog document's URI and path (how loader names map back to URIs).
    pub catalog_uri: Uri,
    pub catalog_path: String,
}

impl Nav {
    /// The catalog that `uri` is (a YAML document) or is part of (a rule file an open catalog
    /// includes), loaded; None when it does not load.
    pub fn of(docs: &Documents, uri: &Uri) -> Option<Nav> {
        let (catalog_uri, catalog_path, loaded, file) = open_catalog(docs, uri)?;
        let model = loaded.model.as_ref()?;
        let symbols = Symbols::of(model, &loaded.sources);
        let graph = ConstraintGraph::build(model);
        Some(Nav {
            symbols,
            graph,
            loaded,
            file,
            catalog_uri,
            catalog_path,
        })
    }

    fn model(&self) -> &Model {
        self.loaded
            .model
            .as_ref()
            .expect("Nav holds loaded catalogs")
    }

    /// The symbol under the cursor.
    fn symbol_at(&self, pos: Position) -> Option<Symbol> {
        let src = self.loaded.sources.file(self.file);
        self.symbols
            .at(&self.loaded.sources, self.file, offset(src, pos))
    }

    fn location(&self, span: Span) -> Option<Location> {
        let (file, start, end) = self.loaded.sources.host_span(span);
        let src = self.loaded.sources.file(file);
        Some(Location {
            uri: uri_of(&src.name, &self.catalog_uri, &self.catalog_path)?,
            range: range(src, start, end),
        })
    }

    pub fn hover(&self, pos: Position) -> Option<Hover> {
        let text = match self.symbol_at(pos) {
            Some(s) => describe(self.model(), &self.graph, s.target),
            None => self
                .rule_at(pos)
                .map(|r| describe_rule(self.model(), &self.graph, r))?,
        };
        Some(Hover {
            contents: HoverContents::Markup(MarkupContent {
                kind: MarkupKind::Markdown,
                value: text,
            }),
            range: None,
        })
    }

    /// The rule whose statement holds the cursor (hover on its id or words).
    fn rule_at(&self, pos: Position) -> Option<RuleRef> {
        let src = self.loaded.sources.file(self.file);
        let at = offset(src, pos);
        let m = self.model();
        let inside = |span: Span| {
            let (f, s, e) = self.loaded.sources.host_span(span);
            f == self.file && s <= at && at <= e
        };
        (m.constraints
            .iter()
            .position(|c| inside(c.span))
            .map(RuleRef::Constraint))
        .or_else(|| {
            m.preferences
                .iter()
                .position(|p| inside(p.span))
                .map(RuleRef::Preference)
        })
        .or_else(|| {
            m.adjustments
                .iter()
                .position(|a| inside(a.span))
                .map(RuleRef::Adjustment)
        })
    }

    pub fn definition(&self, pos: Position) -> Option<GotoDefinitionResponse> {
        let s = self.symbol_at(pos)?;
        let span = self.symbols.definition(s.target)?;
        Some(GotoDefinitionResponse::Scalar(self.location(span)?))
    }

    pub fn references(&self, pos: Position, with_declaration: bool) -> Option<Vec<Location>> {
        let s = self.symbol_at(pos)?;
        let mut spans = Vec::new();
        if with_declaration {
            spans.extend(self.symbols.definition(s.target));
        }
        spans.extend(self.symbols.references(s.target));
        Some(
            spans
                .into_iter()
                .filter_map(|sp| self.location(sp))
                .collect(),
        )
    }

    /// The edits renaming what is under the cursor to `new_name`, or why not.
    // lsp-types keys workspace edits by `Uri`, which caches its parts in cells.
    #[allow(clippy::mutable_key_type)]
    pub fn rename(&self, pos: Position, new_name: &str) -> Result<WorkspaceEdit, String> {
        let s = self
            .symbol_at(pos)
            .ok_or("no component, feature or value here")?;
        let m = self.model();
        if !crate::front::is_ident(new_name) || crate::front::is_reserved(new_name) {
            return Err(format!("`{new_name}` is not a name a catalog can use (letters, digits and `_`, not a keyword)"));
        }
        let (old, taken) = match s.target {
            Target::Comp(c) => {
                let comp = m.comp(c);
                let parent = comp.parent.map(|p| m.comp(p));
                (
                    comp.key.clone(),
                    parent
                        .is_some_and(|p| siblings(m, p.children.as_slice(), &p.features, new_name)),
                )
            }
            Target::Feat(f) => {
                let feat = m.feat(f);
                let comp = m.comp(feat.comp);
                (
                    feat.key.clone(),
                    siblings(m, &comp.children, &comp.features, new_name),
                )
            }
            Target::Value(f, v) => {
                let values = m.feat(f).kind.values();
                (
                    values[v as usize].id.clone(),
                    values.iter().any(|x| x.id == new_name),
                )
            }
            _ => return Err("only components, features and values can be renamed".into()),
        };
        if taken {
            return Err(format!("`{new_name}` is already taken next to `{old}`"));
        }
        let mut changes: HashMap<Uri, Vec<TextEdit>> = HashMap::new();
        let spans = self
            .symbols
            .definition(s.target)
            .into_iter()
            .chain(self.symbols.references(s.target));
        for span in spans {
            let (file, start, end) = self.loaded.sources.host_span(span);
            let src = self.loaded.sources.file(file);
            // A span may hold quotes or a whole list item around the name: edit the name only.
            let Some(at) = word_in(&src.text[start..end], &old) else {
                continue;
            };
            let Some(uri) = uri_of(&src.name, &self.catalog_uri, &self.catalog_path) else {
                continue;
            };
            changes.entry(uri).or_default().push(TextEdit {
                range: range(src, start + at, start + at + old.len()),
                new_text: new_name.to_string(),
            });
        }
        Ok(WorkspaceEdit {
            changes: Some(changes),
            ..WorkspaceEdit::default()
        })
    }
}

/// Is `name` a part or feature of a component already?
fn siblings(m: &Model, children: &[CompId], features: &[FeatId], name: &str) -> bool {
    children.iter().any(|c| m.comp(*c).key == name)
        || features.iter().any(|f| m.feat(*f).key == name)
}

/// Where `word` stands in `text` as a whole word.
fn word_in(text: &str, word: &str) -> Option<usize> {
    let is_word = |c: char| c.is_ascii_alphanumeric() || c == '_';
    text.match_indices(word).map(|(i, _)| i).find(|&i| {
        !text[..i].chars().next_back().is_some_and(is_word)
            && !text[i + word.len()..].chars().next().is_some_and(is_word)
    })
}

/// What hover shows for a component, feature or value.
fn describe(m: &Model, g: &ConstraintGraph, t: Target) -> String {
    let label = |l: &Option<crate::front::raw::Label>| {
        l.as_ref()
            .map(|l| format!(" — {}", l.text(None)))
            .unwrap_or_default()
    };
    let (head, rules) = match t {
        Target::Comp(c) => {
            let comp = m.comp(c);
            let mut s = format!("**component** `{}`{}", comp.path, label(&comp.name));
            if comp.optional {
                s.push_str("\n\noptional");
            }
            if let Some((lo, hi)) = comp.instances {
                s.push_str(&format!("\n\ninstances {lo}..{hi}"));
            }
            s.push_str(&price(&comp.price, &m.currency));
            (s, g.rules_touching_component(c))
        }
        Target::Feat(f) => {
            let feat = m.feat(f);
            let kind = match &feat.kind {
                FeatureKind::OneOf(v) => format!("one_of, {} values", v.len()),
                FeatureKind::AnyOf { values, min, max } => {
                    format!("any_of, {} values, {min}..{max} chosen", values.len())
                }
                FeatureKind::Bool { .. } => "bool".to_string(),
                FeatureKind::Int { min, max, open, .. } => {
                    format!("int {}..{}", open.show(*min), open.show(*max))
                }
            };
            let mut s = format!("**feature** `{}`{}\n\n{kind}", feat.path, label(&feat.name));
            match &feat.kind {
                FeatureKind::Bool { price: p, .. } => s.push_str(&price(p, &m.currency)),
                FeatureKind::Int { price_each, .. } if !price_each.is_zero() => {
                    s.push_str(&format!("{} each", price(price_each, &m.currency)))
                }
                _ => {}
            }
            (s, g.rules_touching_feature(f))
        }
        Target::Value(f, v) => {
            let feat = m.feat(f);
            let value = &feat.kind.values()[v as usize];
            let mut s = format!(
                "**value** `{}={}`{}",
                feat.path,
                value.id,
                label(&value.name)
            );
            s.push_str(&price(&value.price, &m.currency));
            (s, g.rules_touching_feature(f))
        }
        _ => return String::new(),
    };
    if rules.is_empty() {
        return format!("{head}\n\nno rule touches it");
    }
    let list: Vec<String> = rules.iter().map(|r| rule_line(m, *r)).collect();
    format!("{head}\n\nrules that touch it:\n{}", list.join("\n"))
}

fn describe_rule(m: &Model, g: &ConstraintGraph, r: RuleRef) -> String {
    let reads: Vec<String> = g
        .reads(r)
        .iter()
        .map(|n| format!("`{}`", crate::graph::node_label(m, *n)))
        .collect();
    format!(
        "**{}** {}\n\nreads {}",
        r.kind(),
        rule_line(m, r),
        reads.join(", ")
    )
}

fn rule_line(m: &Model, r: RuleRef) -> String {
    let message = match r {
        RuleRef::Constraint(i) => m.constraints[i].message.as_deref(),
        RuleRef::Preference(i) => m.preferences[i].message.as_deref(),
        RuleRef::Adjustment(i) => m.adjustments[i].message.as_deref(),
    };
    match message {
        Some(msg) => format!("- `{}`: {msg}", r.id(m)),
        None => format!("- `{}`", r.id(m)),
    }
}

fn price(p: &Price, currency: &str) -> String {
    let mut parts = Vec::new();
    if !p.once.is_zero() {
        parts.push(format!("{} {currency} once", p.once));
    }
    if !p.monthly.is_zero() {
        parts.push(format!("{} {currency} monthly", p.monthly));
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!("\n\nprice: {}", parts.join(", "))
    }
}
