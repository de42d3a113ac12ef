//! Reified linear constraints `Σ wᵢ·lᵢ ≥ K` as a literal, through an interval-memoised BDD whose
//! nodes are defined gates (Abío, Nieuwenhuis, Oliveras, Rodríguez-Carbonell, CP 2012).

use super::cnf::Cnf;
use crate::solve::Lit;
use std::collections::BTreeMap;

/// Too many BDD nodes for one constraint: the rule is refused rather than encoded slowly.
pub const MAX_BDD_NODES: usize = 200_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TooLarge;

/// A literal equivalent to `Σ w·l ≥ k` (weights of any sign; duplicate literals allowed).
pub fn at_least(cnf: &mut Cnf, terms: &[(i128, Lit)], k: i128) -> Result<Lit, TooLarge> {
    // Normalise: positive weights on distinct variables.
    let mut k = k;
    let mut by_var: BTreeMap<u32, (i128, Lit)> = BTreeMap::new();
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
        let e = by_var.entry(l.var().0).or_insert((0, Lit::pos(l.var())));
        // w·¬x = w - w·x
        if l.is_negated() {
            k -= w;
            e.0 -= w;
        } else {
            e.0 += w;
        }
    }
    let mut items: Vec<(i128, Lit)> = Vec::new();
    for (_, (w, x)) in by_var {
        if w > 0 {
            items.push((w, x));
        } else if w < 0 {
            // w·x = w + (-w)·¬x
            k -= w;
            items.push((-w, !x));
        }
    }
    // Larger weights first keeps the diagram small.
    items.sort_by(|a, b| b.0.cmp(&a.0));
    let mut rest = vec![0i128; items.len() + 1];
    for i in (0..items.len()).rev() {
        rest[i] = rest[i + 1] + items[i].0;
    }
    let mut b = Bdd {
        cnf,
        items: &items,
        rest: &rest,
        memo: vec![BTreeMap::new(); items.len()],
        nodes: 0,
    };
    b.build(0, k).map(|(l, _, _)| l)
}

/// `Σ w·l ≤ k`.
pub fn at_most(cnf: &mut Cnf, terms: &[(i128, Lit)], k: i128) -> Result<Lit, TooLarge> {
    let neg: Vec<(i128, Lit)> = terms.iter().map(|&(w, l)| (-w, l)).collect();
    at_least(cnf, &neg, -k)
}

struct Bdd<'a> {
    cnf: &'a mut Cnf,
    items: &'a [(i128, Lit)],
    rest: &'a [i128],
    /// Per level: interval start β → (interval end γ, node).
    memo: Vec<BTreeMap<i128, (i128, Lit)>>,
    nodes: usize,
}

impl Bdd<'_> {
    /// The node for `Σ_{j≥i} w_j x_j ≥ k`, with the interval of `k` it is valid for.
    fn build(&mut self, i: usize, k: i128) -> Result<(Lit, i128, i128), TooLarge> {
        if k <= 0 {
            return Ok((self.cnf.truth(), i128::MIN, 0));
        }
        if k > self.rest[i] {
            return Ok((self.cnf.falsity(), self.rest[i] + 1, i128::MAX));
        }
        if let Some((_, &(end, node))) = self.memo[i].range(..=k).next_back() {
            if k <= end {
                let start = *self.memo[i]
                    .range(..=k)
                    .next_back()
                    .map(|(s, _)| s)
                    .unwrap_or(&k);
                return Ok((node, start, end));
            }
        }
        self.nodes += 1;
        if self.nodes > MAX_BDD_NODES {
            return Err(TooLarge);
        }
        let (w, x) = self.items[i];
        let (hi, bh, gh) = self.build(i + 1, k - w)?;
        let (lo, bl, gl) = self.build(i + 1, k)?;
        let start = bh.saturating_add(w).max(bl);
        let end = gh.saturating_add(w).min(gl);
        let node = self.cnf.ite(x, hi, lo);
        self.memo[i].insert(start, (end, node));
        Ok((node, start, end))
    }
}
