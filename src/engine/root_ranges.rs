//! Root ranges: the least and greatest number of each always-present wide int that a comparison
//! links to another (a price and the total it adds to), proven once per session with every rule
//! on and no choice, and the bounds they imply on the ints they add up to, given to the solver
//! that holds every rule.
//!
//! Why: interval reasoning over the comparisons (`encode/implied.rs`) cannot see what only a
//! search proves. On the travel-bike fleet a bike's price is two wheels and at most two bags
//! (a count rule), so at most 160, not the 280 its parts add up to; without that fact as a
//! clause, proving the fleet's greatest total searched through every bike at once (0.6 s for
//! that one call at 10 bikes). Proven one int at a time, deepest first, each search is small
//! and the total's bound follows by propagation. Measured (BENCHMARKS.md, "Implied facts"):
//! `configure` at 10 bikes 4.2 → 3.4 s, at 12 bikes 34.7 → 23.5 s; what remains is finding
//! models near the greatest total, which bounds over bits do not guide.
//!
//! These clauses hold only while every rule does, so they go to the solver that fixes every
//! rule on (`Session::hold_with_every_rule`), never to the one that switches rules for reasons.

use super::session::Session;
use super::wide_domain::wide_extremes;
use crate::budget::Budget;
use crate::encode::FeatLits;
use std::collections::{HashMap, HashSet};

/// Ints proven per session, at most (each costs up to two calls per bit).
const MAX_INTS: usize = 256;

/// Proves the root ranges of the session's summed wide ints and hands the solver what follows;
/// once per session. Where the budget runs out, what was proven so far is used.
pub fn settle_root_ranges(s: &mut Session, budget: &Budget) {
    if s.root_ranges_settled {
        return;
    }
    s.root_ranges_settled = true;
    let rules = s.all_rules();
    // Deepest first: a component's ints come after its parent's in the layout, and a parent's
    // total is bounded by its children's ranges.
    let mut ints: Vec<usize> = s
        .forms
        .linked_ints()
        .into_iter()
        .filter(|&fi| match &s.enc.layout.feats[fi].lits {
            FeatLits::Bits { pres, .. } => s.root_value(*pres) == Some(true),
            _ => false,
        })
        .collect();
    ints.reverse();
    ints.truncate(MAX_INTS);
    let mut written = HashMap::new();
    // Ranges proven so far by declared range: ints declared alike (each bike's price) are
    // tried at the ends the last of them had first.
    let mut alike: HashMap<(i64, i64), (i128, i128)> = HashMap::new();
    let mut twins = HashMap::new();
    for fi in ints {
        if budget.expired() {
            break;
        }
        let declared = match &s.enc.layout.feats[fi].lits {
            FeatLits::Bits { min, max, .. } => (*min, *max),
            _ => continue,
        };
        // An int of an interchangeable instance has the range its twins have.
        let twin = s.twin_key(fi, &HashSet::new());
        let range = match twin.and_then(|k| twins.get(&k)) {
            Some(&range) => range,
            None => {
                let hints: Vec<(i128, i128)> = alike.get(&declared).copied().into_iter().collect();
                let Some(range) = wide_extremes(s, fi, &rules, &hints, budget) else {
                    break;
                };
                range
            }
        };
        if let Some(k) = twin {
            twins.insert(k, range);
        }
        alike.insert(declared, range);
        s.proven.insert(fi, range);
        // What this range implies for the ints not proven yet makes their searches small.
        let clauses = s.forms.bounds_from_proven(&s.enc, &s.proven, &mut written);
        for c in clauses {
            s.hold_with_every_rule(&c);
        }
    }
}
