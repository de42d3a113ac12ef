//! Feature cardinalities (UVL's arithmetic level): a feature `F cardinality [n..m]` and its
//! subtree, configured once per instance, as a component of up to `m` instances (`F
//! instances`) whose features are F's descendants; `F` itself stays a root `bool` feature,
//! selected exactly when at least one instance exists, and then with at least `n` of them.
//! Instances are numbered and distinct, as the catalog format counts them (section 3).
//!
//! What UVL leaves open is refused at the construct, never guessed: a cardinality inside
//! another's subtree, typed features under one, and constraints that read a feature under one
//! (per instance or over all of them?) or its attributes and number (per instance or summed?).
//! A constraint may read `F` itself as a condition (at least one instance).

use super::constraint::Expr;
use super::tree::Tree;
use crate::diagnostic::Diagnostics;
use crate::source::Span;

/// Per feature, the feature with a cardinality whose subtree holds it (itself included).
pub fn owners(tree: &Tree) -> Vec<Option<usize>> {
    let mut out: Vec<Option<usize>> = vec![None; tree.features.len()];
    // Parents come before their children in the tree's order.
    for (i, f) in tree.features.iter().enumerate() {
        out[i] = if f.card.is_some() {
            Some(i)
        } else {
            f.parent.and_then(|p| out[p])
        };
    }
    out
}

/// The component of feature `f`'s instances: `<f> instances`, primed while a feature has that
/// name.
pub fn component(tree: &Tree, f: usize) -> String {
    let mut name = format!("{} instances", tree.features[f].name);
    while tree.index.contains_key(&name) {
        name.push('\'');
    }
    name
}

/// Diagnostics for what `owners` cannot represent: nested cardinalities, typed features under
/// one, and `constraints` (with their spans) that read below one.
pub fn check(tree: &Tree, constraints: &[(&Expr, Span)], diags: &mut Diagnostics) {
    let owner = owners(tree);
    let mut typed: Vec<Vec<String>> = vec![Vec::new(); tree.features.len()];
    for (i, f) in tree.features.iter().enumerate() {
        let Some(o) = owner[i] else { continue };
        if let Some((_, _, span)) = f.card {
            if let Some(outer) = f.parent.and_then(|p| owner[p]) {
                diags.error(span, format!("a feature cardinality inside another's subtree (`{}` under `{}`) is not supported by the UVL importer; the model is refused", f.name, tree.features[outer].name));
            }
        }
        if let Some(ty) = &f.typed {
            typed[o].push(format!("`{ty} {}`", f.name));
        }
    }
    for (o, found) in typed.iter().enumerate() {
        let (Some(first), Some((_, _, span))) = (found.first(), tree.features[o].card) else {
            continue;
        };
        let more = match found.len() - 1 {
            0 => String::new(),
            n => format!(" and {n} more"),
        };
        diags.error(span, format!("`{}` has several instances, and typed features under it ({first}{more}) are not supported by the UVL importer (only Boolean features there); the model is refused", tree.features[o].name));
    }
    for (e, span) in constraints {
        let Some(f) = reads_below(tree, &owner, e) else {
            continue;
        };
        let name = &tree.features[f].name;
        let why = match owner[f] {
            Some(o) if o != f => format!("this constraint reads `{name}`, which is under `{}`, a feature with several instances (a feature cardinality)", tree.features[o].name),
            _ => format!("this constraint reads `{name}` as a number (its selection, attributes or value in a sum), and `{name}` has several instances (a feature cardinality)"),
        };
        diags.error(*span, format!("{why}: UVL does not say whether it means each instance or all of them; the model is refused"));
    }
}

/// A feature with instances the expression reads other than as `F`'s own condition.
fn reads_below(tree: &Tree, owner: &[Option<usize>], e: &Expr) -> Option<usize> {
    let cloned = |f: usize| f < owner.len() && owner[f].is_some();
    match e {
        Expr::Feature(f) => (cloned(*f) && owner[*f] != Some(*f)).then_some(*f),
        Expr::Bool(_) => None,
        Expr::Not(x) => reads_below(tree, owner, x),
        Expr::And(xs) | Expr::Or(xs) => xs.iter().find_map(|x| reads_below(tree, owner, x)),
        Expr::Implies(a, b) | Expr::Iff(a, b) => {
            reads_below(tree, owner, a).or_else(|| reads_below(tree, owner, b))
        }
        // In a sum a feature counts, or carries an attribute or a number: each instance's?
        Expr::Lin(l) => l
            .terms
            .iter()
            .flat_map(|(vs, _)| vs.iter())
            .map(|&v| tree.value_of(v).unwrap_or(v))
            .find(|&f| cloned(f)),
    }
}
