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
