//! Encoding a typed model as CNF: one-hot values, instance slots, defined gates for expressions,
//! BDDs for linear sums, row gates for tables. Every rule's clauses hang off a selector literal,
//! so explanations can switch rules off and unsat cores name them.

mod adder;
mod arith;
mod bit_facts;
mod cnf;
mod defined;
mod expr;
mod implied;
mod layout;
mod linear;
mod mdd;
mod modular;
mod sum_clauses;
mod table;
mod table_mdd;
mod wide_int;

pub use cnf::{Cnf, Loaded};
pub use defined::{definitions, int_scale, Definition};
pub use expr::Lin;
pub use implied::{add_implied_facts, Forms};
pub use layout::{CompInst, FeatInst, FeatLits, Layout, MultiInst};
pub use linear::{at_least, at_most, Groups, TooLarge};
pub use sum_clauses::clauses_with_sums;
pub use wide_int::{
    equals as wide_equals, offset_equals as wide_offset_equals, offset_in as wide_offset,
    value_in as wide_value, weighted, IntAtom, Room,
};

use crate::model::{CompId, ConstraintBody, Model};
use crate::solve::{Lit, Var};
use std::collections::{HashMap, HashSet};

/// How the encoder represents a model; the default is what catalogs get.
#[derive(Debug, Clone, Copy)]
pub struct EncodeOptions {
    /// Ints with at most this many numbers get one literal per number (strongest propagation,
    /// per-number reasons); wider ones are encoded in binary (`wide_int.rs`).
    pub one_hot_ints_up_to: u64,
    /// A rule's linear comparison over at least this many parts besides wide ints (features'
    /// values, other literals such as instances' presences) is kept as a sum the solver
    /// propagates (`solve/sums.rs`); smaller ones become decision diagrams (see below).
    pub sums_from_parts: usize,
    /// A smaller comparison whose decision diagram outgrows `linear::compact_gates` is kept as
    /// a sum too (`linear::Form::Compact`); false keeps every such diagram (tests compare both).
    pub compact_diagrams: bool,
}

impl Default for EncodeOptions {
    fn default() -> Self {
        EncodeOptions {
            one_hot_ints_up_to: 64,
            sums_from_parts: 16,
            compact_diagrams: true,
        }
    }
}

/// Why a model could not be encoded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EncodeError {
    #[error("rule `{rule}` is too large to encode (its arithmetic needs more than {limit} diagram nodes)")]
    TooLarge {
        rule: String,
        limit: usize,
        span: crate::source::Span,
    },
    #[error("rule `{rule}`: numbers too large for exact integer arithmetic")]
    Overflow {
        rule: String,
        span: crate::source::Span,
    },
}

impl EncodeError {
    /// Where to report it: the rule (or preference, or adjustment) that could not be encoded.
    pub fn span(&self) -> crate::source::Span {
        match self {
            EncodeError::TooLarge { span, .. } | EncodeError::Overflow { span, .. } => *span,
        }
    }
}

/// A model in CNF, with the map from literals back to the configuration.
#[derive(Debug, Clone)]
pub struct Encoding {
    pub cnf: Cnf,
    pub layout: Layout,
    /// One selector per constraint of the model: assumed true, its rule holds.
    pub selectors: Vec<Lit>,
    /// Per preference: a literal that holds when the preference holds (in every instance).
    pub preferences: Vec<Lit>,
    /// Per adjustment: a literal that holds when its condition holds.
    pub adjustments: Vec<Lit>,
    /// Mutually exclusive value literals, for compact linear sums.
    pub groups: Groups,
    /// Tests that read wide ints, and per wide feature instance the ones that read it.
    pub atoms: Vec<IntAtom>,
    pub atoms_of: HashMap<usize, Vec<usize>>,
    /// Wide ints read other than through atoms: their witnesses are single numbers.
    pub opaque: HashSet<usize>,
    /// Bit variable of a wide int → its feature instance.
    pub bit_owner: HashMap<Var, usize>,
    /// `path!=n` gates on wide ints (made after compile) → the clause they stand for, over
    /// compiled variables (counting reads only those).
    pub differs: HashMap<Lit, Vec<Lit>>,
    /// How comparisons are encoded (kept sums, compact diagrams).
    pub opts: EncodeOptions,
    /// Every linear comparison encoded, in its `≤` forms: what `engine/surrogate.rs` adds to an
    /// objective's bound.
    pub comparisons: Vec<LeForm>,
    /// Wide ints whose offset (number − min) is `residue` modulo `modulus` in every
    /// configuration while every rule is on (`implied.rs`): the numbers between are holes
    /// proven without a solver call.
    pub classes: HashMap<usize, (i128, i128)>,
}

/// `cond → Σ terms ≤ bound` (integer weights, as a comparison literal was encoded).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeForm {
    pub cond: Lit,
    pub terms: Vec<(i128, Lit)>,
    pub bound: i128,
}

impl LeForm {
    /// Whether `other` is the other half of an equality with this form: opposite terms and
    /// bound (`Σ ≤ b` and `−Σ ≤ −b`; the condition is the caller's to compare).
    pub fn opposes(&self, other: &LeForm) -> bool {
        other.bound == -self.bound
            && other.terms.len() == self.terms.len()
            && other
                .terms
                .iter()
                .zip(&self.terms)
                .all(|(a, b)| a.1 == b.1 && a.0 == -b.0)
    }
}

/// Instances bound by "for each": (component, 1-based slot), outermost first.
pub type Env = Vec<(CompId, u32)>;

impl Encoding {
    pub fn new(model: &Model) -> Result<Encoding, EncodeError> {
        Encoding::with_options(model, &EncodeOptions::default())
    }

    pub fn with_options(model: &Model, opts: &EncodeOptions) -> Result<Encoding, EncodeError> {
        let mut cnf = Cnf::new();
        let layout = Layout::build(model, &mut cnf, opts);
        let groups = layout.exclusive_groups(model);
        let mut bit_owner = HashMap::new();
        for (fi, inst) in layout.feats.iter().enumerate() {
            if let FeatLits::Bits { bits, .. } = &inst.lits {
                bit_owner.extend(bits.iter().map(|b| (b.var(), fi)));
            }
        }
        let mut enc = Encoding {
            cnf,
            layout,
            selectors: Vec::new(),
            preferences: Vec::new(),
            adjustments: Vec::new(),
            groups,
            atoms: Vec::new(),
            atoms_of: HashMap::new(),
            opaque: HashSet::new(),
            bit_owner,
            differs: HashMap::new(),
            opts: *opts,
            comparisons: Vec::new(),
            classes: HashMap::new(),
        };
        // An imported formula is mostly rules of a few literals: room for them up front.
        enc.cnf
            .reserve(model.constraints.len(), 4 * model.constraints.len());
        enc.selectors.reserve(model.constraints.len());
        let mut clause = Vec::new();
        for c in &model.constraints {
            let sel = enc.cnf.new_lit();
            enc.selectors.push(sel);
            for (env, pres) in enc.bindings(model, &c.for_each) {
                let err = |e: expr::Fail| e.into_error(&c.id, c.span);
                match &c.body {
                    ConstraintBody::Expr(e) => {
                        clause.clear();
                        clause.extend([!sel, !pres]);
                        enc.clause_lits(model, e, &env, &mut clause).map_err(err)?;
                        enc.cnf.clause_tidy(&mut clause);
                    }
                    ConstraintBody::When(a, b) => {
                        let a = enc.bool_lit(model, a, &env).map_err(err)?;
                        clause.clear();
                        clause.extend([!sel, !pres, !a]);
                        enc.clause_lits(model, b, &env, &mut clause).map_err(err)?;
                        enc.cnf.clause_tidy(&mut clause);
                    }
                    ConstraintBody::Table(t) => enc.table(model, t, &env, sel, pres),
                }
            }
        }
        for p in &model.preferences {
            let mut holds = Vec::new();
            for (env, pres) in enc.bindings(model, &p.for_each) {
                let l = enc
                    .bool_lit(model, &p.expr, &env)
                    .map_err(|e| e.into_error(&p.id, p.span))?;
                holds.push(enc.cnf.or(&[!pres, l]));
            }
            let all = enc.cnf.and(&holds);
            enc.preferences.push(all);
        }
        for a in &model.adjustments {
            let l = enc
                .bool_lit(model, &a.when, &Vec::new())
                .map_err(|e| e.into_error(&a.id, a.span))?;
            enc.adjustments.push(l);
        }
        Ok(enc)
    }

    /// Records a test that reads wide ints (no-op when it reads none).
    fn record_atom(&mut self, atom: IntAtom, reads: impl IntoIterator<Item = Lit>) {
        let mut fis: Vec<usize> = reads
            .into_iter()
            .filter_map(|l| self.bit_owner.get(&l.var()).copied())
            .collect();
        fis.sort_unstable();
        fis.dedup();
        if fis.is_empty() {
            return;
        }
        let i = self.atoms.len();
        self.atoms.push(atom);
        for fi in fis {
            self.atoms_of.entry(fi).or_default().push(i);
        }
    }

    /// Marks the wide ints among `lits` as read other than through atoms.
    fn mark_opaque(&mut self, lits: impl IntoIterator<Item = Lit>) {
        for l in lits {
            if let Some(&fi) = self.bit_owner.get(&l.var()) {
                self.opaque.insert(fi);
            }
        }
    }

    /// Every binding of the quantified components, with the presence literal of the innermost one.
    pub fn bindings(&self, model: &Model, for_each: &[CompId]) -> Vec<(Env, Lit)> {
        let mut out = vec![(Vec::new(), self.cnf.truth())];
        if for_each.is_empty() {
            return out;
        }
        for &c in for_each {
            let mut next = Vec::new();
            for (env, _) in &out {
                for ci in self.layout.instances_of(model, c, env) {
                    let inst = &self.layout.comps[ci];
                    let mut e = env.clone();
                    e.push((c, inst.slot.unwrap_or(1)));
                    next.push((e, inst.presence));
                }
            }
            out = next;
        }
        out
    }
}
