//! Minimal reasons: which rules and choices together exclude something. Deletion-based core
//! minimisation: the result is irreducible, so dropping any one member lifts the exclusion.

use super::choice::Choice;
use super::session::Session;
use crate::budget::Budget;
use crate::solve::{Lit, SolveResult};

/// A member of a reason: a user choice or a rule (by index).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Item {
    Choice(usize),
    Rule(usize),
}

/// The outcome of a minimisation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason {
    /// Irreducible: these items together with `extra` are inconsistent.
    Minimal(Vec<Item>),
    /// `extra` is possible: nothing excludes it.
    Possible,
    /// The budget ran out.
    Unknown,
}

fn lits_of(items: &[Item], choices: &[Choice], s: &Session) -> Vec<Lit> {
    let mut v = Vec::new();
    for it in items {
        match *it {
            Item::Choice(i) => v.extend(choices[i].lits.iter().copied()),
            Item::Rule(r) => v.push(s.enc.selectors[r]),
        }
    }
    v
}

/// Items of the last core (assumptions map back to choices and rules).
fn core_items(s: &Session, choices: &[Choice], among: &[Item]) -> Vec<Item> {
    let core = s.core();
    among
        .iter()
        .copied()
        .filter(|it| match *it {
            Item::Choice(i) => choices[i].lits.iter().any(|l| core.contains(l)),
            Item::Rule(r) => core.contains(&s.enc.selectors[r]),
        })
        .collect()
}

/// A minimal set of choices and rules that, with the literals `extra`, cannot hold.
pub fn minimal_reason(
    s: &mut Session,
    choices: &[Choice],
    extra: &[Lit],
    budget: &Budget,
) -> Reason {
    let all: Vec<Item> = (0..choices.len())
        .map(Item::Choice)
        .chain((0..s.enc.selectors.len()).map(Item::Rule))
        .collect();
    let mut assumptions = lits_of(&all, choices, s);
    assumptions.extend_from_slice(extra);
    match s.solve_for_core(&assumptions, budget) {
        SolveResult::Sat => return Reason::Possible,
        SolveResult::Unknown => return Reason::Unknown,
        SolveResult::Unsat => {}
    }
    let mut items = core_items(s, choices, &all);
    let mut i = 0;
    while i < items.len() {
        let mut trial = items.clone();
        trial.remove(i);
        let mut a = lits_of(&trial, choices, s);
        a.extend_from_slice(extra);
        match s.solve_for_core(&a, budget) {
            SolveResult::Unsat => items = core_items(s, choices, &trial),
            SolveResult::Sat => i += 1,
            SolveResult::Unknown => return Reason::Unknown,
        }
    }
    Reason::Minimal(items)
}
