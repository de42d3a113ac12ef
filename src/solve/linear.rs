//! One linear constraint of the search, `act → Σ w·l ≤ bound`, over parts whose literals exclude
//! each other (the values of one feature: at most one holds, and none of them weighs 0).
//!
//! Propagation by bounds. The lower bound of the sum is, per part, the weight of its true
//! literal, or else the least of 0 and the weights of its literals not yet false; the theory
//! (`sums.rs`) keeps each part's bound up to date as literals are set and unset, so a check does
//! not add up every part. Then:
//! - the lower bound past the bound: a conflict when `act` is true, `¬act` while it is open;
//! - while `act` is true, a literal whose weight would carry its part past what the other parts
//!   leave (the slack) is false, and a lone literal that must lift its part below 0 is true.
//!   Parts are visited by how much they can still gain, largest first, and the visit stops at
//!   the first that cannot exceed the slack.
//!
//! Explanation contract (what makes learnt clauses sound to keep):
//! - a conflict is `¬act` and the negations of the literals that raise the lower bound (only
//!   of the parts raising it most, as many as it takes to pass the bound);
//! - `¬act` is explained by those same literals;
//! - a literal is explained by `act` and the literals raising the lower bound (its own part's
//!   among them are true too, and were set before it).
//!
//! Every explanation reads only literals assigned before the one it explains, so a constraint
//! added for one call (an objective's bound) leaves lemmas that mention `¬act`: once `act` is
//! switched off for good they are all satisfied.

use batsat::{lbool, Lit, TheoryArg};
use std::collections::HashMap;
use std::sync::Arc;

pub struct Leq {
    pub act: Lit,
    pub parts: Vec<Vec<(i128, Lit)>>,
    pub bound: i128,
    /// Per part: its least possible value (0 or its most negative weight).
    floor: Vec<i128>,
    /// Parts by how much they can gain over their floor, largest first, with that gain.
    by_gain: Vec<(i128, u32)>,
    /// Per part: its lower bound under the current assignment; and their sum.
    part_lb: Vec<i128>,
    lb: i128,
}

impl Leq {
    pub fn new(act: Lit, parts: Vec<Vec<(i128, Lit)>>, bound: i128) -> Leq {
        let floor: Vec<i128> = parts
            .iter()
            .map(|p| p.iter().map(|&(w, _)| w).min().unwrap_or(0).min(0))
            .collect();
        let mut by_gain: Vec<(i128, u32)> = parts
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let top = p.iter().map(|&(w, _)| w).max().unwrap_or(0).max(0);
                (top - floor[i], i as u32)
            })
            .collect();
        by_gain.sort_by(|a, b| b.0.cmp(&a.0));
        let lb = floor.iter().sum();
        Leq {
            act,
            part_lb: floor.clone(),
            floor,
            by_gain,
            parts,
            bound,
            lb,
        }
    }

    /// Every variable the constraint reads, with its part (`None`: `act`).
    pub fn vars(&self) -> impl Iterator<Item = (batsat::Var, Option<u32>)> + '_ {
        std::iter::once((self.act.var(), None)).chain(
            self.parts
                .iter()
                .enumerate()
                .flat_map(|(i, p)| p.iter().map(move |(_, l)| (l.var(), Some(i as u32)))),
        )
    }

    /// Back to no literal set (before a solver call reads the trail afresh).
    pub fn reset(&mut self) {
        self.part_lb.clone_from(&self.floor);
        self.lb = self.floor.iter().sum();
    }

    /// Recomputes part `p`'s lower bound; returns the old one when it changed.
    pub fn update(&mut self, p: u32, acts: &TheoryArg) -> Option<i128> {
        let p = p as usize;
        let part = &self.parts[p];
        let now = match part.iter().find(|&&(_, l)| value(acts, l) == lbool::TRUE) {
            Some(&(w, _)) => w,
            None => part
                .iter()
                .filter(|&&(_, l)| value(acts, l) != lbool::FALSE)
                .map(|&(w, _)| w)
                .fold(0, i128::min),
        };
        let old = self.part_lb[p];
        if now == old {
            return None;
        }
        self.set(p as u32, now);
        Some(old)
    }

    /// Sets part `p`'s lower bound (undoing an update on backtrack).
    pub fn set(&mut self, p: u32, lb: i128) {
        let p = p as usize;
        self.lb += lb - self.part_lb[p];
        self.part_lb[p] = lb;
    }

    /// Checks the constraint under the current assignment: raises a conflict or propagates.
    /// False when the solver is now in conflict (the caller stops checking).
    pub fn check(&self, acts: &mut TheoryArg, reasons: &mut HashMap<Lit, Arc<Vec<Lit>>>) -> bool {
        let act = value(acts, self.act);
        if act == lbool::FALSE {
            return true;
        }
        if self.lb > self.bound {
            // The floors add up to at most the bound, so the raises must pass what is left.
            let floors: i128 = self.floor.iter().sum();
            let raising = self.raising(acts, Some(self.bound - floors));
            if act == lbool::TRUE {
                let mut conflict = vec![!self.act];
                conflict.extend(raising.iter().map(|&l| !l));
                acts.raise_conflict(&conflict, false);
                return false;
            }
            reasons.insert(!self.act, Arc::new(raising));
            return acts.propagate(!self.act);
        }
        if act != lbool::TRUE {
            return true;
        }
        let slack = self.bound - self.lb;
        let mut why: Option<Arc<Vec<Lit>>> = None;
        for &(gain, p) in &self.by_gain {
            if gain <= slack {
                break;
            }
            let (p, part) = (p as usize, &self.parts[p as usize]);
            let others = self.lb - self.part_lb[p];
            for &(w, l) in part {
                if value(acts, l) != lbool::UNDEF {
                    continue;
                }
                // `l` true would give the part its weight; a lone literal false gives it 0.
                let forced = if others + w > self.bound {
                    Some(!l)
                } else if part.len() == 1 && others > self.bound {
                    Some(l)
                } else {
                    None
                };
                if let Some(q) = forced {
                    let why = why.get_or_insert_with(|| {
                        let mut r = vec![self.act];
                        r.extend(self.raising(acts, None));
                        Arc::new(r)
                    });
                    reasons.insert(q, why.clone());
                    if !acts.propagate(q) {
                        return false;
                    }
                }
            }
        }
        true
    }

    /// The literals raising the lower bound above the parts' floors: per part its true literal,
    /// or the false literals that would have kept it lower. With `past`, only the parts that
    /// raise it most, until their raises add up to more than `past` (a shorter lemma).
    fn raising(&self, acts: &TheoryArg, past: Option<i128>) -> Vec<Lit> {
        let mut raised: Vec<(i128, usize)> = (0..self.parts.len())
            .map(|p| (self.part_lb[p] - self.floor[p], p))
            .filter(|&(r, _)| r > 0)
            .collect();
        if past.is_some() {
            raised.sort_by(|a, b| b.0.cmp(&a.0));
        }
        let mut out = Vec::new();
        let mut sum = 0;
        for (r, p) in raised {
            if past.is_some_and(|n| sum > n) {
                break;
            }
            sum += r;
            let (lb, part) = (self.part_lb[p], &self.parts[p]);
            match part.iter().find(|&&(_, l)| value(acts, l) == lbool::TRUE) {
                Some(&(_, l)) => out.push(l),
                None => out.extend(
                    part.iter()
                        .filter(|&&(w, l)| w < lb && value(acts, l) == lbool::FALSE)
                        .map(|&(_, l)| !l),
                ),
            }
        }
        out
    }
}

/// The value of a literal under the solver's current assignment.
fn value(acts: &TheoryArg, l: Lit) -> lbool {
    acts.value(l.var()) ^ !l.sign()
}
