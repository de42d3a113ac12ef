//! A CNF under construction, with gates whose output is *defined* by their inputs (full Tseitin
//! equivalences), so that models of the CNF and configurations correspond one to one (counting).

use crate::solve::{Lit, SatSolver, SumDef, Var};
use std::collections::HashMap;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Gate {
    And(Vec<Lit>),
    Ite(Lit, Lit, Lit),
}

/// See [`Cnf::checkpoint`].
#[derive(Debug, Clone, Copy)]
pub struct Checkpoint {
    vars: u32,
    clauses: usize,
    lits: usize,
    sums: usize,
}

/// How much of a [`Cnf`] a solver holds: its first `clauses` clauses and `sums` sums.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Loaded {
    pub clauses: usize,
    pub sums: usize,
}

/// Clauses stored flat (`lits[starts[i]..starts[i+1]]`): tables yield millions of short clauses.
#[derive(Debug, Clone, Default)]
pub struct Cnf {
    pub num_vars: u32,
    /// Per variable: may the solver branch on it? Gate outputs are functions of their inputs, so
    /// branching on the configuration's own variables is enough (and far faster on big tables).
    decision: Vec<bool>,
    lits: Vec<Lit>,
    starts: Vec<usize>,
    gates: HashMap<Gate, Lit>,
    true_lit: Option<Lit>,
    /// Linear sums the solver propagates itself (`solve/sums.rs`); each one's literal is a gate
    /// output. Consumers of clauses alone (the counter, exports) get them as clauses from
    /// `encode::sum_clauses`.
    pub sums: Vec<SumDef>,
}

impl Cnf {
    pub fn new() -> Cnf {
        let mut c = Cnf::default();
        let t = c.new_lit();
        c.clause(&[t]);
        c.true_lit = Some(t);
        c
    }

    /// An empty CNF whose variables continue after the first `vars` of this one (sharing its
    /// constant): clauses to add to a prefix of it, as the counter reads it.
    pub fn continuation(&self, vars: u32) -> Cnf {
        Cnf {
            num_vars: vars,
            decision: self.decision[..(vars as usize).min(self.decision.len())].to_vec(),
            true_lit: self.true_lit,
            ..Cnf::default()
        }
    }

    pub fn truth(&self) -> Lit {
        self.true_lit.unwrap_or(Lit(0))
    }

    pub fn falsity(&self) -> Lit {
        !self.truth()
    }

    pub fn is_const(&self, l: Lit) -> bool {
        l.var() == self.truth().var()
    }

    /// A variable of the configuration (or a selector): the solver may branch on it.
    pub fn new_lit(&mut self) -> Lit {
        self.fresh(true)
    }

    /// A gate output: always implied by the gate's inputs, never branched on.
    fn new_gate(&mut self) -> Lit {
        self.fresh(false)
    }

    fn fresh(&mut self, decision: bool) -> Lit {
        let v = Var(self.num_vars);
        self.num_vars += 1;
        self.decision.push(decision);
        Lit::pos(v)
    }

    pub fn clause(&mut self, lits: &[Lit]) {
        // Drop false constants; a true constant satisfies the clause.
        if self.true_lit.is_some() {
            if lits.iter().any(|&l| l == self.truth()) {
                return;
            }
            let f = self.falsity();
            self.starts.push(self.lits.len());
            self.lits.extend(lits.iter().copied().filter(|&l| l != f));
        } else {
            self.starts.push(self.lits.len());
            self.lits.extend_from_slice(lits);
        }
    }

    /// A clause assembled from parts: repeated literals merged, a tautology (`x ∨ ¬x`) dropped.
    /// `lits` is a scratch buffer (sorted in place): callers reuse it across clauses.
    pub fn clause_tidy(&mut self, lits: &mut Vec<Lit>) {
        lits.sort_unstable();
        lits.dedup();
        if lits.windows(2).any(|w| w[0] == !w[1]) {
            return;
        }
        self.clause(lits);
    }

    /// Room for `clauses` more clauses of `lits` literals in all.
    pub fn reserve(&mut self, clauses: usize, lits: usize) {
        self.starts.reserve(clauses);
        self.lits.reserve(lits);
    }

    /// A point to roll back to when an encoding attempt is abandoned.
    pub fn checkpoint(&self) -> Checkpoint {
        Checkpoint {
            vars: self.num_vars,
            clauses: self.starts.len(),
            lits: self.lits.len(),
            sums: self.sums.len(),
        }
    }

    /// Forgets every variable, clause and gate made since `cp`.
    pub fn rollback(&mut self, cp: Checkpoint) {
        self.num_vars = cp.vars;
        self.decision.truncate(cp.vars as usize);
        self.starts.truncate(cp.clauses);
        self.lits.truncate(cp.lits);
        self.sums.truncate(cp.sums);
        self.gates.retain(|_, out| out.var().0 < cp.vars);
    }

    pub fn num_clauses(&self) -> usize {
        self.starts.len()
    }

    pub fn clause_at(&self, i: usize) -> &[Lit] {
        let end = self.starts.get(i + 1).copied().unwrap_or(self.lits.len());
        &self.lits[self.starts[i]..end]
    }

    /// `lit ⇔ Σ w·l ≥ k` kept as a sum for the solver: `lit` is a new gate output.
    pub fn sum(&mut self, parts: Vec<Vec<(i128, Lit)>>, k: i128) -> Lit {
        let lit = self.new_gate();
        self.sums.push(SumDef { lit, parts, k });
        lit
    }

    /// How much there is to load.
    pub fn loaded_all(&self) -> Loaded {
        Loaded {
            clauses: self.num_clauses(),
            sums: self.sums.len(),
        }
    }

    /// Loads what came after `from` into a solver (creating its variables).
    pub fn load_into(&self, solver: &mut dyn SatSolver, from: Loaded) -> Loaded {
        self.load_into_except(solver, from, &[])
    }

    /// Loads every clause into a fresh `solver` with the literals `fixed` true: they are set
    /// before the clauses arrive, so the solver drops their negations from the clauses as it
    /// reads them (every rule's `¬selector` when rules are fixed on: smaller clauses to store
    /// and to propagate). Returns the clauses loaded.
    pub fn load_fixed_into(&self, solver: &mut dyn SatSolver, fixed: &[Lit]) -> Loaded {
        self.add_vars(solver, &[]);
        for &l in fixed {
            solver.add_clause(&[l]);
        }
        self.load_into(solver, Loaded::default())
    }

    /// As [`Cnf::load_into`], with the variables of `never_branch` (sorted) not branched on
    /// either: rule selectors in the solver that switches rules, where an unassumed selector
    /// only ever needs to be set false by propagation, and branching on 10⁵ of them made every
    /// satisfiable call of a minimal reason cost milliseconds.
    pub fn load_into_except(
        &self,
        solver: &mut dyn SatSolver,
        from: Loaded,
        never_branch: &[Var],
    ) -> Loaded {
        self.add_vars(solver, never_branch);
        for i in from.clauses..self.num_clauses() {
            solver.add_clause(self.clause_at(i));
        }
        for def in &self.sums[from.sums.min(self.sums.len())..] {
            solver.add_sum(def);
        }
        self.loaded_all()
    }

    /// Creates the variables `solver` does not have yet.
    fn add_vars(&self, solver: &mut dyn SatSolver, never_branch: &[Var]) {
        while solver.num_vars() < self.num_vars {
            let v = solver.num_vars();
            let d = self.decision.get(v as usize).copied().unwrap_or(true)
                && never_branch.binary_search(&Var(v)).is_err();
            solver.new_var(d);
        }
    }

    /// DIMACS numbers of the variables the solver may branch on (not gate outputs).
    pub fn decision_vars(&self) -> Vec<u32> {
        (0..self.num_vars)
            .filter(|&v| self.decision.get(v as usize).copied().unwrap_or(true))
            .map(|v| v + 1)
            .collect()
    }

    /// Clauses in DIMACS numbering (for the model counter and exports).
    pub fn to_dimacs_clauses(&self) -> Vec<Vec<i32>> {
        self.to_dimacs_clauses_upto(self.num_clauses())
    }

    /// The first `n` clauses in DIMACS numbering.
    pub fn to_dimacs_clauses_upto(&self, n: usize) -> Vec<Vec<i32>> {
        (0..n.min(self.num_clauses()))
            .map(|i| self.clause_at(i).iter().map(|l| l.to_dimacs()).collect())
            .collect()
    }

    /// `t ↔ l1 ∧ … ∧ ln`.
    pub fn and(&mut self, lits: &[Lit]) -> Lit {
        let mut v: Vec<Lit> = lits
            .iter()
            .copied()
            .filter(|&l| l != self.truth())
            .collect();
        v.sort();
        v.dedup();
        if v.contains(&self.falsity()) || v.windows(2).any(|w| w[0] == !w[1]) {
            return self.falsity();
        }
        match v.len() {
            0 => return self.truth(),
            1 => return v[0],
            _ => {}
        }
        let key = Gate::And(v.clone());
        if let Some(&t) = self.gates.get(&key) {
            return t;
        }
        let t = self.new_gate();
        for &l in &v {
            self.clause(&[!t, l]);
        }
        let mut big: Vec<Lit> = v.iter().map(|&l| !l).collect();
        big.push(t);
        self.clause(&big);
        self.gates.insert(key, t);
        t
    }

    /// `t ↔ l1 ∨ … ∨ ln`.
    pub fn or(&mut self, lits: &[Lit]) -> Lit {
        let neg: Vec<Lit> = lits.iter().map(|&l| !l).collect();
        !self.and(&neg)
    }

    /// `t ↔ (c ? a : b)`.
    pub fn ite(&mut self, c: Lit, a: Lit, b: Lit) -> Lit {
        if a == b || c == self.truth() {
            return a;
        }
        if c == self.falsity() {
            return b;
        }
        if a == self.truth() && b == self.falsity() {
            return c;
        }
        if a == self.falsity() && b == self.truth() {
            return !c;
        }
        if a == self.truth() {
            return self.or(&[c, b]);
        }
        if b == self.falsity() {
            return self.and(&[c, a]);
        }
        if a == self.falsity() {
            return self.and(&[!c, b]);
        }
        if b == self.truth() {
            return self.or(&[!c, a]);
        }
        let key = Gate::Ite(c, a, b);
        if let Some(&t) = self.gates.get(&key) {
            return t;
        }
        let t = self.new_gate();
        self.clause(&[!t, !c, a]);
        self.clause(&[!t, c, b]);
        self.clause(&[t, !c, !a]);
        self.clause(&[t, c, !b]);
        self.clause(&[!a, !b, t]);
        self.clause(&[a, b, !t]);
        self.gates.insert(key, t);
        t
    }

    /// `t ↔ (a ↔ b)`.
    pub fn iff(&mut self, a: Lit, b: Lit) -> Lit {
        self.ite(a, b, !b)
    }

    /// At most one of `lits`: pairwise for few, a defined ladder for many.
    pub fn at_most_one(&mut self, lits: &[Lit]) {
        if lits.len() <= 8 {
            for i in 0..lits.len() {
                for j in i + 1..lits.len() {
                    self.clause(&[!lits[i], !lits[j]]);
                }
            }
            return;
        }
        // y_i ↔ x_1 ∨ … ∨ x_i; x_i forbids y_{i-1}.
        let mut prev = lits[0];
        for &x in &lits[1..] {
            self.clause(&[!x, !prev]);
            prev = self.or(&[prev, x]);
        }
    }
}
