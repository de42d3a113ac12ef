//! The UVL file's sections and its feature tree (indentation-based): features with their groups
//! and numeric attributes; constraint lines are collected for `constraint.rs`.

use super::scan::{blank_comments, cardinality, lines, Cursor, Line};
use crate::diagnostic::Diagnostics;
use crate::source::{FileId, Span};
use rust_decimal::Decimal;
use std::collections::HashMap;
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupKind {
    Mandatory,
    Optional,
    Or,
    Alternative,
    /// `[n..m]`; None is `*`.
    Card(u32, Option<u32>),
}

#[derive(Debug)]
pub struct Group {
    pub kind: GroupKind,
    pub children: Vec<usize>,
}

#[derive(Debug)]
pub struct Feature {
    pub name: String,
    pub parent: Option<usize>,
    pub groups: Vec<Group>,
    /// Numeric attributes with identifier names: kept in the catalog.
    pub attrs: Vec<(String, Decimal)>,
    /// Every attribute as written, with its number (None: not a number), for constraints.
    pub all_attrs: Vec<(String, Option<Decimal>)>,
    /// `Integer`, `Real` or `String` (the last two refused); None for Boolean features.
    pub typed: Option<String>,
    /// `cardinality [n..m]` other than `[1..1]`: its bounds and where it is written
    /// (`clones.rs`).
    pub card: Option<(u32, u32, Span)>,
}

impl Feature {
    /// An Integer feature: selected or not, and a number.
    pub fn is_integer(&self) -> bool {
        self.typed.as_deref() == Some("Integer")
    }
}

/// A constraint's text: the line(s) it spans, as offsets into the file.
#[derive(Debug)]
pub struct ConstraintText {
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Default)]
pub struct Tree {
    pub namespace: Option<String>,
    pub features: Vec<Feature>,
    pub constraints: Vec<ConstraintText>,
    /// Feature by name.
    pub index: HashMap<String, usize>,
}

impl Tree {
    /// The variable standing for Integer feature `f`'s number in a constraint's terms (past
    /// the features' own indices, which stand for their selection).
    pub fn value_var(&self, f: usize) -> usize {
        self.features.len() + f
    }

    /// The Integer feature whose number variable `v` is, if it is one.
    pub fn value_of(&self, v: usize) -> Option<usize> {
        v.checked_sub(self.features.len())
    }

    /// The catalog name of Integer feature `f`'s number: `<name> value`, primed while a
    /// feature already has that name.
    pub fn value_name(&self, f: usize) -> String {
        let mut name = format!("{} value", self.features[f].name);
        while self.index.contains_key(&name) {
            name.push('\'');
        }
        name
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Section {
    None,
    Namespace,
    Include,
    Imports,
    Features,
    Constraints,
}

#[derive(Clone, Copy)]
enum Node {
    Feature(usize),
    Group(usize, usize),
}

/// Reads sections and the feature tree; errors go to `diags`.
pub fn read(file: FileId, text: &str, diags: &mut Diagnostics) -> Tree {
    let clean = blank_comments(text);
    let ls = lines(&clean);
    let base = ls.first().map_or(0, |l| l.indent);
    let mut tree = Tree::default();
    let mut section = Section::None;
    let mut stack: Vec<(usize, Node)> = Vec::new();
    let mut open_parens = 0i64;
    for l in &ls {
        let word = l.text.split_whitespace().next().unwrap_or("");
        let keyword = match word {
            "namespace" => Some(Section::Namespace),
            "include" => Some(Section::Include),
            "imports" => Some(Section::Imports),
            "features" => Some(Section::Features),
            "constraints" => Some(Section::Constraints),
            _ => None,
        };
        if let (Some(k), true) = (keyword, l.indent <= base && open_parens == 0) {
            section = k;
            let rest = l.text[word.len()..].trim();
            match k {
                Section::Namespace => tree.namespace = Some(rest.trim_matches('"').to_string()),
                Section::Imports => diags.error(
                    Span::new(file, l.start, l.start + word.len()),
                    "UVL `imports` (models made of other UVL files) are not supported: import a single self-contained model",
                ),
                _ if !rest.is_empty() => diags.error(
                    Span::new(file, l.start + word.len(), l.start + l.text.len()),
                    format!("unexpected text after `{word}`"),
                ),
                _ => {}
            }
            continue;
        }
        match section {
            // Language levels the model declares: tailor reads what it supports, whatever is declared.
            Section::Include | Section::Imports => {}
            Section::Features => feature_line(file, l, &mut tree, &mut stack, diags),
            Section::Constraints => {
                let depth = paren_balance(l.text);
                match tree.constraints.last_mut() {
                    Some(c) if open_parens > 0 => c.end = l.start + l.text.len(),
                    _ => tree.constraints.push(ConstraintText {
                        start: l.start,
                        end: l.start + l.text.len(),
                    }),
                }
                open_parens = (open_parens + depth).max(0);
            }
            Section::None | Section::Namespace => diags.error(
                Span::new(file, l.start, l.start + l.text.len()),
                "expected a UVL section: `namespace`, `features` or `constraints`",
            ),
        }
    }
    tree
}

/// Open minus closed parentheses outside quotes.
fn paren_balance(s: &str) -> i64 {
    let mut d = 0;
    let mut quote = None;
    for c in s.chars() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '"' || c == '\'' => quote = Some(c),
            None if c == '(' => d += 1,
            None if c == ')' => d -= 1,
            None => {}
        }
    }
    d
}

fn feature_line(
    file: FileId,
    l: &Line,
    tree: &mut Tree,
    stack: &mut Vec<(usize, Node)>,
    diags: &mut Diagnostics,
) {
    while stack.last().is_some_and(|(ind, _)| *ind >= l.indent) {
        stack.pop();
    }
    let whole = Span::new(file, l.start, l.start + l.text.len());
    match stack.last().map(|(_, n)| *n) {
        Some(Node::Feature(f)) => {
            let mut c = Cursor::new(file, l.start, l.text);
            let Some(kind) = group_kind(&mut c) else {
                diags.error(whole, format!("expected a group under `{}`: mandatory, optional, or, alternative or [n..m]", tree.features[f].name));
                return;
            };
            if !c.at_end() {
                diags.error(
                    c.span(c.i, l.text.len()),
                    "unexpected text after the group keyword",
                );
            }
            tree.features[f].groups.push(Group {
                kind,
                children: Vec::new(),
            });
            let g = tree.features[f].groups.len() - 1;
            stack.push((l.indent, Node::Group(f, g)));
        }
        Some(Node::Group(f, g)) => {
            if let Some(id) = feature(file, l, Some(f), tree, diags) {
                tree.features[f].groups[g].children.push(id);
                stack.push((l.indent, Node::Feature(id)));
            }
        }
        None if tree.features.is_empty() => {
            if let Some(id) = feature(file, l, None, tree, diags) {
                stack.push((l.indent, Node::Feature(id)));
            }
        }
        None => diags.error(
            whole,
            "a second root feature: a UVL model has exactly one root",
        ),
    }
}

fn group_kind(c: &mut Cursor) -> Option<GroupKind> {
    c.skip_ws();
    if c.rest().starts_with('[') {
        let (inner, _) = c.block('[', ']')?;
        let (lo, hi) = cardinality(inner)?;
        return Some(GroupKind::Card(lo, hi));
    }
    let (w, _) = c.name()?;
    Some(match w.as_str() {
        "mandatory" => GroupKind::Mandatory,
        "optional" => GroupKind::Optional,
        "or" => GroupKind::Or,
        "alternative" => GroupKind::Alternative,
        _ => return None,
    })
}

/// A feature declaration: `[Type] name [cardinality [n..m]] [{attributes}]`.
fn feature(
    file: FileId,
    l: &Line,
    parent: Option<usize>,
    tree: &mut Tree,
    diags: &mut Diagnostics,
) -> Option<usize> {
    let mut c = Cursor::new(file, l.start, l.text);
    let (mut name, mut span) = c.name()?;
    let mut typed = None;
    if matches!(name.as_str(), "Boolean" | "Integer" | "Real" | "String") {
        let save = c.i;
        c.skip_ws();
        let next_is_name = !c.rest().starts_with(['{', '[']) && !c.at_end();
        c.i = save;
        if next_is_name && !c.rest().trim_start().starts_with("cardinality") {
            let type_span = span;
            let ty = name;
            (name, span) = c.name()?;
            if ty != "Boolean" {
                // An Integer feature is a selection and a number (an open `int`, see
                // translate.rs); Real and String values have no exact counterpart.
                let why = match ty.as_str() {
                    "Integer" => None,
                    "Real" => Some("a Real feature ranges over the real numbers, which tailor's integers and exact decimals of fixed scale cannot represent"),
                    _ => Some("a String feature's value is free text, which tailor's features cannot represent"),
                };
                if let Some(why) = why {
                    diags.error(
                        type_span,
                        format!("{ty} features are not supported (`{ty} {name}`, UVL's type level): {why}; the model is refused"),
                    );
                }
                typed = Some(ty);
            }
        }
    }
    if !crate::front::is_source_name(&name) {
        diags.error(
            span,
            format!("feature name `{name}` cannot be kept: tailor names may not contain `\"`, `.`, `[`, `]` or control characters, nor be empty or start or end with a space"),
        );
    }
    if tree.index.contains_key(&name) {
        diags.error(span, format!("feature `{name}` is declared twice"));
    } else {
        tree.index.insert(name.clone(), tree.features.len());
    }
    c.skip_ws();
    let mut card = None;
    if c.rest().starts_with("cardinality") {
        let at = c.i;
        c.i += "cardinality".len();
        let found = c.block('[', ']').and_then(|(inner, _)| cardinality(inner));
        let written = c.text[at..c.i].trim().to_string();
        match found {
            Some((1, Some(1))) => {}
            Some((lo, Some(hi))) if lo <= hi && hi > 0 => card = Some((lo, hi, c.span(at, c.i))),
            Some((_, None)) => diags.error(
                c.span(at, c.i),
                format!("feature cardinalities with no maximum (`{written}` on `{name}`) are not supported by the UVL importer; give a maximum (`[1..10]`); the model is refused"),
            ),
            _ => diags.error(
                c.span(at, c.i),
                format!("`{written}` on `{name}` is not a feature cardinality `[n..m]` with 0 <= n <= m and m >= 1"),
            ),
        }
    }
    let mut all_attrs = Vec::new();
    c.skip_ws();
    if c.rest().starts_with('{') {
        match c.block('{', '}') {
            Some((inner, s)) => all_attrs = attributes(file, inner, s.start + 1, diags),
            None => diags.error(c.span(c.i, l.text.len()), "unclosed `{` of attributes"),
        }
    }
    if !c.at_end() {
        diags.error(
            c.span(c.i, l.text.len()),
            format!("unexpected text after feature `{name}`"),
        );
    }
    let attrs = all_attrs
        .iter()
        .filter_map(|(k, v)| Some((k.clone(), (*v)?)))
        .filter(|(k, _)| crate::front::is_ident(k))
        .collect();
    tree.features.push(Feature {
        name,
        parent,
        groups: Vec::new(),
        attrs,
        all_attrs,
        card,
        typed,
    });
    Some(tree.features.len() - 1)
}

/// `{abstract, Price 2, Name 'x', Package {...}}`: every attribute with its number (None when
/// it is not one); `constraint(s)` attributes are constraints and refused rather than dropped.
fn attributes(
    file: FileId,
    inner: &str,
    at: usize,
    diags: &mut Diagnostics,
) -> Vec<(String, Option<Decimal>)> {
    let mut out = Vec::new();
    let mut c = Cursor::new(file, at, inner);
    while !c.at_end() {
        let Some((key, kspan)) = c.name() else {
            diags.error(c.span(c.i, c.i + 1), "expected an attribute name");
            return out;
        };
        if key == "constraint" || key == "constraints" {
            diags.error(kspan, "constraints written as feature attributes are not supported: move them to the `constraints` section");
        }
        c.skip_ws();
        let value_start = c.i;
        let r = c.rest();
        if r.starts_with('{') {
            c.block('{', '}');
        } else if r.starts_with('[') {
            c.block('[', ']');
        } else if let Some(q) = r.strip_prefix('\'') {
            c.i += q.find('\'').map_or(r.len(), |e| e + 2);
        } else if !r.starts_with(',') {
            let end = r.find([',', ' ', '\t']).unwrap_or(r.len());
            c.i += end;
        }
        let value = inner[value_start..c.i].trim();
        out.push((key, Decimal::from_str(value).ok()));
        c.skip_ws();
        if c.rest().starts_with(',') {
            c.i += 1;
        } else if !c.at_end() {
            diags.error(c.span(c.i, inner.len()), "expected `,` between attributes");
            return out;
        }
    }
    out
}
