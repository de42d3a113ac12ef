//! Prices: the objective (base prices, then discounts and surcharges), its value in a model, and
//! its minimum and maximum over all valid completions (binary search on a BDD-encoded bound).

use super::session::{Period, Session};
use crate::budget::Budget;
use crate::encode::{Encoding, Lin};
use crate::front::ast;
use crate::model::{AdjustmentKind, Model};
use crate::solve::{Lit, SolveResult};
use rust_decimal::Decimal;

/// Σ price of everything present, then each applicable adjustment: a percentage of the base
/// total of its period, or a fixed amount, while its condition holds. Percentages do not compound.
pub fn objective(model: &Model, enc: &mut Encoding, p: Period) -> Lin {
    let mut base = Lin::default();
    enc.everything(model, &mut base, |price, _, _| match p {
        Period::Once => price.once,
        Period::Monthly => price.monthly,
    });
    let mut out = base.clone();
    for (a, &cond) in model.adjustments.iter().zip(&enc.adjustments.clone()) {
        let sign = match a.kind {
            AdjustmentKind::Discount => -Decimal::ONE,
            AdjustmentKind::Surcharge => Decimal::ONE,
        };
        let applies = match a.period {
            None => true,
            Some(ast::Period::Once) => p == Period::Once,
            Some(ast::Period::Monthly) => p == Period::Monthly,
        };
        if !applies {
            continue;
        }
        if a.percent {
            let k = sign * a.amount / Decimal::ONE_HUNDRED;
            for &(w, l) in &base.terms {
                let g = enc.cnf.and(&[l, cond]);
                out.terms.push((k * w, g));
            }
        } else {
            out.terms.push((sign * a.amount, cond));
        }
    }
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
/// `start` is the value in a known model.
pub fn optimise(
    s: &mut Session,
    key: u8,
    lin: &Lin,
    minimise: bool,
    assumptions: &[Lit],
    start: Decimal,
    budget: &Budget,
) -> Option<Decimal> {
    if lin.terms.is_empty() {
        return Some(lin.constant);
    }
    // One scaling per objective, so cached bound literals stay comparable across calls.
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
    while lo < hi {
        // Minimising: is some model at most `mid`? Maximising: at least `mid`?
        let mid = if minimise {
            lo + (hi - lo) / 2
        } else {
            hi - (hi - lo) / 2
        };
        let bound = s.bound(key, &terms, minimise, mid)?;
        let mut a = assumptions.to_vec();
        a.push(bound);
        match s.solve(&a, budget) {
            SolveResult::Sat => {
                best = terms
                    .iter()
                    .filter(|(_, l)| s.value(*l))
                    .map(|(w, _)| *w)
                    .sum();
                if minimise {
                    hi = best;
                } else {
                    lo = best;
                }
            }
            SolveResult::Unsat => {
                if minimise {
                    lo = mid + 1;
                } else {
                    hi = mid - 1;
                }
            }
            SolveResult::Unknown => return None,
        }
    }
    Some(from_int(best + c))
}

/// Money as text with the currency's decimals (half away from zero).
pub fn money(d: Decimal, decimals: u32) -> String {
    let r = d.round_dp_with_strategy(
        decimals,
        rust_decimal::RoundingStrategy::MidpointAwayFromZero,
    );
    format!("{:.*}", decimals as usize, r)
}
