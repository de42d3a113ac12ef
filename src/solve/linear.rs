//! One linear constraint of the search, `act → Σ w·l ≤ bound`, over parts whose literals exclude
//! each other (the values of one feature: at most one holds, and none of them weighs 0).
//!
//! Propagation by bounds. The lower bound of the sum is, per part, the weight of its true
//! literal, or else the least of 0 and the weights of its literals not yet false. Then:
//! - the lower bound past the bound: a conflict when `act` is true, `¬act` while it is open;
//! - while `act` is true, a literal whose weight would carry its part past what the other parts
//!   leave is false, and a lone literal that must lift its part below 0 is true.
//!
//! Explanation contract (what makes learnt clauses sound to keep):
//! - a conflict is `¬act` and the negations of the literals that raise the lower bound;
//! - `¬act` is explained by the literals raising the lower bound;
//! - a literal is explained by `act` and the literals raising the *other* parts' bounds.
//!
//! Every explanation reads only literals assigned before the one it explains, so a constraint
//! added for one call (an objective's bound) leaves lemmas that mention `¬act`: once `act` is
//! switched off for good they are all satisfied.

use batsat::{lbool, Lit, TheoryArg};
use std::collections::HashMap;

pub struct Leq {
    pub act: Lit,
    pub parts: Vec<Vec<(i128, Lit)>>,
    pub bound: i128,
}

/// Buffers one check fills, shared by every constraint of a theory.
#[derive(Default)]
pub struct Scratch {
    /// True literals (and negations of false ones) raising the lower bound, part after part.
    raising: Vec<Lit>,
    /// Where each part's run of `raising` ends.
    ends: Vec<usize>,
    /// Each part's lower bound.
    part_lb: Vec<i128>,
}

impl Leq {
    /// Every variable the constraint reads (`act` first).
    pub fn vars(&self) -> impl Iterator<Item = batsat::Var> + '_ {
        std::iter::once(self.act.var()).chain(self.parts.iter().flatten().map(|(_, l)| l.var()))
    }

    /// Checks the constraint under the current assignment: raises a conflict or propagates.
    /// False when the solver is now in conflict (the caller stops checking).
    pub fn check(
        &self,
        acts: &mut TheoryArg,
        sc: &mut Scratch,
        reasons: &mut HashMap<Lit, Vec<Lit>>,
    ) -> bool {
        let act = value(acts, self.act);
        if act == lbool::FALSE {
            return true;
        }
        let lb = self.lower_bound(acts, sc);
        if lb > self.bound {
            if act == lbool::TRUE {
                let mut conflict = vec![!self.act];
                conflict.extend(sc.raising.iter().map(|&l| !l));
                acts.raise_conflict(&conflict, false);
                return false;
            }
            reasons.insert(!self.act, sc.raising.clone());
            return acts.propagate(!self.act);
        }
        if act != lbool::TRUE {
            return true;
        }
        for (p, part) in self.parts.iter().enumerate() {
            let others = lb - sc.part_lb[p];
            if part.iter().any(|&(_, l)| value(acts, l) == lbool::TRUE) {
                continue;
            }
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
                    let start = if p == 0 { 0 } else { sc.ends[p - 1] };
                    let mut why = vec![self.act];
                    why.extend_from_slice(&sc.raising[..start]);
                    why.extend_from_slice(&sc.raising[sc.ends[p]..]);
                    reasons.insert(q, why);
                    if !acts.propagate(q) {
                        return false;
                    }
                }
            }
        }
        true
    }

    /// The lower bound of the sum under the current assignment; fills the scratch.
    fn lower_bound(&self, acts: &TheoryArg, sc: &mut Scratch) -> i128 {
        sc.raising.clear();
        sc.ends.clear();
        sc.part_lb.clear();
        let mut total = 0i128;
        for part in &self.parts {
            let free = part.iter().map(|&(w, _)| w).min().unwrap_or(0).min(0);
            let lb = match part.iter().find(|&&(_, l)| value(acts, l) == lbool::TRUE) {
                Some(&(w, l)) => {
                    if w > free {
                        sc.raising.push(l);
                    }
                    w
                }
                None => {
                    let lb = part
                        .iter()
                        .filter(|&&(_, l)| value(acts, l) != lbool::FALSE)
                        .map(|&(w, _)| w)
                        .fold(0, i128::min);
                    // The false literals that would have kept the part lower.
                    sc.raising.extend(
                        part.iter()
                            .filter(|&&(w, l)| w < lb && value(acts, l) == lbool::FALSE)
                            .map(|&(_, l)| !l),
                    );
                    lb
                }
            };
            sc.ends.push(sc.raising.len());
            sc.part_lb.push(lb);
            total += lb;
        }
        total
    }
}

/// The value of a literal under the solver's current assignment.
fn value(acts: &TheoryArg, l: Lit) -> lbool {
    acts.value(l.var()) ^ !l.sign()
}
