//! Hard constraints, soft preferences and price adjustments, each with the id explanations name.

use super::{BoolExpr, CompId, Table};
use crate::front::ast::Period;
use crate::source::Span;
use rust_decimal::Decimal;

/// A hard constraint: must hold in every valid configuration.
#[derive(Debug, Clone, PartialEq)]
pub struct Constraint {
    /// The rule id (`cinema_bandwidth`) or a generated `file:line`.
    pub id: String,
    /// What a customer reads when this rule blocks something.
    pub message: Option<String>,
    pub body: ConstraintBody,
    /// Multi-instance components the constraint quantifies over ("for each line"), outermost first.
    pub for_each: Vec<CompId>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ConstraintBody {
    /// `rule id: EXPR`
    Expr(BoolExpr),
    /// `rule id: when COND require THEN`
    When(BoolExpr, BoolExpr),
    Table(Table),
}

impl ConstraintBody {
    /// Every reference the constraint reads, in order of appearance.
    pub fn refs<'a>(&'a self, out: &mut Vec<super::RefUse<'a>>) {
        match self {
            ConstraintBody::Expr(e) => e.refs(out),
            ConstraintBody::When(a, b) => {
                a.refs(out);
                b.refs(out);
            }
            ConstraintBody::Table(t) => {
                out.extend(t.columns.iter().map(|c| super::RefUse::Ref(&c.target)))
            }
        }
    }
}

/// A soft rule: completion tries to satisfy it, higher weight first.
#[derive(Debug, Clone, PartialEq)]
pub struct Preference {
    pub id: String,
    pub message: Option<String>,
    pub expr: BoolExpr,
    pub weight: Decimal,
    pub for_each: Vec<CompId>,
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AdjustmentKind {
    Discount,
    Surcharge,
}

/// A discount or surcharge applied to the total when its condition holds.
#[derive(Debug, Clone, PartialEq)]
pub struct Adjustment {
    pub id: String,
    pub message: Option<String>,
    pub kind: AdjustmentKind,
    pub amount: Decimal,
    pub percent: bool,
    /// None: a percentage applies to both totals; a fixed amount without a period is one-off.
    pub period: Option<Period>,
    pub when: BoolExpr,
    pub span: Span,
}
