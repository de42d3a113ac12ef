//! Witness moves: from a model of the clauses to a nearby model in which a target literal holds,
//! by a short greedy repair (make the target true, then fix each broken clause with the flip that
//! breaks the fewest others, each variable flipped at most once). A move that succeeds ends on a
//! model of every clause, so it proves its literals possible without a solver call; a move that
//! fails proves nothing and is undone. Valid domains of feature models spend most solver calls
//! on values that a swap inside an alternative group would reach (Automotive02: 1,400 calls of
//! 6 ms, each witnessing one value).

use super::{Lit, Var};

/// How many flips one move may make before it gives up.
const MAX_FLIPS: usize = 16;

/// A copy of the clauses with occurrence lists, and one current model of them.
#[derive(Debug, Default)]
pub struct Walk {
    lits: Vec<Lit>,
    /// Clause `i` is `lits[ends[i-1]..ends[i]]`.
    ends: Vec<u32>,
    /// Per literal code: the clauses it occurs in.
    occ: Vec<Vec<u32>>,
    /// The current model, per variable.
    value: Vec<bool>,
    /// Per clause: how many of its literals the current model makes true.
    sat: Vec<u32>,
    /// Variables no move may flip (assumptions, and what is pinned).
    frozen: Vec<bool>,
    /// Variables no move may ever flip: those a sum the solver keeps reads (`solve/sums.rs`),
    /// which the walk cannot repair. Left as they are, every sum keeps holding.
    pinned: Vec<bool>,
    /// Per variable: the move that last flipped it (a move flips each variable at most once).
    stamp: Vec<u32>,
    moves: u32,
    flipped: Vec<u32>,
    broken: Vec<u32>,
    /// Whether the current model satisfies every clause (moves are refused otherwise).
    ready: bool,
    /// Whether some model was ever given (before that there is nothing to resume).
    started: bool,
}

impl Walk {
    pub fn add_clause(&mut self, clause: &[Lit]) {
        let i = self.ends.len() as u32;
        for &l in clause {
            self.grow(l.var());
            self.occ[l.0 as usize].push(i);
        }
        self.lits.extend_from_slice(clause);
        self.ends.push(self.lits.len() as u32);
        self.ready = false;
    }

    fn grow(&mut self, v: Var) {
        let n = v.0 as usize + 1;
        if self.value.len() < n {
            self.value.resize(n, false);
            self.frozen.resize(n, false);
            self.pinned.resize(n, false);
            self.stamp.resize(n, 0);
            self.occ.resize(2 * n, Vec::new());
        }
    }

    fn clause(&self, i: u32) -> &[Lit] {
        let start = if i == 0 { 0 } else { self.ends[i as usize - 1] };
        &self.lits[start as usize..self.ends[i as usize] as usize]
    }

    /// Starts from the model `value` gives, never flipping `fixed`. False (and no moves) when
    /// that is not a model of every clause or a fixed literal does not hold in it.
    pub fn start(&mut self, num_vars: u32, value: impl Fn(Var) -> bool, fixed: &[Lit]) -> bool {
        if num_vars > 0 {
            self.grow(Var(num_vars - 1));
        }
        for v in 0..self.value.len() {
            self.value[v] = value(Var(v as u32));
        }
        self.started = true;
        self.count_true();
        self.ready = self.sat.iter().all(|&n| n > 0) && fixed.iter().all(|&l| self.holds(l));
        self.freeze(fixed);
        self.ready
    }

    /// Goes on from the current model, under new assumptions `fixed`: repairs the clauses added
    /// since (new variables start false), then moves to make each fixed literal hold. True when
    /// that ends on a model of every clause in which every fixed literal holds (no solver call
    /// needed); false (and no moves until the next start) otherwise.
    pub fn resume(&mut self, num_vars: u32, fixed: &[Lit]) -> bool {
        if !self.started {
            return false;
        }
        if num_vars > 0 {
            self.grow(Var(num_vars - 1));
        }
        self.count_true();
        let holding: Vec<Lit> = fixed.iter().copied().filter(|&l| self.holds(l)).collect();
        self.freeze(&holding);
        self.moves += 1;
        self.flipped.clear();
        self.broken = (0..self.sat.len() as u32)
            .filter(|&c| self.sat[c as usize] == 0)
            .collect();
        let limit = MAX_FLIPS + self.broken.len();
        self.ready = self.repair(limit);
        for &l in fixed {
            if !self.ready {
                break;
            }
            self.ready = self.reach(l);
            self.frozen[l.var().0 as usize] = true;
        }
        self.ready
    }

    fn count_true(&mut self) {
        self.sat.clear();
        self.sat.resize(self.ends.len(), 0);
        for i in 0..self.ends.len() as u32 {
            let n = self.clause(i).iter().filter(|&&l| self.holds(l)).count();
            self.sat[i as usize] = n as u32;
        }
    }

    /// Never flips `v` (see `pinned`).
    pub fn pin(&mut self, v: Var) {
        self.grow(v);
        self.pinned[v.0 as usize] = true;
    }

    fn freeze(&mut self, fixed: &[Lit]) {
        self.frozen.clone_from(&self.pinned);
        for l in fixed {
            self.frozen[l.var().0 as usize] = true;
        }
    }

    /// The value of `l` in the current model.
    pub fn holds(&self, l: Lit) -> bool {
        self.value
            .get(l.var().0 as usize)
            .is_some_and(|&b| b != l.is_negated())
    }

    /// Moves to a model in which `target` holds: true on success (the new model satisfies every
    /// clause; [`Walk::changed`] lists the variables flipped), false when the move failed and left
    /// the model as it was.
    pub fn reach(&mut self, target: Lit) -> bool {
        let v = target.var().0 as usize;
        self.flipped.clear();
        if !self.ready || v >= self.value.len() {
            return false;
        }
        if self.holds(target) {
            return true;
        }
        if self.frozen[v] {
            return false;
        }
        self.moves += 1;
        self.broken.clear();
        self.flip(v as u32);
        if self.repair(MAX_FLIPS) {
            return true;
        }
        self.undo();
        false
    }

    /// Fixes the broken clauses, each with the flip that breaks the fewest others, within
    /// `limit` flips of this move.
    fn repair(&mut self, limit: usize) -> bool {
        while let Some(c) = self.broken.pop() {
            if self.sat[c as usize] > 0 {
                continue;
            }
            let next = (self.flipped.len() < limit)
                .then(|| self.best_flip(c))
                .flatten();
            match next {
                Some(w) => self.flip(w),
                None => return false,
            }
        }
        true
    }

    /// The variables the last successful move flipped.
    pub fn changed(&self) -> &[u32] {
        &self.flipped
    }

    /// The variable of broken clause `c` whose flip breaks the fewest other clauses.
    fn best_flip(&self, c: u32) -> Option<u32> {
        let mut best: Option<(usize, u32)> = None;
        for &l in self.clause(c) {
            let v = l.var().0;
            if self.frozen[v as usize] || self.stamp[v as usize] == self.moves {
                continue;
            }
            // `l` is false, so `!l` is true: clauses where `!l` is the only true literal break.
            // Counting stops where it can no longer beat the best so far.
            let cap = best.map_or(usize::MAX, |(b, _)| b);
            let breaks = self.occ[(!l).0 as usize]
                .iter()
                .filter(|&&d| self.sat[d as usize] == 1)
                .take(cap)
                .count();
            if breaks < cap {
                best = Some((breaks, v));
                if breaks == 0 {
                    break;
                }
            }
        }
        best.map(|(_, v)| v)
    }

    fn flip(&mut self, v: u32) {
        self.stamp[v as usize] = self.moves;
        self.flipped.push(v);
        self.toggle(v, true);
    }

    fn undo(&mut self) {
        while let Some(v) = self.flipped.pop() {
            self.toggle(v, false);
        }
    }

    /// Flips `v` and updates the clauses' true counts (noting clauses it breaks, when `note`).
    fn toggle(&mut self, v: u32, note: bool) {
        let now = !self.value[v as usize];
        self.value[v as usize] = now;
        let t = if now {
            Lit::pos(Var(v))
        } else {
            !Lit::pos(Var(v))
        };
        for &c in &self.occ[t.0 as usize] {
            self.sat[c as usize] += 1;
        }
        for &c in &self.occ[(!t).0 as usize] {
            self.sat[c as usize] -= 1;
            if note && self.sat[c as usize] == 0 {
                self.broken.push(c);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lit(d: i32) -> Lit {
        let l = Lit::pos(Var(d.unsigned_abs() - 1));
        if d < 0 {
            !l
        } else {
            l
        }
    }

    fn walk(clauses: &[&[i32]]) -> Walk {
        let mut w = Walk::default();
        for c in clauses {
            w.add_clause(&c.iter().map(|&d| lit(d)).collect::<Vec<_>>());
        }
        w
    }

    fn satisfied(w: &Walk, clauses: &[&[i32]]) -> bool {
        clauses.iter().all(|c| c.iter().any(|&d| w.holds(lit(d))))
    }

    #[test]
    fn a_swap_inside_an_alternative_group_reaches_the_other_member() {
        // root 1 requires exactly one of 2, 3, 4.
        let cs: &[&[i32]] = &[&[1], &[-1, 2, 3, 4], &[-2, -3], &[-2, -4], &[-3, -4]];
        let mut w = walk(cs);
        assert!(w.start(4, |v| v.0 == 0 || v.0 == 1, &[lit(1)]));
        assert!(w.reach(lit(4)));
        assert!(w.holds(lit(4)) && !w.holds(lit(2)) && satisfied(&w, cs));
    }

    #[test]
    fn a_failed_move_leaves_the_model_unchanged() {
        // 2 and 3 exclude each other and 3 is fixed: 2 is out of reach.
        let cs: &[&[i32]] = &[&[-2, -3], &[1, 2]];
        let mut w = walk(cs);
        assert!(w.start(3, |v| v.0 != 1, &[lit(3)]));
        assert!(!w.reach(lit(2)));
        assert!(w.holds(lit(1)) && !w.holds(lit(2)) && w.holds(lit(3)) && satisfied(&w, cs));
    }

    #[test]
    fn resuming_repairs_new_clauses_and_reaches_new_assumptions() {
        let cs: &[&[i32]] = &[&[1], &[-1, 2, 3, 4], &[-2, -3], &[-2, -4], &[-3, -4]];
        let mut w = walk(cs);
        assert!(w.start(4, |v| v.0 == 0 || v.0 == 1, &[lit(1)]));
        // A gate 5 <-> (3 or 4) added later, then the assumption 5.
        w.add_clause(&[lit(-5), lit(3), lit(4)]);
        w.add_clause(&[lit(5), lit(-3)]);
        w.add_clause(&[lit(5), lit(-4)]);
        assert!(w.resume(5, &[lit(1), lit(5)]));
        let all: Vec<&[i32]> = cs
            .iter()
            .copied()
            .chain([&[-5, 3, 4][..], &[5, -3], &[5, -4]])
            .collect();
        assert!(w.holds(lit(5)) && satisfied(&w, &all));
        // 2 now contradicts the assumption 5: out of reach.
        assert!(!w.reach(lit(2)));
    }

    #[test]
    fn a_pinned_variable_is_never_flipped() {
        // As in the swap test, but 2 is pinned (a kept sum reads it): 4 is out of reach.
        let cs: &[&[i32]] = &[&[1], &[-1, 2, 3, 4], &[-2, -3], &[-2, -4], &[-3, -4]];
        let mut w = walk(cs);
        w.pin(Var(1));
        assert!(w.start(4, |v| v.0 == 0 || v.0 == 1, &[lit(1)]));
        assert!(!w.reach(lit(4)) && w.holds(lit(2)));
    }

    #[test]
    fn a_start_that_is_no_model_allows_no_move() {
        let cs: &[&[i32]] = &[&[1, 2]];
        let mut w = walk(cs);
        assert!(!w.start(2, |_| false, &[]));
        assert!(!w.reach(lit(1)));
    }
}
