//! Encoding a typed model as CNF: one-hot values, instance slots, defined gates for expressions,
//! BDDs for linear sums, row gates for tables. Every rule's clauses hang off a selector literal,
//! so explanations can switch rules off and unsat cores name them.

mod adder;
mod cnf;
mod expr;
mod layout;
mod linear;
mod mdd;
mod table;
mod table_mdd;

pub use cnf::Cnf;
pub use expr::Lin;
pub use layout::{CompInst, FeatInst, FeatLits, Layout, MultiInst};
pub use linear::{at_least, at_most, Groups, TooLarge};

use crate::model::{CompId, ConstraintBody, Model};
use crate::solve::Lit;

/// Why a model could not be encoded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EncodeError {
    #[error("rule `{rule}` is too large to encode (its arithmetic needs more than {limit} diagram nodes)")]
    TooLarge { rule: String, limit: usize },
    #[error("rule `{rule}`: numbers too large for exact integer arithmetic")]
    Overflow { rule: String },
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
}

/// Instances bound by "for each": (component, 1-based slot), outermost first.
pub type Env = Vec<(CompId, u32)>;

impl Encoding {
    pub fn new(model: &Model) -> Result<Encoding, EncodeError> {
        let mut cnf = Cnf::new();
        let layout = Layout::build(model, &mut cnf);
        let groups = layout.exclusive_groups(model);
        let mut enc = Encoding {
            cnf,
            layout,
            selectors: Vec::new(),
            preferences: Vec::new(),
            adjustments: Vec::new(),
            groups,
        };
        for c in &model.constraints {
            let sel = enc.cnf.new_lit();
            enc.selectors.push(sel);
            for (env, pres) in enc.bindings(model, &c.for_each) {
                let err = |e: expr::Fail| e.into_error(&c.id);
                match &c.body {
                    ConstraintBody::Expr(e) => {
                        let mut clause = vec![!sel, !pres];
                        enc.clause_lits(model, e, &env, &mut clause).map_err(err)?;
                        enc.cnf.clause_tidy(clause);
                    }
                    ConstraintBody::When(a, b) => {
                        let a = enc.bool_lit(model, a, &env).map_err(err)?;
                        let mut clause = vec![!sel, !pres, !a];
                        enc.clause_lits(model, b, &env, &mut clause).map_err(err)?;
                        enc.cnf.clause_tidy(clause);
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
                    .map_err(|e| e.into_error(&p.id))?;
                holds.push(enc.cnf.or(&[!pres, l]));
            }
            let all = enc.cnf.and(&holds);
            enc.preferences.push(all);
        }
        for a in &model.adjustments {
            let l = enc
                .bool_lit(model, &a.when, &Vec::new())
                .map_err(|e| e.into_error(&a.id))?;
            enc.adjustments.push(l);
        }
        Ok(enc)
    }

    /// Every binding of the quantified components, with the presence literal of the innermost one.
    pub fn bindings(&self, model: &Model, for_each: &[CompId]) -> Vec<(Env, Lit)> {
        let mut out = vec![(Vec::new(), self.cnf.truth())];
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
