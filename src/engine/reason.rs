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

/// How many rules nearest the choices are tried before every rule: enough for the reasons
/// propagation finds, few enough that the solver need not assume 10⁵ selectors.
const NEAR_RULES: usize = 512;

/// Up to this many rules, assuming all of them costs less than finding the nearest (a tenth of
/// a millisecond on Renault's catalogs).
const FEW_RULES: usize = 4096;

/// A minimal set of choices and rules that, with the literals `extra`, cannot hold.
///
/// A first core, then deletion ([`shrink`]). On a catalog of many rules the first core comes in
/// two steps ([`nearest_first`]), each cheaper than assuming every rule's selector (7 ms per
/// call on a catalog of 237,685 rules).
pub fn minimal_reason(
    s: &mut Session,
    choices: &[Choice],
    extra: &[Lit],
    budget: &Budget,
) -> Reason {
    let every_choice: Vec<Item> = (0..choices.len()).map(Item::Choice).collect();
    let items = if s.enc.selectors.len() <= FEW_RULES {
        // Few rules: one call assuming them all finds the choices and the rules at once.
        let items = with_rules(&every_choice, 0..s.enc.selectors.len());
        match solve_items(s, choices, &items, extra, budget) {
            SolveResult::Sat => return Reason::Possible,
            SolveResult::Unknown => return Reason::Unknown,
            SolveResult::Unsat => core_items(s, choices, &items),
        }
    } else {
        match nearest_first(s, choices, &every_choice, extra, budget) {
            Ok(items) => items,
            Err(reason) => return reason,
        }
    };
    shrink(s, choices, items, extra, budget)
}

/// The first core on a catalog of many rules: which choices, with every rule fixed on (the
/// solver without selectors); then which rules, nearest those choices first and all of them
/// only if those are not enough.
fn nearest_first(
    s: &mut Session,
    choices: &[Choice],
    every_choice: &[Item],
    extra: &[Lit],
    budget: &Budget,
) -> Result<Vec<Item>, Reason> {
    let mut a = s.all_rules();
    a.extend(lits_of(every_choice, choices, s));
    a.extend_from_slice(extra);
    match s.solve(&a, budget) {
        SolveResult::Sat => return Err(Reason::Possible),
        SolveResult::Unknown => return Err(Reason::Unknown),
        SolveResult::Unsat => {}
    }
    let chosen = core_items(s, choices, every_choice);
    let mut seeds = lits_of(&chosen, choices, s);
    seeds.extend_from_slice(extra);
    let near = s.rules_near(&seeds, NEAR_RULES);
    let mut items = with_rules(&chosen, near);
    let mut result = solve_items(s, choices, &items, extra, budget);
    if result == SolveResult::Sat && items.len() < chosen.len() + s.enc.selectors.len() {
        items = with_rules(&chosen, 0..s.enc.selectors.len());
        result = solve_items(s, choices, &items, extra, budget);
    }
    match result {
        SolveResult::Unsat => Ok(core_items(s, choices, &items)),
        // Every rule with these choices was just found unsatisfiable: only a spent budget (or
        // a solver disagreeing with itself) lands here.
        _ => Err(Reason::Unknown),
    }
}

/// Deletion: drops each member whose absence keeps `extra` impossible. A kept witness that,
/// with the choices left and `extra` made true, breaks none of the rules left proves a member
/// needed without a solver call.
fn shrink(
    s: &mut Session,
    choices: &[Choice],
    mut items: Vec<Item>,
    extra: &[Lit],
    budget: &Budget,
) -> Reason {
    let mut i = 0;
    while i < items.len() {
        let mut trial = items.clone();
        trial.remove(i);
        if witness_shows(s, choices, &trial, extra) {
            i += 1;
            continue;
        }
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

/// Whether a kept witness shows the members `items` and `extra` satisfiable together.
fn witness_shows(s: &mut Session, choices: &[Choice], items: &[Item], extra: &[Lit]) -> bool {
    let mut lits = extra.to_vec();
    let mut rules = Vec::new();
    for it in items {
        match *it {
            Item::Choice(i) => lits.extend_from_slice(&choices[i].lits),
            Item::Rule(r) => rules.push(r),
        }
    }
    rules.sort_unstable();
    s.witness_shows(&lits, &rules)
}

fn with_rules(chosen: &[Item], rules: impl IntoIterator<Item = usize>) -> Vec<Item> {
    chosen
        .iter()
        .copied()
        .chain(rules.into_iter().map(Item::Rule))
        .collect()
}

/// Solves `items` with `extra` on the solver that switches rules.
fn solve_items(
    s: &mut Session,
    choices: &[Choice],
    items: &[Item],
    extra: &[Lit],
    budget: &Budget,
) -> SolveResult {
    // `extra` and the choices first, the rules' selectors after: the solver meets the conflict
    // as soon as the first rule that closes it is switched on and leaves the rest unassumed.
    let mut a = extra.to_vec();
    a.extend(lits_of(items, choices, s));
    s.solve_for_core(&a, budget)
}
