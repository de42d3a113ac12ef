//! Typed expressions to literals, under a binding of "for each" instances. Absence: a comparison
//! reading an absent feature or attribute is false; in sums and counts absent things count 0.

use super::linear::{sum_at_least, sum_at_most, Form, MAX_BDD_NODES};
use super::{EncodeError, Encoding, Env, FeatLits};
use crate::front::ast::{CmpOp, Period};
use crate::model::{AttrId, BoolExpr, FeatId, FeatureKind, LinExpr, Model, NumTerm, Ref, Target};
use crate::solve::Lit;
use rust_decimal::Decimal;

/// A linear sum over literals, with the literals that must hold for it to be defined.
#[derive(Debug, Clone, Default)]
pub struct Lin {
    pub terms: Vec<(Decimal, Lit)>,
    pub constant: Decimal,
    pub defined: Vec<Lit>,
}

impl Lin {
    /// `self += k · other`; an overflow of exact decimals (a huge coefficient times a wide
    /// int's top bit) fails the rule rather than the process.
    fn add(&mut self, k: Decimal, other: Lin) -> Result<(), Fail> {
        for (w, l) in other.terms {
            self.terms
                .push((w.checked_mul(k).ok_or(Fail::Overflow)?, l));
        }
        let c = other.constant.checked_mul(k).ok_or(Fail::Overflow)?;
        self.constant = self.constant.checked_add(c).ok_or(Fail::Overflow)?;
        self.defined.extend(other.defined);
        Ok(())
    }

    /// Integer weights: everything scaled by the smallest power of ten that makes it whole.
    pub fn scaled(&self, other_scale: u32) -> Option<(Vec<(i128, Lit)>, i128, u32)> {
        let scale = self
            .terms
            .iter()
            .map(|(w, _)| w.normalize().scale())
            .chain([self.constant.normalize().scale(), other_scale])
            .max()
            .unwrap_or(0);
        let f = Decimal::from_i128_with_scale(10i128.checked_pow(scale)?, 0);
        let int = |d: Decimal| -> Option<i128> { i128::try_from(d.checked_mul(f)?.trunc()).ok() };
        let terms = self
            .terms
            .iter()
            .map(|&(w, l)| Some((int(w)?, l)))
            .collect::<Option<Vec<_>>>()?;
        Some((terms, int(self.constant)?, scale))
    }
}

/// Encoding failures before the rule id is known.
#[derive(Debug)]
pub enum Fail {
    TooLarge,
    Overflow,
}

impl Fail {
    pub fn into_error(self, rule: &str, span: crate::source::Span) -> EncodeError {
        match self {
            Fail::TooLarge => EncodeError::TooLarge {
                rule: rule.to_string(),
                limit: MAX_BDD_NODES,
                span,
            },
            Fail::Overflow => EncodeError::Overflow {
                rule: rule.to_string(),
                span,
            },
        }
    }
}

impl Encoding {
    /// The instances a reference denotes under `env` (one, except where it ranges over instances).
    pub fn ref_instances(&self, model: &Model, r: &Ref, env: &Env) -> Vec<usize> {
        let mut fixed = r.indices.clone();
        fixed.extend(
            env.iter()
                .filter(|(c, _)| !r.indices.iter().any(|(d, _)| d == c))
                .copied(),
        );
        let home = crate::front::home(model, r.target);
        self.layout.instances_of(model, home, &fixed)
    }

    /// The binding `count()`/`sum()` range under: the reference's own innermost multi-instance
    /// level ranges over all its instances even inside a rule for each of them ("together");
    /// outer levels bound by the rule stay bound (a cabinet's own shelves).
    fn aggregate_env(&self, model: &Model, r: &Ref, env: &Env) -> Env {
        let home = crate::front::home(model, r.target);
        let own = model.instance_scopes(home).last().copied();
        env.iter()
            .filter(|(c, _)| Some(*c) != own)
            .copied()
            .collect()
    }

    /// The instances `count(r)` or `sum(r)` ranges over under `env` (more than a plain reading:
    /// its own level's instances together).
    pub fn instances_read(&self, model: &Model, r: &Ref, env: &Env) -> Vec<usize> {
        let env = self.aggregate_env(model, r, env);
        self.ref_instances(model, r, &env)
    }

    fn feat_insts(&self, model: &Model, r: &Ref, f: FeatId, env: &Env) -> Vec<usize> {
        self.ref_instances(model, r, env)
            .iter()
            .filter_map(|ci| self.layout.feat_at.get(&(f, *ci)).copied())
            .collect()
    }

    /// `e` as the literals of one clause (a top-level disjunction or implication needs no gate):
    /// imported clause-shaped models (DIMACS, UVL constraints) stay plain CNF.
    pub fn clause_lits(
        &mut self,
        model: &Model,
        e: &BoolExpr,
        env: &Env,
        out: &mut Vec<Lit>,
    ) -> Result<(), Fail> {
        match e {
            BoolExpr::Or(v) => {
                for x in v {
                    self.clause_lits(model, x, env, out)?;
                }
            }
            BoolExpr::Implies(a, b) => {
                out.push(!self.bool_lit(model, a, env)?);
                self.clause_lits(model, b, env, out)?;
            }
            _ => out.push(self.bool_lit(model, e, env)?),
        }
        Ok(())
    }

    pub fn bool_lit(&mut self, model: &Model, e: &BoolExpr, env: &Env) -> Result<Lit, Fail> {
        Ok(match e {
            BoolExpr::Const(b) => {
                if *b {
                    self.cnf.truth()
                } else {
                    self.cnf.falsity()
                }
            }
            BoolExpr::Holds(r) => match self.root_lit(r) {
                Some(l) => l,
                None => {
                    let lits = self.holds(model, r, env);
                    self.cnf.or(&lits)
                }
            },
            BoolExpr::Not(a) => !self.bool_lit(model, a, env)?,
            BoolExpr::And(v) => {
                let ls = v
                    .iter()
                    .map(|x| self.bool_lit(model, x, env))
                    .collect::<Result<Vec<_>, _>>()?;
                self.cnf.and(&ls)
            }
            BoolExpr::Or(v) => {
                let ls = v
                    .iter()
                    .map(|x| self.bool_lit(model, x, env))
                    .collect::<Result<Vec<_>, _>>()?;
                self.cnf.or(&ls)
            }
            BoolExpr::Implies(a, b) => {
                let (a, b) = (self.bool_lit(model, a, env)?, self.bool_lit(model, b, env)?);
                self.cnf.or(&[!a, b])
            }
            BoolExpr::Iff(a, b) => {
                let (a, b) = (self.bool_lit(model, a, env)?, self.bool_lit(model, b, env)?);
                self.cnf.iff(a, b)
            }
            BoolExpr::Cmp(c) => {
                let (l, op, r) = &**c;
                let mut d = self.lin(model, l, env)?;
                let rhs = self.lin(model, r, env)?;
                d.add(-Decimal::ONE, rhs)?;
                self.compare(&d, *op)?
            }
        })
    }

    /// The literal of a root feature's bool or value, found without instance bookkeeping: the
    /// shape of every literal of an imported formula (Linux: 40,121 clauses of them).
    fn root_lit(&self, r: &Ref) -> Option<Lit> {
        let (f, value) = match r.target {
            Target::Feat(f) => (f, None),
            Target::Value(f, v) => (f, Some(v)),
            _ => return None,
        };
        let fi = (*self.layout.root_feat.get(f.index())?)?;
        match (&self.layout.feats[fi].lits, value) {
            (FeatLits::Bool { on, .. }, None) => Some(*on),
            (lits @ FeatLits::Values(_), Some(v)) => Some(lits.code(v)),
            _ => None,
        }
    }

    /// Literals, one per denoted instance, of "the reference holds" (presence, bool on, value selected).
    fn holds(&mut self, model: &Model, r: &Ref, env: &Env) -> Vec<Lit> {
        match r.target {
            Target::Comp(_) | Target::CompAttr(..) => self
                .ref_instances(model, r, env)
                .iter()
                .map(|&ci| self.layout.comps[ci].presence)
                .collect(),
            Target::Feat(f) | Target::Attr(f, _) => self
                .feat_insts(model, r, f, env)
                .iter()
                .map(|&fi| match &self.layout.feats[fi].lits {
                    FeatLits::Bool { on, .. } => *on,
                    _ => self.layout.comps[self.layout.feats[fi].ci].presence,
                })
                .collect(),
            Target::Value(f, v) => self
                .feat_insts(model, r, f, env)
                .iter()
                .map(|&fi| self.layout.feats[fi].lits.code(v))
                .collect(),
        }
    }

    /// How many things a sum adds up besides wide ints (what [`EncodeOptions::sums_from_parts`]
    /// counts): a feature's set of values is one, and so is any other literal (an instance's
    /// presence). Wide ints do not count: over their bits a diagram sorted by weight stays
    /// linear in the bits and propagates more than the sum's bounds; it is kept while it stays
    /// compact (BENCHMARKS.md, "Sums the solver propagates" and "Compact diagrams or sums").
    ///
    /// [`EncodeOptions::sums_from_parts`]: super::EncodeOptions::sums_from_parts
    fn sum_parts(&self, terms: &[(i128, Lit)]) -> usize {
        let mut parts: Vec<(bool, u32)> = terms
            .iter()
            .filter(|(_, l)| !self.bit_owner.contains_key(&l.var()))
            .map(|(_, l)| match self.groups.get(&l.var()) {
                Some(&g) => (true, g),
                None => (false, l.var().0),
            })
            .collect();
        parts.sort_unstable();
        parts.dedup();
        parts.len()
    }

    /// `d op 0` as a literal, false where `d` is undefined.
    pub fn compare(&mut self, d: &Lin, op: CmpOp) -> Result<Lit, Fail> {
        let (terms, c, _) = d.scaled(0).ok_or(Fail::Overflow)?;
        // Σ terms + c  op  0
        let k = -c;
        // Many parts: a sum; else a diagram while it stays compact.
        let form = if self.sum_parts(&terms) >= self.opts.sums_from_parts {
            Form::Sum
        } else if self.opts.compact_diagrams {
            Form::Compact
        } else {
            Form::Diagram
        };
        let ge = |s: &mut Self, k: i128| {
            sum_at_least(&mut s.cnf, &terms, k, &s.groups, form).map_err(|_| Fail::TooLarge)
        };
        let le = |s: &mut Self, k: i128| {
            sum_at_most(&mut s.cnf, &terms, k, &s.groups, form).map_err(|_| Fail::TooLarge)
        };
        let cmp = match op {
            CmpOp::Ge => ge(self, k)?,
            CmpOp::Gt => ge(self, k + 1)?,
            CmpOp::Le => le(self, k)?,
            CmpOp::Lt => le(self, k - 1)?,
            CmpOp::Eq | CmpOp::Ne => {
                let (a, b) = (ge(self, k)?, le(self, k)?);
                let eq = self.cnf.and(&[a, b]);
                if op == CmpOp::Eq {
                    eq
                } else {
                    !eq
                }
            }
        };
        self.record_le_forms(cmp, &terms, c, op);
        let reads: Vec<Lit> = terms.iter().map(|t| t.1).collect();
        let atom = super::IntAtom {
            lit: cmp,
            test: super::wide_int::AtomTest::Linear { terms, c, op },
        };
        self.record_atom(atom, reads);
        let mut all = d.defined.clone();
        all.push(cmp);
        Ok(self.cnf.and(&all))
    }

    /// `lit ⇔ Σ terms + c op 0` as `≤` forms: under `lit` the comparison, under `¬lit` its
    /// negation (`≠` and, negated, `=` have none).
    fn record_le_forms(&mut self, lit: Lit, terms: &[(i128, Lit)], c: i128, op: CmpOp) {
        let neg: Vec<(i128, Lit)> = terms.iter().map(|&(w, l)| (-w, l)).collect();
        let mut le = |cond: Lit, terms: &[(i128, Lit)], bound: i128| {
            self.comparisons.push(super::LeForm {
                cond,
                terms: terms.to_vec(),
                bound,
            })
        };
        // Σ + c ≤ 0 is Σ ≤ −c; Σ + c ≥ 0 is −Σ ≤ c; strict ones one closer.
        match op {
            CmpOp::Le | CmpOp::Gt => {
                let (pos, neg_side) = if op == CmpOp::Le {
                    (lit, !lit)
                } else {
                    (!lit, lit)
                };
                le(pos, terms, -c);
                le(neg_side, &neg, c - 1);
            }
            CmpOp::Lt | CmpOp::Ge => {
                let (pos, neg_side) = if op == CmpOp::Lt {
                    (lit, !lit)
                } else {
                    (!lit, lit)
                };
                le(pos, terms, -c - 1);
                le(neg_side, &neg, c);
            }
            CmpOp::Eq => {
                le(lit, terms, -c);
                le(lit, &neg, c);
            }
            CmpOp::Ne => {
                le(!lit, terms, -c);
                le(!lit, &neg, c);
            }
        }
    }

    pub fn lin(&mut self, model: &Model, e: &LinExpr, env: &Env) -> Result<Lin, Fail> {
        let mut out = Lin {
            terms: Vec::new(),
            constant: e.constant,
            defined: Vec::new(),
        };
        for (k, t) in &e.terms {
            let l = self.term(model, t, env)?;
            out.add(*k, l)?;
        }
        Ok(out)
    }

    fn term(&mut self, model: &Model, t: &NumTerm, env: &Env) -> Result<Lin, Fail> {
        let mut out = Lin::default();
        match t {
            NumTerm::Indicator(r) => {
                let ls = self.holds(model, r, env);
                let l = self.cnf.or(&ls);
                out.terms.push((Decimal::ONE, l));
                // A bool feature read as a number has no value while absent (its comparisons fail);
                // a component's presence and a value's selection are plain 0/1.
                if let Target::Feat(_) = r.target {
                    for ci in self.ref_instances(model, r, env) {
                        out.defined.push(self.layout.comps[ci].presence);
                    }
                }
            }
            NumTerm::Int(r) | NumTerm::Attr(r) => {
                // A single instance: its value, defined only while it is present.
                for ci in self.ref_instances(model, r, env) {
                    out.defined.push(self.layout.comps[ci].presence);
                }
                self.quantity(model, r, env, &mut out);
            }
            NumTerm::Count(r) => {
                let env = &self.aggregate_env(model, r, env);
                match r.target {
                    Target::Feat(f) if matches!(model.feat(f).kind, FeatureKind::AnyOf { .. }) => {
                        for fi in self.feat_insts(model, r, f, env) {
                            if let FeatLits::Values(ls) = &self.layout.feats[fi].lits {
                                out.terms.extend(ls.iter().map(|&l| (Decimal::ONE, l)));
                            }
                        }
                    }
                    _ => out.terms.extend(
                        self.holds(model, r, env)
                            .into_iter()
                            .map(|l| (Decimal::ONE, l)),
                    ),
                }
            }
            NumTerm::Sum(r) => {
                let env = &self.aggregate_env(model, r, env);
                self.quantity(model, r, env, &mut out)
            }
            NumTerm::Total(a) => self.everything(model, &mut out, |_, attrs, _| attr_of(attrs, *a)),
            NumTerm::Price(p) => self.everything(model, &mut out, |price, _, _| match p {
                Period::Once => price.once,
                Period::Monthly => price.monthly,
            }),
            NumTerm::If(c, a, b) => {
                let c = self.bool_lit(model, c, env)?;
                let (a, b) = (self.lin(model, a, env)?, self.lin(model, b, env)?);
                // The gates below read bits of wide ints other than as weighted terms.
                let inner: Vec<Lit> = a.terms.iter().chain(&b.terms).map(|t| t.1).collect();
                self.mark_opaque(inner);
                for (w, l) in a.terms {
                    let g = self.cnf.and(&[c, l]);
                    out.terms.push((w, g));
                }
                for (w, l) in b.terms {
                    let g = self.cnf.and(&[!c, l]);
                    out.terms.push((w, g));
                }
                out.terms.push((a.constant, c));
                out.terms.push((b.constant, !c));
                let (da, db) = (self.cnf.and(&a.defined), self.cnf.and(&b.defined));
                let d = self.cnf.ite(c, da, db);
                out.defined.push(d);
            }
            NumTerm::Arith(x) => {
                let (op, a, b) = &**x;
                let (a, b) = (self.lin(model, a, env)?, self.lin(model, b, env)?);
                out = self.nonlinear(*op, a, b)?;
            }
        }
        Ok(out)
    }

    /// Σ over the denoted instances of an int's number or an attribute's value.
    fn quantity(&mut self, model: &Model, r: &Ref, env: &Env, out: &mut Lin) {
        match r.target {
            Target::Feat(f) => {
                for fi in self.feat_insts(model, r, f, env) {
                    match &self.layout.feats[fi].lits {
                        FeatLits::Int { min, values } => out.terms.extend(
                            values
                                .iter()
                                .enumerate()
                                .map(|(i, &l)| (Decimal::from(*min + i as i64), l)),
                        ),
                        FeatLits::Bits {
                            min, bits, pres, ..
                        } => out
                            .terms
                            .extend(wide_terms(*min, bits, *pres, Decimal::ONE)),
                        _ => {}
                    }
                }
            }
            Target::Attr(f, a) => {
                for fi in self.feat_insts(model, r, f, env) {
                    out.terms
                        .extend(attr_terms(model, f, a, &self.layout.feats[fi].lits));
                }
            }
            Target::CompAttr(c, a) => {
                let v = attr_of(&model.comp(c).attrs, a);
                for ci in self.ref_instances(model, r, env) {
                    out.terms.push((v, self.layout.comps[ci].presence));
                }
            }
            Target::Comp(_) | Target::Value(..) => {}
        }
    }

    /// Σ over the whole configuration of a per-element quantity (price or attribute).
    pub fn everything(
        &mut self,
        model: &Model,
        out: &mut Lin,
        q: impl Fn(&crate::model::Price, &[(AttrId, Decimal)], bool) -> Decimal,
    ) {
        for ci in &self.layout.comps {
            let c = model.comp(ci.comp);
            let v = q(&c.price, &c.attrs, false);
            if !v.is_zero() {
                out.terms.push((v, ci.presence));
            }
        }
        for fi in &self.layout.feats {
            match (&model.feat(fi.feat).kind, &fi.lits) {
                (
                    FeatureKind::OneOf(vs) | FeatureKind::AnyOf { values: vs, .. },
                    FeatLits::Values(ls),
                ) => {
                    for (v, &l) in vs.iter().zip(ls) {
                        let w = q(&v.price, &v.attrs, false);
                        if !w.is_zero() {
                            out.terms.push((w, l));
                        }
                    }
                }
                (FeatureKind::Bool { price, attrs }, FeatLits::Bool { on, .. }) => {
                    let w = q(price, attrs, false);
                    if !w.is_zero() {
                        out.terms.push((w, *on));
                    }
                }
                (FeatureKind::Int { price_each, .. }, FeatLits::Int { min, values }) => {
                    let w = q(price_each, &[], true);
                    if !w.is_zero() {
                        out.terms.extend(
                            values
                                .iter()
                                .enumerate()
                                .map(|(i, &l)| (w * Decimal::from(*min + i as i64), l)),
                        );
                    }
                }
                (
                    FeatureKind::Int { price_each, .. },
                    FeatLits::Bits {
                        min, bits, pres, ..
                    },
                ) => {
                    let w = q(price_each, &[], true);
                    if !w.is_zero() {
                        out.terms.extend(wide_terms(*min, bits, *pres, w));
                    }
                }
                _ => {}
            }
        }
    }
}

/// `w · number` of a wide int: `w·min` while present plus `w·2ⁱ` per bit.
fn wide_terms(min: i64, bits: &[Lit], pres: Lit, w: Decimal) -> Vec<(Decimal, Lit)> {
    // The front end keeps |price_each · number| within 10¹⁸, so these products fit.
    let mul = |a: Decimal| w.checked_mul(a).unwrap_or(Decimal::MAX);
    let mut out = vec![(mul(Decimal::from(min)), pres)];
    out.extend(
        bits.iter()
            .enumerate()
            .map(|(i, &b)| (mul(Decimal::from_i128_with_scale(1i128 << i, 0)), b)),
    );
    out.retain(|(x, _)| !x.is_zero());
    out
}

fn attr_of(attrs: &[(AttrId, Decimal)], a: AttrId) -> Decimal {
    attrs
        .iter()
        .find(|(x, _)| *x == a)
        .map(|(_, v)| *v)
        .unwrap_or_default()
}

fn attr_terms(model: &Model, f: FeatId, a: AttrId, lits: &FeatLits) -> Vec<(Decimal, Lit)> {
    match (&model.feat(f).kind, lits) {
        (FeatureKind::OneOf(vs) | FeatureKind::AnyOf { values: vs, .. }, FeatLits::Values(ls)) => {
            vs.iter()
                .zip(ls)
                .map(|(v, &l)| (attr_of(&v.attrs, a), l))
                .filter(|(w, _)| !w.is_zero())
                .collect()
        }
        (FeatureKind::Bool { attrs, .. }, FeatLits::Bool { on, .. }) => {
            vec![(attr_of(attrs, a), *on)]
        }
        _ => Vec::new(),
    }
}
