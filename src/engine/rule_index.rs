//! Which rules lie near some literals: the clauses of the compiled encoding indexed by variable,
//! each clause knowing the rule it belongs to (by the selector it carries). A minimal reason
//! asks the rules nearest its choices first, so that on a catalog of 10⁵ rules (an imported
//! DIMACS model) the solver need not assume every selector to find the few rules involved.

use super::witness::WitnessPool;
use crate::encode::Encoding;
use crate::solve::{Lit, Var};
use std::collections::{HashMap, VecDeque};

/// Clauses by variable (compressed rows) and the rule of each clause.
pub struct RuleIndex {
    /// `clauses[starts[v]..starts[v + 1]]`: the clauses that mention variable `v`.
    starts: Vec<u32>,
    clauses: Vec<u32>,
    /// The rule whose selector the clause carries (`u32::MAX`: a clause of no rule, such as a
    /// gate's definition or a feature's structure).
    rule_of: Vec<u32>,
    /// The clauses indexed (clauses encoded later only define new variables).
    upto: usize,
    /// Per variable a sum reads (`Cnf::sum`): those sums. Sums link their variables as clauses
    /// do, but a witness check cannot repair them.
    sum_vars: HashMap<Var, Vec<usize>>,
}

const NO_RULE: u32 = u32::MAX;

const HUB: usize = 256;
/// Clauses a witness check may repair by one more change (see
/// [`RuleIndex::flipped_witness_holds`]).
const MAX_REPAIRS: usize = 8;

impl RuleIndex {
    pub fn new(enc: &Encoding, upto: usize) -> RuleIndex {
        let rule_by_selector: HashMap<Var, u32> = enc
            .selectors
            .iter()
            .enumerate()
            .map(|(r, l)| (l.var(), r as u32))
            .collect();
        let n = enc.cnf.num_vars as usize;
        let mut count = vec![0u32; n + 1];
        let mut rule_of = Vec::with_capacity(upto);
        for i in 0..upto {
            let clause = enc.cnf.clause_at(i);
            let mut rule = NO_RULE;
            for l in clause {
                count[l.var().0 as usize + 1] += 1;
                if l.is_negated() {
                    if let Some(&r) = rule_by_selector.get(&l.var()) {
                        rule = r;
                    }
                }
            }
            rule_of.push(rule);
        }
        for v in 0..n {
            count[v + 1] += count[v];
        }
        let starts = count.clone();
        let mut fill = count;
        let mut clauses = vec![0u32; starts[n] as usize];
        for i in 0..upto {
            for l in enc.cnf.clause_at(i) {
                let v = l.var().0 as usize;
                clauses[fill[v] as usize] = i as u32;
                fill[v] += 1;
            }
        }
        let mut sum_vars: HashMap<Var, Vec<usize>> = HashMap::new();
        for (i, def) in enc.cnf.sums.iter().enumerate() {
            for v in def.reads() {
                sum_vars.entry(v).or_default().push(i);
            }
        }
        RuleIndex {
            starts,
            clauses,
            rule_of,
            upto,
            sum_vars,
        }
    }

    /// The clauses indexed: an encoding with more compiled clauses needs a new index.
    pub fn upto(&self) -> usize {
        self.upto
    }

    /// Up to `limit` rules in order of distance from the variables of `from` (through shared
    /// variables of any clause), visiting at most `max_clauses` clauses.
    pub fn near(
        &self,
        enc: &Encoding,
        from: &[Lit],
        limit: usize,
        max_clauses: usize,
    ) -> Vec<usize> {
        let mut rules = Vec::new();
        let mut seen_var = HashMap::new();
        let mut seen_clause = vec![false; self.rule_of.len()];
        let mut taken = HashMap::new();
        let mut queue: VecDeque<Var> = VecDeque::new();
        for l in from {
            if seen_var.insert(l.var(), ()).is_none() {
                queue.push_back(l.var());
            }
        }
        let mut visited = 0;
        while let Some(v) = queue.pop_front() {
            for &i in self.sum_vars.get(&v).into_iter().flatten() {
                for x in enc.cnf.sums[i].reads() {
                    if seen_var.insert(x, ()).is_none() {
                        queue.push_back(x);
                    }
                }
            }
            let Some(range) = self.rows(v) else { continue };
            for &c in &self.clauses[range] {
                let c = c as usize;
                if seen_clause[c] {
                    continue;
                }
                seen_clause[c] = true;
                visited += 1;
                let r = self.rule_of[c];
                if r != NO_RULE && taken.insert(r, ()).is_none() {
                    rules.push(r as usize);
                    if rules.len() >= limit {
                        return rules;
                    }
                }
                for l in enc.cnf.clause_at(c) {
                    // A variable in very many clauses (the constant, a shared presence) is a
                    // hub, not a neighbourhood: going through it reaches unrelated rules.
                    let hub = self.rows(l.var()).is_some_and(|r| r.len() > HUB);
                    if !hub && seen_var.insert(l.var(), ()).is_none() {
                        queue.push_back(l.var());
                    }
                }
                if visited >= max_clauses {
                    return rules;
                }
            }
        }
        rules
    }

    /// Whether witness `w`, with the literals `lits` made true, satisfies every clause that
    /// is not of a rule outside `rules` (sorted): then those rules and literals can hold
    /// together, proven without a solver call. Only the clauses of the changed variables need
    /// a look (the witness satisfied the rest). A clause the flips break is repaired by making
    /// one of its other literals true, when that breaks no clause in turn (at most
    /// [`MAX_REPAIRS`] times): the rule that blocked `lits` is usually among `rules`, and its
    /// other variable free to move. False, not proven, when a clause reads a variable the
    /// witness does not track (a gate output).
    pub fn flipped_witness_holds(
        &self,
        enc: &Encoding,
        pool: &WitnessPool,
        w: usize,
        lits: &[Lit],
        rules: &[usize],
    ) -> bool {
        if lits.iter().any(|l| lits.contains(&!*l)) {
            return false;
        }
        // Values that differ from the witness: the literals (fixed), then repairs.
        let mut set: Vec<(Var, bool)> = Vec::with_capacity(lits.len() + MAX_REPAIRS);
        let mut flipped: Vec<Var> = Vec::new();
        for l in lits {
            match pool.value(w, l.var()) {
                Some(v) if v == !l.is_negated() => {}
                Some(_) if self.sum_vars.contains_key(&l.var()) => return false,
                Some(_) => flipped.push(l.var()),
                None => return false,
            }
            set.push((l.var(), !l.is_negated()));
        }
        let fixed = set.len();
        let mut repairs = 0;
        for v in flipped {
            let Some(range) = self.rows(v) else {
                return false;
            };
            for &c in &self.clauses[range] {
                match self.clause_holds(enc, pool, w, &set, rules, c as usize) {
                    Some(true) => continue,
                    None => return false,
                    Some(false) => {}
                }
                if repairs == MAX_REPAIRS {
                    return false;
                }
                repairs += 1;
                let Some(x) = self.repair(enc, pool, w, &mut set, fixed, rules, c as usize) else {
                    return false;
                };
                set.push((x.var(), !x.is_negated()));
            }
        }
        true
    }

    /// A literal of clause `c`, false now and of a variable free to change, whose change
    /// leaves every clause of its variable satisfied.
    #[allow(clippy::too_many_arguments)]
    fn repair(
        &self,
        enc: &Encoding,
        pool: &WitnessPool,
        w: usize,
        set: &mut Vec<(Var, bool)>,
        fixed: usize,
        rules: &[usize],
        c: usize,
    ) -> Option<Lit> {
        let selector = self.selector(enc, c);
        for &x in enc.cnf.clause_at(c) {
            if Some(!x) == selector || set[..fixed].iter().any(|(v, _)| *v == x.var()) {
                continue;
            }
            if pool.value(w, x.var()).is_none() || self.sum_vars.contains_key(&x.var()) {
                continue;
            }
            set.push((x.var(), !x.is_negated()));
            let ok = self.rows(x.var()).is_some_and(|range| {
                self.clauses[range]
                    .iter()
                    .all(|&d| self.clause_holds(enc, pool, w, set, rules, d as usize) == Some(true))
            });
            set.pop();
            if ok {
                return Some(x);
            }
        }
        None
    }

    /// Clause `c` under the witness with `set` applied (later entries win): true when it is
    /// satisfied or belongs to a rule outside `rules`; None when it reads an untracked variable.
    fn clause_holds(
        &self,
        enc: &Encoding,
        pool: &WitnessPool,
        w: usize,
        set: &[(Var, bool)],
        rules: &[usize],
        c: usize,
    ) -> Option<bool> {
        let rule = self.rule_of[c];
        if rule != NO_RULE && rules.binary_search(&(rule as usize)).is_err() {
            return Some(true); // switched off: its selector is false
        }
        let selector = self.selector(enc, c);
        for &x in enc.cnf.clause_at(c) {
            if Some(!x) == selector {
                continue; // the rule is on: `¬selector` is false
            }
            let value = match set.iter().rev().find(|(v, _)| *v == x.var()) {
                Some(&(_, b)) => b,
                None => pool.value(w, x.var())?,
            };
            if value != x.is_negated() {
                return Some(true);
            }
        }
        Some(false)
    }

    /// The selector clause `c` carries, if it is a rule's.
    fn selector(&self, enc: &Encoding, c: usize) -> Option<Lit> {
        let rule = self.rule_of[c];
        (rule != NO_RULE).then(|| enc.selectors[rule as usize])
    }

    fn rows(&self, v: Var) -> Option<std::ops::Range<usize>> {
        let v = v.0 as usize;
        let end = *self.starts.get(v + 1)? as usize;
        Some(self.starts[v] as usize..end)
    }
}
