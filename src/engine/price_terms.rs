//! A period's price as terms over the encoding: the base (everything present, priced), then the
//! discounts and surcharges applicable to the period. Pure construction over the model and its
//! encoding: no solver, no session (the session caches these; `price.rs` searches them).

use crate::encode::{Encoding, Lin};
use crate::front::ast;
use crate::model::{AdjustmentKind, Model};
use crate::solve::Lit;
use rust_decimal::Decimal;

/// Which total a price question is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Period {
    Once,
    Monthly,
}

/// A period's price in parts: the base (Σ price of everything present), percentage adjustments
/// (signed fraction of the base, condition) and fixed ones (signed amount, condition).
pub struct PriceParts {
    pub base: Lin,
    pub percent: Vec<(Decimal, Lit)>,
    pub fixed: Vec<(Decimal, Lit)>,
}

pub fn parts(model: &Model, enc: &mut Encoding, p: Period) -> PriceParts {
    let mut base = Lin::default();
    enc.everything(model, &mut base, |price, _, _| match p {
        Period::Once => price.once,
        Period::Monthly => price.monthly,
    });
    let mut out = PriceParts {
        base,
        percent: Vec::new(),
        fixed: Vec::new(),
    };
    for (a, &cond) in model.adjustments.iter().zip(&enc.adjustments) {
        let sign = match a.kind {
            AdjustmentKind::Discount => -Decimal::ONE,
            AdjustmentKind::Surcharge => Decimal::ONE,
        };
        if !applies_to(a, p) {
            continue;
        }
        if a.percent {
            out.percent
                .push((sign * a.amount / Decimal::ONE_HUNDRED, cond));
        } else {
            out.fixed.push((sign * a.amount, cond));
        }
    }
    out
}

/// Does adjustment `a` count in period `p`? No period: both (the front end gives a fixed amount
/// without one the period `once`).
pub fn applies_to(a: &crate::model::Adjustment, p: Period) -> bool {
    match a.period {
        None => true,
        Some(ast::Period::Once) => p == Period::Once,
        Some(ast::Period::Monthly) => p == Period::Monthly,
    }
}

/// Σ price of everything present, then each applicable adjustment: a percentage of the base
/// total of its period, or a fixed amount, while its condition holds. Percentages do not compound.
pub fn objective(model: &Model, enc: &mut Encoding, p: Period) -> Lin {
    let PriceParts {
        base,
        percent,
        fixed,
    } = parts(model, enc, p);
    let mut out = base.clone();
    for (k, cond) in percent {
        for &(w, l) in &base.terms {
            let g = enc.cnf.and(&[l, cond]);
            out.terms.push((k * w, g));
        }
    }
    out.terms.extend(fixed);
    out
}
