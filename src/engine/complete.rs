//! `complete`: one full valid configuration that keeps every user choice, is optimal for an
//! objective when one is given, and then satisfies preferences (higher weight first) and defaults
//! where possible; what nobody asked for stays out (optional parts absent, toggles off).

use super::choice::Choice;
use super::objective::{objective_lin, Objective, ObjectiveError};
use super::price::{evaluate, money, optimise, price_best, Best};
use super::range_bounds::solve_ranges;
use super::session::{Period, Session};
use super::view::{variables, VarView};
use super::wide_domain::at_floor;
use crate::budget::Budget;
use crate::encode::FeatLits;
use crate::model::{DefaultValue, FeatureKind};
use crate::solve::{Lit, SolveResult};
use rust_decimal::Decimal;
use serde::Serialize;
use serde_json::{json, Value as Json};
use std::collections::{HashMap, HashSet};

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Completion {
    pub catalog: super::answer::CatalogRef,
    pub consistent: bool,
    /// Every reported variable with its value in the completion (null: absent).
    pub values: Vec<PathValue>,
    pub price: CompletionPrice,
    pub preferences: PreferenceReport,
    /// The optimised objective's value, when one was asked for.
    pub objective: Option<String>,
    /// False when a budget ran out (the completion is valid but maybe not optimal or preferred).
    pub complete: bool,
}

#[derive(Debug, Clone, Serialize, serde::Deserialize, PartialEq)]
pub struct PathValue {
    pub path: String,
    pub value: Json,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct CompletionPrice {
    pub currency: String,
    pub once: String,
    pub monthly: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub term_months: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub term_total: Option<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq, Default)]
pub struct PreferenceReport {
    pub held: Vec<String>,
    pub broken: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CompleteError {
    #[error(transparent)]
    Objective(#[from] ObjectiveError),
    #[error("the selection is inconsistent: no configuration keeps every choice")]
    Inconsistent,
    #[error("the solver's budget ran out before finding any configuration")]
    Unknown,
}

/// Conflicts a wish may take to be settled while an optimum bounds the completion.
const WISH_CONFLICTS: u64 = 10;

pub fn complete(
    s: &mut Session,
    choices: &[Choice],
    goal: Option<(Objective, bool)>,
    budget: &Budget,
) -> Result<Completion, CompleteError> {
    let mut hard = s.all_rules();
    for c in choices {
        hard.extend(c.lits.iter().copied());
    }
    match s.solve(&hard, budget) {
        SolveResult::Sat => {}
        SolveResult::Unsat => return Err(CompleteError::Inconsistent),
        SolveResult::Unknown => return Err(CompleteError::Unknown),
    }
    // The first model is a completion already: what is given if the budget runs out later.
    let first = from_model(s, None, false);
    let mut complete = true;
    let mut objective = None;
    // The optimum, once proven, stays a bound on every later solve: as the solver's linear
    // constraint (a clause encoding of a price bound over many instances made each later call
    // take minutes on fitted-kitchen).
    let mut optimum: Option<(Vec<(i128, Lit)>, bool, i128)> = None;
    if let Some((o, minimise)) = &goal {
        let lin = objective_lin(s, o)?;
        let start = evaluate(&lin, |l| s.value(l));
        // A price's optimum case by case over its percentage conditions, as price ranges are
        // searched: as one sum, its gates `value ∧ condition` bound nothing until both are set.
        // The completion is then sought within the optimum's case, bounded by its plain sum.
        let found = match (o, s.model.term_months) {
            (Objective::Once, _) => price_best(s, Period::Once, None, *minimise, &hard, budget),
            (Objective::Monthly, _) => {
                price_best(s, Period::Monthly, None, *minimise, &hard, budget)
            }
            (Objective::Term, Some(months)) => {
                price_best(s, Period::Once, Some(months), *minimise, &hard, budget)
            }
            _ => optimise(s, &lin, *minimise, &hard, start, budget).map(|value| Best {
                value,
                case: Vec::new(),
                lin: lin.clone(),
                reached_by: None,
            }),
        };
        match found {
            Some(best) => {
                hard.extend(best.case.iter().copied());
                if let Some((terms, c, scale)) = best.lin.scaled(0) {
                    let k = i128::try_from((best.value / Decimal::new(1, scale)).trunc())
                        .unwrap_or(0)
                        - c;
                    optimum = Some((terms, *minimise, k));
                }
                objective = Some(best.value.normalize().to_string());
            }
            None => complete = false,
        }
    }
    let mut spent = Vec::new();
    let mut solve = |s: &mut Session, kept: &[Lit], budget: &Budget| match &optimum {
        Some((terms, minimise, k)) => {
            let (r, act) = s.solve_linear(kept, &[], terms, *minimise, *k, budget);
            spent.extend(act);
            r
        }
        None => s.solve(kept, budget),
    };
    // At the optimum, a wish the optimum rules out takes a proof as hard as the optimum's own
    // (fitted-kitchen's greatest price: 158 wishes refused in 59 s, no answer in the default
    // budget; 0.25 s at 10 conflicts, 0.85 s at 30). Wishes are soft: one the solver cannot
    // settle within a few conflicts is left ungranted, and the completion is still valid and
    // optimal. Counted in conflicts, so every machine grants the same wishes.
    let wish_budget = match optimum {
        Some(_) => {
            let cap = budget
                .conflict_limit()
                .map_or(WISH_CONFLICTS, |c| c.min(WISH_CONFLICTS));
            budget.with_conflicts(cap)
        }
        None => *budget,
    };
    // Soft wishes, most important first: preferences by weight, defaults, then "leave it out".
    let mut prefs: Vec<(usize, Decimal)> = s
        .model
        .preferences
        .iter()
        .enumerate()
        .map(|(i, p)| (i, p.weight))
        .collect();
    prefs.sort_by(|a, b| b.1.cmp(&a.1));
    let mut wishes: Vec<Lit> = prefs.iter().map(|&(i, _)| s.enc.preferences[i]).collect();
    wishes.extend(default_lits(s));
    wishes.extend(leave_out_lits(s));
    // Granted greedily in order: a wish is kept when it holds together with those kept before.
    // The last model found satisfies `kept` (a refused wish leaves `kept` as that model had
    // it), so a wish it holds is granted without a call: `holds` are the wishes true in it.
    // (After a search for an optimum the solver's last answer may have been a proof, no model.)
    let mut kept = hard.clone();
    let snapshot =
        |s: &Session| -> HashSet<Lit> { wishes.iter().copied().filter(|&w| s.value(w)).collect() };
    let mut holds = match goal {
        None => snapshot(s),
        Some(_) => HashSet::new(),
    };
    let mut refused = HashSet::new();
    // The bit wishes of an int found at its least number: granted (true) or refused.
    let mut floors: HashMap<Lit, bool> = HashMap::new();
    let mut tried = HashSet::new();
    for &w in &wishes {
        if budget.expired() {
            complete = false;
            break;
        }
        let range = least_bit_range(s, &kept, &refused, w);
        // An int's first bit wish: a model with the int at the least number the forms allow
        // (`wide_domain::at_floor`). Where there is one, that number is the least any model
        // has, so the greedy wishes for its bits, top down, end at exactly its bits: each is
        // granted or refused as that number has it, with no call. Tried once per int.
        let first = range.filter(|r| r.1 .0 == 0 && optimum.is_none() && floors.is_empty());
        if let Some((fi, _)) = first.filter(|r| tried.insert(r.0)) {
            if let Some(least) = at_floor(s, fi, &kept, budget) {
                holds = snapshot(s);
                if let FeatLits::Bits { bits, .. } = &s.enc.layout.feats[fi].lits {
                    for (i, &b) in bits.iter().enumerate() {
                        floors.insert(!b, least >> i & 1 == 0);
                    }
                }
            }
        }
        match floors.remove(&w) {
            Some(true) => {
                kept.push(w);
                continue;
            }
            Some(false) => {
                refused.insert(w);
                continue;
            }
            None => floors.clear(),
        }
        kept.push(w);
        if holds.contains(&w) {
            continue;
        }
        let result = match range {
            Some(range) if optimum.is_none() => solve_ranges(s, &kept, &[range], budget),
            _ => solve(s, &kept, &wish_budget),
        };
        // Refused: proven impossible, or not settled within its conflicts at an optimum.
        let refuse = match result {
            SolveResult::Sat => {
                holds = snapshot(s);
                continue;
            }
            SolveResult::Unsat => true,
            SolveResult::Unknown => optimum.is_some() && !budget.expired(),
        };
        kept.pop();
        if !refuse {
            complete = false;
            break;
        }
        refused.insert(w);
    }
    let answer = if budget.expired() || solve(s, &kept, budget) != SolveResult::Sat {
        first
    } else {
        from_model(s, objective, complete)
    };
    for act in spent {
        s.retire(act);
    }
    Ok(answer)
}

/// For a wish that bit i of a wide int be 0 (ints at their least, from the top bit down): the
/// offsets it leaves, the bits above as the wishes before settled them (granted: 0, in `kept`;
/// refused: 1). Asked as a range, the solver also bounds the int's definition
/// (`range_bounds.rs`): a fleet's total held low holds every bike's price low at once, where
/// over bits it searched for seconds (travel-bike, 15 bikes). `None` for any other wish, or
/// when a bit above was not wished for.
fn least_bit_range(
    s: &Session,
    kept: &[Lit],
    refused: &HashSet<Lit>,
    w: Lit,
) -> Option<(usize, (i128, i128))> {
    let fi = *s.enc.bit_owner.get(&w.var())?;
    let FeatLits::Bits { bits, .. } = &s.enc.layout.feats[fi].lits else {
        return None;
    };
    let i = bits.iter().position(|&b| b == !w)?;
    let mut prefix = 0i128;
    for (j, &b) in bits.iter().enumerate().skip(i + 1) {
        if refused.contains(&!b) {
            prefix |= 1 << j;
        } else if !kept.contains(&!b) {
            return None;
        }
    }
    Some((fi, (prefix, prefix + (1 << i) - 1)))
}

/// The completion the solver's current model describes.
fn from_model(s: &mut Session, objective: Option<String>, complete: bool) -> Completion {
    let values = read_values(s);
    let mut report = PreferenceReport::default();
    for (i, p) in s.model.preferences.iter().enumerate() {
        if s.value(s.enc.preferences[i]) {
            report.held.push(p.id.clone());
        } else {
            report.broken.push(p.id.clone());
        }
    }
    let decimals = crate::front::minor_units(&s.model.currency);
    let once_lin = s.price_lin(Period::Once);
    let monthly_lin = s.price_lin(Period::Monthly);
    let once = evaluate(&once_lin, |l| s.value(l));
    let monthly = evaluate(&monthly_lin, |l| s.value(l));
    let term_months = s.model.term_months;
    let m = &s.model;
    Completion {
        catalog: super::answer::CatalogRef::of(&m),
        consistent: true,
        values,
        price: CompletionPrice {
            currency: m.currency.clone(),
            once: money(once, decimals),
            monthly: money(monthly, decimals),
            term_months,
            term_total: term_months.map(|t| money(once + monthly * Decimal::from(t), decimals)),
        },
        preferences: report,
        objective,
        complete,
    }
}

/// Default values, as literals to wish for.
pub(super) fn default_lits(s: &Session) -> Vec<Lit> {
    let mut out = Vec::new();
    for fi in &s.enc.layout.feats {
        let feat = s.model.feat(fi.feat);
        let Some(d) = &feat.default else { continue };
        match (d, &fi.lits) {
            (DefaultValue::Value(i), l) => out.push(l.code(*i)),
            (DefaultValue::Values(is), l) => out.extend(is.iter().map(|&i| l.code(i))),
            (DefaultValue::Bool(b), l) => out.push(l.code(u32::from(*b))),
            (DefaultValue::Int(n), FeatLits::Int { min, values }) => {
                if let Some(&l) = values.get((n - min) as usize) {
                    out.push(l);
                }
            }
            (
                DefaultValue::Int(n),
                FeatLits::Bits {
                    min, bits, pres, ..
                },
            ) => out.extend(crate::encode::wide_equals(*min, bits, *pres, *n)),
            _ => {}
        }
    }
    out
}

/// Optional components and instances absent, any_of values unselected, toggles off, ints at their
/// least; an int open below at the least number from 0 up it allows (its least number is the
/// 64-bit limit, which no one orders), else its least.
pub(super) fn leave_out_lits(s: &Session) -> Vec<Lit> {
    let mut out = Vec::new();
    let truth = s.enc.cnf.truth();
    for ci in s.enc.layout.comps.iter().rev() {
        if ci.presence.var() != truth.var() {
            out.push(!ci.presence);
        }
    }
    for fi in &s.enc.layout.feats {
        match (&s.model.feat(fi.feat).kind, &fi.lits) {
            (FeatureKind::AnyOf { .. }, FeatLits::Values(ls)) => out.extend(ls.iter().map(|&l| !l)),
            (_, FeatLits::Bool { on, .. }) => out.push(!*on),
            (_, FeatLits::Int { values, .. }) => out.extend(values.first().copied()),
            (FeatureKind::Int { open, .. }, FeatLits::Bits { bits, .. }) if open.below => {
                // Offset 2⁶³ is the number 0: its top bit first, then the rest as low as can be.
                let (top, rest) = bits
                    .split_last()
                    .map_or((None, &[][..]), |(t, r)| (Some(*t), r));
                out.extend(top);
                out.extend(rest.iter().rev().map(|&b| !b));
            }
            (_, FeatLits::Bits { bits, .. }) => out.extend(bits.iter().rev().map(|&b| !b)),
            _ => {}
        }
    }
    out
}

/// Every reported variable's value in the solver's current model.
pub(super) fn read_values(s: &Session) -> Vec<PathValue> {
    let lay = &s.enc.layout;
    variables(&s.model, lay)
        .into_iter()
        .map(|v| match v {
            VarView::Comp(ci) => PathValue {
                path: lay.comps[ci].path.clone(),
                value: json!(s.value(lay.comps[ci].presence)),
            },
            VarView::Count(mi) => {
                let m = &lay.multis[mi];
                let k = m.count.iter().position(|&l| s.value(l));
                PathValue {
                    path: m.path.clone(),
                    value: k.map(|k| json!(k)).unwrap_or(Json::Null),
                }
            }
            VarView::Feat(fi) => {
                let inst = &lay.feats[fi];
                let feat = s.model.feat(inst.feat);
                let present = s.value(lay.comps[inst.ci].presence);
                let value = if !present {
                    Json::Null
                } else {
                    match (&feat.kind, &inst.lits) {
                        (FeatureKind::AnyOf { values, .. }, FeatLits::Values(ls)) => Json::Array(
                            values
                                .iter()
                                .zip(ls)
                                .filter(|(_, &l)| s.value(l))
                                .map(|(v, _)| json!(v.id))
                                .collect(),
                        ),
                        (_, FeatLits::Values(ls)) => ls
                            .iter()
                            .position(|&l| s.value(l))
                            .map(|i| json!(feat.kind.values()[i].id))
                            .unwrap_or(Json::Null),
                        (_, FeatLits::Bool { on, .. }) => json!(s.value(*on)),
                        (_, FeatLits::Int { min, values }) => values
                            .iter()
                            .position(|&l| s.value(l))
                            .map(|i| json!(min + i as i64))
                            .unwrap_or(Json::Null),
                        (_, FeatLits::Bits { min, bits, .. }) => {
                            json!(crate::encode::wide_value(*min, bits, |l| s.value(l)))
                        }
                    }
                };
                PathValue {
                    path: inst.path.clone(),
                    value,
                }
            }
        })
        .collect()
}
