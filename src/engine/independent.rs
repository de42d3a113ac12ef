//! Independent parts: a wide int defined as a sum of ints that no other rule links (the fleet's
//! `totalPrice = sum(bike.price)`, each price set within its own bike) takes exactly the sums of
//! the parts' valid numbers, so its valid set is their sumset, with no solver call per number.
//!
//! Why: a total's valid set was found by probing each of its numbers (a defined int's room in a
//! model is a single number): 211 calls, 350 ms of a 390 ms click at 15 bikes.
//!
//! When: found once per compile, from the rules as the encoder reads them. Each part lives in
//! its own *unit*, the outermost multi-instance component instance around it (`bike[3]`), and
//! every hard rule but the definition joins the units it reads, as the encoder resolves its
//! references (`Encoding::ref_instances`; `instances_read` for `count()` and `sum()`);
//! everything outside instances is one unit, and a rule over a total attribute or a price
//! reads every unit. The parts qualify when their units stay apart,
//! the total is read by its definition alone (a plain equality, no "for each"), and the total
//! and every part are present in every configuration.
//!
//! Soundness: with every rule on, the configurations are then the combinations of one
//! configuration per group of units, which agree on nothing but the definition and the total's
//! own range. A part's valid number has a configuration; any combination of valid numbers
//! whose sum is within the total's range joins those configurations into one (no rule spans
//! two groups; the parts' instances are present in all of them, so the order and count of
//! instances agree). Conversely every configuration's total is such a sum. A choice is a
//! condition on one variable: it stays inside one group unless it is on the total or on a count
//! of units themselves (`bike=3` reads every bike; `bike[3].bag=1` only bike 3); `configure`
//! falls back to probing then, and whenever a rule is switched off (reasons, repairs) or a
//! part's valid set is not exact.

use crate::encode::{int_scale, Definition, Encoding, FeatLits};
use crate::model::{BoolExpr, ConstraintBody, LinExpr, Model, NumTerm, Ref, Target};
use crate::solve::Lit;
use std::collections::HashMap;

/// Runs of a sumset kept at most (past this the total is probed as before).
const MAX_RUNS: usize = 1 << 12;

/// Per wide int whose definition's parts are independent: the parts and each one's weight
/// (`offset = constant + Σ weight · part's offset`).
pub fn independent_sums(
    model: &Model,
    enc: &Encoding,
    defined: &HashMap<usize, Definition>,
    root: &dyn Fn(Lit) -> Option<bool>,
) -> HashMap<usize, Vec<(usize, i128)>> {
    let mut out = HashMap::new();
    if defined.is_empty() {
        return out;
    }
    let Some(links) = Links::of(model, enc) else {
        return out;
    };
    for (&t, def) in defined {
        if let Some(parts) = parts_apart(model, enc, &links, t, def, root) {
            out.insert(t, parts);
        }
    }
    out
}

/// The parts of `t`'s definition with their weights, if they qualify (see the file's comment).
fn parts_apart(
    model: &Model,
    enc: &Encoding,
    links: &Links,
    t: usize,
    def: &Definition,
    root: &dyn Fn(Lit) -> Option<bool>,
) -> Option<Vec<(usize, i128)>> {
    let present = |fi: usize| match enc.layout.feats[fi].lits {
        FeatLits::Bits { pres, .. } => root(pres) == Some(true),
        _ => false,
    };
    let over_ints_alone = def
        .terms
        .iter()
        .all(|(_, l)| enc.bit_owner.contains_key(&l.var()));
    if !over_ints_alone || !present(t) || unit_of(enc, enc.layout.feats[t].ci).is_some() {
        return None;
    }
    // Read by one rule only, a plain equality over everything: its definition.
    let feat = enc.layout.feats[t].feat;
    let readers = links.readers.get(&feat)?;
    let [only] = readers[..] else { return None };
    let rule = &model.constraints[only];
    let plain_equality = matches!(&rule.body, ConstraintBody::Expr(BoolExpr::Cmp(c))
        if c.1 == crate::front::ast::CmpOp::Eq);
    if !rule.for_each.is_empty() || !plain_equality {
        return None;
    }
    let mut joined = links.groups_without(only);
    let mut parts = Vec::new();
    let mut groups = Vec::new();
    for g in def.ints(enc) {
        let unit = unit_of(enc, enc.layout.feats[g].ci)?;
        if !present(g) {
            return None;
        }
        groups.push(joined.find(unit));
        parts.push((g, int_scale(enc, g, &def.terms)?));
    }
    let mut sorted = groups.clone();
    sorted.sort_unstable();
    sorted.dedup();
    (sorted.len() == groups.len()).then_some(parts)
}

/// Every reference a rule reads, with whether it reads its own level's instances together
/// (`count()`, `sum()`); `None` when it reads a price or a total attribute (every unit).
fn refs_of(body: &ConstraintBody) -> Option<Vec<(&Ref, bool)>> {
    let mut out = Vec::new();
    match body {
        ConstraintBody::Expr(e) => bool_refs(e, &mut out)?,
        ConstraintBody::When(a, b) => {
            bool_refs(a, &mut out)?;
            bool_refs(b, &mut out)?;
        }
        ConstraintBody::Table(t) => out.extend(t.columns.iter().map(|c| (&c.target, false))),
    }
    Some(out)
}

fn bool_refs<'a>(e: &'a BoolExpr, out: &mut Vec<(&'a Ref, bool)>) -> Option<()> {
    match e {
        BoolExpr::Const(_) => {}
        BoolExpr::Holds(r) => out.push((r, false)),
        BoolExpr::Not(a) => bool_refs(a, out)?,
        BoolExpr::And(v) | BoolExpr::Or(v) => v.iter().try_for_each(|e| bool_refs(e, out))?,
        BoolExpr::Implies(a, b) | BoolExpr::Iff(a, b) => {
            bool_refs(a, out)?;
            bool_refs(b, out)?;
        }
        BoolExpr::Cmp(c) => {
            lin_refs(&c.0, out)?;
            lin_refs(&c.2, out)?;
        }
    }
    Some(())
}

fn lin_refs<'a>(e: &'a LinExpr, out: &mut Vec<(&'a Ref, bool)>) -> Option<()> {
    for (_, t) in &e.terms {
        match t {
            NumTerm::Int(r) | NumTerm::Attr(r) | NumTerm::Indicator(r) => out.push((r, false)),
            NumTerm::Count(r) | NumTerm::Sum(r) => out.push((r, true)),
            NumTerm::Total(_) | NumTerm::Price(_) => return None,
            NumTerm::If(c, a, b) => {
                bool_refs(c, out)?;
                lin_refs(a, out)?;
                lin_refs(b, out)?;
            }
            NumTerm::Arith(x) => {
                lin_refs(&x.1, out)?;
                lin_refs(&x.2, out)?;
            }
        }
    }
    Some(())
}

/// Whether a choice on the instance count of multi `m` reads several units: the count of
/// instances outside every unit (the units themselves), not of ones nested in one unit.
pub fn count_spans_units(enc: &Encoding, m: usize) -> bool {
    unit_of(enc, enc.layout.multis[m].parent).is_none()
}

/// The outermost multi-instance component instance around component instance `ci` (itself
/// included); `None` outside instances.
fn unit_of(enc: &Encoding, ci: usize) -> Option<usize> {
    let comps = &enc.layout.comps;
    let mut at = Some(ci);
    let mut unit = None;
    while let Some(c) = at {
        if comps[c].slot.is_some() {
            unit = Some(c);
        }
        at = comps[c].parent;
    }
    unit
}

/// Which units each rule binding reads, and which rules read each feature.
struct Links {
    /// Per rule: per binding, the units read (`usize::MAX`: outside instances).
    reads: Vec<Vec<Vec<usize>>>,
    readers: HashMap<crate::model::FeatId, Vec<usize>>,
}

/// Everything outside instances, as one unit.
const OUTSIDE: usize = usize::MAX;

impl Links {
    /// `None` when a rule reads a price or a total attribute (every unit at once).
    fn of(model: &Model, enc: &Encoding) -> Option<Links> {
        let mut reads = Vec::with_capacity(model.constraints.len());
        let mut readers: HashMap<_, Vec<usize>> = HashMap::new();
        for (i, c) in model.constraints.iter().enumerate() {
            let refs = refs_of(&c.body)?;
            let mut feats: Vec<_> = refs
                .iter()
                .filter_map(|(r, _)| match r.target {
                    Target::Feat(f) | Target::Value(f, _) | Target::Attr(f, _) => Some(f),
                    Target::Comp(_) | Target::CompAttr(..) => None,
                })
                .collect();
            feats.sort_unstable();
            feats.dedup();
            for f in feats {
                readers.entry(f).or_default().push(i);
            }
            let unit = |ci: usize| unit_of(enc, ci).unwrap_or(OUTSIDE);
            let mut per_binding = Vec::new();
            for (env, _) in enc.bindings(model, &c.for_each) {
                // The instance the rule is for (its presence is in the rule's clauses) ...
                let mut units: Vec<usize> = match env.last() {
                    Some(&(comp, _)) => enc
                        .layout
                        .instances_of(model, comp, &env)
                        .into_iter()
                        .map(unit)
                        .collect(),
                    None => Vec::new(),
                };
                // ... and every instance it reads.
                for &(r, together) in &refs {
                    let read = match together {
                        true => enc.instances_read(model, r, &env),
                        false => enc.ref_instances(model, r, &env),
                    };
                    units.extend(read.into_iter().map(unit));
                }
                units.sort_unstable();
                units.dedup();
                per_binding.push(units);
            }
            reads.push(per_binding);
        }
        Some(Links { reads, readers })
    }

    /// The groups of units when every rule but `skip` joins the units it reads.
    fn groups_without(&self, skip: usize) -> Groups {
        let mut g = Groups::default();
        for (i, bindings) in self.reads.iter().enumerate() {
            if i == skip {
                continue;
            }
            for units in bindings {
                if let Some((&first, rest)) = units.split_first() {
                    for &u in rest {
                        g.join(first, u);
                    }
                }
            }
        }
        g
    }
}

/// Units joined into groups (union-find).
#[derive(Default)]
struct Groups {
    parent: HashMap<usize, usize>,
}

impl Groups {
    /// The group's representative unit.
    fn find(&mut self, x: usize) -> usize {
        let mut r = x;
        while let Some(&q) = self.parent.get(&r) {
            r = q;
        }
        // Every unit on the way now points at the representative.
        let mut y = x;
        while y != r {
            let next = self.parent.insert(y, r).unwrap_or(r);
            y = next;
        }
        r
    }

    fn join(&mut self, a: usize, b: usize) {
        let (a, b) = (self.find(a), self.find(b));
        if a != b {
            self.parent.insert(b, a);
        }
    }
}

/// The sums `constant + Σ weight · offset` over one offset per part from its runs, kept within
/// `range`, as sorted disjoint runs; `None` past [`MAX_RUNS`] (or past 128 bits).
pub fn sumset(
    parts: &[(i128, Vec<(i128, i128)>)],
    constant: i128,
    range: (i128, i128),
) -> Option<Vec<(i128, i128)>> {
    let mut acc: Vec<(i128, i128)> = vec![(constant, constant)];
    for (w, runs) in parts {
        // A weight of ±1 keeps runs as runs; any other spreads a run into its numbers.
        let mut scaled: Vec<(i128, i128)> = Vec::new();
        for &(a, b) in runs {
            match *w {
                1 => scaled.push((a, b)),
                -1 => scaled.push((-b, -a)),
                _ if b - a < MAX_RUNS as i128 => {
                    for x in a..=b {
                        let v = w.checked_mul(x)?;
                        scaled.push((v, v));
                    }
                }
                _ => return None,
            }
            if scaled.len() > MAX_RUNS {
                return None;
            }
        }
        if acc.len().checked_mul(scaled.len())? > MAX_RUNS * MAX_RUNS / 16 {
            return None;
        }
        let mut next = Vec::with_capacity(acc.len() * scaled.len());
        for &(a0, a1) in &acc {
            for &(b0, b1) in &scaled {
                next.push((a0.checked_add(b0)?, a1.checked_add(b1)?));
            }
        }
        acc = merge(next);
        if acc.len() > MAX_RUNS {
            return None;
        }
    }
    let kept = acc
        .into_iter()
        .filter_map(|(a, b)| {
            let (a, b) = (a.max(range.0), b.min(range.1));
            (a <= b).then_some((a, b))
        })
        .collect();
    Some(kept)
}

/// Sorted, disjoint, with touching runs joined.
fn merge(mut runs: Vec<(i128, i128)>) -> Vec<(i128, i128)> {
    runs.sort_unstable();
    let mut out: Vec<(i128, i128)> = Vec::with_capacity(runs.len());
    for (a, b) in runs {
        match out.last_mut() {
            Some(last) if a <= last.1.saturating_add(1) => last.1 = last.1.max(b),
            _ => out.push((a, b)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every sum of one number per part, by enumeration.
    fn brute(parts: &[(i128, Vec<(i128, i128)>)], c: i128, range: (i128, i128)) -> Vec<i128> {
        let mut sums = vec![c];
        for (w, runs) in parts {
            let xs: Vec<i128> = runs.iter().flat_map(|&(a, b)| a..=b).collect();
            sums = sums
                .iter()
                .flat_map(|s| xs.iter().map(move |x| s + w * x))
                .collect();
        }
        sums.retain(|s| range.0 <= *s && *s <= range.1);
        sums.sort_unstable();
        sums.dedup();
        sums
    }

    #[test]
    fn sumsets_match_enumeration() {
        let cases: Vec<(Vec<(i128, Vec<(i128, i128)>)>, i128, (i128, i128))> = vec![
            (
                vec![(1, vec![(0, 0), (2, 4)]), (1, vec![(10, 10), (20, 21)])],
                0,
                (0, 100),
            ),
            (
                vec![(-1, vec![(1, 3)]), (3, vec![(0, 2)]), (1, vec![(5, 5)])],
                7,
                (0, 15),
            ),
            (vec![(2, vec![(0, 3)]), (2, vec![(0, 3)])], -1, (-100, 100)),
            (vec![(1, vec![(2, 8), (20, 80)]); 5], 0, (30, 150)),
        ];
        for (parts, c, range) in cases {
            let got: Vec<i128> = sumset(&parts, c, range)
                .expect("small")
                .into_iter()
                .flat_map(|(a, b)| a..=b)
                .collect();
            assert_eq!(
                got,
                brute(&parts, c, range),
                "{parts:?} + {c} within {range:?}"
            );
        }
    }
}
