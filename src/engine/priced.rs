//! The configuration in the solver's current model, priced line by line as a quote shows it:
//! one line per present component and per chosen value (ints by quantity), the discounts and
//! surcharges whose condition holds, totals and tax. Every amount is rounded to the currency's
//! decimals where it is made (a percentage, a tax), so lines and adjustments add up to the
//! totals exactly (see docs/quotes.md for the order).

use super::price::money;
use super::price_terms::{applies_to, Period};
use super::session::Session;
use crate::encode::FeatLits;
use crate::model::{AdjustmentKind, FeatureKind, Price};
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

/// One thing the configuration has, with what it costs.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct QuoteLine {
    /// The component, or the feature the value belongs to (`internet.speed`).
    pub path: String,
    pub label: String,
    pub quantity: i64,
    /// What the customer pays for the line (with tax where the catalog's prices are net).
    pub once: String,
    pub monthly: String,
    /// Where the amount comes from: `component PATH`, `value PATH=ID`, `price_each of PATH × N`.
    pub source: String,
}

/// A discount or surcharge that holds in the configuration.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct QuoteAdjustment {
    pub rule: String,
    pub kind: String,
    pub label: String,
    /// What it adds (negative: takes off), as the customer pays it.
    pub once: String,
    pub monthly: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Totals {
    pub currency: String,
    pub once: String,
    pub monthly: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub term_months: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub term_total: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Amounts {
    pub once: String,
    pub monthly: String,
}

/// Net, tax and gross of the totals.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct TaxReport {
    pub name: String,
    /// Percent, as the catalog writes it.
    pub rate: String,
    /// Whether the catalog's prices are `net` or `gross`.
    pub prices: String,
    pub net: Amounts,
    pub tax: Amounts,
    pub gross: Amounts,
}

/// A configuration priced: what a quote lists and what `configure` reports as "now".
#[derive(Debug, Clone, PartialEq)]
pub struct Priced {
    pub lines: Vec<QuoteLine>,
    pub adjustments: Vec<QuoteAdjustment>,
    pub totals: Totals,
    pub tax: Option<TaxReport>,
    /// The totals as the catalog's prices are written (net or gross): once, monthly.
    pub in_catalog_terms: [Decimal; 2],
    /// Each adjustment's amount as the catalog's prices are written.
    pub adjustments_in_catalog_terms: Vec<[Decimal; 2]>,
}

/// An amount as the catalog writes it, and as the customer pays it.
#[derive(Clone, Copy, Default)]
struct Split {
    catalog: [Decimal; 2],
    net: [Decimal; 2],
    gross: [Decimal; 2],
}

/// Prices the solver's current model, labels in `lang` (else each label's first language).
/// `manual`: a sales discount in percent per period (once, monthly), taken last, off the total
/// after the catalog's own discounts and surcharges.
pub fn priced(s: &Session, lang: Option<&str>, manual: [Decimal; 2]) -> Priced {
    let m = &s.model;
    let lay = &s.enc.layout;
    let decimals = crate::front::minor_units(&m.currency);
    let round =
        |d: Decimal| d.round_dp_with_strategy(decimals, RoundingStrategy::MidpointAwayFromZero);
    // Each amount as written, then net and gross, rounding the tax of each line.
    let split = |catalog: [Decimal; 2]| -> Split {
        let Some(t) = &m.tax else {
            return Split {
                catalog,
                net: catalog,
                gross: catalog,
            };
        };
        let hundred = Decimal::ONE_HUNDRED;
        if t.gross_prices {
            let net = catalog.map(|g| round(g * hundred / (hundred + t.rate)));
            Split {
                catalog,
                net,
                gross: catalog,
            }
        } else {
            let gross = catalog.map(|n| n + round(n * t.rate / hundred));
            Split {
                catalog,
                net: catalog,
                gross,
            }
        }
    };
    let pair = |p: &Price, k: Decimal| [p.once * k, p.monthly * k];
    let mut lines = Vec::new();
    let mut splits = Vec::new();
    let mut add = |lines: &mut Vec<QuoteLine>,
                   path: String,
                   label: String,
                   q: i64,
                   source: String,
                   a: [Decimal; 2]| {
        let sp = split(a);
        splits.push(sp);
        lines.push(QuoteLine {
            path,
            label,
            quantity: q,
            once: money(sp.gross[0], decimals),
            monthly: money(sp.gross[1], decimals),
            source,
        });
    };
    for (i, ci) in lay.comps.iter().enumerate() {
        if i == 0 || !s.value(ci.presence) {
            continue;
        }
        let c = m.comp(ci.comp);
        let label = c
            .name
            .as_ref()
            .map_or(c.key.clone(), |l| l.text(lang).to_string());
        add(
            &mut lines,
            ci.path.clone(),
            label,
            1,
            format!("component {}", ci.path),
            pair(&c.price, Decimal::ONE),
        );
    }
    for fi in &lay.feats {
        if !s.value(lay.comps[fi.ci].presence) {
            continue;
        }
        let f = m.feat(fi.feat);
        let fname = f
            .name
            .as_ref()
            .map_or(f.key.clone(), |l| l.text(lang).to_string());
        match (&f.kind, &fi.lits) {
            (
                FeatureKind::OneOf(vs) | FeatureKind::AnyOf { values: vs, .. },
                FeatLits::Values(ls),
            ) => {
                for (v, &l) in vs.iter().zip(ls) {
                    if s.value(l) {
                        let vname = v
                            .name
                            .as_ref()
                            .map_or(v.id.clone(), |l| l.text(lang).to_string());
                        add(
                            &mut lines,
                            fi.path.clone(),
                            format!("{fname}: {vname}"),
                            1,
                            format!("value {}={}", fi.path, v.id),
                            pair(&v.price, Decimal::ONE),
                        );
                    }
                }
            }
            (FeatureKind::Bool { price, .. }, FeatLits::Bool { on, .. }) => {
                if s.value(*on) {
                    add(
                        &mut lines,
                        fi.path.clone(),
                        fname,
                        1,
                        format!("value {}=true", fi.path),
                        pair(price, Decimal::ONE),
                    );
                }
            }
            (FeatureKind::Int { price_each, .. }, lits) if !price_each.is_zero() => {
                let Some(n) = int_value(s, lits) else {
                    continue;
                };
                if n != 0 {
                    add(
                        &mut lines,
                        fi.path.clone(),
                        fname,
                        n,
                        format!("price_each of {} × {n}", fi.path),
                        pair(price_each, Decimal::from(n)),
                    );
                }
            }
            _ => {}
        }
    }
    // Adjustments: a percentage of its period's total as written (they do not compound), or
    // a fixed amount, while its condition holds in the model.
    let base: [Decimal; 2] = std::array::from_fn(|i| splits.iter().map(|sp| sp.catalog[i]).sum());
    let periods = [Period::Once, Period::Monthly];
    let mut adjustments = Vec::new();
    let mut adjustments_in_catalog_terms = Vec::new();
    for (a, &cond) in m.adjustments.iter().zip(&s.enc.adjustments) {
        if !s.value(cond) {
            continue;
        }
        let sign = match a.kind {
            AdjustmentKind::Discount => -Decimal::ONE,
            AdjustmentKind::Surcharge => Decimal::ONE,
        };
        let delta: [Decimal; 2] = std::array::from_fn(|i| match applies_to(a, periods[i]) {
            false => Decimal::ZERO,
            true if a.percent => round(sign * a.amount / Decimal::ONE_HUNDRED * base[i]),
            true => sign * a.amount,
        });
        let sp = split(delta);
        splits.push(sp);
        adjustments_in_catalog_terms.push(delta);
        adjustments.push(QuoteAdjustment {
            rule: a.id.clone(),
            kind: match a.kind {
                AdjustmentKind::Discount => "discount",
                AdjustmentKind::Surcharge => "surcharge",
            }
            .to_string(),
            label: a.message.clone().unwrap_or_else(|| a.id.clone()),
            once: money(sp.gross[0], decimals),
            monthly: money(sp.gross[1], decimals),
        });
    }
    if manual.iter().any(|m| !m.is_zero()) {
        let after: [Decimal; 2] =
            std::array::from_fn(|i| splits.iter().map(|sp| sp.catalog[i]).sum());
        let delta: [Decimal; 2] =
            std::array::from_fn(|i| round(-manual[i] / Decimal::ONE_HUNDRED * after[i]));
        let sp = split(delta);
        splits.push(sp);
        adjustments_in_catalog_terms.push(delta);
        let pct = |d: Decimal| d.normalize().to_string();
        adjustments.push(QuoteAdjustment {
            rule: "manual".to_string(),
            kind: "discount".to_string(),
            label: format!(
                "Sales discount ({} % once, {} % monthly)",
                pct(manual[0]),
                pct(manual[1])
            ),
            once: money(sp.gross[0], decimals),
            monthly: money(sp.gross[1], decimals),
        });
    }
    let sum = |f: fn(&Split) -> [Decimal; 2]| -> [Decimal; 2] {
        std::array::from_fn(|i| splits.iter().map(|sp| f(sp)[i]).sum())
    };
    let (catalog, net, gross) = (sum(|s| s.catalog), sum(|s| s.net), sum(|s| s.gross));
    let amounts = |a: [Decimal; 2]| Amounts {
        once: money(a[0], decimals),
        monthly: money(a[1], decimals),
    };
    let tax = m.tax.as_ref().map(|t| TaxReport {
        name: t.name.clone(),
        rate: t.rate.normalize().to_string(),
        prices: if t.gross_prices { "gross" } else { "net" }.to_string(),
        net: amounts(net),
        tax: amounts([gross[0] - net[0], gross[1] - net[1]]),
        gross: amounts(gross),
    });
    Priced {
        lines,
        adjustments,
        totals: Totals {
            currency: m.currency.clone(),
            once: money(gross[0], decimals),
            monthly: money(gross[1], decimals),
            term_months: m.term_months,
            term_total: m
                .term_months
                .map(|t| money(gross[0] + gross[1] * Decimal::from(t), decimals)),
        },
        tax,
        in_catalog_terms: catalog,
        adjustments_in_catalog_terms,
    }
}

/// The number an int feature has in the model.
fn int_value(s: &Session, lits: &FeatLits) -> Option<i64> {
    match lits {
        FeatLits::Int { min, values } => values
            .iter()
            .position(|&l| s.value(l))
            .map(|i| min + i as i64),
        FeatLits::Bits { min, bits, .. } => {
            let mut n: i64 = 0;
            for (i, &b) in bits.iter().enumerate() {
                if s.value(b) {
                    n = n.checked_add(1i64.checked_shl(i as u32)?)?;
                }
            }
            min.checked_add(n)
        }
        _ => None,
    }
}
