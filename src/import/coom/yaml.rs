//! The unfolded tree and the translated statements as the text of a tailor YAML catalog.

use super::ast::{Const, Model};
use super::tree::{LeafKind, NodeCard, Tree};
use std::fmt::Write as _;

/// A YAML double-quoted scalar (JSON's string syntax is valid YAML).
fn q(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

pub fn catalog(t: &Tree, m: &Model, name: Option<&str>, rules: &[String]) -> String {
    let mut y = String::new();
    y.push_str("# Imported from COOM by tailor (spec section 6): every COOM feature, option and\n");
    y.push_str("# constraint has its counterpart here; names keep their COOM spelling.\n");
    // The id comes from the model's title (its first comment line) when it has one.
    let id = name
        .map(crate::import::emit::catalog_id)
        .unwrap_or_else(|| "coom-import".to_string());
    let _ = writeln!(y, "catalog: {id}");
    if let Some(n) = name {
        let _ = writeln!(y, "name: {}", q(n));
    }
    y.push_str("version: \"1\"\nimported_from: coom\n");
    let root = &t.nodes[0];
    if !root.leaves.is_empty() {
        y.push_str("features:\n");
        features(&mut y, t, m, 0, 1);
    }
    if !root.children.is_empty() {
        y.push_str("components:\n");
        for &c in &root.children {
            component(&mut y, t, m, c, 1);
        }
    }
    if !rules.is_empty() {
        y.push_str("rules: |\n");
        for r in rules {
            for line in r.lines() {
                let _ = writeln!(y, "  {line}");
            }
        }
    }
    y
}

fn pad(level: usize) -> String {
    "  ".repeat(level)
}

fn component(y: &mut String, t: &Tree, m: &Model, n: usize, level: usize) {
    let node = &t.nodes[n];
    let p = pad(level);
    let _ = writeln!(y, "{p}{}:", q(&node.key));
    let p1 = pad(level + 1);
    match node.card {
        NodeCard::Optional => {
            let _ = writeln!(y, "{p1}optional: true");
        }
        NodeCard::Multi(lo, _) if node.open => {
            let _ = writeln!(y, "{p1}instances: {{ min: {lo} }}");
        }
        NodeCard::Multi(lo, hi) => {
            let _ = writeln!(y, "{p1}instances: {{ min: {lo}, max: {hi} }}");
        }
        NodeCard::One | NodeCard::Root => {}
    }
    if !node.leaves.is_empty() {
        let _ = writeln!(y, "{p1}features:");
        features(y, t, m, n, level + 2);
    }
    if !node.children.is_empty() {
        let _ = writeln!(y, "{p1}components:");
        for &c in &node.children {
            component(y, t, m, c, level + 2);
        }
    }
}

fn features(y: &mut String, t: &Tree, m: &Model, n: usize, level: usize) {
    let p = pad(level);
    for l in &t.nodes[n].leaves {
        match &l.kind {
            LeafKind::Bool => {
                let _ = writeln!(y, "{p}{}: {{ bool: {{}} }}", q(&l.key));
            }
            LeafKind::Int(lo, hi) => {
                // The 64-bit limits stand for a side COOM leaves open: no bound in the catalog.
                let mut ends = Vec::new();
                if *lo != i64::MIN {
                    ends.push(format!("min: {lo}"));
                }
                if *hi != i64::MAX {
                    ends.push(format!("max: {hi}"));
                }
                let _ = writeln!(y, "{p}{}: {{ int: {{ {} }} }}", q(&l.key), ends.join(", "));
            }
            LeafKind::Enum(e) => {
                let en = &m.enumerations[*e];
                let _ = writeln!(y, "{p}{}:", q(&l.key));
                let _ = writeln!(y, "{p}  one_of:");
                for o in &en.options {
                    let attrs: Vec<String> = en
                        .attributes
                        .iter()
                        .zip(&o.values)
                        .filter(|(a, _)| a.numeric)
                        .filter_map(|(a, v)| match v {
                            Const::Num(d, _) => {
                                Some(format!("{}: {}", q(&a.name.text), d.normalize()))
                            }
                            Const::Name(_) => None,
                        })
                        .collect();
                    if attrs.is_empty() {
                        let _ = writeln!(y, "{p}    {}: {{}}", q(&o.name.text));
                    } else {
                        let _ = writeln!(
                            y,
                            "{p}    {}: {{ attrs: {{ {} }} }}",
                            q(&o.name.text),
                            attrs.join(", ")
                        );
                    }
                }
            }
        }
    }
}
