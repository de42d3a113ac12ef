//! What a completion can minimise or maximise: a price total or an attribute's total.

use super::session::{Period, Session};
use crate::encode::Lin;
use rust_decimal::Decimal;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Objective {
    Once,
    Monthly,
    /// once + monthly × term_months.
    Term,
    /// `total(attr)` over the configuration.
    Attr(String),
}

impl Objective {
    pub fn parse(s: &str) -> Objective {
        match s {
            "once" => Objective::Once,
            "monthly" => Objective::Monthly,
            "term" => Objective::Term,
            a => Objective::Attr(a.to_string()),
        }
    }

    /// Key for the session's cache of bound literals (one per objective).
    pub fn key(&self, s: &Session) -> u8 {
        match self {
            Objective::Once => 0,
            Objective::Monthly => 1,
            Objective::Term => 2,
            Objective::Attr(a) => {
                16u8.saturating_add(s.model.attrs.iter().position(|x| x == a).unwrap_or(0) as u8)
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ObjectiveError {
    #[error("unknown objective `{0}`: use once, monthly, term or an attribute name ({1})")]
    Unknown(String, String),
    #[error("`term` needs term_months in the catalog")]
    NoTerm,
}

/// The objective as a linear sum over the session's literals.
pub fn objective_lin(s: &mut Session, o: &Objective) -> Result<Lin, ObjectiveError> {
    match o {
        Objective::Once => Ok(s.price_lin(Period::Once)),
        Objective::Monthly => Ok(s.price_lin(Period::Monthly)),
        Objective::Term => {
            let months = s.model.term_months.ok_or(ObjectiveError::NoTerm)?;
            let mut lin = s.price_lin(Period::Once);
            let monthly = s.price_lin(Period::Monthly);
            let k = Decimal::from(months);
            lin.terms
                .extend(monthly.terms.iter().map(|&(w, l)| (w * k, l)));
            lin.constant += monthly.constant * k;
            Ok(lin)
        }
        Objective::Attr(a) => {
            let Some(id) = s.model.attrs.iter().position(|x| x == a) else {
                return Err(ObjectiveError::Unknown(a.clone(), s.model.attrs.join(", ")));
            };
            let id = crate::model::AttrId(id as u32);
            let mut lin = Lin::default();
            let model = s.model.clone();
            s.enc.everything(&model, &mut lin, |_, attrs, _| {
                attrs
                    .iter()
                    .find(|(x, _)| *x == id)
                    .map(|(_, v)| *v)
                    .unwrap_or_default()
            });
            Ok(lin)
        }
    }
}
