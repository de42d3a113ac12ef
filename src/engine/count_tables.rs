//! Counting at the catalog's own level: when every component is always present (single instance)
//! and every feature is a finite-domain variable (one_of, bool, int), the catalog is a CSP and
//! its constraints are tables (small rules are tabulated, see `tabulate.rs`). Each independent
//! group of the constraint graph is counted on its own by variable elimination; the counts
//! multiply. Anything else is left to the #SAT counter on the encoding.

use super::choice::{Choice, VarKey};
use super::tabulate::tabulate;
use crate::budget::Budget;
use crate::count::{Csp, CspCount};
use crate::encode::{Encoding, FeatLits};
use crate::graph::{ConstraintGraph, RuleRef};
use crate::model::{
    ColumnKind, CompId, ConstraintBody, FeatId, FeatureKind, Model, Table, TableCell, TableKind,
    Target,
};
use num_bigint::BigUint;
use std::collections::HashMap;

/// The count, or None when the catalog or the selection is not of this shape.
pub(super) fn count_tables(
    model: &Model,
    enc: &Encoding,
    choices: &[Choice],
    budget: &Budget,
) -> Option<CspCount> {
    if !model
        .components
        .iter()
        .skip(1)
        .all(|c| !c.can_be_absent() && !c.is_multi())
    {
        return None;
    }
    let mut domains: Vec<Vec<bool>> = model
        .features
        .iter()
        .map(|f| domain_size(&f.kind).map(|n| vec![true; n as usize]))
        .collect::<Option<_>>()?;
    for c in choices {
        if !restrict(enc, c, &mut domains)? {
            return Some(CspCount::Exact(BigUint::default()));
        }
    }
    let mut jobs: Vec<(Vec<FeatId>, Vec<usize>)> = ConstraintGraph::build(model)
        .independent_groups(model)
        .into_iter()
        .map(|g| {
            let rules = g
                .rules
                .iter()
                .filter_map(|r| match r {
                    RuleRef::Constraint(i) => Some(*i),
                    _ => None,
                })
                .collect();
            (g.features, rules)
        })
        .collect();
    // Constraints that read no feature (only always-present components, or nothing) belong to no
    // group, yet they can still rule everything out.
    let mut grouped = vec![false; model.constraints.len()];
    for &i in jobs.iter().flat_map(|j| &j.1) {
        grouped[i] = true;
    }
    let loose: Vec<usize> = (0..grouped.len()).filter(|&i| !grouped[i]).collect();
    if !loose.is_empty() {
        jobs.push((Vec::new(), loose));
    }
    // Small groups first: a group without solutions ends the count early.
    jobs.sort_by_key(|j| j.0.len() + j.1.len());
    let mut total = BigUint::from(1u32);
    for (features, rules) in &jobs {
        let csp = build(model, features, rules, &domains)?;
        if budget.expired() {
            return Some(CspCount::Unknown);
        }
        match csp.count(budget) {
            CspCount::Exact(n) if n == BigUint::default() => return Some(CspCount::Exact(n)),
            CspCount::Exact(n) => total *= n,
            other => return Some(other),
        }
    }
    Some(CspCount::Exact(total))
}

/// Is the table counter the better first try? Not for catalogs of bool features and rules only
/// (an imported feature model is a CNF already): #SAT on the encoding counts those faster
/// (BusyBox: 0.10 s against 1.56 s by tables).
pub(super) fn suits_tables(model: &Model) -> bool {
    model
        .constraints
        .iter()
        .any(|c| matches!(c.body, ConstraintBody::Table(_)))
        || model
            .features
            .iter()
            .any(|f| !matches!(f.kind, FeatureKind::Bool { .. }))
}

/// Values of a finite-domain feature, or None for any_of and huge int ranges.
fn domain_size(kind: &FeatureKind) -> Option<u64> {
    match kind {
        FeatureKind::OneOf(v) => Some(v.len() as u64),
        FeatureKind::Bool { .. } => Some(2),
        FeatureKind::Int { min, max, .. } => {
            let n = i128::from(*max) - i128::from(*min) + 1;
            (1..=1 << 16).contains(&n).then_some(n as u64)
        }
        FeatureKind::AnyOf { .. } => None,
    }
}

/// Applies a choice to the domains: Some(false) when it can never hold (excludes an
/// always-present component), None when it is not about a value of a feature.
fn restrict(enc: &Encoding, c: &Choice, domains: &mut [Vec<bool>]) -> Option<bool> {
    match c.var {
        VarKey::Feat(fi) => {
            let inst = enc.layout.feats.get(fi)?;
            let dom = domains.get_mut(inst.feat.index())?;
            if let FeatLits::Bits { bits, pres, .. } = &inst.lits {
                // `path=n` on a wide int: presence, then every bit with its polarity.
                let (first, rest) = c.lits.split_first()?;
                if first != pres || rest.len() != bits.len() {
                    return None;
                }
                let mut off = 0usize;
                for (i, (&l, &b)) in rest.iter().zip(bits).enumerate() {
                    if l == b {
                        off |= 1 << i;
                    } else if l != !b {
                        return None;
                    }
                }
                for (x, ok) in dom.iter_mut().enumerate() {
                    *ok = *ok && x == off;
                }
                return Some(true);
            }
            for &lit in &c.lits {
                let n = dom.len() as u32;
                if let Some(v) = (0..n).find(|&v| inst.lits.code(v) == lit) {
                    for (x, ok) in dom.iter_mut().enumerate() {
                        *ok = *ok && x as u32 == v;
                    }
                } else if let Some(v) = (0..n).find(|&v| inst.lits.code(v) == !lit) {
                    dom[v as usize] = false;
                } else {
                    return None;
                }
            }
            Some(true)
        }
        VarKey::Comp(ci) => {
            let p = enc.layout.comps.get(ci)?.presence;
            let mut holds = true;
            for &lit in &c.lits {
                if lit == !p {
                    holds = false;
                } else if lit != p {
                    return None;
                }
            }
            Some(holds)
        }
        VarKey::Count(_) => None,
    }
}

/// The CSP of one group: its features as variables (restricted to the chosen values) and its
/// rules as tables. None when a rule is not a table and cannot be tabulated.
fn build(
    model: &Model,
    features: &[FeatId],
    rules: &[usize],
    domains: &[Vec<bool>],
) -> Option<Csp> {
    let mut csp = Csp::new();
    let mut var: HashMap<FeatId, u32> = HashMap::new();
    for &f in features {
        let dom = &domains[f.index()];
        let v = csp.add_var(dom.len() as u64).ok()?;
        csp.restrict(v, |x| dom[x as usize]).ok()?;
        var.insert(f, v);
    }
    // A one-value variable standing for "an always-present component is present".
    let mut present: Option<u32> = None;
    for &i in rules {
        let c = model.constraints.get(i)?;
        if !c.for_each.is_empty() {
            return None;
        }
        match &c.body {
            ConstraintBody::Table(t) => table(&mut csp, t, &var, &mut present)?,
            body => tabulate(model, &mut csp, body, &var)?,
        }
    }
    Some(csp)
}

/// What a table column reads, as a CSP variable and how a cell is tested on its values.
#[derive(Clone, Copy)]
enum Col {
    /// The feature's own coded value.
    Feature,
    /// 1 when the feature has value `k`, else 0.
    IsValue(u32),
    /// Always 1.
    Present,
}

fn table(
    csp: &mut Csp,
    t: &Table,
    var: &HashMap<FeatId, u32>,
    present: &mut Option<u32>,
) -> Option<()> {
    let mut vars = Vec::with_capacity(t.columns.len());
    let mut how = Vec::with_capacity(t.columns.len());
    for col in &t.columns {
        if !col.target.indices.is_empty() {
            return None;
        }
        let (v, h) = match (col.target.target, col.kind) {
            (
                Target::Feat(f),
                ColumnKind::Values(_) | ColumnKind::Bool | ColumnKind::Int { .. },
            ) => (*var.get(&f)?, Col::Feature),
            (Target::Value(f, k), ColumnKind::Bool) => (*var.get(&f)?, Col::IsValue(k)),
            (Target::Comp(CompId(_)), ColumnKind::Bool) => {
                let p = match *present {
                    Some(p) => p,
                    None => {
                        let p = csp.add_var(1).ok()?;
                        *present = Some(p);
                        p
                    }
                };
                (p, Col::Present)
            }
            _ => return None,
        };
        vars.push(v);
        how.push(h);
    }
    let allow = t.kind == TableKind::Allow;
    let admits = |r: usize, c: usize, x: u32| {
        let cell = t.row(r)[c];
        match how[c] {
            Col::Feature => t.admits(cell, x),
            Col::IsValue(k) => t.admits(cell, u32::from(x == k)),
            Col::Present => t.admits(cell, 1),
        }
    };
    let single = |r: usize, c: usize| match (how[c], t.row(r)[c]) {
        (Col::Feature, TableCell::One(x)) => Some(x),
        _ => None,
    };
    csp.add_table_with(&vars, t.row_count(), allow, admits, single)
        .ok()
}
