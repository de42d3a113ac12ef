//! Ranges as bounds: a wide int held to a range, told to the solver as a linear bound on its
//! definition (`encode/defined.rs`), which it propagates by bounds (`solve/linear.rs`).
//!
//! Each int the definition adds up becomes one part of the bound: its possible numbers (root
//! range and class, at most [`MAX_VALUES`]) as exclusive literals `offset = v`. Exactly one
//! holds, so the solver sees each int's true least and greatest (a bike's price 20..160, not
//! the 280 its parts add up to, which a count rule forbids) and a total near its greatest
//! rules out every cheap bike at once. A definition over choices only (a bike's price: wheels
//! and bags) is the bound on those choices.
//!
//! The range itself is told as bounds over the int's own bits (`Σ 2ⁱ·bᵢ ≤ hi`, and the same
//! over the negated bits for `lo`), which the solver drops after the call: a comparator gate
//! per asked range would stay in the formula for good, and a session's propagation slowed with
//! every click (a three-int catalog went from 27 ms to 700 ms per click in 50 clicks).
//!
//! Soundness: the definition holds in every configuration while every rule is on, each int's
//! numbers outside its root range and class are proven impossible then, and the call holds
//! the int to the range, so the bound loses no configuration the call asks about.

use super::parts::parts;
use super::session::Session;
use crate::budget::Budget;
use crate::encode::{int_scale, wide_offset_equals, FeatLits};
use crate::solve::{Lit, SolveResult};

/// Numbers an int may have, at most, to be one part of a bound.
const MAX_VALUES: i128 = 64;

/// Bits an int may have, at most, for its range to be a bound over them (each weight 2ⁱ, and
/// their sum, within 63 bits).
const MAX_BOUND_BITS: usize = 62;

/// A solver part list and its bound: `Σ parts ≤ bound`.
pub type Bound = (Vec<Vec<(i64, Lit)>>, i64);

/// [`Session::solve`] with wide ints held to offset ranges `(fi, (lo, hi))`: each range of an
/// int [`holds_by_bounds`] is enforced for this call by bounds over its bits (others the
/// caller holds by assumptions), and, with every rule on, each range of an int an equality
/// defines is also given as a linear bound on its definition, which the solver propagates by
/// bounds where over bits it would not see it.
pub fn solve_ranges(
    s: &mut Session,
    assumptions: &[Lit],
    ranges: &[(usize, (i128, i128))],
    budget: &Budget,
) -> SolveResult {
    let mut bounds: Vec<Bound> = ranges
        .iter()
        .flat_map(|&(fi, range)| own_bounds(s, fi, range))
        .collect();
    if s.every_rule_on(assumptions) {
        bounds.extend(range_bounds(s, ranges));
    }
    if bounds.is_empty() {
        return s.solve(assumptions, budget);
    }
    s.solve_with_bounds(assumptions, bounds, budget)
}

/// Whether [`solve_ranges`] holds wide int `fi` to its range by bounds over its bits (else the
/// caller must assume the range as literals).
pub fn holds_by_bounds(s: &Session, fi: usize) -> bool {
    matches!(&s.enc.layout.feats[fi].lits, FeatLits::Bits { bits, .. } if bits.len() <= MAX_BOUND_BITS)
}

/// `lo ≤ offset(fi) ≤ hi` over `fi`'s bits: `Σ 2ⁱ·bᵢ ≤ hi` and `Σ 2ⁱ·¬bᵢ ≤ (2ⁿ − 1) − lo`,
/// each bit its own part; none for an end the bits cannot pass, or an int too wide.
fn own_bounds(s: &Session, fi: usize, (lo, hi): (i128, i128)) -> Vec<Bound> {
    let FeatLits::Bits { bits, .. } = &s.enc.layout.feats[fi].lits else {
        return Vec::new();
    };
    if bits.len() > MAX_BOUND_BITS {
        return Vec::new();
    }
    let all = (1i128 << bits.len()) - 1;
    let over = |neg: bool| -> Vec<Vec<(i64, Lit)>> {
        bits.iter()
            .enumerate()
            .map(|(i, &b)| vec![(1i64 << i, if neg { !b } else { b })])
            .collect()
    };
    let mut out = Vec::new();
    if hi < all {
        out.push((over(false), hi.max(-1) as i64));
    }
    if lo > 0 {
        out.push((over(true), (all - lo).max(-1) as i64));
    }
    out
}

/// The bounds `lo ≤ offset(fi) ≤ hi` give for each `(fi, (lo, hi))` that has a definition
/// the solver can take.
pub fn range_bounds(s: &mut Session, ranges: &[(usize, (i128, i128))]) -> Vec<Bound> {
    let mut out = Vec::new();
    for &(fi, (lo, hi)) in ranges {
        for (sign, k) in [(1, hi), (-1, -lo)] {
            out.extend(definition_bound(s, fi, sign, k));
        }
    }
    out
}

/// `sign · offset(fi) ≤ k` over `fi`'s definition: the ints there by their numbers, every
/// other literal as it is. `None` without a definition, when an int there has too many
/// numbers or no proven range, or past 64 bits.
fn definition_bound(s: &mut Session, fi: usize, sign: i128, k: i128) -> Option<Bound> {
    let def = s.defined.get(&fi)?.clone();
    let ints = def.ints(&s.enc);
    let others: Vec<(i128, Lit)> = def
        .terms
        .iter()
        .filter(|(_, l)| !s.enc.bit_owner.contains_key(&l.var()))
        .copied()
        .collect();
    let mut out = parts(&others, sign, &s.enc.groups, &s.enc.layout)?;
    let mut bound = k.checked_sub(sign.checked_mul(def.constant)?)?;
    for g in ints {
        let d = int_scale(&s.enc, g, &def.terms)?.checked_mul(sign)?;
        let weights: Vec<(i128, i128)> = numbers(s, g)?
            .into_iter()
            .map(|v| Some((v, d.checked_mul(v)?)))
            .collect::<Option<_>>()?;
        // Exactly one number holds: the least weight moves into the bound.
        let least = weights.iter().map(|w| w.1).min()?;
        bound = bound.checked_sub(least)?;
        let mut part = Vec::new();
        for (v, w) in weights {
            let w = i64::try_from(w.checked_sub(least)?).ok()?;
            part.push((w, value_lit(s, g, v)));
        }
        out.push(part);
    }
    Some((out, i64::try_from(bound).ok()?))
}

/// The offsets wide int `g` can have with every rule on: its proven root range, in its class.
pub(super) fn numbers(s: &Session, g: usize) -> Option<Vec<i128>> {
    let &(lo, hi) = s.proven.get(&g)?;
    let (m, r) = s.enc.classes.get(&g).copied().unwrap_or((1, 0));
    let first = lo + (r - lo).rem_euclid(m);
    if first > hi || (hi - first) / m >= MAX_VALUES {
        return None;
    }
    Some(
        (0..)
            .map(|i| first + i * m)
            .take_while(|&v| v <= hi)
            .collect(),
    )
}

/// `offset(fi) = v`, a gate over the bits (made once per session).
pub(super) fn value_lit(s: &mut Session, fi: usize, v: i128) -> Lit {
    if let Some(&l) = s.value_lits.get(&(fi, v)) {
        return l;
    }
    let FeatLits::Bits { bits, .. } = &s.enc.layout.feats[fi].lits else {
        return s.enc.cnf.falsity();
    };
    let point = wide_offset_equals(bits, v);
    let l = s.enc.cnf.and(&point);
    s.value_lits.insert((fi, v), l);
    l
}
