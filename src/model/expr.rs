//! Typed expressions: boolean formulas over resolved references, and linear sums with exact coefficients.

use super::{AttrId, CompId, FeatId};
use crate::front::ast::{CmpOp, Period};
use rust_decimal::Decimal;

/// What a resolved path names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Target {
    Comp(CompId),
    Feat(FeatId),
    /// A value of a one_of / any_of feature, by index.
    Value(FeatId, u32),
    /// An attribute of the selected value(s) of a feature.
    Attr(FeatId, AttrId),
    /// An attribute of a component itself.
    CompAttr(CompId, AttrId),
}

/// A resolved path: its target and the instance indices written in it (`line[2]`).
/// Multi-instance components on the way without an index are quantified ("for each instance").
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Ref {
    pub target: Target,
    pub indices: Vec<(CompId, u32)>,
}

/// A boolean formula. `requires` is `Implies`; `a excludes b` is `Not(And[a, b])`.
#[derive(Debug, Clone, PartialEq)]
pub enum BoolExpr {
    Const(bool),
    /// Component present, bool feature on, or value selected.
    Holds(Ref),
    Not(Box<BoolExpr>),
    And(Vec<BoolExpr>),
    Or(Vec<BoolExpr>),
    Implies(Box<BoolExpr>, Box<BoolExpr>),
    Iff(Box<BoolExpr>, Box<BoolExpr>),
    /// `lhs op rhs`; false when it reads a feature or attribute that is absent. Boxed: sums are
    /// large, and every literal of a formula is a `BoolExpr` (an imported model has 10⁵–10⁶).
    Cmp(Box<(LinExpr, CmpOp, LinExpr)>),
}

/// `constant + Σ coef·term`, coefficients exact decimals (scaled to integers by the encoder).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LinExpr {
    pub terms: Vec<(Decimal, NumTerm)>,
    pub constant: Decimal,
}

impl LinExpr {
    pub fn constant(c: Decimal) -> Self {
        LinExpr {
            terms: Vec::new(),
            constant: c,
        }
    }

    pub fn term(t: NumTerm) -> Self {
        LinExpr {
            terms: vec![(Decimal::ONE, t)],
            constant: Decimal::ZERO,
        }
    }

    pub fn is_constant(&self) -> bool {
        self.terms.is_empty()
    }

    pub fn scale(mut self, k: Decimal) -> Self {
        for (c, _) in &mut self.terms {
            *c *= k;
        }
        self.constant *= k;
        self
    }

    pub fn add(mut self, other: LinExpr) -> Self {
        self.terms.extend(other.terms);
        self.constant += other.constant;
        self
    }
}

/// A numeric quantity a sum can mention.
#[derive(Debug, Clone, PartialEq)]
pub enum NumTerm {
    /// An int feature's number.
    Int(Ref),
    /// The attribute of the selected value (one_of) or of the component.
    Attr(Ref),
    /// 1 when a boolean reference holds, else 0.
    Indicator(Ref),
    /// `count(P)`: selected values of an any_of, present instances, or instances where P holds.
    Count(Ref),
    /// `sum(P)`: an attribute or int summed over selected values / present instances.
    Sum(Ref),
    /// `total(attr)`: the attribute summed over the whole configuration.
    Total(AttrId),
    /// `price(once|monthly)`: the configuration's price before adjustments.
    Price(Period),
    /// `if c then a else b`.
    If(Box<BoolExpr>, Box<LinExpr>, Box<LinExpr>),
    /// `a * b`, `a / b` (rounded toward zero) or `a % b` (the remainder of that division, with
    /// the sign of `a`) of two sums that are not both constant. A quotient or remainder by 0 has
    /// no value, so a comparison reading it is false, as one reading an absent feature is.
    Arith(Box<(NonLinear, LinExpr, LinExpr)>),
}

/// The operators that make a sum non-linear.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NonLinear {
    Mul,
    Div,
    Rem,
}

impl BoolExpr {
    /// Every reference read anywhere inside, in order of appearance.
    pub fn refs<'a>(&'a self, out: &mut Vec<RefUse<'a>>) {
        match self {
            BoolExpr::Const(_) => {}
            BoolExpr::Holds(r) => out.push(RefUse::Ref(r)),
            BoolExpr::Not(a) => a.refs(out),
            BoolExpr::And(v) | BoolExpr::Or(v) => v.iter().for_each(|e| e.refs(out)),
            BoolExpr::Implies(a, b) | BoolExpr::Iff(a, b) => {
                a.refs(out);
                b.refs(out);
            }
            BoolExpr::Cmp(c) => {
                let (l, _, r) = &**c;
                l.refs(out);
                r.refs(out);
            }
        }
    }
}

impl LinExpr {
    pub fn refs<'a>(&'a self, out: &mut Vec<RefUse<'a>>) {
        for (_, t) in &self.terms {
            match t {
                NumTerm::Int(r)
                | NumTerm::Attr(r)
                | NumTerm::Indicator(r)
                | NumTerm::Count(r)
                | NumTerm::Sum(r) => out.push(RefUse::Ref(r)),
                NumTerm::Total(a) => out.push(RefUse::Total(*a)),
                NumTerm::Price(_) => out.push(RefUse::Price),
                NumTerm::If(c, a, b) => {
                    c.refs(out);
                    a.refs(out);
                    b.refs(out);
                }
                NumTerm::Arith(x) => {
                    x.1.refs(out);
                    x.2.refs(out);
                }
            }
        }
    }
}

/// Something an expression reads: a reference, or a catalog-wide aggregate.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum RefUse<'a> {
    Ref(&'a Ref),
    Total(AttrId),
    Price,
}

/// `x / y` rounded toward zero, and the remainder `x - q·y` (which has the sign of `x`), computed
/// on integers scaled to a common power of ten so that no digit is lost; None when `y` is 0 or
/// the numbers leave the range of exact decimals.
pub fn trunc_div(x: Decimal, y: Decimal) -> Option<(Decimal, Decimal)> {
    if y.is_zero() {
        return None;
    }
    let scale = x.scale().max(y.scale());
    let whole = |d: Decimal| -> Option<i128> {
        let up = 10i128.checked_pow(scale - d.scale())?;
        d.mantissa().checked_mul(up)
    };
    let (a, b) = (whole(x)?, whole(y)?);
    let q = a.checked_div(b)?;
    let r = a.checked_rem(b)?;
    let q = Decimal::try_from_i128_with_scale(q, 0).ok()?;
    let r = Decimal::try_from_i128_with_scale(r, scale).ok()?;
    Some((q, r))
}
