//! Linear sums as a theory of the SAT search: every rule's big sum (`lit ⇔ Σ w·l ≥ k`, two
//! [`Leq`] constraints) and an objective's bound for one call, propagated by bounds with
//! explanations inside the one solver, instead of as clauses.
//!
//! A sum of 700 chair presences against an int's bits as clauses (a diagram or adders) shows the
//! search nothing until every input is set, so it decides the total first and then hunts for a
//! subset that adds up to it; as a constraint, each chair set moves the bounds at once.
//!
//! The theory reads the trail once per check: for each variable it finds, it brings the bounds
//! of the parts that hold it up to date (recording the old ones, to restore on backtrack) and
//! marks their constraints, then checks only those. Explanations follow the contract of
//! [`Leq`]. Between solver calls nothing is kept but the constraints themselves: each call
//! starts at level 0 and reads the trail from its start.

use super::linear::Leq;
use batsat::theory::Theory;
use batsat::{Lit, TheoryArg, Var};
use std::collections::HashMap;
use std::sync::Arc;

#[derive(Default)]
pub struct Sums {
    items: Vec<Leq>,
    /// Per variable index: the constraints that read it, with the part (`NO_PART`: `act`).
    watch: Vec<Vec<(u32, u32)>>,
    /// Constraints to check, without repeats.
    queue: Vec<u32>,
    queued: Vec<bool>,
    /// How much of the trail has been read.
    seen: usize,
    /// Parts' bounds as they were before each update: (constraint, part, bound).
    undo: Vec<(u32, u32, i128)>,
    /// Per decision level: `seen` and `undo.len()` when it began.
    levels: Vec<(usize, usize)>,
    /// Per propagated literal: the true literals that imply it (shared by the literals one
    /// check propagates).
    reasons: HashMap<Lit, Arc<Vec<Lit>>>,
}

const NO_PART: u32 = u32::MAX;

impl Sums {
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn push(&mut self, leq: Leq) {
        let i = self.items.len() as u32;
        for (v, part) in leq.vars() {
            let v = v.idx() as usize;
            if self.watch.len() <= v {
                self.watch.resize(v + 1, Vec::new());
            }
            let entry = (i, part.unwrap_or(NO_PART));
            if self.watch[v].last() != Some(&entry) {
                self.watch[v].push(entry);
            }
        }
        self.items.push(leq);
        self.queued.push(false);
    }

    /// Removes the constraint pushed last (an objective's bound after its call).
    pub fn pop(&mut self) {
        let Some(leq) = self.items.pop() else { return };
        self.queued.pop();
        let i = self.items.len() as u32;
        for (v, _) in leq.vars() {
            if let Some(w) = self.watch.get_mut(v.idx() as usize) {
                w.retain(|&(j, _)| j != i);
            }
        }
    }

    /// Before a solver call (at level 0): read the trail afresh and check everything once.
    pub fn start(&mut self) {
        self.seen = 0;
        self.undo.clear();
        self.levels.clear();
        self.reasons.clear();
        self.queue.clear();
        for i in 0..self.items.len() {
            self.items[i].reset();
            self.queue.push(i as u32);
            self.queued[i] = true;
        }
    }

    fn enqueue(&mut self, i: u32) {
        if !self.queued[i as usize] {
            self.queued[i as usize] = true;
            self.queue.push(i);
        }
    }

    /// Brings the parts that read `v` up to date and marks their constraints.
    fn read(&mut self, v: Var, acts: &TheoryArg) {
        let Some(w) = self.watch.get(v.idx() as usize) else {
            return;
        };
        for k in 0..w.len() {
            let (i, p) = self.watch[v.idx() as usize][k];
            if p != NO_PART {
                if let Some(old) = self.items[i as usize].update(p, acts) {
                    self.undo.push((i, p, old));
                }
            }
            self.enqueue(i);
        }
    }

    fn check(&mut self, acts: &mut TheoryArg) {
        let trail_len = acts.model().len();
        for k in self.seen.min(trail_len)..trail_len {
            let v = acts.model()[k].var();
            self.read(v, acts);
        }
        self.seen = trail_len;
        while let Some(&i) = self.queue.last() {
            let ok = self.items[i as usize].check(acts, &mut self.reasons);
            if !ok {
                // In conflict: what is still queued stays queued for after the backjump.
                return;
            }
            self.queue.pop();
            self.queued[i as usize] = false;
        }
    }
}

impl Theory for Sums {
    fn final_check(&mut self, acts: &mut TheoryArg) {
        self.check(acts);
    }

    fn partial_check(&mut self, acts: &mut TheoryArg) {
        self.check(acts);
    }

    fn create_level(&mut self) {
        self.levels.push((self.seen, self.undo.len()));
    }

    fn pop_levels(&mut self, n: usize) {
        let to = self.levels.len().saturating_sub(n);
        let Some(&(seen, undo)) = self.levels.get(to) else {
            return;
        };
        // Bounds back to what they were (the constraints look again: their slack grew).
        while self.undo.len() > undo {
            let Some((i, p, old)) = self.undo.pop() else {
                break;
            };
            self.items[i as usize].set(p, old);
            self.enqueue(i);
        }
        self.seen = seen;
        self.levels.truncate(to);
    }

    fn n_levels(&self) -> usize {
        self.levels.len()
    }

    fn explain_propagation(&mut self, p: Lit) -> &[Lit] {
        self.reasons.get(&p).map_or(&[], |r| r.as_slice())
    }
}

#[cfg(test)]
mod tests {
    use crate::budget::Budget;
    use crate::solve::{BatSolver, Lit, SatSolver, SolveResult, SumDef};
    use proptest::prelude::*;

    /// A few random sums over 6 variables (parts of one or two literals, the pairs exclusive),
    /// each tied to a fresh literal, plus random clauses.
    #[derive(Debug, Clone)]
    struct Case {
        sums: Vec<(Vec<Vec<(i128, u32)>>, i128)>,
        clauses: Vec<Vec<(u32, bool)>>,
        /// Per sum: assume its literal true, false, or leave it open.
        want: Vec<Option<bool>>,
    }

    fn case() -> impl Strategy<Value = Case> {
        let part = prop_oneof![
            (-4i128..5, 0u32..6).prop_map(|(w, v)| vec![(w, v)]),
            (-4i128..5, -4i128..5, 0u32..3).prop_map(|(a, b, g)| vec![(a, 2 * g), (b, 2 * g + 1)]),
        ];
        let sum = (prop::collection::vec(part, 1..5), -6i128..7);
        let clause = prop::collection::vec((0u32..6, any::<bool>()), 1..3);
        (
            prop::collection::vec(sum, 1..4),
            prop::collection::vec(clause, 0..4),
            prop::collection::vec(prop::option::of(any::<bool>()), 3),
        )
            .prop_map(|(sums, clauses, want)| Case {
                sums,
                clauses,
                want,
            })
    }

    /// Whether an assignment of the 6 variables satisfies everything the case asks.
    fn holds(c: &Case, x: u32) -> bool {
        let val = |v: u32| x >> v & 1 == 1;
        // Pairs 2g, 2g+1 exclude each other when a sum groups them.
        let grouped = |g: u32| {
            c.sums
                .iter()
                .any(|(ps, _)| ps.iter().any(|p| p.len() == 2 && p[0].1 == 2 * g))
        };
        if (0..3).any(|g| grouped(g) && val(2 * g) && val(2 * g + 1)) {
            return false;
        }
        let clauses = c
            .clauses
            .iter()
            .all(|cl| cl.iter().any(|&(v, pos)| val(v) == pos));
        let sums = c.sums.iter().zip(&c.want).all(|((ps, k), want)| {
            let total: i128 = ps
                .iter()
                .flatten()
                .filter(|(_, v)| val(*v))
                .map(|(w, _)| w)
                .sum();
            want.is_none_or(|w| (total >= *k) == w)
        });
        clauses && sums
    }

    proptest! {
        /// Satisfiable exactly when enumeration finds a model, and then every model the solver
        /// gives satisfies the sums; asked twice, so that what the first call learnt is reused.
        #[test]
        fn sums_agree_with_enumeration(c in case()) {
            let mut s = BatSolver::default();
            let x: Vec<Lit> = (0..6).map(|_| Lit::pos(s.new_var(true))).collect();
            for g in 0..3 {
                if c.sums.iter().any(|(ps, _)| ps.iter().any(|p| p.len() == 2 && p[0].1 == 2 * g)) {
                    s.add_clause(&[!x[2 * g as usize], !x[2 * g as usize + 1]]);
                }
            }
            for cl in &c.clauses {
                let lits: Vec<Lit> = cl.iter().map(|&(v, pos)| if pos { x[v as usize] } else { !x[v as usize] }).collect();
                s.add_clause(&lits);
            }
            let mut assume = Vec::new();
            for ((ps, k), want) in c.sums.iter().zip(&c.want) {
                let lit = Lit::pos(s.new_var(false));
                let parts = ps.iter().map(|p| p.iter().map(|&(w, v)| (w, x[v as usize])).collect()).collect();
                s.add_sum(&SumDef { lit, parts, k: *k });
                if let Some(w) = want {
                    assume.push(if *w { lit } else { !lit });
                }
            }
            let expect = (0..64u32).any(|a| holds(&c, a));
            for _ in 0..2 {
                let got = s.solve(&assume, &Budget::unlimited());
                prop_assert_eq!(got == SolveResult::Sat, expect);
                if got == SolveResult::Sat {
                    let a = (0..6u32).fold(0, |acc, v| acc | (u32::from(s.value(x[v as usize])) << v));
                    prop_assert!(holds(&c, a), "model {a:06b}");
                }
            }
        }
    }
}
