//! Revalidation: an earlier quote against the catalog as it is now. Which choices became
//! invalid (unknown to the catalog, or in conflict, with the rules that exclude them) and
//! which amounts changed, old against new. The same comparison answers a new catalog
//! version's impact on every open quote.

use super::{ApiError, Configurator};
use crate::engine::QuoteFor;
use serde::Serialize;
use serde_json::Value as Json;

/// One choice the catalog no longer takes.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct InvalidChoice {
    pub choice: String,
    pub reason: String,
}

/// One amount that changed.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PriceChange {
    /// `totals.once`, `lines[internet.speed].monthly`, `adjustments[duo].monthly`, ...
    pub what: String,
    pub old: Option<String>,
    pub new: Option<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Revalidation {
    /// The catalog the quote was made with, and the one it was checked against.
    pub old_catalog: Json,
    pub new_catalog: Json,
    /// Every choice still valid together: the quote can be re-made as it is.
    pub valid: bool,
    pub invalid: Vec<InvalidChoice>,
    /// With every choice known but not all possible together: the minimal conflict.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub conflict: Option<crate::engine::answer::Conflict>,
    /// Some amount differs (only when valid).
    pub repriced: bool,
    pub changes: Vec<PriceChange>,
    /// The quote as the catalog makes it now (when valid).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quote: Option<Json>,
}

/// Who an earlier quote was for (customer, language and sales discount as it says), made
/// again on `today`.
pub fn who_of(model: &crate::model::Model, old: &Json, today: chrono::NaiveDate) -> QuoteFor {
    let pct = |k: &str| {
        old["discount"][k]
            .as_str()
            .and_then(|t| t.parse::<rust_decimal::Decimal>().ok())
            .unwrap_or_default()
    };
    let mut who = super::quote_for(
        model,
        old["customer"].as_str().map(String::from),
        old["language"].as_str().map(String::from),
        today,
    );
    who.manual_discount = [pct("once"), pct("monthly")];
    who
}

impl Revalidation {
    /// Broken or repriced.
    pub fn affected(&self) -> bool {
        !self.valid || self.repriced
    }
}

impl Configurator {
    /// Checks `old` (a quote's JSON, as `quote --format json` or the store gives it) against
    /// this catalog: its `selection` re-read, re-checked and re-priced for `who`.
    pub fn revalidate(&mut self, old: &Json, who: &QuoteFor) -> Result<Revalidation, ApiError> {
        let selection: Vec<String> = old
            .get("selection")
            .and_then(|s| serde_json::from_value(s.clone()).ok())
            .ok_or_else(|| ApiError::plain("the quote has no `selection` list".to_string()))?;
        let m = &self.session().model;
        let new_catalog = serde_json::json!({ "id": m.id, "version": m.version, "hash": m.hash });
        let mut out = Revalidation {
            old_catalog: old.get("catalog").cloned().unwrap_or(Json::Null),
            new_catalog,
            valid: true,
            invalid: Vec::new(),
            conflict: None,
            repriced: false,
            changes: Vec::new(),
            quote: None,
        };
        // Choices the catalog cannot read any more (a value or feature removed or renamed).
        for c in &selection {
            if let Err(e) = self.session_mut().parse_choices(std::slice::from_ref(c)) {
                out.invalid.push(InvalidChoice {
                    choice: c.clone(),
                    reason: e.to_string(),
                });
            }
        }
        if !out.invalid.is_empty() {
            out.valid = false;
            return Ok(out);
        }
        // Known, but maybe not possible together any more: the minimal conflict and its rules.
        let state = self.configure(&selection, false)?;
        if let Some(conflict) = state.conflict.filter(|_| !state.consistent) {
            let because = rules_in_words(&self.session().model, &conflict.rules);
            for choice in &conflict.choices {
                let others: Vec<&str> = conflict
                    .choices
                    .iter()
                    .filter(|c| *c != choice)
                    .map(String::as_str)
                    .collect();
                let with = match others.as_slice() {
                    [] => String::new(),
                    o => format!(" with {}", o.join(", ")),
                };
                out.invalid.push(InvalidChoice {
                    choice: choice.clone(),
                    reason: format!("no longer possible{with}: {}", because.join("; ")),
                });
            }
            out.valid = false;
            out.conflict = Some(conflict);
            return Ok(out);
        }
        let new = serde_json::to_value(self.quote_for(&selection, who)?).unwrap_or(Json::Null);
        out.changes = changes(old, &new);
        out.repriced = !out.changes.is_empty();
        out.quote = Some(new);
        Ok(out)
    }
}

/// Each rule as a customer reads it: its message and id (`Cinema needs ... (rule cinema)`).
pub(super) fn rules_in_words(model: &crate::model::Model, ids: &[String]) -> Vec<String> {
    ids.iter()
        .map(|id| {
            let message = model
                .constraints
                .iter()
                .find(|c| &c.id == id)
                .and_then(|c| c.message.as_deref());
            match message {
                Some(m) => format!("{m} (rule {id})"),
                None => format!("rule {id}"),
            }
        })
        .collect()
}

/// Amounts that differ between two quotes: totals, lines (by path and source) and adjustments
/// (by rule), once and monthly.
fn changes(old: &Json, new: &Json) -> Vec<PriceChange> {
    let mut out = Vec::new();
    for key in ["once", "monthly", "term_total"] {
        let (o, n) = (text(&old["totals"][key]), text(&new["totals"][key]));
        if o != n {
            out.push(PriceChange {
                what: format!("totals.{key}"),
                old: o,
                new: n,
            });
        }
    }
    for (list, key) in [("lines", "source"), ("adjustments", "rule")] {
        let items = |q: &Json| -> Vec<(String, Json)> {
            q[list]
                .as_array()
                .map(|a| {
                    a.iter()
                        .map(|x| (x[key].as_str().unwrap_or_default().to_string(), x.clone()))
                        .collect()
                })
                .unwrap_or_default()
        };
        let (olds, news) = (items(old), items(new));
        let mut keys: Vec<&String> = olds.iter().map(|x| &x.0).collect();
        for (k, _) in &news {
            if !keys.contains(&k) {
                keys.push(k);
            }
        }
        for k in keys {
            let find = |v: &[(String, Json)]| v.iter().find(|x| &x.0 == k).map(|x| x.1.clone());
            let (o, n) = (find(&olds), find(&news));
            for period in ["once", "monthly"] {
                let (ov, nv) = (
                    o.as_ref().and_then(|x| text(&x[period])),
                    n.as_ref().and_then(|x| text(&x[period])),
                );
                if ov != nv {
                    out.push(PriceChange {
                        what: format!("{list}[{k}].{period}"),
                        old: ov,
                        new: nv,
                    });
                }
            }
        }
    }
    out
}

fn text(j: &Json) -> Option<String> {
    j.as_str().map(String::from)
}
