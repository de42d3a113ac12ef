//! Valid domains: which candidate literals extend to a valid configuration together with the
//! current choices. Witnesses kept from earlier clicks settle most of them for free, then walks
//! (`solve::walk`) from the last model reach more by moves; the rest are settled in batches: one
//! solver call asks for a configuration in which at least one still-unwitnessed candidate holds,
//! so each call either witnesses new values (and walks on from its model) or proves every
//! remaining one impossible at once (instead of one refutation per blocked value).

use super::session::Session;
use crate::budget::Budget;
use crate::solve::{Lit, SolveResult};
use std::collections::{HashMap, HashSet};

/// What the solver established about one candidate literal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Possible {
    Yes,
    No,
    Unknown,
}

/// The candidates' possibilities under `rules ++ choices` (every rule's selector, then the
/// choices' literals); `complete` is false when the budget ran out first.
pub struct Domains {
    pub status: HashMap<Lit, Possible>,
    pub complete: bool,
}

/// Settles every literal of `order`; the selection is known to be consistent. `on_model` sees
/// each model found (the wide ints' numbers in it are witnesses too).
pub fn domains(
    s: &mut Session,
    assumptions: &[Lit],
    choice_lits: &[Lit],
    order: &[Lit],
    on_model: &mut dyn FnMut(&Session),
    budget: &Budget,
) -> Domains {
    let mut status: HashMap<Lit, Possible> =
        order.iter().map(|&l| (l, Possible::Unknown)).collect();
    let seen = s.witnesses.union(choice_lits);
    for &l in order {
        if seen.witnessed(l) {
            status.insert(l, Possible::Yes);
        }
    }
    // The walk goes on from its last model (usually one click away) before any solver call.
    let mut tried = HashSet::new();
    let mut recorded = 0;
    if order.iter().any(|l| status[l] == Possible::Unknown) && s.walk_resume(assumptions) {
        for &l in order {
            if s.walk_knows(l) && s.walk.holds(l) {
                status.insert(l, Possible::Yes);
            }
        }
        let open: Vec<Lit> = order.to_vec();
        walk(s, &open, &mut status, &mut tried, &mut recorded, budget);
    }
    let mut complete = true;
    loop {
        let open: Vec<Lit> = order
            .iter()
            .copied()
            .filter(|l| status[l] == Possible::Unknown)
            .collect();
        if open.is_empty() {
            break;
        }
        let act = s.activate(&open);
        let mut a = assumptions.to_vec();
        a.push(act);
        let result = s.solve(&a, budget);
        s.domain_calls += 1;
        if result == SolveResult::Sat {
            s.record_witness();
            on_model(s);
            for &l in &open {
                if s.value(l) {
                    status.insert(l, Possible::Yes);
                }
            }
            let untried = open
                .iter()
                .any(|l| status[l] == Possible::Unknown && !tried.contains(l));
            if untried && s.walk_from_last_model(assumptions) {
                walk(s, &open, &mut status, &mut tried, &mut recorded, budget);
            }
        }
        s.retire(act);
        match result {
            SolveResult::Sat => {}
            SolveResult::Unsat => {
                for l in open {
                    status.insert(l, Possible::No);
                }
                break;
            }
            SolveResult::Unknown => {
                complete = false;
                break;
            }
        }
    }
    Domains { status, complete }
}

/// Failed moves in a row after which a walk round stops.
const MAX_FAILS_IN_A_ROW: u32 = 128;

/// Models of walk moves kept as witnesses per click (beyond that, one per round).
const MAX_RECORDS: usize = 64;

/// From the walk's current model, moves to neighbouring models (see [`crate::solve::Walk`]) to
/// witness the open candidates it can reach. Models that witnessed something new are kept as
/// witnesses for later clicks: the first [`MAX_RECORDS`] of a click, then the last of each round
/// (recording reads every tracked variable: per move, that was most of an Automotive02 click).
///
/// Each candidate gets one move per click: a move that failed from one model mostly fails from
/// the next, and blocked values (which no move can reach) would pay for it after every call.
fn walk(
    s: &mut Session,
    open: &[Lit],
    status: &mut HashMap<Lit, Possible>,
    tried: &mut HashSet<Lit>,
    recorded: &mut usize,
    budget: &Budget,
) {
    let mut fails = 0;
    let mut unrecorded = false;
    for (i, &l) in open.iter().enumerate() {
        if status[&l] != Possible::Unknown || !tried.insert(l) {
            continue;
        }
        if i % 256 == 255 && budget.expired() {
            break;
        }
        if !(s.walk_knows(l) && s.walk.reach(l)) {
            // A run of failures means the rest is mostly blocked: one refutation settles that
            // far cheaper than failing moves (values left untried stay open for later rounds).
            fails += 1;
            if fails == MAX_FAILS_IN_A_ROW {
                break;
            }
            continue;
        }
        fails = 0;
        let mut new = false;
        for &v in s.walk.changed() {
            let t = Lit::pos(crate::solve::Var(v));
            let now = if s.walk.holds(t) { t } else { !t };
            if let Some(p) = status.get_mut(&now).filter(|_| s.walk_knows(now)) {
                new |= *p == Possible::Unknown;
                *p = Possible::Yes;
            }
        }
        if new && *recorded < MAX_RECORDS {
            s.record_walk_witness();
            *recorded += 1;
        } else {
            unrecorded |= new;
        }
    }
    if unrecorded {
        s.record_walk_witness();
    }
}
