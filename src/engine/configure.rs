//! `configure`: for a selection, every variable's complete valid set (each value has a witness
//! configuration, every other value provably none), its status, blocked values with minimal
//! reasons on request, the price now and its reachable range, and conflicts with repairs.

use super::answer::*;
use super::cheapest::{cheapest, Depth};
use super::choice::{Choice, VarKey};
use super::domains::{domains, Possible};
use super::independent::count_spans_units;
use super::objective::{objective_lin, Objective};
use super::price::{money, price_bound, term_bound};
use super::priced::priced;
use super::reason::{minimal_reason, Item, Reason};
use super::repair::diagnose;
use super::root_ranges::settle_root_ranges;
use super::session::{Period, Session};
use super::summed::summed_valid;
use super::symmetry::{read_by_choices, twin_literals};
use super::view::{candidates, variables, VarView};
use super::wide_domain::{contains, runs_json, wide_valid, Run, Seen};
use crate::budget::Budget;
use crate::encode::FeatLits;
use crate::encode::Lin;
use crate::model::{DefaultValue, FeatureKind};
use crate::solve::{Lit, SolveResult};
use rust_decimal::Decimal;
use serde_json::{json, Value as Json};
use std::collections::{HashMap, HashSet};

#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Compute a minimal reason for every blocked value.
    pub reasons: bool,
}

pub fn configure(
    s: &mut Session,
    choices: &[Choice],
    opts: Options,
    budget: &Budget,
) -> Configuration {
    // Once per session: the proven ranges of summed wide ints, as clauses (`root_ranges.rs`).
    settle_root_ranges(s, budget);
    let mut assumptions = s.all_rules();
    for c in choices {
        assumptions.extend(c.lits.iter().copied());
    }
    let choice_lits = &assumptions[s.enc.selectors.len()..];
    s.witnesses.track(choice_lits);
    // A kept witness that agrees with every choice proves consistency without a solver call.
    let known = s.witnesses.agreeing(choice_lits).next().is_some();
    let result = if known {
        SolveResult::Sat
    } else {
        let r = s.solve(&assumptions, budget);
        if r == SolveResult::Sat {
            s.record_witness();
        }
        r
    };
    match result {
        SolveResult::Sat => state(s, choices, &assumptions, opts, budget, true),
        SolveResult::Unsat => inconsistent(s, choices, opts, budget),
        SolveResult::Unknown => {
            let mut c = state(s, choices, &assumptions, opts, budget, false);
            c.complete = false;
            c
        }
    }
}

/// An inconsistent selection: the conflict, the repairs, and the state after the first repair.
fn inconsistent(
    s: &mut Session,
    choices: &[Choice],
    opts: Options,
    budget: &Budget,
) -> Configuration {
    // Without any choice the catalog may already be contradictory: then no repair exists.
    let catalog_ok = s.solve(&s.all_rules(), budget) != SolveResult::Unsat;
    let Some(d) = diagnose(s, if catalog_ok { choices } else { &[] }, budget) else {
        let mut c = state(s, &[], &s.all_rules(), opts, budget, false);
        c.consistent = false;
        c.complete = false;
        return c;
    };
    if !catalog_ok || choices.is_empty() || d.repairs[0].is_empty() {
        // The catalog itself has no valid configuration: no choice to drop can help.
        let (cs, rs) = names(s, choices, &d.conflict);
        let zero = money(
            rust_decimal::Decimal::ZERO,
            crate::front::minor_units(&s.model.currency),
        );
        return Configuration {
            catalog: CatalogRef::of(&s.model),
            consistent: false,
            variables: Vec::new(),
            price: PriceReport {
                currency: s.model.currency.clone(),
                once: PriceRange {
                    now: zero.clone(),
                    min: None,
                    max: None,
                },
                monthly: PriceRange {
                    now: zero,
                    min: None,
                    max: None,
                },
                term_months: None,
                term: None,
                adjustments: Vec::new(),
                tax: None,
            },
            conflict: Some(Conflict {
                choices: cs,
                rules: rs,
                repairs: Vec::new(),
            }),
            complete: true,
        };
    }
    let first: Vec<Choice> = choices
        .iter()
        .enumerate()
        .filter(|(i, _)| !d.repairs[0].contains(i))
        .map(|(_, c)| c.clone())
        .collect();
    let mut out = configure(s, &first, opts, budget);
    out.consistent = false;
    let (cs, rs) = names(s, choices, &d.conflict);
    out.conflict = Some(Conflict {
        choices: cs,
        rules: rs,
        repairs: d
            .repairs
            .iter()
            .map(|r| r.iter().map(|&i| choices[i].text.clone()).collect())
            .collect(),
    });
    out
}

fn names(s: &Session, choices: &[Choice], items: &[Item]) -> (Vec<String>, Vec<String>) {
    let mut cs = Vec::new();
    let mut rs = Vec::new();
    for it in items {
        match *it {
            Item::Choice(i) => cs.push(choices[i].text.clone()),
            Item::Rule(r) => rs.push(s.model.constraints[r].id.clone()),
        }
    }
    (cs, rs)
}

/// The state of a consistent selection (the solver's last answer was a model of `assumptions`).
fn state(
    s: &mut Session,
    choices: &[Choice],
    assumptions: &[Lit],
    opts: Options,
    budget: &Budget,
    sat: bool,
) -> Configuration {
    let views = variables(&s.model, &s.enc.layout);
    let truth = s.enc.cnf.truth();
    let mut order: Vec<Lit> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for &v in &views {
        for l in candidates(&s.model, &s.enc.layout, v, truth) {
            if seen.insert(l) {
                order.push(l);
            }
        }
    }
    let choice_lits = &assumptions[assumptions.len().min(s.enc.selectors.len())..];
    // Values of interchangeable instances no choice reads share their status: only the first
    // instance's are settled (present in every configuration is known with every rule on).
    let read = read_by_choices(&s.enc, &s.alike, choices);
    let alike = s.every_rule_on(assumptions);
    let twins = match alike && !s.alike.is_empty() {
        true => {
            let present = |ci: usize| s.root_value(s.enc.layout.comps[ci].presence) == Some(true);
            twin_literals(&s.model, &s.enc, &s.alike, &read, &present, &views)
        }
        false => HashMap::new(),
    };
    let settle: Vec<Lit> = order
        .iter()
        .copied()
        .filter(|l| !twins.contains_key(l))
        .collect();
    // Every model's wide ints are witnesses for their valid-set searches below.
    let mut seen = Seen::new(s);
    let (status, complete) = if sat {
        let mut record = |s: &Session| seen.record(s);
        let d = domains(s, assumptions, choice_lits, &settle, &mut record, budget);
        (d.status, d.complete)
    } else {
        (HashMap::new(), false)
    };
    let possible = |l: Lit| -> Possible {
        if l == truth {
            Possible::Yes
        } else if l == !truth {
            Possible::No
        } else {
            let l = twins.get(&l).copied().unwrap_or(l);
            status.get(&l).copied().unwrap_or(Possible::Unknown)
        }
    };
    // Wide ints: their valid sets by interval witnesses (`wide_domain.rs`).
    let mut wide: HashMap<usize, Option<Vec<Run>>> = HashMap::new();
    let mut complete = complete;
    // Totals of independent parts come last: their valid sets are the parts' sumsets.
    let summed = summable(s, choices, assumptions);
    // Ints of interchangeable instances no choice reads share their valid sets too.
    let mut twin_runs: HashMap<_, Vec<Run>> = HashMap::new();
    let mut twin_of = HashMap::new();
    let mut twins_of: HashMap<_, Vec<usize>> = HashMap::new();
    if alike && !s.alike.is_empty() {
        for fi in 0..s.enc.layout.feats.len() {
            if let Some(k) = s.twin_key(fi, &read) {
                twin_of.insert(fi, k);
                twins_of.entry(k).or_default().push(fi);
            }
        }
    }
    let (rest, totals): (Vec<VarView>, Vec<VarView>) = views
        .iter()
        .partition(|v| !matches!(v, VarView::Feat(fi) if summed.contains(fi)));
    for v in rest.into_iter().chain(totals) {
        let VarView::Feat(fi) = v else { continue };
        if !matches!(s.enc.layout.feats[fi].lits, FeatLits::Bits { .. }) {
            continue;
        }
        let p = s.enc.layout.comps[s.enc.layout.feats[fi].ci].presence;
        if sat && (p == truth || possible(p) == Possible::Yes) {
            let twin = twin_of.get(&fi).copied();
            let runs = match summed.contains(&fi) {
                true => summed_valid(s, fi, &wide),
                false => twin.and_then(|k| twin_runs.get(&k).cloned()),
            };
            if let Some(k) = twin {
                seen.pool(fi, &twins_of[&k]);
            }
            let runs = runs.or_else(|| {
                let pinned = choices.iter().any(|c| c.sets && key_matches(c.var, v));
                wide_valid(s, fi, assumptions, pinned, &mut seen, budget)
            });
            if let (Some(k), Some(r)) = (twin, &runs) {
                twin_runs.entry(k).or_insert_with(|| r.clone());
            }
            complete &= runs.is_some();
            wide.insert(fi, runs);
        }
    }
    let mut variables = Vec::new();
    for &v in &views {
        let chosen = choices.iter().any(|c| c.sets && key_matches(c.var, v));
        let var = match v {
            VarView::Feat(fi) if is_wide(s, fi) => describe_wide(
                s,
                fi,
                wide.get(&fi).and_then(|r| r.as_deref()),
                chosen,
                &possible,
            ),
            _ => describe(s, v, chosen, &possible),
        };
        variables.push(var);
    }
    if opts.reasons {
        add_reasons(s, choices, &views, &mut variables, &possible, budget);
    }
    let price = price_report(s, assumptions, sat && complete, budget);
    let m = &s.model;
    Configuration {
        catalog: CatalogRef::of(&m),
        consistent: true,
        variables,
        price,
        conflict: None,
        complete,
    }
}

/// The totals of independent parts (`independent.rs`) whose valid sets may be sumsets under
/// this click: every rule on, and no choice on the total or on a count of the units themselves
/// (which reads several of them at once).
fn summable(s: &Session, choices: &[Choice], assumptions: &[Lit]) -> HashSet<usize> {
    let spans = |c: &Choice| matches!(c.var, VarKey::Count(m) if count_spans_units(&s.enc, m));
    if s.summed.is_empty() || !s.every_rule_on(assumptions) || choices.iter().any(spans) {
        return HashSet::new();
    }
    s.summed
        .keys()
        .copied()
        .filter(|&t| !choices.iter().any(|c| c.var == VarKey::Feat(t)))
        .collect()
}

fn is_wide(s: &Session, fi: usize) -> bool {
    matches!(s.enc.layout.feats[fi].lits, FeatLits::Bits { .. })
}

fn key_matches(k: VarKey, v: VarView) -> bool {
    matches!((k, v), (VarKey::Comp(a), VarView::Comp(b)) | (VarKey::Feat(a), VarView::Feat(b)) | (VarKey::Count(a), VarView::Count(b)) if a == b)
}

/// One variable: path, kind, value, status, valid and blocked values.
fn describe(s: &Session, v: VarView, chosen: bool, possible: &dyn Fn(Lit) -> Possible) -> Variable {
    let lay = &s.enc.layout;
    let m = &s.model;
    let yes = |l: Lit| possible(l) == Possible::Yes;
    let unknown_of = |vals: Vec<(Json, Lit)>| -> Vec<Json> {
        vals.into_iter()
            .filter(|(_, l)| possible(*l) == Possible::Unknown)
            .map(|(j, _)| j)
            .collect()
    };
    match v {
        VarView::Comp(ci) => {
            let p = lay.comps[ci].presence;
            let vals = [(json!(true), p), (json!(false), !p)];
            let valid: Vec<Json> = vals
                .iter()
                .filter(|(_, l)| yes(*l))
                .map(|(j, _)| j.clone())
                .collect();
            let value = if valid.len() == 1 {
                valid[0].clone()
            } else {
                Json::Null
            };
            let status = if chosen {
                Status::User
            } else if valid.len() == 1 {
                Status::Forced
            } else {
                Status::Free
            };
            Variable {
                path: lay.comps[ci].path.clone(),
                kind: "component",
                value,
                status,
                blocked: blocked(&vals, possible),
                valid: Json::Array(valid),
                unknown: unknown_of(vals.to_vec()),
            }
        }
        VarView::Count(mi) => {
            let mu = &lay.multis[mi];
            let vals: Vec<(Json, Lit)> = mu
                .count
                .iter()
                .enumerate()
                .map(|(k, &l)| (json!(k), l))
                .collect();
            let valid: Vec<i64> = vals
                .iter()
                .filter(|(_, l)| yes(*l))
                .map(|(j, _)| j.as_i64().unwrap_or(0))
                .collect();
            let value = if valid.len() == 1 {
                json!(valid[0])
            } else {
                Json::Null
            };
            let status = if chosen {
                Status::User
            } else if valid.len() == 1 {
                Status::Forced
            } else {
                Status::Free
            };
            Variable {
                path: mu.path.clone(),
                kind: "instances",
                value,
                status,
                blocked: blocked(&vals, possible),
                valid: int_set(
                    &valid,
                    m.comp(mu.comp).open.then_some(mu.count.len() as i64 - 1),
                ),
                unknown: unknown_of(vals),
            }
        }
        VarView::Feat(fi) => {
            let inst = &lay.feats[fi];
            let feat = m.feat(inst.feat);
            let p = lay.comps[inst.ci].presence;
            let can_be_present = yes(p) || p == s.enc.cnf.truth();
            let must_be_present = !yes(!p) || p == s.enc.cnf.truth();
            let (kind, vals): (&'static str, Vec<(Json, Lit)>) = match (&feat.kind, &inst.lits) {
                (FeatureKind::OneOf(vs), FeatLits::Values(ls)) => (
                    "one_of",
                    vs.iter().zip(ls).map(|(v, &l)| (json!(v.id), l)).collect(),
                ),
                (FeatureKind::AnyOf { values: vs, .. }, FeatLits::Values(ls)) => (
                    "any_of",
                    vs.iter().zip(ls).map(|(v, &l)| (json!(v.id), l)).collect(),
                ),
                (_, FeatLits::Bool { on, off }) => {
                    ("bool", vec![(json!(true), *on), (json!(false), *off)])
                }
                (_, FeatLits::Int { min, values }) => (
                    "int",
                    values
                        .iter()
                        .enumerate()
                        .map(|(i, &l)| (json!(min + i as i64), l))
                        .collect(),
                ),
                _ => ("one_of", Vec::new()),
            };
            let valid: Vec<Json> = vals
                .iter()
                .filter(|(_, l)| yes(*l))
                .map(|(j, _)| j.clone())
                .collect();
            let forced_value: Json = match kind {
                "any_of" => {
                    let ls = match &inst.lits {
                        FeatLits::Values(ls) => ls.clone(),
                        _ => Vec::new(),
                    };
                    let determined = ls.iter().all(|&l| !(yes(l) && yes(!l)));
                    if determined && must_be_present {
                        Json::Array(
                            vals.iter()
                                .filter(|(_, l)| yes(*l))
                                .map(|(j, _)| j.clone())
                                .collect(),
                        )
                    } else {
                        Json::Null
                    }
                }
                _ if valid.len() == 1 && must_be_present => valid[0].clone(),
                _ => Json::Null,
            };
            let default = feat
                .default
                .as_ref()
                .and_then(|d| default_json(d, feat, &vals, &yes));
            let (value, status) = if !can_be_present {
                (Json::Null, Status::Absent)
            } else if !forced_value.is_null() {
                (
                    forced_value,
                    if chosen { Status::User } else { Status::Forced },
                )
            } else if chosen {
                (Json::Null, Status::User)
            } else if let Some(d) = default {
                (d, Status::Default)
            } else {
                (Json::Null, Status::Free)
            };
            let valid_json = if kind == "int" {
                int_set(
                    &valid.iter().filter_map(|j| j.as_i64()).collect::<Vec<_>>(),
                    None,
                )
            } else {
                Json::Array(valid)
            };
            Variable {
                path: inst.path.clone(),
                kind,
                value,
                status,
                valid: valid_json,
                blocked: blocked(&vals, possible),
                unknown: unknown_of(vals),
            }
        }
    }
}

/// A wide int: its runs of valid numbers instead of a literal per number; nothing is listed as
/// blocked (what is not valid is the complement of the runs). `runs` is `None` when it cannot be
/// present or the budget ran out.
fn describe_wide(
    s: &Session,
    fi: usize,
    runs: Option<&[Run]>,
    chosen: bool,
    possible: &dyn Fn(Lit) -> Possible,
) -> Variable {
    let lay = &s.enc.layout;
    let inst = &lay.feats[fi];
    let feat = s.model.feat(inst.feat);
    let FeatLits::Bits { pres, .. } = &inst.lits else {
        unreachable!("describe_wide on a wide int")
    };
    let truth = s.enc.cnf.truth();
    let can_be_present = *pres == truth || possible(*pres) == Possible::Yes;
    let must_be_present = *pres == truth || possible(!*pres) == Possible::No;
    let single = match runs {
        Some([r]) if r.min == r.max => Some(r.min),
        _ => None,
    };
    let default = match (&feat.default, runs) {
        (Some(DefaultValue::Int(n)), Some(rs)) if contains(rs, *n) => Some(*n),
        _ => None,
    };
    let (value, status) = if !can_be_present {
        (None, Status::Absent)
    } else if let (Some(n), true) = (single, must_be_present) {
        (Some(n), if chosen { Status::User } else { Status::Forced })
    } else if chosen {
        (None, Status::User)
    } else if let Some(d) = default {
        (Some(d), Status::Default)
    } else {
        (None, Status::Free)
    };
    let valid = match (can_be_present, runs) {
        (false, _) => Json::Array(Vec::new()),
        (true, Some(rs)) => runs_json(rs, open_of(&feat.kind)),
        (true, None) => json!({ "min": null, "max": null, "exact": false }),
    };
    Variable {
        path: inst.path.clone(),
        kind: "int",
        value: value.map_or(Json::Null, |n| json!(n)),
        status,
        valid,
        blocked: Vec::new(),
        unknown: Vec::new(),
    }
}

fn default_json(
    d: &DefaultValue,
    feat: &crate::model::Feature,
    vals: &[(Json, Lit)],
    yes: &dyn Fn(Lit) -> bool,
) -> Option<Json> {
    let ok = |i: usize| vals.get(i).is_some_and(|(_, l)| yes(*l));
    match d {
        DefaultValue::Value(i) => ok(*i as usize).then(|| vals[*i as usize].0.clone()),
        DefaultValue::Values(is) => is
            .iter()
            .all(|&i| ok(i as usize))
            .then(|| Json::Array(is.iter().map(|&i| vals[i as usize].0.clone()).collect())),
        DefaultValue::Bool(b) => ok(if *b { 0 } else { 1 }).then(|| json!(b)),
        DefaultValue::Int(n) => match &feat.kind {
            FeatureKind::Int { min, .. } => ok((n - min) as usize).then(|| json!(n)),
            _ => None,
        },
    }
}

fn blocked(vals: &[(Json, Lit)], possible: &dyn Fn(Lit) -> Possible) -> Vec<Blocked> {
    vals.iter()
        .filter(|(_, l)| possible(*l) == Possible::No)
        .map(|(j, _)| Blocked {
            value: j.clone(),
            rules: None,
            choices: None,
        })
        .collect()
}

/// The valid numbers of a one-hot int in the spec's shape (cli.md): its runs of consecutive
/// numbers, as a wide int's are shown. A count of instances with no maximum that reaches its
/// `horizon` is shown without a maximum.
fn int_set(v: &[i64], horizon: Option<i64>) -> Json {
    let mut runs: Vec<Run> = Vec::new();
    for &n in v {
        match runs.last_mut() {
            Some(last) if last.max + 1 == n => last.max = n,
            _ => runs.push(Run {
                min: n,
                max: n,
                exact: true,
            }),
        }
    }
    let mut open_side = crate::model::Open::default();
    if let (Some(last), Some(h)) = (runs.last_mut(), horizon) {
        if last.max == h {
            last.max = i64::MAX;
            open_side.above = true;
        }
    }
    runs_json(&runs, open_side)
}

fn add_reasons(
    s: &mut Session,
    choices: &[Choice],
    views: &[VarView],
    vars: &mut [Variable],
    possible: &dyn Fn(Lit) -> Possible,
    budget: &Budget,
) {
    let truth = s.enc.cnf.truth();
    for (var, &v) in vars.iter_mut().zip(views) {
        let lits = candidates(&s.model, &s.enc.layout, v, truth);
        for b in &mut var.blocked {
            let Some(&lit) = lits.iter().find(|&&l| {
                possible(l) == Possible::No && value_of(s, v, l).as_ref() == Some(&b.value)
            }) else {
                continue;
            };
            if let Reason::Minimal(items) = minimal_reason(s, choices, &[lit], budget) {
                let (cs, rs) = names(s, choices, &items);
                b.rules = Some(rs);
                b.choices = Some(cs);
            }
        }
    }
}

/// The reported value a candidate literal stands for (None for presence literals).
pub fn value_of(s: &Session, v: VarView, l: Lit) -> Option<Json> {
    let lay = &s.enc.layout;
    match v {
        VarView::Comp(ci) => {
            let p = lay.comps[ci].presence;
            (l == p)
                .then(|| json!(true))
                .or((l == !p).then(|| json!(false)))
        }
        VarView::Count(mi) => lay.multis[mi]
            .count
            .iter()
            .position(|&c| c == l)
            .map(|k| json!(k)),
        VarView::Feat(fi) => {
            let inst = &lay.feats[fi];
            let feat = s.model.feat(inst.feat);
            match &inst.lits {
                FeatLits::Values(ls) => ls
                    .iter()
                    .position(|&x| x == l)
                    .map(|i| json!(feat.kind.values()[i].id)),
                FeatLits::Bool { on, off } => (l == *on)
                    .then(|| json!(true))
                    .or((l == *off).then(|| json!(false))),
                FeatLits::Int { min, values } => values
                    .iter()
                    .position(|&x| x == l)
                    .map(|i| json!(min + i as i64)),
                FeatLits::Bits { .. } => None,
            }
        }
    }
}

/// Milliseconds each price bound (min or max of once or monthly) may take per click.
const PRICE_RANGE_MS: u64 = 300;

fn price_report(s: &mut Session, assumptions: &[Lit], exact: bool, budget: &Budget) -> PriceReport {
    let decimals = crate::front::minor_units(&s.model.currency);
    let periods = [Period::Once, Period::Monthly];
    // "Now" is the price of the configuration a quote would make of this selection: the
    // cheapest that keeps the choices and the defaults (see cheapest.rs), so it lies within
    // min..max. A catalog without prices or adjustments costs nothing either way.
    let priced_now = if !exact {
        None
    } else if periods
        .iter()
        .all(|&p| s.price_lin(p).terms.iter().all(|(w, _)| w.is_zero()))
    {
        None
    } else {
        let side = budget.capped(PRICE_RANGE_MS);
        cheapest(s, assumptions, Depth::PriceOnly, &side)
            .map(|_| priced(s, None, [Decimal::ZERO; 2]))
    };
    let mut now = [Decimal::ZERO; 2];
    let mut adjustments = Vec::new();
    if let Some(p) = &priced_now {
        now = p.in_catalog_terms;
        for (a, amounts) in p.adjustments.iter().zip(&p.adjustments_in_catalog_terms) {
            adjustments.push(AppliedAdjustment {
                rule: a.rule.clone(),
                kind: if a.kind == "discount" {
                    "discount"
                } else {
                    "surcharge"
                },
                message: s
                    .model
                    .adjustments
                    .iter()
                    .find(|x| x.id == a.rule)
                    .and_then(|x| x.message.clone()),
                once: money(amounts[0], decimals),
                monthly: money(amounts[1], decimals),
            });
        }
    }
    let range = |s: &mut Session,
                 lin: Lin,
                 now: Decimal,
                 bound: &dyn Fn(&mut Session, bool) -> Option<Decimal>|
     -> PriceRange {
        if !exact {
            return PriceRange {
                now: money(now, decimals),
                min: None,
                max: None,
            };
        }
        // Nothing in this period has a price: the total is the same in every configuration.
        if lin.terms.iter().all(|(w, _)| w.is_zero()) {
            return PriceRange {
                now: money(now, decimals),
                min: Some(money(now, decimals)),
                max: Some(money(now, decimals)),
            };
        }
        // A price range is a side answer: it gets a short budget of its own and is `null` past it.
        let min = bound(s, true);
        let max = bound(s, false);
        PriceRange {
            now: money(now, decimals),
            min: min.map(|d| money(d, decimals)),
            max: max.map(|d| money(d, decimals)),
        }
    };
    // Each bound its own budget, from when it starts: one shared deadline left the greatest
    // price whatever the least had not used (fitted-kitchen's came back `null` as a process).
    let side = || budget.capped(PRICE_RANGE_MS);
    let once_lin = s.price_lin(Period::Once);
    let once = range(s, once_lin, now[0], &|s, lo| {
        price_bound(s, Period::Once, lo, assumptions, &side())
    });
    let monthly_lin = s.price_lin(Period::Monthly);
    let monthly = range(s, monthly_lin, now[1], &|s, lo| {
        price_bound(s, Period::Monthly, lo, assumptions, &side())
    });
    let term = s.model.term_months.map(|months| {
        let lin = objective_lin(s, &Objective::Term).unwrap_or_default();
        let now = now[0] + now[1] * Decimal::from(months);
        range(s, lin, now, &|s, lo| {
            term_bound(s, months, lo, assumptions, &side())
        })
    });
    PriceReport {
        currency: s.model.currency.clone(),
        once,
        monthly,
        term_months: s.model.term_months,
        term,
        adjustments,
        tax: priced_now.and_then(|p| p.tax),
    }
}

/// The sides an int's range leaves open (none for other kinds).
fn open_of(kind: &FeatureKind) -> crate::model::Open {
    match kind {
        FeatureKind::Int { open, .. } => *open,
        _ => Default::default(),
    }
}
