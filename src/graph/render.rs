//! The constraint graph as Graphviz dot, Mermaid, or JSON.

use super::{ConstraintGraph, Edge, Node};
use crate::model::Model;
use petgraph::visit::EdgeRef;
use std::fmt::Write as _;

/// How a node is named to people: its path, `feature.value` or rule id.
pub fn label(model: &Model, n: Node) -> String {
    match n {
        Node::Component(c) if c.0 == 0 => model.id.clone(),
        Node::Component(c) => model.comp(c).path.clone(),
        Node::Feature(f) => model.feat(f).path.clone(),
        Node::Value(f, v) => format!(
            "{}.{}",
            model.feat(f).path,
            model.feat(f).kind.values()[v as usize].id
        ),
        Node::Rule(r) => r.id(model).to_string(),
    }
}

fn kind(n: Node) -> &'static str {
    match n {
        Node::Component(_) => "component",
        Node::Feature(_) => "feature",
        Node::Value(..) => "value",
        Node::Rule(r) => r.kind(),
    }
}

fn escape(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"")
}

pub fn to_dot(model: &Model, g: &ConstraintGraph) -> String {
    let mut out = format!(
        "digraph \"{}\" {{\n  rankdir=LR;\n  node [fontname=\"Helvetica\"];\n",
        escape(&model.id)
    );
    for i in g.graph.node_indices() {
        let n = g.graph[i];
        let shape = match n {
            Node::Component(_) => "box",
            Node::Feature(_) => "ellipse",
            Node::Value(..) => "plaintext",
            Node::Rule(_) => "hexagon",
        };
        let _ = writeln!(
            out,
            "  n{} [label=\"{}\", shape={shape}];",
            i.index(),
            escape(&label(model, n))
        );
    }
    for e in g.graph.edge_references() {
        let style = match e.weight() {
            Edge::Has => "color=gray",
            Edge::Reads => "style=dashed, color=blue",
        };
        let _ = writeln!(
            out,
            "  n{} -> n{} [{style}];",
            e.source().index(),
            e.target().index()
        );
    }
    out.push_str("}\n");
    out
}

pub fn to_mermaid(model: &Model, g: &ConstraintGraph) -> String {
    let mut out = String::from("flowchart LR\n");
    for i in g.graph.node_indices() {
        let n = g.graph[i];
        let l = label(model, n).replace('"', "'");
        let node = match n {
            Node::Component(_) => format!("n{}[\"{l}\"]", i.index()),
            Node::Feature(_) => format!("n{}([\"{l}\"])", i.index()),
            Node::Value(..) => format!("n{}>\"{l}\"]", i.index()),
            Node::Rule(_) => format!("n{}{{{{\"{l}\"}}}}", i.index()),
        };
        let _ = writeln!(out, "  {node}");
    }
    for e in g.graph.edge_references() {
        let arrow = match e.weight() {
            Edge::Has => "-->",
            Edge::Reads => "-.->",
        };
        let _ = writeln!(
            out,
            "  n{} {arrow} n{}",
            e.source().index(),
            e.target().index()
        );
    }
    out
}

pub fn to_json(model: &Model, g: &ConstraintGraph) -> serde_json::Value {
    let nodes: Vec<_> = g
        .graph
        .node_indices()
        .map(|i| serde_json::json!({ "id": i.index(), "kind": kind(g.graph[i]), "name": label(model, g.graph[i]) }))
        .collect();
    let edges: Vec<_> = g
        .graph
        .edge_references()
        .map(|e| {
            let k = match e.weight() {
                Edge::Has => "has",
                Edge::Reads => "reads",
            };
            serde_json::json!({ "from": e.source().index(), "to": e.target().index(), "kind": k })
        })
        .collect();
    let groups: Vec<_> = g
        .independent_groups(model)
        .iter()
        .map(|gr| {
            serde_json::json!({
                "features": gr.features.iter().map(|&f| model.feat(f).path.clone()).collect::<Vec<_>>(),
                "components": gr.components.iter().map(|&c| model.comp(c).path.clone()).collect::<Vec<_>>(),
                "rules": gr.rules.iter().map(|r| r.id(model).to_string()).collect::<Vec<_>>(),
            })
        })
        .collect();
    serde_json::json!({ "catalog": model.id, "nodes": nodes, "edges": edges, "groups": groups })
}
