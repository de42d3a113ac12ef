//! Inconsistent selections: a minimal conflict, and repairs (minimal sets of choices to drop),
//! the first one keeping the most recent choices.

use super::choice::Choice;
use super::reason::{minimal_reason, Item, Reason};
use super::session::Session;
use crate::budget::Budget;
use crate::solve::{Lit, SolveResult};

/// How many alternative repairs are offered.
const MAX_REPAIRS: usize = 3;

pub struct Diagnosis {
    pub conflict: Vec<Item>,
    /// Each repair: indices of the choices to drop.
    pub repairs: Vec<Vec<usize>>,
}

/// Keeps choices newest first while they stay consistent (all rules on); returns the dropped ones.
/// The kept set is maximal, so the dropped set is a minimal correction set.
fn greedy_repair(
    s: &mut Session,
    choices: &[Choice],
    order: &[usize],
    budget: &Budget,
) -> Option<Vec<usize>> {
    let rules = s.all_rules();
    let mut kept: Vec<Lit> = Vec::new();
    let mut dropped = Vec::new();
    for &i in order {
        let mut a = rules.clone();
        a.extend(kept.iter().copied());
        a.extend(choices[i].lits.iter().copied());
        match s.solve(&a, budget) {
            SolveResult::Sat => kept.extend(choices[i].lits.iter().copied()),
            SolveResult::Unsat => dropped.push(i),
            SolveResult::Unknown => return None,
        }
    }
    dropped.sort_unstable();
    Some(dropped)
}

pub fn diagnose(s: &mut Session, choices: &[Choice], budget: &Budget) -> Option<Diagnosis> {
    let conflict = match minimal_reason(s, choices, &[], budget) {
        Reason::Minimal(items) => items,
        _ => return None,
    };
    let newest_first: Vec<usize> = (0..choices.len()).rev().collect();
    let mut repairs = vec![greedy_repair(s, choices, &newest_first, budget)?];
    // Alternatives: insist on keeping each conflicting choice the first repair drops.
    for it in &conflict {
        if repairs.len() >= MAX_REPAIRS {
            break;
        }
        let Item::Choice(c) = *it else { continue };
        if !repairs[0].contains(&c) {
            continue;
        }
        let mut order = vec![c];
        order.extend(newest_first.iter().copied().filter(|&i| i != c));
        if let Some(r) = greedy_repair(s, choices, &order, budget) {
            if !r.is_empty() && !repairs.contains(&r) {
                repairs.push(r);
            }
        }
    }
    Some(Diagnosis { conflict, repairs })
}
