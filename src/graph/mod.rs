//! The constraint graph (petgraph): components, features, values and rules, with edges from each
//! rule to what it reads. Answers "which rules touch this feature" and "which groups are independent".

mod render;

pub use render::{label as node_label, to_dot, to_json, to_mermaid};

use crate::model::{CompId, FeatId, FeatureKind, Model, RefUse, Target};
use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::unionfind::UnionFind;
use petgraph::visit::EdgeRef;
use petgraph::Direction;

/// A rule of any sort, by its index in the model's list of that sort.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RuleRef {
    Constraint(usize),
    Preference(usize),
    Adjustment(usize),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Node {
    Component(CompId),
    Feature(FeatId),
    Value(FeatId, u32),
    Rule(RuleRef),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edge {
    /// Parent to part: component to sub-component or feature, feature to value.
    Has,
    /// Rule to something it reads.
    Reads,
}

/// Features and components whose valid combinations do not depend on anything outside the group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    pub features: Vec<FeatId>,
    /// Components whose presence varies (optional or multi-instance) in this group.
    pub components: Vec<CompId>,
    pub rules: Vec<RuleRef>,
}

pub struct ConstraintGraph {
    pub graph: DiGraph<Node, Edge>,
    comp_nodes: Vec<NodeIndex>,
    feat_nodes: Vec<NodeIndex>,
    value_nodes: Vec<Vec<NodeIndex>>,
    rule_nodes: Vec<(RuleRef, NodeIndex)>,
}

impl ConstraintGraph {
    pub fn build(model: &Model) -> ConstraintGraph {
        let mut g = DiGraph::new();
        let comp_nodes: Vec<NodeIndex> = (0..model.components.len())
            .map(|i| g.add_node(Node::Component(CompId(i as u32))))
            .collect();
        for (i, c) in model.components.iter().enumerate() {
            if let Some(p) = c.parent {
                g.add_edge(comp_nodes[p.index()], comp_nodes[i], Edge::Has);
            }
        }
        let mut feat_nodes = Vec::new();
        let mut value_nodes = Vec::new();
        for (i, f) in model.features.iter().enumerate() {
            let fid = FeatId(i as u32);
            let n = g.add_node(Node::Feature(fid));
            g.add_edge(comp_nodes[f.comp.index()], n, Edge::Has);
            let vs: Vec<NodeIndex> = (0..f.kind.values().len() as u32)
                .map(|v| {
                    let vn = g.add_node(Node::Value(fid, v));
                    g.add_edge(n, vn, Edge::Has);
                    vn
                })
                .collect();
            feat_nodes.push(n);
            value_nodes.push(vs);
        }
        let mut cg = ConstraintGraph {
            graph: g,
            comp_nodes,
            feat_nodes,
            value_nodes,
            rule_nodes: Vec::new(),
        };
        for (r, reads) in rule_reads(model) {
            let rn = cg.graph.add_node(Node::Rule(r));
            cg.rule_nodes.push((r, rn));
            let mut targets: Vec<NodeIndex> = reads.iter().map(|n| cg.node(*n)).collect();
            targets.sort();
            targets.dedup();
            for t in targets {
                cg.graph.add_edge(rn, t, Edge::Reads);
            }
        }
        cg
    }

    /// The graph node of a model element.
    pub fn node(&self, n: Node) -> NodeIndex {
        match n {
            Node::Component(c) => self.comp_nodes[c.index()],
            Node::Feature(f) => self.feat_nodes[f.index()],
            Node::Value(f, v) => self.value_nodes[f.index()][v as usize],
            Node::Rule(r) => self
                .rule_nodes
                .iter()
                .find(|(x, _)| *x == r)
                .map(|(_, n)| *n)
                .unwrap_or_default(),
        }
    }

    /// Rules that read a feature, one of its values, or its attributes.
    pub fn rules_touching_feature(&self, f: FeatId) -> Vec<RuleRef> {
        let mut targets = vec![self.feat_nodes[f.index()]];
        targets.extend(self.value_nodes[f.index()].iter().copied());
        self.readers(&targets)
    }

    /// Rules that read a component's presence or attributes.
    pub fn rules_touching_component(&self, c: CompId) -> Vec<RuleRef> {
        self.readers(&[self.comp_nodes[c.index()]])
    }

    /// What a rule reads (components, features, values), in graph order.
    pub fn reads(&self, r: RuleRef) -> Vec<Node> {
        self.graph
            .edges_directed(self.node(Node::Rule(r)), Direction::Outgoing)
            .filter(|e| *e.weight() == Edge::Reads)
            .map(|e| self.graph[e.target()])
            .collect()
    }

    fn readers(&self, targets: &[NodeIndex]) -> Vec<RuleRef> {
        let mut out: Vec<RuleRef> = targets
            .iter()
            .flat_map(|&t| self.graph.edges_directed(t, Direction::Incoming))
            .filter(|e| *e.weight() == Edge::Reads)
            .filter_map(|e| match self.graph[e.source()] {
                Node::Rule(r) => Some(r),
                _ => None,
            })
            .collect();
        out.sort();
        out.dedup();
        out
    }

    /// Independent groups: connected components of the variables under the hard constraints.
    /// A feature is tied to the presence of its component; presence ties to the nearest ancestor
    /// whose presence varies. Groups come in catalog order of their first feature.
    pub fn independent_groups(&self, model: &Model) -> Vec<Group> {
        let nf = model.features.len();
        let nc = model.components.len();
        // Union-find over features (0..nf) then components (nf..nf+nc).
        let mut uf = UnionFind::<usize>::new(nf + nc);
        let pv = |c: CompId| presence_var(model, c).map(|p| nf + p.index());
        for (i, f) in model.features.iter().enumerate() {
            if let Some(p) = pv(f.comp) {
                uf.union(i, p);
            }
        }
        for (i, c) in model.components.iter().enumerate().skip(1) {
            if let (Some(me), Some(parent)) = (pv(CompId(i as u32)), c.parent.and_then(pv)) {
                uf.union(me, parent);
            }
        }
        let mut rule_anchor: Vec<(RuleRef, usize)> = Vec::new();
        for (r, reads) in rule_reads(model) {
            let RuleRef::Constraint(_) = r else { continue };
            let vars: Vec<usize> = reads
                .iter()
                .filter_map(|n| match *n {
                    Node::Feature(f) | Node::Value(f, _) => Some(f.index()),
                    Node::Component(c) => pv(c),
                    Node::Rule(_) => None,
                })
                .collect();
            for w in vars.windows(2) {
                uf.union(w[0], w[1]);
            }
            if let Some(&v) = vars.first() {
                rule_anchor.push((r, v));
            }
        }
        let mut groups: Vec<(usize, Group)> = Vec::new();
        let mut slot: std::collections::HashMap<usize, usize> = std::collections::HashMap::new();
        let mut group_of = |root: usize, groups: &mut Vec<(usize, Group)>| -> usize {
            *slot.entry(root).or_insert_with(|| {
                groups.push((
                    root,
                    Group {
                        features: vec![],
                        components: vec![],
                        rules: vec![],
                    },
                ));
                groups.len() - 1
            })
        };
        for i in 0..nf {
            let g = group_of(uf.find(i), &mut groups);
            groups[g].1.features.push(FeatId(i as u32));
        }
        for i in 1..nc {
            if pv(CompId(i as u32)) == Some(nf + i) {
                let g = group_of(uf.find(nf + i), &mut groups);
                groups[g].1.components.push(CompId(i as u32));
            }
        }
        for (r, v) in rule_anchor {
            let g = group_of(uf.find(v), &mut groups);
            groups[g].1.rules.push(r);
        }
        groups.into_iter().map(|(_, g)| g).collect()
    }
}

/// The component whose presence decides `c`'s: `c` itself if it can be absent or has a varying
/// number of instances, else its parent's; None when `c` is always present.
pub fn presence_var(model: &Model, c: CompId) -> Option<CompId> {
    let comp = model.comp(c);
    if c.0 != 0 && (comp.can_be_absent() || comp.instances.is_some_and(|(a, b)| a != b)) {
        return Some(c);
    }
    comp.parent.and_then(|p| presence_var(model, p))
}

/// Every rule with the model elements it reads.
pub fn rule_reads(model: &Model) -> Vec<(RuleRef, Vec<Node>)> {
    let mut out = Vec::new();
    for (i, c) in model.constraints.iter().enumerate() {
        let mut uses = Vec::new();
        c.body.refs(&mut uses);
        out.push((RuleRef::Constraint(i), nodes_of(model, &uses)));
    }
    for (i, p) in model.preferences.iter().enumerate() {
        let mut uses = Vec::new();
        p.expr.refs(&mut uses);
        out.push((RuleRef::Preference(i), nodes_of(model, &uses)));
    }
    for (i, a) in model.adjustments.iter().enumerate() {
        let mut uses = Vec::new();
        a.when.refs(&mut uses);
        out.push((RuleRef::Adjustment(i), nodes_of(model, &uses)));
    }
    out
}

fn nodes_of(model: &Model, uses: &[RefUse]) -> Vec<Node> {
    let mut out = Vec::new();
    for u in uses {
        match u {
            RefUse::Ref(r) => out.push(match r.target {
                Target::Comp(c) | Target::CompAttr(c, _) => Node::Component(c),
                Target::Feat(f) | Target::Attr(f, _) => Node::Feature(f),
                Target::Value(f, v) => Node::Value(f, v),
            }),
            RefUse::Total(a) => {
                for (i, c) in model.components.iter().enumerate() {
                    if c.attrs.iter().any(|(x, _)| x == a) {
                        out.push(Node::Component(CompId(i as u32)));
                    }
                }
                for (i, f) in model.features.iter().enumerate() {
                    let has = match &f.kind {
                        FeatureKind::Bool { attrs, .. } => attrs.iter().any(|(x, _)| x == a),
                        k => k
                            .values()
                            .iter()
                            .any(|v| v.attrs.iter().any(|(x, _)| x == a)),
                    };
                    if has {
                        out.push(Node::Feature(FeatId(i as u32)));
                    }
                }
            }
            RefUse::Price => {
                for (i, c) in model.components.iter().enumerate() {
                    if !c.price.is_zero() {
                        out.push(Node::Component(CompId(i as u32)));
                    }
                }
                for (i, f) in model.features.iter().enumerate() {
                    let priced = match &f.kind {
                        FeatureKind::Bool { price, .. } => !price.is_zero(),
                        FeatureKind::Int { price_each, .. } => !price_each.is_zero(),
                        k => k.values().iter().any(|v| !v.price.is_zero()),
                    };
                    if priced {
                        out.push(Node::Feature(FeatId(i as u32)));
                    }
                }
            }
        }
    }
    out
}

impl RuleRef {
    /// The rule's id as explanations show it.
    pub fn id(self, model: &Model) -> &str {
        match self {
            RuleRef::Constraint(i) => &model.constraints[i].id,
            RuleRef::Preference(i) => &model.preferences[i].id,
            RuleRef::Adjustment(i) => &model.adjustments[i].id,
        }
    }

    pub fn kind(self) -> &'static str {
        match self {
            RuleRef::Constraint(_) => "constraint",
            RuleRef::Preference(_) => "preference",
            RuleRef::Adjustment(_) => "adjustment",
        }
    }
}
