//! How many of one version's configurations another version still accepts (`tailor diff`), when
//! the two differ in what they offer. An old configuration stays valid when the new version
//! accepts it on everything both have, with some choice for what only the new one has: a removed
//! feature's or component's choice is dropped, a removed value (or an instance beyond the new
//! maximum, a number outside the new range) is refused.
//!
//! Both encodings go side by side into one formula, linked where the versions correspond (the
//! same presence, value and number), and the old version's variables are counted with the new
//! one's existentially quantified (projected counting, `count::count_projected`). The old
//! encoding's auxiliary variables are defined by its configuration, so each old configuration
//! is counted once.

use super::answer::Count;
use super::session::Session;
use crate::budget::Budget;
use crate::count::{count_projected, Cnf, CountResult};
use crate::encode::{wide_equals, FeatLits, Layout};
use crate::model::correspond::Correspondence;
use crate::solve::Lit;

/// The count, or why it could not be linked.
pub fn count_kept(
    old: &Session,
    new: &Session,
    map: &Correspondence,
    budget: &Budget,
) -> Result<Count, String> {
    // Each version's clauses once: writing its sums as clauses builds diagrams.
    let (old_clauses, shift) = old.compiled_clause_form();
    let (new_clauses, new_vars) = new.compiled_clause_form();
    let mut f = Formula {
        clauses: Vec::new(),
        shift,
    };
    f.side(old, old_clauses, 0);
    f.side(new, new_clauses, shift);
    link(&mut f, &old.enc.layout, &new.enc.layout, map, &old.model)?;
    let cnf = Cnf {
        num_vars: shift + new_vars,
        clauses: f.clauses,
    };
    let project: Vec<u32> = (1..=shift).collect();
    // Among the new version's variables, its choices before its gates.
    let prefer: Vec<u32> = new
        .enc
        .cnf
        .decision_vars()
        .into_iter()
        .filter(|&v| v <= new.compiled_vars())
        .map(|v| v + shift)
        .collect();
    Ok(match count_projected(&cnf, &project, &prefer, budget) {
        CountResult::Exact(n) => Count {
            count: Some(n.to_string()),
            exact: true,
        },
        CountResult::Unknown => Count {
            count: None,
            exact: false,
        },
    })
}

struct Formula {
    clauses: Vec<Vec<i32>>,
    /// Where the new version's variables start.
    shift: u32,
}

impl Formula {
    /// A version's compiled clauses (`clauses`) with every rule on, its variables moved up by `by`.
    fn side(&mut self, s: &Session, clauses: Vec<Vec<i32>>, by: u32) {
        let up = |l: i32| if l > 0 { l + by as i32 } else { l - by as i32 };
        for c in clauses {
            self.clauses.push(c.into_iter().map(up).collect());
        }
        for l in &s.enc.selectors {
            self.clauses.push(vec![up(l.to_dimacs())]);
        }
    }

    fn old(&self, l: Lit) -> i32 {
        l.to_dimacs()
    }

    fn new(&self, l: Lit) -> i32 {
        let d = l.to_dimacs();
        if d > 0 {
            d + self.shift as i32
        } else {
            d - self.shift as i32
        }
    }

    fn clause(&mut self, c: Vec<i32>) {
        self.clauses.push(c);
    }

    fn iff(&mut self, a: i32, b: i32) {
        self.clause(vec![-a, b]);
        self.clause(vec![a, -b]);
    }
}

fn link(
    f: &mut Formula,
    old: &Layout,
    new: &Layout,
    map: &Correspondence,
    old_model: &crate::model::Model,
) -> Result<(), String> {
    // Component instances, parents first: the same component under the same parent instance in
    // the same slot.
    let mut inst: Vec<Option<usize>> = vec![None; old.comps.len()];
    for (i, c) in old.comps.iter().enumerate() {
        let Some(p) = c.parent else {
            inst[i] = Some(0);
            continue;
        };
        let (Some(np), Some(nc)) = (inst[p], map.comp[c.comp.index()]) else {
            continue;
        };
        let there = new.comps[np]
            .children
            .iter()
            .copied()
            .find(|&k| new.comps[k].comp == nc && new.comps[k].slot == c.slot);
        match there {
            Some(k) => {
                inst[i] = Some(k);
                f.iff(f.old(c.presence), f.new(new.comps[k].presence));
            }
            // The new version has fewer instances: this one must not be there.
            None => {
                // (A component that moved elsewhere is left to each side, as a removed one.)
                let siblings = new.comps[np]
                    .children
                    .iter()
                    .any(|&k| new.comps[k].comp == nc);
                if c.slot.is_some() && siblings {
                    f.clause(vec![-f.old(c.presence)]);
                }
            }
        }
    }
    for fi in &old.feats {
        let (Some(nf), Some(nci)) = (map.feat[fi.feat.index()], inst[fi.ci]) else {
            continue;
        };
        let Some(&nfi) = new.feat_at.get(&(nf, nci)) else {
            continue;
        };
        let values = &map.value[fi.feat.index()];
        link_feature(f, &fi.lits, &new.feats[nfi].lits, values)
            .map_err(|why| format!("{} {why}", old_model.feat(fi.feat).path))?;
    }
    Ok(())
}

fn link_feature(
    f: &mut Formula,
    a: &FeatLits,
    b: &FeatLits,
    values: &[Option<u32>],
) -> Result<(), String> {
    match (a, b) {
        (FeatLits::Values(xs), FeatLits::Values(ys)) => {
            for (v, &x) in xs.iter().enumerate() {
                match values.get(v).copied().flatten() {
                    Some(w) => f.iff(f.old(x), f.new(ys[w as usize])),
                    None => f.clause(vec![-f.old(x)]),
                }
            }
        }
        (FeatLits::Bool { on: a, off: a_off }, FeatLits::Bool { on: b, off: b_off }) => {
            f.iff(f.old(*a), f.new(*b));
            f.iff(f.old(*a_off), f.new(*b_off));
        }
        (FeatLits::Int { min: m, values: xs }, FeatLits::Int { min: n, values: ys }) => {
            for (i, &x) in xs.iter().enumerate() {
                match number_index(m + i as i64, *n, ys.len()) {
                    Some(j) => f.iff(f.old(x), f.new(ys[j])),
                    None => f.clause(vec![-f.old(x)]),
                }
            }
            // A number only the new range has is not one an old configuration can have.
            for (j, &y) in ys.iter().enumerate() {
                if number_index(n + j as i64, *m, xs.len()).is_none() {
                    f.clause(vec![-f.new(y)]);
                }
            }
        }
        (
            FeatLits::Int { min: m, values: xs },
            FeatLits::Bits {
                min,
                max,
                bits,
                pres,
            },
        ) => {
            let xs: Vec<i32> = xs.iter().map(|&x| f.old(x)).collect();
            one_hot_is_wide(f, (*m, &xs), (*min, *max, bits, *pres), Formula::new);
        }
        (
            FeatLits::Bits {
                min,
                max,
                bits,
                pres,
            },
            FeatLits::Int { min: n, values: ys },
        ) => {
            let ys: Vec<i32> = ys.iter().map(|&y| f.new(y)).collect();
            one_hot_is_wide(f, (*n, &ys), (*min, *max, bits, *pres), Formula::old);
        }
        (
            FeatLits::Bits {
                min: m,
                bits: xs,
                pres: px,
                ..
            },
            FeatLits::Bits {
                min: n,
                bits: ys,
                pres: py,
                ..
            },
        ) if m == n => {
            // The same offset: the same bits, and a bit only one side has is 0.
            f.iff(f.old(*px), f.new(*py));
            for i in 0..xs.len().max(ys.len()) {
                match (xs.get(i), ys.get(i)) {
                    (Some(&x), Some(&y)) => f.iff(f.old(x), f.new(y)),
                    (Some(&x), None) => f.clause(vec![-f.old(x)]),
                    (None, Some(&y)) => f.clause(vec![-f.new(y)]),
                    (None, None) => {}
                }
            }
        }
        (FeatLits::Bits { .. }, FeatLits::Bits { .. }) => {
            return Err(
                "changed the least number of its wide range: numbers are compared only \
                        between ranges that start at the same number"
                    .to_string(),
            )
        }
        _ => return Err("changed its kind".to_string()),
    }
    Ok(())
}

/// A one-hot int (numbers from `m`, one literal each, of the joint formula) and a wide one of
/// the other version (`min..=max`, bits and presence as encoded, `side` placing them in the
/// joint formula) hold the same number.
fn one_hot_is_wide(
    f: &mut Formula,
    (m, xs): (i64, &[i32]),
    (min, max, bits, pres): (i64, i64, &[Lit], Lit),
    side: fn(&Formula, Lit) -> i32,
) {
    for (i, &x) in xs.iter().enumerate() {
        let k = m + i as i64;
        if !(min..=max).contains(&k) {
            f.clause(vec![-x]);
            continue;
        }
        for l in wide_equals(min, bits, pres, k) {
            f.clause(vec![-x, side(f, l)]);
        }
    }
    // Present in the wide version only with one of the one-hot version's numbers.
    let mut c = vec![-side(f, pres)];
    c.extend_from_slice(xs);
    f.clause(c);
}

/// Where number `k` sits among `len` numbers from `min`.
fn number_index(k: i64, min: i64, len: usize) -> Option<usize> {
    let i = i128::from(k) - i128::from(min);
    (0..len as i128).contains(&i).then_some(i as usize)
}
