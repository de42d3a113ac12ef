//! Linear sums as a theory of the SAT search: every rule's big sum (`lit ⇔ Σ w·l ≥ k`, two
//! [`Leq`] constraints) and an objective's bound for one call, propagated by bounds with
//! explanations inside the one solver, instead of as clauses.
//!
//! A sum of 700 chair presences against an int's bits as clauses (a diagram or adders) shows the
//! search nothing until every input is set, so it decides the total first and then hunts for a
//! subset that adds up to it; as a constraint, each chair set moves the bounds at once.
//!
//! The theory reads the trail once per check, marks the constraints that watch the variables it
//! finds, and checks only those (each in time linear in its terms). Explanations follow the
//! contract of [`Leq`]. Between solver calls nothing is kept but the constraints themselves:
//! each call starts at level 0 and reads the trail from its start.

use super::linear::{Leq, Scratch};
use batsat::theory::Theory;
use batsat::{Lit, TheoryArg, Var};
use std::collections::HashMap;

#[derive(Default)]
pub struct Sums {
    items: Vec<Leq>,
    /// Per variable index: the constraints that read it.
    watch: Vec<Vec<u32>>,
    /// Constraints to check, without repeats.
    queue: Vec<u32>,
    queued: Vec<bool>,
    /// How much of the trail has been read, and the variables read, in order.
    seen: usize,
    read: Vec<Var>,
    /// Per decision level: `seen` and `read.len()` when it began.
    levels: Vec<(usize, usize)>,
    /// Per propagated literal: the true literals that imply it.
    reasons: HashMap<Lit, Vec<Lit>>,
    scratch: Scratch,
}

impl Sums {
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn push(&mut self, leq: Leq) {
        let i = self.items.len() as u32;
        for v in leq.vars() {
            let v = v.idx() as usize;
            if self.watch.len() <= v {
                self.watch.resize(v + 1, Vec::new());
            }
            if self.watch[v].last() != Some(&i) {
                self.watch[v].push(i);
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
        for v in leq.vars() {
            if let Some(w) = self.watch.get_mut(v.idx() as usize) {
                w.retain(|&j| j != i);
            }
        }
    }

    /// Before a solver call (at level 0): read the trail afresh and check everything once.
    pub fn start(&mut self) {
        self.seen = 0;
        self.read.clear();
        self.levels.clear();
        self.reasons.clear();
        self.queue.clear();
        for i in 0..self.items.len() {
            self.queue.push(i as u32);
            self.queued[i] = true;
        }
    }

    fn mark(&mut self, v: Var) {
        if let Some(w) = self.watch.get(v.idx() as usize) {
            for &i in w {
                if !self.queued[i as usize] {
                    self.queued[i as usize] = true;
                    self.queue.push(i);
                }
            }
        }
    }

    fn check(&mut self, acts: &mut TheoryArg) {
        let trail_len = acts.model().len();
        for k in self.seen.min(trail_len)..trail_len {
            let v = acts.model()[k].var();
            self.read.push(v);
            self.mark(v);
        }
        self.seen = trail_len;
        while let Some(&i) = self.queue.last() {
            let ok = self.items[i as usize].check(acts, &mut self.scratch, &mut self.reasons);
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
        self.levels.push((self.seen, self.read.len()));
    }

    fn pop_levels(&mut self, n: usize) {
        let to = self.levels.len().saturating_sub(n);
        let Some(&(seen, read)) = self.levels.get(to) else {
            return;
        };
        // The constraints that read an unassigned variable must look again (their bounds fell).
        let popped: Vec<Var> = self.read.drain(read..).collect();
        for v in popped {
            self.mark(v);
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
