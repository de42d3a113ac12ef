//! [`SatSolver`] on batsat, a pure-Rust MiniSat that also builds for WASM.

use super::linear::Leq;
use super::sums::Sums;
use super::{CallBound, Lit, SatSolver, SolveResult, SumDef, Var};
use crate::budget::Budget;
use batsat::{lbool, Callbacks, SolverInterface};

/// Stops the search when the budget's time runs out or its conflict limit is reached.
#[derive(Default)]
struct BudgetCallbacks {
    budget: Option<Budget>,
    conflicts_left: std::cell::Cell<Option<u64>>,
    /// `stop` is asked at every step of the search; the clock is read every 64th time (reading
    /// it each time was a tenth of the solver's time).
    asked: std::cell::Cell<u32>,
    /// Once the time is found spent, every later question says so: the search and its restart
    /// loop both ask, and a restart loop that missed the answer would search on for ever.
    expired: std::cell::Cell<bool>,
}

impl Callbacks for BudgetCallbacks {
    fn stop(&self) -> bool {
        if let Some(n) = self.conflicts_left.get() {
            if n == 0 {
                return true;
            }
        }
        if self.expired.get() {
            return true;
        }
        let asked = self.asked.get().wrapping_add(1);
        self.asked.set(asked);
        if asked % 64 == 0 && self.budget.is_some_and(|b| b.expired()) {
            self.expired.set(true);
        }
        self.expired.get()
    }

    fn on_result(&mut self, _: lbool) {}

    fn on_new_clause(&mut self, _: &[batsat::Lit], kind: batsat::ClauseKind) {
        if matches!(kind, batsat::ClauseKind::Learnt) {
            if let Some(n) = self.conflicts_left.get() {
                self.conflicts_left.set(Some(n.saturating_sub(1)));
            }
        }
    }
}

pub struct BatSolver {
    s: batsat::Solver<BudgetCallbacks>,
    /// The linear sums propagated in every call (and an objective's bound during its call).
    sums: Sums,
    assumptions: Vec<batsat::Lit>,
    /// The clause being added (one buffer for the 10⁵ clauses of a big model).
    clause: Vec<batsat::Lit>,
}

impl Default for BatSolver {
    fn default() -> Self {
        BatSolver {
            s: batsat::Solver::new(batsat::SolverOpts::default(), BudgetCallbacks::default()),
            sums: Sums::default(),
            assumptions: Vec::new(),
            clause: Vec::new(),
        }
    }
}

impl BatSolver {
    /// A solver that picks decision polarities at random (from a fixed seed, so answers stay
    /// reproducible): successive models differ more, so each witnesses more values.
    pub fn diverse() -> Self {
        let opts = batsat::SolverOpts {
            rnd_pol: true,
            ..batsat::SolverOpts::default()
        };
        BatSolver {
            s: batsat::Solver::new(opts, BudgetCallbacks::default()),
            sums: Sums::default(),
            assumptions: Vec::new(),
            clause: Vec::new(),
        }
    }
}

fn answer(r: lbool) -> SolveResult {
    if r == lbool::TRUE {
        SolveResult::Sat
    } else if r == lbool::FALSE {
        SolveResult::Unsat
    } else {
        SolveResult::Unknown
    }
}

impl BatSolver {
    /// Arms the budget and converts the assumptions; false when the budget is already spent.
    fn prepare(&mut self, assumptions: &[Lit], budget: &Budget) -> bool {
        if budget.expired() {
            return false;
        }
        let cb = self.s.cb_mut();
        cb.budget = Some(*budget);
        cb.expired.set(false);
        cb.conflicts_left.set(budget.conflict_limit());
        self.assumptions.clear();
        self.assumptions
            .extend(assumptions.iter().map(|&l| to_bat(l)));
        true
    }
}

fn to_bat(l: Lit) -> batsat::Lit {
    batsat::Lit::new(batsat::Var::unsafe_from_idx(l.var().0), !l.is_negated())
}

fn from_bat(l: batsat::Lit) -> Lit {
    let v = Lit::pos(Var(l.var().idx()));
    if l.sign() {
        v
    } else {
        !v
    }
}

impl BatSolver {
    /// Propagates at the root what the clauses added so far imply: a unit clause is only queued
    /// when it is added, so [`BatSolver::root_value`] sees its consequences after this.
    pub fn propagate_root(&mut self) {
        self.s.simplify();
    }

    /// The value `lit` has at level 0 (what the clauses imply by propagation alone), if any.
    pub fn root_value(&self, lit: Lit) -> Option<bool> {
        let v = self.s.value_lvl_0(to_bat(lit));
        (v != lbool::UNDEF).then_some(v == lbool::TRUE)
    }
}

impl SatSolver for BatSolver {
    fn new_var(&mut self, decision: bool) -> Var {
        Var(self.s.new_var(lbool::UNDEF, decision).idx())
    }

    fn num_vars(&self) -> u32 {
        self.s.num_vars()
    }

    fn add_clause(&mut self, lits: &[Lit]) {
        self.clause.clear();
        self.clause.extend(lits.iter().map(|&l| to_bat(l)));
        self.s.add_clause_reuse(&mut self.clause);
    }

    fn solve(&mut self, assumptions: &[Lit], budget: &Budget) -> SolveResult {
        if !self.prepare(assumptions, budget) {
            return SolveResult::Unknown;
        }
        if self.sums.is_empty() {
            return answer(self.s.solve_limited(&self.assumptions));
        }
        self.sums.start();
        answer(self.s.solve_limited_th(&mut self.sums, &self.assumptions))
    }

    fn add_sum(&mut self, def: &SumDef) {
        let parts = |sign: i128| -> Vec<Vec<(i128, batsat::Lit)>> {
            def.parts
                .iter()
                .map(|p| p.iter().map(|&(w, l)| (sign * w, to_bat(l))).collect())
                .collect()
        };
        let lit = to_bat(def.lit);
        // lit → Σ ≥ k, that is −Σ ≤ −k; ¬lit → Σ ≤ k − 1.
        self.sums.push(Leq::new(lit, parts(-1), -def.k));
        self.sums.push(Leq::new(!lit, parts(1), def.k - 1));
    }

    fn solve_linear(
        &mut self,
        assumptions: &[Lit],
        bounds: &[CallBound],
        budget: &Budget,
    ) -> SolveResult {
        if !self.prepare(assumptions, budget) {
            return SolveResult::Unknown;
        }
        for b in bounds {
            let parts = b
                .parts
                .iter()
                .map(|p| p.iter().map(|&(w, l)| (i128::from(w), to_bat(l))).collect())
                .collect();
            self.sums
                .push(Leq::new(to_bat(b.act), parts, b.bound.into()));
        }
        self.sums.start();
        let r = answer(self.s.solve_limited_th(&mut self.sums, &self.assumptions));
        for _ in bounds {
            self.sums.pop();
        }
        r
    }

    fn value(&self, lit: Lit) -> bool {
        self.s.value_lit(to_bat(lit)) == lbool::TRUE
    }

    fn core(&self) -> Vec<Lit> {
        // batsat's final conflict holds the negations of the failed assumptions.
        self.s.unsat_core().iter().map(|&l| !from_bat(l)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Pigeonhole: n+1 pigeons in n holes, hard for clause learning.
    fn pigeonhole(s: &mut BatSolver, n: usize) {
        let p: Vec<Vec<Lit>> = (0..=n)
            .map(|_| (0..n).map(|_| Lit::pos(s.new_var(true))).collect())
            .collect();
        for row in &p {
            s.add_clause(row);
        }
        for h in 0..n {
            for a in 0..=n {
                for b in a + 1..=n {
                    s.add_clause(&[!p[a][h], !p[b][h]]);
                }
            }
        }
    }

    /// A spent time budget ends the call with `Unknown` (the restart loop once missed it and
    /// searched on for ever), and the next call gets its own budget.
    #[test]
    fn a_spent_budget_stops_the_search() {
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut s = BatSolver::default();
            pigeonhole(&mut s, 11);
            let first = s.solve(&[], &Budget::millis(50));
            let second = s.solve(&[], &Budget::millis(50));
            let _ = tx.send((first, second));
        });
        let got = rx.recv_timeout(std::time::Duration::from_secs(20));
        assert_eq!(got.ok(), Some((SolveResult::Unknown, SolveResult::Unknown)));
    }
}
