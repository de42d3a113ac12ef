//! Spread witnesses: to show that a defined int (`encode/defined.rs`, `total = Σ bike.price`)
//! can be one number, first guess a number for each int its definition adds up that together
//! give it, and ask the solver for a configuration with those.
//!
//! Why: asked for a total alone, the solver decides the bits of the sum before the prices that
//! make it, and searches subsets of bikes that add up to it: 25 ms per total at 15 bikes, 211
//! totals per click. With every price assumed, each bike is a small problem of its own.
//!
//! Soundness: a guess only narrows one call, and only a model it finds is used (as any
//! witness is); when the guess is wrong (a number a part cannot have, parts that constrain
//! each other), the caller asks again without it.

use super::range_bounds::{numbers, value_lit};
use super::session::Session;
use crate::encode::int_scale;
use crate::solve::Lit;
use std::collections::HashSet;

/// Parts a spread handles, at most.
const MAX_PARTS: usize = 1000;

/// Literals that fix each int of wide int `fi`'s definition to a number such that the
/// definition gives offset `o`; `None` without a definition over ints alone, when a part's
/// numbers are not known (`range_bounds::numbers`), or when no guess adds up.
pub fn spread(s: &mut Session, fi: usize, o: i128) -> Option<Vec<Lit>> {
    let def = s.definition(fi)?.clone();
    let ints = def.ints(&s.enc);
    let over_ints_alone = def
        .terms
        .iter()
        .all(|(_, l)| s.enc.bit_owner.contains_key(&l.var()));
    if ints.is_empty() || ints.len() > MAX_PARTS || !over_ints_alone {
        return None;
    }
    // Per part: what each of its numbers adds, ascending.
    let mut parts: Vec<(usize, Vec<(i128, i128)>)> = Vec::new();
    for &g in &ints {
        let d = int_scale(&s.enc, g, &def.terms)?;
        let mut adds: Vec<(i128, i128)> = numbers(s, g)?
            .into_iter()
            .map(|v| Some((d.checked_mul(v)?, v)))
            .collect::<Option<_>>()?;
        adds.sort_unstable();
        parts.push((g, adds));
    }
    let picks = fill(o.checked_sub(def.constant)?, &parts)?;
    Some(picks.into_iter().map(|(g, v)| value_lit(s, g, v)).collect())
}

/// Sums a fill keeps track of, at most, before it settles for the greedy one.
const MAX_SUMS: usize = 1 << 16;

/// A number per part (`(add, number)` pairs, ascending by add) whose adds make `target`: the
/// sums each prefix of parts can reach, kept only where the parts after it can still make up
/// the rest, then walked back. Past [`MAX_SUMS`], the greedy fill. `None`: no such numbers
/// (or none the greedy fill finds).
fn fill(target: i128, parts: &[(usize, Vec<(i128, i128)>)]) -> Option<Vec<(usize, i128)>> {
    // rest[i]: least and greatest sum of parts i.. .
    let mut rest = vec![(0i128, 0i128); parts.len() + 1];
    for (i, (_, adds)) in parts.iter().enumerate().rev() {
        let (lo, hi) = (adds.first()?.0, adds.last()?.0);
        rest[i] = (
            rest[i + 1].0.checked_add(lo)?,
            rest[i + 1].1.checked_add(hi)?,
        );
    }
    let fits = |sum: i128, i: usize| {
        let left = target - sum;
        rest[i].0 <= left && left <= rest[i].1
    };
    // reach[i]: sums of parts ..i that parts i.. can complete.
    let mut reach: Vec<HashSet<i128>> = vec![HashSet::from([0])];
    let mut kept = 1;
    for (i, (_, adds)) in parts.iter().enumerate() {
        let next: HashSet<i128> = reach[i]
            .iter()
            .flat_map(|&sum| adds.iter().map(move |&(add, _)| sum + add))
            .filter(|&sum| fits(sum, i + 1))
            .collect();
        kept += next.len();
        if next.is_empty() {
            return None;
        }
        if kept > MAX_SUMS {
            return greedy(target, parts, &rest);
        }
        reach.push(next);
    }
    let mut out = Vec::with_capacity(parts.len());
    let mut left = target;
    for (i, (g, adds)) in parts.iter().enumerate().rev() {
        let &(add, v) = adds
            .iter()
            .rev()
            .find(|&&(add, _)| reach[i].contains(&(left - add)))?;
        out.push((*g, v));
        left -= add;
    }
    out.reverse();
    Some(out)
}

/// Each part in turn takes the most it can while the parts after it can still make up the
/// rest (`rest`: their least and greatest sums), so the last one takes the remainder.
fn greedy(
    target: i128,
    parts: &[(usize, Vec<(i128, i128)>)],
    rest: &[(i128, i128)],
) -> Option<Vec<(usize, i128)>> {
    let mut left = target;
    let mut out = Vec::with_capacity(parts.len());
    for (i, (g, adds)) in parts.iter().enumerate() {
        let (lo, hi) = rest[i + 1];
        let &(add, v) = adds
            .iter()
            .rev()
            .find(|&&(add, _)| left - add >= lo && left - add <= hi)?;
        out.push((*g, v));
        left -= add;
    }
    (left == 0).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::fill;

    #[test]
    fn a_fill_adds_up_exactly_or_gives_none() {
        let tens: Vec<(i128, i128)> = (2..=16).map(|k| (10 * k, 10 * k)).collect();
        let parts: Vec<(usize, Vec<(i128, i128)>)> = (0..3).map(|g| (g, tens.clone())).collect();
        // Here each number adds itself, so the picks' numbers must add up to the target.
        let add_up = |t: i128, p: &[(usize, Vec<(i128, i128)>)]| {
            let picks = fill(t, p)?;
            let sum: i128 = picks.iter().map(|&(_, v)| v).sum();
            assert_eq!(sum, t, "{picks:?}");
            Some(picks.len())
        };
        for t in (60..=480).step_by(10) {
            assert_eq!(add_up(t, &parts), Some(3), "{t}");
        }
        assert_eq!(fill(55, &parts), None, "not in tens");
        assert_eq!(fill(490, &parts), None, "past 3 · 160");
        assert_eq!(fill(50, &parts), None, "below 3 · 20");
        // Scaled parts with gaps: 2 · x with x in 0..=3, and y in {0, 5}. The greedy fill
        // gives 9 = 6 + ... and fails; the exact one finds 4 + 5.
        let parts = vec![
            (7, (0..=3).map(|x| (2 * x, x)).collect()),
            (8, vec![(0, 0), (5, 5)]),
        ];
        assert_eq!(fill(9, &parts), Some(vec![(7, 2), (8, 5)]));
        assert_eq!(fill(7, &parts), Some(vec![(7, 1), (8, 5)]));
        assert_eq!(fill(1, &parts), None);
        assert_eq!(fill(3, &parts), None);
    }
}
