//! Witnesses kept across clicks: the solver's models, restricted to the variables that decide
//! valid values. A witness whose literals agree with every current choice is a valid
//! configuration for the new selection too (rules do not change within a session, and clauses
//! added later only define new variables or switch off spent activation literals), so it proves
//! its values possible without a solver call.

use crate::solve::Lit;
use std::collections::HashMap;

/// How many models are kept (the oldest is replaced first): as many as fit in about 2 MB of
/// tracked values, at least 64 and at most 512.
fn capacity(tracked: usize) -> usize {
    (2_000_000 / tracked.max(1)).clamp(64, 512)
}

#[derive(Debug, Default)]
pub struct WitnessPool {
    /// Solver variable → bit position in each witness.
    slot: HashMap<u32, usize>,
    /// The variable at each bit position.
    vars: Vec<u32>,
    models: Vec<Vec<bool>>,
    next: usize,
}

impl WitnessPool {
    /// A pool over the variables of `lits` (the candidates of every reported variable).
    pub fn new(lits: impl IntoIterator<Item = Lit>) -> WitnessPool {
        let mut pool = WitnessPool::default();
        pool.track(&lits.into_iter().collect::<Vec<_>>());
        pool
    }

    /// Tracks the variables of `lits` too (e.g. a choice's gate literals) in models kept from now on.
    pub fn track(&mut self, lits: &[Lit]) {
        for l in lits {
            let n = self.slot.len();
            self.slot.entry(l.var().0).or_insert_with(|| {
                self.vars.push(l.var().0);
                n
            });
        }
    }

    /// Keeps the model `value` describes.
    pub fn record(&mut self, value: impl Fn(Lit) -> bool) {
        let bits: Vec<bool> = self
            .vars
            .iter()
            .map(|&v| value(Lit::pos(crate::solve::Var(v))))
            .collect();
        let cap = capacity(self.slot.len());
        if self.models.len() < cap {
            self.models.push(bits);
        } else {
            self.models[self.next % cap] = bits;
            self.next = (self.next + 1) % cap;
        }
    }

    /// The value of `l` in witness `w`, when the pool tracks its variable.
    fn holds(&self, w: usize, l: Lit) -> Option<bool> {
        let i = *self.slot.get(&l.var().0)?;
        // Models kept before a variable was tracked do not know it.
        Some(*self.models[w].get(i)? != l.is_negated())
    }

    /// Witnesses in which every literal of `required` holds.
    pub fn agreeing<'a>(&'a self, required: &'a [Lit]) -> impl Iterator<Item = usize> + 'a {
        (0..self.models.len())
            .filter(move |&w| required.iter().all(|&l| self.holds(w, l) == Some(true)))
    }

    /// Whether `l` holds in witness `w` (false for untracked variables).
    pub fn is_true(&self, w: usize, l: Lit) -> bool {
        self.holds(w, l) == Some(true)
    }
}
