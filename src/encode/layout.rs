//! The unrolled configuration space: every component instance and feature instance, with the
//! literals that say whether it is present and which value it has.

use super::cnf::Cnf;
use crate::model::{CompId, FeatId, FeatureKind, Model};
use crate::solve::Lit;
use std::collections::HashMap;

/// One instance of a component (`mobile.line[2]`); the root is instance 0.
#[derive(Debug, Clone)]
pub struct CompInst {
    pub comp: CompId,
    pub parent: Option<usize>,
    /// 1-based slot for instances of a multi-instance component.
    pub slot: Option<u32>,
    pub presence: Lit,
    pub path: String,
    pub children: Vec<usize>,
}

/// The literals of one feature instance.
#[derive(Debug, Clone)]
pub enum FeatLits {
    /// one_of / any_of: one literal per value.
    Values(Vec<Lit>),
    /// bool: `on`, and `off` = present and not on.
    Bool { on: Lit, off: Lit },
    /// int: one literal per number `min + i`.
    Int { min: i64, values: Vec<Lit> },
    /// A wide int (more numbers than [`super::EncodeOptions::one_hot_ints_up_to`]): its number is
    /// `min + Σ 2ⁱ·bitsᵢ` while `pres` holds (all bits false otherwise), so a range of 10⁹
    /// numbers costs 30 literals; `max` is kept by a clause over the bits.
    Bits {
        min: i64,
        max: i64,
        bits: Vec<Lit>,
        pres: Lit,
    },
}

#[derive(Debug, Clone)]
pub struct FeatInst {
    pub feat: FeatId,
    pub ci: usize,
    pub path: String,
    pub lits: FeatLits,
}

/// The instance count of a multi-instance component under one parent instance.
#[derive(Debug, Clone)]
pub struct MultiInst {
    pub comp: CompId,
    pub parent: usize,
    pub path: String,
    /// Component instances for slots 1..=max.
    pub slots: Vec<usize>,
    /// `count[k]` ↔ exactly k instances (k = 0..=max), while the parent is present.
    pub count: Vec<Lit>,
    pub min: u32,
}

#[derive(Debug, Clone, Default)]
pub struct Layout {
    pub comps: Vec<CompInst>,
    pub feats: Vec<FeatInst>,
    pub multis: Vec<MultiInst>,
    /// (feature, component instance) → feature instance.
    pub feat_at: HashMap<(FeatId, usize), usize>,
    /// Root features → their instance, by feature index: the lookup an imported formula's every
    /// literal makes, without hashing.
    pub root_feat: Vec<Option<usize>>,
    /// Ints with more numbers than this are wide (bits).
    one_hot_up_to: u64,
}

impl Layout {
    /// Creates every instance with its literals and the structural clauses (presence, one value, …).
    pub fn build(model: &Model, cnf: &mut Cnf, opts: &super::EncodeOptions) -> Layout {
        let mut l = Layout {
            one_hot_up_to: opts.one_hot_ints_up_to,
            root_feat: vec![None; model.features.len()],
            ..Layout::default()
        };
        l.comps.push(CompInst {
            comp: CompId(0),
            parent: None,
            slot: None,
            presence: cnf.truth(),
            path: String::new(),
            children: vec![],
        });
        l.instantiate(model, cnf, 0);
        l
    }

    fn instantiate(&mut self, model: &Model, cnf: &mut Cnf, ci: usize) {
        let comp = self.comps[ci].comp;
        let pres = self.comps[ci].presence;
        let base = self.comps[ci].path.clone();
        for &f in &model.comp(comp).features {
            let feat = model.feat(f);
            let path = join(&base, &feat.key);
            let lits = feature_lits(&feat.kind, pres, cnf, self.one_hot_up_to);
            self.feat_at.insert((f, ci), self.feats.len());
            if ci == 0 {
                self.root_feat[f.index()] = Some(self.feats.len());
            }
            self.feats.push(FeatInst {
                feat: f,
                ci,
                path,
                lits,
            });
        }
        for &child in &model.comp(comp).children {
            let c = model.comp(child);
            let path = join(&base, &c.key);
            match c.instances {
                None => {
                    let p = if c.optional {
                        let p = cnf.new_lit();
                        cnf.clause(&[!p, pres]);
                        p
                    } else {
                        pres
                    };
                    let id = self.add_comp(child, ci, None, p, path);
                    self.instantiate(model, cnf, id);
                }
                Some((min, max)) => {
                    let mut slots = Vec::new();
                    let mut prev = pres;
                    let mut presences = vec![pres];
                    for k in 1..=max {
                        let p = if k <= min {
                            pres
                        } else {
                            let p = cnf.new_lit();
                            cnf.clause(&[!p, prev]);
                            p
                        };
                        presences.push(p);
                        prev = p;
                        let id = self.add_comp(child, ci, Some(k), p, format!("{path}[{k}]"));
                        slots.push(id);
                    }
                    presences.push(cnf.falsity());
                    let count = (0..=max as usize)
                        .map(|k| cnf.and(&[presences[k], !presences[k + 1]]))
                        .collect();
                    self.multis.push(MultiInst {
                        comp: child,
                        parent: ci,
                        path,
                        slots: slots.clone(),
                        count,
                        min,
                    });
                    for id in slots {
                        self.instantiate(model, cnf, id);
                    }
                }
            }
        }
    }

    fn add_comp(
        &mut self,
        comp: CompId,
        parent: usize,
        slot: Option<u32>,
        presence: Lit,
        path: String,
    ) -> usize {
        let id = self.comps.len();
        self.comps.push(CompInst {
            comp,
            parent: Some(parent),
            slot,
            presence,
            path,
            children: vec![],
        });
        self.comps[parent].children.push(id);
        id
    }

    /// The component instances of `comp` reachable from the root, with instance choices fixed by
    /// `fixed` (explicit indices and bound quantifiers); unfixed multi-instance levels range over all slots.
    pub fn instances_of(&self, model: &Model, comp: CompId, fixed: &[(CompId, u32)]) -> Vec<usize> {
        let mut cur = vec![0usize];
        for c in model.ancestry(comp) {
            let want = fixed.iter().find(|(x, _)| *x == c).map(|(_, k)| *k);
            cur = cur
                .iter()
                .flat_map(|&ci| self.comps[ci].children.iter().copied())
                .filter(|&k| {
                    self.comps[k].comp == c && (want.is_none() || self.comps[k].slot == want)
                })
                .collect();
        }
        cur
    }
}

fn join(base: &str, key: &str) -> String {
    if base.is_empty() {
        key.to_string()
    } else {
        format!("{base}.{key}")
    }
}

/// Literals of one feature instance and its structural clauses.
fn feature_lits(kind: &FeatureKind, pres: Lit, cnf: &mut Cnf, one_hot_up_to: u64) -> FeatLits {
    match kind {
        FeatureKind::OneOf(values) => FeatLits::Values(exactly_one_when(values.len(), pres, cnf)),
        FeatureKind::Int { min, max, .. } if span(*min, *max) >= one_hot_up_to => {
            wide_bits(*min, *max, pres, cnf)
        }
        FeatureKind::Int { min, max, .. } => {
            let n = (max - min + 1) as usize;
            FeatLits::Int {
                min: *min,
                values: exactly_one_when(n, pres, cnf),
            }
        }
        FeatureKind::AnyOf { values, min, max } => {
            let lits: Vec<Lit> = (0..values.len()).map(|_| cnf.new_lit()).collect();
            for &x in &lits {
                cnf.clause(&[!x, pres]);
            }
            let terms: Vec<(i128, Lit)> = lits.iter().map(|&l| (1, l)).collect();
            if *min > 0 {
                let ge = super::linear::at_least(cnf, &terms, *min as i128, &Default::default())
                    .unwrap_or(cnf.falsity());
                cnf.clause(&[!pres, ge]);
            }
            if (*max as usize) < lits.len() {
                let le = super::linear::at_most(cnf, &terms, *max as i128, &Default::default())
                    .unwrap_or(cnf.falsity());
                cnf.clause(&[le]);
            }
            FeatLits::Values(lits)
        }
        FeatureKind::Bool { .. } => {
            let on = cnf.new_lit();
            cnf.clause(&[!on, pres]);
            let off = cnf.and(&[pres, !on]);
            FeatLits::Bool { on, off }
        }
    }
}

/// `max − min` (the number of numbers less one), which fits 64 bits for any i64 range.
pub fn span(min: i64, max: i64) -> u64 {
    (i128::from(max) - i128::from(min)) as u64
}

/// The literals of a wide int present when `pres` holds, with its range clause: `min + Σ 2ⁱ·bᵢ`
/// (see `wide_int.rs`, which reads them).
pub(super) fn wide_bits(min: i64, max: i64, pres: Lit, cnf: &mut Cnf) -> FeatLits {
    let span = span(min, max);
    let n = (64 - span.leading_zeros()) as usize;
    // Most significant bit first in variable order: decision diagrams over the bits (which
    // take variables in order) then stay linear in the number of bits.
    let mut bits: Vec<Lit> = (0..n).map(|_| cnf.new_lit()).collect();
    bits.reverse();
    for &b in &bits {
        cnf.clause(&[!b, pres]);
    }
    // All numbers the bits can spell are in range (no range clause needed). A 64-bit span
    // short of 2⁶⁴ − 1 still needs it: an int open below up to 100 is such a range.
    let full = span == u64::MAX || (n < 64 && span == (1u64 << n) - 1);
    if !full {
        let terms: Vec<(i128, Lit)> = bits
            .iter()
            .enumerate()
            .map(|(i, &b)| (1i128 << i, b))
            .collect();
        let le = super::linear::at_most(cnf, &terms, i128::from(span), &Default::default())
            .expect("at_most falls back to the adder network; it never fails");
        cnf.clause(&[le]);
    }
    FeatLits::Bits {
        min,
        max,
        bits,
        pres,
    }
}

/// `n` literals: exactly one true when `pres`, none otherwise.
fn exactly_one_when(n: usize, pres: Lit, cnf: &mut Cnf) -> Vec<Lit> {
    let lits: Vec<Lit> = (0..n).map(|_| cnf.new_lit()).collect();
    for &x in &lits {
        cnf.clause(&[!x, pres]);
    }
    let mut alo = lits.clone();
    alo.push(!pres);
    cnf.clause(&alo);
    cnf.at_most_one(&lits);
    lits
}

impl Layout {
    /// Value literals that exclude each other (one_of and int features), grouped per feature instance.
    pub fn exclusive_groups(&self, model: &Model) -> super::linear::Groups {
        let mut g = super::linear::Groups::new();
        for (i, fi) in self.feats.iter().enumerate() {
            let ls = match (&fi.lits, &model.feat(fi.feat).kind) {
                (FeatLits::Values(ls), FeatureKind::OneOf(_))
                | (FeatLits::Int { values: ls, .. }, _) => ls,
                _ => continue,
            };
            for l in ls {
                g.insert(l.var(), i as u32);
            }
        }
        g
    }
}

impl FeatLits {
    /// Literal of "has the value with code `v`" (value index, bool 0/1, or int offset).
    pub fn code(&self, v: u32) -> Lit {
        match self {
            FeatLits::Values(ls) | FeatLits::Int { values: ls, .. } => ls[v as usize],
            FeatLits::Bits { .. } => unreachable!("a wide int has no literal per number"),
            FeatLits::Bool { on, off } => {
                if v == 1 {
                    *on
                } else {
                    *off
                }
            }
        }
    }
}
