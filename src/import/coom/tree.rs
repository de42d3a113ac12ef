//! The product unfolded into tailor's component tree: every use of a structure becomes its own
//! component, features with a cardinality other than 1 become components holding one `value`.

use super::ast::{Card, FieldType, Model};
use crate::diagnostic::Diagnostics;
use crate::source::Span;
use std::collections::HashMap;

/// The key of the one feature inside a component that wraps a feature with a cardinality.
pub const WRAPPED: &str = "value";
/// Unfolded components beyond this are refused (tailor unrolls every instance).
const MAX_NODES: usize = 20_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NodeCard {
    Root,
    One,
    Optional,
    Multi(u32, u32),
}

#[derive(Debug, Clone)]
pub enum LeafKind {
    /// Index into `Model::enumerations`.
    Enum(usize),
    Bool,
    Int(i64, i64),
}

#[derive(Debug, Clone)]
pub struct Leaf {
    pub key: String,
    pub kind: LeafKind,
}

#[derive(Debug)]
pub struct Node {
    /// The feature name in the parent; empty for the root.
    pub key: String,
    pub parent: Option<usize>,
    /// The structure it instantiates (None for wrappers).
    pub structure: Option<String>,
    pub card: NodeCard,
    /// `n..*`: no maximum; the card's maximum is a horizon (`Model::horizon_for`).
    pub open: bool,
    /// Features; a wrapper has exactly one, `value`.
    pub leaves: Vec<Leaf>,
    pub wrapper: bool,
    pub children: Vec<usize>,
    pub span: Span,
}

#[derive(Debug)]
pub struct Tree {
    pub nodes: Vec<Node>,
}

impl Tree {
    /// The nodes from the root (excluded) down to `n`.
    pub fn chain(&self, n: usize) -> Vec<usize> {
        let mut v = Vec::new();
        let mut cur = Some(n);
        while let Some(x) = cur {
            if x != 0 {
                v.push(x);
            }
            cur = self.nodes[x].parent;
        }
        v.reverse();
        v
    }

    pub fn is_multi(&self, n: usize) -> bool {
        matches!(self.nodes[n].card, NodeCard::Multi(..))
    }

    /// Instances of `structure` in the tree.
    pub fn instances_of(&self, structure: &str) -> Vec<usize> {
        (0..self.nodes.len())
            .filter(|&n| self.nodes[n].structure.as_deref() == Some(structure))
            .collect()
    }
}

/// Unfolds the product; errors (unknown types, unbounded cardinalities, recursion) go to `diags`.
pub fn build(m: &Model, diags: &mut Diagnostics) -> Option<Tree> {
    let before = diags.error_count();
    let derived = super::bounds::derive(m);
    let structs: HashMap<&str, usize> = m
        .structures
        .iter()
        .enumerate()
        .map(|(i, s)| (s.name.text.as_str(), i))
        .collect();
    let enums: HashMap<&str, usize> = m
        .enumerations
        .iter()
        .enumerate()
        .map(|(i, e)| (e.name.text.as_str(), i))
        .collect();
    for (i, s) in m.structures.iter().enumerate() {
        if let Some(j) = m.structures[..i]
            .iter()
            .position(|t| t.name.text == s.name.text)
        {
            let what = if s.name.text.is_empty() {
                "a second `product`".to_string()
            } else {
                format!("structure `{}` is declared twice", s.name.text)
            };
            let _ = j;
            diags.error(s.name.span, what);
        }
        if enums.contains_key(s.name.text.as_str()) {
            diags.error(
                s.name.span,
                format!("`{}` is both a structure and an enumeration", s.name.text),
            );
        }
    }
    for (i, e) in m.enumerations.iter().enumerate() {
        if m.enumerations[..i]
            .iter()
            .any(|f| f.name.text == e.name.text)
        {
            diags.error(
                e.name.span,
                format!("enumeration `{}` is declared twice", e.name.text),
            );
        }
    }
    let Some(&root) = structs.get("") else {
        diags.error(
            crate::diagnostic::file_start(diag_file(m)),
            "the model has no `product`",
        );
        return None;
    };
    let mut t = Tree {
        nodes: vec![Node {
            key: String::new(),
            parent: None,
            structure: Some(String::new()),
            card: NodeCard::Root,
            open: false,
            leaves: Vec::new(),
            wrapper: false,
            children: Vec::new(),
            span: m.structures[root].name.span,
        }],
    };
    // Depth-first with an explicit stack: (node, structure, structures on the way down).
    let mut stack: Vec<(usize, usize, Vec<usize>)> = vec![(0, root, vec![root])];
    while let Some((node, s, path)) = stack.pop() {
        for f in &m.structures[s].features {
            if t.nodes.len() > MAX_NODES {
                diags.error(
                    f.span,
                    format!("the product unfolds into more than {MAX_NODES} components"),
                );
                return None;
            }
            let open = f.card.is_some_and(|c| c.max.is_none());
            let Some(card) = card_of(f.card, diags) else {
                continue;
            };
            if t.nodes[node]
                .children
                .iter()
                .any(|&c| t.nodes[c].key == f.name.text)
                || t.nodes[node].leaves.iter().any(|l| l.key == f.name.text)
            {
                diags.error(
                    f.name.span,
                    format!("feature `{}` is declared twice", f.name.text),
                );
                continue;
            }
            let leaf_kind = match &f.ty {
                FieldType::Num {
                    decimals,
                    range,
                    span,
                } => {
                    let own = t.nodes[node].structure.clone().unwrap_or_default();
                    match (range, derived.get(&(own, f.name.text.clone()))) {
                        (None, Some(&(lo, hi))) => {
                            diags.warning(*span, format!("numeric feature `{}` has no range: {lo}-{hi}, the range of the formula its `imply` sets it to", f.name.text));
                            LeafKind::Int(lo, hi)
                        }
                        _ => match int_range(*decimals, *range, *span, &f.name.text, diags) {
                            Some((lo, hi)) => LeafKind::Int(lo, hi),
                            None => continue,
                        },
                    }
                }
                FieldType::Str(span) => {
                    diags.error(
                        *span,
                        format!(
                            "`string` feature `{}`: free text is not supported by the import",
                            f.name.text
                        ),
                    );
                    continue;
                }
                FieldType::Named(ty) if ty.text == "Bool" && !structs.contains_key("Bool") => {
                    LeafKind::Bool
                }
                FieldType::Named(ty) => {
                    if let Some(&e) = enums.get(ty.text.as_str()) {
                        LeafKind::Enum(e)
                    } else if let Some(&sub) = structs.get(ty.text.as_str()) {
                        if path.contains(&sub) {
                            diags.error(ty.span, format!("structure `{}` contains itself (through `{}`): the product would be infinite", ty.text, f.name.text));
                            continue;
                        }
                        let id = t.nodes.len();
                        t.nodes.push(Node {
                            key: f.name.text.clone(),
                            parent: Some(node),
                            structure: Some(ty.text.clone()),
                            card,
                            open,
                            leaves: Vec::new(),
                            wrapper: false,
                            children: Vec::new(),
                            span: f.span,
                        });
                        t.nodes[node].children.push(id);
                        let mut p = path.clone();
                        p.push(sub);
                        stack.push((id, sub, p));
                        continue;
                    } else {
                        diags.error(
                            ty.span,
                            format!(
                                "unknown type `{}`: no structure or enumeration has this name",
                                ty.text
                            ),
                        );
                        continue;
                    }
                }
            };
            let leaf = Leaf {
                key: f.name.text.clone(),
                kind: leaf_kind,
            };
            if card == NodeCard::One {
                t.nodes[node].leaves.push(leaf);
            } else {
                let id = t.nodes.len();
                t.nodes.push(Node {
                    key: f.name.text.clone(),
                    parent: Some(node),
                    structure: None,
                    card,
                    open,
                    leaves: vec![Leaf {
                        key: WRAPPED.to_string(),
                        ..leaf
                    }],
                    wrapper: true,
                    children: Vec::new(),
                    span: f.span,
                });
                t.nodes[node].children.push(id);
            }
        }
    }
    // Children were pushed depth-first from a stack; keep the written order within each node.
    for n in &mut t.nodes {
        n.children.sort_unstable();
    }
    (diags.error_count() == before).then_some(t)
}

fn diag_file(m: &Model) -> crate::source::FileId {
    m.structures
        .first()
        .map(|s| s.name.span.file)
        .or_else(|| m.enumerations.first().map(|e| e.name.span.file))
        .unwrap_or(crate::source::FileId(0))
}

fn card_of(c: Option<Card>, diags: &mut Diagnostics) -> Option<NodeCard> {
    let Some(c) = c else {
        return Some(NodeCard::One);
    };
    // `n..*`: unrolled to a horizon, widened as the customer adds instances.
    let max = c.max.unwrap_or(crate::model::Model::horizon_for(c.min));
    if max < c.min {
        diags.error(
            c.span,
            format!(
                "cardinality `{}..{max}`: the maximum is below the minimum",
                c.min
            ),
        );
        return None;
    }
    if max == 0 {
        diags.error(
            c.span,
            "cardinality `0..0`: a feature that never exists is not supported",
        );
        return None;
    }
    if max > 1000 {
        diags.error(
            c.span,
            format!(
                "cardinality `{}..{max}`: tailor supports at most 1000 instances",
                c.min
            ),
        );
        return None;
    }
    Some(match (c.min, max) {
        (1, 1) => NodeCard::One,
        (0, 1) => NodeCard::Optional,
        (lo, hi) => NodeCard::Multi(lo, hi),
    })
}

/// The whole-number range of a `num` feature; decimals are ignored with a warning (as the COOM
/// suite's solvers do); a missing range is open on both sides (the 64-bit limits, which the
/// catalog writes as an `int` without `min` and `max`).
fn int_range(
    decimals: usize,
    range: Option<(rust_decimal::Decimal, rust_decimal::Decimal)>,
    span: Span,
    name: &str,
    diags: &mut Diagnostics,
) -> Option<(i64, i64)> {
    if decimals > 0 {
        diags.warning(span, format!("numeric feature `{name}` declares {decimals} decimal place(s): imported as whole numbers, as the COOM suite's solvers read it"));
    }
    let Some((lo, hi)) = range else {
        return Some((i64::MIN, i64::MAX));
    };
    let int = |d: rust_decimal::Decimal| -> Option<i64> {
        if d.fract().is_zero() {
            i64::try_from(d.trunc().mantissa() / 10i128.pow(d.trunc().scale())).ok()
        } else {
            None
        }
    };
    let (Some(a), Some(b)) = (int(lo), int(hi)) else {
        diags.error(span, format!("numeric feature `{name}`: range {lo}-{hi} has decimal bounds; tailor's numbers are whole"));
        return None;
    };
    if a > b {
        diags.error(
            span,
            format!("numeric feature `{name}`: empty range {a}-{b}"),
        );
        return None;
    }
    Some((a, b))
}

/// The enumeration index of a leaf, if it is one.
pub fn enum_of(l: &Leaf) -> Option<usize> {
    match l.kind {
        LeafKind::Enum(e) => Some(e),
        _ => None,
    }
}
