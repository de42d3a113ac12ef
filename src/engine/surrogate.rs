//! Surrogate bounds: an objective's bound plus λ times one of the rules' linear comparisons, as
//! one more linear constraint for the solver (λ ≥ 0, one per comparison, chosen once per
//! objective).
//!
//! Why: the solver propagates each linear constraint on its own, so proving that nothing costs
//! more than the best configuration found takes it through every combination of a knapsack (on
//! fitted-kitchen: wider cabinets cost more, and their widths must fit the wall; no proof came
//! in 120 s). With the objective's bound `S ≤ k` and a comparison `A ≤ b`, the sum
//! `S + λ·A ≤ k + λ·b` holds wherever both do, and its least possible value weighs each value
//! by its price less λ times what it uses of the comparison: the bound of the Lagrangian
//! relaxation, which proves most of what the two could only prove together.
//!
//! λ = n / SCALE is the one that raises that least possible value most (the Lagrangian dual:
//! concave in λ, found by ternary search over n): first for each comparison alone, then for all
//! of them together, one λ at a time, a few rounds (coordinate ascent). Comparisons that no λ
//! makes tighter than the objective alone are left out.
//!
//! Soundness: a surrogate is enforced under `act` and the literals of its comparisons, so it
//! only ever states what those imply, and the lemmas it leaves mention `¬act` like the
//! objective's own. λ only decides how strong a surrogate is, never whether it holds.

use super::parts::{group_of, parts};
use crate::encode::{FeatLits, Groups, Layout, LeForm};
use crate::solve::Lit;
use std::collections::HashMap;

/// λ's denominator.
const SCALE: i128 = 256;
/// Surrogates of one comparison each, at most: the ones gaining most.
const MAX_SINGLE: usize = 4;
/// Comparisons weighed per objective at most.
const MAX_WEIGHED: usize = 512;
/// Rounds of coordinate ascent for the surrogate of all comparisons together.
const ROUNDS: usize = 3;

/// `SCALE·S + Σ nᵢ·Aᵢ ≤ SCALE·k + Σ nᵢ·bᵢ` for the objective's bound `S ≤ k`, under `conds`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Surrogate {
    pub conds: Vec<Lit>,
    pub parts: Vec<Vec<(i64, Lit)>>,
    /// `Σ nᵢ·bᵢ`.
    shift: i128,
}

impl Surrogate {
    /// The surrogate's bound when the objective's is `k`; `None` past 64 bits.
    pub fn bound(&self, k: i128) -> Option<i64> {
        i64::try_from(SCALE.checked_mul(k)?.checked_add(self.shift)?).ok()
    }
}

/// The surrogates worth adding to the bound `Σ objective ≤ k` (weights already signed), over the
/// comparisons that hold in every configuration (`forced`: by the rules alone; a comparison
/// that holds only sometimes would weigh in where it does not apply).
pub fn surrogates(
    objective: &[(i128, Lit)],
    comparisons: &[LeForm],
    forced: &dyn Fn(Lit) -> bool,
    groups: &Groups,
    layout: &Layout,
) -> Vec<Surrogate> {
    let key = |l: Lit| {
        groups
            .get(&l.var())
            .map_or((false, l.var().0), |&g| (true, g))
    };
    let touched: std::collections::HashSet<(bool, u32)> =
        objective.iter().map(|&(_, l)| key(l)).collect();
    let bit_of = wide_bits(layout);
    let relaxed: Vec<LeForm> = comparisons
        .iter()
        .filter(|c| forced(c.cond) && c.terms.iter().any(|&(_, l)| touched.contains(&key(l))))
        .take(MAX_WEIGHED)
        .map(|c| without_wide(c, &bit_of, layout))
        .collect();
    let relevant: Vec<&LeForm> = relaxed.iter().collect();
    if relevant.is_empty() {
        return Vec::new();
    }
    let frame = Frame::new(objective, &relevant, groups, layout);
    let base = frame.objective.clone();
    let floor0 = frame.floor(&base);
    let mut out: Vec<(i128, Vec<(usize, i128)>)> = Vec::new();
    // Each comparison alone.
    let mut single: Vec<(i128, usize, i128)> = Vec::new();
    for j in 0..relevant.len() {
        let (n, v) = frame.ascend(&base, 0, j);
        if n > 0 && v > floor0 {
            single.push((v - floor0, j, n));
        }
    }
    single.sort_by(|a, b| b.0.cmp(&a.0));
    // All together: coordinate ascent from the best single ones.
    let mut lambda = vec![0i128; relevant.len()];
    let (mut w, mut shift) = (base.clone(), 0i128);
    for _ in 0..ROUNDS {
        for &(_, j, _) in &single {
            // Take comparison j out, find its best λ given the others, put it back.
            frame.add(&mut w, j, -lambda[j]);
            shift = shift.saturating_sub(lambda[j].saturating_mul(frame.bounds[j]));
            let (n, _) = frame.ascend(&w, shift, j);
            lambda[j] = n;
            frame.add(&mut w, j, n);
            shift = shift.saturating_add(n.saturating_mul(frame.bounds[j]));
        }
    }
    let together = frame.floor(&w).saturating_sub(shift);
    let used: Vec<(usize, i128)> = (0..relevant.len())
        .filter(|&j| lambda[j] > 0)
        .map(|j| (j, lambda[j]))
        .collect();
    if used.len() > 1 && together > floor0 {
        out.push((together - floor0, used));
    }
    out.extend(
        single
            .iter()
            .take(MAX_SINGLE)
            .map(|&(gain, j, n)| (gain, vec![(j, n)])),
    );
    out.into_iter()
        .filter_map(|(_, used)| {
            let mut t: Vec<(i128, Lit)> = objective
                .iter()
                .map(|&(w, l)| Some((SCALE.checked_mul(w)?, l)))
                .collect::<Option<_>>()?;
            let mut shift = 0i128;
            for &(j, n) in &used {
                for &(w, l) in &relevant[j].terms {
                    t.push((n.checked_mul(w)?, l));
                }
                shift = shift.checked_add(n.checked_mul(relevant[j].bound)?)?;
            }
            Some(Surrogate {
                conds: used.iter().map(|&(j, _)| relevant[j].cond).collect(),
                parts: parts(&t, 1, groups, layout)?,
                shift,
            })
        })
        .collect()
}

/// Bit variable of a wide int → (its feature instance, the bit's place).
fn wide_bits(layout: &Layout) -> HashMap<crate::solve::Var, (usize, usize)> {
    let mut out = HashMap::new();
    for (fi, f) in layout.feats.iter().enumerate() {
        if let FeatLits::Bits { bits, .. } = &f.lits {
            out.extend(bits.iter().enumerate().map(|(i, b)| (b.var(), (fi, i))));
        }
    }
    out
}

/// `c` with each wide int's bits replaced by the least they can add: `Σ w·2ⁱ·bitᵢ` is at
/// least `min(0, w·(max − min))`, which a weighing of the bits one by one cannot see (it reads
/// a run of at most 800 cm as up to 1023 past its minimum).
fn without_wide(
    c: &LeForm,
    bit_of: &HashMap<crate::solve::Var, (usize, usize)>,
    layout: &Layout,
) -> LeForm {
    let mut per_int: HashMap<usize, Vec<(usize, i128, Lit)>> = HashMap::new();
    let mut terms = Vec::new();
    for &(w, l) in &c.terms {
        match bit_of.get(&l.var()) {
            Some(&(fi, i)) if !l.is_negated() => per_int.entry(fi).or_default().push((i, w, l)),
            _ => terms.push((w, l)),
        }
    }
    let mut bound = c.bound;
    for (fi, bits) in per_int {
        let FeatLits::Bits { min, max, .. } = &layout.feats[fi].lits else {
            continue;
        };
        let unit = bits[0].1 >> bits[0].0;
        let proportional = bits.iter().all(|&(i, w, _)| w == unit << i);
        let least = if proportional {
            (unit * (i128::from(*max) - i128::from(*min))).min(0)
        } else {
            bits.iter().map(|&(_, w, _)| w.min(0)).sum()
        };
        bound -= least;
    }
    LeForm {
        cond: c.cond,
        terms,
        bound,
    }
}

/// The literals of an objective and its comparisons, indexed, with the solver's view of their
/// parts, so the least value of a weighing costs one pass over them.
struct Frame {
    /// SCALE × the objective, per literal index.
    objective: Vec<i128>,
    /// Per comparison: its terms by literal index, and its bound.
    terms: Vec<Vec<(usize, i128)>>,
    bounds: Vec<i128>,
    /// Per feature instance in play: its value literals' indices (`None`: a value no sum
    /// weighs, so 0), and its presence's index.
    groups: Vec<(Vec<Option<usize>>, usize)>,
    /// Literal indices not in a group.
    singles: Vec<usize>,
    /// Per single: the groups whose presence it is (a group whose every value weighs more than
    /// 0 lifts its least weight onto its presence, as `parts` does).
    lifts: Vec<Vec<usize>>,
    /// Per comparison, how far its λ can usefully go (past it, it outweighs the objective).
    reach: Vec<i128>,
}

impl Frame {
    fn new(
        objective: &[(i128, Lit)],
        comparisons: &[&LeForm],
        groups: &Groups,
        layout: &Layout,
    ) -> Frame {
        let mut index: HashMap<Lit, usize> = HashMap::new();
        let mut lits: Vec<Lit> = Vec::new();
        let mut at = |l: Lit, index: &mut HashMap<Lit, usize>| {
            *index.entry(l).or_insert_with(|| {
                lits.push(l);
                lits.len() - 1
            })
        };
        let obj: Vec<(usize, i128)> = objective
            .iter()
            .map(|&(w, l)| (at(l, &mut index), SCALE.saturating_mul(w)))
            .collect();
        let terms: Vec<Vec<(usize, i128)>> = comparisons
            .iter()
            .map(|c| {
                c.terms
                    .iter()
                    .map(|&(w, l)| (at(l, &mut index), w))
                    .collect()
            })
            .collect();
        // Groups as `parts` makes them: a positive literal of a feature instance's values.
        let mut by_group: HashMap<u32, ()> = HashMap::new();
        let mut grouped: Vec<(Vec<Option<usize>>, usize)> = Vec::new();
        let mut in_group = vec![false; index.len()];
        let known: Vec<Lit> = index.keys().copied().collect();
        for l in known {
            let Some((g, members, presence)) = group_of(l, groups, layout) else {
                continue;
            };
            if by_group.insert(g, ()).is_some() {
                continue;
            }
            let ms: Vec<Option<usize>> = members.iter().map(|m| index.get(m).copied()).collect();
            for m in ms.iter().flatten() {
                in_group[*m] = true;
            }
            let pres = at(presence, &mut index);
            grouped.push((ms, pres));
        }
        in_group.resize(index.len(), false);
        let singles: Vec<usize> = (0..index.len()).filter(|&i| !in_group[i]).collect();
        let mut lifts = vec![Vec::new(); singles.len()];
        for (g, (_, pres)) in grouped.iter().enumerate() {
            if let Ok(k) = singles.binary_search(pres) {
                lifts[k].push(g);
            }
        }
        let mut objective = vec![0i128; index.len()];
        for (i, w) in obj {
            objective[i] += w;
        }
        let spread: i128 = objective.iter().map(|w| w.abs()).sum();
        let reach = terms
            .iter()
            .map(|t| {
                let least = t
                    .iter()
                    .map(|(_, w)| w.abs())
                    .filter(|&w| w > 0)
                    .min()
                    .unwrap_or(1);
                spread / least + 1
            })
            .collect();
        Frame {
            objective,
            terms,
            bounds: comparisons.iter().map(|c| c.bound).collect(),
            groups: grouped,
            singles,
            lifts,
            reach,
        }
    }

    /// Adds `n` × comparison `j` to the weighing `w`.
    fn add(&self, w: &mut [i128], j: usize, n: i128) {
        for &(i, a) in &self.terms[j] {
            w[i] = w[i].saturating_add(n.saturating_mul(a));
        }
    }

    /// The least value the solver sees for the weighing `w` (what `parts` and `Leq` make of it).
    /// Called thousands of times per objective (every step of every λ's search), hence the
    /// precomputed `lifts` instead of a map built per call.
    fn floor(&self, w: &[i128]) -> i128 {
        let least = |g: usize| {
            self.groups[g]
                .0
                .iter()
                .map(|m| m.map_or(0, |i| w[i]))
                .min()
                .unwrap_or(0)
        };
        let mut total = 0i128;
        for g in 0..self.groups.len() {
            let l = least(g);
            if l <= 0 {
                total = total.saturating_add(l);
            }
        }
        for (&i, lifts) in self.singles.iter().zip(&self.lifts) {
            let lifted = lifts.iter().map(|&g| least(g).max(0)).sum::<i128>();
            total = total.saturating_add(w[i].saturating_add(lifted).min(0));
        }
        total
    }

    /// The `n` for comparison `j` that makes `floor(w + n·Aⱼ) − n·bⱼ − shift` greatest
    /// (ternary search: it is concave in `n`), with that value.
    fn ascend(&self, w: &[i128], shift: i128, j: usize) -> (i128, i128) {
        // One scratch weighing: each step changes only comparison j's entries and puts them back.
        let scratch = std::cell::RefCell::new(w.to_vec());
        let value = |n: i128| -> i128 {
            let mut t = scratch.borrow_mut();
            self.add(&mut t, j, n);
            let v = self.floor(&t);
            for &(i, _) in &self.terms[j] {
                t[i] = w[i];
            }
            v.saturating_sub(n.saturating_mul(self.bounds[j]))
                .saturating_sub(shift)
        };
        let (mut lo, mut hi) = (0i128, self.reach[j]);
        while hi - lo > 2 {
            let m1 = lo + (hi - lo) / 3;
            let m2 = hi - (hi - lo) / 3;
            if value(m1) < value(m2) {
                lo = m1 + 1;
            } else {
                hi = m2;
            }
        }
        (lo..=hi)
            .map(|n| (n, value(n)))
            .max_by_key(|&(n, v)| (v, -n))
            .unwrap_or((0, value(0)))
    }
}
