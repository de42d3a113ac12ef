//! COOM paths to places in the unfolded tree, with tailor's spelling of them.

use super::ast::{Model, Path};
use super::tree::{enum_of, LeafKind, NodeCard, Tree, WRAPPED};
use crate::diagnostic::Diagnostic;

/// What a path ends at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum End {
    /// A component (a structure or a wrapped feature as a whole).
    Node(usize),
    /// A feature: node and leaf index.
    Leaf(usize, usize),
    /// An attribute of an enumeration feature: node, leaf, attribute index.
    Attr(usize, usize, usize),
}

#[derive(Debug, Clone)]
pub struct Resolved {
    /// Nodes from the root (excluded) to where the path ends, with tailor instance indices (1-based).
    pub steps: Vec<(usize, Option<u32>)>,
    pub end: End,
    /// Written relative to the behavior's context (not from `root`).
    pub relative: bool,
}

impl Resolved {
    pub fn node(&self) -> usize {
        match self.end {
            End::Node(n) | End::Leaf(n, _) | End::Attr(n, _, _) => n,
        }
    }
}

/// Resolves `p` from the context node `ctx`; `bind` names instances of the context's levels
/// (a statement written out once per instance).
pub fn resolve(
    t: &Tree,
    m: &Model,
    ctx: usize,
    bind: &[(usize, u32)],
    p: &Path,
) -> Result<Resolved, Diagnostic> {
    let mut items = p.items.as_slice();
    let mut at = ctx;
    let mut relative = true;
    if let Some(first) = items.first() {
        let shadowed = t.nodes[ctx]
            .children
            .iter()
            .any(|&c| t.nodes[c].key == "root")
            || t.nodes[ctx].leaves.iter().any(|l| l.key == "root");
        if first.name.text == "root" && first.index.is_none() && !shadowed && items.len() > 1 {
            at = 0;
            relative = false;
            items = &items[1..];
        }
    }
    let mut steps: Vec<(usize, Option<u32>)> = t
        .chain(at)
        .into_iter()
        .map(|n| (n, bind.iter().find(|(b, _)| *b == n).map(|(_, k)| *k)))
        .collect();
    let mut end = End::Node(at);
    for item in items {
        let name = item.name.text.as_str();
        end = match end {
            End::Node(n) => {
                let node = &t.nodes[n];
                if let Some(&c) = node.children.iter().find(|&&c| t.nodes[c].key == name) {
                    let idx = match (item.index, t.nodes[c].card) {
                        (None, _) => None,
                        (Some((k, _)), NodeCard::Multi(_, max)) if k < max => Some(k + 1),
                        (Some((0, _)), _) => None,
                        (Some((k, span)), card) => {
                            let n = match card {
                                NodeCard::Multi(_, max) => max,
                                _ => 1,
                            };
                            return Err(Diagnostic::error(span, format!("index [{k}] of `{name}` does not exist: it has at most {n} instance(s), numbered from 0")));
                        }
                    };
                    steps.push((c, idx));
                    End::Node(c)
                } else if let Some(i) = node
                    .leaves
                    .iter()
                    .position(|l| l.key == name && !node.wrapper)
                {
                    if let Some((k, span)) = item.index {
                        if k != 0 {
                            return Err(Diagnostic::error(
                                span,
                                format!(
                                    "index [{k}] of `{name}` does not exist: it has one value, [0]"
                                ),
                            ));
                        }
                    }
                    End::Leaf(n, i)
                } else if let Some(a) = wrapped_attr(t, m, n, name) {
                    End::Attr(n, 0, a)
                } else {
                    return Err(unknown(t, m, n, name, item.name.span));
                }
            }
            End::Leaf(n, l) => {
                let leaf = &t.nodes[n].leaves[l];
                match enum_of(leaf).and_then(|e| {
                    m.enumerations[e]
                        .attributes
                        .iter()
                        .position(|a| a.name.text == name)
                }) {
                    Some(a) => End::Attr(n, l, a),
                    None => {
                        let what = match leaf.kind {
                            LeafKind::Enum(e) => format!(
                                "enumeration `{}` has no attribute `{name}`",
                                m.enumerations[e].name.text
                            ),
                            _ => format!(
                                "`{}` is not an enumeration and has no attribute `{name}`",
                                leaf.key
                            ),
                        };
                        return Err(Diagnostic::error(item.name.span, what));
                    }
                }
            }
            End::Attr(..) => {
                return Err(Diagnostic::error(
                    item.name.span,
                    format!("`{name}` cannot follow an attribute"),
                ))
            }
        };
    }
    Ok(Resolved {
        steps,
        end,
        relative,
    })
}

fn wrapped_attr(t: &Tree, m: &Model, n: usize, name: &str) -> Option<usize> {
    let node = &t.nodes[n];
    if !node.wrapper {
        return None;
    }
    let e = enum_of(&node.leaves[0])?;
    m.enumerations[e]
        .attributes
        .iter()
        .position(|a| a.name.text == name)
}

fn unknown(t: &Tree, m: &Model, n: usize, name: &str, span: crate::source::Span) -> Diagnostic {
    let node = &t.nodes[n];
    let what = if n == 0 {
        "the product".to_string()
    } else if node.wrapper {
        format!("`{}`", node.key)
    } else {
        format!(
            "`{}` (structure `{}`)",
            node.key,
            node.structure.as_deref().unwrap_or("")
        )
    };
    let mut have: Vec<&str> = node
        .children
        .iter()
        .map(|&c| t.nodes[c].key.as_str())
        .collect();
    if !node.wrapper {
        have.extend(node.leaves.iter().map(|l| l.key.as_str()));
    }
    let _ = m;
    let list = if have.is_empty() {
        String::new()
    } else {
        format!(" (it has: {})", have.join(", "))
    };
    Diagnostic::error(
        span,
        format!("unknown name `{name}`: {what} has no feature `{name}`{list}"),
    )
}

/// tailor's rule-language spelling of one name: bare when it is a plain identifier, else quoted.
pub fn seg(name: &str) -> String {
    use crate::front::is_reserved;
    let plain = name
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if plain && !is_reserved(name) {
        name.to_string()
    } else {
        format!("\"{}\"", name.replace('\\', "\\\\").replace('"', "\\\""))
    }
}

/// tailor's path to a node (its instance indices included); empty for the root.
pub fn node_path(t: &Tree, steps: &[(usize, Option<u32>)]) -> String {
    steps
        .iter()
        .map(|&(n, i)| match i {
            Some(k) => format!("{}[{k}]", seg(&t.nodes[n].key)),
            None => seg(&t.nodes[n].key),
        })
        .collect::<Vec<_>>()
        .join(".")
}

fn join(a: String, b: &str) -> String {
    if a.is_empty() {
        b.to_string()
    } else {
        format!("{a}.{b}")
    }
}

/// tailor's path to the feature a resolved path ends at (a wrapper's `value` included).
pub fn feature_path(t: &Tree, r: &Resolved) -> Option<String> {
    let base = node_path(t, &r.steps);
    match r.end {
        End::Node(n) if t.nodes[n].wrapper => Some(join(base, WRAPPED)),
        End::Leaf(n, l) | End::Attr(n, l, _) => {
            let key = &t.nodes[n].leaves[l].key;
            Some(join(base, &seg(key)))
        }
        End::Node(_) => None,
    }
}

/// The leaf a resolved path designates as a value (a wrapper stands for its `value`).
pub fn leaf_of(t: &Tree, r: &Resolved) -> Option<(usize, usize)> {
    match r.end {
        End::Node(n) if t.nodes[n].wrapper => Some((n, 0)),
        End::Leaf(n, l) => Some((n, l)),
        _ => None,
    }
}
