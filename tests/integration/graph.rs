//! The constraint graph: edges from rules to what they read, touching-rule queries, independent groups.

use tailor::graph::{ConstraintGraph, Edge, Node, RuleRef};
use tailor::model::Model;

fn model(yaml: &str) -> Model {
    let l = tailor::load::load_str("g.yaml", yaml, &tailor::front::NoIncludes);
    assert!(
        l.diagnostics.is_empty(),
        "{}",
        l.sources.render_all(&l.diagnostics)
    );
    l.model.unwrap()
}

const SHOP: &str = r#"
catalog: shop
components:
  internet:
    optional: true
    features:
      speed: { one_of: { s100: { attrs: { mbit: 100 } }, s500: { attrs: { mbit: 500 } } } }
  tv:
    optional: true
    features:
      package: { one_of: [basic, cinema] }
  phone:
    features:
      plan: { one_of: [s, m] }
      roaming: { bool: {} }
  extras:
    features:
      mug: { bool: {} }
rules: |
  rule cinema_bw "Cinema needs bandwidth": when tv.package = cinema require internet.speed.mbit >= 500
  allow (phone.plan, phone.roaming) { (s, false), (m, *) }
  prefer fast: internet.speed = s500 weight 2
  discount duo "Duo": 5% monthly when internet and tv
"#;

fn ids(m: &Model, rs: Vec<RuleRef>) -> Vec<String> {
    rs.into_iter().map(|r| r.id(m).to_string()).collect()
}

#[test]
fn rules_touching_a_feature() {
    let m = model(SHOP);
    let g = ConstraintGraph::build(&m);
    let speed = m.feature_by_path("internet.speed").unwrap();
    assert_eq!(
        ids(&m, g.rules_touching_feature(speed)),
        ["cinema_bw", "fast"]
    );
    let plan = m.feature_by_path("phone.plan").unwrap();
    assert_eq!(ids(&m, g.rules_touching_feature(plan)), ["g.yaml:21"]);
    let tv = m.component_by_path("tv").unwrap();
    assert_eq!(ids(&m, g.rules_touching_component(tv)), ["duo"]);
    let mug = m.feature_by_path("extras.mug").unwrap();
    assert!(g.rules_touching_feature(mug).is_empty());
}

#[test]
fn reads_edges_point_at_values_and_features() {
    let m = model(SHOP);
    let g = ConstraintGraph::build(&m);
    let rule = g.node(Node::Rule(RuleRef::Constraint(0)));
    let cinema = g.node(Node::Value(m.feature_by_path("tv.package").unwrap(), 1));
    let speed = g.node(Node::Feature(m.feature_by_path("internet.speed").unwrap()));
    let reads: Vec<_> = g
        .graph
        .edges(rule)
        .filter(|e| *e.weight() == Edge::Reads)
        .map(|e| petgraph::visit::EdgeRef::target(&e))
        .collect();
    assert!(
        reads.contains(&cinema) && reads.contains(&speed),
        "{reads:?}"
    );
    assert_eq!(reads.len(), 2);
}

#[test]
fn independent_groups_follow_hard_rules_and_presence() {
    let m = model(SHOP);
    let g = ConstraintGraph::build(&m);
    let groups = g.independent_groups(&m);
    let paths: Vec<Vec<&str>> = groups
        .iter()
        .map(|gr| {
            gr.features
                .iter()
                .map(|&f| m.feat(f).path.as_str())
                .collect()
        })
        .collect();
    // cinema_bw ties internet and tv (and their presence); the table ties plan and roaming;
    // preferences and discounts do not constrain, so they tie nothing.
    assert_eq!(
        paths,
        vec![
            vec!["internet.speed", "tv.package"],
            vec!["phone.plan", "phone.roaming"],
            vec!["extras.mug"]
        ]
    );
    assert_eq!(groups[0].components.len(), 2);
    assert_eq!(ids(&m, groups[0].rules.clone()), ["cinema_bw"]);
}

#[test]
fn renders_dot_mermaid_json() {
    let m = model(SHOP);
    let g = ConstraintGraph::build(&m);
    let dot = tailor::graph::to_dot(&m, &g);
    assert!(
        dot.starts_with("digraph \"shop\"")
            && dot.contains("label=\"cinema_bw\", shape=hexagon")
            && dot.contains("style=dashed")
    );
    let mm = tailor::graph::to_mermaid(&m, &g);
    assert!(
        mm.starts_with("flowchart LR") && mm.contains("{{\"cinema_bw\"}}") && mm.contains("-.->")
    );
    let j = tailor::graph::to_json(&m, &g);
    assert_eq!(j["groups"].as_array().unwrap().len(), 3);
    let reads = j["edges"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "reads")
        .count();
    assert_eq!(reads, 2 + 2 + 1 + 2);
}

#[test]
fn graph_cli_formats_and_queries() {
    let dir = std::env::temp_dir().join(format!("tailor-graph-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let f = dir.join("shop.yaml");
    std::fs::write(&f, SHOP).unwrap();
    let run = |args: &[&str]| {
        let o = std::process::Command::new(env!("CARGO_BIN_EXE_tailor"))
            .arg("graph")
            .arg(&f)
            .args(args)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        String::from_utf8(o.stdout).unwrap()
    };
    assert!(run(&["--format", "dot"]).starts_with("digraph"));
    assert!(run(&["--format", "mermaid"]).starts_with("flowchart"));
    let j: serde_json::Value = serde_json::from_str(&run(&["--format", "json"])).unwrap();
    assert_eq!(j["catalog"], "shop");
    assert_eq!(run(&["--touching", "tv"]).trim(), "duo (adjustment)");
    assert!(run(&["--groups"]).contains("group 3: 1 feature(s), 0 rule(s): extras.mug"));
}
