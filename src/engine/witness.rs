//! Witnesses kept across clicks: the solver's models, restricted to the variables that decide
//! valid values. A witness whose literals agree with every current choice is a valid
//! configuration for the new selection too (rules do not change within a session, and clauses
//! added later only define new variables or switch off spent activation literals), so it proves
//! its values possible without a solver call.

use crate::solve::{Lit, Var};
use std::collections::HashMap;

/// How many models are kept (the oldest is replaced first): as many as fit in about 4 MB (two
/// bits per tracked variable), at least 64 and at most 512.
fn capacity(tracked: usize) -> usize {
    (16_000_000 / tracked.max(1)).clamp(64, 512)
}

/// A model as bits: `known` says which tracked variables it assigns, `value` their values.
/// Kept by the pool, or on its own (`optima.rs`: the configuration reaching an optimum).
#[derive(Debug, Clone, Default)]
pub struct Witness {
    known: Vec<u64>,
    value: Vec<u64>,
}

impl Witness {
    fn get(&self, i: usize) -> Option<bool> {
        let (w, b) = (i / 64, i % 64);
        let known = self.known.get(w).is_some_and(|k| k >> b & 1 == 1);
        known.then(|| self.value[w] >> b & 1 == 1)
    }
}

#[derive(Debug, Default)]
pub struct WitnessPool {
    /// Solver variable → bit position in each witness.
    slot: HashMap<u32, usize>,
    /// The variable at each bit position.
    vars: Vec<u32>,
    models: Vec<Witness>,
    next: usize,
}

/// Per tracked variable, whether some agreeing witness makes it true, and whether some makes it
/// false (see [`WitnessPool::union`]).
pub struct Seen<'a> {
    pool: &'a WitnessPool,
    some_true: Vec<u64>,
    some_false: Vec<u64>,
}

impl Seen<'_> {
    /// Whether some agreeing witness makes `l` true.
    pub fn witnessed(&self, l: Lit) -> bool {
        let Some(&i) = self.pool.slot.get(&l.var().0) else {
            return false;
        };
        let bits = if l.is_negated() {
            &self.some_false
        } else {
            &self.some_true
        };
        bits.get(i / 64).is_some_and(|w| w >> (i % 64) & 1 == 1)
    }
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

    /// The model `value` describes, over the variables tracked so far.
    pub fn capture(&self, value: impl Fn(Lit) -> bool) -> Witness {
        let words = self.vars.len().div_ceil(64);
        let mut bits = Witness {
            known: vec![0; words],
            value: vec![0; words],
        };
        for (i, &v) in self.vars.iter().enumerate() {
            bits.known[i / 64] |= 1 << (i % 64);
            if value(Lit::pos(Var(v))) {
                bits.value[i / 64] |= 1 << (i % 64);
            }
        }
        bits
    }

    /// Keeps the model `value` describes.
    pub fn record(&mut self, value: impl Fn(Lit) -> bool) {
        let bits = self.capture(value);
        let cap = capacity(self.vars.len());
        if self.models.len() < cap {
            self.models.push(bits);
        } else {
            self.models[self.next % cap] = bits;
            self.next = (self.next + 1) % cap;
        }
    }

    /// How many witnesses are kept.
    pub fn len(&self) -> usize {
        self.models.len()
    }

    /// The value of `v` in witness `w`, if `v` is tracked and the witness assigns it.
    pub fn value(&self, w: usize, v: Var) -> Option<bool> {
        let i = *self.slot.get(&v.0)?;
        self.models.get(w)?.get(i)
    }

    /// Witnesses in which every literal of `required` holds.
    pub fn agreeing<'a>(&'a self, required: &'a [Lit]) -> impl Iterator<Item = usize> + 'a {
        let need = self.needs(required);
        (0..self.models.len()).filter(move |&w| agrees(&self.models[w], &need))
    }

    /// Whether every literal of `required` holds in `w` (a variable `w` does not know fails).
    pub fn agrees(&self, w: &Witness, required: &[Lit]) -> bool {
        agrees(w, &self.needs(required))
    }

    /// `required` as (bit position, wanted value).
    fn needs(&self, required: &[Lit]) -> Vec<(Option<usize>, bool)> {
        required
            .iter()
            .map(|l| (self.slot.get(&l.var().0).copied(), !l.is_negated()))
            .collect()
    }

    /// What the witnesses agreeing with `required` show possible.
    pub fn union(&self, required: &[Lit]) -> Seen<'_> {
        let words = self.vars.len().div_ceil(64);
        let mut seen = Seen {
            pool: self,
            some_true: vec![0; words],
            some_false: vec![0; words],
        };
        for w in self.agreeing(required) {
            let m = &self.models[w];
            for (j, (&k, &v)) in m.known.iter().zip(&m.value).enumerate() {
                seen.some_true[j] |= k & v;
                seen.some_false[j] |= k & !v;
            }
        }
        seen
    }
}

fn agrees(w: &Witness, need: &[(Option<usize>, bool)]) -> bool {
    need.iter()
        .all(|&(i, want)| i.is_some_and(|i| w.get(i) == Some(want)))
}
