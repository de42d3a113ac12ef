//! A table as a reduced multi-valued decision diagram: one level per column, one edge per value
//! slot, equal sub-diagrams shared. Real catalog tables (Renault's have up to thousands of rows)
//! shrink by an order of magnitude, and with it the encoding the solver walks on every call.

use crate::model::{Table, TableCell};
use rustc_hash::{FxBuildHasher, FxHashMap as HashMap};
use std::hash::BuildHasher;

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
        edges: Vec::new(),
        memo: HashMap::default(),
        mdd: Mdd {
            nodes: vec![Node {
                level: slots.len() as u32,
                edges: Vec::new(),
            }],
            root: 0,
        },
    };
    match plain_rows(t, slots) {
        Some(sorted) => b.mdd.root = b.sorted_node(0, &sorted)?,
        None => {
            let all: Vec<u32> = (0..t.row_count() as u32).collect();
            b.mdd.root = b.node(0, all)?;
        }
    }
    Some(b.mdd)
}

/// The rows of a table of single values within their slots (most big tables), sorted, without
/// repeats and laid out row after row (`n` slots each): rows sharing a prefix are then
/// neighbours in memory, so each node is a run of rows and needs no memo keyed by row sets.
/// None when a cell is `*`, a list of alternatives or out of range.
fn plain_rows(t: &Table, slots: &[u32]) -> Option<Vec<u32>> {
    let n = slots.len();
    let mut flat = Vec::with_capacity(t.cells.len());
    for (i, c) in t.cells.iter().enumerate() {
        match c {
            TableCell::One(v) if *v < slots[i % n] => flat.push(*v),
            _ => return None,
        }
    }
    let row = |r: u32| &flat[r as usize * n..(r as usize + 1) * n];
    let mut order: Vec<u32> = (0..(flat.len() / n) as u32).collect();
    order.sort_unstable_by(|&a, &b| row(a).cmp(row(b)));
    order.dedup_by(|a, b| row(*a) == row(*b));
    let mut sorted = Vec::with_capacity(order.len() * n);
    for r in order {
        sorted.extend_from_slice(row(r));
    }
    Some(sorted)
}

#[cfg(test)]
fn slot(c: &TableCell) -> u32 {
    match c {
        TableCell::One(v) => *v,
        _ => 0,
    }
}

struct Builder<'a> {
    t: &'a Table,
    slots: &'a [u32],
    limit: usize,
    size: usize,
    /// Reduction: the hash of a node's level and edges → the ids of the nodes with that hash
    /// (nearly always one).
    unique: HashMap<u64, Vec<u32>>,
    /// The edges of the nodes being built, innermost last.
    edges: Vec<(u32, u32)>,
    /// The rows still possible at a level → the node they lead to.
    memo: HashMap<(u32, Vec<u32>), u32>,
    mdd: Mdd,
}

impl Builder<'_> {
    /// The node for sorted plain `rows` (non-empty, `n` slots each, agreeing up to `level`):
    /// children are built in ascending slot order, as `node` builds them, so both give the same
    /// numbering.
    fn sorted_node(&mut self, level: u32, rows: &[u32]) -> Option<u32> {
        let n = self.slots.len();
        if level as usize == n {
            return Some(0);
        }
        // Edges go on a stack shared by all levels: a node that exists already (most of them,
        // where rows end alike) costs no allocation.
        let mark = self.edges.len();
        let count = rows.len() / n;
        let at_level = |r: usize| rows[r * n + level as usize];
        let mut at = 0;
        while at < count {
            let v = at_level(at);
            let mut end = at + 1;
            while end < count && at_level(end) == v {
                end += 1;
            }
            let child = self.sorted_node(level + 1, &rows[at * n..end * n]);
            let Some(child) = child else {
                self.edges.truncate(mark);
                return None;
            };
            self.edges.push((v, child));
            at = end;
        }
        let id = self.intern(level, mark);
        self.edges.truncate(mark);
        id
    }

    /// The id of the node at `level` whose edges are `self.edges[mark..]`, a new one unless an
    /// equal node exists.
    fn intern(&mut self, level: u32, mark: usize) -> Option<u32> {
        let edges = &self.edges[mark..];
        let hash = FxBuildHasher.hash_one((level, edges));
        let nodes = &self.mdd.nodes;
        let same = |id: &u32| {
            let n = &nodes[*id as usize];
            n.level == level && n.edges == edges
        };
        let ids = self.unique.entry(hash).or_default();
        if let Some(&id) = ids.iter().find(|id| same(id)) {
            return Some(id);
        }
        self.size += 1 + edges.len();
        if self.size > self.limit {
            return None;
        }
        let id = nodes.len() as u32;
        ids.push(id);
        self.mdd.nodes.push(Node {
            level,
            edges: edges.to_vec(),
        });
        Some(id)
    }

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
        let mark = self.edges.len();
        self.edges.extend(edges);
        let id = self.intern(level, mark);
        self.edges.truncate(mark);
        let id = id?;
        self.memo.insert(key, id);
        Some(id)
    }
}

fn push(split: &mut [Vec<u32>], v: u32, r: u32) {
    if let Some(s) = split.get_mut(v as usize) {
        s.push(r);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Column, ColumnKind, FeatId, Ref, TableKind, Target};

    /// A table with `rows` of plain cells over columns of `slots` values.
    fn table(slots: &[u32], rows: &[Vec<u32>]) -> Table {
        let columns = (0..slots.len())
            .map(|i| Column {
                target: Ref {
                    target: Target::Feat(FeatId(i as u32)),
                    indices: Vec::new(),
                },
                kind: ColumnKind::Values(slots[i]),
            })
            .collect();
        Table {
            kind: TableKind::Allow,
            columns,
            cells: rows.iter().flatten().map(|&v| TableCell::One(v)).collect(),
            alts: Vec::new(),
        }
    }

    #[test]
    fn sorted_path_builds_the_memo_paths_diagram() {
        let mut seed = 7u64;
        let mut next = |m: u32| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((seed >> 33) % u64::from(m)) as u32
        };
        for case in 0..200 {
            let slots: Vec<u32> = (0..1 + case % 5).map(|_| 1 + next(4)).collect();
            let rows: Vec<Vec<u32>> = (0..1 + next(40))
                .map(|_| slots.iter().map(|&s| next(s)).collect())
                .collect();
            let t = table(&slots, &rows);
            let sorted = build(&t, &slots, usize::MAX).unwrap();
            // The memo path sees the same table with one cell written as a one-value list.
            let mut alt = t.clone();
            let v = slot(&alt.cells[0]);
            alt.alts.push(v);
            alt.cells[0] = TableCell::Alts { start: 0, len: 1 };
            let memo = build(&alt, &slots, usize::MAX).unwrap();
            assert_eq!(sorted.root, memo.root, "{rows:?}");
            assert_eq!(sorted.nodes, memo.nodes, "{rows:?}");
        }
    }
}
