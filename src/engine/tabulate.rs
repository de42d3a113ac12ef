//! Rules that are not tables, turned into tables over the few features they read, for the
//! CSP-level counter: evaluated on every combination of those features' values. Only for
//! catalogs where every component is present (so nothing reads an absent feature); rules that use
//! aggregates (`count`, `sum`, `total`, `price`) are not tabulated.

use crate::count::Csp;
use crate::front::ast::CmpOp;
use crate::model::{
    BoolExpr, ConstraintBody, FeatId, FeatureKind, LinExpr, Model, NonLinear, NumTerm, Ref, RefUse,
    Target,
};
use rust_decimal::Decimal;
use std::cell::Cell;
use std::collections::HashMap;

/// Adds `body` to `csp` as a relation over the features it reads; None when it reads something
/// the evaluator does not know, or its table would be too large.
pub(super) fn tabulate(
    model: &Model,
    csp: &mut Csp,
    body: &ConstraintBody,
    var: &HashMap<FeatId, u32>,
) -> Option<()> {
    let mut uses = Vec::new();
    let expr = match body {
        ConstraintBody::Expr(e) => {
            e.refs(&mut uses);
            e.clone()
        }
        ConstraintBody::When(a, b) => {
            a.refs(&mut uses);
            b.refs(&mut uses);
            BoolExpr::Implies(Box::new(a.clone()), Box::new(b.clone()))
        }
        ConstraintBody::Table(_) => return None,
    };
    let mut feats: Vec<FeatId> = Vec::new();
    for u in uses {
        let RefUse::Ref(r) = u else { return None };
        if !r.indices.is_empty() {
            return None;
        }
        match r.target {
            Target::Feat(f) | Target::Value(f, _) | Target::Attr(f, _) => feats.push(f),
            Target::Comp(_) | Target::CompAttr(..) => {}
        }
    }
    feats.sort();
    feats.dedup();
    let scope: Vec<u32> = feats
        .iter()
        .map(|f| var.get(f).copied())
        .collect::<Option<_>>()?;
    let failed = Cell::new(false);
    csp.add_relation(&scope, |values| {
        let ev = Eval {
            model,
            feats: &feats,
            values,
        };
        match ev.holds(&expr) {
            Some(b) => b,
            None => {
                failed.set(true);
                false
            }
        }
    })
    .ok()?;
    (!failed.get()).then_some(())
}

/// One combination of values of `feats` (coded: value index, 0/1, number minus min).
struct Eval<'a> {
    model: &'a Model,
    feats: &'a [FeatId],
    values: &'a [u32],
}

impl Eval<'_> {
    fn value(&self, f: FeatId) -> Option<u32> {
        let i = self.feats.binary_search(&f).ok()?;
        self.values.get(i).copied()
    }

    /// None: something this evaluator does not take (or arithmetic past `Decimal`).
    fn holds(&self, e: &BoolExpr) -> Option<bool> {
        Some(match e {
            BoolExpr::Const(b) => *b,
            BoolExpr::Holds(r) => self.truth(r)?,
            BoolExpr::Not(a) => !self.holds(a)?,
            BoolExpr::And(v) => {
                let mut all = true;
                for x in v {
                    all &= self.holds(x)?;
                }
                all
            }
            BoolExpr::Or(v) => {
                let mut any = false;
                for x in v {
                    any |= self.holds(x)?;
                }
                any
            }
            BoolExpr::Implies(a, b) => !self.holds(a)? || self.holds(b)?,
            BoolExpr::Iff(a, b) => self.holds(a)? == self.holds(b)?,
            BoolExpr::Cmp(c) => {
                let (l, op, r) = &**c;
                let (l, r) = (self.num(l)?, self.num(r)?);
                match op {
                    CmpOp::Eq => l == r,
                    CmpOp::Ne => l != r,
                    CmpOp::Lt => l < r,
                    CmpOp::Le => l <= r,
                    CmpOp::Gt => l > r,
                    CmpOp::Ge => l >= r,
                }
            }
        })
    }

    /// A boolean reference: component present (always, here), bool on, value selected.
    fn truth(&self, r: &Ref) -> Option<bool> {
        match r.target {
            Target::Comp(_) => Some(true),
            Target::Feat(f) => match self.model.feat(f).kind {
                FeatureKind::Bool { .. } => Some(self.value(f)? == 1),
                _ => None,
            },
            Target::Value(f, k) => Some(self.value(f)? == k),
            Target::Attr(..) | Target::CompAttr(..) => None,
        }
    }

    fn num(&self, e: &LinExpr) -> Option<Decimal> {
        let mut sum = e.constant;
        for (coef, t) in &e.terms {
            sum = sum.checked_add(coef.checked_mul(self.term(t)?)?)?;
        }
        Some(sum)
    }

    fn term(&self, t: &NumTerm) -> Option<Decimal> {
        match t {
            NumTerm::Int(r) => {
                let Target::Feat(f) = r.target else {
                    return None;
                };
                let v = i64::from(self.value(f)?);
                match self.model.feat(f).kind {
                    FeatureKind::Int { min, .. } => Some(Decimal::from(min.checked_add(v)?)),
                    FeatureKind::Bool { .. } => Some(Decimal::from(v)),
                    _ => None,
                }
            }
            NumTerm::Attr(r) => match r.target {
                Target::Attr(f, a) => {
                    let v = self.value(f)?;
                    let attrs = match &self.model.feat(f).kind {
                        FeatureKind::OneOf(vs) => &vs.get(v as usize)?.attrs,
                        FeatureKind::Bool { attrs, .. } if v == 1 => attrs,
                        FeatureKind::Bool { .. } => return Some(Decimal::ZERO),
                        _ => return None,
                    };
                    Some(attr_of(attrs, a))
                }
                Target::CompAttr(c, a) => Some(attr_of(&self.model.comp(c).attrs, a)),
                _ => None,
            },
            NumTerm::Indicator(r) => Some(Decimal::from(u8::from(self.truth(r)?))),
            NumTerm::If(c, a, b) => {
                if self.holds(c)? {
                    self.num(a)
                } else {
                    self.num(b)
                }
            }
            NumTerm::Arith(x) => {
                let (op, a, b) = &**x;
                let (a, b) = (self.num(a)?, self.num(b)?);
                // A quotient by 0 has no value (its comparison is false): left to the CNF.
                match op {
                    NonLinear::Mul => a.checked_mul(b),
                    NonLinear::Div => Some(crate::model::trunc_div(a, b)?.0),
                    NonLinear::Rem => Some(crate::model::trunc_div(a, b)?.1),
                }
            }
            NumTerm::Count(_) | NumTerm::Sum(_) | NumTerm::Total(_) | NumTerm::Price(_) => None,
        }
    }
}

/// A missing attribute reads 0.
fn attr_of(attrs: &[(crate::model::AttrId, Decimal)], a: crate::model::AttrId) -> Decimal {
    attrs
        .iter()
        .find(|(x, _)| *x == a)
        .map_or(Decimal::ZERO, |x| x.1)
}
