//! Interchangeable instances sorted while an optimum is searched.
//!
//! The instances of a multi-instance component past the last slot any rule names by number
//! (`base.cabinet[1]` names slot 1) are interchangeable: every rule holds for each of them alike
//! and they cost alike, so permuting the present ones (each with its nested instances) keeps a
//! configuration valid and its price and attribute totals unchanged. The least or greatest of
//! those is therefore the same among configurations whose interchangeable instances come sorted
//! by their own values (lexicographically, features in catalog order), and proving it there
//! skips every permutation. With `surrogate.rs`, fitted-kitchen's greatest price went from no
//! proof in 100 s to 0.95 s of `configure` (BENCHMARKS.md, "Optima: sorted instances").
//!
//! Only [`super::price::optimise`] assumes the order, and it reports only the value: models,
//! valid sets, counts and reasons never see it. A run is left unsorted in a call whose
//! assumptions read one of its instances' features or nested instances (a customer's choice on
//! `line[3]` makes line 3 unlike the others).

use super::choice::{Choice, VarKey};
use super::view::{candidates, VarView};
use crate::encode::{Encoding, FeatLits};
use crate::model::{FeatureKind, Model, RefUse};
use crate::solve::{Lit, Var};
use std::collections::{HashMap, HashSet};

/// One run of interchangeable instances: `lit` assumed, they come sorted.
#[derive(Debug, Clone)]
pub struct Order {
    pub lit: Lit,
    /// The variables of the run's instances (features, nested instances) a choice may read.
    reads: HashSet<Var>,
}

/// The literals to assume so that every run not read by `assumptions` comes sorted.
pub fn order_lits(orders: &[Order], assumptions: &[Lit]) -> Vec<Lit> {
    orders
        .iter()
        .filter(|o| !assumptions.iter().any(|a| o.reads.contains(&a.var())))
        .map(|o| o.lit)
        .collect()
}

/// Every run of at least two interchangeable instances, with the clauses that sort it under its
/// literal (added to `enc.cnf`).
pub fn orders(model: &Model, enc: &mut Encoding) -> Vec<Order> {
    let mut out = Vec::new();
    for run in runs(model, enc) {
        let keys: Vec<Vec<Vec<Lit>>> = run.iter().map(|&ci| key(model, enc, ci)).collect();
        if keys[0].is_empty() {
            continue;
        }
        let lit = enc.cnf.new_lit();
        for i in 1..run.len() {
            let sorted = lex_ge(enc, &keys[i - 1], &keys[i]);
            let present = enc.layout.comps[run[i]].presence;
            enc.cnf.clause(&[!lit, !present, sorted]);
        }
        let reads = reads_below(enc, &run);
        out.push(Order { lit, reads });
    }
    out
}

/// Every run of at least two interchangeable instances (component instances, by slot).
fn runs(model: &Model, enc: &Encoding) -> Vec<Vec<usize>> {
    let named = named_slots(model);
    enc.layout
        .multis
        .iter()
        .map(|m| {
            let first = named.get(&m.comp.0).copied().unwrap_or(0) as usize;
            m.slots.iter().skip(first).copied().collect::<Vec<usize>>()
        })
        .filter(|run| run.len() >= 2)
        .collect()
}

/// Per instance in a run of interchangeable instances, the run's number. Two instances of one
/// run that are present in every configuration have the same valid sets wherever no choice
/// reads either one (swapping them maps every configuration to another), which
/// `configure` and `root_ranges.rs` use to settle a bike's price from another bike's.
pub fn interchangeable(model: &Model, enc: &Encoding) -> HashMap<usize, usize> {
    runs(model, enc)
        .into_iter()
        .enumerate()
        .flat_map(|(i, run)| run.into_iter().map(move |ci| (ci, i)))
        .collect()
}

/// The instances of runs that a choice reads: its variable's instance and every one around it
/// (a count of nested instances reads the instance they are in).
pub fn read_by_choices(
    enc: &Encoding,
    alike: &HashMap<usize, usize>,
    choices: &[Choice],
) -> HashSet<usize> {
    let mut out = HashSet::new();
    for c in choices {
        let mut at = Some(match c.var {
            VarKey::Comp(ci) => ci,
            VarKey::Feat(fi) => enc.layout.feats[fi].ci,
            VarKey::Count(m) => enc.layout.multis[m].parent,
        });
        while let Some(ci) = at {
            if alike.contains_key(&ci) {
                out.insert(ci);
            }
            at = enc.layout.comps[ci].parent;
        }
    }
    out
}

/// Candidate literals of interchangeable instances, each mapped to its twin in the first
/// instance of its run met in `views` order (representatives are not keys): the same
/// candidate (by path below the instance, and place in the variable's candidates) of an
/// instance present in every configuration (`present`) that no choice reads (`read`). Twins
/// have the same status, so only representatives need settling. The instance is the
/// outermost such one around the variable (a bike, not the bag slot inside it).
pub fn twin_literals(
    model: &Model,
    enc: &Encoding,
    alike: &HashMap<usize, usize>,
    read: &HashSet<usize>,
    present: &dyn Fn(usize) -> bool,
    views: &[VarView],
) -> HashMap<Lit, Lit> {
    let layout = &enc.layout;
    let truth = enc.cnf.truth();
    let mut reps: HashMap<(usize, String, usize), Lit> = HashMap::new();
    let mut out = HashMap::new();
    let mut seen = HashSet::new();
    for &v in views {
        let (ci, path) = match v {
            VarView::Comp(ci) => (ci, &layout.comps[ci].path),
            VarView::Feat(fi) => (layout.feats[fi].ci, &layout.feats[fi].path),
            VarView::Count(m) => (layout.multis[m].parent, &layout.multis[m].path),
        };
        // The outermost instance around that qualifies.
        let mut at = Some(ci);
        let mut unit = None;
        while let Some(c) = at {
            if alike.contains_key(&c) && present(c) && !read.contains(&c) {
                unit = Some(c);
            }
            at = layout.comps[c].parent;
        }
        let Some(unit) = unit else { continue };
        let Some(below) = path.strip_prefix(layout.comps[unit].path.as_str()) else {
            continue;
        };
        for (i, l) in candidates(model, layout, v, truth).into_iter().enumerate() {
            if l.var() == truth.var() || !seen.insert(l) {
                continue;
            }
            let key = (alike[&unit], below.to_string(), i);
            match reps.get(&key) {
                Some(&rep) => {
                    out.insert(l, rep);
                }
                None => {
                    reps.insert(key, l);
                }
            }
        }
    }
    out
}

/// Per component, the greatest slot a rule, preference or adjustment names by number.
fn named_slots(model: &Model) -> HashMap<u32, u32> {
    let mut uses = Vec::new();
    for c in &model.constraints {
        c.body.refs(&mut uses);
    }
    for p in &model.preferences {
        p.expr.refs(&mut uses);
    }
    for a in &model.adjustments {
        a.when.refs(&mut uses);
    }
    let mut named: HashMap<u32, u32> = HashMap::new();
    for u in uses {
        if let RefUse::Ref(r) = u {
            for &(c, slot) in &r.indices {
                let e = named.entry(c.0).or_insert(0);
                *e = (*e).max(slot);
            }
        }
    }
    named
}

/// An instance's own exclusive features in catalog order, each as its value literals in value
/// order (a bool as off, on); any_of and wide ints are left out of the order.
fn key(model: &Model, enc: &Encoding, ci: usize) -> Vec<Vec<Lit>> {
    let mut feats: Vec<(usize, Vec<Lit>)> = enc
        .layout
        .feats
        .iter()
        .filter(|f| f.ci == ci)
        .filter_map(|f| {
            let lits = match (&f.lits, &model.feat(f.feat).kind) {
                (FeatLits::Values(v), FeatureKind::OneOf(_)) => v.clone(),
                (FeatLits::Int { values, .. }, _) => values.clone(),
                (FeatLits::Bool { on, off }, _) => vec![*off, *on],
                _ => return None,
            };
            Some((f.feat.0 as usize, lits))
        })
        .collect();
    feats.sort_by_key(|f| f.0);
    feats.into_iter().map(|f| f.1).collect()
}

/// A literal that holds when instance `a`'s key is at least `b`'s, lexicographically.
fn lex_ge(enc: &mut Encoding, a: &[Vec<Lit>], b: &[Vec<Lit>]) -> Lit {
    // From the last feature back: ge = gt ∨ (eq ∧ ge of the rest).
    let mut ge = enc.cnf.truth();
    for (xa, xb) in a.iter().zip(b).rev() {
        let (mut gt, mut eq) = (Vec::new(), Vec::new());
        for v in 0..xa.len() {
            eq.push(enc.cnf.and(&[xa[v], xb[v]]));
            if v > 0 {
                let below = enc.cnf.or(&xb[..v]);
                gt.push(enc.cnf.and(&[xa[v], below]));
            }
        }
        let (gt, eq) = (enc.cnf.or(&gt), enc.cnf.or(&eq));
        let tie = enc.cnf.and(&[eq, ge]);
        ge = enc.cnf.or(&[gt, tie]);
    }
    ge
}

/// The variables of the run's instances' features and of everything nested in them.
fn reads_below(enc: &Encoding, run: &[usize]) -> HashSet<Var> {
    let mut inside: HashSet<usize> = run.iter().copied().collect();
    let mut nested: HashSet<usize> = HashSet::new();
    // Components come parents first, so one pass finds every descendant.
    for (ci, c) in enc.layout.comps.iter().enumerate() {
        if c.parent.is_some_and(|p| inside.contains(&p)) {
            inside.insert(ci);
            nested.insert(ci);
        }
    }
    let mut reads: HashSet<Var> = nested
        .iter()
        .map(|&ci| enc.layout.comps[ci].presence.var())
        .collect();
    for f in enc.layout.feats.iter().filter(|f| inside.contains(&f.ci)) {
        let lits: Vec<Lit> = match &f.lits {
            FeatLits::Values(v) | FeatLits::Int { values: v, .. } => v.clone(),
            FeatLits::Bool { on, off } => vec![*on, *off],
            FeatLits::Bits { bits, pres, .. } => bits.iter().chain([pres]).copied().collect(),
        };
        reads.extend(lits.iter().map(|l| l.var()));
    }
    for m in enc
        .layout
        .multis
        .iter()
        .filter(|m| inside.contains(&m.parent))
    {
        reads.extend(m.count.iter().map(|l| l.var()));
    }
    reads
}
