//! A linear-sum constraint propagated inside the SAT search (a batsat theory): `Σ w·l ≤ bound`
//! over parts whose literals exclude each other (the values of one feature: at most one holds),
//! enforced while an activation literal holds.
//!
//! The propagator keeps a lower bound of the sum: per part, the weight of its true literal, or
//! else the least of 0 and the weights of its literals not yet false. Knowing the parts is what
//! makes maxima tractable: without them every value of a feature counts as possible at once.
//!
//! Contract (what makes learnt clauses safe to keep after the call):
//! - a conflict is `¬act` and the negations of the true literals that raise the lower bound past
//!   the bound;
//! - a propagation is explained by `act` and the true literals raising the other parts' bounds;
//! every lemma mentions `¬act`, so once `act` is switched off for good they are all satisfied.

use batsat::theory::Theory;
use batsat::{lbool, Lit, TheoryArg};
use std::collections::HashMap;

pub struct Linear {
    act: Lit,
    parts: Vec<Vec<(i64, Lit)>>,
    bound: i128,
    /// Per variable index: is it one of the terms'? A flat table, not a hash set: every check
    /// reads the trail from where it stopped, and after a restart that is the whole trail, which
    /// in a long session holds thousands of spent activation literals.
    vars: Vec<bool>,
    /// How many terms there are in all.
    terms: usize,
    /// How much of the trail has been read, and whether `act` is on it; per level when it began.
    seen: usize,
    active: bool,
    levels: Vec<(usize, bool)>,
    /// A term's variable was assigned or unassigned since the last computation.
    dirty: bool,
    /// Per propagated literal: the true literals that explain it (with `act`).
    reasons: HashMap<Lit, Vec<Lit>>,
    /// Scratch: true literals raising the lower bound, and where each part's run of them ends.
    raising: Vec<Lit>,
    ends: Vec<usize>,
    part_lb: Vec<i128>,
}

impl Linear {
    /// `Σ w·l ≤ bound` while `act` holds; within a part at most one literal may be true.
    pub fn new(act: Lit, parts: Vec<Vec<(i64, Lit)>>, bound: i64) -> Linear {
        let top = parts
            .iter()
            .flatten()
            .map(|(_, l)| l.var().idx() as usize + 1)
            .max()
            .unwrap_or(0);
        let terms = parts.iter().map(Vec::len).sum();
        let mut vars = vec![false; top];
        for (_, l) in parts.iter().flatten() {
            vars[l.var().idx() as usize] = true;
        }
        Linear {
            act,
            parts,
            bound: bound.into(),
            vars,
            terms,
            seen: 0,
            active: false,
            levels: Vec::new(),
            dirty: true,
            reasons: HashMap::new(),
            raising: Vec::new(),
            ends: Vec::new(),
            part_lb: Vec::new(),
        }
    }

    fn check(&mut self, acts: &mut TheoryArg) {
        let model = acts.model();
        let unread = &model[self.seen.min(model.len())..];
        if unread.len() > self.terms {
            // Reading more of the trail than there are terms (the first check, or after a
            // restart, in a session whose trail holds thousands of spent activation literals):
            // recomputing the bound is cheaper.
            self.active = value(acts, self.act) == lbool::TRUE;
            self.dirty = true;
        } else {
            for &p in unread {
                if p == self.act {
                    self.active = true;
                    self.dirty = true;
                } else if self
                    .vars
                    .get(p.var().idx() as usize)
                    .copied()
                    .unwrap_or(false)
                {
                    self.dirty = true;
                }
            }
        }
        self.seen = model.len();
        if !self.active || !self.dirty {
            return;
        }
        self.dirty = false;
        let lb = self.lower_bound(acts);
        if lb > self.bound {
            let mut conflict = vec![!self.act];
            conflict.extend(self.raising.iter().map(|&l| !l));
            acts.raise_conflict(&conflict, false);
            return;
        }
        for p in 0..self.parts.len() {
            let others = lb - self.part_lb[p];
            let part_open = self.parts[p]
                .iter()
                .all(|&(_, l)| value(acts, l) != lbool::TRUE);
            if !part_open {
                continue;
            }
            for i in 0..self.parts[p].len() {
                let (w, l) = self.parts[p][i];
                if value(acts, l) != lbool::UNDEF {
                    continue;
                }
                // `l` true would give the part its weight; a lone literal false gives it 0.
                let forced = if others + i128::from(w) > self.bound {
                    Some(!l)
                } else if self.parts[p].len() == 1 && others > self.bound {
                    Some(l)
                } else {
                    None
                };
                if let Some(q) = forced {
                    let start = if p == 0 { 0 } else { self.ends[p - 1] };
                    let mut why = vec![self.act];
                    why.extend_from_slice(&self.raising[..start]);
                    why.extend_from_slice(&self.raising[self.ends[p]..]);
                    self.reasons.insert(q, why);
                    if !acts.propagate(q) {
                        return;
                    }
                }
            }
        }
    }

    /// The lower bound of the sum under the current assignment; fills `part_lb`, `raising` and
    /// `ends`.
    fn lower_bound(&mut self, acts: &TheoryArg) -> i128 {
        self.raising.clear();
        self.ends.clear();
        self.part_lb.clear();
        let mut total = 0i128;
        for part in &self.parts {
            let free = part
                .iter()
                .map(|&(w, _)| i128::from(w))
                .min()
                .unwrap_or(0)
                .min(0);
            let lb = match part.iter().find(|&&(_, l)| value(acts, l) == lbool::TRUE) {
                Some(&(w, l)) => {
                    if i128::from(w) > free {
                        self.raising.push(l);
                    }
                    i128::from(w)
                }
                None => {
                    let lb = part
                        .iter()
                        .filter(|&&(_, l)| value(acts, l) != lbool::FALSE)
                        .map(|&(w, _)| i128::from(w))
                        .fold(0, i128::min);
                    // The false literals that would have kept the part lower.
                    self.raising.extend(
                        part.iter()
                            .filter(|&&(w, l)| i128::from(w) < lb && value(acts, l) == lbool::FALSE)
                            .map(|&(_, l)| !l),
                    );
                    lb
                }
            };
            self.ends.push(self.raising.len());
            self.part_lb.push(lb);
            total += lb;
        }
        total
    }
}

/// The value of a literal under the solver's current assignment.
fn value(acts: &TheoryArg, l: Lit) -> lbool {
    acts.value(l.var()) ^ !l.sign()
}

impl Theory for Linear {
    fn final_check(&mut self, acts: &mut TheoryArg) {
        self.check(acts);
    }

    fn partial_check(&mut self, acts: &mut TheoryArg) {
        self.check(acts);
    }

    fn create_level(&mut self) {
        self.levels.push((self.seen, self.active));
    }

    fn pop_levels(&mut self, n: usize) {
        let to = self.levels.len() - n;
        (self.seen, self.active) = self.levels[to];
        self.levels.truncate(to);
        self.dirty = true;
    }

    fn n_levels(&self) -> usize {
        self.levels.len()
    }

    fn explain_propagation(&mut self, p: Lit) -> &[Lit] {
        self.reasons.get(&p).map_or(&[], |r| r.as_slice())
    }
}
