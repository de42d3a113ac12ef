//! Defined ints: a wide int that an equality true at the root makes equal to a sum
//! (`bike.price = frontWheel.price + rearWheel.price + sum(bags)`, `total = sum(bike.price)`),
//! solved for it: `offset = constant + Σ terms`.
//!
//! Why: a range asked of a wide int is a bound over its bits, and the solver propagates that
//! bit by bit, so it does not see that a fleet's total near its greatest needs every bike near
//! its dearest until it has chosen most of them. The same range as a bound on the definition,
//! with each int it adds up seen as its few possible numbers, is a linear bound the solver
//! propagates by bounds (`solve/linear.rs`; `engine/range_bounds.rs` builds it): travel-bike
//! with 15 bikes went from no answer in 60 s to 12-18 s (BENCHMARKS.md, "Ranges as bounds").
//!
//! Soundness: the equality holds in every configuration while every rule is on (its literal
//! is true at the root), so `offset = constant + Σ terms` there, and a range of the offset is
//! the same range of the sum: assuming it loses no configuration. Only used with every rule on.

use super::{Encoding, FeatLits};
use crate::solve::Lit;
use std::collections::{BTreeMap, HashMap};

/// `offset = constant + Σ w·l` (the terms may be other ints' bits).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Definition {
    pub constant: i128,
    pub terms: Vec<(i128, Lit)>,
}

impl Definition {
    /// The wide ints whose bits the definition reads, each once, in order.
    pub fn ints(&self, enc: &Encoding) -> Vec<usize> {
        let mut ints: Vec<usize> = self
            .terms
            .iter()
            .filter_map(|(_, l)| enc.bit_owner.get(&l.var()).copied())
            .collect();
        ints.sort_unstable();
        ints.dedup();
        ints
    }
}

/// The bits of `fi` among `terms` as one `d · offset` (bit i weighing `d · 2ⁱ`), if they are.
pub fn int_scale(enc: &Encoding, fi: usize, terms: &[(i128, Lit)]) -> Option<i128> {
    let FeatLits::Bits { bits, .. } = &enc.layout.feats[fi].lits else {
        return None;
    };
    let mut weights = BTreeMap::new();
    for &(w, l) in terms {
        if enc.bit_owner.get(&l.var()) == Some(&fi) {
            *weights.entry(l).or_insert(0) += w;
        }
    }
    scale(bits, &weights)
}

/// Per wide int, the equality true at the root (`root`: a literal's value with every rule on and
/// no choice) that has it with coefficient ±1 and reads the fewest bits of other ints, solved
/// for it. (The fleet's `total = Σ prices` also has each price with coefficient −1, but each
/// price has its own equality over wheels and bags, and that one says more.)
pub fn definitions(
    enc: &Encoding,
    root: &dyn Fn(Lit) -> Option<bool>,
) -> HashMap<usize, Definition> {
    let true_at_root = enc
        .comparisons
        .iter()
        .filter(|f| root(f.cond) == Some(true));
    let mut by_cond: BTreeMap<Lit, Vec<&super::LeForm>> = BTreeMap::new();
    for f in true_at_root {
        by_cond.entry(f.cond).or_default().push(f);
    }
    // Per int: (other bits read, the definition).
    let mut best: HashMap<usize, (usize, Definition)> = HashMap::new();
    for fs in by_cond.values() {
        // An equality is two forms with opposite terms and bounds under one literal.
        let Some(f) = fs.iter().find(|f| fs.iter().any(|g| g.opposes(f))) else {
            continue;
        };
        let mut by_int: BTreeMap<usize, BTreeMap<Lit, i128>> = BTreeMap::new();
        for &(w, l) in &f.terms {
            if let Some(&fi) = enc.bit_owner.get(&l.var()) {
                *by_int.entry(fi).or_default().entry(l).or_insert(0) += w;
            }
        }
        let all_bits: usize = by_int.values().map(BTreeMap::len).sum();
        for (fi, weights) in &by_int {
            let FeatLits::Bits { bits, .. } = &enc.layout.feats[*fi].lits else {
                continue;
            };
            let Some(c) = scale(bits, weights).filter(|c| c.abs() == 1) else {
                continue;
            };
            let others = all_bits - weights.len();
            if best.get(fi).is_some_and(|b| b.0 <= others) {
                continue;
            }
            // c·offset + rest = bound, c = ±1: offset = c·bound − c·rest.
            let rest = f
                .terms
                .iter()
                .filter(|(_, l)| enc.bit_owner.get(&l.var()) != Some(fi))
                .map(|&(w, l)| (-c * w, l))
                .collect();
            let def = Definition {
                constant: c * f.bound,
                terms: rest,
            };
            best.insert(*fi, (others, def));
        }
    }
    best.into_iter().map(|(fi, (_, d))| (fi, d)).collect()
}

/// `d` when bit i weighs `d · 2ⁱ` for every bit of the int (each bit there, positive).
fn scale(bits: &[Lit], weights: &BTreeMap<Lit, i128>) -> Option<i128> {
    if weights.len() != bits.len() {
        return None;
    }
    let d = *weights.get(&bits[0])?;
    bits.iter()
        .enumerate()
        .all(|(i, b)| {
            weights
                .get(b)
                .and_then(|&w| d.checked_mul(1 << i).map(|x| x == w))
                == Some(true)
        })
        .then_some(d)
}
