//! The configuration a quote prices, and that `configure` reports as "now": it keeps every
//! choice and every default that can still hold (in catalog order), is the cheapest in `once`,
//! then in `monthly` (adjustments included), then follows the preferences (higher weight first)
//! and leaves out what nobody asked for. Its price therefore always lies within the reachable
//! range `configure` reports, and a quote of the same selection says the same amount.

use super::complete::{default_lits, leave_out_lits};
use super::objective::Objective;
use super::price::{price_bound, weighted_bound};
use super::session::{Period, Session};
use crate::budget::Budget;
use crate::solve::{Lit, SolveResult};
use rust_decimal::Decimal;

/// Finding again a model already found (see the end of [`cheapest`]).
const READ_BACK_MS: u64 = 1_000;

/// What [`cheapest`] settled: the solver's current model is the configuration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Settled {
    /// Cheapest with every wish tried.
    Complete,
    /// A valid configuration, but the budget ran out before it was proven cheapest (or before
    /// every wish was tried).
    Partial,
}

/// How far [`cheapest`] goes after the price: `configure` needs only the price, a quote the
/// whole configuration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Depth {
    PriceOnly,
    Everything,
}

/// Leaves the cheapest configuration under `hard` (every rule's selector and the choices) in
/// the solver's model; None when `hard` has no model (or none was found within the budget).
pub fn cheapest(s: &mut Session, hard: &[Lit], depth: Depth, budget: &Budget) -> Option<Settled> {
    if s.solve(hard, budget) != SolveResult::Sat {
        return None;
    }
    let mut kept = hard.to_vec();
    let mut complete = true;
    // The defaults, each kept where it can still hold with the choices and the defaults before.
    let defaults = default_lits(s);
    complete &= wish(s, &mut kept, defaults, true, budget);
    // For the price alone, (once, monthly) lexicographically as one weighted sum, so no bound
    // diagram stays in the session (they slowed every later click, BENCHMARKS.md).
    if depth == Depth::PriceOnly {
        if let Some(settled) = cheapest_by_weights(s, &kept, budget) {
            return Some(if complete { settled } else { Settled::Partial });
        }
    }
    // The price: cheapest once, then monthly with once at its least.
    for (period, objective) in [
        (Period::Once, Objective::Once),
        (Period::Monthly, Objective::Monthly),
    ] {
        let lin = s.price_lin(period);
        if lin.terms.iter().all(|(w, _)| w.is_zero()) {
            continue;
        }
        // The least price by the solver's linear propagator (case by case over percentage
        // conditions), not by a binary search of bound diagrams: one diagram per click, for the
        // bound that fixes the period at its least, instead of one per probe.
        let Some(best) = price_bound(s, period, true, &kept, budget) else {
            complete = false;
            break;
        };
        let Some((terms, c, scale)) = lin.scaled(0) else {
            complete = false;
            break;
        };
        let k = i128::try_from((best / Decimal::new(1, scale)).trunc()).unwrap_or(0) - c;
        match s.bound(objective.key(s), &terms, true, k) {
            Some(b) => kept.push(b),
            None => {
                complete = false;
                break;
            }
        }
    }
    if depth == Depth::Everything && complete {
        let mut prefs: Vec<(usize, Decimal)> = s
            .model
            .preferences
            .iter()
            .enumerate()
            .map(|(i, p)| (i, p.weight))
            .collect();
        prefs.sort_by(|a, b| b.1.cmp(&a.1));
        let mut wishes: Vec<Lit> = prefs.iter().map(|&(i, _)| s.enc.preferences[i]).collect();
        wishes.extend(leave_out_lits(s));
        complete &= wish(s, &mut kept, wishes, false, budget);
    }
    // The model to read: of everything kept (else of the choices alone, which had one). Both
    // had models already, so the solver finds them again at once; a spent budget must not lose
    // them, hence a second of their own.
    let read_back = Budget::millis(READ_BACK_MS);
    if s.solve(&kept, &read_back) == SolveResult::Sat {
        Some(if complete {
            Settled::Complete
        } else {
            Settled::Partial
        })
    } else if s.solve(hard, &read_back) == SolveResult::Sat {
        Some(Settled::Partial)
    } else {
        None
    }
}

/// The lexicographically least (once, monthly) under `kept` as the least of `M × once +
/// monthly`, where `M` exceeds the whole monthly range divided by the least step of `once` (so
/// a smaller once always wins), leaving that configuration in the solver's model; None when the
/// weights do not fit the linear propagator's 64 bits (then the caller fixes once with a
/// diagram) or the budget ran out.
fn cheapest_by_weights(s: &mut Session, kept: &[Lit], budget: &Budget) -> Option<Settled> {
    let once = s.price_lin(Period::Once);
    let monthly = s.price_lin(Period::Monthly);
    let (_, _, scale) = once.scaled(0)?;
    let step = Decimal::new(1, scale);
    let range: Decimal = monthly.terms.iter().map(|(w, _)| w.abs()).sum::<Decimal>() + Decimal::ONE;
    let m = range.checked_div(step)?;
    let best = weighted_bound(s, [m, Decimal::ONE], true, kept, budget)?;
    let mut both = monthly.clone();
    both.constant += once.constant.checked_mul(m)?;
    for &(w, l) in &once.terms {
        both.terms.push((w.checked_mul(m)?, l));
    }
    let (terms, c, sc) = both.scaled(0)?;
    let k = i128::try_from((best / Decimal::new(1, sc)).trunc()).ok()? - c;
    let (r, act) = s.solve_linear(kept, &[], &terms, true, k, budget);
    if let Some(a) = act {
        // Read the model before switching the bound off (retiring adds a clause, not a solve).
        let found = r == SolveResult::Sat;
        s.retire(a);
        return found.then_some(Settled::Complete);
    }
    None
}

/// Adds each wish to `kept` where it can hold; false when the budget ran out first.
/// `model_kept`: the solver's model is one of `kept` (the caller's last call was theirs, `Sat`).
fn wish(
    s: &mut Session,
    kept: &mut Vec<Lit>,
    wishes: Vec<Lit>,
    mut model_kept: bool,
    budget: &Budget,
) -> bool {
    // While the model is one of `kept`, a wish it already grants needs no call (most defaults
    // hold in the model of the ones before them); an `Unsat` call clears the model.
    for w in wishes {
        if budget.expired() {
            return false;
        }
        kept.push(w);
        if model_kept && s.value(w) {
            continue;
        }
        match s.solve(kept, budget) {
            SolveResult::Sat => model_kept = true,
            SolveResult::Unsat => {
                kept.pop();
                model_kept = false;
            }
            SolveResult::Unknown => {
                kept.pop();
                return false;
            }
        }
    }
    true
}
