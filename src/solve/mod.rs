//! The SAT solver behind a small interface, so the backend can be swapped (batsat today).

mod batsat_backend;
mod linear;
mod lit;
mod sums;
mod walk;

pub use batsat_backend::BatSolver;
pub use lit::{Lit, Var};
pub use walk::Walk;

use crate::budget::Budget;

/// `lit ⇔ Σ w·l ≥ k`, the literals of each part excluding each other (one feature's values):
/// a rule's linear comparison that the solver propagates as a sum (`sums.rs`), not as clauses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SumDef {
    pub lit: Lit,
    pub parts: Vec<Vec<(i128, Lit)>>,
    pub k: i128,
}

impl SumDef {
    /// The variables the sum reads, its literal's first.
    pub fn reads(&self) -> impl Iterator<Item = Var> + '_ {
        std::iter::once(self.lit.var()).chain(self.parts.iter().flatten().map(|(_, l)| l.var()))
    }
}

/// `act → Σ w·l ≤ bound` for one solver call; within each part at most one literal may be true
/// (the values of one feature).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallBound {
    pub act: Lit,
    pub parts: Vec<Vec<(i64, Lit)>>,
    pub bound: i64,
}

/// The answer of one solver call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SolveResult {
    Sat,
    Unsat,
    /// The budget ran out first.
    Unknown,
}

/// What the engine needs from a SAT solver: incremental clauses, assumptions, models and cores.
pub trait SatSolver {
    /// A new variable; `decision`: may the search branch on it (false for defined gate outputs).
    fn new_var(&mut self, decision: bool) -> Var;
    fn num_vars(&self) -> u32;
    fn add_clause(&mut self, lits: &[Lit]);
    /// A sum kept in every later call.
    fn add_sum(&mut self, def: &SumDef);
    /// Solves under `assumptions`; after `Unsat`, [`SatSolver::core`] is a subset of them.
    fn solve(&mut self, assumptions: &[Lit], budget: &Budget) -> SolveResult;
    /// The value of `lit` in the last model (after `Sat`).
    fn value(&self, lit: Lit) -> bool;
    /// Assumptions that together are unsatisfiable (after `Unsat`).
    fn core(&self) -> Vec<Lit>;
    /// Solves under `assumptions` with each of `bounds` enforced while its `act` holds. What the
    /// solver learns from them mentions `¬act`, so it stays sound once `act` is switched off.
    fn solve_linear(
        &mut self,
        assumptions: &[Lit],
        bounds: &[CallBound],
        budget: &Budget,
    ) -> SolveResult;
}
