//! A session keeps one catalog compiled and one solver warm across every click.

use super::choice::{parse_choice, Choice, ChoiceError};
use super::independent::independent_sums;
use super::parts::parts;
use super::rule_index::RuleIndex;
use super::surrogate::{surrogates, Surrogate};
use super::symmetry::{interchangeable, order_lits, orders, Order};
use super::view::{candidates, variables};
use super::witness::{Witness, WitnessPool};
use crate::budget::Budget;
use crate::encode::{
    add_implied_facts, clauses_with_sums, definitions, Definition, EncodeError, EncodeOptions,
    Encoding, Forms, Lin, Loaded,
};
use crate::model::Model;
use crate::solve::{BatSolver, CallBound, Lit, SatSolver, SolveResult, Var, Walk};
use std::collections::HashMap;

pub use super::price_terms::Period;

/// Witnesses a reason's deletion step looks at per trial (see [`Session::witness_shows`]).
const WITNESS_LOOKS: usize = 16;

pub struct Session {
    pub model: Model,
    pub enc: Encoding,
    /// Rules switchable by their selectors: for reasons and conflicts (cores over rules). Filled
    /// on first use: most clicks never need it, and a catalog is ready sooner without it.
    solver: BatSolver,
    /// The selectors' variables, sorted: the reasons solver never branches on them.
    selector_vars: Vec<Var>,
    /// Every rule fixed on by unit clauses: the common case, without re-assuming every selector
    /// on every call.
    hard: BatSolver,
    /// How much of `enc.cnf` each solver holds (encodings grow with price bounds).
    loaded: Loaded,
    loaded_hard: Loaded,
    /// Which solver answered last (whose model `value` reads).
    last_hard: bool,
    /// Solver calls made so far (for benchmarks and tests of the witness reuse).
    pub calls: u64,
    /// Of those, the calls that settled valid domains (tests check witnesses spare them).
    pub domain_calls: u64,
    /// Bound literals already encoded: (objective, ≤ or ≥, bound) → literal.
    bounds: HashMap<(u8, bool, i128), Lit>,
    /// Runs of interchangeable instances (`symmetry.rs`), made at the first optimum asked.
    orders: Option<Vec<Order>>,
    /// Per objective (its signed terms): the surrogate bounds added to it (`surrogate.rs`).
    surrogates: HashMap<Vec<(i128, Lit)>, std::sync::Arc<Vec<Surrogate>>>,
    /// Price objectives (after discounts and surcharges), built once.
    prices: Option<[Lin; 2]>,
    /// Models from earlier calls, reused as witnesses while they agree with the choices.
    pub witnesses: WitnessPool,
    /// Moves from the last model to neighbouring ones (valid domains without solver calls).
    pub walk: Walk,
    /// The walk knows the compiled encoding's variables only: everything encoded later defines
    /// new variables from old ones (gates, bound diagrams) or switches off activation literals,
    /// so a model of the compiled clauses extends to one of all clauses.
    walk_vars: u32,
    /// Clauses of `enc.cnf` the walk has looked at.
    walk_seen: usize,
    /// Clauses of the compiled encoding (before any click added gates or bound diagrams):
    /// counting reads only these, so counts do not slow down as a session ages.
    pub compiled_clauses: usize,
    /// Sums of the compiled encoding (`Cnf::sum`).
    pub compiled_sums: usize,
    /// Clauses by variable, built on the first minimal reason.
    rule_index: Option<RuleIndex>,
    /// Whether `root_ranges.rs` has run for this session.
    pub(super) root_ranges_settled: bool,
    /// The comparisons true at the root as forms over whole ints (`encode/implied.rs`).
    pub(super) forms: Forms,
    /// Wide ints an equality defines (`encode/defined.rs`), for `range_bounds.rs`.
    pub(super) defined: HashMap<usize, Definition>,
    /// Instances in runs of interchangeable ones, with their run's number (`symmetry.rs`);
    /// only where there are wide ints.
    pub(super) alike: HashMap<usize, usize>,
    /// Defined wide ints whose parts no other rule links (`independent.rs`): their parts and
    /// weights.
    pub(super) summed: HashMap<usize, Vec<(usize, i128)>>,
    /// `offset = k` of a wide int, as a gate over its bits, made on demand (`range_bounds.rs`).
    pub(super) value_lits: HashMap<(usize, i128), Lit>,
    /// Wide ints' offsets proven with every rule on and no choice (`root_ranges.rs`).
    pub(super) proven: HashMap<usize, (i128, i128)>,
    /// Price optima of earlier clicks, with configurations reaching them (`optima.rs`).
    pub(super) optima: super::optima::Optima,
}

impl Session {
    /// Compiles a model; one compile per catalog, not per click.
    pub fn new(model: Model) -> Result<Session, EncodeError> {
        Session::with_options(model, &EncodeOptions::default())
    }

    /// Compiles with chosen encoding options (tests force the wide-int path with them).
    pub fn with_options(model: Model, opts: &EncodeOptions) -> Result<Session, EncodeError> {
        let mut enc = Encoding::with_options(&model, opts)?;
        let mut selector_vars: Vec<_> = enc.selectors.iter().map(|l| l.var()).collect();
        selector_vars.sort_unstable();
        let mut hard = BatSolver::diverse();
        let mut loaded_hard = enc.cnf.load_fixed_into(&mut hard, &enc.selectors);
        let truth = enc.cnf.truth();
        let walk_vars = enc.cnf.num_vars;
        let compiled_clauses = enc.cnf.num_clauses();
        let compiled_sums = enc.cnf.sums.len();
        // What the rules imply about wide ints, as clauses (`encode/implied.rs`) for the solvers
        // only: they follow from the compiled clauses, so counting and the walk, which read
        // those alone, lose nothing, and a count does not pay for them (their guards join
        // parts of the formula a counter would otherwise split).
        let (forms, defined, summed, alike) = if enc.bit_owner.is_empty() {
            Default::default()
        } else {
            hard.propagate_root();
            let forms = add_implied_facts(&mut enc, &|l| hard.root_value(l));
            let defined = definitions(&enc, &|l| hard.root_value(l));
            let summed = independent_sums(&model, &enc, &defined, &|l| hard.root_value(l));
            let alike = interchangeable(&model, &enc);
            loaded_hard = enc.cnf.load_into(&mut hard, loaded_hard);
            (forms, defined, summed, alike)
        };
        let witnesses = WitnessPool::new(
            variables(&model, &enc.layout)
                .into_iter()
                .flat_map(|v| candidates(&model, &enc.layout, v, truth)),
        );
        Ok(Session {
            model,
            enc,
            solver: BatSolver::default(),
            selector_vars,
            hard,
            loaded: Loaded::default(),
            loaded_hard,
            last_hard: false,
            calls: 0,
            domain_calls: 0,
            bounds: HashMap::new(),
            orders: None,
            surrogates: HashMap::new(),
            prices: None,
            witnesses,
            walk: Walk::default(),
            walk_vars,
            walk_seen: 0,
            compiled_clauses,
            compiled_sums,
            rule_index: None,
            root_ranges_settled: false,
            forms,
            defined,
            summed,
            alike,
            value_lits: HashMap::new(),
            proven: HashMap::new(),
            optima: Default::default(),
        })
    }

    /// Variables of the compiled encoding (later ones are defined from them).
    pub fn compiled_vars(&self) -> u32 {
        self.walk_vars
    }

    /// The compiled encoding as clauses alone, in DIMACS numbering, with its sums written as
    /// clauses too, and the number of variables those use (the compiled ones, then the sums').
    pub fn compiled_clause_form(&self) -> (Vec<Vec<i32>>, u32) {
        clauses_with_sums(
            &self.enc.cnf,
            self.compiled_clauses,
            self.compiled_sums,
            self.walk_vars,
        )
    }

    /// Choices as literals (a `!=` on a wide int encodes one gate, hence `&mut`).
    pub fn parse_choices(&mut self, choices: &[String]) -> Result<Vec<Choice>, ChoiceError> {
        // A choice past the horizon of instances with no maximum (`bags=25`) recompiles the
        // catalog with more of them unrolled (`Model::widened`); the session starts afresh.
        let needs = super::choice::horizon_needs(&self.model, choices);
        if let Some(wider) = self.model.widened(&needs) {
            *self = Session::new(wider).map_err(|e| ChoiceError {
                choice: choices.join(", "),
                reason: e.to_string(),
            })?;
        }
        choices
            .iter()
            .map(|c| parse_choice(&self.model, &mut self.enc, c))
            .collect()
    }

    /// All rule selectors: every rule on.
    pub fn all_rules(&self) -> Vec<Lit> {
        self.enc.selectors.clone()
    }

    /// Solves under assumptions (loading any clauses encoded since the last call). Assumptions
    /// that start with every rule's selector go to the solver where all rules are fixed on.
    pub fn solve(&mut self, assumptions: &[Lit], budget: &Budget) -> SolveResult {
        self.calls += 1;
        let n = self.enc.selectors.len();
        if self.every_rule_on(assumptions) {
            if self.loaded_hard != self.enc.cnf.loaded_all() {
                self.loaded_hard = self.enc.cnf.load_into(&mut self.hard, self.loaded_hard);
            }
            self.last_hard = true;
            return self.hard.solve(&assumptions[n..], budget);
        }
        self.solve_for_core(assumptions, budget)
    }

    /// Solves under `assumptions` (every rule's selector first, as for [`Session::solve`]) with
    /// `bounds` (`Σ parts ≤ bound` each) propagated by the solver, for this call only: each must
    /// follow from the rules and the assumptions, or be what the caller means to assume
    /// (`range_bounds.rs`).
    pub(super) fn solve_with_bounds(
        &mut self,
        assumptions: &[Lit],
        bounds: Vec<(Vec<Vec<(i64, Lit)>>, i64)>,
        budget: &Budget,
    ) -> SolveResult {
        let act = self.enc.cnf.new_lit();
        let bounds: Vec<CallBound> = bounds
            .into_iter()
            .map(|(parts, bound)| CallBound { act, parts, bound })
            .collect();
        let r = self.solve_call_bounds(assumptions, &[act], &bounds, budget);
        self.retire(act);
        r
    }

    /// One call with `bounds` enforced while their activation literals (in `extra`) hold: by
    /// the solver that holds every rule when every selector is assumed, else by the one that
    /// switches rules.
    fn solve_call_bounds(
        &mut self,
        assumptions: &[Lit],
        extra: &[Lit],
        bounds: &[CallBound],
        budget: &Budget,
    ) -> SolveResult {
        self.calls += 1;
        let n = self.enc.selectors.len();
        if self.every_rule_on(assumptions) {
            let mut a = assumptions[n..].to_vec();
            a.extend_from_slice(extra);
            self.loaded_hard = self.enc.cnf.load_into(&mut self.hard, self.loaded_hard);
            self.last_hard = true;
            self.hard.solve_linear(&a, bounds, budget)
        } else {
            let mut a = assumptions.to_vec();
            a.extend_from_slice(extra);
            self.load_reasons_solver();
            self.last_hard = false;
            self.solver.solve_linear(&a, bounds, budget)
        }
    }

    /// Solves under `assumptions` (every rule's selector first, as for [`Session::solve`]) with
    /// `Σ terms ≤ k` (or `≥ k` when `at_most` is false) propagated by the solver itself, the
    /// values of each feature grouped (they exclude each other). Returns the bound's activation
    /// literal too, for the caller to [`Session::retire`]: while searching ever tighter bounds,
    /// passing the earlier ones in `earlier` keeps what the solver learnt from them in use.
    /// Unknown (and no literal) when a weight does not fit 64 bits.
    pub fn solve_linear(
        &mut self,
        assumptions: &[Lit],
        earlier: &[Lit],
        terms: &[(i128, Lit)],
        at_most: bool,
        k: i128,
        budget: &Budget,
    ) -> (SolveResult, Option<Lit>) {
        let sign = if at_most { 1 } else { -1 };
        let Some(parts) = parts(terms, sign, &self.enc.groups, &self.enc.layout) else {
            return (SolveResult::Unknown, None);
        };
        let Ok(bound) = i64::try_from(sign * k) else {
            return (SolveResult::Unknown, None);
        };
        let act = self.enc.cnf.new_lit();
        let mut extra = earlier.to_vec();
        extra.push(act);
        let mut bounds = vec![CallBound { act, parts, bound }];
        for sg in self.surrogates_of(terms, sign).iter() {
            let Some(bound) = sg.bound(sign * k) else {
                continue;
            };
            let mut on = vec![act];
            on.extend_from_slice(&sg.conds);
            let act = self.enc.cnf.and(&on);
            bounds.push(CallBound {
                act,
                parts: sg.parts.clone(),
                bound,
            });
        }
        let result = self.solve_call_bounds(assumptions, &extra, &bounds, budget);
        (result, Some(act))
    }

    /// The literals that sort every run of interchangeable instances `assumptions` do not read:
    /// for the search of an optimum's value only (`symmetry.rs`).
    /// What wide int `fi` shares its valid sets with, when no choice reads its instance
    /// (`read`): its run of interchangeable instances and its feature, if its instance is in
    /// one and present in every configuration (`symmetry::interchangeable`).
    pub(super) fn twin_key(
        &self,
        fi: usize,
        read: &std::collections::HashSet<usize>,
    ) -> Option<(usize, crate::model::FeatId)> {
        let f = &self.enc.layout.feats[fi];
        let run = *self.alike.get(&f.ci)?;
        let present = self.root_value(self.enc.layout.comps[f.ci].presence) == Some(true);
        (present && !read.contains(&f.ci)).then_some((run, f.feat))
    }

    pub fn order_lits(&mut self, assumptions: &[Lit]) -> Vec<Lit> {
        if self.orders.is_none() {
            self.orders = Some(orders(&self.model, &mut self.enc));
        }
        order_lits(self.orders.as_deref().unwrap_or_default(), assumptions)
    }

    /// The surrogate bounds of the objective `sign · Σ terms`, worked out once per objective.
    fn surrogates_of(
        &mut self,
        terms: &[(i128, Lit)],
        sign: i128,
    ) -> std::sync::Arc<Vec<Surrogate>> {
        let signed: Vec<(i128, Lit)> = terms.iter().map(|&(w, l)| (sign * w, l)).collect();
        if let Some(s) = self.surrogates.get(&signed) {
            return s.clone();
        }
        let hard = &self.hard;
        let found = std::sync::Arc::new(surrogates(
            &signed,
            &self.enc.comparisons,
            &|l| hard.root_value(l) == Some(true),
            &self.enc.groups,
            &self.enc.layout,
        ));
        self.surrogates.insert(signed, found.clone());
        found
    }

    /// The definition an equality true at the root gives wide int `fi` (`encode/defined.rs`).
    pub fn definition(&self, fi: usize) -> Option<&Definition> {
        self.defined.get(&fi)
    }

    /// Whether `assumptions` start with every rule's selector ([`Session::all_rules`]).
    pub fn every_rule_on(&self, assumptions: &[Lit]) -> bool {
        assumptions.starts_with(&self.enc.selectors)
    }

    /// The value `l` has with every rule on and no choice, by propagation alone, if any.
    pub fn root_value(&self, l: Lit) -> Option<bool> {
        self.hard.root_value(l)
    }

    /// A clause that holds while every rule does (proven with all of them on), for the solver
    /// that fixes them on; the one that switches rules never sees it.
    pub fn hold_with_every_rule(&mut self, clause: &[Lit]) {
        self.hard.add_clause(clause);
    }

    /// Solves with rules switchable by their selectors, so that after `Unsat` [`Session::core`]
    /// names the rules and choices involved.
    pub fn solve_for_core(&mut self, assumptions: &[Lit], budget: &Budget) -> SolveResult {
        self.load_reasons_solver();
        self.last_hard = false;
        self.solver.solve(assumptions, budget)
    }

    /// Brings the reasons solver up to date with the encoding (all of it on first use).
    fn load_reasons_solver(&mut self) {
        if self.loaded != self.enc.cnf.loaded_all() {
            self.loaded =
                self.enc
                    .cnf
                    .load_into_except(&mut self.solver, self.loaded, &self.selector_vars);
        }
    }

    /// Keeps the last model as a witness for later clicks.
    pub fn record_witness(&mut self) {
        let (hard, solver, last_hard) = (&self.hard, &self.solver, self.last_hard);
        self.witnesses.record(|l| {
            if last_hard {
                hard.value(l)
            } else {
                solver.value(l)
            }
        });
    }

    /// The last model as a witness over the tracked variables, not kept in the pool.
    pub(super) fn capture_witness(&self) -> Witness {
        self.witnesses.capture(|l| self.value(l))
    }

    /// Starts [`Session::walk`] from the solver's last model (after `Sat`), never flipping the
    /// assumptions `fixed`; false when the walk cannot be used from there.
    pub fn walk_from_last_model(&mut self, fixed: &[Lit]) -> bool {
        if !fixed.iter().all(|&l| self.walk_knows(l)) {
            return false;
        }
        self.sync_walk();
        let (hard, solver, last_hard) = (&self.hard, &self.solver, self.last_hard);
        let value = |v: Var| {
            let l = Lit::pos(v);
            if last_hard {
                hard.value(l)
            } else {
                solver.value(l)
            }
        };
        self.walk.start(self.walk_vars, value, fixed)
    }

    /// Moves [`Session::walk`] on from where it stopped to a model of the assumptions `fixed`,
    /// without a solver call; false when it does not get there.
    pub fn walk_resume(&mut self, fixed: &[Lit]) -> bool {
        if !fixed.iter().all(|&l| self.walk_knows(l)) {
            return false;
        }
        self.sync_walk();
        self.walk.resume(self.walk_vars, fixed)
    }

    /// Whether the walk's models decide `l` (it is a variable of the compiled encoding).
    pub fn walk_knows(&self, l: Lit) -> bool {
        l.var().0 < self.walk_vars
    }

    fn sync_walk(&mut self) {
        if self.walk_seen == 0 {
            // The walk repairs clauses only: what the kept sums read it never flips.
            for def in self.enc.cnf.sums.iter().take(self.compiled_sums) {
                def.reads().for_each(|v| self.walk.pin(v));
            }
        }
        for i in self.walk_seen..self.enc.cnf.num_clauses() {
            let c = self.enc.cnf.clause_at(i);
            if c.iter().all(|&l| l.var().0 < self.walk_vars) {
                self.walk.add_clause(c);
            }
        }
        self.walk_seen = self.enc.cnf.num_clauses();
    }

    /// Keeps the walk's current model as a witness for later clicks.
    pub fn record_walk_witness(&mut self) {
        let walk = &self.walk;
        let known = self.walk_vars;
        // Variables encoded after compile are unknown to the walk: recorded false, and never
        // read, since witnesses are only asked about candidates and choices.
        self.witnesses
            .record(|l| l.var().0 < known && walk.holds(l));
    }

    /// A fresh literal that, when assumed, requires one of `lits` (in the all-rules solver only).
    pub fn activate(&mut self, lits: &[Lit]) -> Lit {
        let act = self.enc.cnf.new_lit();
        self.loaded_hard = self.enc.cnf.load_into(&mut self.hard, self.loaded_hard);
        let mut clause = vec![!act];
        clause.extend_from_slice(lits);
        self.hard.add_clause(&clause);
        act
    }

    /// Switches an activation literal off for good, so its clause costs nothing and the encoding
    /// (which counting reads) has no free variable.
    pub fn retire(&mut self, act: Lit) {
        self.enc.cnf.clause(&[!act]);
    }

    pub fn value(&self, l: Lit) -> bool {
        if self.last_hard {
            self.hard.value(l)
        } else {
            self.solver.value(l)
        }
    }

    /// The failed assumptions of the last `Unsat` (of whichever solver answered it).
    pub fn core(&self) -> Vec<Lit> {
        if self.last_hard {
            self.hard.core()
        } else {
            self.solver.core()
        }
    }

    /// Whether a kept witness, with `lits` made true, shows `lits` and the rules `rules`
    /// (sorted) satisfiable together (see [`RuleIndex::flipped_witness_holds`]).
    pub fn witness_shows(&mut self, lits: &[Lit], rules: &[usize]) -> bool {
        if self.witnesses.agreeing(lits).next().is_some() {
            return true; // nothing to flip: the witness is a model of every rule
        }
        // The witnesses needing the fewest flips first: fewer clauses to look at, fewer to break.
        let pool = &self.witnesses;
        let flips = |w: usize| {
            lits.iter()
                .map(|l| match pool.value(w, l.var()) {
                    Some(v) => usize::from(v == l.is_negated()),
                    None => lits.len() + 1,
                })
                .sum::<usize>()
        };
        let mut order: Vec<(usize, usize)> = (0..pool.len()).map(|w| (flips(w), w)).collect();
        order.sort_unstable();
        self.build_rule_index();
        let index = self.rule_index.as_ref().expect("built above");
        // The nearest few: past them a witness that works is rare, and each look costs clause
        // scans and repair attempts (512 of them cost a Megane reason a millisecond).
        order
            .iter()
            .take(WITNESS_LOOKS)
            .any(|&(_, w)| index.flipped_witness_holds(&self.enc, &self.witnesses, w, lits, rules))
    }

    /// Up to `limit` rules nearest the variables of `from` (see [`RuleIndex::near`]).
    pub fn rules_near(&mut self, from: &[Lit], limit: usize) -> Vec<usize> {
        self.build_rule_index();
        let index = self.rule_index.as_ref().expect("built above");
        index.near(&self.enc, from, limit, 16 * limit)
    }

    fn build_rule_index(&mut self) {
        if self.rule_index.as_ref().map(|i| i.upto()) != Some(self.compiled_clauses) {
            self.rule_index = Some(RuleIndex::new(&self.enc, self.compiled_clauses));
        }
    }

    /// The price objective of a period, discounts and surcharges included.
    pub fn price_lin(&mut self, p: Period) -> Lin {
        if self.prices.is_none() {
            let once = super::price_terms::objective(&self.model, &mut self.enc, Period::Once);
            let monthly =
                super::price_terms::objective(&self.model, &mut self.enc, Period::Monthly);
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
