//! The UVL tree and constraints as a tailor catalog: every feature a root `bool` feature (but
//! those under a feature cardinality, which are features of its component, `clones.rs`); the
//! root selected, each child implying its parent, groups and constraints as rules. An Integer
//! feature is also a number: a root `int` open on both sides (UVL gives it no bounds), 0 while
//! the feature is deselected, so that it adds no configurations of its own there.

use super::clones::{component, owners};
use super::constraint::{Expr, Lin};
use super::ranges::Range;
use super::tree::{Feature, GroupKind, Tree};
use crate::import::emit::{catalog_id, rule_name, yaml_name, Catalog};
use std::collections::HashMap;
use std::fmt::Write as _;

/// `"…"` for a rule message (the rule language's escapes).
fn message(text: &str) -> String {
    let flat: Vec<&str> = text.split_whitespace().collect();
    let mut s = String::from("\"");
    for c in flat.join(" ").chars() {
        if matches!(c, '"' | '\\') {
            s.push('\\');
        }
        s.push(c);
    }
    s.push('"');
    s
}

/// `A + B + C`: selected children read as numbers.
fn sum(path: &dyn Fn(usize) -> String, children: &[usize]) -> String {
    let names: Vec<String> = children.iter().map(|&c| path(c)).collect();
    names.join(" + ")
}

fn expr(tree: &Tree, e: &Expr, out: &mut String) {
    // Every compound operand is parenthesised, so tailor's precedences never matter.
    let operand = |x: &Expr, out: &mut String| match x {
        Expr::Feature(_) | Expr::Bool(_) | Expr::Not(_) | Expr::Lin(_) => expr(tree, x, out),
        _ => {
            out.push('(');
            expr(tree, x, out);
            out.push(')');
        }
    };
    match e {
        Expr::Feature(f) => out.push_str(&rule_name(&tree.features[*f].name)),
        Expr::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Expr::Lin(l) => linear(tree, l, out),
        Expr::Not(x) => {
            out.push('!');
            operand(x, out);
        }
        Expr::And(xs) | Expr::Or(xs) => {
            let op = if matches!(e, Expr::And(_)) {
                " and "
            } else {
                " or "
            };
            for (i, x) in xs.iter().enumerate() {
                if i > 0 {
                    out.push_str(op);
                }
                operand(x, out);
            }
        }
        Expr::Implies(a, b) | Expr::Iff(a, b) => {
            operand(a, out);
            out.push_str(if matches!(e, Expr::Iff(..)) {
                " <-> "
            } else {
                " -> "
            });
            operand(b, out);
        }
    }
}

/// `Σ terms + constant op 0` as `(positive terms op negative terms)`, every coefficient written
/// positive: a term of one feature is `k * F`, of several `(if F and G then k else 0)`; Integer
/// features' numbers are factors of `k` (`k * "N value"`, `(if F then k * "N value" else 0)`).
fn linear(tree: &Tree, l: &Lin, out: &mut String) {
    let term = |vs: &[usize], k: i128| -> String {
        let mut selected = Vec::new();
        let mut product = if k == 1 {
            Vec::new()
        } else {
            vec![k.to_string()]
        };
        for &v in vs {
            match tree.value_of(v) {
                Some(f) => product.push(rule_name(&tree.value_name(f))),
                None => selected.push(rule_name(&tree.features[v].name)),
            }
        }
        if product.is_empty() {
            product.push("1".to_string());
        }
        let product = product.join(" * ");
        match selected.as_slice() {
            [] => product,
            [one] if product == "1" => one.clone(),
            [one] if vs.len() == 1 => format!("{k} * {one}"),
            _ => format!("(if {} then {product} else 0)", selected.join(" and ")),
        }
    };
    let (mut lhs, mut rhs) = (Vec::new(), Vec::new());
    for (fs, k) in &l.terms {
        if *k > 0 {
            lhs.push(term(fs, *k));
        } else {
            rhs.push(term(fs, -k));
        }
    }
    if l.constant > 0 {
        lhs.push(l.constant.to_string());
    } else if l.constant < 0 {
        rhs.push((-l.constant).to_string());
    }
    let side = |v: &[String]| {
        if v.is_empty() {
            "0".to_string()
        } else {
            v.join(" + ")
        }
    };
    out.push('(');
    out.push_str(&side(&lhs));
    out.push(' ');
    out.push_str(l.op.text());
    out.push(' ');
    out.push_str(&side(&rhs));
    out.push(')');
}

/// A feature's YAML line, indented by `indent`.
fn feature_yaml(f: &Feature, indent: &str) -> String {
    if f.attrs.is_empty() {
        return format!("{indent}{}: {{ bool: {{}} }}", yaml_name(&f.name));
    }
    let attrs: Vec<String> = f
        .attrs
        .iter()
        .map(|(k, v)| format!("{k}: \"{v}\""))
        .collect();
    format!(
        "{indent}{}: {{ bool: {{ attrs: {{ {} }} }} }}",
        yaml_name(&f.name),
        attrs.join(", ")
    )
}

/// The YAML catalog; `constraints` are the parsed constraints with their source text.
/// `ranges` are the Integer features' ranges (`ranges.rs`).
pub fn catalog(
    tree: &Tree,
    constraints: &[(Expr, &str)],
    ranges: &HashMap<usize, Range>,
) -> String {
    let root = &tree.features[0];
    let id = catalog_id(tree.namespace.as_deref().unwrap_or(&root.name));
    let mut out = Catalog::new(&id, Some(&root.name), "uvl");
    // Features under a feature cardinality live in its component, one set per instance.
    let owner = owners(tree);
    let below = |f: usize| owner[f].filter(|&o| o != f);
    let path = |f: usize| match below(f) {
        Some(o) => format!(
            "{}.{}",
            rule_name(&component(tree, o)),
            rule_name(&tree.features[f].name)
        ),
        None => rule_name(&tree.features[f].name),
    };
    out.line("features:");
    for (i, f) in tree.features.iter().enumerate() {
        if below(i).is_some() {
            continue;
        }
        out.line(&feature_yaml(f, "  "));
        if f.is_integer() {
            let r = ranges.get(&i).copied().unwrap_or_default();
            let name = yaml_name(&tree.value_name(i));
            out.line(&format!("  {name}: {}", r.int_yaml()));
        }
    }
    // Features with a cardinality, with its bounds (each owns itself).
    let cloned: Vec<(usize, u32, u32)> = (tree.features.iter().enumerate())
        .filter_map(|(f, x)| x.card.map(|(lo, hi, _)| (f, lo, hi)))
        .collect();
    if !cloned.is_empty() {
        out.line("components:");
    }
    for &(o, _, hi) in &cloned {
        out.line(&format!("  {}:", yaml_name(&component(tree, o))));
        out.line(&format!("    instances: {{ min: 0, max: {hi} }}"));
        let inside: Vec<usize> = (0..tree.features.len())
            .filter(|&f| below(f) == Some(o))
            .collect();
        if !inside.is_empty() {
            out.line("    features:");
            for f in inside {
                out.line(&feature_yaml(&tree.features[f], "      "));
            }
        }
    }
    let mut line = String::new();
    let _ = write!(
        line,
        "rule root {}: {}",
        message(&format!("{} is the root: always selected", root.name)),
        rule_name(&root.name)
    );
    out.rule(&line);
    let mut k = 0;
    let mut rule = |out: &mut Catalog, msg: String, body: String| {
        k += 1;
        out.rule(&format!("rule t{k} {}: {body}", message(&msg)));
    };
    for &(o, lo, _) in &cloned {
        let (f, count) = (&tree.features[o].name, rule_name(&component(tree, o)));
        rule(
            &mut out,
            format!("{f} is selected exactly when it has an instance"),
            format!("{} <-> count({count}) >= 1", rule_name(f)),
        );
        if lo > 1 {
            rule(
                &mut out,
                format!("{f} has at least {lo} instances when selected"),
                format!("{} -> count({count}) >= {lo}", rule_name(f)),
            );
        }
    }
    for (i, f) in tree.features.iter().enumerate() {
        let p = path(i);
        if f.is_integer() {
            rule(
                &mut out,
                format!("{}'s number is 0 while it is deselected", f.name),
                format!("!{p} -> {} = 0", rule_name(&tree.value_name(i))),
            );
        }
        if let Some(parent) = f.parent {
            let name = &tree.features[parent].name;
            rule(
                &mut out,
                format!("{} needs its parent {name}", f.name),
                format!("{p} -> {}", path(parent)),
            );
        }
        for g in &f.groups {
            let n = g.children.len() as u32;
            let names: Vec<&str> = g
                .children
                .iter()
                .map(|&c| tree.features[c].name.as_str())
                .collect();
            match g.kind {
                GroupKind::Optional => {}
                GroupKind::Mandatory => {
                    for &c in &g.children {
                        let cn = &tree.features[c].name;
                        rule(
                            &mut out,
                            format!("{} needs {cn} (mandatory)", f.name),
                            format!("{p} -> {}", path(c)),
                        );
                    }
                }
                GroupKind::Or => {
                    let body = if n == 0 {
                        "false".to_string()
                    } else {
                        let alts: Vec<String> = g.children.iter().map(|&c| path(c)).collect();
                        format!("({})", alts.join(" or "))
                    };
                    rule(
                        &mut out,
                        format!("{} needs at least one of {}", f.name, names.join(", ")),
                        format!("{p} -> {body}"),
                    );
                }
                GroupKind::Alternative => rule(
                    &mut out,
                    format!("{} needs exactly one of {}", f.name, names.join(", ")),
                    if n == 0 {
                        format!("{p} -> false")
                    } else {
                        format!("{p} -> {} = 1", sum(&path, &g.children))
                    },
                ),
                GroupKind::Card(lo, hi) => {
                    let hi = hi.unwrap_or(n);
                    let mut parts = Vec::new();
                    if n == 0 {
                        if lo > 0 {
                            parts.push("false".to_string());
                        }
                    } else if lo == hi {
                        parts.push(format!("{} = {lo}", sum(&path, &g.children)));
                    } else {
                        if lo > 0 {
                            parts.push(format!("{} >= {lo}", sum(&path, &g.children)));
                        }
                        if hi < n {
                            parts.push(format!("{} <= {hi}", sum(&path, &g.children)));
                        }
                    }
                    if !parts.is_empty() {
                        rule(
                            &mut out,
                            format!(
                                "{} needs between {lo} and {hi} of {}",
                                f.name,
                                names.join(", ")
                            ),
                            format!("{p} -> ({})", parts.join(" and ")),
                        );
                    }
                }
            }
        }
    }
    for (i, (e, text)) in constraints.iter().enumerate() {
        line.clear();
        let _ = write!(line, "rule c{} {}: ", i + 1, message(text));
        expr(tree, e, &mut line);
        out.rule(&line);
    }
    out.finish()
}
