//! The configuration a quote prices, and that `configure` reports as "now": it keeps every
//! choice and every default that can still hold (in catalog order), is the cheapest in `once`,
//! then in `monthly` (adjustments included), then follows the preferences (higher weight first)
//! and leaves out what nobody asked for. Its price therefore always lies within the reachable
//! range `configure` reports, and a quote of the same selection says the same amount.

use super::complete::{default_lits, leave_out_lits};
use super::objective::Objective;
use super::price::price_bound;
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
    complete &= wish(s, &mut kept, defaults, budget);
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
        complete &= wish(s, &mut kept, wishes, budget);
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

/// Adds each wish to `kept` where it can hold; false when the budget ran out first.
fn wish(s: &mut Session, kept: &mut Vec<Lit>, wishes: Vec<Lit>, budget: &Budget) -> bool {
    for w in wishes {
        if budget.expired() {
            return false;
        }
        kept.push(w);
        match s.solve(kept, budget) {
            SolveResult::Sat => {}
            SolveResult::Unsat => {
                kept.pop();
            }
            SolveResult::Unknown => {
                kept.pop();
                return false;
            }
        }
    }
    true
}
