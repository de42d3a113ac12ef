//! Prices: the objective's value in a model, and its minimum and maximum over all valid
//! completions (the objective itself, base prices then discounts and surcharges, is built in
//! `price_terms.rs`, which the session uses without depending on this searching). Galloping
//! search; each bound is propagated by the solver as a linear sum, see `solve::linear`.

pub use super::price_terms::{parts, PriceParts};
use super::session::{Period, Session};
use super::witness::Witness;
use crate::budget::Budget;
use crate::encode::Lin;
use crate::solve::{Lit, SolveResult};
use rust_decimal::Decimal;

/// Up to this many percentage adjustments in a period, price bounds are searched case by case.
const MAX_CASES_LOG2: usize = 4;

/// The least (or greatest) price of period `p` over models of `assumptions`; None if unknown.
/// Case by case over the conditions of the period's percentage adjustments: within a case the
/// price is a plain weighted sum of value literals, which the solver's linear propagator
/// bounds well (as gates `value ∧ condition` it would see nothing until both are decided).
///
/// With every rule on, an optimum of an earlier call is reused when it is this one's too
/// (`optima.rs`), and a new one is kept for later calls.
pub fn price_bound(
    s: &mut Session,
    p: Period,
    minimise: bool,
    assumptions: &[Lit],
    budget: &Budget,
) -> Option<Decimal> {
    // The choices and the rest of the assumptions, after every rule's selector.
    let choices = s
        .every_rule_on(assumptions)
        .then(|| &assumptions[s.enc.selectors.len()..]);
    if let Some(c) = choices {
        if let Some(v) = s.optima.reuse((p, minimise), c, &s.witnesses) {
            return Some(v);
        }
    }
    let best = price_best(s, p, None, minimise, assumptions, budget)?;
    if let Some(c) = choices {
        s.optima.keep((p, minimise), c, best.value, best.reached_by);
    }
    Some(best.value)
}

/// [`price_bound`] (`months`: [`term_bound`] instead), with where the optimum was found.
pub fn price_best(
    s: &mut Session,
    p: Period,
    months: Option<u32>,
    minimise: bool,
    assumptions: &[Lit],
    budget: &Budget,
) -> Option<Best> {
    let periods = match months {
        Some(m) => vec![
            (Decimal::ONE, parts(&s.model, &mut s.enc, Period::Once)),
            (
                Decimal::from(m),
                parts(&s.model, &mut s.enc, Period::Monthly),
            ),
        ],
        None => vec![(Decimal::ONE, parts(&s.model, &mut s.enc, p))],
    };
    best_by_cases(s, &periods, minimise, assumptions, budget)
}

/// The least (or greatest) total over the contract term, once + monthly × `months`, searched
/// as [`price_bound`] does, over the conditions of both periods' percentage adjustments.
pub fn term_bound(
    s: &mut Session,
    months: u32,
    minimise: bool,
    assumptions: &[Lit],
    budget: &Budget,
) -> Option<Decimal> {
    let weights = [Decimal::ONE, Decimal::from(months)];
    weighted_bound(s, weights, minimise, assumptions, budget)
}

/// The least (or greatest) of `w_once × once + w_monthly × monthly` over models of
/// `assumptions` (case by case, as [`price_bound`]); None if unknown.
pub fn weighted_bound(
    s: &mut Session,
    weights: [Decimal; 2],
    minimise: bool,
    assumptions: &[Lit],
    budget: &Budget,
) -> Option<Decimal> {
    let once = parts(&s.model, &mut s.enc, Period::Once);
    let monthly = parts(&s.model, &mut s.enc, Period::Monthly);
    let periods = [(weights[0], once), (weights[1], monthly)];
    best_by_cases(s, &periods, minimise, assumptions, budget).map(|b| b.value)
}

/// An optimum with where it was found: the case (percentage conditions on or off) to assume and
/// the objective as a plain sum within it.
pub struct Best {
    pub value: Decimal,
    pub case: Vec<Lit>,
    pub lin: Lin,
    /// The configuration reaching `value`, over the witnesses' tracked variables.
    pub reached_by: Option<Witness>,
}

/// The optimum of Σ over `periods` of `multiplier × price`: case by case over the percentage
/// conditions (each distinct condition literal once), each case a plain weighted sum.
fn best_by_cases(
    s: &mut Session,
    periods: &[(Decimal, PriceParts)],
    minimise: bool,
    assumptions: &[Lit],
    budget: &Budget,
) -> Option<Best> {
    let mut conds: Vec<Lit> = Vec::new();
    for (_, p) in periods {
        for &(_, c) in &p.percent {
            if !conds.contains(&c) {
                conds.push(c);
            }
        }
    }
    if conds.len() > MAX_CASES_LOG2 {
        let mut lin = Lin::default();
        for (m, p) in periods {
            let mut l = objective_of(s, p);
            l.constant *= *m;
            lin.constant += l.constant;
            lin.terms.extend(l.terms.iter().map(|&(w, x)| (w * *m, x)));
        }
        if s.solve(assumptions, budget) != SolveResult::Sat {
            return None;
        }
        let start = evaluate(&lin, |l| s.value(l));
        let (value, reached_by) =
            optimise_beyond(s, &lin, minimise, assumptions, start, None, budget)?;
        return Some(Best {
            value,
            case: Vec::new(),
            lin,
            reached_by: Some(reached_by),
        });
    }
    // The cases likeliest to hold the optimum first (surcharges on when maximising), so that each
    // later case only has to prove it cannot beat the best so far: usually one short call.
    let factor = |case: u32| -> Decimal {
        let mut f = Decimal::ZERO;
        for (_, p) in periods {
            for &(k, c) in &p.percent {
                if let Some(j) = conds.iter().position(|&x| x == c) {
                    if case >> j & 1 == 1 {
                        f += k;
                    }
                }
            }
        }
        f
    };
    let mut cases: Vec<u32> = (0..1u32 << conds.len()).collect();
    cases.sort_by_key(|&c| factor(c));
    if !minimise {
        cases.reverse();
    }
    let mut best: Option<Best> = None;
    for case in cases {
        let on = |c: Lit| {
            conds
                .iter()
                .position(|&x| x == c)
                .is_some_and(|j| case >> j & 1 == 1)
        };
        let mut a = assumptions.to_vec();
        for (j, &c) in conds.iter().enumerate() {
            a.push(if case >> j & 1 == 1 { c } else { !c });
        }
        match s.solve(&a, budget) {
            SolveResult::Sat => {}
            SolveResult::Unsat => continue,
            SolveResult::Unknown => return None,
        }
        let mut lin = Lin::default();
        for (m, p) in periods {
            let factor = Decimal::ONE
                + p.percent
                    .iter()
                    .filter(|&&(_, c)| on(c))
                    .map(|&(k, _)| k)
                    .sum::<Decimal>();
            lin.constant += p.base.constant * factor * *m;
            lin.terms
                .extend(p.base.terms.iter().map(|&(w, l)| (w * factor * *m, l)));
            lin.terms.extend(p.fixed.iter().map(|&(w, l)| (w * *m, l)));
        }
        let start = evaluate(&lin, |l| s.value(l));
        let beat = best.as_ref().map(|b| b.value);
        let (v, reached_by) = optimise_beyond(s, &lin, minimise, &a, start, beat, budget)?;
        let better = beat.is_none_or(|b| if minimise { v < b } else { v > b });
        if better {
            best = Some(Best {
                value: v,
                case: a[assumptions.len()..].to_vec(),
                lin,
                reached_by: Some(reached_by),
            });
        }
    }
    best
}

/// A period's price as one sum with gates (value ∧ condition) for percentages.
fn objective_of(s: &mut Session, p: &PriceParts) -> Lin {
    let mut out = p.base.clone();
    for &(k, cond) in &p.percent {
        for &(w, l) in &p.base.terms {
            let g = s.enc.cnf.and(&[l, cond]);
            out.terms.push((k * w, g));
        }
    }
    out.terms.extend(p.fixed.iter().copied());
    out
}

/// The objective's value where exactly the literals `is_true` says are true.
pub fn evaluate(lin: &Lin, is_true: impl Fn(Lit) -> bool) -> Decimal {
    lin.constant
        + lin
            .terms
            .iter()
            .filter(|(_, l)| is_true(*l))
            .map(|(w, _)| *w)
            .sum::<Decimal>()
}

/// The least (or greatest) value of `lin` over models of `assumptions`; None if unknown.
/// `start` is the value in a known model. Galloping search from the best model (see the loop):
/// every bound asked after a model was found is tighter than that model's bound, so the bound
/// of the best model stays assumed and what the solver learnt under it stays in use.
pub fn optimise(
    s: &mut Session,
    lin: &Lin,
    minimise: bool,
    assumptions: &[Lit],
    start: Decimal,
    budget: &Budget,
) -> Option<Decimal> {
    optimise_beyond(s, lin, minimise, assumptions, start, None, budget).map(|(v, _)| v)
}

/// [`optimise`], searching only past `beat` (a value known elsewhere): when nothing here beats
/// it, the answer is `start` or another value no better than `beat`. With the value, the model
/// that reached it as a witness (`start`'s is the solver's model on entry).
fn optimise_beyond(
    s: &mut Session,
    lin: &Lin,
    minimise: bool,
    assumptions: &[Lit],
    start: Decimal,
    beat: Option<Decimal>,
    budget: &Budget,
) -> Option<(Decimal, Witness)> {
    let mut reached_by = s.capture_witness();
    if lin.terms.is_empty() {
        return Some((lin.constant, reached_by));
    }
    let (terms, c, scale) = lin.scaled(0)?;
    let unit = Decimal::new(1, scale);
    let to_int = |d: Decimal| -> Option<i128> { i128::try_from((d / unit).trunc()).ok() };
    let from_int = |i: i128| Decimal::from_i128_with_scale(i, 0) * unit;
    // Work on Σ terms (without the constant); search the best reachable sum.
    let mut best = to_int(start)? - c;
    let (mut lo, mut hi) = if minimise {
        (terms.iter().map(|(w, _)| (*w).min(0)).sum::<i128>(), best)
    } else {
        (best, terms.iter().map(|(w, _)| (*w).max(0)).sum::<i128>())
    };
    // Interchangeable instances sorted: the value searched is the same, the proof far shorter.
    let mut sorted = assumptions.to_vec();
    sorted.extend(s.order_lits(assumptions));
    let assumptions = &sorted[..];
    // Past `beat`: its nearest number on the losing side stands in as the model found (the search
    // asks only beyond it; if nothing is found, `start` is returned and loses to `beat`).
    if let Some(b) = beat {
        let b = b / unit;
        let b = if minimise { b.ceil() } else { b.floor() };
        let b = i128::try_from(b).ok()? - c;
        if minimise {
            hi = hi.min(b);
        } else {
            lo = lo.max(b);
        }
    }
    let mut kept: Vec<Lit> = Vec::new();
    let mut known = true;
    let mut step: i128 = 1;
    while lo < hi {
        // Minimising: is some model at most `mid`? Maximising: at least `mid`? Galloping from
        // the best model found (1, 2, 4, ... past it, never past halfway): the proof that
        // nothing beats the optimum is the one every search needs, and the hardest; halving
        // from the far end asks for such proofs at every step on the way down.
        let mid = if minimise {
            hi.saturating_sub(step).max(lo + (hi - lo) / 2)
        } else {
            lo.saturating_add(step).min(hi - (hi - lo) / 2)
        };
        let (r, act) = s.solve_linear(assumptions, &kept, &terms, minimise, mid, budget);
        match r {
            SolveResult::Sat => {
                // Only the tightest bound stays on: the looser ones it implies would be
                // propagated at every step for nothing (fitted-kitchen's first click as a
                // process: 350 ms with the greatest price `null` → 108 ms, median of 5).
                for a in kept.drain(..) {
                    s.retire(a);
                }
                kept.extend(act);
                best = terms
                    .iter()
                    .filter(|(_, l)| s.value(*l))
                    .map(|(w, _)| *w)
                    .sum();
                reached_by = s.capture_witness();
                if minimise {
                    hi = best;
                } else {
                    lo = best;
                }
                step = step.saturating_mul(2);
            }
            SolveResult::Unsat => {
                act.into_iter().for_each(|a| s.retire(a));
                step = 1;
                if minimise {
                    lo = mid + 1;
                } else {
                    hi = mid - 1;
                }
            }
            SolveResult::Unknown => {
                act.into_iter().for_each(|a| s.retire(a));
                known = false;
                break;
            }
        }
    }
    for act in kept {
        s.retire(act);
    }
    known.then(|| (from_int(best + c), reached_by))
}

/// Money as text with the currency's decimals (half away from zero).
pub fn money(d: Decimal, decimals: u32) -> String {
    let r = d.round_dp_with_strategy(
        decimals,
        rust_decimal::RoundingStrategy::MidpointAwayFromZero,
    );
    format!("{:.*}", decimals as usize, r)
}
