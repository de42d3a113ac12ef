//! Reified linear constraints `Σ wᵢ·lᵢ ≥ K` as a literal, through an interval-memoised decision
//! diagram whose nodes are defined gates (after Abío et al., CP 2012). Literals that exclude each
//! other (the values of one feature) form one level with a branch per value, so a 600-value int
//! costs one level, not 600.

use super::cnf::Cnf;
use crate::solve::{Lit, Var};
use std::collections::{BTreeMap, HashMap};

/// Too many diagram nodes for one constraint: the rule is refused rather than encoded slowly.
pub const MAX_BDD_NODES: usize = 50_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TooLarge;

/// Which variables belong to a group of mutually exclusive literals (by group id).
pub type Groups = HashMap<Var, u32>;

/// How [`sum_at_least`] encodes a comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// A decision diagram (adders past [`MAX_BDD_NODES`]): propagates every value it rules out.
    Diagram,
    /// A sum the solver propagates by bounds (`Cnf::sum`).
    Sum,
    /// A diagram while it stays compact ([`compact_gates`]), else a sum: weights of many
    /// different sizes (prices, watts) leave few intervals shared, and the diagram then grows
    /// to hundreds of gates per part, which every solver call walks (BENCHMARKS.md, "Compact
    /// diagrams or sums").
    Compact,
}

/// The most gates a [`Form::Compact`] diagram over `branches` weighted literals may take.
pub fn compact_gates(branches: usize) -> usize {
    64 + 8 * branches
}

/// One level: exclusive literals with their weights; "none of them" weighs 0.
struct Level {
    branches: Vec<(i128, Lit)>,
}

/// A literal equivalent to `Σ w·l ≥ k` (weights of any sign; duplicates allowed).
pub fn at_least(
    cnf: &mut Cnf,
    terms: &[(i128, Lit)],
    k: i128,
    groups: &Groups,
) -> Result<Lit, TooLarge> {
    sum_at_least(cnf, terms, k, groups, Form::Diagram)
}

/// As [`at_least`], in the given form: kept as a sum the solver propagates itself (`Cnf::sum`)
/// for a rule's sum over many instances, which as clauses the search cannot see until every
/// input is set, or for one whose diagram would not be compact.
pub fn sum_at_least(
    cnf: &mut Cnf,
    terms: &[(i128, Lit)],
    k: i128,
    groups: &Groups,
    form: Form,
) -> Result<Lit, TooLarge> {
    let (levels, k) = levels(cnf, terms, k, groups);
    let limit = match form {
        Form::Diagram => Some(MAX_BDD_NODES),
        Form::Sum => None,
        Form::Compact => Some(compact_gates(levels.iter().map(|l| l.branches.len()).sum())),
    };
    if let Some(limit) = limit {
        let cp = cnf.checkpoint();
        match diagram(cnf, &levels, k, limit) {
            Ok(l) => return Ok(l),
            // The diagram's partial gates are dropped; adders or the sum replace it.
            Err(TooLarge) => cnf.rollback(cp),
        }
    }
    if form == Form::Diagram {
        return Ok(adders(cnf, &levels, k));
    }
    let (mut lo, mut hi) = (0i128, 0i128);
    for l in &levels {
        let ws = l.branches.iter().map(|b| b.0);
        lo += ws.clone().min().unwrap_or(0).min(0);
        hi += ws.max().unwrap_or(0).max(0);
    }
    if k <= lo {
        return Ok(cnf.truth());
    }
    if k > hi {
        return Ok(cnf.falsity());
    }
    Ok(cnf.sum(levels.into_iter().map(|l| l.branches).collect(), k))
}

/// `Σ w·l ≤ k` as [`sum_at_least`] makes it.
pub fn sum_at_most(
    cnf: &mut Cnf,
    terms: &[(i128, Lit)],
    k: i128,
    groups: &Groups,
    form: Form,
) -> Result<Lit, TooLarge> {
    let neg: Vec<(i128, Lit)> = terms.iter().map(|&(w, l)| (-w, l)).collect();
    sum_at_least(cnf, &neg, -k, groups, form)
}

/// The terms over positive literals, merged per variable and grouped into levels (one per
/// feature's exclusive values, one per other literal), with constants folded into `k`.
fn levels(cnf: &Cnf, terms: &[(i128, Lit)], k: i128, groups: &Groups) -> (Vec<Level>, i128) {
    let mut k = k;
    // Positive literals only: w·¬x = w − w·x.
    let mut by_var: BTreeMap<u32, i128> = BTreeMap::new();
    for &(w, l) in terms {
        if w == 0 {
            continue;
        }
        if cnf.is_const(l) {
            if l == cnf.truth() {
                k -= w;
            }
            continue;
        }
        let e = by_var.entry(l.var().0).or_insert(0);
        if l.is_negated() {
            k -= w;
            *e -= w;
        } else {
            *e += w;
        }
    }
    let mut levels: Vec<Level> = Vec::new();
    let mut level_of_group: HashMap<u32, usize> = HashMap::new();
    for (v, w) in by_var {
        if w == 0 {
            continue;
        }
        let x = Lit::pos(Var(v));
        match groups.get(&Var(v)) {
            Some(g) => {
                let i = *level_of_group.entry(*g).or_insert_with(|| {
                    levels.push(Level {
                        branches: Vec::new(),
                    });
                    levels.len() - 1
                });
                levels[i].branches.push((w, x));
            }
            None => levels.push(Level {
                branches: vec![(w, x)],
            }),
        }
    }
    (levels, k)
}

/// The decision diagram of `levels ≥ k`, or `TooLarge` past `limit` gates.
fn diagram(cnf: &mut Cnf, levels: &[Level], k: i128, limit: usize) -> Result<Lit, TooLarge> {
    // Heaviest levels first (stable): the remaining levels then add up to little, so few
    // intervals of k stay distinct per level; for the bits of wide ints this keeps a diagram
    // linear in the number of bits instead of exponential.
    // Only sums of single literals are reordered: levels of a feature's values keep the order
    // the catalog gives them, which the price diagrams were measured with.
    let mut order: Vec<&Level> = levels.iter().collect();
    if levels.iter().all(|l| l.branches.len() == 1) {
        order.sort_by_key(|l| std::cmp::Reverse(l.branches[0].0.abs()));
    }
    // Bounds of what the levels from i on can still add ("none" adds 0).
    let n = order.len();
    let (mut lo, mut hi) = (vec![0i128; n + 1], vec![0i128; n + 1]);
    for i in (0..n).rev() {
        let ws = order[i].branches.iter().map(|b| b.0);
        lo[i] = lo[i + 1] + ws.clone().min().unwrap_or(0).min(0);
        hi[i] = hi[i + 1] + ws.max().unwrap_or(0).max(0);
    }
    let mut d = Diagram {
        cnf,
        levels: &order,
        lo: &lo,
        hi: &hi,
        memo: vec![BTreeMap::new(); n],
        gates: 0,
        limit,
    };
    d.build(0, k).map(|(l, _, _)| l)
}

/// `levels ≥ k` as an adder network: exact and compact, with weaker propagation.
fn adders(cnf: &mut Cnf, levels: &[Level], k: i128) -> Lit {
    // Positive weights for the adder: w·x with w < 0 is w + (−w)·¬x.
    let mut items = Vec::new();
    let mut k = k;
    for lv in levels {
        for &(w, x) in &lv.branches {
            if w > 0 {
                items.push((w, x));
            } else {
                k -= w;
                items.push((-w, !x));
            }
        }
    }
    super::adder::at_least_positive(cnf, &items, k)
}

/// `Σ w·l ≤ k`.
pub fn at_most(
    cnf: &mut Cnf,
    terms: &[(i128, Lit)],
    k: i128,
    groups: &Groups,
) -> Result<Lit, TooLarge> {
    sum_at_most(cnf, terms, k, groups, Form::Diagram)
}

struct Diagram<'a> {
    cnf: &'a mut Cnf,
    levels: &'a [&'a Level],
    lo: &'a [i128],
    hi: &'a [i128],
    /// Per level: interval start β → (interval end γ, node).
    memo: Vec<BTreeMap<i128, (i128, Lit)>>,
    gates: usize,
    /// Past this many gates the diagram is abandoned (`TooLarge`).
    limit: usize,
}

impl Diagram<'_> {
    /// The node for "levels i.. add at least k", with the interval of k it stands for.
    fn build(&mut self, i: usize, k: i128) -> Result<(Lit, i128, i128), TooLarge> {
        if k <= self.lo[i] {
            return Ok((self.cnf.truth(), i128::MIN, self.lo[i]));
        }
        if k > self.hi[i] {
            return Ok((self.cnf.falsity(), self.hi[i] + 1, i128::MAX));
        }
        if let Some((&start, &(end, node))) = self.memo[i].range(..=k).next_back() {
            if k <= end {
                return Ok((node, start, end));
            }
        }
        let level = &self.levels[i];
        self.gates += level.branches.len() + 1;
        if self.gates > self.limit {
            return Err(TooLarge);
        }
        let (none, mut start, mut end) = self.build(i + 1, k)?;
        let mut children = Vec::with_capacity(level.branches.len());
        for &(w, x) in &level.branches {
            let (c, b, g) = self.build(i + 1, k - w)?;
            start = start.max(b.saturating_add(w));
            end = end.min(g.saturating_add(w));
            children.push((x, c));
        }
        let node = if let [(x, c)] = children.as_slice() {
            self.cnf.ite(*x, *c, none)
        } else if children.iter().all(|&(_, c)| c == none) {
            none
        } else {
            // Exactly one branch (or none) holds: node ↔ ∨ (xᵢ ∧ cᵢ) ∨ (no xᵢ ∧ c_none).
            let xs: Vec<Lit> = children.iter().map(|&(x, _)| x).collect();
            let any = self.cnf.or(&xs);
            let mut alts = vec![self.cnf.and(&[!any, none])];
            for &(x, c) in &children {
                alts.push(self.cnf.and(&[x, c]));
            }
            self.cnf.or(&alts)
        };
        self.memo[i].insert(start, (end, node));
        Ok((node, start, end))
    }
}
