//! The UVL tree and constraints as a tailor catalog: every feature a root `bool` feature; the
//! root selected, each child implying its parent, groups and constraints as rules. An Integer
//! feature is also a number: a root `int` open on both sides (UVL gives it no bounds), 0 while
//! the feature is deselected, so that it adds no configurations of its own there.

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
fn sum(tree: &Tree, children: &[usize]) -> String {
    let names: Vec<String> = children
        .iter()
        .map(|&c| rule_name(&tree.features[c].name))
        .collect();
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

fn feature_yaml(f: &Feature) -> String {
    if f.attrs.is_empty() {
        return format!("  {}: {{ bool: {{}} }}", yaml_name(&f.name));
    }
    let attrs: Vec<String> = f
        .attrs
        .iter()
        .map(|(k, v)| format!("{k}: \"{v}\""))
        .collect();
    format!(
        "  {}: {{ bool: {{ attrs: {{ {} }} }} }}",
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
    out.line("features:");
    for (i, f) in tree.features.iter().enumerate() {
        out.line(&feature_yaml(f));
        if f.is_integer() {
            let r = ranges.get(&i).copied().unwrap_or_default();
            let name = yaml_name(&tree.value_name(i));
            out.line(&format!("  {name}: {}", r.int_yaml()));
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
    for (i, f) in tree.features.iter().enumerate() {
        let p = rule_name(&f.name);
        if f.is_integer() {
            rule(
                &mut out,
                format!("{}'s number is 0 while it is deselected", f.name),
                format!("!{p} -> {} = 0", rule_name(&tree.value_name(i))),
            );
        }
        if let Some(parent) = f.parent {
            let parent = &tree.features[parent].name;
            rule(
                &mut out,
                format!("{} needs its parent {parent}", f.name),
                format!("{p} -> {}", rule_name(parent)),
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
                            format!("{p} -> {}", rule_name(cn)),
                        );
                    }
                }
                GroupKind::Or => {
                    let body = if n == 0 {
                        "false".to_string()
                    } else {
                        let alts: Vec<String> = names.iter().map(|c| rule_name(c)).collect();
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
                        format!("{p} -> {} = 1", sum(tree, &g.children))
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
                        parts.push(format!("{} = {lo}", sum(tree, &g.children)));
                    } else {
                        if lo > 0 {
                            parts.push(format!("{} >= {lo}", sum(tree, &g.children)));
                        }
                        if hi < n {
                            parts.push(format!("{} <= {hi}", sum(tree, &g.children)));
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
