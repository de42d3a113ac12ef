//! A session keeps one catalog compiled and one solver warm across every click.

use super::choice::{parse_choice, Choice, ChoiceError};
use crate::budget::Budget;
use crate::encode::{EncodeError, Encoding, Lin};
use crate::model::Model;
use crate::solve::{BatSolver, Lit, SatSolver, SolveResult};
use std::collections::HashMap;

/// Which total a price question is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Period {
    Once,
    Monthly,
}

pub struct Session {
    pub model: Model,
    pub enc: Encoding,
    solver: BatSolver,
    /// Clauses of `enc.cnf` already in the solver (encodings grow with price bounds).
    loaded: usize,
    /// Bound literals already encoded: (objective, ≤ or ≥, bound) → literal.
    bounds: HashMap<(u8, bool, i128), Lit>,
    /// Price objectives (after discounts and surcharges), built once.
    prices: Option<[Lin; 2]>,
}

impl Session {
    /// Compiles a model; one compile per catalog, not per click.
    pub fn new(model: Model) -> Result<Session, EncodeError> {
        let enc = Encoding::new(&model)?;
        let mut solver = BatSolver::default();
        let loaded = enc.cnf.load_into(&mut solver, 0);
        Ok(Session {
            model,
            enc,
            solver,
            loaded,
            bounds: HashMap::new(),
            prices: None,
        })
    }

    pub fn parse_choices(&self, choices: &[String]) -> Result<Vec<Choice>, ChoiceError> {
        choices
            .iter()
            .map(|c| parse_choice(&self.model, &self.enc, c))
            .collect()
    }

    /// All rule selectors: every rule on.
    pub fn all_rules(&self) -> Vec<Lit> {
        self.enc.selectors.clone()
    }

    /// Solves under assumptions (loading any clauses encoded since the last call).
    pub fn solve(&mut self, assumptions: &[Lit], budget: &Budget) -> SolveResult {
        if self.loaded < self.enc.cnf.num_clauses() {
            self.loaded = self.enc.cnf.load_into(&mut self.solver, self.loaded);
        }
        self.solver.solve(assumptions, budget)
    }

    pub fn value(&self, l: Lit) -> bool {
        self.solver.value(l)
    }

    pub fn core(&self) -> Vec<Lit> {
        self.solver.core()
    }

    /// The price objective of a period, discounts and surcharges included.
    pub fn price_lin(&mut self, p: Period) -> Lin {
        if self.prices.is_none() {
            let once = super::price::objective(&self.model, &mut self.enc, Period::Once);
            let monthly = super::price::objective(&self.model, &mut self.enc, Period::Monthly);
            self.prices = Some([once, monthly]);
        }
        let [once, monthly] = self.prices.as_ref().expect("just built");
        match p {
            Period::Once => once.clone(),
            Period::Monthly => monthly.clone(),
        }
    }

    /// A literal for `Σ terms ≤ k` (or `≥ k`), encoded once per (objective, direction, bound).
    pub fn bound(&mut self, key: u8, terms: &[(i128, Lit)], at_most: bool, k: i128) -> Option<Lit> {
        if let Some(&l) = self.bounds.get(&(key, at_most, k)) {
            return Some(l);
        }
        let l = if at_most {
            crate::encode::at_most(&mut self.enc.cnf, terms, k, &self.enc.groups).ok()?
        } else {
            crate::encode::at_least(&mut self.enc.cnf, terms, k, &self.enc.groups).ok()?
        };
        self.bounds.insert((key, at_most, k), l);
        Some(l)
    }
}
