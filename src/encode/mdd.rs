//! A table as a reduced multi-valued decision diagram: one level per column, one edge per value
//! slot, equal sub-diagrams shared. Real catalog tables (Renault's have up to thousands of rows)
//! shrink by an order of magnitude, and with it the encoding the solver walks on every call.

use crate::model::{Table, TableCell};
use rustc_hash::FxHashMap as HashMap;

/// Node 0 is the accepting terminal; every other node has a level (its column) and edges.
#[derive(Debug, Default)]
pub struct Mdd {
    pub nodes: Vec<Node>,
    pub root: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Node {
    pub level: u32,
    /// (value slot, child node), slots ascending.
    pub edges: Vec<(u32, u32)>,
}

/// The diagram of `t`'s rows, where column `j` has `slots[j]` value slots and `*` admits every
/// slot; `None` when the table has no rows or the diagram grows past `limit` nodes and edges.
pub fn build(t: &Table, slots: &[u32], limit: usize) -> Option<Mdd> {
    if t.row_count() == 0 || slots.len() != t.columns.len() {
        return None;
    }
    let mut b = Builder {
        t,
        slots,
        limit,
        size: 0,
        unique: HashMap::default(),
        memo: HashMap::default(),
        mdd: Mdd {
            nodes: vec![Node {
                level: slots.len() as u32,
                edges: Vec::new(),
            }],
            root: 0,
        },
    };
    let all: Vec<u32> = (0..t.row_count() as u32).collect();
    b.mdd.root = b.node(0, all)?;
    Some(b.mdd)
}

struct Builder<'a> {
    t: &'a Table,
    slots: &'a [u32],
    limit: usize,
    size: usize,
    /// Reduction: a node's level and edges → its id.
    unique: HashMap<Node, u32>,
    /// The rows still possible at a level → the node they lead to.
    memo: HashMap<(u32, Vec<u32>), u32>,
    mdd: Mdd,
}

impl Builder<'_> {
    /// The node for `rows` (non-empty) at `level`; depth is the number of columns.
    fn node(&mut self, level: u32, rows: Vec<u32>) -> Option<u32> {
        if level as usize == self.slots.len() {
            return Some(0);
        }
        let key = (level, rows);
        if let Some(&n) = self.memo.get(&key) {
            return Some(n);
        }
        let rows = &key.1;
        let slots = self.slots[level as usize];
        let mut split: Vec<Vec<u32>> = vec![Vec::new(); slots as usize];
        for &r in rows {
            match self.t.row(r as usize)[level as usize] {
                TableCell::Any => split.iter_mut().for_each(|s| s.push(r)),
                TableCell::One(v) => push(&mut split, v, r),
                TableCell::Alts { start, len } => {
                    for &v in &self.t.alts[start as usize..(start + len) as usize] {
                        push(&mut split, v, r);
                    }
                }
            }
        }
        let mut edges = Vec::new();
        for (v, sub) in split.into_iter().enumerate() {
            if !sub.is_empty() {
                edges.push((v as u32, self.node(level + 1, sub)?));
            }
        }
        let node = Node { level, edges };
        let id = match self.unique.get(&node) {
            Some(&id) => id,
            None => {
                self.size += 1 + node.edges.len();
                if self.size > self.limit {
                    return None;
                }
                let id = self.mdd.nodes.len() as u32;
                self.mdd.nodes.push(node.clone());
                self.unique.insert(node, id);
                id
            }
        };
        self.memo.insert(key, id);
        Some(id)
    }
}

fn push(split: &mut [Vec<u32>], v: u32, r: u32) {
    if let Some(s) = split.get_mut(v as usize) {
        s.push(r);
    }
}
