//! `quote`: the configuration a customer would buy, priced line by line, with its validity and
//! the catalog version it was made with (cli.md `quote --format json`). The day it is made on
//! comes from the face (the engine reads no clock).

use super::answer::CatalogRef;
use super::cheapest::{cheapest, Depth, Settled};
use super::choice::Choice;
use super::complete::{read_values, PathValue};
use super::priced::{priced, QuoteAdjustment, QuoteLine, TaxReport, Totals};
use super::session::Session;
use crate::budget::Budget;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Quote {
    pub catalog: CatalogRef,
    pub customer: Option<String>,
    /// The day the quote was made (YYYY-MM-DD).
    pub date: String,
    /// The last day it is valid: the date plus the catalog's `quote.valid_days` (default 30);
    /// it has expired from the day after.
    pub valid_until: String,
    /// The language of the labels.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// The customer's choices, as given.
    pub selection: Vec<String>,
    /// Every variable's value in the quoted configuration (null: absent).
    pub configuration: Vec<PathValue>,
    pub lines: Vec<QuoteLine>,
    pub adjustments: Vec<QuoteAdjustment>,
    pub totals: Totals,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tax: Option<TaxReport>,
    /// The sales discount in percent, when one was granted (its amount is the `manual`
    /// adjustment).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub discount: Option<ManualDiscount>,
    /// False when the budget ran out before the configuration was proven the cheapest (it is
    /// valid all the same).
    pub complete: bool,
}

/// A sales discount in percent per period.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ManualDiscount {
    pub once: String,
    pub monthly: String,
}

/// Who and when a quote is for.
#[derive(Debug, Clone)]
pub struct QuoteFor {
    pub customer: Option<String>,
    /// Labels in this language (else each label's first).
    pub lang: Option<String>,
    pub today: NaiveDate,
    /// A sales discount in percent (once, monthly), taken last; zero for none.
    pub manual_discount: [rust_decimal::Decimal; 2],
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum QuoteError {
    #[error("the selection is inconsistent: no valid configuration keeps every choice (`configure` shows the conflict and its repairs)")]
    Inconsistent,
    #[error("no configuration was found within the time budget")]
    Unknown,
    #[error("the date `{0}` is not a day (YYYY-MM-DD)")]
    Date(String),
}

/// Parses a day written YYYY-MM-DD.
pub fn parse_day(text: &str) -> Result<NaiveDate, QuoteError> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| QuoteError::Date(text.to_string()))
}

pub fn quote(
    s: &mut Session,
    choices: &[Choice],
    who: &QuoteFor,
    budget: &Budget,
) -> Result<Quote, QuoteError> {
    let mut hard = s.all_rules();
    for c in choices {
        hard.extend(c.lits.iter().copied());
    }
    let settled = match cheapest(s, &hard, Depth::Everything, budget) {
        Some(settled) => settled,
        None if s.solve(&hard, budget) == crate::solve::SolveResult::Unsat => {
            return Err(QuoteError::Inconsistent)
        }
        None => return Err(QuoteError::Unknown),
    };
    let p = priced(s, who.lang.as_deref(), who.manual_discount);
    let configuration = read_values(s);
    let today = who.today;
    let valid_days = u64::from(s.model.quote_terms.valid_days);
    let valid_until = today
        .checked_add_days(chrono::Days::new(valid_days))
        .unwrap_or(NaiveDate::MAX);
    let m = &s.model;
    Ok(Quote {
        catalog: CatalogRef::of(&m),
        customer: who.customer.clone(),
        date: today.format("%Y-%m-%d").to_string(),
        valid_until: valid_until.format("%Y-%m-%d").to_string(),
        language: who.lang.clone(),
        selection: choices.iter().map(|c| c.text.clone()).collect(),
        configuration,
        lines: p.lines,
        adjustments: p.adjustments,
        totals: p.totals,
        tax: p.tax,
        discount: who
            .manual_discount
            .iter()
            .any(|d| !d.is_zero())
            .then(|| ManualDiscount {
                once: who.manual_discount[0].normalize().to_string(),
                monthly: who.manual_discount[1].normalize().to_string(),
            }),
        complete: settled == Settled::Complete,
    })
}
